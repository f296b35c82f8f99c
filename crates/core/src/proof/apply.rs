//! From what PostgreSQL answered to proofs, and from proofs to the review.

use crate::gate::{GateResult, Proof, ProofResult, Status};
use crate::registry::GATES;
use crate::review::Review;
use crate::verdict::decide;

use super::{Executed, Outcome, Plan};

/// A proof for the review's result at index `result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub result: usize,
    pub proof: Proof,
}

/// One proof per probe and per unprovable result. A migration that did not apply
/// makes every proof inconclusive, with what PostgreSQL said.
pub fn judge(plan: &Plan, executed: &Executed) -> Vec<Judged> {
    let proof = |outcome: Outcome| Proof {
        engine: executed.engine.clone(),
        result: outcome.result,
        how: outcome.how,
        observed: outcome.observed,
    };
    let failed = migration_failure(plan, executed);
    let mut out: Vec<Judged> = plan
        .probes
        .iter()
        .enumerate()
        .map(|(i, probe)| {
            let outcome = match (&failed, GATES.iter().find(|g| g.info.id == probe.gate)) {
                (Some(why), _) => inconclusive("ran the migration", why),
                (None, Some(gate)) => match gate.prove {
                    Some(prover) => {
                        let answers = executed.probes.get(i).map(Vec::as_slice);
                        (prover.judge)(probe, answers.unwrap_or_default())
                    }
                    None => inconclusive("nothing", "this gate has no proof"),
                },
                (None, None) => inconclusive("nothing", &format!("unknown gate {}", probe.gate)),
            };
            Judged {
                result: probe.result,
                proof: proof(outcome),
            }
        })
        .collect();
    out.extend(plan.unprovable.iter().map(|u| Judged {
        result: u.result,
        proof: proof(inconclusive("no probe", &u.why)),
    }));
    out
}

fn inconclusive(how: &str, observed: &str) -> Outcome {
    Outcome::new(ProofResult::Inconclusive, how, observed)
}

/// Why the migration did not apply, if it did not.
fn migration_failure(plan: &Plan, executed: &Executed) -> Option<String> {
    let total = plan.migration.len();
    match executed.migration.iter().enumerate().find(|(_, a)| !a.ok) {
        Some((i, failed)) => Some(format!(
            "the migration did not apply: statement {} of {total} failed: {}",
            i + 1,
            failed.said()
        )),
        None if executed.migration.len() < total => Some(format!(
            "the migration did not apply: {} of {total} statements ran",
            executed.migration.len()
        )),
        None => None,
    }
}

/// Puts each proof on its result. A refuted result fails, whatever the static check
/// said, and says so; then the verdict is decided again.
pub fn apply(review: &mut Review, plan: &Plan, executed: &Executed) {
    for judged in judge(plan, executed) {
        let Some(result) = review.gates.get_mut(judged.result) else {
            continue;
        };
        if judged.proof.result == ProofResult::Refuted {
            let static_said = match result.status {
                Status::Pass => Some("the static check passed this"),
                Status::NotVerified | Status::NotReported => {
                    Some("the static check could not verify this")
                }
                Status::Fail => None,
            };
            if let Some(static_said) = static_said {
                result.message = format!(
                    "{static_said}; PostgreSQL refuted it: {} (static check: {})",
                    judged.proof.observed, result.message
                );
                result.status = Status::Fail;
            }
        }
        result.proof = Some(judged.proof);
    }
    if review.run().is_some() {
        let decision = decide(&review.gates, &review.sql_files);
        review.discrepancy = review
            .declared
            .as_ref()
            .and_then(|declared| crate::review::discrepancy(declared, &decision));
        review.decision = Some(decision);
    }
}

