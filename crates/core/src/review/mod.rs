//! Building the review the app and the command line share (its types are
//! `secondlook-review`'s, re-exported here): the SQL re-check, the gates, the verdict and
//! the comparisons with the report, over inputs already read.

mod declared;
pub mod engine;
mod stage;
mod staleness;
pub mod transport;

pub use secondlook_review::review::{
    Declared, Discrepancy, Review, ReviewedSql, SQL_ONLY_MESSAGE, Side, SqlOnly, Staleness,
    sql_matching,
};
pub use stage::Stage;

use crate::gate::{GateResult, Status};
use crate::report::Report;
use crate::run::{Run, RunError};
use crate::sql::SqlFile;
use crate::verdict::{Decision, Verdict, decide};

/// A report as the caller loaded it.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    pub text: &'a str,
    /// Where it came from, for messages.
    pub path: &'a str,
}

/// The review of inputs already read, for the tests of what the review does with them;
/// the page and the command line come in through `Inputs::review`.
#[cfg(test)]
pub(crate) fn review(
    report: Option<ReportInput<'_>>,
    run: Option<Result<Run, RunError>>,
    sql_files: &[SqlFile],
) -> Review {
    let report = report.map(|input| (input, crate::report::read_at(input.text, input.path)));
    finish(report, run, sql_files, &[], &mut |_| {})
}

/// The steps after reading the report and the run: the SQL re-check, then the gates,
/// the verdict and the comparisons, each announced to `progress` before it runs.
pub(crate) fn finish(
    report: Option<(ReportInput<'_>, Report)>,
    run: Option<Result<Run, RunError>>,
    sql_files: &[SqlFile],
    baseline_files: &[SqlFile],
    progress: &mut dyn FnMut(Stage),
) -> Review {
    let readable = run.as_ref().and_then(|r| r.as_ref().ok());
    let sql_only = run.is_none() && !sql_files.is_empty();
    let expectations = readable.and_then(|run| run.expectations.as_ref());
    let sql = (readable.is_some() || sql_only).then(|| {
        progress(Stage::RecheckingSql {
            files: sql_files.len(),
            bytes: sql_files
                .iter()
                .filter_map(|f| f.text.as_ref().ok())
                .map(String::len)
                .sum(),
        });
        crate::recheck::check_over(baseline_files, sql_files, expectations)
    });
    let mut gates = readable.map(crate::registry::run_gates).unwrap_or_default();
    let sql = sql.map(|checked| {
        let lock =
            crate::lock_safety::check(sql_files, expectations.and_then(|e| e.lock_safety.as_ref()));
        gates.extend(checked.gates);
        gates.extend(lock.gates);
        ReviewedSql {
            files: checked.files,
            baseline: checked.baseline,
            schema: checked.schema,
            notes: checked.notes.into_iter().chain(lock.notes).collect(),
            observed: None,
        }
    });
    progress(Stage::Deciding);
    let (input, report_model) = report.unzip();
    let declared = report_model.as_ref().map(declared::declared);
    if sql_only {
        // "The run does not say" is every expectation here; those gates are listed as
        // unchecked instead, once.
        gates.retain(|g| g.status != Status::NotReported);
    }
    for gate in &mut gates {
        relate_to_gate_ids(gate);
        if let Some(input) = input {
            gate.relates_to
                .retain(|id| declared::mentions_id(input.text, id));
        }
    }
    let sql_only = sql_only.then(|| SqlOnly {
        message: SQL_ONLY_MESSAGE.to_string(),
        unchecked: crate::registry::infos()
            .filter(|info| !gates.iter().any(|g| g.id == info.id))
            .map(|info| info.id)
            .collect(),
    });
    let staleness = report_model
        .as_ref()
        .zip(readable)
        .map(|(model, run)| staleness::staleness(run, model));
    let mut review = Review {
        report: report_model,
        run,
        run_path: None,
        gates,
        sql_matching: Default::default(),
        sql_files: sql_files.to_vec(),
        baseline_files: baseline_files.to_vec(),
        sql,
        decision: None,
        declared,
        discrepancy: None,
        staleness,
        sql_only,
    };
    decide_again(&mut review);
    review
}

/// Decides the verdict from the results as they are now, and compares it with the
/// report's: after the re-check, and again once PostgreSQL has settled results. Only a
/// review with a readable run, or of SQL alone, is decided.
pub(crate) fn decide_again(review: &mut Review) {
    // A baseline file not read settles results as a missing migration file does.
    let read = review.baseline_files.iter().chain(&review.sql_files);
    let decision = if review.sql_only.is_some() {
        Some(sql_only_decision(&review.gates, read))
    } else {
        review.run().map(|_| decide(&review.gates, read))
    };
    review.discrepancy = (review.declared.as_ref())
        .zip(decision.as_ref())
        .and_then(|(d, v)| discrepancy(d, v));
    review.decision = decision;
}

/// Without a run nothing the verdict rests on is all checked: a failed blocker is
/// still no-go, anything else is not verified, never a kind of go.
fn sql_only_decision<'a>(
    gates: &[GateResult],
    sql_files: impl IntoIterator<Item = &'a SqlFile>,
) -> Decision {
    let decision = decide(gates, sql_files);
    let verdict = if decision.verdict == Verdict::NoGo {
        Verdict::NoGo
    } else {
        Verdict::NotVerified
    };
    Decision {
        verdict,
        ..decision
    }
}

