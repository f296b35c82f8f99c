//! `check` and `check --prove` on the hostile migrations of `fixtures/hostile/`, each
//! appended to the seed migration: the verdict `verdicts.json` names, never a kind of
//! go, and a proof never makes it better.

// Only the seed copy is used here, not the edits the other tests share.
#[allow(dead_code)]
#[path = "support/seed.rs"]
mod seed;

use std::collections::BTreeMap;

use seed::{secondlook_in, seed_copy};
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/hostile/");

fn server() -> String {
    std::env::var("SECONDLOOK_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "SECONDLOOK_TEST_PG is not set: these tests need PostgreSQL; run them through \
             `bash scripts/test.sh`, which starts a private server and sets it"
        )
    })
}

/// The result `check` prints in JSON, and its exit code.
fn checked(dir: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec![
        "check",
        "--run",
        "run.json",
        "--report",
        "report.md",
        "--format",
        "json",
    ];
    args.extend(extra);
    let (code, stdout, stderr) = secondlook_in(dir, &args);
    let json: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    (code, json)
}

fn verdict(result: &Value) -> String {
    result["verdict"].as_str().unwrap().to_string()
}

fn exit_code(verdict: &str) -> i32 {
    match verdict {
        "no-go" => 1,
        "not-verified" => 3,
        other => panic!("a hostile migration got {other}"),
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn hostile_migrations_are_never_a_go_with_or_without_a_proof() {
    let expected: BTreeMap<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{DIR}verdicts.json")).unwrap())
            .unwrap();
    assert!(expected.len() >= 10);
    let pg = server();
    for (name, want) in &expected {
        let tail = std::fs::read_to_string(format!("{DIR}{name}")).unwrap();
        let dir = seed_copy(&format!("hostile-{name}"), |sql| format!("{sql}\n{tail}"));
        let (code, got) = checked(&dir, &[]);
        let got = verdict(&got);
        assert_eq!(got, want["verdict"].as_str().unwrap(), "{name}");
        assert_eq!(code, exit_code(&got), "{name}");
        let (code, result) = checked(&dir, &["--prove", &pg]);
        let proven = verdict(&result);
        for gate in result["gates"].as_array().unwrap() {
            assert!(
                !(gate["status"] == "fail" && gate["proof"]["result"] == "confirmed"),
                "{name}: failed and confirmed: {gate:#}"
            );
        }
        assert_eq!(code, exit_code(&proven), "{name} with --prove");
        if got == "no-go" {
            assert_eq!(proven, "no-go", "{name}: a proof made a no-go {proven}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
