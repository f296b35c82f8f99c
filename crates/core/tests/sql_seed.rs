//! The seed run's SQL against the seed expectations, and what the gates' examples that
//! break it say (that each fails exactly its gate is `tests/examples.rs`).

use std::collections::BTreeSet;

use secondlook_core::gate::{GateId, GateResult, Status};
use secondlook_core::recheck::check;
use secondlook_core::registry::{Check, GATES, examples};
use secondlook_core::run::expectations::Expectations;
use secondlook_core::sql::SqlFile;
use secondlook_core::verdict::NOTHING_TO_JUDGE;

const SEED_PATH: &str = "backend/src/db/migrations/0000_money_core.sql";
const SEED_SQL: &str = include_str!("../../../fixtures/seed/schema/0000_money_core.sql");

fn seed_expectations() -> Expectations {
    let run: serde_json::Value =
        serde_json::from_str(include_str!("../../../fixtures/seed/run.json")).unwrap();
    serde_json::from_value(run["expectations"].clone()).unwrap()
}

fn gates(sql: &str) -> Vec<GateResult> {
    let files = [SqlFile {
        path: SEED_PATH.to_string(),
        tool: None,
        text: Ok(sql.to_string()),
    }];
    check(&files, Some(&seed_expectations())).gates
}

#[test]
fn the_seed_sql_passes_every_gate() {
    let results = gates(SEED_SQL);
    let not_passing: Vec<_> = results
        .iter()
        .filter(|g| g.status != Status::Pass)
        .collect();
    assert!(not_passing.is_empty(), "{not_passing:#?}");
    let ids: BTreeSet<_> = results.iter().map(|g| g.id).collect();
    let sql_gates: BTreeSet<_> = GATES
        .iter()
        .filter(|g| matches!(g.check, Check::Sql(_)))
        .filter(|g| !NOTHING_TO_JUDGE.contains(&g.info.id))
        .map(|g| g.info.id)
        .collect();
    assert_eq!(
        ids, sql_gates,
        "every SQL gate reports, but those of a baseline's tables"
    );
}

#[test]
fn the_seed_predicate_points_at_its_index() {
    let results = gates(SEED_SQL);
    let predicate = results
        .iter()
        .find(|g| {
            g.id == GateId::IndexPredicate && g.message.starts_with("payments_rn_idempotency_idx")
        })
        .unwrap();
    assert_eq!(
        predicate.relates_to,
        [
            "IDEMPOTENCY_INDEX_PRESERVATION",
            "FK-010",
            "IDEMPOTENCY_INDEX_REPRODUCTION_NOT_TESTED"
        ]
    );
    let evidence = serde_json::to_value(&predicate.evidence).unwrap();
    assert_eq!(
        evidence,
        serde_json::json!([{ "file": SEED_PATH, "line": 120, "column": 1 }])
    );
}

/// The seed's SQL as the named example of the gate `id` changes it.
fn example(id: GateId, name: &str) -> String {
    examples()
        .find(|(gate, example)| gate.id == id && example.name == name)
        .map(|(_, example)| example.input.text().unwrap())
        .unwrap_or_else(|| panic!("no example {id}/{name}"))
}

#[test]
fn failures_name_what_broke() {
    let message = |id: GateId, name: &str| {
        gates(&example(id, name))
            .into_iter()
            .find(|g| g.id == id && g.status != Status::Pass)
            .map(|g| g.message)
            .unwrap()
    };
    assert_eq!(
        message(GateId::IndexPredicate, "lacks-status"),
        "payments_rn_idempotency_idx: the predicate lacks status = 'pending'"
    );
    assert_eq!(
        message(GateId::MoneyType, "numeric-38-2"),
        "payments.amount is numeric(38,2), not numeric(38,18)"
    );
    assert!(
        message(GateId::AppendOnly, "update-only")
            .starts_with("ledger_entries: DELETE is not blocked")
    );
    assert_eq!(
        message(GateId::ParentOrder, "users-reference-payments"),
        "users references payments, which comes later in parentOrder"
    );
}

/// What PostgreSQL stores for the seed, as `pg_dump --schema-only` writes it back
/// (owners, grants, comments, `\restrict`): the same schema, so the same verdict.
#[test]
fn pg_dump_of_the_seed_passes_every_gate() {
    let dump = include_str!("../../../fixtures/model/pg_dump_seed.sql");
    let results = gates(dump);
    let not_passing: Vec<_> = results
        .iter()
        .filter(|g| g.status != Status::Pass)
        .collect();
    assert!(not_passing.is_empty(), "{not_passing:#?}");
}
