//! algoreg-standard
