//! The run-level gates: what the run file itself must show, one module per gate. Each
//! module holds its [`GateInfo`](crate::gate::GateInfo) (registered in
//! `crate::registry`, which runs them: `registry::run_gates`), its `check` and its
//! tests. A field a gate needs that the run does not give makes it *not reported*.

pub mod factory_complete;
pub mod gate_consistent;
pub mod no_version_bump;
pub mod self_audit_safe;
pub mod tests_not_skipped;

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
    use crate::gate::GateId;
    use crate::gate::Status;
    use crate::registry::{infos, reads_sql, run_gates as check};

    #[test]
    fn seed_run_passes_every_run_level_gate() {
        let results = check(&test_run::seed());
        let mut ids: Vec<GateId> = results.iter().map(|r| r.id).collect();
        ids.dedup();
        let run_level: Vec<GateId> = infos().map(|g| g.id).filter(|id| !reads_sql(*id)).collect();
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
            GateId::SelfAuditSafe,
            GateId::TestsNotSkipped,
            GateId::NoVersionBump,
            GateId::FactoryComplete,
            GateId::GateConsistent,
        ] {
            assert!(results.iter().any(|r| r.id == id), "{id} gave no result");
        }
        for r in &results {
            assert_eq!(r.status, Status::NotReported, "{r:#?}");
        }
    }
}
