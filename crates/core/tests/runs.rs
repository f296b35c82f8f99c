//! The run files of `fixtures/runs/`: what the reader says about each, what each gate
//! concludes, and that the valid ones match `docs/run-format-v1.schema.json`.

use std::path::{Path, PathBuf};

use secondlook_core::gate::{GateId, GateResult, Status};
use secondlook_core::registry::{infos, reads_sql};
use secondlook_core::run::{self, RunErrorKind};

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap()
}

fn error(name: &str) -> String {
    run::read(&fixture(name)).unwrap_err().to_string()
}

fn gates(name: &str) -> Vec<GateResult> {
    secondlook_core::registry::run_gates(&run::read(&fixture(name)).unwrap())
}

/// The statuses of gate `id`, in result order.
fn statuses(results: &[GateResult], id: GateId) -> Vec<Status> {
    results
        .iter()
        .filter(|r| r.id == id)
        .map(|r| r.status)
        .collect()
}

/// Valid fixtures: the reader reads them and the schema accepts them.
const VALID: &[&str] = &[
    "seed/run.json",
    "runs/tests-skipped.json",
    "runs/version-bump.json",
    "runs/self-audit-unsafe.json",
    "runs/factory-incomplete.json",
    "runs/gate-committed-on-red.json",
    "runs/unknown-fields.json",
    "runs/missing-href.json",
    "runs/reports-nothing.json",
    "baseline/run.json",
    "folders/locks-run.json",
    "folders/locks-index-run.json",
];

/// Invalid fixtures: the reader refuses them and so does the schema.
const INVALID: &[&str] = &[
    "runs/wrong-format.json",
    "runs/wrong-type-top.json",
    "runs/wrong-type-tests.json",
    "runs/wrong-type-finding.json",
    "runs/baseline-stats-negative.json",
    "runs/lock-budget-unknown-mode.json",
];

/// A lock mode is one of PostgreSQL's, spelt as it spells it: another word is named.
#[test]
fn an_unknown_lock_mode_makes_the_run_unreadable_naming_it() {
    let why = error("runs/lock-budget-unknown-mode.json");
    assert!(
        why.starts_with("$.expectations.locks[0].maxMode: ")
            && why.contains("found \"SHARE UPDATE\""),
        "{why}"
    );
}

#[test]
fn wrong_types_at_three_depths_name_path_and_position() {
    assert_eq!(
        error("runs/wrong-type-top.json"),
        "$.phases: expected an array, found the string \"Preflight, Infra, Schema\" (4:13)"
    );
    assert_eq!(
        error("runs/wrong-type-tests.json"),
        "$.verifyGate.tests.testsSkipped: expected a boolean, found the string \"no\" (6:53)"
    );
    assert_eq!(
        error("runs/wrong-type-finding.json"),
        "$.selfAudit.findings[1].severity: expected a string, found the number 2 (8:37)"
    );
}

#[test]
fn a_wrong_format_is_refused_before_its_types() {
    let e = run::read(&fixture("runs/wrong-format.json")).unwrap_err();
    assert_eq!(e.kind, RunErrorKind::Format);
    assert_eq!(
        e.to_string(),
        "$.format: \"migration-run/v2\" is not a format this build reads \
         (migration-run/v1 and its minor versions such as migration-run/v1.2) (2:13)"
    );
}

#[test]
fn a_truncated_file_is_a_syntax_error() {
    let e = run::read(&fixture("runs/truncated.json")).unwrap_err();
    assert_eq!(e.kind, RunErrorKind::Syntax);
    assert_eq!(
        e.to_string(),
        "$.verifyGate.tests: not JSON: the text ends inside a string; is the file cut short? (5:44)"
    );
}

