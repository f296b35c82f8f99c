//! A SQL file as the caller could load it: what the re-check, the parser, lock safety
//! and the run's file list share, kept apart from the re-check that runs the registry's
//! rules so that those rules can read it without the registry.

use serde::{Deserialize, Serialize};

use super::split::Tool;

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
