//! The audit report as read: its properties, the safe render tree of its body, its
//! findings, checklists, claims and problems. Reading the Markdown and YAML into these
//! is the core's (`secondlook_core::report`); the page only renders them.

pub mod checklists;
pub mod claims;
pub mod document;
pub mod findings;
pub mod frontmatter;
pub mod lint;
pub mod severity;

use serde::{Deserialize, Serialize};

pub use checklists::{Checklist, ChecklistItem};
pub use claims::{Claims, ClassCounts, CountClaim, DeclaredVerdict, SeverityCounts};
pub use document::{
    Alignment, Block, Document, Fold, Inline, ListItem, Section, TableRow, TocEntry, Visit,
    plain_text, visit,
};
pub use findings::{Finding, FindingClass};
pub use frontmatter::{FrontmatterError, Property, PropertyValue};
pub use lint::{Lint, LintKind};
pub use severity::{Level, SeverityRead};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Where the report was read from, as given to [`read_at`]; empty for [`read`].
    pub path: String,
    pub title: Option<String>,
    /// The `verdict` frontmatter, verbatim (e.g. `go-with-changes (0 blockers)`).
    pub verdict: Option<String>,
    pub target: Option<String>,
    pub tags: Vec<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    /// Every frontmatter property, typed, in written order.
    pub properties: Vec<Property>,
    pub frontmatter_error: Option<FrontmatterError>,
    pub document: Document,
    pub findings: Vec<Finding>,
    pub checklists: Vec<Checklist>,
    pub claims: Claims,
    pub lint: Vec<Lint>,
}
