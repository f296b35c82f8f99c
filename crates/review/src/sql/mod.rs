//! The SQL files as loaded and where in them a statement or object sits; reading and
//! checking them is the core's.

pub mod file;
pub mod location;

pub use file::SqlFile;
