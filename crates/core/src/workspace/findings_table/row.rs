//! A row of the findings table and what it is made of: the leaf types that building the
//! rows (`findings_table`), sorting and filtering them all read.

use crate::gate::{self, Status};
use crate::report::{FindingClass, Level};
use crate::workspace::anchor::Anchor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Finding,
    Gate,
}

impl RowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Finding => "report-finding",
            RowKind::Gate => "gate",
        }
    }
}

/// Report levels and gate severities on one scale, most severe first. A gate warning
/// sits between medium and low: it asks for a change, it does not stop the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowSeverity {
    Blocker,
    Critical,
    High,
    Medium,
    Warning,
    Low,
    Info,
    /// No severity column, or a cell outside the vocabulary.
    Unknown,
}

impl RowSeverity {
    pub const ALL: [RowSeverity; 8] = [
        RowSeverity::Blocker,
        RowSeverity::Critical,
        RowSeverity::High,
        RowSeverity::Medium,
        RowSeverity::Warning,
        RowSeverity::Low,
        RowSeverity::Info,
        RowSeverity::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RowSeverity::Blocker => "blocker",
            RowSeverity::Critical => "critical",
            RowSeverity::High => "high",
            RowSeverity::Medium => "medium",
            RowSeverity::Warning => "warning",
            RowSeverity::Low => "low",
            RowSeverity::Info => "info",
            RowSeverity::Unknown => "unknown",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }

    pub(super) fn of_level(level: Level) -> Self {
        match level {
            Level::Blocker => RowSeverity::Blocker,
            Level::Critical => RowSeverity::Critical,
            Level::High => RowSeverity::High,
            Level::Medium => RowSeverity::Medium,
            Level::Low => RowSeverity::Low,
            Level::Info => RowSeverity::Info,
        }
    }
}

/// A finding's class; a gate result is of class `Gate` (the table shows its status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RowClass {
    ConfirmedBlocker,
    Recommended,
    Refuted,
    Strength,
    Unclassified,
    Gate,
}

impl RowClass {
    pub const ALL: [RowClass; 6] = [
        RowClass::ConfirmedBlocker,
        RowClass::Recommended,
        RowClass::Refuted,
        RowClass::Strength,
        RowClass::Unclassified,
        RowClass::Gate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RowClass::ConfirmedBlocker => "confirmed-blocker",
            RowClass::Recommended => "recommended",
            RowClass::Refuted => "refuted",
            RowClass::Strength => "strength",
            RowClass::Unclassified => "unclassified",
            RowClass::Gate => "gate",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == word)
    }

    pub(super) fn of_finding(class: FindingClass) -> Self {
        match class {
            FindingClass::ConfirmedBlocker => RowClass::ConfirmedBlocker,
            FindingClass::Recommended => RowClass::Recommended,
            FindingClass::Refuted => RowClass::Refuted,
            FindingClass::Strength => RowClass::Strength,
            FindingClass::Unclassified => RowClass::Unclassified,
        }
    }
}

/// In the order a status sorts: what needs attention first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowStatus {
    Fail,
    NotVerified,
    NotReported,
    /// A finding no gate gives evidence for: only the report says it.
    Claimed,
    Pass,
}

impl RowStatus {
    pub const ALL: [RowStatus; 5] = [
        RowStatus::Fail,
        RowStatus::NotVerified,
        RowStatus::NotReported,
        RowStatus::Claimed,
        RowStatus::Pass,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::Fail => "fail",
            RowStatus::NotVerified => "not-verified",
            RowStatus::NotReported => "not-reported",
            RowStatus::Claimed => "claimed",
            RowStatus::Pass => "pass",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }

    pub(super) fn of_gate(status: Status) -> Self {
        match status {
            Status::Pass => RowStatus::Pass,
            Status::Fail => RowStatus::Fail,
            Status::NotReported => RowStatus::NotReported,
            Status::NotVerified => RowStatus::NotVerified,
        }
    }
}

/// Where to look: a report anchor (`href` = `#slug`), or a place in the run or SQL
/// that has no anchor on the page (`href` = `None`, shown as text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceLink {
    pub label: String,
    /// Where in the page it leads; `None`: shown, not linked.
    pub href: Option<Anchor>,
}

/// What a row relates to: a finding's gates, or a gate's report findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Related {
    Gate(gate::GateId),
    Finding(String),
}

impl Related {
    /// The id as the row shows it.
    pub fn as_str(&self) -> &str {
        match self {
            Related::Gate(id) => id.as_str(),
            Related::Finding(id) => id,
        }
    }

    /// Its place in the page: the gate's first card, or the finding's row.
    pub fn anchor(&self) -> Anchor {
        match self {
            Related::Gate(id) => Anchor::gate(*id),
            Related::Finding(id) => Anchor::Finding(id.clone()),
        }
    }
}

pub const PHASE_SQL: &str = "SQL";
pub const PHASE_RUN: &str = "run";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Position in the unsorted table (report order, then gate order): a stable key and
    /// the tie-breaker of every sort.
    pub position: usize,
    pub kind: RowKind,
    /// The finding's IDs, or the gate id.
    pub ids: Vec<String>,
    pub severity: RowSeverity,
    /// The severity as written (`high (where) / medium`), or the gate's.
    pub severity_text: String,
    pub class: RowClass,
    /// A finding's phase column; `SQL` or `run` for a gate.
    pub phase: Option<String>,
    pub status: RowStatus,
    pub text: String,
    /// For a finding the gates that relate to it; for a gate its finding IDs.
    pub related: Vec<Related>,
    pub evidence: Vec<EvidenceLink>,
    /// Not in the base run's review as it is here (see [`mark_new`]); false without a base.
    pub new_since_base: bool,
}

impl Row {
    /// The row's first id, for `data-id` and deep links; a finding without IDs gets its
    /// report anchor.
    pub fn id(&self) -> &str {
        self.ids.first().map(String::as_str).unwrap_or_default()
    }

    pub fn has_id(&self, id: &str) -> bool {
        self.ids.iter().any(|own| own == id)
    }
}
