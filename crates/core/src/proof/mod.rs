//! Proof by PostgreSQL: the money gates checked again by behaviour in a real database.
//!
//! The core only writes and judges; something else runs the SQL. A [`Plan`] is plain
//! data: the migration's statements and, per gate result, a probe. An executor (the
//! command line with a PostgreSQL server, or PGlite in the reviewer's tab) runs it by the
//! rules below and hands back an [`Executed`]; the core turns that into a
//! [`crate::gate::Proof`] per result. Both executors follow the same rules, so the
//! browser and the command line reach the same proofs for the same inputs.
//!
//! How an executor runs a plan, in a fresh, empty database:
//! 1. `select version()`, kept as [`Executed::engine`].
//! 2. `migration`: each statement in order, as its own simple query, outside any
//!    transaction the executor opens (the file's own BEGIN/COMMIT run as written). It
//!    stops at the first error; the answers so far, the error last, are
//!    [`Executed::migration`].
//! 3. Each probe, in order: `BEGIN`; for each step, `SAVEPOINT step`, the step, then
//!    `RELEASE SAVEPOINT step` on success or `ROLLBACK TO SAVEPOINT step` on error (so
//!    one refused statement does not abort the ones after it); then `ROLLBACK`, so no
//!    probe sees another's rows. Every step's [`Answer`] is recorded, in order.
//!
//! Rows are reported as text exactly as received (the plan casts what it selects to
//! `text`, so every executor sees the same strings), SQL NULL as `None`.

use serde::{Deserialize, Serialize};

/// What to run, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The migration's statements, with the boundaries the SQL engine found.
    pub migration: Vec<String>,
    pub probes: Vec<Probe>,
}

/// One check of one gate result, run in a transaction that is rolled back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// The gate id of the result it proves.
    pub gate: String,
    /// What the result is about (a table, `table.column`, an index), as the result's
    /// message names it; with `gate` it says which result the proof belongs to.
    pub subject: String,
    /// SQL statements, one per step.
    pub steps: Vec<String>,
}

/// What PostgreSQL answered to one statement.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// The statement succeeded.
    pub ok: bool,
    /// On error: its SQLSTATE (`23505`), message, and the constraint or index named in
    /// the error, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sqlstate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
    /// The rows returned, each value as text; `None` for SQL NULL.
    #[serde(default)]
    pub rows: Vec<Vec<Option<String>>>,
    /// How many rows an INSERT, UPDATE or DELETE touched.
    #[serde(default)]
    pub affected: u64,
}

/// What an executor hands back for a [`Plan`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Executed {
    /// `select version()`.
    pub engine: String,
    /// One answer per migration statement run; shorter than the plan's migration when
    /// a statement failed (that one is last).
    pub migration: Vec<Answer>,
    /// Per probe, one answer per step.
    pub probes: Vec<Vec<Answer>>,
}
