//! `secondlook check --prove` against a real PostgreSQL (the private server
//! `scripts/test.sh` starts): the seed's money gates confirmed, the broken copies of
//! the seed refuted where they are broken and nowhere else, and a migration that fools
//! the static check refuted by PostgreSQL.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::secondlook;

/// The gates that have a proof.
const PROVEN: &[&str] = &[
    "money-type",
    "expected-index",
    "index-predicate",
    "mixed-id-check",
    "append-only",
];

fn server() -> String {
    std::env::var("SECONDLOOK_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "SECONDLOOK_TEST_PG is not set: these tests need PostgreSQL; run them through \
             `bash scripts/test.sh`, which starts a private server and sets it"
        )
    })
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

/// The seed run with its SQL replaced by `sql`, in a folder of its own.
fn seed_run_with(sql: &Path, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secondlook-prove-{}-{name}", std::process::id()));
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::copy(fixture("seed/run.json"), dir.join("run.json")).unwrap();
    std::fs::copy(sql, dir.join("schema/0000_money_core.sql")).unwrap();
    dir.join("run.json")
}

/// `check --prove SERVER --format json` on a run file: its exit code and result.
fn prove(run: &Path, extra: &[&str]) -> (i32, Value) {
    let pg = server();
    let run = run.to_str().unwrap();
    let mut args = vec!["check", "--run", run, "--format", "json", "--prove", &pg];
    args.extend(extra);
    let output = secondlook(&args);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: stdout {stdout} stderr {stderr}"));
    (output.status.code().unwrap(), value)
}

fn results(result: &Value) -> &Vec<Value> {
    result["gates"].as_array().unwrap()
}

fn proof_of(gate: &Value) -> &str {
    gate["proof"]["result"].as_str().unwrap_or("none")
}

/// Every money gate's result has a proof, and each is confirmed.
fn assert_all_confirmed(result: &Value, what: &str) {
    let proven: Vec<&Value> = results(result)
        .iter()
        .filter(|g| PROVEN.contains(&g["id"].as_str().unwrap()))
        .collect();
    assert!(proven.len() >= PROVEN.len(), "{what}: {proven:#?}");
    for gate in proven {
        assert_eq!(proof_of(gate), "confirmed", "{what}: {gate:#}");
        assert!(
            gate["proof"]["engine"]
                .as_str()
                .unwrap()
                .starts_with("PostgreSQL "),
            "{gate:#}"
        );
    }
}

#[test]
fn the_seed_money_gates_are_confirmed() {
    let (code, result) = prove(&fixture("seed/run.json"), &[]);
    assert_eq!(code, 0, "{result:#}");
    assert_eq!(result["verdict"], "go");
    assert_all_confirmed(&result, "seed");
    let append = results(&result)
        .iter()
        .find(|g| g["id"] == "append-only")
        .unwrap();
    let observed = append["proof"]["observed"].as_str().unwrap();
    assert!(
        observed.contains("UPDATE refused for every role: P0001")
            && observed.contains("DELETE refused for every role: P0001"),
        "{observed}"
    );
}

/// Each broken copy of the seed (`fixtures/sql/`), and what PostgreSQL says of the
/// results its own gate fails: the static failure stands either way.
const BROKEN: &[(&str, &str)] = &[
    ("append-only_update-only.sql", "refuted"),
    // The function only notices, but lacks a RETURN: PostgreSQL refuses every UPDATE
    // and DELETE with 2F005, an error rather than a protection.
    ("append-only_function-only-notices.sql", "inconclusive"),
    ("expected-index_address-not-unique.sql", "refuted"),
    ("expected-index_missing-status-created-at.sql", "refuted"),
    ("index-predicate_lacks-status.sql", "refuted"),
    (
        "mixed-id-check_user-branch-leaves-offer-free.sql",
        "refuted",
    ),
    ("money-type_double-precision.sql", "refuted"),
    ("money-type_numeric-38-2.sql", "refuted"),
];

