//! `secondlook rules` as a user runs it, and the committed catalog it generates.

mod support;

use secondlook_core::registry::infos;
use support::secondlook;

#[test]
fn docs_gates_md_is_the_generated_catalog() {
    let out = secondlook(&["rules", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let generated = String::from_utf8(out.stdout).unwrap();
    let path = format!("{}/../../docs/gates.md", env!("CARGO_MANIFEST_DIR"));
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/gates.md is not what the registry generates; regenerate it with\n  \
         cargo run -q -p secondlook-cli -- rules --format markdown > docs/gates.md"
    );
}

#[test]
fn json_lists_every_gate_with_its_texts() {
    let out = secondlook(&["rules", "--format=json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let gates = json.as_array().unwrap();
    let listed: Vec<&str> = gates.iter().map(|g| g["id"].as_str().unwrap()).collect();
    let registered: Vec<&str> = infos().map(|g| g.id.as_str()).collect();
    assert!(!registered.is_empty());
    assert_eq!(listed, registered);
    assert!(
        gates
            .iter()
            .any(|g| g["id"] == "squawk:require-lock-timeout" && g["severity"] == "warning")
    );
    assert_eq!(gates[0]["id"], "self-audit-safe");
    let money = gates.iter().find(|g| g["id"] == "money-type").unwrap();
    assert_eq!(money["severity"], "blocker");
    assert_eq!(
        money["relatesTo"],
        serde_json::json!(["DECIMAL_PRECISION_TRUNCATION_RISK", "FK-009"])
    );
    for key in ["checks", "why"] {
        assert!(money[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
    assert_eq!(
        money["examples"][0],
        serde_json::json!({
            "name": "numeric-38-2",
            "expect": "fires",
            "says": "payments.amount declared numeric(38,2) where the run expects numeric(38,18): amounts lose their last digits.",
            "input": { "seed": [{ "replace": {
                "from": "\"amount\" numeric(38, 18) NOT NULL,\n\t\"token_decimals\"",
                "to": "\"amount\" numeric(38, 2) NOT NULL,\n\t\"token_decimals\""
            } }] }
        })
    );
}

#[test]
fn an_example_prints_in_full_and_an_unknown_one_is_a_usage_error() {
    let out = secondlook(&["rules", "--example", "money-type/numeric-38-2"]);
    assert_eq!(out.status.code(), Some(0));
    let sql = String::from_utf8(out.stdout).unwrap();
    let seed = secondlook_core::examples::seed_sql();
    assert_eq!(sql.len(), seed.len() - 1);
    assert!(sql.contains("\t\"amount\" numeric(38, 2) NOT NULL,\n\t\"token_decimals\""));
    assert_eq!(sql.replace("(38, 2)", "(38, 18)"), seed);

    let out = secondlook(&["rules", "--example", "money-type/no-such\u{1b}[2J"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no example \"money-type/no-such\\u{1b}[2J\"; `secondlook rules` lists"),
        "{err}"
    );
}

#[test]
fn text_is_the_default_and_names_each_gate() {
    let out = secondlook(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("self-audit-safe (blocker): Self-audit says safe\n"));
    assert!(text.contains("\nparent-order (warning): Backfill order puts parents first\n"));
    assert!(text.contains(
        "\n  Fires update-only: The trigger covers UPDATE only: a DELETE erases ledger rows. \
         In the seed migration, `BEFORE UPDATE OR DELETE ON` becomes `BEFORE UPDATE ON`.\n"
    ));
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let out = secondlook(&["rules", "--format", "html"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("invalid value 'html' for '--format"), "{err}");
    assert!(
        err.contains("[possible values: text, json, markdown]"),
        "{err}"
    );
}
