//! `gate-consistent`: the verify gate committed only when it had the right to.

use crate::examples::{Example, Expect, Input};
use crate::gate::{Evidence, GateId, GateInfo, GateResult, Severity, Status};
use crate::run::Run;

const EXAMPLES: &[Example] = &[
    Example {
        name: "committed-past-blockers",
        expect: Expect::Fires,
        says: "Work committed with a blocker listed.",
        input: Input::Run(r#"{"verifyGate": {"blockers": ["tests skipped"]}}"#),
    },
    Example {
        name: "held-at-blockers",
        expect: Expect::Passes,
        says: "The same blocker, and nothing committed.",
        input: Input::Run(
            r#"{"git": {"committed": false}, "verifyGate": {"blockers": ["tests skipped"], "committed": false}}"#,
        ),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::GateConsistent,
    title: "Verify gate committed consistently",
    severity: Severity::Blocker,
    checks: "When `verifyGate.committed` is true: typecheck passed, tests passed (and no \
             test failed by count), tests were not skipped, and `verifyGate.blockers` is \
             empty. Also fails when `git.committed` is true although the gate did not \
             commit. A commit whose conditions are missing from the run is not reported.",
    why: "The workflow promises to commit only on green typecheck and tests. A commit made \
          despite red or skipped tests, or despite the gate's own blockers, means the gate \
          does not gate, and nothing the run says can be trusted as checked.",
    examples: EXAMPLES,
    fix: "Commit only when typecheck and tests passed, none skipped, with no open blocker; otherwise undo the commit.",
    relates_to: &["TEST_SKIP_WITHOUT_TEST_PG_SILENTLY_PASSES", "TEST_001"],
};

const PATH: &str = "$.verifyGate.committed";

pub fn check(run: &Run) -> Vec<GateResult> {
    let gate = run.verify_gate.as_ref();
    let work_committed = run.git.as_ref().and_then(|g| g.committed);
    let (status, message) = match gate.and_then(|g| g.committed) {
        None => (
            Status::NotReported,
            "the run does not say whether the gate committed".to_string(),
        ),
        Some(false) if work_committed == Some(true) => (
            Status::Fail,
            "the work was committed (git.committed) although the gate did not commit".to_string(),
        ),
        Some(false) => (Status::Pass, "the gate did not commit".to_string()),
        Some(true) => committed(run),
    };
    vec![INFO.result(
        status,
        message,
        vec![Evidence::RunPath { path: PATH.into() }],
    )]
}

/// The gate committed: was everything it commits on reported green?
fn committed(run: &Run) -> (Status, String) {
    let gate = run.verify_gate.as_ref();
    let tests = gate.and_then(|g| g.tests.as_ref());
    let mut against = Vec::new();
    let mut unknown = Vec::new();
    match gate
        .and_then(|g| g.typecheck.as_ref())
        .and_then(|t| t.passed)
    {
        Some(false) => against.push("typecheck failed".to_string()),
        Some(true) => {}
        None => unknown.push("typecheck.passed"),
    }
    match tests.and_then(|t| t.tests_passed) {
        Some(false) => against.push("the tests failed".to_string()),
        Some(true) => {}
        None => unknown.push("tests.testsPassed"),
    }
    if let Some(failed) = tests
        .and_then(|t| t.counts.as_ref())
        .and_then(|c| c.failed)
        .filter(|n| *n > 0)
    {
        against.push(format!("{failed} tests failed by count"));
    }
    match tests.and_then(|t| t.tests_skipped) {
        Some(true) => against.push("the tests were skipped".to_string()),
        Some(false) => {}
        None => unknown.push("tests.testsSkipped"),
    }
    match gate.and_then(|g| g.blockers.as_ref()) {
        Some(blockers) if !blockers.is_empty() => {
            against.push(format!("it listed blockers: {}", blockers.join("; ")));
        }
        Some(_) => {}
        None => unknown.push("blockers"),
    }
    if !against.is_empty() {
        (
            Status::Fail,
            format!("the gate committed although {}", against.join(", ")),
        )
    } else if !unknown.is_empty() {
        (
            Status::NotReported,
            format!(
                "the gate committed, but the run does not report verifyGate.{}",
                unknown.join(", verifyGate.")
            ),
        )
    } else {
        (
            Status::Pass,
            "the gate committed on green typecheck and tests, with no blockers".to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::gates::test_run::{seed, seed_with};
    use serde_json::json;

    fn result_for(pointer: &str, value: Option<serde_json::Value>) -> GateResult {
        check(&seed_with(pointer, value)).remove(0)
    }

    #[test]
    fn fires_when_committing_despite_red_skipped_or_blocked() {
        for (pointer, value, says) in [
            (
                "/verifyGate/typecheck/passed",
                json!(false),
                "typecheck failed",
            ),
            (
                "/verifyGate/tests/testsPassed",
                json!(false),
                "the tests failed",
            ),
            (
                "/verifyGate/tests/counts/failed",
                json!(3),
                "3 tests failed by count",
            ),
            (
                "/verifyGate/tests/testsSkipped",
                json!(true),
                "the tests were skipped",
            ),
            (
                "/verifyGate/blockers",
                json!(["factory.ts lacks points"]),
                "it listed blockers: factory.ts lacks points",
            ),
        ] {
            let result = result_for(pointer, Some(value));
            assert_eq!(result.status, Status::Fail, "{pointer}");
            assert_eq!(
                result.message,
                format!("the gate committed although {says}")
            );
        }
    }

    #[test]
    fn fires_when_work_was_committed_past_the_gate() {
        let result = result_for("/verifyGate/committed", Some(json!(false)));
        assert_eq!(result.status, Status::Fail);
    }

    #[test]
    fn passes_when_green_or_when_not_committing() {
        assert_eq!(check(&seed()).remove(0).status, Status::Pass);
        let mut run = seed_with("/verifyGate/blockers", Some(json!(["tests skipped"])));
        run.verify_gate.as_mut().unwrap().committed = Some(false);
        run.git.as_mut().unwrap().committed = Some(false);
        assert_eq!(check(&run).remove(0).status, Status::Pass);
    }

    #[test]
    fn missing_commit_flag_or_conditions_are_not_reported() {
        assert_eq!(
            result_for("/verifyGate/committed", None).status,
            Status::NotReported
        );
        let result = result_for("/verifyGate/typecheck", None);
        assert_eq!(result.status, Status::NotReported);
        assert_eq!(
            result.message,
            "the gate committed, but the run does not report verifyGate.typecheck.passed"
        );
    }
}
