//! The run file (`migration-run/v1`): what one run of a migration workflow produced.

pub mod expectations;
