//! The contract between the core, which writes a proof plan and judges what came back,
//! and an executor that runs it: the command line with a PostgreSQL server, or PGlite in
//! the reviewer's tab. Plain data both ways, so the page can hand a plan to its worker
//! without linking the core that wrote it.
//!
//! # The executor contract
//!
//! How an executor runs a plan, in a fresh, empty database. `fixtures/proof/conformance`
//! holds plans with the answers every executor must give; both executors are tested
//! against them.
//! 1. `select version()`, kept as [`Executed::engine`].
//! 2. `baseline`, then `migration`: each [`Sent`] in order, as its own simple query, as
//!    written. The plan already holds what the file's tool sends around the statements
//!    (`BEGIN` and `COMMIT` of a transaction per file or per run, a file sent as one
//!    query), so the executor adds nothing. At the first error it stops: it sends
//!    `ROLLBACK` (ending a transaction the error aborted; its answer is not kept), and
//!    runs nothing more: not the rest of the baseline, not the migration after a
//!    baseline that failed, no catalog step, no probe. The answers so far, the error
//!    last, are [`Executed::baseline`] and [`Executed::migration`]; what was not run
//!    is empty.
//! 3. Between the baseline and the migration, when the plan has a `scaffold`: its
//!    steps run as a probe's (below), but the transaction ends with `COMMIT` instead
//!    of `ROLLBACK`, so the migration meets the rows they put in. Every step's answer,
//!    then the `COMMIT`'s, is [`Executed::scaffold`]. A refused step refuses its row
//!    only; whatever the `COMMIT` answers, the migration runs next.
//! 4. `catalog`, run as a probe is (below): its answers are [`Executed::catalog`].
//! 5. Each probe, in order: `BEGIN`; for each step, `SAVEPOINT step`, the step, then
//!    `RELEASE SAVEPOINT step` on success or `ROLLBACK TO SAVEPOINT step` on error (so
//!    one refused statement does not abort the ones after it); then `ROLLBACK`, so no
//!    probe sees another's rows. Every step's [`Answer`] is recorded, in order.
//!
//! What the plan sends to observe the migration ([`Sent::observe`]) is sent like the
//! rest; an executor needs not know it.
//!
//! Rows are reported as text exactly as received (the plan casts what it selects to
//! `text`, so every executor sees the same strings), SQL NULL as `None`.

use serde::{Deserialize, Serialize};

use crate::gate::GateId;

/// What to run, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// What the database held before the migration (the run's `schema.baseline`, or a
    /// migrations folder's earlier migrations), sent as its tools send it: run first,
    /// never judged. Empty for a migration judged on an empty database.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baseline: Vec<Sent>,
    /// Rows put into the baseline's tables before the migration, and the reads of them
    /// as they were (the core's `prove::kept`): run as a probe is, but committed. Empty
    /// without a baseline.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scaffold: Vec<String>,
    /// What runs the migration: its statements, with the boundaries the SQL engine
    /// found, and what each file's tool sends around them, in order.
    pub migration: Vec<Sent>,
    /// The review's results of gate `applies`: running the migration proves them.
    #[serde(default)]
    pub applies: Vec<Located>,
    /// The steps that read the catalog after the migration (the core's `prove::catalog::steps`).
    #[serde(default)]
    pub catalog: Vec<String>,
    pub probes: Vec<Probe>,
    /// Results of a gate with a proof for which no probe could be written, and why;
    /// nothing to run for them (their proof is inconclusive).
    #[serde(default)]
    pub unprovable: Vec<Unprovable>,
}

/// One query the executor sends to run the migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sent {
    pub sql: String,
    /// The index of its file in the review's SQL files (its baseline files, for a
    /// statement of the baseline).
    pub file: usize,
    /// Where it is written, `path:line:column`; for what the tool sends itself, what
    /// that is (`goose's BEGIN before m.sql`).
    pub at: String,
    /// What the tool runs in one transaction, or as one query, shares a group; a
    /// statement run on its own has a group of its own.
    pub group: usize,
    /// How many of the file's statements it holds: 1; more for a file sent as one
    /// query; 0 for the tool's own BEGIN or COMMIT, and for what secondlook sends to
    /// observe them.
    pub statements: usize,
    /// Secondlook's own, sent to observe the statements (the core's `prove::observe`):
    /// never the migration's, whatever its answer. An executor runs it like any other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observe: Option<Observe>,
}

/// What secondlook sends around a migration statement to see what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Observe {
    /// The relations before the migration: the first query of the migration.
    Start,
    /// `BEGIN` or `COMMIT` around a statement that runs on its own, so that its locks
    /// are still held when they are read.
    Transaction,
    /// The relations, their scan counts, files and this session's locks on them, just
    /// before the statement that follows.
    Before,
    /// The same, just after the statement before it.
    After,
}

/// A result and where the statements it names are written (`path:line:column`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Located {
    pub result: usize,
    #[serde(default)]
    pub at: Vec<String>,
    /// The static check passed it.
    #[serde(default)]
    pub passed: bool,
}

/// A result that gets no probe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unprovable {
    /// Its index in the review's `gates`.
    pub result: usize,
    pub why: String,
}

/// One check of one gate result, run in a transaction that is rolled back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// The gate of the result it proves.
    pub gate: GateId,
    /// What the result is about (a table, `table.column`, an index), as the result's
    /// message names it; with `gate` it says which result the proof belongs to.
    pub subject: String,
    /// The index in the review's `gates` of the result it proves.
    #[serde(default)]
    pub result: usize,
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
    /// One answer per [`Sent`] of the baseline; shorter than the plan's baseline when
    /// one failed (that one is last).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baseline: Vec<Answer>,
    /// One answer per step of the plan's `scaffold`, then the `COMMIT`'s; empty
    /// without a scaffold or when the baseline failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scaffold: Vec<Answer>,
    /// One answer per [`Sent`] of the migration; shorter than the plan's migration
    /// when one failed (that one is last).
    pub migration: Vec<Answer>,
    /// One answer per step of the plan's `catalog`; empty when the migration failed.
    #[serde(default)]
    pub catalog: Vec<Answer>,
    /// Per probe, one answer per step.
    pub probes: Vec<Vec<Answer>>,
}

impl Answer {
    /// What PostgreSQL said, in words: `23505 duplicate key ... (constraint x)`, or
    /// `ok, 1 row`.
    pub fn said(&self) -> String {
        if self.ok {
            let rows = if self.rows.is_empty() {
                self.affected
            } else {
                self.rows.len() as u64
            };
            return format!("ok, {rows} {}", if rows == 1 { "row" } else { "rows" });
        }
        let mut words = format!(
            "{} {}",
            self.sqlstate.as_deref().unwrap_or("error"),
            self.message.as_deref().unwrap_or("(no message)")
        );
        if let Some(constraint) = &self.constraint {
            words.push_str(&format!(" (constraint {constraint})"));
        }
        words
    }

    /// Refused with this SQLSTATE.
    pub fn refused_with(&self, sqlstate: &str) -> bool {
        !self.ok && self.sqlstate.as_deref() == Some(sqlstate)
    }

    /// The first row's values, NULL as `None`.
    pub fn first_row(&self) -> &[Option<String>] {
        self.rows.first().map(Vec::as_slice).unwrap_or_default()
    }
}
