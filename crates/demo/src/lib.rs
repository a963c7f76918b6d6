//! algoreg-demo
