//! A report's findings: the rows of its tables with an ID column, each with its class,
//! severity and place.

use serde::{Deserialize, Serialize};

use super::document::Inline;
use super::severity::SeverityRead;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingClass {
    ConfirmedBlocker,
    Recommended,
    Refuted,
    Strength,
    Unclassified,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The ID cell split into IDs (see [`split_ids`]); empty if the cell was empty.
    pub ids: Vec<String>,
    pub phase: Option<String>,
    /// The text column as plain text, and as inlines for rendering.
    pub text: String,
    pub content: Vec<Inline>,
    /// `None` when the table has no severity column.
    pub severity: Option<SeverityRead>,
    pub class: FindingClass,
    /// The headings the table sits under, outermost first.
    pub section: Vec<String>,
    /// 1-based line of the row in the report file.
    pub line: usize,
    /// A deep-link id, unique in the report, e.g. `finding-FK-010`.
    pub anchor: String,
}
