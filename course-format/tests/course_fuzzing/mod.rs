//! Generators, mutations and invariants for the property tests in `tests/properties.rs`, kept
//! apart so that each file stays readable.

pub mod generated;
pub mod invariants;
pub mod mutations;
