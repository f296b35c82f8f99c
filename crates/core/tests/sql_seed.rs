//! The seed run's SQL against the seed expectations, and broken copies of it
//! (`fixtures/sql/*.sql`, each breaking one promise) that must fail exactly their gates.

use std::collections::BTreeSet;

use secondlook_core::gate::{GateId, GateResult, Status};
use secondlook_core::registry::{Check, GATES};
use secondlook_core::run::expectations::Expectations;
use secondlook_core::sql::{SqlFile, check};

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

fn failing(sql: &str) -> BTreeSet<&'static str> {
    gates(sql)
        .iter()
        .filter(|g| g.status != Status::Pass)
        .map(|g| g.id.as_str())
        .collect()
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
        .map(|g| g.info.id)
        .collect();
    assert_eq!(ids, sql_gates, "every SQL gate reports");
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

/// Each broken copy of the seed and the gates it must fail (not pass); `pass_` copies
/// are near-misses that must pass everything.
const VARIANTS: &[(&str, &[&str])] = &[
    ("money-type_numeric-38-2.sql", &["money-type"]),
    ("money-type_double-precision.sql", &["money-type"]),
    ("index-predicate_lacks-status.sql", &["index-predicate"]),
    (
        "expected-index_missing-status-created-at.sql",
        &["expected-index"],
    ),
    ("expected-index_address-not-unique.sql", &["expected-index"]),
    (
        "mixed-id-check_user-branch-leaves-offer-free.sql",
        &["mixed-id-check"],
    ),
    ("append-only_update-only.sql", &["append-only"]),
    ("append-only_function-only-notices.sql", &["append-only"]),
    ("additive-only_drops-a-column.sql", &["additive-only"]),
    (
        "parent-order_users-reference-payments.sql",
        &["parent-order"],
    ),
    ("sql-parses_create-statistics.sql", &["sql-parses"]),
    ("pass_mixed-id-check-added-in-do-block.sql", &[]),
    ("pass_predicate-reordered-with-casts.sql", &[]),
    ("pass_append-only-by-rules.sql", &[]),
];

fn fixture(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/sql/");
    std::fs::read_to_string(format!("{path}{name}")).unwrap()
}

#[test]
fn each_broken_copy_fails_exactly_the_gates_it_breaks() {
    for (name, expected) in VARIANTS {
        let got = failing(&fixture(name));
        let expected: BTreeSet<&str> = expected.iter().copied().collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn every_fixture_is_listed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/sql");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = VARIANTS.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn failures_name_what_broke() {
    let message = |name: &str, id: &str| {
        gates(&fixture(name))
            .into_iter()
            .find(|g| g.id.as_str() == id && g.status != Status::Pass)
            .map(|g| g.message)
            .unwrap()
    };
    assert_eq!(
        message("index-predicate_lacks-status.sql", "index-predicate"),
        "payments_rn_idempotency_idx: the predicate lacks status = 'pending'"
    );
    assert_eq!(
        message("money-type_numeric-38-2.sql", "money-type"),
        "payments.amount is numeric(38,2), not numeric(38,18)"
    );
    assert!(
        message("append-only_update-only.sql", "append-only")
            .starts_with("ledger_entries: DELETE is not blocked")
    );
    assert_eq!(
        message("parent-order_users-reference-payments.sql", "parent-order"),
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