#[test]
fn unknown_fields_are_kept_and_listed_with_their_paths() {
    let run = run::read(&fixture("runs/unknown-fields.json")).unwrap();
    let listed: Vec<(String, String)> = run
        .unknown_fields()
        .into_iter()
        .map(|f| (f.path, f.value.to_string()))
        .collect();
    let expected = [
        ("$.retries", "1"),
        ("$.git.remote", "\"origin\""),
        ("$.phases[0].model", "\"sonnet\""),
        ("$.verifyGate.lint", "{\"passed\":true}"),
        ("$.verifyGate.tests.counts.todo", "3"),
        ("$.selfAudit.findings[0].lines", "[126]"),
        (
            "$.schema.files[0].sha256",
            "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"",
        ),
        ("$.expectations.sequences", "[]"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, v)| (p.to_string(), v.to_string()))
        .collect();
    assert_eq!(listed, expected);
    assert!(
        gates("runs/unknown-fields.json")
            .iter()
            .all(|r| r.status == Status::Pass)
    );
}

#[test]
fn the_seed_run_passes_every_run_level_gate() {
    let results =
        secondlook_core::registry::run_gates(&run::read(secondlook_core::demo::RUN).unwrap());
    assert!(!results.is_empty());
    assert!(
        results.iter().all(|r| r.status == Status::Pass),
        "{results:#?}"
    );
}

#[test]
fn each_bad_run_fails_its_gate() {
    for (name, id, expected) in [
        (
            "runs/tests-skipped.json",
            GateId::TestsNotSkipped,
            vec![Status::Fail],
        ),
        (
            "runs/tests-skipped.json",
            GateId::GateConsistent,
            vec![Status::Fail],
        ),
        (
            "runs/version-bump.json",
            GateId::NoVersionBump,
            vec![Status::Fail],
        ),
        (
            "runs/self-audit-unsafe.json",
            GateId::SelfAuditSafe,
            vec![Status::Fail, Status::Fail],
        ),
        (
            "runs/factory-incomplete.json",
            GateId::FactoryComplete,
            vec![Status::Fail],
        ),
        (
            "runs/gate-committed-on-red.json",
            GateId::GateConsistent,
            vec![Status::Fail],
        ),
    ] {
        let results = gates(name);
        assert_eq!(statuses(&results, id), expected, "{name} {id}");
        let others_pass = results
            .iter()
            .filter(|r| r.id != id)
            .all(|r| r.status == Status::Pass);
        let two_fire = name == "runs/tests-skipped.json";
        assert!(others_pass || two_fire, "{name}: {results:#?}");
    }
}

#[test]
fn a_run_that_reports_nothing_passes_nothing() {
    let results = gates("runs/reports-nothing.json");
    let mut ids: Vec<GateId> = results.iter().map(|r| r.id).collect();
    ids.dedup();
    let run_level: Vec<GateId> = infos().map(|g| g.id).filter(|id| !reads_sql(*id)).collect();
    assert_eq!(ids, run_level, "every run-level gate answers");
    assert!(
        results.iter().all(|r| r.status == Status::NotReported),
        "{results:#?}"
    );
}

#[test]
fn an_href_to_a_missing_file_is_reported_with_its_path() {
    let location = fixture_path("runs/missing-href.json");
    let location = location.to_str().unwrap();
    let run = run::read(&fixture("runs/missing-href.json")).unwrap();
    let files: Vec<_> = run::sql_sources(&run, location)
        .into_iter()
        .map(|s| s.load(|at| std::fs::read_to_string(at).map_err(|e| e.to_string())))
        .collect();
    assert_eq!(files.len(), 2);
    assert!(
        files[0]
            .text
            .as_ref()
            .is_ok_and(|sql| sql.contains("CREATE TABLE"))
    );
    assert_eq!(
        files[1].path,
        "backend/src/db/migrations/0001_ledger_guard.sql"
    );
    let why = files[1].text.as_ref().unwrap_err();
    assert!(
        why.starts_with("cannot load schema/0001_ledger_guard.sql ("),
        "{why}"
    );
    assert!(
        why.contains("fixtures/runs/schema/0001_ledger_guard.sql"),
        "{why}"
    );
}

#[test]
fn the_schema_accepts_what_the_reader_reads_and_refuses_the_rest() {
    let schema: serde_json::Value =
        serde_json::from_str(&fixture("../docs/run-format-v1.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in VALID {
        let text = fixture(name);
        assert!(run::read(&text).is_ok(), "{name}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    for name in INVALID {
        let text = fixture(name);
        assert!(run::read(&text).is_err(), "{name}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(!validator.is_valid(&value), "{name}");
    }
}
