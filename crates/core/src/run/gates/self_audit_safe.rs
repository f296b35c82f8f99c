//! `self-audit-safe`: the workflow's own adversarial audit found the run safe.

use crate::examples::{Example, Expect, Input};
use crate::gate::{Evidence, GateId, GateInfo, GateResult, Severity, Status};
use crate::run::Run;

const EXAMPLES: &[Example] = &[
    Example {
        name: "unsafe",
        expect: Expect::Fires,
        says: "The self-audit calls the migration unsafe.",
        input: Input::Run(r#"{"selfAudit": {"verdict": "unsafe"}}"#),
    },
    Example {
        name: "must-fix",
        expect: Expect::Fires,
        says: "A safe verdict with something to fix before the backfill.",
        input: Input::Run(
            r#"{"selfAudit": {"mustFixBeforeBackfill": ["ledger_entries can be updated"]}}"#,
        ),
    },
    Example {
        name: "safe",
        expect: Expect::Passes,
        says: "A safe verdict with nothing to fix.",
        input: Input::Run(r#"{"selfAudit": {"verdict": "safe", "mustFixBeforeBackfill": []}}"#),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::SelfAuditSafe,
    title: "Self-audit says safe",
    severity: Severity::Blocker,
    checks: "`selfAudit.verdict` is `safe` and `selfAudit.mustFixBeforeBackfill` is empty. \
             It fails on `unsafe` or on any must-fix item; a verdict word it does not know \
             is not verified. One result for the verdict, one for the must-fix list.",
    why: "The self-audit hunts float money, dropped idempotency indexes and \
          non-transactional writes. The workflow does not stop on its verdict, so an \
          `unsafe` buried in the JSON would reach a backfill of real funds.",
    examples: EXAMPLES,
    fix: "Fix every must-fix item of the self-audit and rerun it until its verdict is `safe`.",
    relates_to: &["SELF_AUDIT_VERDICT_NOT_GATED"],
};

pub fn check(run: &Run) -> Vec<GateResult> {
    let audit = run.self_audit.as_ref();
    let verdict = match audit.and_then(|a| a.verdict.as_deref()) {
        None => (
            Status::NotReported,
            "the run does not report the self-audit's verdict".to_string(),
        ),
        Some(word) => match word.trim().to_ascii_lowercase().as_str() {
            "safe" => (Status::Pass, "the self-audit says safe".to_string()),
            "unsafe" => (Status::Fail, "the self-audit says UNSAFE".to_string()),
            _ => (
                Status::NotVerified,
                format!(
                    "the self-audit's verdict is {word:?}, neither safe nor unsafe: read the self-audit"
                ),
            ),
        },
    };
    let must_fix = match audit.and_then(|a| a.must_fix_before_backfill.as_ref()) {
        None => (
            Status::NotReported,
            "the run does not report what must be fixed before the backfill".to_string(),
        ),
        Some(items) if items.is_empty() => (
            Status::Pass,
            "nothing must be fixed before the backfill".to_string(),
        ),
        Some(items) => (
            Status::Fail,
            format!("must fix before the backfill: {}", items.join("; ")),
        ),
    };
    vec![
        INFO.result(
            verdict.0,
            verdict.1,
            vec![Evidence::RunPath {
                path: "$.selfAudit.verdict".into(),
            }],
        ),
        INFO.result(
            must_fix.0,
            must_fix.1,
            vec![Evidence::RunPath {
                path: "$.selfAudit.mustFixBeforeBackfill".into(),
            }],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::gates::test_run::{seed, seed_with};
    use serde_json::json;

    fn statuses(run: &Run) -> Vec<Status> {
        check(run).into_iter().map(|r| r.status).collect()
    }

    #[test]
    fn fires_on_unsafe_and_on_must_fix_items() {
        let run = seed_with("/selfAudit/verdict", Some(json!("unsafe")));
        assert_eq!(statuses(&run), [Status::Fail, Status::Pass]);
        let run = seed_with(
            "/selfAudit/mustFixBeforeBackfill",
            Some(json!(["add the ledger trigger"])),
        );
        let results = check(&run);
        assert_eq!(results[1].status, Status::Fail);
        assert_eq!(
            results[1].message,
            "must fix before the backfill: add the ledger trigger"
        );
    }

    #[test]
    fn passes_on_safe_with_nothing_to_fix() {
        assert_eq!(statuses(&seed()), [Status::Pass, Status::Pass]);
    }

    #[test]
    fn an_unknown_verdict_word_is_not_verified() {
        let run = seed_with("/selfAudit/verdict", Some(json!("mostly-safe")));
        assert_eq!(statuses(&run), [Status::NotVerified, Status::Pass]);
    }

    #[test]
    fn missing_parts_are_not_reported() {
        let run = seed_with("/selfAudit/mustFixBeforeBackfill", None);
        assert_eq!(statuses(&run), [Status::Pass, Status::NotReported]);
        let run = seed_with("/selfAudit", None);
        assert_eq!(statuses(&run), [Status::NotReported, Status::NotReported]);
    }
}
