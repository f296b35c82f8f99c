//! From what PostgreSQL answered to proofs, and from proofs to the review.

use std::collections::BTreeMap;

use crate::gate::{
    CatalogReading, DecidedBy, GateId, GateResult, Proof, ProofResult, Status, Unverified,
};
use crate::registry::GATES;
use crate::review::Review;

use crate::proof::{Answer, Executed, Outcome, Plan, Sent};
use crate::prove::{catalog, kept};

/// A proof for the review's result at index `result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub result: usize,
    pub proof: Proof,
}

/// One proof per probe, per unprovable result, and per result of gate `applies`.
/// The migration run proves `applies`: a statement PostgreSQL refused refutes it, at
/// that statement. A migration that did not apply makes every probe's proof
/// inconclusive, with what PostgreSQL said: nothing can be confirmed of a schema that
/// never came to be.
pub fn judge(plan: &Plan, executed: &Executed) -> Vec<Judged> {
    let proof = |outcome: Outcome| Proof {
        engine: executed.engine.clone(),
        result: outcome.result,
        how: outcome.how,
        observed: outcome.observed,
        catalog: None,
        decided_by: DecidedBy::StaticCheck,
    };
    let failed = failure(plan, executed);
    let ran = ran(plan);
    let mut out: Vec<Judged> = plan
        .probes
        .iter()
        .enumerate()
        // Only PostgreSQL decides these, so they are settled on their own (`kept`).
        .filter(|(_, probe)| probe.gate != GateId::DataKept)
        .map(|(i, probe)| {
            let outcome = match (&failed, GATES.iter().find(|g| g.info.id == probe.gate)) {
                (Some(failed), _) => inconclusive(ran, &failed.why),
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
    out.extend(
        applies(plan, failed.as_ref()).map(|(result, outcome)| Judged {
            result,
            proof: proof(outcome),
        }),
    );
    out
}

/// What running the plan's SQL was, in words.
fn ran(plan: &Plan) -> &'static str {
    if plan.baseline.is_empty() {
        "ran the migration in an empty database, each file the way its tool runs it"
    } else {
        "ran the baseline, then the migration, in an empty database, each file the way \
         its tool runs it"
    }
}

fn inconclusive(how: &str, observed: &str) -> Outcome {
    Outcome::new(ProofResult::Inconclusive, how, observed)
}

/// Where and why the migration did not apply.
struct Failure {
    /// The index in the plan's migration of what was refused, if one was.
    at: Option<usize>,
    why: String,
    /// The migration itself was refused or cut short, which refutes `applies`. Not so
    /// when the baseline did not apply (the migration never ran) or secondlook's own
    /// query to observe it failed: nothing of the migration is refuted then.
    by_the_migration: bool,
}

/// Why the baseline or the migration did not apply, if one did not. A baseline that
/// did not apply is not the database the migration meets, so no proof can stand on it.
fn failure(plan: &Plan, executed: &Executed) -> Option<Failure> {
    if let Some(why) = stopped(&plan.baseline, &executed.baseline) {
        return Some(Failure {
            at: None,
            why: format!("the baseline did not apply, so the migration was not run: {why}"),
            by_the_migration: false,
        });
    }
    let refused = executed.migration.iter().position(|a| !a.ok);
    let own = refused.and_then(|i| Some((plan.migration.get(i)?, executed.migration.get(i)?)));
    if let Some((sent, answer)) = own.filter(|(sent, _)| sent.observe.is_some()) {
        return Some(Failure {
            at: None,
            why: format!(
                "the migration was not run to its end: {} failed: {}",
                sent.at,
                answer.said()
            ),
            by_the_migration: false,
        });
    }
    stopped(&plan.migration, &executed.migration).map(|why| Failure {
        at: refused,
        why: format!("the migration did not apply: {why}"),
        by_the_migration: true,
    })
}

/// Where running `sent` stopped short, given its `answers`: the query PostgreSQL
/// refused and what it said, or how many of them ran.
fn stopped(sent: &[Sent], answers: &[Answer]) -> Option<String> {
    let total = sent.len();
    match answers.iter().enumerate().find(|(_, a)| !a.ok) {
        Some((i, failed)) => Some(format!(
            "PostgreSQL refused {}: {}",
            sent.get(i)
                .map(|s| format!("the statement at {}", s.at))
                .unwrap_or_else(|| format!("query {} of {total}", i + 1)),
            failed.said()
        )),
        None if answers.len() < total => Some(format!("{} of {total} queries ran", answers.len())),
        None => None,
    }
}

/// The proofs of the `applies` results. A refused statement refutes the result that
/// names it, or else the first; the others say where the migration stopped. A
/// migration that ran to the end confirms a static pass, for an empty database only.
fn applies<'a>(
    plan: &'a Plan,
    failed: Option<&'a Failure>,
) -> impl Iterator<Item = (usize, Outcome)> + 'a {
    let refused_at = failed
        .and_then(|f| f.at)
        .and_then(|i| plan.migration.get(i))
        .map(|s| s.at.as_str());
    let target = plan
        .applies
        .iter()
        .position(|r| refused_at.is_some_and(|at| r.at.iter().any(|a| a == at)))
        .unwrap_or(0);
    let ran = ran(plan);
    let over = if plan.baseline.is_empty() {
        "an empty database"
    } else {
        "the baseline's schema with no rows in it"
    };
    plan.applies.iter().enumerate().map(move |(i, r)| {
        let outcome = match failed {
            // A migration that stopped before its end, refused or cut short, did not
            // apply: never a pass.
            Some(failed) if i == target && failed.by_the_migration => {
                Outcome::new(ProofResult::Refuted, ran, failed.why.clone())
            }
            Some(failed) => inconclusive(ran, &failed.why),
            None if !r.passed => inconclusive(
                ran,
                "PostgreSQL applied every statement, run as the plan ran them; the static \
                 check could not tell how the tool runs them, so this is one way of several",
            ),
            None => Outcome::new(
                ProofResult::Confirmed,
                ran,
                format!(
                    "PostgreSQL applied every statement ({} queries); this covers {over}: \
                     rows already there (duplicates under a new unique index, values a new \
                     CHECK refuses) can still stop it",
                    plan.migration
                        .iter()
                        .filter(|s| s.observe.is_none())
                        .count()
                ),
            ),
        };
        (r.result, outcome)
    })
}

