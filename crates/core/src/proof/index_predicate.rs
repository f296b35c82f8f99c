//! `index-predicate` in PostgreSQL. A unique index: two rows inside the expected
//! predicate with the same key collide on it, and a row that makes one term of the
//! predicate false, with the same key, does not: one per term, and for a term on an enum
//! column one per other label, so the enum's finite domain is covered. A plain index cannot
//! be seen by behaviour: the predicate PostgreSQL stored (`pg_get_expr`) is compared
//! with the expected one as logic.

use crate::gate::ProofResult;
use crate::run::expectations::Expectations;
use crate::sql::model::Schema;
use crate::sql::predicate;
use crate::sql::rules::expected_index::{describe, find};

use super::expected_index::{CATALOG, SECOND, catalog, collides, collision, matching};
use super::{Answer, Draft, Outcome, Probe, Prover, step};

pub const PROVER: Prover = Prover { drafts, judge };

const HOW_UNIQUE: &str = "inserted two rows inside the expected predicate with the same key, then, with the same key, one row for each value that makes one predicate term false (every other label of an enum column) (foreign keys and triggers off while inserting)";
const HOW_PLAIN: &str = "read the index's predicate from pg_index (pg_get_expr) and compared it with the expected one as logic";

/// The rule gives a result for an expectation with a predicate, or whose index has one.
fn drafts(schema: &Schema, expectations: &Expectations) -> Vec<Draft> {
    expectations
        .indexes
        .iter()
        .flatten()
        .filter(|e| e.predicate.is_some() || find(schema, e).is_some_and(|f| f.predicate.is_some()))
        .map(|expected| Draft {
            subject: describe(expected),
            steps: if expected.unique {
                collision(schema, expectations, expected, true)
            } else {
                Ok(vec![catalog(expected)])
            },
        })
        .collect()
}

fn judge(probe: &Probe, answers: &[Answer]) -> Outcome {
    if probe.steps.len() == 1 {
        return compare(probe, answers);
    }
    let inside = match collides(probe, answers, HOW_UNIQUE) {
        Ok(observed) => observed,
        Err(outcome) => return outcome,
    };
    let names = match matching(probe, answers, HOW_UNIQUE) {
        Ok(names) => names,
        Err(outcome) => return outcome,
    };
    let mut unsure = Vec::new();
    for (i, sql) in probe.steps.iter().enumerate().skip(SECOND + 1) {
        let answer = match step(answers, i, HOW_UNIQUE) {
            Ok(a) => a,
            Err(outcome) => return outcome,
        };
        if answer.ok {
            continue;
        }
        let on_index = answer.refused_with("23505")
            && answer
                .constraint
                .as_ref()
                .is_some_and(|c| names.contains(c));
        if on_index {
            return Outcome::new(
                ProofResult::Refuted,
                HOW_UNIQUE,
                format!(
                    "a row outside the expected predicate collided: {} ({sql})",
                    answer.said()
                ),
            );
        }
        unsure.push(answer.said());
    }
    if !unsure.is_empty() {
        return Outcome::new(
            ProofResult::Inconclusive,
            HOW_UNIQUE,
            format!(
                "{inside}; rows outside the predicate were refused for another reason: {}",
                unsure.join("; ")
            ),
        );
    }
    Outcome::new(
        ProofResult::Confirmed,
        HOW_UNIQUE,
        format!(
            "{inside}; the {} outside the predicate with the same key {} accepted",
            rows(probe.steps.len().saturating_sub(SECOND + 1)),
            if probe.steps.len() == SECOND + 2 {
                "was"
            } else {
                "were"
            }
        ),
    )
}

