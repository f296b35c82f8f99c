//! secondlook's own verdict from the gate results (the rule of
//! `docs/run-format.md`): `no-go` with any failed blocker; `go` only when
//! every blocker gate passed and no warning failed; otherwise `go-with-changes`, naming
//! what a human must check by hand.

use serde::{Deserialize, Serialize};

use crate::gate::{GateResult, Severity, Status};
use crate::registry::infos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Go,
    GoWithChanges,
    /// No blocker failed, but what the verdict rests on was not all checked (SQL
    /// reviewed with no run file).
    NotVerified,
    NoGo,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Go => "go",
            Verdict::GoWithChanges => "go-with-changes",
            Verdict::NotVerified => "not-verified",
            Verdict::NoGo => "no-go",
        }
    }

    /// The verdict a report's words start with (`go-with-changes (0 blockers)`, `GO,
    /// with changes`), if any.
    pub fn parse(words: &str) -> Option<Verdict> {
        let lower = words.to_ascii_lowercase();
        let mut words = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty());
        match (words.next(), words.next(), words.next()) {
            (Some("no"), Some("go"), _) | (Some("nogo"), _, _) => Some(Verdict::NoGo),
            (Some("go"), Some("with"), Some("changes")) => Some(Verdict::GoWithChanges),
            (Some("go"), _, _) => Some(Verdict::Go),
            _ => None,
        }
    }
}

/// Something a human must check by hand before the verdict holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MustCheck {
    #[serde(deserialize_with = "crate::registry::deserialize_id")]
    pub id: crate::registry::GateId,
    /// `None`: the gate gave no result at all.
    pub status: Option<Status>,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub verdict: Verdict,
    pub failed_blockers: usize,
    /// Failed warnings, blocker results that are not verified or not reported, and
    /// registered blocker gates that gave no result: none of them is a pass.
    pub must_check: Vec<MustCheck>,
}

pub fn decide(gates: &[GateResult]) -> Decision {
    let failed_blockers = gates
        .iter()
        .filter(|g| g.severity == Severity::Blocker && g.status == Status::Fail)
        .count();
    let mut must_check: Vec<MustCheck> = gates
        .iter()
        .filter(|g| match g.severity {
            Severity::Blocker => matches!(g.status, Status::NotReported | Status::NotVerified),
            Severity::Warning => g.status == Status::Fail,
        })
        .map(|g| MustCheck {
            id: g.id,
            status: Some(g.status),
            severity: g.severity,
            message: g.message.clone(),
        })
        .collect();
    // A blocker gate that said nothing has not passed either.
    must_check.extend(
        infos()
            .filter(|info| info.severity == Severity::Blocker)
            .filter(|info| !gates.iter().any(|g| g.id == info.id))
            .map(|info| MustCheck {
                id: info.id,
                status: None,
                severity: info.severity,
                message: format!("{} gave no result", info.title),
            }),
    );
    let verdict = if failed_blockers > 0 {
        Verdict::NoGo
    } else if must_check.is_empty() {
        Verdict::Go
    } else {
        Verdict::GoWithChanges
    };
    Decision {
        verdict,
        failed_blockers,
        must_check,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::Evidence;

    /// One passing result for every registered gate, so a test changes just one.
    fn all_pass() -> Vec<GateResult> {
        infos()
            .map(|info| GateResult {
                id: info.id,
                status: Status::Pass,
                severity: info.severity,
                message: String::new(),
                relates_to: vec![],
                evidence: vec![Evidence::RunPath { path: "$".into() }],
                proof: None,
            })
            .collect()
    }

    fn with(status: Status, severity: Severity) -> Vec<GateResult> {
        let mut gates = all_pass();
        gates.push(GateResult {
            id: "some-gate",
            status,
            severity,
            message: "why".into(),
            relates_to: vec![],
            evidence: vec![],
            proof: None,
        });
        gates
    }

    #[test]
    fn all_passed_is_go() {
        let decision = decide(&all_pass());
        assert_eq!(decision.verdict, Verdict::Go);
        assert!(decision.must_check.is_empty());
    }

    #[test]
    fn a_failed_blocker_is_no_go_and_counted() {
        let mut gates = with(Status::Fail, Severity::Blocker);
        gates.push(gates.last().unwrap().clone());
        let decision = decide(&gates);
        assert_eq!(decision.verdict, Verdict::NoGo);
        assert_eq!(decision.failed_blockers, 2);
    }

    #[test]
    fn unverified_blockers_and_failed_warnings_need_a_human() {
        for (status, severity) in [
            (Status::NotVerified, Severity::Blocker),
            (Status::NotReported, Severity::Blocker),
            (Status::Fail, Severity::Warning),
        ] {
            let decision = decide(&with(status, severity));
            assert_eq!(
                decision.verdict,
                Verdict::GoWithChanges,
                "{status:?} {severity:?}"
            );
            assert_eq!(decision.must_check.len(), 1);
            assert_eq!(decision.must_check[0].id, "some-gate");
        }
    }

    #[test]
    fn an_unverified_warning_does_not_hold_back_go() {
        assert_eq!(
            decide(&with(Status::NotVerified, Severity::Warning)).verdict,
            Verdict::Go
        );
    }

    #[test]
    fn a_silent_blocker_gate_is_never_go() {
        let decision = decide(&[]);
        assert_eq!(decision.verdict, Verdict::GoWithChanges);
        assert!(
            decision
                .must_check
                .iter()
                .any(|m| m.id == "tests-not-skipped" && m.status.is_none())
        );
    }

    #[test]
    fn a_silent_sql_blocker_gate_is_never_go() {
        let gates: Vec<GateResult> = all_pass()
            .into_iter()
            .filter(|g| g.id != "money-type")
            .collect();
        let decision = decide(&gates);
        assert_eq!(decision.verdict, Verdict::GoWithChanges);
        assert_eq!(decision.must_check.len(), 1);
        assert_eq!(decision.must_check[0].id, "money-type");
        assert_eq!(decision.must_check[0].status, None);
    }

    #[test]
    fn report_words_parse_by_their_leading_verdict() {
        assert_eq!(
            Verdict::parse("go-with-changes (0 blockers)"),
            Some(Verdict::GoWithChanges)
        );
        assert_eq!(Verdict::parse(" NO-GO"), Some(Verdict::NoGo));
        assert_eq!(Verdict::parse("go"), Some(Verdict::Go));
        assert_eq!(
            Verdict::parse("GO, with changes"),
            Some(Verdict::GoWithChanges)
        );
        assert_eq!(Verdict::parse("good"), None);
        assert_eq!(Verdict::parse(""), None);
    }
}
