//! The run file (`migration-run/v1`): what one run of a migration workflow produced.

pub mod confine;
pub mod expectations;
pub mod gates;
pub mod json_path;
mod model;
mod read;
mod sql_sources;
mod table_name;

pub use model::*;
pub use read::{READS, RunError, RunErrorKind, read};
pub use sql_sources::{SqlOrigin, SqlSource, baseline_sources, resolve_href, sql_sources};
pub use table_name::TableName;
