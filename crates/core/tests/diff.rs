//! The diff of two reviews of the seed: results matched by gate and object whatever
//! their line, the schema a reviewer of money cares about, and report findings.

use secondlook_core::diff::{Change, ObjectKind, RunDiff, diff};
use secondlook_core::gate::{GateId, Status};
use secondlook_core::inputs::Inputs;

/// The demo with `edit` applied to its SQL, and to its report by `report`.
fn demo(edit: impl Fn(&str) -> String, report: impl Fn(&str) -> String) -> Inputs {
    let mut inputs = Inputs::demo();
    let sql = inputs.sql.first_mut().unwrap();
    sql.text = edit(&sql.text);
    let r = inputs.report.as_mut().unwrap();
    r.text = report(&r.text);
    inputs
}

fn same(text: &str) -> String {
    text.to_string()
}

const FLOAT_MONEY: fn(&str) -> String = |sql| {
    sql.replacen(
        "\"points_balance\" numeric(38, 18)",
        "\"points_balance\" double precision",
        1,
    )
};

fn between(base: &Inputs, run: &Inputs) -> RunDiff {
    diff(&base.review(), &run.review())
}

fn changes(d: &RunDiff, change: Change) -> Vec<String> {
    d.gates
        .iter()
        .filter(|g| g.change == change)
        .map(|g| g.fingerprint.key())
        .collect()
}

#[test]
fn the_same_run_has_no_changes() {
    let d = between(&Inputs::demo(), &Inputs::demo());
    assert!(!d.has_changes(), "{d:#?}");
    assert!(d.gates.iter().all(|g| g.change == Change::Unchanged));
    assert!(!d.gates.is_empty());
}

#[test]
fn moved_lines_change_nothing() {
    let moved = demo(
        |sql| format!("-- a comment\n\n\n{sql}"),
        |r| r.replacen("\n\n", "\n\n\n\n", 1),
    );
    let d = between(&Inputs::demo(), &moved);
    assert!(!d.has_changes(), "{d:#?}");
}

#[test]
fn a_float_money_column_is_new_and_its_fix_is_fixed() {
    let broken = demo(FLOAT_MONEY, same);
    let d = between(&Inputs::demo(), &broken);
    assert_eq!(
        changes(&d, Change::New),
        ["money-type:users.points_balance"]
    );
    let gate = d.gates.iter().find(|g| g.change == Change::New).unwrap();
    assert_eq!(
        (gate.base_status, gate.status),
        (Some(Status::Pass), Some(Status::Fail))
    );
    // Every other money column is still the same result.
    assert!(changes(&d, Change::Unchanged).contains(&"money-type:payments.amount".to_string()));
    let column = d
        .schema
        .iter()
        .find(|s| s.kind == ObjectKind::MoneyColumn)
        .unwrap();
    assert_eq!(column.name, "users.points_balance");
    assert_eq!(column.before.as_deref(), Some("numeric(38,18)"));
    assert_eq!(column.after.as_deref(), Some("double precision"));
    assert_ne!(d.base_verdict, d.verdict);

    let back = between(&broken, &Inputs::demo());
    assert_eq!(
        changes(&back, Change::Fixed),
        ["money-type:users.points_balance"]
    );
    assert!(changes(&back, Change::New).is_empty());
}

#[test]
fn index_predicates_are_compared_as_logic() {
    let reordered = demo(
        |sql| {
            sql.replacen(
                "WHERE \"payments\".\"provider\" = 'request.network' AND \"payments\".\"direction\" = 'in'",
                "WHERE 'in' = \"payments\".\"direction\" AND \"payments\".\"provider\" = 'request.network'",
                1,
            )
        },
        same,
    );
    assert!(!between(&Inputs::demo(), &reordered).has_changes());

    let widened = demo(
        |sql| sql.replacen(" AND \"payments\".\"status\" = 'pending';", ";", 1),
        same,
    );
    let d = between(&Inputs::demo(), &widened);
    let index = d
        .schema
        .iter()
        .find(|s| s.kind == ObjectKind::Index)
        .unwrap();
    assert_eq!(index.name, "payments_rn_idempotency_idx");
    assert!(index.before.as_ref().unwrap().contains("pending"));
    assert!(!index.after.as_ref().unwrap().contains("pending"));
    assert!(!changes(&d, Change::New).is_empty(), "{d:#?}");
}

