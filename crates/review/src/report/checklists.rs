//! A report's checklists: each one's heading, where it is, and its items, nested as
//! written, with ids that survive edits elsewhere in the report.

use serde::{Deserialize, Serialize};

use super::document::Inline;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    /// The innermost heading's text and slug (empty before the first heading).
    pub title: String,
    pub anchor: String,
    pub section: Vec<String>,
    pub human_only: bool,
    pub line: usize,
    pub items: Vec<ChecklistItem>,
    /// Items at every depth, and how many of them the report already ticks.
    pub total: usize,
    pub checked: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Stable across reloads and edits elsewhere (see the module doc).
    pub id: String,
    pub text: String,
    pub content: Vec<Inline>,
    /// Whether the report wrote a checkbox (`- [ ]`) for it.
    pub task: bool,
    /// Ticked in the report (`- [x]`).
    pub checked: bool,
    pub human_only: bool,
    pub line: usize,
    pub children: Vec<ChecklistItem>,
}
