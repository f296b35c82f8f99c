//! A SQL file as the caller could load it, and the tool that runs it: what the re-check, the parser, lock safety
//! and the run's file list share, kept apart from the re-check that runs the registry's
//! rules so that those rules can read it without the registry.

use serde::{Deserialize, Serialize};

/// One SQL file of the run, as the caller could load it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlFile {
    /// The file's path in the audited repository (`schema.files[].path`); diagnostics
    /// name this path.
    pub path: String,
    /// The tool that runs the file (`schema.files[].tool`): whether a down marker in it
    /// starts a section that is not run. `None`: the run does not say.
    #[serde(default)]
    pub tool: Option<Tool>,
    /// The file's text, or why it could not be had (missing `href`, 404, not UTF-8...).
    pub text: Result<String, String>,
}

/// The tool that runs a migration file (`schema.files[].tool`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tool {
    #[serde(rename = "drizzle-kit")]
    DrizzleKit,
    #[serde(rename = "goose")]
    Goose,
    #[serde(rename = "sql-migrate")]
    SqlMigrate,
    #[serde(rename = "dbmate")]
    Dbmate,
    #[serde(rename = "flyway")]
    Flyway,
    #[serde(rename = "golang-migrate")]
    GolangMigrate,
    #[serde(rename = "pg_dump")]
    PgDump,
    #[serde(rename = "psql")]
    Psql,
}

impl Tool {
    /// The name the run file gives it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::DrizzleKit => "drizzle-kit",
            Tool::Goose => "goose",
            Tool::SqlMigrate => "sql-migrate",
            Tool::Dbmate => "dbmate",
            Tool::Flyway => "flyway",
            Tool::GolangMigrate => "golang-migrate",
            Tool::PgDump => "pg_dump",
            Tool::Psql => "psql",
        }
    }
}