#[test]
fn checks_triggers_and_indexes_added_or_removed_are_listed() {
    let edited = demo(
        |sql| {
            sql.replacen(
                "\"payments\".\"amount\" > 0",
                "\"payments\".\"amount\" >= 0",
                1,
            )
            .replacen(
                "CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE",
                "CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE",
                1,
            )
            .replacen(
                "CREATE UNIQUE INDEX \"payments_destination_address_idx\"",
                "CREATE UNIQUE INDEX \"payments_destination_idx\"",
                1,
            )
        },
        same,
    );
    let d = between(&Inputs::demo(), &edited);
    let find = |kind: ObjectKind, name: &str| {
        d.schema
            .iter()
            .find(|s| s.kind == kind && s.name.starts_with(name))
            .unwrap_or_else(|| panic!("{name}: {:#?}", d.schema))
    };
    let check = find(ObjectKind::Check, "payments_amount_positive");
    assert!(check.before.as_ref().unwrap().contains("> 0"));
    assert!(check.after.as_ref().unwrap().contains(">= 0"));
    let trigger = find(ObjectKind::Trigger, "ledger_entries_no_update_delete");
    assert_eq!(
        trigger.before.as_deref().map(|t| t.contains("delete")),
        Some(true)
    );
    assert_eq!(
        trigger.after.as_deref().map(|t| t.contains("delete")),
        Some(false)
    );
    assert!(
        find(ObjectKind::Index, "payments_destination_address_idx")
            .after
            .is_none()
    );
    assert!(
        find(ObjectKind::Index, "payments_destination_idx")
            .before
            .is_none()
    );
    // The trigger no longer blocks deletes: append-only on the ledger fails anew.
    assert!(
        changes(&d, Change::New)
            .iter()
            .any(|k| k.starts_with("append-only")),
        "{d:#?}"
    );
}

#[test]
fn findings_added_removed_and_restated_are_listed() {
    let report = |r: &str| {
        r.replacen(
            "| Preflight | PREFLIGHT_BRANCH_ALREADY_EXISTS_REUSE_RISK |",
            "| Preflight | PREFLIGHT_NEW_FINDING |",
            1,
        )
        .replacen(
            "verbatim, no behavior change\" (line 144). | medium |",
            "verbatim, no behavior change\" (line 144). | high |",
            1,
        )
    };
    let d = between(&Inputs::demo(), &demo(same, report));
    let ids = |pick: fn(&secondlook_core::diff::FindingChange) -> bool| -> Vec<String> {
        d.findings
            .iter()
            .filter(|f| pick(f))
            .map(|f| f.id.clone())
            .collect()
    };
    assert_eq!(ids(|f| f.before.is_none()), ["PREFLIGHT_NEW_FINDING"]);
    assert_eq!(
        ids(|f| f.after.is_none()),
        ["PREFLIGHT_BRANCH_ALREADY_EXISTS_REUSE_RISK"]
    );
    let restated = ids(|f| f.before.is_some() && f.after.is_some());
    assert_eq!(restated, ["REPOS_PHASE_MONGO_WRAPPER_NOT_VERIFIED"]);
    let change = d.findings.iter().find(|f| f.id == restated[0]).unwrap();
    assert_eq!(
        change.before.as_ref().unwrap().severity.as_deref(),
        Some("medium")
    );
    assert_eq!(
        change.after.as_ref().unwrap().severity.as_deref(),
        Some("high")
    );
}

#[test]
fn a_gate_that_is_gone_is_not_a_fix() {
    let mut run = Inputs::demo().review();
    run.gates.retain(|g| g.id != GateId::TestsNotSkipped);
    let d = diff(&Inputs::demo().review(), &run);
    assert_eq!(changes(&d, Change::Gone), ["tests-not-skipped"]);
    assert!(changes(&d, Change::Fixed).is_empty());
}

#[test]
fn the_findings_table_filters_to_what_is_new_since_the_base() {
    use secondlook_core::workspace::filters::Filters;
    use secondlook_core::workspace::findings_table::{mark_new, rows};

    let report = |r: &str| {
        r.replacen(
            "| Preflight | PREFLIGHT_BRANCH_ALREADY_EXISTS_REUSE_RISK |",
            "| Preflight | PREFLIGHT_NEW_FINDING |",
            1,
        )
    };
    let run = demo(FLOAT_MONEY, report).review();
    let d = diff(&Inputs::demo().review(), &run);
    let mut table = rows(&run);
    assert!(table.iter().all(|r| !r.new_since_base));
    mark_new(&mut table, &d);
    let filters = Filters::from_query("?view=findings&new=1");
    assert!(filters.new_only);
    assert_eq!(filters.to_query("?view=findings"), "?view=findings&new=1");
    let shown: Vec<(String, String)> = filters
        .apply(&table)
        .iter()
        .map(|r| (r.id().to_string(), r.text.clone()))
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(shown[0].0, "PREFLIGHT_NEW_FINDING");
    assert_eq!(shown[1].0, "money-type");
    assert!(shown[1].1.contains("users.points_balance"), "{shown:?}");
}
