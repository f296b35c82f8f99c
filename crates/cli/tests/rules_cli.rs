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
    for key in ["checks", "why", "fires", "passes"] {
        assert!(money[key].as_str().is_some_and(|s| !s.is_empty()), "{key}");
    }
}

#[test]
fn text_is_the_default_and_names_each_gate() {
    let out = secondlook(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("self-audit-safe (blocker): Self-audit says safe\n"));
    assert!(text.contains("\nparent-order (warning): Backfill order puts parents first\n"));
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
