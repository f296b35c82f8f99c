//! The review the app and the command line share, as data: the report, the run, every
//! gate's results, the verdict, and where the report and the evidence disagree. The
//! core builds it (`secondlook_core::review`); the page reads it.

pub mod sql_matching;

use serde::{Deserialize, Serialize};

use crate::gate::{GateId, GateResult, Severity, Status};
use crate::report::Report;
use crate::run::{Run, RunError};
use crate::sql::SqlFile;
use crate::verdict::Decision;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub report: Option<Report>,
    /// `None`: no run was given.
    pub run: Option<Result<Run, RunError>>,
    /// Where the run file came from, for messages; set by whoever loaded it.
    pub run_path: Option<String>,
    /// Run-level gates, then the SQL gates. `relatesTo` holds the run's IDs for the thing
    /// checked and the gate's own (registry), keeping only the IDs the report names when
    /// there is a report (all of them without one).
    pub gates: Vec<GateResult>,
    /// The SQL files as loaded, for showing them beside the evidence.
    pub sql_files: Vec<SqlFile>,
    /// What the database held before them (`schema.baseline`, or a migrations folder's
    /// earlier migrations), in run order: applied before the migration, never judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baseline_files: Vec<SqlFile>,
    /// Which loaded SQL file stands for which file the run names, and which loaded files
    /// are unused; set by whoever matched them (`Inputs`).
    #[serde(default)]
    pub sql_matching: sql_matching::SqlMatching,
    /// The SQL re-check's statements, schema model and notes; `None` without a
    /// readable run.
    pub sql: Option<ReviewedSql>,
    /// `None` without a readable run: there is nothing to decide on.
    pub decision: Option<Decision>,
    /// `None` without a report.
    pub declared: Option<Declared>,
    pub discrepancy: Option<Discrepancy>,
    /// `None` unless both a report and a readable run were given.
    pub staleness: Option<Staleness>,
    /// `Some` when SQL was reviewed with no run file: what that could not check.
    pub sql_only: Option<SqlOnly>,
}

/// The SQL re-check but for its results, which are in [`Review::gates`] with the others:
/// one copy, so nothing can read results that a proof or `relatesTo` has not reached.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewedSql {
    /// Per file: its statements with byte ranges and what became of each.
    pub files: Vec<crate::sql::file_report::FileReport>,
    /// The same for the baseline's files (`Review::baseline_files`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baseline: Vec<crate::sql::file_report::FileReport>,
    /// The schema the up statements leave behind.
    pub schema: crate::sql::model::Schema,
    /// What the reader should know about the scope of the check.
    pub notes: Vec<String>,
    /// What PostgreSQL showed each statement doing to the tables it met, when a proof
    /// ran the migration over a baseline (`prove::observe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed: Option<crate::locks::Observed>,
}

/// What a review of SQL alone, with no run file, leaves unchecked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SqlOnly {
    /// One paragraph for the reviewer.
    pub message: String,
    /// The gates that gave no result without a run file, in registry order.
    pub unchecked: Vec<GateId>,
}

/// Said on every review of SQL with no run file.
pub const SQL_ONLY_MESSAGE: &str = "No run file: the SQL was reviewed alone. Checked: lock \
     safety, columns named like money with floating-point or money types, destructive \
     statements, and that every statement parses. Not checked without a run file: the \
     run's own gates (tests, self-audit, version bump, factory, the gate's commit) and \
     the checks against the run's expectations (money columns and their type, expected \
     indexes and predicates, mixed-id checks, append-only tables, parent order). The \
     verdict is at best not-verified.";

/// Where the report's verdict or blocker count differs from the re-check's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Discrepancy {
    /// One sentence for the reviewer: "the report declares 0 blockers; the re-check
    /// found 2".
    pub message: String,
    pub verdict_differs: bool,
    pub blockers_differ: bool,
    /// Which side holds the migration back more; `None` when neither can be said (the
    /// report's verdict is in words none of the four).
    pub more_cautious: Option<Side>,
}

impl Discrepancy {
    /// Whether to raise the alarm: the re-check found the migration less safe than the
    /// report says. A report stricter than the re-check is information, not an alarm.
    pub fn is_alarm(&self) -> bool {
        self.more_cautious != Some(Side::Report)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    Report,
    ReCheck,
}

/// The report's own verdict and blocker count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Declared {
    /// The `verdict` frontmatter, verbatim.
    pub verdict: Option<String>,
    /// The body's first "Confirmed blockers: N", else the verdict's "(N blockers)".
    pub confirmed_blockers: Option<u64>,
}

/// Whether the run is evidence for the report at all: see the core's
/// `review::staleness`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Staleness {
    pub stale: bool,
    /// Why it is stale.
    pub reasons: Vec<String>,
    /// What could not be compared, and why.
    pub unknown: Vec<String>,
}

impl Review {
    /// The readable run, if any.
    pub fn run(&self) -> Option<&Run> {
        self.run.as_ref().and_then(|r| r.as_ref().ok())
    }

    /// Results a strict reader counts against the run: failed warnings and everything
    /// not verified or not reported, of either severity.
    pub fn strict_findings(&self) -> impl Iterator<Item = &GateResult> {
        self.gates.iter().filter(|g| match g.status {
            Status::Pass => false,
            Status::Fail => g.severity == Severity::Warning,
            Status::NotReported | Status::NotVerified => true,
        })
    }

    /// The results whose status PostgreSQL changed: refuted where the static check had
    /// not failed them, or decided otherwise by the catalog. A refutation of a result the
    /// static check already failed is agreement. `proven` is this review with the proof
    /// applied (the core's `prove::apply`), so the results line up one to one.
    pub fn overturned<'a>(&'a self, proven: &'a Review) -> impl Iterator<Item = &'a GateResult> {
        self.gates
            .iter()
            .zip(&proven.gates)
            .filter(|(before, after)| after.proof.is_some() && before.status != after.status)
            .map(|(_, after)| after)
    }
}
