//! The SQL files as loaded, where in them a statement or object sits, PostgreSQL's
//! lexical rules and the colours the page shows them in; parsing and checking them is
//! the core's.

pub mod file;
pub mod file_report;
pub mod highlight;
pub mod keywords;
pub mod lexer;
pub mod location;
pub mod search;

pub use file::SqlFile;
