//! `factory-complete`: the repository factory wires every domain.

use crate::examples::{Example, Expect, Input};
use crate::gate::{Evidence, GateId, GateInfo, GateResult, Severity, Status};
use crate::run::Run;

const EXAMPLES: &[Example] = &[
    Example {
        name: "domain-missing",
        expect: Expect::Fires,
        says: "A domain the factory must cover is missing.",
        input: Input::Run(
            r#"{"verifyGate": {"factory": {"foundDomains": ["user", "payment", "points"]}}}"#,
        ),
    },
    Example {
        name: "any-order",
        expect: Expect::Passes,
        says: "Every domain, in another order.",
        input: Input::Run(
            r#"{"verifyGate": {"factory": {"foundDomains": ["marketplace", "points", "payment", "user"]}}}"#,
        ),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::FactoryComplete,
    title: "Repository factory is complete",
    severity: Severity::Blocker,
    checks: "Every domain in `verifyGate.factory.expectedDomains` is in `foundDomains` (the \
             domains `factory.ts` imports and exports). An empty expected list is not \
             reported: it names nothing to look for.",
    why: "Parallel agents each rewrote `factory.ts`; the last writer wins and silently \
          drops the other domains' wiring, so payment or points writes would bypass \
          PostgreSQL without any error.",
    examples: EXAMPLES,
    fix: "Import and export every expected domain in `factory.ts` again, then rerun the gate.",
    relates_to: &["PARALLEL_AGENTS_RACE", "CONFLICT_001"],
};

const PATH: &str = "$.verifyGate.factory.foundDomains";

pub fn check(run: &Run) -> Vec<GateResult> {
    let factory = run.verify_gate.as_ref().and_then(|g| g.factory.as_ref());
    let expected = factory.and_then(|f| f.expected_domains.as_ref());
    let found = factory.and_then(|f| f.found_domains.as_ref());
    let (status, message) = match (expected, found) {
        (None, _) | (_, None) => (
            Status::NotReported,
            "the run does not report the factory's expected and found domains".to_string(),
        ),
        (Some(expected), Some(_)) if expected.is_empty() => (
            Status::NotReported,
            "the run expects no domain in the factory, so there is nothing to compare".to_string(),
        ),
        (Some(expected), Some(found)) => {
            let missing: Vec<&str> = expected
                .iter()
                .filter(|d| !found.contains(d))
                .map(String::as_str)
                .collect();
            if missing.is_empty() {
                (
                    Status::Pass,
                    format!("the factory wires all {} domains", expected.len()),
                )
            } else {
                (
                    Status::Fail,
                    format!("the factory lacks {}", missing.join(", ")),
                )
            }
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
    fn fires_when_a_domain_is_missing() {
        let run = seed_with(
            "/verifyGate/factory/foundDomains",
            Some(json!(["marketplace", "user"])),
        );
        let result = check(&run).remove(0);
        assert_eq!(result.status, Status::Fail);
        assert_eq!(result.message, "the factory lacks payment, points");
    }

    #[test]
    fn passes_in_any_order() {
        let run = seed_with(
            "/verifyGate/factory/foundDomains",
            Some(json!(["points", "marketplace", "payment", "user", "extra"])),
        );
        assert_eq!(check(&run).remove(0).status, Status::Pass);
        assert_eq!(check(&seed()).remove(0).status, Status::Pass);
    }

    #[test]
    fn missing_or_empty_lists_are_not_reported() {
        for (pointer, value) in [
            ("/verifyGate/factory/foundDomains", None),
            ("/verifyGate/factory/expectedDomains", None),
            ("/verifyGate/factory/expectedDomains", Some(json!([]))),
            ("/verifyGate/factory", None),
        ] {
            let run = seed_with(pointer, value);
            assert_eq!(
                check(&run).remove(0).status,
                Status::NotReported,
                "{pointer}"
            );
        }
    }
}
