//! algoreg-web
