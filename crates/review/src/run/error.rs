//! Why a run file could not be read, as the page shows it; reading is the core's
//! (`secondlook_core::run::read`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// A 1-based line and column, as serde_json counts them (columns in bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Why a run file could not be read: a JSON path, a sentence, and where in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunError {
    pub kind: RunErrorKind,
    /// `$` for the whole file, else e.g. `$.verifyGate.tests.testsSkipped`.
    pub path: String,
    pub message: String,
    pub position: Option<Position>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunErrorKind {
    /// Not JSON (truncated, a stray comma, ...).
    Syntax,
    /// `format` missing or not a version this build reads.
    Format,
    /// JSON, but a field has the wrong type.
    Type,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)?;
        if let Some(at) = self.position {
            write!(f, " ({}:{})", at.line, at.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for RunError {}
