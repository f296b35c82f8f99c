//! `tests-not-skipped`: the money-safety tests ran.

use crate::examples::{Example, Expect, Input};
use crate::gate::{Evidence, GateId, GateInfo, GateResult, Severity, Status};
use crate::run::Run;

const EXAMPLES: &[Example] = &[
    Example {
        name: "skipped",
        expect: Expect::Fires,
        says: "Tests reported passed, but skipped (and, as the verify gate must then, nothing committed).",
        input: Input::Run(
            r#"{"git": {"committed": false}, "verifyGate": {"tests": {"testsSkipped": true, "skipReason": "no TEST_PG_URL"}, "committed": false}}"#,
        ),
    },
    Example {
        name: "ran",
        expect: Expect::Passes,
        says: "Tests that ran and passed.",
        input: Input::Run(
            r#"{"verifyGate": {"tests": {"testsPassed": true, "testsSkipped": false}}}"#,
        ),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::TestsNotSkipped,
    title: "Tests were not skipped",
    severity: Severity::Blocker,
    checks: "`verifyGate.tests.testsSkipped` is false. It fails when it is true, whatever \
             `testsPassed` says.",
    why: "The tests skip when no test database is available, and a skipped suite reports \
          success: the tests that prove payments and the ledger stay consistent would then \
          never have run.",
    examples: EXAMPLES,
    fix: "Run the tests against a test database so none is skipped, then rerun the gate.",
    relates_to: &["TEST_SKIP_WITHOUT_TEST_PG_SILENTLY_PASSES", "TEST_001"],
};

const PATH: &str = "$.verifyGate.tests.testsSkipped";

pub fn check(run: &Run) -> Vec<GateResult> {
    let tests = run.verify_gate.as_ref().and_then(|g| g.tests.as_ref());
    let (status, message) = match tests.and_then(|t| t.tests_skipped.map(|s| (t, s))) {
        None => (
            Status::NotReported,
            "the run does not say whether the tests were skipped".to_string(),
        ),
        Some((tests, true)) => {
            let reason = tests.skip_reason.as_deref().unwrap_or("no reason given");
            let claimed = if tests.tests_passed == Some(true) {
                " although testsPassed is true"
            } else {
                ""
            };
            (
                Status::Fail,
                format!("the tests were skipped{claimed} ({reason})"),
            )
        }
        Some((tests, false)) => {
            let ran = match tests.counts.as_ref().and_then(|c| c.passed.zip(c.failed)) {
                Some((passed, failed)) => format!(": {passed} passed, {failed} failed"),
                None => String::new(),
            };
            (Status::Pass, format!("the tests ran{ran}"))
        }
    };
    vec![INFO.result(
        status,
        message,
        vec![Evidence::RunPath { path: PATH.into() }],
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::gates::test_run::{seed, seed_with};
    use serde_json::json;

    #[test]
    fn fires_when_skipped_even_if_passed() {
        let run = seed_with("/verifyGate/tests/testsSkipped", Some(json!(true)));
        let result = check(&run).remove(0);
        assert_eq!(result.status, Status::Fail);
        assert_eq!(
            result.message,
            "the tests were skipped although testsPassed is true (no reason given)"
        );
    }

    #[test]
    fn passes_when_the_tests_ran() {
        let result = check(&seed()).remove(0);
        assert_eq!(result.status, Status::Pass);
        assert_eq!(result.message, "the tests ran: 214 passed, 0 failed");
    }

    #[test]
    fn missing_flag_is_not_reported() {
        let run = seed_with("/verifyGate/tests/testsSkipped", None);
        assert_eq!(check(&run).remove(0).status, Status::NotReported);
        let run = seed_with("/verifyGate/tests", None);
        assert_eq!(check(&run).remove(0).status, Status::NotReported);
    }
}
