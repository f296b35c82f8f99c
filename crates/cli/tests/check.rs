//! `secondlook check` as CI runs it: the JSON, SARIF and annotations it prints and its
//! exit codes, on the seed run and on the bad runs of `fixtures/runs/`.

use std::process::Command;

use secondlook_core::registry::{Check, GATES};
use serde_json::Value;

/// The ids of the gates that read the run file, from the registry.
fn run_level_ids() -> Vec<&'static str> {
    GATES
        .iter()
        .filter(|g| matches!(g.check, Check::Run(_)))
        .map(|g| g.info.id.as_str())
        .collect()
}

fn fixture(name: &str) -> String {
    format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `secondlook check` on a fixture run file (with the seed report if asked);
/// returns the exit code, stdout and stderr. The root is `fixtures/`: the runs of
/// `fixtures/runs/` name the seed's SQL in `fixtures/seed/`.
fn check(run: &str, with_report: bool, extra: &[&str]) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_secondlook"));
    command.args(["check", "--run", &fixture(run), "--root", &fixture("")]);
    if with_report {
        command.args(["--report", &fixture("seed/money-core-audit-report.md")]);
    }
    let output = command.args(extra).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn json(run: &str, with_report: bool) -> (i32, Value) {
    let (code, stdout, stderr) = check(run, with_report, &["--format", "json"]);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    (code, value)
}

/// (id, status) of the run-level results, in order.
fn run_level(result: &Value) -> Vec<(String, String)> {
    let ids = run_level_ids();
    result["gates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| ids.contains(&g["id"].as_str().unwrap()))
        .map(|g| {
            (
                g["id"].as_str().unwrap().into(),
                g["status"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn statuses_of(result: &Value, id: &str) -> Vec<String> {
    run_level(result)
        .into_iter()
        .filter(|(i, _)| i == id)
        .map(|(_, s)| s)
        .collect()
}

#[test]
fn seed_run_passes_the_run_level_gates_with_the_reports_ids() {
    let (_, result) = json("seed/run.json", true);
    assert_eq!(result["format"], "secondlook-result/v1");
    assert_eq!(
        result["declared"]["verdict"],
        "go-with-changes (0 blockers)"
    );
    assert_eq!(result["declared"]["confirmedBlockers"], 0);
    assert_eq!(result["staleness"]["stale"], false);
    let gates = run_level(&result);
    let mut ids: Vec<&str> = gates.iter().map(|(id, _)| id.as_str()).collect();
    ids.dedup();
    assert_eq!(
        ids,
        run_level_ids(),
        "every run-level gate, in registry order"
    );
    assert!(
        gates.iter().all(|(_, status)| status == "pass"),
        "{gates:?}"
    );
    let factory = result["gates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "factory-complete")
        .unwrap();
    assert_eq!(
        factory["relatesTo"],
        serde_json::json!(["PARALLEL_AGENTS_RACE", "CONFLICT_001"])
    );
    assert_eq!(
        factory["evidence"][0]["path"],
        "$.verifyGate.factory.foundDomains"
    );
}

#[test]
fn skipped_tests_are_no_go_and_contradict_the_report() {
    let (code, result) = json("runs/tests-skipped.json", true);
    assert_eq!(code, 1);
    assert_eq!(result["verdict"], "no-go");
    assert_eq!(statuses_of(&result, "tests-not-skipped"), ["fail"]);
    assert_eq!(statuses_of(&result, "gate-consistent"), ["fail"]);
    let discrepancy = result["discrepancy"].as_str().unwrap();
    assert!(
        discrepancy.contains("the report declares 0 blockers; the re-check found"),
        "{discrepancy}"
    );
}

#[test]
fn a_version_bump_is_no_go() {
    let (code, result) = json("runs/version-bump.json", false);
    assert_eq!(code, 1);
    assert_eq!(statuses_of(&result, "no-version-bump"), ["fail"]);
    assert!(result["declared"].is_null() && result["discrepancy"].is_null());
}

#[test]
fn an_unsafe_self_audit_is_no_go() {
    let (code, result) = json("runs/self-audit-unsafe.json", true);
    assert_eq!(code, 1);
    assert_eq!(statuses_of(&result, "self-audit-safe"), ["fail", "fail"]);
    assert_eq!(result["gates"][0]["id"], "self-audit-safe", "shown first");
}

#[test]
fn an_incomplete_factory_is_no_go() {
    let (code, result) = json("runs/factory-incomplete.json", false);
    assert_eq!(code, 1);
    assert_eq!(statuses_of(&result, "factory-complete"), ["fail"]);
}

#[test]
fn a_run_that_reports_nothing_is_not_verified_and_exits_3() {
    let (code, result) = json("runs/reports-nothing.json", false);
    assert_eq!(code, 3);
    assert_eq!(result["verdict"], "not-verified");
    let must_check: Vec<&str> = result["mustCheck"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    for id in run_level_ids() {
        assert!(must_check.contains(&id), "{id} in {must_check:?}");
    }
    let (code, stdout, stderr) = check("runs/reports-nothing.json", false, &["--allow-unverified"]);
    assert_eq!(code, 0, "a stated downgrade");
    assert!(stdout.starts_with("verdict: NOT-VERIFIED"), "{stdout}");
    assert!(
        stderr.contains("the verdict is not-verified (")
            && stderr.contains("--allow-unverified accepts it as a pass"),
        "{stderr}"
    );
    let (strict, _, _) = check(
        "runs/reports-nothing.json",
        false,
        &["--strict", "--allow-unverified"],
    );
    assert_eq!(strict, 1);
}

#[test]
fn text_names_each_unverified_blocker_and_what_would_settle_it() {
    let (code, stdout, _) = check("runs/reports-nothing.json", false, &[]);
    assert_eq!(code, 3);
    assert!(stdout.contains("\nnot verified:\n"), "{stdout}");
    assert!(
        stdout.contains("\n  to settle: a person checks it by hand\n    - "),
        "{stdout}"
    );
}

/// A failure that knows what to change says it under the gate, in the JSON, and in the
/// annotation (fixtures/nogo: the idempotency index lost its `status = 'pending'`).
#[test]
fn a_failure_names_what_to_change() {
    let fix = "In the WHERE of payments_rn_idempotency_idx: add status = 'pending'.";
    let (code, stdout, _) = check("nogo/run.json", false, &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!("index-predicate: payments_rn_idempotency_idx: the predicate lacks status = 'pending'\n                  to fix: {fix}\n")),
        "{stdout}"
    );
    let (_, result) = json("nogo/run.json", false);
    let failed: Vec<&Value> = result["gates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["status"] == "fail")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["fix"], fix);
    let (_, annotations, _) = check("nogo/run.json", false, &["--format", "github"]);
    assert!(
        annotations.contains(&format!("; to fix: {fix}\n")),
        "{annotations}"
    );
}

#[test]
fn a_report_stricter_than_the_re_check_is_information() {
    let (code, result) = json("seed/run.json", true);
    assert_eq!((code, &result["verdict"]), (0, &Value::from("go")));
    assert_eq!(result["moreCautious"], "report");
    let (_, stdout, _) = check("seed/run.json", true, &[]);
    assert!(
        stdout.contains("\nthe report is more cautious: the report's verdict is go-with-changes"),
        "{stdout}"
    );
    let (_, stdout, _) = check("seed/run.json", true, &["--format", "github"]);
    assert!(
        stdout.contains("::notice title=secondlook%3A the report is more cautious::"),
        "{stdout}"
    );
    assert!(!stdout.contains("::error"), "{stdout}");
}

#[test]
fn unknown_fields_are_listed_in_the_result() {
    let (_, result) = json("runs/unknown-fields.json", false);
    let paths: Vec<&str> = result["unknownFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"$.verifyGate.lint") && paths.contains(&"$.retries"),
        "{paths:?}"
    );
}

#[test]
fn unreadable_runs_exit_2_with_the_reason() {
    let (code, stdout, stderr) = check("runs/wrong-format.json", false, &[]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("\"migration-run/v2\" is not a format this build reads"),
        "{stderr}"
    );
    let (code, _, stderr) = check("runs/wrong-type-tests.json", false, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(
            "$.verifyGate.tests.testsSkipped: expected a boolean, found the string \"no\" (6:53)"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = check("runs/no-such-run.json", false, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read"), "{stderr}");
    let (code, _, stderr) = check("seed/run.json", false, &["--format", "yaml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("invalid value 'yaml' for '--format"),
        "{stderr}"
    );
}

#[test]
fn a_missing_sql_file_exits_2_after_printing_the_not_verified_result() {
    let (code, stdout, stderr) = check("runs/missing-href.json", false, &["--format", "json"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("backend/src/db/migrations/0001_ledger_guard.sql: cannot load schema/0001_ledger_guard.sql"),
        "{stderr}"
    );
    let result: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(result["verdict"], "not-verified");
    let settles: Vec<&Value> = result["mustCheck"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["settle"]["kind"] == "load-files")
        .collect();
    assert!(!settles.is_empty(), "{result}");
    assert_eq!(
        settles[0]["settle"]["files"][0]["path"],
        "backend/src/db/migrations/0001_ledger_guard.sql"
    );
    let (code, _, _) = check("runs/missing-href.json", false, &["--allow-unverified"]);
    assert_eq!(
        code, 2,
        "a file that cannot be read is not a verdict to allow"
    );
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/schemas/sarif-schema-2.1.0.json"
    );
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0"})),
        "the schema must bite"
    );
    for run in [
        "runs/tests-skipped.json",
        "runs/reports-nothing.json",
        "seed/run.json",
    ] {
        let (_, stdout, _) = check(run, true, &["--format", "sarif"]);
        let sarif: Value = serde_json::from_str(&stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{run}: {errors:?}");
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        assert!(
            run_level_ids()
                .iter()
                .all(|id| rules.iter().any(|r| r["id"] == *id))
        );
    }
    let (_, stdout, _) = check("runs/tests-skipped.json", false, &["--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "tests-not-skipped")
        .unwrap();
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0];
    assert!(
        location["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("runs/tests-skipped.json")
    );
    let text = std::fs::read_to_string(fixture("runs/tests-skipped.json")).unwrap();
    let line = location["physicalLocation"]["region"]["startLine"]
        .as_u64()
        .unwrap() as usize;
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .contains("\"testsSkipped\": true")
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "$.verifyGate.tests.testsSkipped"
    );
}

#[test]
fn github_annotations_point_at_the_run_file_line() {
    let (code, stdout, _) = check("runs/version-bump.json", false, &["--format", "github"]);
    assert_eq!(code, 1);
    let line = stdout
        .lines()
        .find(|l| l.contains("no-version-bump"))
        .unwrap();
    assert!(line.starts_with("::error file="), "{line}");
    assert!(
        line.contains("title=secondlook no-version-bump::the version changed"),
        "{line}"
    );
    assert!(stdout.contains("::error title=secondlook verdict::no-go"));
    let (code, stdout, _) = check("runs/reports-nothing.json", false, &["--format", "github"]);
    assert_eq!(code, 3);
    assert!(stdout.contains("::error title=secondlook verdict::not-verified"));
    assert!(
        stdout.contains("::error title=secondlook tests-not-skipped not verified::"),
        "{stdout}"
    );
}

#[test]
fn text_is_plain_when_not_a_terminal() {
    let (code, stdout, _) = check("runs/factory-incomplete.json", true, &[]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("verdict: NO-GO"), "{stdout}");
    assert!(
        stdout.contains("FAIL          factory-complete: the factory lacks payment, points"),
        "{stdout}"
    );
    assert!(!stdout.contains('\x1b'));
}

#[test]
fn each_file_splits_up_and_down_as_its_tool_runs_it() {
    let (_, result) = json("runs/two-way-tools.json", false);
    let gate = |id: &str| {
        result["gates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == id)
            .unwrap_or_else(|| panic!("{id} in {result}"))
            .clone()
    };
    // drizzle-kit runs the DROP after the `-- +goose Down` comment; goose does not run
    // the one in its own Down section.
    let additive = gate("additive-only");
    assert_eq!(additive["status"], "fail", "{additive}");
    assert_eq!(
        additive["evidence"],
        serde_json::json!([{ "file": "db/0000_drizzle.sql", "line": 5, "column": 1 }])
    );
    assert_eq!(gate("sql-parses")["message"], "all 3 statements parse");
}