/// Puts each proof on its result and decides its status from the strongest evidence
/// there is: behaviour that refutes it (or the migration refused, for `applies`) fails
/// it; else the gate's rule on the catalog after the migration decides pass or fail,
/// for every row; else the static check stands. Then the verdict is decided again.
pub fn apply(review: &mut Review, plan: &Plan, executed: &Executed) {
    let mut proofs: BTreeMap<usize, Proof> = judge(plan, executed)
        .into_iter()
        .map(|j| (j.result, j.proof))
        .collect();
    for (result, reading) in catalog::read(review, executed) {
        proofs
            .entry(result)
            .or_insert_with(|| Proof {
                engine: executed.engine.clone(),
                result: ProofResult::Inconclusive,
                how: "nothing".to_string(),
                observed: "no probe was written for this result".to_string(),
                catalog: None,
                decided_by: DecidedBy::StaticCheck,
            })
            .catalog = Some(reading);
    }
    let may_raise = !catalog::runs_unread_code(review);
    for (index, proof) in proofs {
        if let Some(result) = review.gates.get_mut(index) {
            settle(result, proof, may_raise);
        }
    }
    let failed = failure(plan, executed);
    kept::apply(
        review,
        plan,
        executed,
        failed.as_ref().map(|f| f.why.as_str()),
    );
    super::observe::settle(review, plan, executed);
    crate::review::decide_again(review);
}