/// Adds the IDs the gate relates to as a whole (its registry entry) to those the run
/// gave for the thing checked (an expectation's `relatesTo`).
fn relate_to_gate_ids(result: &mut GateResult) {
    let Some(info) = crate::registry::gate(result.id) else {
        return;
    };
    for id in info.relates_to {
        if !result.relates_to.iter().any(|r| r == id) {
            result.relates_to.push(id.to_string());
        }
    }
}

pub(crate) fn discrepancy(declared: &Declared, decision: &Decision) -> Option<Discrepancy> {
    let mut says = Vec::new();
    let mut verdict_differs = false;
    // Each difference's more cautious side; the re-check's wins any tie, since the
    // alarm is what must not be missed.
    let mut sides = Vec::new();
    if let Some(words) = &declared.verdict {
        match Verdict::parse(words) {
            Some(v) if v == decision.verdict => {}
            Some(v) => {
                verdict_differs = true;
                sides.push(if v > decision.verdict {
                    Side::Report
                } else {
                    Side::ReCheck
                });
                says.push(format!(
                    "the report's verdict is {words}; the re-check's is {}",
                    decision.verdict.as_str()
                ));
            }
            None => says.push(format!(
                "the report's verdict {words:?} is none of go, go-with-changes, not-verified, \
                 no-go"
            )),
        }
    }
    let declared_blockers = declared
        .confirmed_blockers
        .and_then(|n| usize::try_from(n).ok());
    let blockers_differ = declared
        .confirmed_blockers
        .is_some_and(|n| usize::try_from(n).ok() != Some(decision.failed_blockers));
    if let Some(n) = declared.confirmed_blockers.filter(|_| blockers_differ) {
        sides.push(if declared_blockers > Some(decision.failed_blockers) {
            Side::Report
        } else {
            Side::ReCheck
        });
        says.push(format!(
            "the report declares {n} {}; the re-check found {}",
            plural(n as usize, "blocker"),
            decision.failed_blockers
        ));
    }
    let more_cautious = if sides.contains(&Side::ReCheck) {
        Some(Side::ReCheck)
    } else {
        sides.first().copied()
    };
    match more_cautious {
        Some(Side::ReCheck) => says.push("the re-check is more cautious".into()),
        Some(Side::Report) => says.push("the report is more cautious".into()),
        None => {}
    }
    (!says.is_empty()).then(|| Discrepancy {
        message: says.join("; "),
        verdict_differs,
        blockers_differ,
        more_cautious,
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{REPORT, REPORT_PATH, RUN};
    use crate::gate::{Evidence, GateId};
    use crate::run::gates::test_run::seed_with;
    use serde_json::json;

    fn seed_review(run: Run) -> Review {
        let report = ReportInput {
            text: REPORT,
            path: REPORT_PATH,
        };
        review(Some(report), Some(Ok(run)), &[])
    }

    #[test]
    fn seed_review_reads_the_declared_claims_and_is_not_stale() {
        let review = seed_review(crate::run::read(RUN).unwrap());
        assert_eq!(
            review.declared.as_ref().unwrap().confirmed_blockers,
            Some(0)
        );
        assert!(!review.staleness.as_ref().unwrap().stale);
        let run_level = review.gates.iter().filter(|g| {
            g.evidence
                .iter()
                .any(|e| matches!(e, Evidence::RunPath { .. }))
        });
        assert!(run_level.clone().count() >= 6);
        assert!(
            run_level.clone().all(|g| g.status == Status::Pass),
            "{review:#?}"
        );
    }

    fn decision(verdict: Verdict, failed_blockers: usize) -> Decision {
        Decision {
            verdict,
            failed_blockers,
            must_check: vec![],
        }
    }

    fn declared(verdict: &str, blockers: Option<u64>) -> Declared {
        Declared {
            verdict: Some(verdict.into()),
            confirmed_blockers: blockers,
        }
    }

    /// `Verdict::parse` is the one reader of a declared verdict: the report's claims
    /// and the review's discrepancy must read every phrase as it does.
    #[test]
    fn every_reader_of_a_declared_verdict_agrees() {
        let table = [
            ("go-with-changes (0 blockers)", Some(Verdict::GoWithChanges)),
            ("GO WITH CHANGES", Some(Verdict::GoWithChanges)),
            ("GO, with changes", Some(Verdict::GoWithChanges)),
            ("go", Some(Verdict::Go)),
            ("no go", Some(Verdict::NoGo)),
            (" NO-GO", Some(Verdict::NoGo)),
            // The leading words decide: a report that was once no-go says go.
            ("go (was no go)", Some(Verdict::Go)),
            ("NO-GO (2 blockers)", Some(Verdict::NoGo)),
            ("not verified", Some(Verdict::NotVerified)),
            ("going well", None),
            ("good", None),
            ("undecided", None),
            ("", None),
        ];
        for (words, expected) in table {
            assert_eq!(Verdict::parse(words), expected, "Verdict::parse({words:?})");
            let report = crate::report::read(&format!("---\nverdict: {words:?}\n---\n"));
            let claimed = report.claims.verdict.as_ref().and_then(|v| v.decision);
            assert_eq!(claimed, expected, "the report's claims of {words:?}");
            let declared = declared::declared(&report);
            // Against the verdict it names the review sees the same verdict; words that
            // name none are said to.
            let against = decision(expected.unwrap_or(Verdict::Go), 0);
            let found = discrepancy(&declared, &against);
            let unread = |d: &Discrepancy| d.message.contains("is none of go");
            let agrees = match expected {
                Some(_) => !found.is_some_and(|d| d.verdict_differs || unread(&d)),
                None => found.is_some_and(|d| unread(&d)),
            };
            assert!(agrees, "the review of {words:?}");
        }
    }

    #[test]
    fn failed_blockers_against_a_report_of_none_are_a_discrepancy() {
        let found = discrepancy(
            &declared("go-with-changes (0 blockers)", Some(0)),
            &decision(Verdict::NoGo, 2),
        )
        .unwrap();
        assert_eq!(
            found.message,
            "the report's verdict is go-with-changes (0 blockers); the re-check's is no-go; \
             the report declares 0 blockers; the re-check found 2; the re-check is more cautious"
        );
        assert!(found.verdict_differs && found.blockers_differ);
        assert_eq!(found.more_cautious, Some(Side::ReCheck));
        assert!(found.is_alarm());
    }

    #[test]
    fn a_report_stricter_than_the_re_check_is_information() {
        let found = discrepancy(
            &declared("go-with-changes", Some(1)),
            &decision(Verdict::Go, 0),
        )
        .unwrap();
        assert_eq!(
            found.message,
            "the report's verdict is go-with-changes; the re-check's is go; \
             the report declares 1 blocker; the re-check found 0; the report is more cautious"
        );
        assert_eq!(found.more_cautious, Some(Side::Report));
        assert!(!found.is_alarm());
        // One side stricter on the verdict, the other on the count: the alarm wins.
        let mixed = discrepancy(
            &declared("no-go", Some(0)),
            &decision(Verdict::NotVerified, 2),
        );
        assert_eq!(mixed.unwrap().more_cautious, Some(Side::ReCheck));
    }

    #[test]
    fn a_report_of_go_against_unverified_blockers_is_the_alarm() {
        let found = discrepancy(&declared("go", None), &decision(Verdict::NotVerified, 0)).unwrap();
        assert_eq!(
            found.message,
            "the report's verdict is go; the re-check's is not-verified; the re-check is more cautious"
        );
        assert!(found.is_alarm());
    }

    #[test]
    fn agreement_is_no_discrepancy_and_odd_words_are_said() {
        let agreeing = declared("go-with-changes (0 blockers)", Some(0));
        assert_eq!(
            discrepancy(&agreeing, &decision(Verdict::GoWithChanges, 0)),
            None
        );
        let odd = discrepancy(&declared("ship it", Some(1)), &decision(Verdict::NoGo, 1)).unwrap();
        assert_eq!(
            odd.message,
            "the report's verdict \"ship it\" is none of go, go-with-changes, not-verified, no-go"
        );
        assert!(!odd.verdict_differs && !odd.blockers_differ);
        assert!(odd.is_alarm(), "words nobody can weigh are not information");
    }

    #[test]
    fn a_run_level_failure_reaches_the_verdict() {
        let run = seed_with("/verifyGate/tests/testsSkipped", Some(json!(true)));
        let review = seed_review(run);
        let decision = review.decision.unwrap();
        assert_eq!(decision.verdict, Verdict::NoGo);
        assert!(
            decision.failed_blockers >= 2,
            "tests-not-skipped and gate-consistent"
        );
        assert!(review.discrepancy.unwrap().blockers_differ);
    }

    #[test]
    fn relates_to_keeps_only_ids_the_report_names() {
        let run = crate::run::read(RUN).unwrap();
        let with_report = seed_review(run.clone());
        let tests = with_report
            .gates
            .iter()
            .find(|g| g.id == GateId::TestsNotSkipped)
            .unwrap();
        assert_eq!(
            tests.relates_to,
            ["TEST_SKIP_WITHOUT_TEST_PG_SILENTLY_PASSES", "TEST_001"]
        );
        let other = ReportInput {
            text: "# A report naming TEST_001 only",
            path: "r.md",
        };
        let narrowed = review(Some(other), Some(Ok(run)), &[]);
        let tests = narrowed
            .gates
            .iter()
            .find(|g| g.id == GateId::TestsNotSkipped)
            .unwrap();
        assert_eq!(tests.relates_to, ["TEST_001"]);
    }

    #[test]
    fn sql_results_relate_to_their_gates_ids_too() {
        let run = crate::run::read(RUN).unwrap();
        let review = seed_review(run);
        let index = review
            .gates
            .iter()
            .find(|g| g.id == GateId::ExpectedIndex)
            .unwrap();
        for id in [
            "IDEMPOTENCY_INDEX_PRESERVATION",
            "SCHEMA_AGENTS_INDEX_REPRODUCTION_NO_VERIFY",
        ] {
            assert_eq!(
                index.relates_to.iter().filter(|r| *r == id).count(),
                1,
                "{id} once in {:?}",
                index.relates_to
            );
        }
    }

    #[test]
    fn a_run_without_expectations_is_not_go() {
        let run = seed_with("/expectations", None);
        let files: Vec<SqlFile> = crate::demo::SQL_FILES
            .iter()
            .map(|(path, text)| SqlFile {
                path: path.to_string(),
                tool: None,
                text: Ok(text.to_string()),
            })
            .collect();
        let review = review(None, Some(Ok(run)), &files);
        let decision = review.decision.unwrap();
        assert_ne!(decision.verdict, Verdict::Go);
        for id in [
            GateId::MoneyType,
            GateId::ExpectedIndex,
            GateId::MixedIdCheck,
            GateId::AppendOnly,
        ] {
            assert!(
                decision
                    .must_check
                    .iter()
                    .any(|m| m.id == id && m.status == Some(Status::NotReported)),
                "{id}: {:#?}",
                decision.must_check
            );
        }
    }

    #[test]
    fn without_a_report_nothing_is_declared_or_stale() {
        let review = review(None, Some(crate::run::read(RUN)), &[]);
        assert_eq!(
            (review.declared, review.discrepancy, review.staleness),
            (None, None, None)
        );
        assert!(review.decision.is_some());
    }

    #[test]
    fn an_unreadable_run_decides_nothing() {
        let review = review(None, Some(crate::run::read("{")), &[]);
        assert!(review.gates.is_empty());
        assert_eq!(review.decision, None);
    }
}
