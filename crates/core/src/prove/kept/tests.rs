use super::compare::tests::answer as rows;
use super::*;
use crate::gate::Change;
use crate::review::finish;
use crate::sql::rules::test_support::file;

const BASELINE: &str = "CREATE TYPE k AS ENUM ('a', 'b', 'c', 'd');
CREATE TABLE parent (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), amount numeric(38,18) NOT NULL, note text, kind k NOT NULL);
CREATE TABLE child (id bigint PRIMARY KEY, parent_id uuid NOT NULL REFERENCES parent (id), n integer);";

/// The review of `migration` over [`BASELINE`], with a run holding `expectations`.
fn over_baseline(migration: &str, expectations: &str) -> Review {
    let run = crate::run::read(&format!(
        r#"{{"format": "migration-run/v1", "expectations": {expectations}}}"#
    ));
    finish(
        None,
        Some(run),
        &[file("0002.sql", migration)],
        &[file("0001.sql", BASELINE)],
        &mut |_| {},
    )
}

fn kept(review: &Review) -> Vec<&GateResult> {
    review
        .gates
        .iter()
        .filter(|g| g.id == GateId::DataKept)
        .collect()
}

#[test]
fn without_a_baseline_there_is_no_scaffold_and_no_result() {
    let run = crate::run::read(r#"{"format": "migration-run/v1"}"#);
    let review = finish(
        None,
        Some(run),
        &[file("0001.sql", BASELINE)],
        &[],
        &mut |_| {},
    );
    assert!(kept(&review).is_empty());
    let plan = crate::prove::plan::plan(&review);
    assert!(plan.scaffold.is_empty());
    assert!(plan.probes.iter().all(|p| p.gate != GateId::DataKept));
}

#[test]
fn each_baseline_table_is_filled_parents_first_covering_every_label_then_read() {
    let review = over_baseline("ALTER TABLE parent ADD COLUMN extra text;", "{}");
    let plan = crate::prove::plan::plan(&review);
    let inserts = |table: &str| -> Vec<&String> {
        plan.scaffold
            .iter()
            .filter(|s| s.starts_with(&format!("INSERT INTO \"public\".\"{table}\" ")))
            .collect()
    };
    let (parent, child) = (inserts("parent"), inserts("child"));
    // One row per label of k, in every table, so each child finds its parent.
    assert_eq!((parent.len(), child.len()), (4, 4));
    for label in ["'a'", "'b'", "'c'", "'d'"] {
        assert_eq!(
            parent.iter().filter(|s| s.contains(label)).count(),
            1,
            "{label}"
        );
    }
    let at = |s: &String| plan.scaffold.iter().position(|x| x == s).unwrap();
    assert!(at(parent.last().unwrap()) < at(child[0]));
    // The key is written, so the child's row finds its parent's; amounts carry many
    // decimal places; a nullable column is NULL in every other row.
    assert_eq!(
        parent[1],
        "INSERT INTO \"public\".\"parent\" (\"amount\", \"kind\", \"id\", \"note\") VALUES \
         ('9002.567890123456789', 'b', '00000000-0000-4000-8000-000000009002', '9002')"
    );
    assert!(!parent[0].contains("note"), "{}", parent[0]);
    assert!(
        child[1].contains("'00000000-0000-4000-8000-000000009002'"),
        "{}",
        child[1]
    );
    assert_eq!(
        plan.scaffold.first().map(String::as_str),
        Some(CONSTRAINTS_NOW)
    );
    // A probe per table reads what the scaffold read, word for word.
    let probes: Vec<&Probe> = plan
        .probes
        .iter()
        .filter(|p| p.gate == GateId::DataKept)
        .collect();
    assert_eq!(probes.len(), 2);
    for probe in probes {
        assert_eq!(probe.steps[0], READ_SAFELY);
        assert_eq!(
            review.gates[probe.result].message,
            format!("{}: {NEEDS_POSTGRES}", probe.subject)
        );
        for step in &probe.steps[1..] {
            assert!(plan.scaffold.contains(step), "{step}");
            assert!(!step.contains("search_path"));
        }
    }
}

#[test]
fn reads_name_postgres_functions_and_quote_hostile_names() {
    let [columns, rows] = reads(&QName::from_expectation("we\"ird'.t\"x"));
    assert!(
        columns.contains("pg_catalog.to_regclass('\"we\"\"ird''\".\"t\"\"x\"')"),
        "{columns}"
    );
    assert!(
        rows.ends_with("FROM \"we\"\"ird'\".\"t\"\"x\" AS r"),
        "{rows}"
    );
    for sql in [&columns, &rows] {
        for function in [
            "format_type(",
            "to_regclass(",
            "unnest(",
            "jsonb_object_agg(",
            "jsonb_each_text(",
            "to_jsonb(",
        ] {
            assert!(
                sql.matches(function).count()
                    == sql.matches(&format!("pg_catalog.{function}")).count(),
                "{function} unqualified in {sql}"
            );
        }
    }
}

fn ok() -> Answer {
    Answer {
        ok: true,
        ..Answer::default()
    }
}

const COLUMNS: &[&[Option<&str>]] = &[
    &[Some("id"), Some("uuid"), Some("1")],
    &[Some("amount"), Some("numeric(38,18)"), None],
];

/// Every step of the plan answered: the parent's readings before give `before`, after
/// give `after` (`None`: the table is gone); the child's are alike before and after.
fn executed(plan: &Plan, before: &[&str], after: Option<(&str, &[&str])>) -> Executed {
    let [parent_columns, parent_rows] = reads(&QName::from_expectation("parent"));
    let as_rows = |json: &[&str]| {
        let owned: Vec<Vec<Option<&str>>> = json.iter().map(|j| vec![Some(*j)]).collect();
        let borrowed: Vec<&[Option<&str>]> = owned.iter().map(Vec::as_slice).collect();
        rows(&borrowed)
    };
    let child = as_rows(&[r#"{"id": "9001", "amount": "1"}"#]);
    let mut scaffold: Vec<Answer> = plan
        .scaffold
        .iter()
        .map(|step| {
            if step == &parent_columns || step.starts_with("SELECT a.attname") {
                rows(COLUMNS)
            } else if step == &parent_rows {
                as_rows(before)
            } else if step.starts_with("SELECT (SELECT") {
                child.clone()
            } else {
                ok()
            }
        })
        .collect();
    scaffold.push(ok());
    let probes = plan
        .probes
        .iter()
        .map(|p| match (p.subject.as_str(), after) {
            ("parent", Some((amount_type, json))) => vec![
                ok(),
                rows(&[COLUMNS[0], &[Some("amount"), Some(amount_type), None]]),
                as_rows(json),
            ],
            ("parent", None) => vec![
                ok(),
                rows(&[]),
                Answer {
                    sqlstate: Some("42P01".into()),
                    message: Some("relation \"public.parent\" does not exist".into()),
                    ..Answer::default()
                },
            ],
            _ => vec![ok(), rows(COLUMNS), child.clone()],
        })
        .collect();
    Executed {
        engine: "PostgreSQL 15".into(),
        baseline: vec![ok(); plan.baseline.len()],
        scaffold,
        migration: vec![ok(); plan.migration.len()],
        catalog: Vec::new(),
        probes,
    }
}

const BEFORE: &[&str] = &[
    r#"{"id": "a1", "amount": "9001.567890123456789000"}"#,
    r#"{"id": "a2", "amount": "9002.567890123456789000"}"#,
];

/// Proves `review` with the parent's amounts rounded to two places after the migration.
fn narrowed(review: &mut Review) {
    let plan = crate::prove::plan::plan(review);
    let after: &[&str] = &[
        r#"{"id": "a1", "amount": "9001.57"}"#,
        r#"{"id": "a2", "amount": "9002.57"}"#,
    ];
    let executed = executed(&plan, BEFORE, Some(("numeric(12,2)", after)));
    crate::prove::apply::apply(review, &plan, &executed);
}

fn parent(review: &Review) -> &GateResult {
    kept(review)
        .into_iter()
        .find(|g| g.message.starts_with("parent"))
        .unwrap()
}

#[test]
fn a_narrowed_amount_fails_with_the_rows_before_and_after() {
    let mut review = over_baseline(
        "ALTER TABLE parent ALTER COLUMN amount TYPE numeric(12,2);",
        "{}",
    );
    narrowed(&mut review);
    let gate = parent(&review);
    assert_eq!(gate.status, Status::Fail, "{gate:?}");
    assert_eq!(
        gate.message,
        "parent: the migration did not keep 2 of the 2 scaffold rows as they were: amount of \
         id=a1 went from 9001.567890123456789000 to 9001.57, amount of id=a2 went from \
         9002.567890123456789000 to 9002.57"
    );
    let proof = gate.proof.as_ref().unwrap();
    assert_eq!(
        (proof.result, proof.decided_by),
        (ProofResult::Refuted, DecidedBy::Behaviour)
    );
    let Some(Detail::ChangedRows(changed)) = &gate.detail else {
        panic!("{gate:?}");
    };
    assert_eq!(changed.table, "parent");
    assert_eq!(changed.rows.len(), 2);
    assert_eq!(changed.rows[1].after.as_deref(), Some("9002.57"));
    // The child's rows were kept.
    let child = kept(&review)
        .into_iter()
        .find(|g| g.message.starts_with("child"))
        .unwrap();
    assert_eq!(child.status, Status::Pass, "{child:?}");
    assert_eq!(
        child.message,
        "child: all 1 scaffold rows were kept, every value the same"
    );
    assert!(child.detail.is_none());
}

#[test]
fn a_declared_change_passes_and_is_shown() {
    let mut review = over_baseline(
        "ALTER TABLE parent ALTER COLUMN amount TYPE numeric(12,2);",
        r#"{"changes": [{"table": "parent", "column": "amount", "reason": "cents are enough"}]}"#,
    );
    narrowed(&mut review);
    let gate = parent(&review);
    assert_eq!(gate.status, Status::Pass, "{gate:?}");
    assert!(
        gate.message
            .contains("the run declares 2 changes (cents are enough), shown and not failed"),
        "{}",
        gate.message
    );
    let Some(Detail::ChangedRows(changed)) = &gate.detail else {
        panic!("{gate:?}");
    };
    assert!(
        changed
            .rows
            .iter()
            .all(|r| r.declared.as_deref() == Some("cents are enough"))
    );
}

#[test]
fn a_table_gone_fails_every_row_and_a_table_with_no_rows_is_not_verified() {
    let mut review = over_baseline("DROP TABLE parent CASCADE;", "{}");
    let plan = crate::prove::plan::plan(&review);
    crate::prove::apply::apply(&mut review, &plan, &executed(&plan, BEFORE, None));
    let gate = parent(&review);
    assert_eq!(gate.status, Status::Fail);
    let Some(Detail::ChangedRows(changed)) = &gate.detail else {
        panic!("{gate:?}");
    };
    assert!(changed.rows.iter().all(|r| r.change == Change::RowGone));

    let mut review = over_baseline("ALTER TABLE parent ADD COLUMN extra text;", "{}");
    let plan = crate::prove::plan::plan(&review);
    let mut executed = executed(&plan, &[], Some(("numeric(38,18)", &[])));
    // Every parent row refused by a CHECK.
    for (step, answer) in plan.scaffold.iter().zip(&mut executed.scaffold) {
        if step.starts_with("INSERT INTO \"public\".\"parent\"") {
            *answer = Answer {
                sqlstate: Some("23514".into()),
                message: Some("new row violates check constraint \"positive\"".into()),
                constraint: Some("positive".into()),
                ..Answer::default()
            };
        }
    }
    crate::prove::apply::apply(&mut review, &plan, &executed);
    let gate = parent(&review);
    assert_eq!(gate.status, Status::NotVerified);
    assert_eq!(
        gate.message,
        "parent: no scaffold row went in: PostgreSQL refused all 4 (the first: 23514 new row \
         violates check constraint \"positive\" (constraint positive)), so there is nothing to \
         compare; needs PostgreSQL: rows before and after"
    );
}

#[test]
fn without_a_proof_or_over_a_migration_that_failed_nothing_passes() {
    let mut review = over_baseline("ALTER TABLE parent ADD COLUMN extra text;", "{}");
    let plan = crate::prove::plan::plan(&review);
    let mut refused = executed(&plan, BEFORE, Some(("numeric(38,18)", BEFORE)));
    // The migration's own first statement, not secondlook's reads around it.
    let first = (plan.migration.iter())
        .position(|sent| sent.observe.is_none())
        .unwrap();
    refused.migration[first] = Answer {
        sqlstate: Some("42601".into()),
        message: Some("syntax error".into()),
        ..Answer::default()
    };
    let mut failed = review.clone();
    crate::prove::apply::apply(&mut failed, &plan, &refused);
    for gate in kept(&failed) {
        assert_eq!(gate.status, Status::NotVerified);
        assert!(
            gate.message.contains("the migration did not apply"),
            "{}",
            gate.message
        );
    }
    // An executor that never ran: the results stay as the static check left them.
    crate::prove::apply::apply(&mut review, &plan, &Executed::default());
    for gate in kept(&review) {
        assert_eq!(gate.status, Status::NotVerified);
    }
    // The same rows after: a pass.
    let mut same = review.clone();
    crate::prove::apply::apply(
        &mut same,
        &plan,
        &executed(&plan, BEFORE, Some(("numeric(38,18)", BEFORE))),
    );
    assert_eq!(parent(&same).status, Status::Pass);
    // Unless the commit of the scaffold failed.
    let mut uncommitted = executed(&plan, BEFORE, Some(("numeric(38,18)", BEFORE)));
    uncommitted.scaffold.last_mut().unwrap().ok = false;
    let mut held = review.clone();
    crate::prove::apply::apply(&mut held, &plan, &uncommitted);
    assert_eq!(parent(&held).status, Status::NotVerified);
}
