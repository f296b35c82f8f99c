//! Every gate secondlook knows, with what it checks and why. The app, the command line
//! (SARIF rules) and the generated docs read this list; a gate's relation to report
//! finding IDs is declared here, once, and kept in a result only where the report at
//! hand has that ID (see `review`).

use crate::gate::Severity;
use crate::run::gates::{
    factory_complete, gate_consistent, no_version_bump, self_audit_safe, tests_not_skipped,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GateInfo {
    /// Stable kebab-case id, the same as the module name.
    pub id: &'static str,
    pub title: &'static str,
    /// The gate's severity; a gate whose severity depends on what it checks (an
    /// expected index) gives its highest here.
    pub severity: Severity,
    /// What it checks.
    pub checks: &'static str,
    /// Why it matters for money.
    pub why: &'static str,
    /// An input that fires it.
    pub fires: &'static str,
    /// A near miss that must not fire.
    pub passes: &'static str,
    /// Report finding IDs the gate gives evidence for.
    pub relates_to: &'static [&'static str],
}

/// In display order: the self-audit first, because it must never be buried.
pub const GATES: &[GateInfo] = &[
    self_audit_safe::INFO,
    tests_not_skipped::INFO,
    no_version_bump::INFO,
    factory_complete::INFO,
    gate_consistent::INFO,
    // The SQL gates follow, one line each (money-type, expected-index, index-predicate,
    // mixed-id-check, append-only, additive-only, parent-order, sql-parses).
];

/// The gate with this id.
pub fn gate(id: &str) -> Option<&'static GateInfo> {
    GATES.iter().find(|g| g.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_explained() {
        for (i, g) in GATES.iter().enumerate() {
            assert!(
                GATES.iter().skip(i + 1).all(|other| other.id != g.id),
                "{} twice",
                g.id
            );
            assert!(
                g.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                g.id
            );
            for text in [g.title, g.checks, g.why, g.fires, g.passes] {
                assert!(!text.trim().is_empty(), "{} lacks a text", g.id);
            }
        }
    }
}