#[test]
fn each_broken_copy_is_refuted_where_it_is_broken_and_nowhere_else() {
    let dir = fixture("sql");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    for name in names {
        let run = seed_run_with(&dir.join(&name), name.trim_end_matches(".sql"));
        let without = secondlook(&["check", "--run", run.to_str().unwrap(), "--format", "json"]);
        let static_result: Value = serde_json::from_slice(&without.stdout).unwrap();
        let (_, result) = prove(&run, &[]);
        let broken = BROKEN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, proof)| *proof);
        let gate = name.split('_').next().unwrap();
        let mut seen_broken = false;
        for (before, after) in results(&static_result).iter().zip(results(&result)) {
            let id = before["id"].as_str().unwrap();
            assert_eq!(after["status"], before["status"], "{name}: {after:#}");
            if !PROVEN.contains(&id) {
                assert!(after.get("proof").is_none(), "{name}: {after:#}");
                continue;
            }
            let proof = proof_of(after);
            if before["status"] == "pass" {
                assert_eq!(
                    proof, "confirmed",
                    "{name}: a pass PostgreSQL did not confirm: {after:#}"
                );
            } else if id == gate {
                assert_eq!(Some(proof), broken, "{name}: {after:#}");
                seen_broken = true;
            }
        }
        assert_eq!(seen_broken, broken.is_some(), "{name}");
        std::fs::remove_dir_all(run.parent().unwrap()).unwrap();
    }
}

#[test]
fn the_failing_runs_keep_their_run_level_failures_and_their_sql_is_proved() {
    for name in [
        "tests-skipped.json",
        "self-audit-unsafe.json",
        "version-bump.json",
    ] {
        // Their SQL is the seed's, beside their folder.
        let root = fixture("");
        let root = ["--root", root.to_str().unwrap()];
        let (code, result) = prove(&fixture(&format!("runs/{name}")), &root);
        assert_eq!(code, 1, "{name}: {result:#}");
        assert_eq!(result["verdict"], "no-go", "{name}");
        for gate in results(&result) {
            let id = gate["id"].as_str().unwrap();
            if PROVEN.contains(&id) && gate["status"] == "pass" {
                assert_eq!(proof_of(gate), "confirmed", "{name}: {gate:#}");
            }
        }
    }
}

#[test]
fn a_trigger_that_raises_only_on_delete_is_refuted_by_postgresql() {
    let sql = fixture("proof/append-only_raises-only-on-delete.sql");
    let run = seed_run_with(&sql, "fools");
    let without = secondlook(&["check", "--run", run.to_str().unwrap(), "--format", "json"]);
    let static_result: Value = serde_json::from_slice(&without.stdout).unwrap();
    let static_append = results(&static_result)
        .iter()
        .find(|g| g["id"] == "append-only")
        .unwrap();
    // The model reads the trigger function's body: a RAISE inside `IF TG_OP = 'DELETE'`
    // does not prove UPDATE is refused, so the static check cannot pass it.
    assert_eq!(static_append["status"], "not-verified", "{static_append:#}");

    let (code, result) = prove(&run, &[]);
    assert_eq!(code, 1, "{result:#}");
    assert_eq!(result["verdict"], "no-go");
    let append = results(&result)
        .iter()
        .find(|g| g["id"] == "append-only")
        .unwrap();
    assert_eq!(append["status"], "fail");
    assert_eq!(proof_of(append), "refuted");
    let message = append["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "the static check could not verify this; PostgreSQL refuted it: UPDATE as the table's owner got past every rule and trigger"
        ),
        "{message}"
    );

    let pg = server();
    let sarif = secondlook(&[
        "check",
        "--run",
        run.to_str().unwrap(),
        "--format",
        "sarif",
        "--prove",
        &pg,
    ]);
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let refuted = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "append-only")
        .unwrap();
    assert_eq!(refuted["properties"]["proof"]["result"], "refuted");
    let github = secondlook(&[
        "check",
        "--run",
        run.to_str().unwrap(),
        "--format",
        "github",
        "--prove",
        &pg,
    ]);
    let github = String::from_utf8(github.stdout).unwrap();
    assert!(
        github.contains(
            "(PostgreSQL: refuted, UPDATE as the table's owner got past every rule and trigger"
        ),
        "{github}"
    );
    assert!(
        github.contains("::notice title=secondlook proof::"),
        "{github}"
    );
    std::fs::remove_dir_all(run.parent().unwrap()).unwrap();
}

