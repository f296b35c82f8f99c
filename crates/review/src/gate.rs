//! What a gate is and what it concluded, shared by the run-level gates, the SQL
//! re-check, the registry and every reader of results, in the shape of
//! `secondlook-result/v1` (see `docs/run-format.md`). These types need nothing else of
//! the crate: a rule names its gate and writes results without the registry, which
//! lists the rules and so sits above them.

mod detail;
mod id;
mod rule_info;

use serde::{Deserialize, Serialize};

pub use detail::{Change, ChangedRow, ChangedRows, Detail, PredicateTerms};
pub use id::{GateId, SQUAWK_PREFIX, UnknownGate};
pub use rule_info::{RuleExample, RuleInfo};

/// What a registered gate is: the texts the page, the command line and the docs show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GateInfo {
    /// Stable kebab-case id, the same as the module name; Squawk's rules are
    /// `squawk:<its rule name>`.
    pub id: GateId,
    pub title: &'static str,
    /// The gate's severity; a gate whose severity depends on what it checks (an
    /// expected index) gives its highest here.
    pub severity: Severity,
    /// What it checks.
    pub checks: &'static str,
    /// Why it matters for money.
    pub why: &'static str,
    /// Inputs it fires on, near misses it passes, and what it cannot follow: run by
    /// `tests/examples.rs`, shown by the docs and the Rules pane.
    pub examples: &'static [crate::examples::Example],
    /// In one line, what would make a failing result pass.
    pub fix: &'static str,
    /// Report finding IDs the gate gives evidence for.
    pub relates_to: &'static [&'static str],
}

impl GateInfo {
    /// A result of this gate at its severity. The gate's own `relatesTo` is added by
    /// the review, as for every gate.
    pub fn result(
        &self,
        status: Status,
        message: impl Into<String>,
        evidence: Vec<Evidence>,
    ) -> GateResult {
        GateResult {
            id: self.id,
            status,
            severity: self.severity,
            message: message.into(),
            relates_to: Vec::new(),
            evidence,
            proof: None,
            unverified: Vec::new(),
            fix: None,
            detail: None,
        }
    }
}

/// What a gate concluded. `NotReported` and `NotVerified` are never a pass: a human
/// must check by hand what they cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    /// The run file did not say.
    NotReported,
    /// The SQL the gate needed was missing or did not parse, or the run reported the
    /// evidence in words this build cannot judge (a self-audit verdict it does not know).
    NotVerified,
}

impl Status {
    /// Most in need of a human first: failures, then what nobody could check, then
    /// passes. Views list results in this order.
    pub const BY_ATTENTION: [Status; 4] = [
        Status::Fail,
        Status::NotVerified,
        Status::NotReported,
        Status::Pass,
    ];

    /// The word `secondlook-result/v1` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::NotReported => "not-reported",
            Status::NotVerified => "not-verified",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Blocker,
    Warning,
}

impl Severity {
    /// The word `secondlook-result/v1` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocker => "blocker",
            Severity::Warning => "warning",
        }
    }
}

/// Where the evidence for a result sits: a JSON path in the run file, or a place in a
/// SQL file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Evidence {
    RunPath {
        path: String,
    },
    Sql {
        file: String,
        line: u32,
        column: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GateResult {
    /// The gate, written as its stable id, e.g. `money-type`.
    pub id: GateId,
    pub status: Status,
    pub severity: Severity,
    pub message: String,
    /// Report finding IDs this result is evidence for.
    pub relates_to: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// What PostgreSQL itself answered when the same property was checked there
    /// (the core's `proof`); `None` while no proof ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Proof>,
    /// Why a result is not verified, as data: each reason the re-check could not
    /// decide it (the message says the same in words).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unverified: Vec<Unverified>,
    /// What to change here, as a sentence, when the result knows it (the missing
    /// terms, the statement that undid a protection); `None`: its gate's general fix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// What the result knows beyond its message, for a view to lay out. Not part of
    /// `secondlook-result/v1` ([`GateResult::without_detail`]) but for the rows a
    /// migration changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Detail>,
}

impl GateResult {
    /// This result as `secondlook-result/v1` writes it: without its [`Detail`], which
    /// the page reads and the format does not define, except the rows a migration
    /// changed (`data-kept`), which the format carries where there are some.
    pub fn without_detail(&self) -> GateResult {
        let detail = match &self.detail {
            Some(Detail::ChangedRows(rows)) if !rows.rows.is_empty() => self.detail.clone(),
            _ => None,
        };
        GateResult {
            detail,
            ..self.clone()
        }
    }
}

/// A place in a SQL file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqlPlace {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for SqlPlace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One reason the SQL re-check could not decide a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Unverified {
    /// A SQL file the run names could not be had.
    UnreadFile { file: String },
    /// The run gives no SQL files.
    NoSqlFiles,
    /// A statement that did not parse names what the result is about.
    UnparsedStatement { at: SqlPlace, mentions: String },
    /// A statement the schema model does not follow exactly touches it.
    UnfollowedStatement { at: SqlPlace, why: String },
    /// A statement runs code the re-check does not read (a function, a procedure,
    /// dynamic SQL, a trigger it fires).
    CodeNotFollowed { at: SqlPlace, what: String },
    /// A psql meta-command, which the re-check does not run.
    ClientCommand { at: SqlPlace, command: String },
    /// PostgreSQL's catalog after the migration holds what the gate's rule cannot
    /// judge (the core's `prove::catalog`).
    Catalog { why: String },
    /// A statement after a down marker, taken as not run though a tool that runs the
    /// whole file would run it.
    SectionNotRun {
        at: SqlPlace,
        marker: String,
        mentions: String,
    },
}

