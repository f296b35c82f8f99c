//! The run file (`migration-run/v1`): what one run of a migration workflow produced.

pub mod gates;
pub mod json_path;
mod read;
mod sql_sources;

pub use read::{READS, read};
pub use secondlook_review::run::*;
pub use sql_sources::{SqlOrigin, SqlSource, baseline_sources, resolve_href, sql_sources};
