//! What the report claims about itself: its declared verdict, any "Confirmed blockers: N"
//! line in the body, and how many findings it lists by class and severity. These are
//! claims to check against the evidence, not facts.

use serde::{Deserialize, Serialize};

use crate::verdict::Verdict;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub verdict: Option<DeclaredVerdict>,
    /// Every "Confirmed blockers: N" in the body, in order.
    pub confirmed_blockers: Vec<CountClaim>,
    pub findings_by_class: ClassCounts,
    pub findings_by_severity: SeverityCounts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredVerdict {
    /// The frontmatter `verdict`, as written.
    pub raw: String,
    /// The verdict its words name ([`Verdict::parse`]); `None` when they name none of
    /// go / go-with-changes / not-verified / no-go.
    pub decision: Option<Verdict>,
    /// From e.g. `(0 blockers)`.
    pub blockers: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountClaim {
    pub count: u64,
    pub line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCounts {
    pub confirmed_blocker: usize,
    pub recommended: usize,
    pub refuted: usize,
    pub strength: usize,
    pub unclassified: usize,
}

/// Findings counted by their worst applicable level (`high (where) / medium` is high).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub blocker: usize,
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
    /// A severity cell outside the vocabulary (the lint says which).
    pub unknown: usize,
    /// In a table without a severity column.
    pub none: usize,
}
