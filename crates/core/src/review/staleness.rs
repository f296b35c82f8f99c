//! Whether the run is evidence for the report at all.
//!
//! Stale means one of: the run is of another workflow than the report's `target`; or
//! the run started on a day before the report's `updated` date (else `created`). The
//! report's changes were applied to the workflow when it was updated, so a run from an
//! earlier day ran the workflow the report did not approve. A run on the same day or
//! later is not stale (days are all the report gives). What cannot be compared is said
//! so, and is not stale.

use super::Staleness;
use super::declared::{leading_date, target, updated};
use crate::report::Report;
use crate::run::Run;

pub fn staleness(run: &Run, report: &Report) -> Staleness {
    let mut reasons = Vec::new();
    let mut unknown = Vec::new();
    match (run.workflow.as_deref(), target(report)) {
        (Some(workflow), Some(target)) if !same_script(workflow, target) => reasons.push(format!(
            "the run is of the workflow {workflow}; the report audits {target}"
        )),
        (Some(_), Some(_)) => {}
        (None, _) => unknown.push("the run does not name its workflow".to_string()),
        (_, None) => unknown.push("the report has no target in its frontmatter".to_string()),
    }
    let ran = run.started_at.as_deref().or(run.finished_at.as_deref());
    match (ran.and_then(leading_date), updated(report)) {
        (Some(ran), Some(updated)) if ran < updated => reasons.push(format!(
            "the run ({ran}) is older than the report's update ({updated}): it ran the workflow before the changes the report asks for"
        )),
        (Some(_), Some(_)) => {}
        (None, _) => unknown.push("the run does not say when it ran".to_string()),
        (_, None) => unknown.push("the report has no updated or created date".to_string()),
    }
    Staleness {
        stale: !reasons.is_empty(),
        reasons,
        unknown,
    }
}

/// The same script, however much of its path each side gives.
fn same_script(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    let tail = |long: &str, short: &str| {
        long.strip_suffix(short)
            .is_some_and(|rest| rest.ends_with('/'))
    };
    a == b || tail(a, b) || tail(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::REPORT;
    use crate::report::read;
    use crate::run::gates::test_run::{seed, seed_with};
    use serde_json::json;

    #[test]
    fn the_seed_run_is_not_stale() {
        let staleness = staleness(&seed(), &read(REPORT));
        assert!(!staleness.stale, "{staleness:?}");
        assert!(staleness.unknown.is_empty());
    }

    #[test]
    fn another_workflow_is_stale() {
        let run = seed_with("/workflow", Some(json!(".claude/workflows/other.js")));
        let staleness = staleness(&run, &read(REPORT));
        assert!(staleness.stale);
        assert_eq!(
            staleness.reasons,
            [
                "the run is of the workflow .claude/workflows/other.js; the report audits .claude/workflows/pg-money-core-migration.js"
            ]
        );
    }

    #[test]
    fn a_run_before_the_reports_update_is_stale() {
        let run = seed_with("/startedAt", Some(json!("2026-05-30T23:59:00Z")));
        assert!(staleness(&run, &read(REPORT)).stale);
        let run = seed_with("/startedAt", Some(json!("2026-05-31T00:00:01Z")));
        assert!(!staleness(&run, &read(REPORT)).stale);
    }

    #[test]
    fn what_cannot_be_compared_is_said() {
        let mut run = seed_with("/workflow", None);
        run.started_at = None;
        run.finished_at = None;
        let staleness = staleness(&run, &read("# no frontmatter"));
        assert!(!staleness.stale);
        assert_eq!(staleness.unknown.len(), 2);
    }

    #[test]
    fn scripts_match_by_path_tail() {
        assert!(same_script(
            "/Users/x/escrow/.claude/workflows/a.js",
            ".claude/workflows/a.js"
        ));
        assert!(!same_script("workflows/xa.js", "a.js"));
    }
}
