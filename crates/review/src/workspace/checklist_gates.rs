//! Which gates a checklist item is about, so an item whose gate failed can be flagged.
//! Deliberately simple and predictable: an item relates to a gate when its text holds
//! one of the gate's keywords, matched case-sensitively (so `WHERE` and `CHECK` are the
//! SQL words, not English ones).

use crate::gate::{GateId, GateResult, Status};

const KEYWORDS: &[(GateId, &[&str])] = &[
    (GateId::MoneyType, &["numeric", "float"]),
    (GateId::AppendOnly, &["immutab", "append"]),
    (GateId::IndexPredicate, &["partial", "WHERE"]),
    (GateId::MixedIdCheck, &["Mixed-id", "CHECK"]),
    (GateId::TestsNotSkipped, &["skip"]),
    (GateId::NoVersionBump, &["version"]),
    (GateId::SelfAuditSafe, &["selfAudit", "unsafe", "must-fix"]),
];

/// The gates an item's text is about, in table order.
pub fn gates_of(text: &str) -> Vec<GateId> {
    KEYWORDS
        .iter()
        .filter(|(_, words)| words.iter().any(|w| text.contains(w)))
        .map(|(id, _)| *id)
        .collect()
}

/// The gates an item is about that failed in this review.
pub fn failed_gates(text: &str, gates: &[GateResult]) -> Vec<GateId> {
    gates_of(text)
        .into_iter()
        .filter(|id| {
            gates
                .iter()
                .any(|g| g.id == *id && g.status == Status::Fail)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failed_gates_flag_an_item() {
        use crate::gate::{GateResult, Severity};
        let result = |id: GateId, status| GateResult {
            id,
            status,
            severity: Severity::Blocker,
            message: String::new(),
            relates_to: vec![],
            evidence: vec![],
            proof: None,
            unverified: Vec::new(),
            fix: None,
            detail: None,
        };
        let gates = [
            result(GateId::MoneyType, Status::Fail),
            result(GateId::AppendOnly, Status::Pass),
            result(GateId::IndexPredicate, Status::NotVerified),
        ];
        let text = "ledger immutability, partial WHERE, numeric";
        assert_eq!(failed_gates(text, &gates), [GateId::MoneyType]);
        assert!(failed_gates("Cutover", &gates).is_empty());
    }
}