/// One result with its proof: the status, the message and which evidence decided them.
/// Unless `may_raise`, the catalog may fail a result or leave it open, never raise it.
fn settle(result: &mut GateResult, mut proof: Proof, may_raise: bool) {
    let is_applies = result.id == crate::sql::rules::applies::INFO.id;
    let said = static_said(result.status);
    let raises = |c: &CatalogReading| c.status == Status::Pass && result.status != Status::Pass;
    if let Some(catalog) = proof.catalog.as_mut().filter(|c| !may_raise && raises(c)) {
        catalog.message = format!(
            "{} (not taken: the migration runs code the re-check did not read, which could \
             change how the catalog reads)",
            catalog.message
        );
        catalog.status = Status::NotVerified;
    }
    let decides = proof
        .catalog
        .as_ref()
        .filter(|c| matches!(c.status, Status::Pass | Status::Fail));
    if proof.result == ProofResult::Refuted {
        if result.status != Status::Fail {
            result.message = format!(
                "{said}; PostgreSQL refuted it: {} (static check: {})",
                proof.observed, result.message
            );
            result.status = Status::Fail;
            result.unverified.clear();
        }
        proof.decided_by = if is_applies {
            DecidedBy::Run
        } else {
            DecidedBy::Behaviour
        };
    } else if let Some(catalog) = decides {
        if catalog.status != result.status {
            result.message = format!(
                "PostgreSQL's catalog after the migration: {} ({said}: {})",
                catalog.message, result.message
            );
            result.status = catalog.status;
            result.unverified.clear();
        }
        proof.decided_by = DecidedBy::Catalog;
    } else if let Some(catalog) = proof
        .catalog
        .as_ref()
        .filter(|c| c.status == Status::NotVerified && result.status == Status::Pass)
    {
        // PostgreSQL holds what the rule cannot judge: the model's reading of the
        // migration as written is no pass beside it.
        result.message = format!(
            "PostgreSQL's catalog after the migration cannot be judged: {} ({said}: {})",
            catalog.message, result.message
        );
        result.status = Status::NotVerified;
        result.unverified = vec![Unverified::Catalog {
            why: catalog.message.clone(),
        }];
        proof.decided_by = DecidedBy::Catalog;
    } else if is_applies && proof.result == ProofResult::Confirmed {
        proof.decided_by = DecidedBy::Run;
    }
    // Behaviour confirms only the rows it tried: it cannot undo a failure, so such a
    // proof is inconclusive, saying so.
    if result.status == Status::Fail && proof.result == ProofResult::Confirmed {
        proof.result = ProofResult::Inconclusive;
        proof.observed = format!(
            "{}; the result fails beyond what the probe tried",
            proof.observed
        );
    }
    result.proof = Some(proof);
}

