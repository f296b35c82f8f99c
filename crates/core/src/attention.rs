//! The gates a reviewer must look at before the verdict holds: every failed gate and
//! every blocker nobody could check, most urgent first, each with where its evidence
//! is and, in one line, what would settle it. The banner lists them; the CLI may too.

use serde::Serialize;

use crate::gate::{Evidence, GateId, GateResult, Severity, Status};
use crate::registry;
use crate::verdict::MustCheck;
use crate::workspace::anchor::Anchor;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attention {
    pub id: GateId,
    pub title: &'static str,
    /// `None`: the gate gave no result at all.
    pub status: Option<Status>,
    pub severity: Severity,
    pub message: String,
    /// Its gate card; `None` for a silent gate.
    pub anchor: Option<Anchor>,
    /// Where to look first; `None` when the result points nowhere.
    pub evidence: Option<Evidence>,
    /// What would make it pass, or settle what could not be checked.
    pub settle: String,
}

/// Failed gates, blockers before warnings, each with its own fix when the result knows
/// what to change, else its gate's.
pub fn failed(gates: &[GateResult]) -> Vec<Attention> {
    [Severity::Blocker, Severity::Warning]
        .into_iter()
        .flat_map(|severity| {
            gates
                .iter()
                .enumerate()
                .filter(move |(_, g)| g.status == Status::Fail && g.severity == severity)
        })
        .map(|(index, g)| Attention {
            id: g.id,
            anchor: Some(Anchor::gate_result(
                g.id,
                gates.get(..index).unwrap_or_default(),
            )),
            title: title(g.id),
            status: Some(g.status),
            severity: g.severity,
            message: g.message.clone(),
            evidence: g.evidence.first().cloned(),
            settle: g.fix.clone().unwrap_or_else(|| {
                registry::gate(g.id)
                    .map_or("See what this gate checks in Rules.", |g| g.fix)
                    .to_string()
            }),
        })
        .collect()
}

/// A blocker that holds the verdict at `not-verified` (see
/// [`crate::verdict::Decision::unverified_blockers`]), with its gate card and evidence
/// when it gave a result; what would settle it is the verdict's ([`MustCheck::settle`]).
pub fn unverified(gates: &[GateResult], check: &MustCheck) -> Attention {
    let index = gates.iter().position(|g| {
        g.id == check.id && Some(g.status) == check.status && g.message == check.message
    });
    Attention {
        id: check.id,
        title: title(check.id),
        status: check.status,
        severity: check.severity,
        message: check.message.clone(),
        anchor: index.map(|i| Anchor::gate_result(check.id, gates.get(..i).unwrap_or_default())),
        evidence: index
            .and_then(|i| gates.get(i))
            .and_then(|g| g.evidence.first().cloned()),
        settle: format!("To settle it: {}.", check.settle.sentence()),
    }
}

fn title(id: GateId) -> &'static str {
    registry::gate(id).map_or(id.as_str(), |g| g.title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::{Settle, decide};

    /// Failed gates first, then the blockers nobody could check, as the banner lists them.
    fn needing_attention(gates: &[GateResult]) -> Vec<Attention> {
        let decision = decide(gates, []);
        let open = decision
            .unverified_blockers()
            .map(|check| unverified(gates, check));
        failed(gates).into_iter().chain(open).collect()
    }

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
            unverified: Vec::new(),
            fix: None,
            detail: None,
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
        assert!(needing_attention(&gates).is_empty());
    }

    #[test]
    fn failures_come_first_blockers_before_warnings_with_their_fix() {
        let mut gates = every_gate_passing();
        gates.push(result(
            GateId::MoneyType,
            Status::NotVerified,
            Severity::Blocker,
        ));
        gates.push(result(
            GateId::ExpectedIndex,
            Status::Fail,
            Severity::Warning,
        ));
        gates.push(result(
            GateId::IndexPredicate,
            Status::Fail,
            Severity::Blocker,
        ));
        let found = needing_attention(&gates);
        let order: Vec<_> = found.iter().map(|a| (a.id, a.status)).collect();
        assert_eq!(
            order,
            [
                (GateId::IndexPredicate, Some(Status::Fail)),
                (GateId::ExpectedIndex, Some(Status::Fail)),
                (GateId::MoneyType, Some(Status::NotVerified)),
            ]
        );
        assert_eq!(
            found[0].settle,
            registry::gate(GateId::IndexPredicate).unwrap().fix
        );
        assert_eq!(found[0].message, "index-predicate says why");
        assert!(matches!(
            found[0].evidence,
            Some(Evidence::Sql { line: 7, .. })
        ));
        assert!(found[2].settle.contains("by hand"));
        // A result that knows what to change says so instead of the gate's general fix.
        gates.last_mut().unwrap().fix = Some("Add `status = 'pending'` to i.".into());
        assert_eq!(failed(&gates)[0].settle, "Add `status = 'pending'` to i.");
        assert_eq!(
            found[0].anchor,
            Some(Anchor::Gate {
                id: GateId::IndexPredicate,
                nth: 2
            })
        );
    }

    #[test]
    fn an_unverified_warning_is_left_out_like_in_the_verdict() {
        let mut gates = every_gate_passing();
        gates.push(result(
            GateId::ExpectedIndex,
            Status::NotVerified,
            Severity::Warning,
        ));
        assert!(needing_attention(&gates).is_empty());
    }

    #[test]
    fn a_silent_blocker_is_listed_without_evidence() {
        let gates: Vec<GateResult> = every_gate_passing()
            .into_iter()
            .filter(|g| g.id != GateId::MoneyType)
            .collect();
        let found = needing_attention(&gates);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].id, found[0].status), (GateId::MoneyType, None));
        assert_eq!(found[0].evidence, None);
        assert_eq!(
            found[0].settle,
            format!("To settle it: {}.", Settle::HumanCheck.sentence())
        );
    }
}
