//! Formats in and out of the register. For now: the full-register JSON dump that `algoreg export` and
//! `algoreg import` use (every organisation, every description, every version), written as a stream.
//!
//! This crate only shapes data; validating documents against the standard and writing to the store
//! are the register's services.

pub mod dump;
pub mod record;

pub use record::PublicRecord;
