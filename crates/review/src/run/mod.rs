//! The run file's data (`migration-run/v1`) and where its SQL may be read from; reading
//! it is the core's.

pub mod confine;
mod error;
pub mod expectations;
mod model;
mod table_name;

pub use error::{Position, RunError, RunErrorKind};
pub use model::*;
pub use table_name::TableName;