/// The seed with its ledger protected by privileges instead of a trigger: the ledger
/// belongs to a role that is no writer, and the writer role may SELECT and INSERT, and,
/// with `extra`, more.
fn ledger_by_privileges(name: &str, extra: &str) -> PathBuf {
    let seed = std::fs::read_to_string(fixture("seed/schema/0000_money_core.sql")).unwrap();
    let trigger = seed
        .find("CREATE OR REPLACE FUNCTION ledger_entries_append_only")
        .unwrap();
    let sql = format!(
        "{}DO $$ BEGIN CREATE ROLE secondlook_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n\
         DO $$ BEGIN CREATE ROLE secondlook_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n\
         ALTER TABLE ledger_entries OWNER TO secondlook_owner;\n\
         REVOKE UPDATE, DELETE ON ledger_entries FROM PUBLIC;\n\
         GRANT SELECT, INSERT ON ledger_entries TO secondlook_writer;\n{extra}",
        &seed[..trigger]
    );
    let dir = std::env::temp_dir().join(format!("secondlook-prove-{}-{name}", std::process::id()));
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    std::fs::write(dir.join("schema/0000_money_core.sql"), sql).unwrap();
    let mut run: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("seed/run.json")).unwrap()).unwrap();
    run["expectations"]["appendOnly"][0]["writerRoles"] = serde_json::json!(["secondlook_writer"]);
    std::fs::write(dir.join("run.json"), run.to_string()).unwrap();
    dir.join("run.json")
}

fn append_only(result: &Value) -> &Value {
    results(result)
        .iter()
        .find(|g| g["id"] == "append-only")
        .unwrap()
}

#[test]
fn privileges_protect_the_ledger_when_every_writer_role_is_refused() {
    let revoked = ledger_by_privileges("revoked", "");
    let (_, result) = prove(&revoked, &[]);
    let gate = append_only(&result);
    assert_eq!(gate["status"], "pass", "{gate:#}");
    assert_eq!(proof_of(gate), "confirmed", "{gate:#}");
    assert_eq!(
        gate["proof"]["observed"],
        "UPDATE: the owner may, every writer role was refused; DELETE: the owner may, every writer role was refused"
    );

    let granted = ledger_by_privileges(
        "granted",
        "GRANT UPDATE ON ledger_entries TO secondlook_writer;",
    );
    let (_, result) = prove(&granted, &[]);
    let gate = append_only(&result);
    assert_eq!(gate["status"], "fail", "{gate:#}");
    assert_eq!(proof_of(gate), "refuted", "{gate:#}");
    let observed = gate["proof"]["observed"].as_str().unwrap();
    assert!(
        observed.starts_with("UPDATE as secondlook_writer "),
        "{observed}"
    );
    for run in [revoked, granted] {
        std::fs::remove_dir_all(run.parent().unwrap()).unwrap();
    }
}

#[test]
fn the_text_output_shows_each_proof_and_the_engine() {
    let pg = server();
    let run = fixture("seed/run.json");
    let output = secondlook(&["check", "--run", run.to_str().unwrap(), "--prove", &pg]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("PostgreSQL confirmed: payments.amount is numeric(38,18)"),
        "{text}"
    );
    assert!(text.contains("\nproved by PostgreSQL "), "{text}");
}

#[test]
fn prove_without_a_url_starts_a_temporary_server() {
    // Not the test server: this one is started, used and removed by the command.
    let run = fixture("seed/run.json");
    let output = secondlook(&[
        "check",
        "--run",
        run.to_str().unwrap(),
        "--format",
        "json",
        "--prove",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let result: Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_all_confirmed(&result, "temporary server");
}

#[test]
fn a_server_that_cannot_be_reached_is_a_clear_error() {
    let run = fixture("seed/run.json");
    let output = secondlook(&[
        "check",
        "--run",
        run.to_str().unwrap(),
        "--prove",
        "host=/nonexistent-secondlook port=1 user=nobody dbname=none",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot connect to PostgreSQL for --prove"),
        "{stderr}"
    );
}
