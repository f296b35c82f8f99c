//! Problems in the report itself, each with its 1-based line in the report file.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lint {
    pub line: usize,
    pub rule: LintKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LintKind {
    FrontmatterInvalid,
    MissingTitle,
    MissingVerdict,
    /// A row with more cells than its header: the extra cells are not shown.
    TableRowExtraCells,
    /// A row with fewer cells than its header: the missing cells show empty.
    TableRowMissingCells,
    DuplicateFindingId,
    FindingWithoutId,
    /// A severity cell outside the vocabulary (see `severity.rs`).
    UnknownSeverity,
    /// Blocks nested deeper than the reader keeps: shown flattened from this line on.
    NestingFlattened,
    /// The file is JSON (a run file, most likely), not a Markdown report.
    NotMarkdown,
}
