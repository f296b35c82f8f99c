//! `secondlook-result/v1`: the review as JSON for CI and other tools (see
//! `docs/run-format.md`). Added beyond the spec's minimum:
//! `moreCautious`, `failedBlockers`, `mustCheck` (each with what would settle it),
//! `staleness`, `unknownFields`, `sqlOnly`, `judgedOver` and `observedLocks`.

use serde::Serialize;

use crate::gate::GateResult;
use crate::locks::Observed;
use crate::review::{Declared, Review, Side, SqlOnly, Staleness};
use crate::run::UnknownField;
use crate::verdict::{MustCheck, Verdict};

pub const FORMAT: &str = "secondlook-result/v1";

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultV1<'a> {
    pub format: &'static str,
    pub verdict: Verdict,
    /// Null without a report.
    pub declared: Option<&'a Declared>,
    /// Null when the report agrees, or without a report.
    pub discrepancy: Option<&'a str>,
    /// Which side of a discrepancy holds the migration back more (`report` or
    /// `re-check`); null without a discrepancy or when it cannot be said.
    pub more_cautious: Option<Side>,
    pub failed_blockers: usize,
    pub must_check: &'a [MustCheck],
    /// Null without a report.
    pub staleness: Option<&'a Staleness>,
    pub gates: Vec<GateResult>,
    /// Run fields this build does not know, by JSON path.
    pub unknown_fields: Vec<UnknownField<'a>>,
    /// Null unless SQL was reviewed with no run file: then what that left unchecked.
    pub sql_only: Option<&'a SqlOnly>,
    /// Left out without a baseline: the migration's files, and the baseline's files it
    /// was judged over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub judged_over: Option<JudgedOver<'a>>,
    /// Left out unless a proof ran the migration over a baseline: each statement with
    /// the locks it held on the tables it met, and whether it read or rewrote them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_locks: Option<&'a Observed>,
}

/// The files judged and the baseline they were judged over, by path, in run order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgedOver<'a> {
    pub migration: Vec<&'a str>,
    pub baseline: Vec<&'a str>,
}

/// The result, when the review has a readable run to decide on.
pub fn result(review: &Review) -> Option<ResultV1<'_>> {
    let decision = review.decision.as_ref()?;
    Some(ResultV1 {
        format: FORMAT,
        verdict: decision.verdict,
        declared: review.declared.as_ref(),
        discrepancy: review.discrepancy.as_ref().map(|d| d.message.as_str()),
        more_cautious: review.discrepancy.as_ref().and_then(|d| d.more_cautious),
        failed_blockers: decision.failed_blockers,
        must_check: &decision.must_check,
        staleness: review.staleness.as_ref(),
        gates: review
            .gates
            .iter()
            .map(GateResult::without_detail)
            .collect(),
        unknown_fields: review.run().map(|r| r.unknown_fields()).unwrap_or_default(),
        sql_only: review.sql_only.as_ref(),
        judged_over: (!review.baseline_files.is_empty()).then(|| JudgedOver {
            migration: review.sql_files.iter().map(|f| f.path.as_str()).collect(),
            baseline: review
                .baseline_files
                .iter()
                .map(|f| f.path.as_str())
                .collect(),
        }),
        observed_locks: review.sql.as_ref().and_then(|sql| sql.observed.as_ref()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{ReportInput, review};

    #[test]
    fn seed_result_has_the_spec_shape() {
        let report = ReportInput {
            text: crate::demo::REPORT,
            path: crate::demo::REPORT_PATH,
        };
        let review = review(Some(report), Some(crate::run::read(crate::demo::RUN)), &[]);
        let json = serde_json::to_value(result(&review).unwrap()).unwrap();
        assert_eq!(json["format"], "secondlook-result/v1");
        assert_eq!(json["declared"]["verdict"], "go-with-changes (0 blockers)");
        assert_eq!(json["declared"]["confirmedBlockers"], 0);
        let gates = json["gates"].as_array().unwrap();
        let gate = gates
            .iter()
            .find(|g| g["id"] == "tests-not-skipped")
            .unwrap();
        assert_eq!(gate["status"], "pass");
        assert_eq!(gate["severity"], "blocker");
        assert_eq!(
            gate["evidence"][0]["path"],
            "$.verifyGate.tests.testsSkipped"
        );
        assert_eq!(gate["relatesTo"][1], "TEST_001");
    }

    #[test]
    fn without_a_report_declared_and_discrepancy_are_null() {
        let review = review(None, Some(crate::run::read(crate::demo::RUN)), &[]);
        let json = serde_json::to_value(result(&review).unwrap()).unwrap();
        assert!(json["declared"].is_null() && json["discrepancy"].is_null());
    }
}