/// The results PostgreSQL refuted where the static check had not failed them: where the
/// two disagree. A refuted result the static check already failed is agreement.
/// `proven` is `static_review` after [`apply`], so the results line up one to one.
pub fn overturned<'a>(
    static_review: &'a Review,
    proven: &'a Review,
) -> impl Iterator<Item = &'a GateResult> {
    static_review
        .gates
        .iter()
        .zip(&proven.gates)
        .filter(|(before, after)| {
            before.status != Status::Fail
                && after.proof.as_ref().map(|p| p.result) == Some(ProofResult::Refuted)
        })
        .map(|(_, after)| after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proof::{Answer, plan};
    use crate::review::{ReportInput, review};
    use crate::sql::SqlFile;
    use crate::verdict::Verdict;

    fn seed() -> Review {
        let run = crate::run::read(crate::demo::RUN);
        let (_, text) = crate::demo::SQL_FILES[0];
        let files = [SqlFile {
            path: "backend/src/db/migrations/0000_money_core.sql".into(),
            tool: None,
            text: Ok(text.into()),
        }];
        let report = ReportInput {
            text: crate::demo::REPORT,
            path: crate::demo::REPORT_PATH,
        };
        review(Some(report), Some(run), &files)
    }

    fn ok() -> Answer {
        Answer {
            ok: true,
            ..Answer::default()
        }
    }

    /// Everything applied, then one step short for every probe: each judge says
    /// inconclusive for what it lacks.
    fn executed(plan: &Plan) -> Executed {
        Executed {
            engine: "PostgreSQL 15.18".into(),
            migration: vec![ok(); plan.migration.len()],
            probes: plan.probes.iter().map(|_| Vec::new()).collect(),
        }
    }

    #[test]
    fn the_seed_gets_a_probe_for_every_money_result() {
        let review = seed();
        let plan = plan(&review);
        assert!(plan.unprovable.is_empty(), "{:?}", plan.unprovable);
        let proven = review
            .gates
            .iter()
            .filter(|g| {
                GATES
                    .iter()
                    .any(|gate| gate.info.id == g.id && gate.prove.is_some())
            })
            .count();
        assert_eq!(plan.probes.len(), proven);
        for probe in &plan.probes {
            assert_eq!(review.gates[probe.result].id, probe.gate);
            assert!(!probe.steps.is_empty(), "{probe:?}");
        }
        assert!(plan.migration.len() > 30, "{}", plan.migration.len());
        assert!(plan.migration[0].starts_with("CREATE TYPE \"public\".\"payment_direction\""));
    }

    #[test]
    fn missing_answers_are_inconclusive_and_leave_the_static_results() {
        let mut review = seed();
        let before = review.gates.clone();
        let plan = plan(&review);
        apply(&mut review, &plan, &executed(&plan));
        for (gate, was) in review.gates.iter().zip(&before) {
            assert_eq!(gate.status, was.status);
            if let Some(proof) = &gate.proof {
                assert_eq!(proof.result, ProofResult::Inconclusive, "{gate:?}");
            }
        }
        assert_eq!(review.decision.as_ref().unwrap().verdict, Verdict::Go);
    }

    #[test]
    fn a_migration_that_did_not_apply_makes_every_proof_inconclusive() {
        let review = seed();
        let plan = plan(&review);
        let mut executed = executed(&plan);
        executed.migration.truncate(2);
        executed.migration[1] = Answer {
            sqlstate: Some("42601".into()),
            message: Some("syntax error".into()),
            ..Answer::default()
        };
        let judged = judge(&plan, &executed);
        assert_eq!(judged.len(), plan.probes.len());
        for j in judged {
            assert_eq!(j.proof.result, ProofResult::Inconclusive);
            assert_eq!(
                j.proof.observed,
                format!(
                    "the migration did not apply: statement 2 of {} failed: 42601 syntax error",
                    plan.migration.len()
                )
            );
        }
    }

    /// The seed's plan with PostgreSQL answering that the owner's UPDATE of the ledger
    /// changed the row: the append-only result (at the index returned) is refuted.
    fn owner_update_changes_the_row(review: &Review) -> (Plan, Executed, usize) {
        let mut plan = plan(review);
        let at = plan
            .probes
            .iter()
            .position(|p| p.gate == "append-only")
            .unwrap();
        let result = plan.probes[at].result;
        // The owner's UPDATE changed the row; the DELETE was refused.
        let refused = Answer {
            sqlstate: Some("P0001".into()),
            message: Some("append-only".into()),
            ..Answer::default()
        };
        let changed = Answer {
            ok: true,
            affected: 1,
            ..Answer::default()
        };
        let mut answers = vec![ok(); plan.probes[at].steps.len() - 2];
        answers[1].affected = 1;
        answers.extend([changed, refused]);
        let mut executed = executed(&plan);
        executed.probes[at] = answers;
        plan.unprovable.clear();
        (plan, executed, result)
    }

    #[test]
    fn a_refuted_pass_fails_and_the_verdict_is_decided_again() {
        let mut review = seed();
        let static_review = review.clone();
        let (plan, executed, result) = owner_update_changes_the_row(&review);
        apply(&mut review, &plan, &executed);
        let gate = &review.gates[result];
        assert_eq!(gate.status, Status::Fail);
        assert!(
            gate.message.starts_with(
                "the static check passed this; PostgreSQL refuted it: UPDATE as the table's owner changed the row"
            ),
            "{}",
            gate.message
        );
        assert_eq!(gate.proof.as_ref().unwrap().result, ProofResult::Refuted);
        let decision = review.decision.as_ref().unwrap();
        assert_eq!(decision.verdict, Verdict::NoGo);
        assert_eq!(decision.failed_blockers, 1);
        assert!(review.discrepancy.is_some());
        let overturned: Vec<_> = overturned(&static_review, &review).collect();
        assert_eq!(overturned, [gate]);
    }

    #[test]
    fn a_refuted_result_the_static_check_failed_is_agreement_not_overturned() {
        let mut review = seed();
        let (plan, executed, result) = owner_update_changes_the_row(&review);
        review.gates[result].status = Status::Fail;
        let static_review = review.clone();
        apply(&mut review, &plan, &executed);
        assert_eq!(
            review.gates[result].proof.as_ref().unwrap().result,
            ProofResult::Refuted
        );
        assert_eq!(overturned(&static_review, &review).count(), 0);
    }
}
