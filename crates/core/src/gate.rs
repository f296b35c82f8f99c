//! The result of one gate, shared by the run-level gates and the SQL re-check, in the
//! shape of `secondlook-result/v1` (see `../shared/spec/run-format-v1.md`).

use serde::Serialize;

/// What a gate concluded. `NotReported` and `NotVerified` are never a pass: a human
/// must check by hand what they cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Pass,
    Fail,
    /// The run file did not say.
    NotReported,
    /// The SQL the gate needed was missing or did not parse.
    NotVerified,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Blocker,
    Warning,
}

/// Where the evidence for a result sits: a JSON path in the run file, or a place in a
/// SQL file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Evidence {
    RunPath { path: String },
    Sql { file: String, line: u32, column: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GateResult {
    /// The stable gate id, e.g. `money-type`.
    pub id: &'static str,
    pub status: Status,
    pub severity: Severity,
    pub message: String,
    /// Report finding IDs this result is evidence for.
    pub relates_to: Vec<String>,
    pub evidence: Vec<Evidence>,
}