fn compare(probe: &Probe, answers: &[Answer]) -> Outcome {
    if let Err(outcome) = matching(probe, answers, HOW_PLAIN) {
        return outcome;
    }
    let catalog = match step(answers, CATALOG, HOW_PLAIN) {
        Ok(a) => a,
        Err(outcome) => return outcome,
    };
    let mut seen = Vec::new();
    for row in &catalog.rows {
        let name = row.first().cloned().flatten().unwrap_or_default();
        let have = row.get(1).cloned().flatten().unwrap_or_default();
        let wanted = row.get(2).cloned().flatten();
        let same = match (&wanted, have.is_empty()) {
            (None, no_predicate) => no_predicate,
            (Some(_), true) => false,
            (Some(wanted), false) => match (predicate::parse(wanted), predicate::parse(&have)) {
                (Ok(w), Ok(h)) => {
                    let diff = predicate::compare(&w, Some(&h));
                    diff.lacking.is_empty() && diff.extra.is_empty()
                }
                _ => false,
            },
        };
        if same {
            return Outcome::new(
                ProofResult::Confirmed,
                HOW_PLAIN,
                format!("{name}: PostgreSQL stores the predicate {}", shown(&have)),
            );
        }
        seen.push(format!("{name}: {}", shown(&have)));
    }
    Outcome::new(
        ProofResult::Refuted,
        HOW_PLAIN,
        format!("PostgreSQL stores another predicate: {}", seen.join("; ")),
    )
}

fn shown(predicate: &str) -> String {
    if predicate.is_empty() {
        "(none)".to_string()
    } else {
        predicate.to_string()
    }
}

fn rows(n: usize) -> String {
    if n == 1 {
        "row".to_string()
    } else {
        format!("{n} rows")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;
    use crate::proof::expected_index::tests::{catalog_rows, ok, refused};

    fn probe(steps: usize) -> Probe {
        Probe {
            gate: GateId::IndexPredicate,
            subject: "unique index on payments (provider, external_ref)".into(),
            result: 0,
            steps: vec!["INSERT ...".into(); steps],
        }
    }

    fn catalog(have: &str, wanted: &str) -> Answer {
        Answer {
            ok: true,
            rows: vec![vec![
                Some("i".into()),
                Some(have.into()),
                Some(wanted.into()),
            ]],
            ..Answer::default()
        }
    }

    #[test]
    fn outside_rows_must_not_collide() {
        let head = [
            catalog_rows(&["i"]),
            ok(0),
            ok(0),
            ok(1),
            refused("23505", "i"),
        ];
        let outside_ok = [&head[..], &[ok(1), ok(1)]].concat();
        let outcome = judge(&probe(7), &outside_ok);
        assert_eq!(outcome.result, ProofResult::Confirmed);
        assert!(
            outcome
                .observed
                .ends_with("the 2 rows outside the predicate with the same key were accepted"),
            "{}",
            outcome.observed
        );
        let collided = [&head[..], &[ok(1), refused("23505", "i")]].concat();
        let outcome = judge(&probe(7), &collided);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert!(
            outcome
                .observed
                .starts_with("a row outside the expected predicate collided")
        );
        let other = [&head[..], &[ok(1), refused("23514", "c")]].concat();
        assert_eq!(judge(&probe(7), &other).result, ProofResult::Inconclusive);
    }

    #[test]
    fn a_plain_index_compares_the_stored_predicate_as_logic() {
        let same = catalog(
            "((status = 'pending'::payment_status) AND (provider = 'x'::text))",
            "provider = 'x' AND status = 'pending'",
        );
        assert_eq!(judge(&probe(1), &[same]).result, ProofResult::Confirmed);
        let lacking = catalog(
            "(provider = 'x'::text)",
            "provider = 'x' AND status = 'pending'",
        );
        let outcome = judge(&probe(1), &[lacking]);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert_eq!(
            outcome.observed,
            "PostgreSQL stores another predicate: i: (provider = 'x'::text)"
        );
        let none = catalog("", "provider = 'x'");
        assert_eq!(judge(&probe(1), &[none]).result, ProofResult::Refuted);
    }
}
