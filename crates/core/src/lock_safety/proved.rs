//! What PostgreSQL showed of a statement Squawk warned about (`prove::observe`):
//! Squawk predicts from the text that a statement makes a live table wait; the
//! observation says which locks it held on the tables that existed before the
//! migration, and whether it read or rewrote them meanwhile.

use crate::gate::ProofResult;
use crate::locks::{LockMode, StatementLocks};
use crate::proof::Outcome;

/// What was done to observe it, in one sentence.
pub const HOW: &str = "ran the baseline, then the migration, reading this session's locks, \
                       scan counts and relation files before and after the statement";

/// Refuted (the warning does not hold: it held nothing stronger than ROW EXCLUSIVE on
/// any relation of the baseline, so nothing live waits on it beyond ordinary writes),
/// confirmed (it held a lock that makes writers wait on such a relation while reading or
/// rewriting it), or else inconclusive. A statement not observed is inconclusive.
pub fn judge(statement: &StatementLocks) -> Outcome {
    if let Some(why) = &statement.not_observed {
        return Outcome::new(
            ProofResult::Inconclusive,
            HOW,
            format!("{} was not observed: {why}", statement.at),
        );
    }
    let held = |r: &&crate::locks::RelationLocks| {
        r.strongest().map(|m| format!("{} on {}", m.name(), r.name))
    };
    if let Some(relation) =
        (statement.relations.iter()).find(|r| r.held_while_working(LockMode::ShareUpdateExclusive))
    {
        return Outcome::new(
            ProofResult::Confirmed,
            HOW,
            format!(
                "{} held {} while it {} it: writes to it wait",
                statement.at,
                held(&relation).unwrap_or_default(),
                if relation.rewritten {
                    "rewrote"
                } else {
                    "read"
                }
            ),
        );
    }
    let strong: Vec<String> = (statement.relations.iter())
        .filter(|r| r.strongest().is_some_and(|m| m > LockMode::RowExclusive))
        .filter_map(|r| held(&r))
        .collect();
    if strong.is_empty() {
        Outcome::new(
            ProofResult::Refuted,
            HOW,
            format!(
                "{} held no lock stronger than ROW EXCLUSIVE on any relation that existed \
                 before the migration: nothing live waits on it",
                statement.at
            ),
        )
    } else {
        Outcome::new(
            ProofResult::Inconclusive,
            HOW,
            format!(
                "{} held {}, without reading or rewriting it: a short wait, which the \
                 lock timeout bounds",
                statement.at,
                strong.join(", ")
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::{RelationKind, RelationLocks};

    fn on_payments(modes: &[LockMode], scanned: bool) -> StatementLocks {
        StatementLocks {
            at: "m.sql:2:1".into(),
            sql: String::new(),
            not_observed: None,
            relations: vec![RelationLocks {
                name: "public.payments".into(),
                kind: RelationKind::Table,
                modes: modes.to_vec(),
                scanned,
                rewritten: false,
                rows: None,
                bytes: None,
            }],
            micros: None,
        }
    }

    #[test]
    fn share_while_reading_a_live_table_confirms_the_warning() {
        let outcome = judge(&on_payments(&[LockMode::Share], true));
        assert_eq!(outcome.result, ProofResult::Confirmed);
        assert_eq!(
            outcome.observed,
            "m.sql:2:1 held SHARE on public.payments while it read it: writes to it wait"
        );
    }

    #[test]
    fn row_exclusive_at_most_refutes_it() {
        let outcome = judge(&on_payments(&[LockMode::RowExclusive], true));
        assert_eq!(outcome.result, ProofResult::Refuted);
        let mut none = on_payments(&[], false);
        none.relations.clear();
        assert_eq!(judge(&none).result, ProofResult::Refuted);
    }

    #[test]
    fn a_moment_of_access_exclusive_or_a_statement_not_observed_settles_nothing() {
        let moment = judge(&on_payments(&[LockMode::AccessExclusive], false));
        assert_eq!(moment.result, ProofResult::Inconclusive);
        let mut unobserved = on_payments(&[], false);
        unobserved.not_observed = Some("its file is sent as one query".into());
        assert_eq!(judge(&unobserved).result, ProofResult::Inconclusive);
    }
}
