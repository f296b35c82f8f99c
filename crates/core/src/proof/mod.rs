//! Proof by PostgreSQL: the money gates checked again by behaviour in a real database.
//! Here is each gate's prover; the executor contract's types and rules are
//! `secondlook_review::proof`, re-exported here. Writing the plan for a review, reading
//! the catalog and applying the answers are [`crate::prove`]'s, above the registry that
//! lists the provers.
//!
//! The core only writes and judges; something else runs the SQL. A [`Plan`] is plain
//! data: the migration's statements and, per gate result, a probe. An executor (the
//! command line with a PostgreSQL server, or PGlite in the reviewer's tab) runs it by the
//! contract's rules and hands back an [`Executed`]; the core turns that into a
//! [`crate::gate::Proof`] per result. Both executors follow the same rules, so the
//! browser and the command line reach the same proofs for the same inputs.

pub mod append_only;
pub mod expected_index;
pub mod index_predicate;
pub mod mixed_id_check;
pub mod money_type;
pub mod scaffold;

use crate::gate::ProofResult;
use crate::run::expectations::Expectations;
use crate::sql::model::Schema;

pub use secondlook_review::proof::*;

/// How a gate is proved: registered beside its static rule in `crate::registry`.
#[derive(Clone, Copy)]
pub struct Prover {
    /// One draft per result the gate's rule gives for these expectations, in the same
    /// order (the rule gives one per expectation it checks).
    pub drafts: fn(&Schema, &Expectations) -> Vec<Draft>,
    /// What a probe's answers (one per step, in order) show.
    pub judge: fn(&Probe, &[Answer]) -> Outcome,
}

/// A probe before it is tied to a result: its steps, or why none can be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub subject: String,
    pub steps: Result<Vec<String>, String>,
}

/// What a gate's judge concluded from one probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub result: ProofResult,
    /// What was done, in one sentence.
    pub how: String,
    /// What PostgreSQL answered.
    pub observed: String,
}

impl Outcome {
    pub fn new(
        result: ProofResult,
        how: impl Into<String>,
        observed: impl Into<String>,
    ) -> Outcome {
        Outcome {
            result,
            how: how.into(),
            observed: observed.into(),
        }
    }
}

/// The answer to step `i`, or an inconclusive outcome saying it is missing (an
/// executor that stopped early).
pub fn step<'a>(answers: &'a [Answer], i: usize, how: &str) -> Result<&'a Answer, Outcome> {
    answers.get(i).ok_or_else(|| {
        Outcome::new(
            ProofResult::Inconclusive,
            how,
            format!("no answer to step {} of the probe", i + 1),
        )
    })
}
