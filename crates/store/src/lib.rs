//! algoreg-store
