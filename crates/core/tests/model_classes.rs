//! One adversarial fixture per way the model once parted from PostgreSQL
//! (`fixtures/model/*.sql`, each naming the PostgreSQL behaviour it relies on; the
//! differential test confirms their catalog facts on a real server): the gate must
//! come out as PostgreSQL behaves, never pass where the property does not hold.

use secondlook_core::gate::{GateId, Status};
use secondlook_core::recheck::check;
use secondlook_core::run::expectations::Expectations;
use secondlook_core::sql::SqlFile;

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/model/");

const LEDGER: &str = r#"{"appendOnly":[{"table":"ledger","writerRoles":["app"]}]}"#;

/// (fixture, expectations, gate, the status it must have)
const CASES: &[(&str, &str, GateId, Status)] = &[
    (
        "enable-replica-trigger.sql",
        LEDGER,
        GateId::AppendOnly,
        Status::Fail,
    ),
    (
        "rename-column-then-readd.sql",
        r#"{"indexes":[{"table":"payments","columns":["provider","external_ref"],"unique":true}]}"#,
        GateId::ExpectedIndex,
        Status::Fail,
    ),
    (
        "rename-table-then-replace.sql",
        LEDGER,
        GateId::AppendOnly,
        Status::Fail,
    ),
    (
        "search-path-shadow.sql",
        LEDGER,
        GateId::AppendOnly,
        Status::Fail,
    ),
    (
        "do-block-rolled-back.sql",
        LEDGER,
        GateId::AppendOnly,
        Status::NotVerified,
    ),
    (
        "trigger-raises-on-some-paths.sql",
        LEDGER,
        GateId::AppendOnly,
        Status::NotVerified,
    ),
    (
        "owner-is-a-writer.sql",
        LEDGER,
        GateId::AppendOnly,
        Status::Fail,
    ),
    (
        "privileges-protect.sql",
        LEDGER,
        GateId::AppendOnly,
        Status::Pass,
    ),
    (
        "one-item-in-list.sql",
        r#"{"mixedIds":[{"table":"ledger","discriminator":"kind","variants":{"user":"user_id","offer":"offer_id"}}]}"#,
        GateId::MixedIdCheck,
        Status::Pass,
    ),
    // drizzle-kit's real output (fixtures/drizzle): `"status" = 'pending'` on an enum.
    (
        "../drizzle/out/0000_money.sql",
        r#"{"indexes":[{"table":"payments","columns":["provider","external_ref"],"unique":true,"where":"status = 'pending'"}]}"#,
        GateId::IndexPredicate,
        Status::Pass,
    ),
    (
        "../drizzle/out/0000_money.sql",
        r#"{"mixedIds":[{"table":"ledger_entries","discriminator":"owner_kind","variants":{"user":"owner_user_id","offer":"owner_offer_id"}}]}"#,
        GateId::MixedIdCheck,
        Status::Pass,
    ),
];

#[test]
fn each_class_comes_out_as_postgresql_behaves() {
    let mut wrong = Vec::new();
    for (fixture, expectations, gate, want) in CASES {
        let text = std::fs::read_to_string(format!("{MODEL}{fixture}")).unwrap();
        let e: Expectations = serde_json::from_str(expectations).unwrap();
        let files = [SqlFile {
            path: fixture.to_string(),
            tool: None,
            text: Ok(text),
        }];
        let result = check(&files, Some(&e));
        let results: Vec<_> = result.gates.iter().filter(|g| g.id == *gate).collect();
        if results.is_empty() {
            wrong.push(format!("{fixture}: no {gate} result"));
        }
        for g in results {
            if g.status != *want {
                wrong.push(format!(
                    "{fixture}: {gate} is {:?}, not {want:?}: {}",
                    g.status, g.message
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
