//! The SQL files as loaded, where in them a statement or object sits, PostgreSQL's
//! lexical rules and the colours the page shows them in, what the SQL view marks in
//! each file, whether a PL/pgSQL body raises, and the schema model the migration
//! leaves; parsing, replaying and checking SQL is the core's.

pub mod expr_text;
pub mod file;
pub mod file_report;
pub mod highlight;
pub mod keywords;
pub mod lexer;
pub mod location;
pub mod marks;
pub mod model;
pub mod names;
pub mod raise;
pub mod search;

pub use file::SqlFile;
