//! The run-level gates: what the run file itself must show, one module per gate. Each
//! module holds its [`GateInfo`] (registered in `crate::registry`), its `check` and its
//! tests. A field a gate needs that the run does not give makes it *not reported*.

pub mod factory_complete;
pub mod gate_consistent;
pub mod no_version_bump;
pub mod self_audit_safe;
pub mod tests_not_skipped;

use crate::gate::{Evidence, GateResult, Status};
use crate::registry::{Check, GATES, GateInfo};

use super::Run;

/// Every run-level gate's results, in registry order.
pub fn check(run: &Run) -> Vec<GateResult> {
    GATES
        .iter()
        .filter_map(|gate| match gate.check {
            Check::Run(check) => Some(check(run)),
            Check::Sql(_) | Check::LockSafety(_) => None,
        })
        .flatten()
        .collect()
}

/// A result of `info`'s gate with the run path it read as evidence. The gate's own
/// `relatesTo` is added by the review, as for every gate.
fn result(info: &GateInfo, status: Status, message: impl Into<String>, path: &str) -> GateResult {
    GateResult {
        id: info.id,
        status,
        severity: info.severity,
        message: message.into(),
        relates_to: Vec::new(),
        evidence: vec![Evidence::RunPath { path: path.into() }],
        proof: None,
        unverified: Vec::new(),
        fix: None,
    }
}

#[cfg(test)]
pub(crate) mod test_run {
    //! Runs for the gates' tests: the seed run with one JSON value replaced or removed.

    use serde_json::Value;

    use crate::run::Run;

    /// The seed run with the value at `pointer` (RFC 6901, `/verifyGate/committed`)
    /// set to `value`, or removed when `value` is `None`.
    pub fn seed_with(pointer: &str, value: Option<Value>) -> Run {
        let mut json: Value = serde_json::from_str(crate::demo::RUN).unwrap();
        let (parent, last) = pointer.rsplit_once('/').unwrap();
        let parent = json.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        match value {
            Some(v) => parent.insert(last.to_string(), v),
            None => parent.remove(last),
        };
        crate::run::read(&json.to_string()).unwrap()
    }

    pub fn seed() -> Run {
        crate::run::read(crate::demo::RUN).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{infos, reads_sql};

    #[test]
    fn seed_run_passes_every_run_level_gate() {
        let results = check(&test_run::seed());
        let mut ids: Vec<&str> = results.iter().map(|r| r.id).collect();
        ids.dedup();
        let run_level: Vec<&str> = infos().map(|g| g.id).filter(|id| !reads_sql(id)).collect();
        assert_eq!(
            ids, run_level,
            "one run of results per gate, in registry order"
        );
        for r in &results {
            assert_eq!(r.status, Status::Pass, "{r:#?}");
        }
    }

    #[test]
    fn a_run_that_reports_nothing_is_not_reported_everywhere() {
        let run = crate::run::read(r#"{"format": "migration-run/v1"}"#).unwrap();
        let results = check(&run);
        for id in [
            "self-audit-safe",
            "tests-not-skipped",
            "no-version-bump",
            "factory-complete",
            "gate-consistent",
        ] {
            assert!(results.iter().any(|r| r.id == id), "{id} gave no result");
        }
        for r in &results {
            assert_eq!(r.status, Status::NotReported, "{r:#?}");
        }
    }
}
