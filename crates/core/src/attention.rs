//! The gates a reviewer must look at before the verdict holds: every failed gate and
//! every blocker nobody could check, most urgent first, each with where its evidence
//! is and, in one line, what would settle it. The banner lists them; the CLI may too.

use serde::Serialize;

use crate::gate::{Evidence, GateResult, Severity, Status};
use crate::registry::{self, GateId};
use crate::verdict::Decision;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attention {
    pub id: GateId,
    pub title: &'static str,
    /// `None`: the gate gave no result at all.
    pub status: Option<Status>,
    pub severity: Severity,
    pub message: String,
    /// The element id of its gate card (see [`gate_anchor`]); `None` for a silent gate.
    pub anchor: Option<String>,
    /// Where to look first; `None` when the result points nowhere.
    pub evidence: Option<Evidence>,
    /// What would make it pass, or settle what could not be checked.
    pub settle: String,
}

/// Failed gates (blockers before warnings), then blockers not verified, not reported
/// or silent. A warning that could not be checked holds nothing back, so it is left out,
/// as in the verdict.
pub fn needing_attention(gates: &[GateResult], decision: &Decision) -> Vec<Attention> {
    let mut found: Vec<Attention> = Status::BY_ATTENTION
        .into_iter()
        .filter(|status| *status != Status::Pass)
        .flat_map(|status| {
            [Severity::Blocker, Severity::Warning]
                .into_iter()
                .map(move |severity| (status, severity))
        })
        .flat_map(|(status, severity)| {
            gates
                .iter()
                .enumerate()
                .filter(move |(_, g)| g.status == status && g.severity == severity)
                .filter(|(_, g)| g.status == Status::Fail || g.severity == Severity::Blocker)
        })
        .map(|(index, g)| Attention {
            id: g.id,
            anchor: Some(gate_anchor(gates, index)),
            title: title(g.id),
            status: Some(g.status),
            severity: g.severity,
            message: g.message.clone(),
            evidence: g.evidence.first().cloned(),
            settle: settle(g.id, Some(g.status)),
        })
        .collect();
    found.extend(
        decision
            .must_check
            .iter()
            .filter(|m| m.status.is_none())
            .map(|m| Attention {
                id: m.id,
                title: title(m.id),
                status: None,
                severity: m.severity,
                message: m.message.clone(),
                anchor: None,
                evidence: None,
                settle: settle(m.id, None),
            }),
    );
    found
}

/// The element id of the gate card for `gates[index]`: `gate-<id>`, then `gate-<id>-2`
/// and so on for a gate with more than one result.
pub fn gate_anchor(gates: &[GateResult], index: usize) -> String {
    let id = gates.get(index).map_or("", |g| g.id);
    let earlier = gates.iter().take(index).filter(|g| g.id == id).count();
    match earlier {
        0 => format!("gate-{id}"),
        n => format!("gate-{id}-{}", n + 1),
    }
}

fn title(id: GateId) -> &'static str {
    registry::gate(id).map_or(id, |g| g.title)
}

fn settle(id: GateId, status: Option<Status>) -> String {
    match status {
        Some(Status::NotVerified) => "Not checked: give the re-check what it needs (the SQL \
                                      loaded and parsing), or check it by hand."
            .to_string(),
        Some(Status::NotReported) => {
            "The run does not say: rerun the workflow so it reports this, or check it by hand."
                .to_string()
        }
        None => {
            "No result: load the input it reads (the run's SQL), or check it by hand.".to_string()
        }
        // Only failures remain: the gate's own fix.
        Some(Status::Fail | Status::Pass) => registry::gate(id)
            .map_or("See what this gate checks in Rules.", |g| g.fix)
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::decide;

    fn result(id: GateId, status: Status, severity: Severity) -> GateResult {
        GateResult {
            id,
            status,
            severity,
            message: format!("{id} says why"),
            relates_to: vec![],
            evidence: vec![Evidence::Sql {
                file: "a.sql".into(),
                line: 7,
                column: 1,
            }],
            proof: None,
        }
    }

    fn every_gate_passing() -> Vec<GateResult> {
        registry::infos()
            .map(|info| result(info.id, Status::Pass, info.severity))
            .collect()
    }

    #[test]
    fn all_passing_needs_nothing() {
        let gates = every_gate_passing();
        assert!(needing_attention(&gates, &decide(&gates)).is_empty());
    }

    #[test]
    fn failures_come_first_blockers_before_warnings_with_their_fix() {
        let mut gates = every_gate_passing();
        gates.push(result("money-type", Status::NotVerified, Severity::Blocker));
        gates.push(result("expected-index", Status::Fail, Severity::Warning));
        gates.push(result("index-predicate", Status::Fail, Severity::Blocker));
        let found = needing_attention(&gates, &decide(&gates));
        let order: Vec<_> = found.iter().map(|a| (a.id, a.status)).collect();
        assert_eq!(
            order,
            [
                ("index-predicate", Some(Status::Fail)),
                ("expected-index", Some(Status::Fail)),
                ("money-type", Some(Status::NotVerified)),
            ]
        );
        assert_eq!(
            found[0].settle,
            registry::gate("index-predicate").unwrap().fix
        );
        assert_eq!(found[0].message, "index-predicate says why");
        assert!(matches!(
            found[0].evidence,
            Some(Evidence::Sql { line: 7, .. })
        ));
        assert!(found[2].settle.contains("by hand"));
        assert_eq!(found[0].anchor.as_deref(), Some("gate-index-predicate-2"));
    }

    #[test]
    fn a_gate_with_several_results_gets_one_anchor_each() {
        let gates = [
            result("self-audit-safe", Status::Pass, Severity::Blocker),
            result("money-type", Status::Pass, Severity::Blocker),
            result("self-audit-safe", Status::Fail, Severity::Blocker),
        ];
        let anchors: Vec<_> = (0..3).map(|i| gate_anchor(&gates, i)).collect();
        assert_eq!(
            anchors,
            [
                "gate-self-audit-safe",
                "gate-money-type",
                "gate-self-audit-safe-2"
            ]
        );
    }

    #[test]
    fn an_unverified_warning_is_left_out_like_in_the_verdict() {
        let mut gates = every_gate_passing();
        gates.push(result(
            "expected-index",
            Status::NotVerified,
            Severity::Warning,
        ));
        assert!(needing_attention(&gates, &decide(&gates)).is_empty());
    }

    #[test]
    fn a_silent_blocker_is_listed_without_evidence() {
        let gates: Vec<GateResult> = every_gate_passing()
            .into_iter()
            .filter(|g| g.id != "money-type")
            .collect();
        let found = needing_attention(&gates, &decide(&gates));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].id, found[0].status), ("money-type", None));
        assert_eq!(found[0].evidence, None);
        assert!(found[0].settle.starts_with("No result"));
    }
}
