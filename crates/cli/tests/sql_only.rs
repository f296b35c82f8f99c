//! `secondlook check --sql FILE…`: SQL reviewed with no run file, with lock safety, in
//! every output format; never a kind of go.

mod support;

use serde_json::Value;
use support::secondlook;

fn fixture(name: &str) -> String {
    format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn check_sql(files: &[String], format: &str) -> (i32, String, String) {
    let mut args = vec!["check", "--format", format, "--sql"];
    args.extend(files.iter().map(String::as_str));
    let output = secondlook(&args);
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn the_seed_alone_is_not_verified_and_says_what_a_run_would_check() {
    let (code, stdout, stderr) = check_sql(&[fixture("seed/schema/0000_money_core.sql")], "json");
    let result: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(result["verdict"], "not-verified");
    assert_eq!(code, 3);
    assert!(
        result["sqlOnly"]["message"]
            .as_str()
            .unwrap()
            .contains("Not checked without a run file")
    );
    let unchecked = result["sqlOnly"]["unchecked"].as_array().unwrap();
    assert!(unchecked.iter().any(|id| id == "tests-not-skipped"));
    let gates = result["gates"].as_array().unwrap();
    assert!(
        gates
            .iter()
            .any(|g| g["id"] == "squawk:require-lock-timeout")
    );
    assert!(gates.iter().all(|g| g["status"] != "not-reported"));

    let (_, text, _) = check_sql(&[fixture("seed/schema/0000_money_core.sql")], "text");
    assert!(
        text.contains("NOT-VERIFIED") && text.contains("sql only:"),
        "{text}"
    );
}

#[test]
fn every_corpus_file_reviewed_alone_is_never_a_kind_of_go() {
    let dir = fixture("corpus/sql");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.len() >= 15);
    for file in &files {
        let (code, stdout, stderr) = check_sql(std::slice::from_ref(file), "json");
        let result: Value =
            serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{file}: {e}: {stderr}"));
        let verdict = result["verdict"].as_str().unwrap();
        assert!(
            (verdict, code) == ("not-verified", 3) || (verdict, code) == ("no-go", 1),
            "{file}: {verdict} exit {code}"
        );
    }
}

#[test]
fn a_lock_risk_is_a_sarif_result_with_squawks_rule_page() {
    let (_, stdout, _) = check_sql(
        &[fixture(
            "lock-safety/require-concurrent-index-creation.fires.sql",
        )],
        "sarif",
    );
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("schemas/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let run = &sarif["runs"][0];
    let rule = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "squawk:require-concurrent-index-creation")
        .unwrap();
    assert_eq!(
        rule["helpUri"],
        "https://squawkhq.com/docs/require-concurrent-index-creation"
    );
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "squawk:require-concurrent-index-creation")
        .unwrap();
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );

    let (_, annotations, _) = check_sql(
        &[fixture(
            "lock-safety/require-concurrent-index-creation.fires.sql",
        )],
        "github",
    );
    assert!(
        annotations.contains("line=3")
            && annotations.contains("squawk%3Arequire-concurrent-index-creation"),
        "{annotations}"
    );
}

#[test]
fn sql_with_a_run_or_without_files_is_refused_with_a_message() {
    let output = secondlook(&[
        "check",
        "--run",
        &fixture("seed/run.json"),
        "--sql",
        &fixture("seed/schema/0000_money_core.sql"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot be used with"));
    let output = secondlook(&["check", "--sql", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--sql <FILE.sql>"));
    let output = secondlook(&["check", "--sql", "/nonexistent/x.sql"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read /nonexistent/x.sql"));
}
