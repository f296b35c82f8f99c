//! What the engine made of each SQL file, statement by statement, for the SQL pane;
//! reading the files is the core's (`secondlook_core::sql::parse`).

use serde::{Deserialize, Serialize};

use super::location::Span;

/// One statement of a file, for display and diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementInfo {
    pub span: Span,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    Parsed,
    /// sqlparser refused it; `line`/`column` is where it stopped, in the file.
    NotParsed {
        message: String,
        line: u32,
        column: u32,
    },
    /// In a down (reverse) section: shown, not checked.
    DownSection,
    /// A `DO` block; its inner statements were read one by one.
    DoBlock {
        inner: Vec<StatementInfo>,
    },
    /// Recognised and left out on purpose: it sets no fact a gate reads (a psql
    /// meta-command such as pg_dump's `\restrict`, the owner of a type).
    Skipped {
        reason: String,
    },
}

/// What the engine made of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: String,
    pub statements: Vec<StatementInfo>,
    /// The marker (`-- +goose Down`) that starts the file's first down section, if its
    /// tool, or the lack of one, makes it a section that is not run: only the up part
    /// was checked.
    pub down_marker: Option<String>,
    /// Why the file's text could not be had.
    pub read_error: Option<String>,
}