/// What the static check said, before a proof changed it.
fn static_said(status: Status) -> &'static str {
    match status {
        Status::Pass => "the static check passed this",
        Status::Fail => "the static check failed this",
        Status::NotVerified | Status::NotReported => "the static check could not verify this",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::DecidedBy;
    use crate::gate::GateId;
    use crate::proof::Answer;
    use crate::prove::plan::plan;
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
            baseline: vec![ok(); plan.baseline.len()],
            scaffold: Vec::new(),
            migration: vec![ok(); plan.migration.len()],
            catalog: Vec::new(),
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
        assert!(
            plan.migration[0]
                .sql
                .starts_with("CREATE TYPE \"public\".\"payment_direction\"")
        );
        assert_eq!(
            plan.migration[0].at,
            "backend/src/db/migrations/0000_money_core.sql:1:1"
        );
    }

    #[test]
    fn missing_answers_are_inconclusive_and_leave_the_static_results() {
        let mut review = seed();
        let before = review.gates.clone();
        let plan = plan(&review);
        apply(&mut review, &plan, &executed(&plan));
        for (gate, was) in review.gates.iter().zip(&before) {
            assert_eq!(gate.status, was.status);
            if let Some(proof) = gate.proof.as_ref().filter(|_| gate.id != GateId::Applies) {
                assert_eq!(proof.result, ProofResult::Inconclusive, "{gate:?}");
            }
        }
        assert_eq!(review.decision.as_ref().unwrap().verdict, Verdict::Go);
    }

    /// The seed's plan with PostgreSQL refusing its second statement.
    fn refused_second(plan: &Plan) -> Executed {
        let mut executed = executed(plan);
        executed.migration.truncate(2);
        executed.migration[1] = Answer {
            sqlstate: Some("42601".into()),
            message: Some("syntax error".into()),
            ..Answer::default()
        };
        executed.probes.clear();
        executed
    }

    #[test]
    fn a_migration_that_did_not_apply_refutes_applies_and_confirms_nothing() {
        let review = seed();
        let plan = plan(&review);
        assert_eq!(plan.applies.len(), 1);
        let at = plan.migration[1].at.clone();
        let judged = judge(&plan, &refused_second(&plan));
        assert_eq!(judged.len(), plan.probes.len() + 1);
        let why = format!(
            "the migration did not apply: PostgreSQL refused the statement at {at}: 42601 syntax error"
        );
        for j in &judged {
            let expected = if j.result == plan.applies[0].result {
                ProofResult::Refuted
            } else {
                ProofResult::Inconclusive
            };
            assert_eq!(j.proof.result, expected, "{j:?}");
            assert_eq!(j.proof.observed, why);
        }
    }

    #[test]
    fn a_baseline_that_did_not_apply_refutes_nothing_and_confirms_nothing() {
        let mut plan = plan(&seed());
        plan.baseline = vec![crate::proof::Sent {
            sql: "CREATE TABLE t (a int);".into(),
            file: 0,
            at: "0001.sql:1:1".into(),
            group: 0,
            statements: 1,
            observe: None,
        }];
        let mut executed = executed(&plan);
        executed.baseline[0] = Answer {
            sqlstate: Some("42P07".into()),
            message: Some("relation \"t\" already exists".into()),
            ..Answer::default()
        };
        executed.migration.clear();
        executed.probes.clear();
        let judged = judge(&plan, &executed);
        assert_eq!(judged.len(), plan.probes.len() + 1);
        for j in &judged {
            assert_eq!(j.proof.result, ProofResult::Inconclusive, "{j:?}");
            assert_eq!(
                j.proof.observed,
                "the baseline did not apply, so the migration was not run: PostgreSQL \
                 refused the statement at 0001.sql:1:1: 42P07 relation \"t\" already exists"
            );
            assert!(
                j.proof
                    .how
                    .starts_with("ran the baseline, then the migration")
            );
        }
    }

    #[test]
    fn a_refused_statement_makes_the_review_no_go_and_other_statuses_stand() {
        let mut review = seed();
        let before = review.gates.clone();
        assert_eq!(review.decision.as_ref().unwrap().verdict, Verdict::Go);
        let plan = plan(&review);
        apply(&mut review, &plan, &refused_second(&plan));
        let applies = &review.gates[plan.applies[0].result];
        assert_eq!(applies.status, Status::Fail);
        assert!(
            applies.message.starts_with(
                "the static check passed this; PostgreSQL refuted it: the migration did not apply: PostgreSQL refused the statement at backend/src/db/migrations/0000_money_core.sql:"
            ),
            "{}",
            applies.message
        );
        for (gate, was) in review.gates.iter().zip(&before) {
            if gate.id != GateId::Applies {
                assert_eq!(gate.status, was.status, "{gate:?}");
                assert_ne!(
                    gate.proof.as_ref().map(|p| p.result),
                    Some(ProofResult::Confirmed)
                );
            }
        }
        assert_eq!(review.decision.as_ref().unwrap().verdict, Verdict::NoGo);
    }

    #[test]
    fn a_migration_that_applied_confirms_applies_for_an_empty_database() {
        let mut review = seed();
        let plan = plan(&review);
        apply(&mut review, &plan, &executed(&plan));
        let proof = review.gates[plan.applies[0].result].proof.clone().unwrap();
        assert_eq!(proof.result, ProofResult::Confirmed);
        assert!(
            proof.observed.contains("this covers an empty database"),
            "{}",
            proof.observed
        );
    }

    #[test]
    fn a_result_never_reads_failed_and_confirmed() {
        let mut review = seed();
        let plan = plan(&review);
        let at = plan
            .probes
            .iter()
            .position(|p| p.gate == GateId::MoneyType)
            .unwrap();
        let result = plan.probes[at].result;
        review.gates[result].status = Status::Fail;
        let mut executed = executed(&plan);
        let numeric = Some("numeric(38,18)".to_string());
        executed.probes[at] = vec![
            ok(),
            Answer {
                ok: true,
                rows: vec![vec![numeric.clone(), numeric.clone(), numeric]],
                ..Answer::default()
            },
        ];
        assert_eq!(
            judge(&plan, &executed)[at].proof.result,
            ProofResult::Confirmed
        );
        apply(&mut review, &plan, &executed);
        let gate = &review.gates[result];
        assert_eq!(gate.status, Status::Fail);
        let proof = gate.proof.as_ref().unwrap();
        assert_eq!(proof.result, ProofResult::Inconclusive);
        assert!(
            proof
                .observed
                .ends_with("the result fails beyond what the probe tried"),
            "{}",
            proof.observed
        );
    }

    /// `sql`'s statements as the catalog's answer: PostgreSQL prints its definitions
    /// qualified and deparsed, but the rules read the seed's own spelling as well.
    fn catalog_of(sql: &str) -> Vec<Answer> {
        let rows = sql
            .split("--> statement-breakpoint")
            .map(|s| vec![Some(s.trim().to_string())])
            .collect();
        vec![
            ok(),
            Answer {
                ok: true,
                rows,
                ..Answer::default()
            },
        ]
    }

    fn seed_sql() -> &'static str {
        crate::demo::SQL_FILES[0].1
    }

    /// The seed's review with `more` after its SQL.
    fn seed_and(more: &str) -> Review {
        let run = crate::run::read(crate::demo::RUN);
        let files = [SqlFile {
            path: "backend/src/db/migrations/0000_money_core.sql".into(),
            tool: None,
            text: Ok(format!("{}\n{more}", seed_sql())),
        }];
        review(None, Some(run), &files)
    }

    #[test]
    fn the_catalog_settles_what_the_static_check_could_not_follow() {
        // sqlparser cannot parse CREATE STATISTICS: every result about the ledger is
        // not verified, and the verdict with it.
        let mut review = seed_and(
            "CREATE STATISTICS ledger_stats (dependencies) ON owner_kind, owner_user_id FROM ledger_entries;",
        );
        assert_eq!(
            review.decision.as_ref().unwrap().verdict,
            Verdict::NotVerified
        );
        let plan = plan(&review);
        assert_eq!(plan.catalog, super::catalog::steps());
        let mut executed = executed(&plan);
        executed.catalog = catalog_of(seed_sql());
        apply(&mut review, &plan, &executed);
        let append_only = review
            .gates
            .iter()
            .find(|g| g.id == GateId::AppendOnly)
            .unwrap();
        assert_eq!(append_only.status, Status::Pass, "{append_only:?}");
        assert!(append_only.unverified.is_empty());
        assert!(
            append_only.message.starts_with(
                "PostgreSQL's catalog after the migration: ledger_entries: UPDATE is blocked"
            ),
            "{}",
            append_only.message
        );
        let proof = append_only.proof.as_ref().unwrap();
        assert_eq!(proof.decided_by, DecidedBy::Catalog);
        let catalog = proof.catalog.as_ref().unwrap();
        assert!(
            catalog.definitions.iter().any(|d| d
                .starts_with("CREATE TRIGGER ledger_entries_no_update_delete")
                && !d.ends_with(';')),
            "{catalog:?}"
        );
        // What stays is the warning that a statement did not parse.
        assert_eq!(
            review.decision.as_ref().unwrap().verdict,
            Verdict::GoWithChanges
        );
    }

    #[test]
    fn after_code_the_static_check_did_not_read_the_catalog_raises_nothing() {
        // Dynamic SQL could have replaced what the catalog is read with.
        let mut review = seed_and("DO $$ BEGIN EXECUTE 'SELECT ' || '1'; END $$;");
        let before = review.gates.clone();
        assert!(super::catalog::runs_unread_code(&review));
        let plan = plan(&review);
        let mut executed = executed(&plan);
        executed.catalog = catalog_of(seed_sql());
        apply(&mut review, &plan, &executed);
        let mut held = 0;
        for (now, was) in review.gates.iter().zip(&before) {
            assert_eq!(now.status, was.status, "{now:?}");
            let catalog = now.proof.as_ref().and_then(|p| p.catalog.as_ref());
            if let Some(catalog) = catalog.filter(|_| was.status == Status::NotVerified) {
                held += 1;
                assert_eq!(catalog.status, Status::NotVerified);
                assert!(catalog.message.contains("(not taken: "), "{catalog:?}");
            }
        }
        assert!(held > 0);
    }

    #[test]
    fn the_catalog_fails_what_the_static_check_passed() {
        let mut review = seed();
        let plan = plan(&review);
        let mut executed = executed(&plan);
        let payments = "\"amount\" numeric(38, 18) NOT NULL,\n\t\"token_decimals\"";
        assert!(seed_sql().contains(payments));
        executed.catalog = catalog_of(
            &seed_sql().replace(payments, "\"amount\" real NOT NULL,\n\t\"token_decimals\""),
        );
        apply(&mut review, &plan, &executed);
        let failed: Vec<&GateResult> = review
            .gates
            .iter()
            .filter(|g| g.status == Status::Fail)
            .collect();
        assert_eq!(failed.len(), 1, "{failed:#?}");
        let money = failed[0];
        assert_eq!(money.id, GateId::MoneyType);
        assert!(
            money
                .message
                .starts_with("PostgreSQL's catalog after the migration: payments.amount is real")
                && money.message.contains("(the static check passed this: "),
            "{}",
            money.message
        );
        assert_eq!(money.proof.as_ref().unwrap().decided_by, DecidedBy::Catalog);
        assert_eq!(review.decision.as_ref().unwrap().verdict, Verdict::NoGo);
    }

    #[test]
    fn behaviour_that_refutes_decides_over_a_catalog_that_passes() {
        let mut review = seed();
        let (plan, mut executed, result) = owner_update_changes_the_row(&review);
        executed.catalog = catalog_of(seed_sql());
        apply(&mut review, &plan, &executed);
        let gate = &review.gates[result];
        assert_eq!(gate.status, Status::Fail);
        let proof = gate.proof.as_ref().unwrap();
        assert_eq!(proof.catalog.as_ref().unwrap().status, Status::Pass);
        assert_eq!(proof.decided_by, DecidedBy::Behaviour);
    }

    #[test]
    fn a_catalog_the_rules_cannot_judge_leaves_no_pass_and_no_other_status_changed() {
        let mut review = seed();
        let before = review.gates.clone();
        let plan = plan(&review);
        let mut executed = executed(&plan);
        // The catalog's copy of the ledger got a statement sqlparser cannot parse.
        executed.catalog = catalog_of(&format!(
            "{}--> statement-breakpoint\nCREATE STATISTICS s ON kind, amount FROM ledger_entries",
            seed_sql()
        ));
        apply(&mut review, &plan, &executed);
        let ledger = |g: &&GateResult| g.id == GateId::AppendOnly;
        let (now, was) = (
            review.gates.iter().find(ledger).unwrap(),
            before.iter().find(ledger).unwrap(),
        );
        assert_eq!(was.status, Status::Pass);
        assert_eq!(now.status, Status::NotVerified);
        assert!(
            now.message
                .starts_with("PostgreSQL's catalog after the migration cannot be judged: "),
            "{}",
            now.message
        );
        assert!(matches!(now.unverified[..], [Unverified::Catalog { .. }]));
        let proof = now.proof.as_ref().unwrap();
        assert_eq!(proof.catalog.as_ref().unwrap().status, Status::NotVerified);
        assert_eq!(proof.decided_by, DecidedBy::Catalog);
        // A failure stays a failure, a result about another table keeps its pass.
        let money = |g: &&GateResult| g.id == GateId::MoneyType;
        assert_eq!(
            review.gates.iter().find(money).unwrap().status,
            Status::Pass
        );
        assert_eq!(
            review.decision.as_ref().unwrap().verdict,
            Verdict::NotVerified
        );
    }

    #[test]
    fn a_setting_that_turns_triggers_off_leaves_append_only_undecided() {
        let mut review = seed();
        let plan = plan(&review);
        let mut executed = executed(&plan);
        executed.catalog = catalog_of(&format!(
            "{}--> statement-breakpoint\nALTER DATABASE \"postgres\" SET session_replication_role TO 'replica'",
            seed_sql()
        ));
        apply(&mut review, &plan, &executed);
        let append_only = review
            .gates
            .iter()
            .find(|g| g.id == GateId::AppendOnly)
            .unwrap();
        assert_eq!(append_only.status, Status::NotVerified, "{append_only:?}");
        let catalog = append_only
            .proof
            .as_ref()
            .unwrap()
            .catalog
            .as_ref()
            .unwrap();
        assert_eq!(
            catalog.definitions,
            ["ALTER DATABASE \"postgres\" SET session_replication_role TO 'replica'"]
        );
        let others = review
            .gates
            .iter()
            .filter(|g| g.proof.as_ref().is_some_and(|p| p.catalog.is_some()));
        for gate in others.filter(|g| g.id != GateId::AppendOnly) {
            assert_eq!(gate.status, Status::Pass, "{gate:?}");
        }
    }

    /// The seed's plan with PostgreSQL answering that the owner's UPDATE of the ledger
    /// changed the row: the append-only result (at the index returned) is refuted.
    fn owner_update_changes_the_row(review: &Review) -> (Plan, Executed, usize) {
        let mut plan = plan(review);
        let at = plan
            .probes
            .iter()
            .position(|p| p.gate == GateId::AppendOnly)
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
        let overturned: Vec<_> = static_review.overturned(&review).collect();
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
        assert_eq!(static_review.overturned(&review).count(), 0);
    }
}
