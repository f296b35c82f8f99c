//! `no-version-bump`: the run did not change the package version.

use crate::examples::{Example, Expect, Input};
use crate::gate::{Evidence, GateId, GateInfo, GateResult, Severity, Status};
use crate::run::Run;

const EXAMPLES: &[Example] = &[
    Example {
        name: "version-changed",
        expect: Expect::Fires,
        says: "The package version changed in the migration's commit.",
        input: Input::Run(
            r#"{"verifyGate": {"versionDiff": "-  \"version\": \"1.4.2\",\n+  \"version\": \"1.5.0\","}}"#,
        ),
    },
    Example {
        name: "no-diff",
        expect: Expect::Passes,
        says: "No version diff.",
        input: Input::Run(r#"{"verifyGate": {"versionDiff": ""}}"#),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::NoVersionBump,
    title: "No version bump",
    severity: Severity::Blocker,
    checks: "`verifyGate.versionDiff` (the `\"version\"` lines of `git diff BASE...HEAD -- \
             backend/package.json`) is empty. It fails when a line adds or removes a \
             `\"version\"`; text it cannot read as such a diff is not verified.",
    why: "A version bump is what triggers a deploy: an unreviewed migration of the money \
          tables would ship with it.",
    examples: EXAMPLES,
    fix: "Revert the `\"version\"` change in backend/package.json; bump it in a release of its own.",
    relates_to: &["VERSION_BUMP_DETECTION", "VERSION_001"],
};

const PATH: &str = "$.verifyGate.versionDiff";

pub fn check(run: &Run) -> Vec<GateResult> {
    let diff = run
        .verify_gate
        .as_ref()
        .and_then(|g| g.version_diff.as_deref());
    let (status, message) = match diff {
        None => (
            Status::NotReported,
            "the run does not report the version diff".to_string(),
        ),
        Some(diff) if diff.trim().is_empty() => {
            (Status::Pass, "the version is unchanged".to_string())
        }
        Some(diff) => {
            let changed: Vec<&str> = diff.lines().filter(|l| changes_version(l)).collect();
            if changed.is_empty() {
                (
                    Status::NotVerified,
                    format!(
                        "the version diff is not empty but changes no \"version\" line; read it: {}",
                        diff.trim()
                    ),
                )
            } else {
                (
                    Status::Fail,
                    format!("the version changed: {}", changed.join(" / ")),
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

/// A diff line that adds or removes a `"version"` (not a `+++`/`---` file header).
fn changes_version(line: &str) -> bool {
    let header = line.starts_with("+++") || line.starts_with("---");
    (line.starts_with('+') || line.starts_with('-')) && !header && line.contains("\"version\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::gates::test_run::{seed, seed_with};
    use serde_json::json;

    fn status_for(diff: &str) -> Status {
        check(&seed_with("/verifyGate/versionDiff", Some(json!(diff))))
            .remove(0)
            .status
    }

    #[test]
    fn fires_on_a_changed_version_line() {
        assert_eq!(
            status_for("-  \"version\": \"1.4.2\",\n+  \"version\": \"1.5.0\","),
            Status::Fail
        );
        assert_eq!(status_for("+  \"version\": \"0.0.1\","), Status::Fail);
    }

    #[test]
    fn passes_when_empty() {
        assert_eq!(check(&seed()).remove(0).status, Status::Pass);
        assert_eq!(status_for("\n  \n"), Status::Pass);
    }

    #[test]
    fn unreadable_diff_is_not_verified_never_passed() {
        assert_eq!(
            status_for("+++ b/backend/package.json"),
            Status::NotVerified
        );
        assert_eq!(status_for("  \"version\": \"1.4.2\","), Status::NotVerified);
    }

    #[test]
    fn missing_diff_is_not_reported() {
        assert_eq!(
            check(&seed_with("/verifyGate/versionDiff", None))
                .remove(0)
                .status,
            Status::NotReported
        );
    }
}
