//! secondlook's own verdict from the gate results (the rule of
//! `docs/run-format.md`). It fails closed: `no-go` with any failed blocker;
//! `not-verified` when a blocker is not verified or not reported (never a kind of go);
//! `go-with-changes` when every blocker passed and a warning failed; `go` when every
//! blocker passed and no warning failed. The decision's types are the review's data
//! (`secondlook_review::verdict`); deciding reads the registry, so it is here.

pub use secondlook_review::verdict::*;

use crate::gate::{Evidence, GateId, GateResult, Severity, Status};
use crate::registry::{infos, reads_sql};
use crate::sql::SqlFile;

/// The verdict on `gates`; `sql_files` are the run's SQL files as loaded, so that a
/// result left open by a missing file names the file.
/// Blocker gates that give no result when there is nothing for them to judge:
/// `data-kept` gives one per table a baseline made (without a baseline there is nothing
/// to keep), `lock-budget` one per budget the run declares. Giving none is then not a
/// gate that said nothing.
pub const NOTHING_TO_JUDGE: &[GateId] = &[GateId::DataKept, GateId::LockBudget];

pub fn decide<'a>(
    gates: &[GateResult],
    sql_files: impl IntoIterator<Item = &'a SqlFile>,
) -> Decision {
    let failed_blockers = gates
        .iter()
        .filter(|g| g.severity == Severity::Blocker && g.status == Status::Fail)
        .count();
    let unread: Vec<UnreadFile> = sql_files
        .into_iter()
        .filter_map(|f| {
            f.text.as_ref().err().map(|why| UnreadFile {
                path: f.path.clone(),
                why: why.clone(),
            })
        })
        .collect();
    let open = |g: &&GateResult| {
        g.severity == Severity::Blocker
            && matches!(g.status, Status::NotReported | Status::NotVerified)
    };
    let failed_warning =
        |g: &&GateResult| g.severity == Severity::Warning && g.status == Status::Fail;
    let must_check_of = |g: &GateResult| MustCheck {
        id: g.id,
        status: Some(g.status),
        severity: g.severity,
        message: g.message.clone(),
        settle: settle(g, &unread),
    };
    let mut must_check: Vec<MustCheck> = gates.iter().filter(open).map(must_check_of).collect();
    // A blocker gate that said nothing has not passed either.
    must_check.extend(
        infos()
            .filter(|info| info.severity == Severity::Blocker)
            .filter(|info| !NOTHING_TO_JUDGE.contains(&info.id))
            .filter(|info| !gates.iter().any(|g| g.id == info.id))
            .map(|info| MustCheck {
                id: info.id,
                status: None,
                severity: info.severity,
                message: format!("{} gave no result", info.title),
                settle: Settle::HumanCheck,
            }),
    );
    let unverified = !must_check.is_empty();
    must_check.extend(gates.iter().filter(failed_warning).map(must_check_of));
    let verdict = if failed_blockers > 0 {
        Verdict::NoGo
    } else if unverified {
        Verdict::NotVerified
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

/// What would settle an open result: the SQL files that did not load (for a SQL gate
/// left not verified), else the statement it could not follow, else the run path it
/// lacks, else a person.
fn settle(gate: &GateResult, unread: &[UnreadFile]) -> Settle {
    if gate.status == Status::NotVerified && reads_sql(gate.id) && !unread.is_empty() {
        return Settle::LoadFiles {
            files: unread.to_vec(),
        };
    }
    if gate.status == Status::Fail {
        return Settle::HumanCheck;
    }
    // The statement that left it open is the last one its reasons name; a result
    // left open by its own rule points at its statement.
    let named = gate
        .unverified
        .iter()
        .rev()
        .find_map(|u| u.place())
        .map(|at| Settle::Statement {
            file: at.file.clone(),
            line: at.line,
            column: at.column,
        });
    let statement = named.or_else(|| {
        gate.evidence.iter().rev().find_map(|e| match e {
            Evidence::Sql { file, line, column } if gate.status == Status::NotVerified => {
                Some(Settle::Statement {
                    file: file.clone(),
                    line: *line,
                    column: *column,
                })
            }
            _ => None,
        })
    });
    let run_path = gate.evidence.iter().find_map(|e| match e {
        Evidence::RunPath { path } if gate.status == Status::NotReported => {
            Some(Settle::Report { path: path.clone() })
        }
        _ => None,
    });
    statement.or(run_path).unwrap_or(Settle::HumanCheck)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;

    fn decide_gates(gates: &[GateResult]) -> Decision {
        decide(gates, [])
    }

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
                unverified: Vec::new(),
                fix: None,
                detail: None,
            })
            .collect()
    }

    fn with(status: Status, severity: Severity) -> Vec<GateResult> {
        let mut gates = all_pass();
        gates.push(GateResult {
            id: GateId::AppendOnly,
            status,
            severity,
            message: "why".into(),
            relates_to: vec![],
            evidence: vec![],
            proof: None,
            unverified: Vec::new(),
            fix: None,
            detail: None,
        });
        gates
    }

    #[test]
    fn all_passed_is_go() {
        let decision = decide_gates(&all_pass());
        assert_eq!(decision.verdict, Verdict::Go);
        assert!(decision.must_check.is_empty());
    }

    #[test]
    fn a_failed_blocker_is_no_go_and_counted() {
        let mut gates = with(Status::Fail, Severity::Blocker);
        gates.push(gates.last().unwrap().clone());
        let decision = decide_gates(&gates);
        assert_eq!(decision.verdict, Verdict::NoGo);
        assert_eq!(decision.failed_blockers, 2);
    }

    #[test]
    fn unverified_blockers_are_not_verified_never_a_kind_of_go() {
        for status in [Status::NotVerified, Status::NotReported] {
            let decision = decide_gates(&with(status, Severity::Blocker));
            assert_eq!(decision.verdict, Verdict::NotVerified, "{status:?}");
            assert_eq!(decision.must_check.len(), 1);
            assert_eq!(decision.must_check[0].id, GateId::AppendOnly);
            assert_eq!(decision.unverified_blockers().count(), 1);
        }
    }

    #[test]
    fn a_failed_warning_is_go_with_changes() {
        let decision = decide_gates(&with(Status::Fail, Severity::Warning));
        assert_eq!(decision.verdict, Verdict::GoWithChanges);
        assert_eq!(decision.must_check.len(), 1);
        assert_eq!(decision.unverified_blockers().count(), 0);
    }

    #[test]
    fn a_failed_blocker_outweighs_an_unverified_one() {
        let mut gates = with(Status::NotVerified, Severity::Blocker);
        gates.extend(with(Status::Fail, Severity::Blocker).pop());
        assert_eq!(decide_gates(&gates).verdict, Verdict::NoGo);
    }

    #[test]
    fn each_unverified_blocker_says_what_would_settle_it() {
        let mut gates = all_pass();
        let mut open = |id: GateId, status: Status, evidence: Vec<Evidence>| {
            let gate = gates.iter_mut().find(|g| g.id == id).unwrap();
            gate.status = status;
            gate.evidence = evidence;
        };
        open(GateId::MoneyType, Status::NotVerified, vec![]);
        open(
            GateId::TestsNotSkipped,
            Status::NotReported,
            vec![Evidence::RunPath {
                path: "$.verifyGate.tests".into(),
            }],
        );
        let missing = SqlFile {
            path: "db/0001.sql".into(),
            tool: None,
            text: Err("cannot load 0001.sql: HTTP 404".into()),
        };
        let decision = decide(&gates, &[missing]);
        assert_eq!(decision.verdict, Verdict::NotVerified);
        let groups = decision.unverified_by_settle();
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].1.len(), 1, "one open result each");
        let settle = |id: GateId| {
            decision
                .must_check
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.settle.sentence())
                .unwrap()
        };
        assert_eq!(
            settle(GateId::MoneyType),
            "load the SQL the run names: db/0001.sql (cannot load 0001.sql: HTTP 404)"
        );
        assert_eq!(
            settle(GateId::TestsNotSkipped),
            "a run file that reports $.verifyGate.tests"
        );
        // With every file read, an open SQL result points at its statement.
        let mut gates = all_pass();
        let gate = gates
            .iter_mut()
            .find(|g| g.id == GateId::AppendOnly)
            .unwrap();
        gate.status = Status::NotVerified;
        gate.evidence.push(Evidence::Sql {
            file: "a.sql".into(),
            line: 3,
            column: 1,
        });
        assert_eq!(
            decide_gates(&gates).must_check[0].settle,
            Settle::Statement {
                file: "a.sql".into(),
                line: 3,
                column: 1
            }
        );
    }

    #[test]
    fn an_unverified_warning_does_not_hold_back_go() {
        assert_eq!(
            decide_gates(&with(Status::NotVerified, Severity::Warning)).verdict,
            Verdict::Go
        );
    }

    #[test]
    fn a_silent_blocker_gate_is_never_go() {
        let decision = decide_gates(&[]);
        assert_eq!(decision.verdict, Verdict::NotVerified);
        assert!(
            decision
                .must_check
                .iter()
                .any(|m| m.id == GateId::TestsNotSkipped && m.status.is_none())
        );
    }

    #[test]
    fn a_silent_sql_blocker_gate_is_never_go() {
        let gates: Vec<GateResult> = all_pass()
            .into_iter()
            .filter(|g| g.id != GateId::MoneyType)
            .collect();
        let decision = decide_gates(&gates);
        assert_eq!(decision.verdict, Verdict::NotVerified);
        assert_eq!(decision.must_check.len(), 1);
        assert_eq!(decision.must_check[0].id, GateId::MoneyType);
        assert_eq!(decision.must_check[0].settle, Settle::HumanCheck);
        assert_eq!(decision.must_check[0].status, None);
    }
}
