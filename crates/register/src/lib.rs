//! algoreg-register
