//! algoreg-exchange