impl Unverified {
    /// Where the statement that left the result open is, if one did.
    pub fn place(&self) -> Option<&SqlPlace> {
        match self {
            Unverified::UnparsedStatement { at, .. }
            | Unverified::UnfollowedStatement { at, .. }
            | Unverified::CodeNotFollowed { at, .. }
            | Unverified::ClientCommand { at, .. }
            | Unverified::SectionNotRun { at, .. } => Some(at),
            Unverified::UnreadFile { .. } | Unverified::NoSqlFiles | Unverified::Catalog { .. } => {
                None
            }
        }
    }
}

impl std::fmt::Display for Unverified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unverified::UnreadFile { file } => write!(f, "{file} could not be read"),
            Unverified::NoSqlFiles => write!(f, "the run gives no SQL files"),
            Unverified::Catalog { why } => {
                write!(f, "PostgreSQL's catalog after the migration: {why}")
            }
            Unverified::UnparsedStatement { at, mentions } => {
                write!(
                    f,
                    "the statement at {at} did not parse and mentions {mentions}"
                )
            }
            Unverified::UnfollowedStatement { at, why } => write!(f, "the statement at {at} {why}"),
            Unverified::CodeNotFollowed { at, what } => write!(f, "the statement at {at} {what}"),
            Unverified::ClientCommand { at, command } => write!(
                f,
                "the statement at {at} is the psql meta-command \\{command}, which the re-check does not run"
            ),
            Unverified::SectionNotRun {
                at,
                marker,
                mentions,
            } => write!(
                f,
                "the statement at {at} follows `{marker}`, taken as not run because the run \
                 names no tool for the file, and mentions {mentions}"
            ),
        }
    }
}

/// The outcome of checking a gate's property in a real PostgreSQL (the spec's `proof`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    /// What answered, as `select version()` says it ("PostgreSQL 15.18 ...").
    pub engine: String,
    pub result: ProofResult,
    /// What was done, in one sentence.
    pub how: String,
    /// What PostgreSQL answered (SQLSTATE, constraint or index name, rows).
    pub observed: String,
    /// What the gate's rule says of PostgreSQL's catalog after the migration, when it
    /// was read (the core's `prove::catalog`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<CatalogReading>,
    /// Which evidence decided the result's status.
    #[serde(default)]
    pub decided_by: DecidedBy,
}

/// The gate's rule run on PostgreSQL's own definitions of what the migration left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CatalogReading {
    pub status: Status,
    pub message: String,
    /// The definitions the result rests on, as PostgreSQL prints them
    /// (`pg_get_indexdef`, `pg_get_constraintdef`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definitions: Vec<String>,
}

/// The evidence that decided a result (the spec's `proof.decidedBy`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecidedBy {
    /// The SQL as written, read through the re-check's model: the proof settled nothing.
    #[default]
    StaticCheck,
    /// PostgreSQL's catalog after the migration, read by the gate's own rule: facts
    /// that hold for every row.
    Catalog,
    /// A probe's rows: PostgreSQL did what the gate's pass rules out.
    Behaviour,
    /// Running the migration: PostgreSQL refused a statement, or applied them all.
    Run,
    /// The locks, scans and rewrites PostgreSQL showed while each statement of the
    /// migration ran over the baseline (the core's `prove::observe`).
    Locks,
}

impl DecidedBy {
    /// The word the spec's `proof.decidedBy` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::StaticCheck => "static-check",
            DecidedBy::Catalog => "catalog",
            DecidedBy::Behaviour => "behaviour",
            DecidedBy::Run => "run",
            DecidedBy::Locks => "locks",
        }
    }

    /// In words, after "decided by".
    pub fn words(self) -> &'static str {
        match self {
            DecidedBy::StaticCheck => "the static re-check of the SQL as written",
            DecidedBy::Catalog => "PostgreSQL's catalog after the migration",
            DecidedBy::Behaviour => "what PostgreSQL did with the probe's rows",
            DecidedBy::Run => "PostgreSQL running the migration",
            DecidedBy::Locks => "the locks PostgreSQL showed each statement holding",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProofResult {
    /// PostgreSQL behaved as the gate's pass promises.
    Confirmed,
    /// PostgreSQL showed the property does not hold: the gate fails, whatever the
    /// static check said.
    Refuted,
    /// The probe could not be set up or answered something else: the static result
    /// stands.
    Inconclusive,
}

impl ProofResult {
    /// The word the spec's `proof.result` uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ProofResult::Confirmed => "confirmed",
            ProofResult::Refuted => "refuted",
            ProofResult::Inconclusive => "inconclusive",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_serialized_ones() {
        for status in Status::BY_ATTENTION {
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                status.as_str(),
                "{status:?}"
            );
        }
        for severity in [Severity::Blocker, Severity::Warning] {
            assert_eq!(serde_json::to_value(severity).unwrap(), severity.as_str());
        }
        for result in [
            ProofResult::Confirmed,
            ProofResult::Refuted,
            ProofResult::Inconclusive,
        ] {
            assert_eq!(serde_json::to_value(result).unwrap(), result.as_str());
        }
        for decided in [
            DecidedBy::StaticCheck,
            DecidedBy::Catalog,
            DecidedBy::Behaviour,
            DecidedBy::Run,
            DecidedBy::Locks,
        ] {
            assert_eq!(serde_json::to_value(decided).unwrap(), decided.as_str());
        }
    }

    #[test]
    fn attention_order_puts_failures_first_and_passes_last() {
        let order = Status::BY_ATTENTION;
        assert_eq!(order.first(), Some(&Status::Fail));
        assert_eq!(order.last(), Some(&Status::Pass));
        for (i, status) in order.iter().enumerate() {
            assert!(
                !order.iter().skip(i + 1).any(|s| s == status),
                "{status:?} twice"
            );
        }
    }
}
