//! `secondlook check --prove` against a real PostgreSQL (the private server
//! `scripts/test.sh` starts): the seed's money gates confirmed, the gates' examples that
//! change the seed refuted where they are broken and nowhere else, and a migration that fools
//! the static check refuted by PostgreSQL.

mod support;
// Only the seed copy is used here.
#[allow(dead_code)]
#[path = "support/seed.rs"]
mod seed;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use postgres::{Client, NoTls};
use secondlook_core::examples::{Expect, Input};
use secondlook_core::registry::examples;
use serde_json::Value;
use support::secondlook;

/// The gates that have a proof (`applies` by running the migration).
const PROVEN: &[&str] = &[
    "applies",
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

/// A superuser's connection to the test server.
fn admin() -> Client {
    Client::connect(&server(), NoTls).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

/// The seed run with its SQL replaced by `sql`, in a folder of its own.
fn seed_run_with(sql: &str, name: &str) -> PathBuf {
    seed::seed_copy(&format!("prove-{name}"), |_| sql.to_string()).join("run.json")
}

/// The seed's SQL as the gate `id`'s example `name` changes it.
fn example_sql(id: &str, name: &str) -> String {
    examples()
        .find(|(gate, example)| gate.id.as_str() == id && example.name == name)
        .map(|(_, example)| example.input.text().unwrap())
        .unwrap_or_else(|| panic!("no example {id}/{name}"))
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
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
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

/// Each gate's example that changes the seed, where its own gate does not pass, and
/// what PostgreSQL says of that gate's results: the static result stands either way.
const BROKEN: &[(&str, &str, &str)] = &[
    ("append-only", "update-only", "refuted"),
    // The function only notices, but lacks a RETURN: PostgreSQL refuses every UPDATE
    // and DELETE with 2F005, an error rather than a protection.
    ("append-only", "function-only-notices", "inconclusive"),
    ("append-only", "raises-only-on-delete", "refuted"),
    // PostgreSQL applies it one way, the one the plan chose; the tool the run does not
    // name may run it in a transaction, which PostgreSQL refuses.
    ("applies", "concurrent-index-no-tool", "inconclusive"),
    ("expected-index", "address-not-unique", "refuted"),
    ("expected-index", "missing-status-created-at", "refuted"),
    ("expected-index", "columns-reversed", "refuted"),
    ("index-predicate", "lacks-status", "refuted"),
    ("mixed-id-check", "user-branch-leaves-offer-free", "refuted"),
    ("money-type", "double-precision", "refuted"),
    ("money-type", "numeric-38-2", "refuted"),
];

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn each_example_of_the_seed_is_refuted_where_it_is_broken_and_nowhere_else() {
    let seed_examples = examples().filter(|(_, e)| matches!(e.input, Input::Seed(_)));
    for (gate, example) in seed_examples {
        let name = format!("{}/{}", gate.id, example.name);
        let sql = example.input.text().unwrap();
        let run = seed_run_with(&sql, &name.replace('/', "_"));
        let without = secondlook(&["check", "--run", run.to_str().unwrap(), "--format", "json"]);
        let static_result: Value = serde_json::from_slice(&without.stdout).unwrap();
        let (_, result) = prove(&run, &[]);
        let broken = BROKEN
            .iter()
            .find(|(id, n, _)| *id == gate.id.as_str() && *n == example.name)
            .map(|(_, _, proof)| *proof);
        let mut seen_broken = false;
        for (before, after) in results(&static_result).iter().zip(results(&result)) {
            let id = before["id"].as_str().unwrap();
            // What the static check could not verify of its own gate, PostgreSQL may
            // decide; every other result keeps its status.
            if !(id == gate.id.as_str() && before["status"] == "not-verified") {
                assert_eq!(after["status"], before["status"], "{name}: {after:#}");
            }
            if !PROVEN.contains(&id) {
                assert!(after.get("proof").is_none(), "{name}: {after:#}");
                continue;
            }
            let proof = proof_of(after);
            assert!(
                !(after["status"] == "fail" && proof == "confirmed"),
                "{name}: failed and confirmed: {after:#}"
            );
            if before["status"] == "pass" {
                assert_eq!(
                    proof, "confirmed",
                    "{name}: a pass PostgreSQL did not confirm: {after:#}"
                );
            } else if id == gate.id.as_str() {
                assert_eq!(Some(proof), broken, "{name}: {after:#}");
                seen_broken = true;
            }
        }
        assert_eq!(seen_broken, broken.is_some(), "{name}");
        std::fs::remove_dir_all(run.parent().unwrap()).unwrap();
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
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
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_trigger_that_raises_only_on_delete_is_refuted_by_postgresql() {
    let sql = example_sql("append-only", "raises-only-on-delete");
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
/// belongs to the role the migration runs as, which is no writer, and the writer role
/// may SELECT and INSERT, and, with `extra`, more.
fn ledger_by_privileges(name: &str, extra: &str) -> PathBuf {
    let seed = std::fs::read_to_string(fixture("seed/schema/0000_money_core.sql")).unwrap();
    let trigger = seed
        .find("CREATE OR REPLACE FUNCTION ledger_entries_append_only")
        .unwrap();
    // The roles a deployment has; the migration runs as a role that cannot create any.
    admin()
        .batch_execute(
            "DO $$ BEGIN CREATE ROLE secondlook_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
        )
        .unwrap();
    let sql = format!(
        "{}REVOKE UPDATE, DELETE ON ledger_entries FROM PUBLIC;\n\
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
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn privileges_protect_the_ledger_when_every_writer_role_is_refused() {
    let revoked = ledger_by_privileges("revoked", "");
    let (_, result) = prove(&revoked, &[]);
    let gate = append_only(&result);
    // The ledger belongs to the role the migration ran as, which the static check
    // cannot tell from a writer (the sandbox gives no other role to own it): it fails
    // the gate. The probe tried only the writer roles the run names, so it confirms
    // nothing beyond them: its proof is inconclusive, saying what it covered.
    assert_eq!(gate["status"], "fail", "{gate:#}");
    assert_eq!(proof_of(gate), "inconclusive", "{gate:#}");
    assert_eq!(
        gate["proof"]["observed"],
        "UPDATE: the owner may, every writer role was refused; DELETE: the owner may, \
         every writer role was refused; this covers the one row the probe inserted; the \
         result fails beyond what the probe tried"
    );
    // The catalog holds the same: no owner was set, so privileges protect nothing.
    assert_eq!(gate["proof"]["decidedBy"], "catalog", "{gate:#}");
    assert_eq!(gate["proof"]["catalog"]["status"], "fail", "{gate:#}");

    let granted = ledger_by_privileges(
        "granted",
        "GRANT UPDATE ON ledger_entries TO secondlook_writer;",
    );
    let (_, given) = prove(&granted, &[]);
    // The temporary server has the writer roles the run names made for it.
    let run = granted.to_str().unwrap();
    let temporary = secondlook(&["check", "--run", run, "--format", "json", "--prove"]);
    let temporary: Value = serde_json::from_slice(&temporary.stdout).unwrap();
    for result in [given, temporary] {
        let gate = append_only(&result);
        assert_eq!(gate["status"], "fail", "{gate:#}");
        assert_eq!(proof_of(gate), "refuted", "{gate:#}");
        let observed = gate["proof"]["observed"].as_str().unwrap();
        assert!(
            observed.starts_with("UPDATE as secondlook_writer "),
            "{observed}"
        );
    }
    for run in [revoked, granted] {
        std::fs::remove_dir_all(run.parent().unwrap()).unwrap();
    }
}

/// What the static check could not follow (a statement sqlparser cannot parse, a
/// column renamed under a CHECK), or read as another type (a domain over the money
/// type), PostgreSQL's catalog after the migration decides: every money gate passes,
/// decided by the catalog, and the verdict follows.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn the_catalog_after_the_migration_decides_what_the_static_check_could_not() {
    let amount = "\"amount\" numeric(38, 18) NOT NULL,\n\t\"token_decimals\"";
    // Each: a name, the edit of the seed, its static verdict and its proven one.
    type Case = (
        &'static str,
        fn(String) -> String,
        &'static str,
        &'static str,
    );
    let cases: [Case; 3] = [
        (
            "statistics",
            |seed| {
                seed + "\n--> statement-breakpoint\nCREATE STATISTICS ledger_stats (dependencies) \
                        ON owner_kind, owner_user_id FROM ledger_entries;"
            },
            "not-verified",
            // The statement that did not parse stays a warning.
            "go-with-changes",
        ),
        (
            "renames",
            |seed| {
                seed + "\n--> statement-breakpoint\n\
                        ALTER TABLE payments RENAME COLUMN amount TO amount_old;\
                        --> statement-breakpoint\n\
                        ALTER TABLE payments RENAME COLUMN amount_old TO amount;"
            },
            "not-verified",
            "go",
        ),
        (
            "domain",
            |seed| {
                let amount = "\"amount\" numeric(38, 18) NOT NULL,\n\t\"token_decimals\"";
                format!(
                    "CREATE DOMAIN token_amount AS numeric(38, 18) CHECK (VALUE >= 0);\
                     --> statement-breakpoint\n{}",
                    seed.replace(
                        amount,
                        "\"amount\" token_amount NOT NULL,\n\t\"token_decimals\""
                    )
                )
            },
            "no-go",
            "go",
        ),
    ];
    let seed = std::fs::read_to_string(fixture("seed/schema/0000_money_core.sql")).unwrap();
    assert!(seed.contains(amount));
    for (name, edit, static_verdict, proven_verdict) in cases {
        let dir = seed::seed_copy(&format!("prove-catalog-{name}"), |sql| {
            edit(sql.to_string())
        });
        let run = dir.join("run.json");
        let without = secondlook(&["check", "--run", run.to_str().unwrap(), "--format", "json"]);
        let static_result: Value = serde_json::from_slice(&without.stdout).unwrap();
        assert_eq!(static_result["verdict"], static_verdict, "{name}");
        let (_, result) = prove(&run, &[]);
        assert_eq!(result["verdict"], proven_verdict, "{name}: {result:#}");
        for gate in results(&result)
            .iter()
            .filter(|g| PROVEN.contains(&g["id"].as_str().unwrap()))
        {
            assert_eq!(gate["status"], "pass", "{name}: {gate:#}");
            // The migration's own run proves it applies; the catalog, the rest.
            let (decided, catalog) = match gate["id"] == "applies" {
                true => ("run", Value::Null),
                false => ("catalog", Value::from("pass")),
            };
            assert_eq!(gate["proof"]["decidedBy"], decided, "{name}: {gate:#}");
            assert_eq!(
                gate["proof"]["catalog"]["status"], catalog,
                "{name}: {gate:#}"
            );
        }
        std::fs::remove_dir_all(run.parent().unwrap()).unwrap();
    }
}

/// A migration PostgreSQL refuses is no-go with a proof, whatever the static check
/// read: gate `applies` fails at the statement, with PostgreSQL's SQLSTATE and message,
/// and no other result is confirmed.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_migration_postgresql_refuses_is_no_go() {
    let sql = std::fs::read_to_string(fixture("proof/applies_refused-unknown-column.sql")).unwrap();
    let lines = sql.matches('\n').count();
    let run = seed_run_with(&sql, "refused");
    let without = secondlook(&["check", "--run", run.to_str().unwrap(), "--format", "json"]);
    let static_result: Value = serde_json::from_slice(&without.stdout).unwrap();
    assert_ne!(static_result["verdict"], "no-go", "{static_result:#}");
    let (code, result) = prove(&run, &[]);
    assert_ne!(code, 0);
    assert_eq!(result["verdict"], "no-go", "{result:#}");
    let applies = results(&result)
        .iter()
        .find(|g| g["id"] == "applies")
        .unwrap();
    assert_eq!(applies["status"], "fail", "{applies:#}");
    assert_eq!(proof_of(applies), "refuted", "{applies:#}");
    assert_eq!(
        applies["proof"]["observed"],
        format!(
            "the migration did not apply: PostgreSQL refused the statement at \
             backend/src/db/migrations/0000_money_core.sql:{lines}:1: 42703 column \
             \"no_such_column\" does not exist"
        )
    );
    for gate in results(&result).iter().filter(|g| g["id"] != "applies") {
        assert_ne!(proof_of(gate), "confirmed", "{gate:#}");
    }
    std::fs::remove_dir_all(run.parent().unwrap()).unwrap();
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn the_text_output_shows_each_proof_and_the_engine() {
    let pg = server();
    let run = fixture("seed/run.json");
    let output = secondlook(&["check", "--run", run.to_str().unwrap(), "--prove", &pg]);
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains(
            "PostgreSQL confirmed: payments.amount is numeric(38,18); moneyType is numeric(38,18)\n\
             \x20                 PostgreSQL's catalog: pass: payments.amount is numeric(38,18)\n\
             \x20                 decided by PostgreSQL's catalog after the migration\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nproved by PostgreSQL "), "{text}");
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
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
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
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

// The sandbox (docs/proof.md): what a hostile migration tries under `--prove`, on the
// test server and on the temporary server, and what is left afterwards.

/// What one `check --prove` of a hostile migration printed, and how long it took.
struct Sandboxed {
    output: String,
    took: Duration,
}

/// A value only the command's environment holds: it must never be printed.
fn secret() -> String {
    format!("sandbox-secret-{}-4f9c2e", std::process::id())
}

/// A folder of its own for one sandbox test (`name`), empty.
fn sandbox_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("secondlook-sandbox-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("run/schema")).unwrap();
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    std::fs::copy(fixture("seed/run.json"), dir.join("run/run.json")).unwrap();
    dir
}

/// `check --prove [server] --prove-timeout 3` on the seed run whose migration is `sql`,
/// with a secret in its environment and `dir/tmp` as its temporary folder, started and
/// then left to `during` (which may signal it); how long it took after `during`.
fn sandboxed_with(
    name: &str,
    sql: &str,
    server: Option<&str>,
    during: impl FnOnce(u32, &Path),
) -> Sandboxed {
    let dir = sandbox_dir(name);
    std::fs::write(dir.join("run/schema/0000_money_core.sql"), sql).unwrap();
    let mut command = check_prove(&dir, server);
    let mut child = command.spawn().unwrap();
    during(child.id(), &dir.join("tmp"));
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(180) {
            child.kill().unwrap();
            panic!("{name}: check --prove still runs after three minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = started.elapsed();
    let output = std::fs::read_to_string(dir.join("stdout")).unwrap()
        + &std::fs::read_to_string(dir.join("stderr")).unwrap();
    assert!(
        !output.contains(&secret()),
        "{name}: the environment leaked: {output}"
    );
    let left = leftovers(child.id(), &dir.join("tmp"));
    assert!(left.is_empty(), "{name}: left behind: {left:?}\n{output}");
    std::fs::remove_dir_all(&dir).unwrap();
    Sandboxed { output, took }
}

/// `check --prove [server] --prove-timeout 3` on the run in `dir/run`, with a secret in
/// its environment and `dir/tmp` as its temporary folder; its output in `dir`.
fn check_prove(dir: &Path, server: Option<&str>) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_secondlook"));
    command
        .args(["check", "--format", "json", "--prove-timeout", "3", "--run"])
        .arg(dir.join("run/run.json"))
        .arg("--prove")
        .args(server)
        .env("SECONDLOOK_SANDBOX_SECRET", secret())
        .env("TMPDIR", dir.join("tmp"))
        .stdout(std::fs::File::create(dir.join("stdout")).unwrap())
        .stderr(std::fs::File::create(dir.join("stderr")).unwrap());
    command
}

/// Whether a temporary server runs from a folder in `tmp`; once it does, its
/// environment must not hold the secret.
fn temporary_server_runs(tmp: &Path) -> bool {
    let runs = std::fs::read_dir(tmp)
        .unwrap()
        .any(|e| e.unwrap().path().join("data/postmaster.pid").exists());
    if runs {
        for process in processes_naming(tmp) {
            let pid = process.split('"').nth(1).unwrap();
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            assert!(
                !String::from_utf8_lossy(&environ).contains(&secret()),
                "the server's environment holds the caller's: {process}"
            );
        }
    }
    runs
}

fn sandboxed(name: &str, sql: &str, server: Option<&str>) -> Sandboxed {
    sandboxed_with(name, sql, server, |_, _| {})
}

/// The test server, then the temporary one.
fn both_servers() -> [Option<String>; 2] {
    [Some(server()), None]
}

/// What a `check --prove` with process id `pid` left: scratch databases and roles on
/// the test server, files in its temporary folder, processes that name that folder.
fn leftovers(pid: u32, tmp: &Path) -> Vec<String> {
    let mut left: Vec<String> = admin()
        .query(
            "SELECT datname::text FROM pg_database WHERE datname LIKE $1 \
             UNION ALL SELECT rolname::text FROM pg_roles WHERE rolname LIKE $1",
            &[&format!("secondlook\\_proof\\_{pid}\\_%")],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    left.extend(
        std::fs::read_dir(tmp)
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string()),
    );
    // A server's processes take a moment to exit after it stopped.
    let started = Instant::now();
    while !processes_naming(tmp).is_empty() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
    }
    left.extend(processes_naming(tmp));
    left
}

fn processes_naming(path: &Path) -> Vec<String> {
    let path = path.to_str().unwrap();
    let mut found = Vec::new();
    for process in std::fs::read_dir("/proc").unwrap().flatten() {
        let cmdline = std::fs::read(process.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if cmdline.contains(path) {
            found.push(format!("process {:?}: {cmdline}", process.file_name()));
        }
    }
    found
}

fn exists(sql: &str, name: &str) -> bool {
    !admin().query(sql, &[&name]).unwrap().is_empty()
}

fn role_exists(name: &str) -> bool {
    exists("SELECT 1 FROM pg_roles WHERE rolname = $1", name)
}

fn assert_refused(sandboxed: &Sandboxed, why: &str) {
    assert!(
        sandboxed.output.contains("the migration did not apply") && sandboxed.output.contains(why),
        "{}",
        sandboxed.output
    );
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn the_migration_runs_as_a_bounded_role_with_no_privilege_beyond_its_database() {
    let sql = "SELECT (SELECT format('role %s super %s program %s read %s write %s createrole %s createdb %s replication %s bypassrls %s \
               timeouts %s %s %s temp files %s', \
               current_user, rolsuper, pg_has_role('pg_execute_server_program', 'MEMBER'), \
               pg_has_role('pg_read_server_files', 'MEMBER'), pg_has_role('pg_write_server_files', 'MEMBER'), \
               rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, \
               current_setting('statement_timeout'), current_setting('lock_timeout'), \
               current_setting('idle_in_transaction_session_timeout'), current_setting('temp_file_limit')) \
               FROM pg_roles WHERE rolname = current_user)::int;";
    for server in both_servers() {
        let run = sandboxed("role", sql, server.as_deref());
        assert!(
            run.output.contains(
                "super f program f read f write f createrole f createdb f replication f bypassrls f \
                 timeouts 3s 3s 3s temp files 1GB"
            ) && run.output.contains("role secondlook_proof_"),
            "{}",
            run.output
        );
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn copy_to_program_runs_nothing() {
    for server in both_servers() {
        let file =
            std::env::temp_dir().join(format!("secondlook-sandbox-{}-touched", std::process::id()));
        let sql = format!("COPY (SELECT 1) TO PROGRAM 'touch {}';", file.display());
        let run = sandboxed("copy-to-program", &sql, server.as_deref());
        assert_refused(&run, "pg_execute_server_program");
        assert!(!file.exists(), "{} was created", file.display());
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn copy_from_program_env_prints_no_environment() {
    // Were it run, the environment would be in the cast's error message.
    let sql = "CREATE TABLE e (line text); COPY e FROM PROGRAM 'env'; SELECT string_agg(line, ' ')::int FROM e;";
    for server in both_servers() {
        let run = sandboxed("copy-from-program", sql, server.as_deref());
        assert_refused(&run, "pg_execute_server_program");
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn dblink_reaches_no_server() {
    let role = format!("secondlook_sandbox_dblink_{}", std::process::id());
    let sql = format!(
        "CREATE EXTENSION dblink;\nSELECT dblink_exec('{}', 'CREATE ROLE {role} SUPERUSER');",
        server()
    );
    let run = sandboxed("dblink", &sql, Some(&server()));
    // Refused for want of privilege, or, where PostgreSQL's contrib is not installed,
    // for want of the extension: either way the statement fails.
    assert_refused(&run, "extension");
    assert!(run.output.contains("dblink"), "{}", run.output);
    assert!(!role_exists(&role));
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn another_database_is_not_dropped() {
    let victim = format!("secondlook_sandbox_victim_{}", std::process::id());
    admin()
        .batch_execute(&format!("CREATE DATABASE {victim}"))
        .unwrap();
    let run = sandboxed(
        "drop-database",
        &format!("DROP DATABASE {victim};"),
        Some(&server()),
    );
    let kept = exists("SELECT 1 FROM pg_database WHERE datname = $1", &victim);
    admin()
        .batch_execute(&format!("DROP DATABASE {victim}"))
        .unwrap();
    assert_refused(&run, "must be owner of database");
    assert!(kept, "{victim} was dropped");
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn no_superuser_role_is_created() {
    let role = format!("secondlook_sandbox_evil_{}", std::process::id());
    let sql = format!("CREATE ROLE {role} SUPERUSER LOGIN PASSWORD 'x';");
    let run = sandboxed("create-role", &sql, Some(&server()));
    assert_refused(&run, "must be superuser to create superusers");
    assert!(!role_exists(&role));
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn alter_system_changes_no_setting() {
    let run = sandboxed(
        "alter-system",
        "ALTER SYSTEM SET work_mem = '7777kB';",
        Some(&server()),
    );
    assert_refused(&run, "permission denied to set parameter");
    assert!(!exists(
        "SELECT 1 FROM pg_file_settings WHERE name = 'work_mem' AND setting = $1",
        "7777kB"
    ));
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn alter_role_all_changes_no_setting() {
    let sql = "ALTER ROLE ALL SET session_replication_role = replica;";
    let run = sandboxed("alter-role-all", sql, Some(&server()));
    assert_refused(&run, "must be superuser to alter settings globally");
    assert!(!exists(
        "SELECT 1 FROM pg_db_role_setting WHERE setrole = 0 AND array_to_string(setconfig, ',') LIKE $1",
        "%session_replication_role%"
    ));
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn pg_sleep_ends_within_the_timeout() {
    let run = sandboxed("pg-sleep", "SELECT pg_sleep(3600);", Some(&server()));
    assert_refused(&run, "57014");
    assert!(run.took < Duration::from_secs(30), "{:?}", run.took);
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_migration_that_lifts_its_timeout_and_ignores_cancels_is_ended_by_the_watchdog() {
    let sql = "SET statement_timeout = 0;\n\
               DO $$ BEGIN LOOP BEGIN PERFORM pg_sleep(3600); EXCEPTION WHEN query_canceled THEN NULL; END; END LOOP; END $$;";
    let run = sandboxed("watchdog", sql, Some(&server()));
    assert!(
        run.output.contains(
            "the migration did not apply: PostgreSQL refused the statement at \
             backend/src/db/migrations/0000_money_core.sql:2:1: "
        ),
        "{}",
        run.output
    );
    assert!(run.took < Duration::from_secs(30), "{:?}", run.took);
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn pg_read_file_reads_no_server_file() {
    // A file the server's user may read, with the secret in it: were it read, the
    // secret would be in the cast's error message.
    let file = std::env::temp_dir().join(format!("secondlook-sandbox-{}-file", std::process::id()));
    std::fs::write(&file, secret()).unwrap();
    let sql = format!("SELECT pg_read_file('{}')::int;", file.display());
    let run = sandboxed("pg-read-file", &sql, Some(&server()));
    std::fs::remove_file(&file).unwrap();
    assert_refused(&run, "permission denied for function pg_read_file");
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn lo_export_writes_no_file() {
    let file = std::env::temp_dir().join(format!("secondlook-sandbox-{}-lo", std::process::id()));
    let sql = format!(
        "SELECT lo_export(lo_from_bytea(0, 'x'), '{}');",
        file.display()
    );
    let run = sandboxed("lo-export", &sql, Some(&server()));
    assert_refused(&run, "permission denied for function lo_export");
    assert!(!file.exists(), "{} was written", file.display());
}

/// Sends `signal` to `pid` once its scratch database has a sleeping migration, or its
/// temporary server runs.
fn interrupt(signal: &'static str) -> impl FnOnce(u32, &Path) {
    move |pid, tmp| {
        let started = Instant::now();
        let prefix = format!("secondlook\\_proof\\_{pid}\\_%");
        let sleeping = || {
            temporary_server_runs(tmp)
                || exists(
                    "SELECT 1 FROM pg_stat_activity WHERE usename LIKE $1 AND query LIKE 'SELECT pg_sleep%'",
                    &prefix,
                )
        };
        while !sleeping() {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "no proof started"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(500));
        let killed = std::process::Command::new("kill")
            .args(["-s", signal, &pid.to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn ctrl_c_and_sigterm_leave_no_server_folder_database_or_role() {
    let sql = "SELECT pg_sleep(3600);";
    for signal in ["INT", "TERM"] {
        for server in both_servers() {
            let run = sandboxed_with("signal", sql, server.as_deref(), interrupt(signal));
            assert!(
                run.output.contains("interrupted"),
                "{signal}: {}",
                run.output
            );
            assert!(run.took < Duration::from_secs(30), "{:?}", run.took);
        }
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_scratch_database_and_role_left_by_a_killed_run_are_swept() {
    let two_days_ago = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos()
        - 2 * 24 * 3600 * 1_000_000_000;
    let stale = format!("secondlook_proof_1_{two_days_ago}");
    admin()
        .batch_execute(&format!("CREATE ROLE {stale}"))
        .unwrap();
    admin()
        .batch_execute(&format!("CREATE DATABASE {stale} OWNER {stale}"))
        .unwrap();
    sandboxed("sweep", "SELECT 1;", Some(&server()));
    assert!(!role_exists(&stale));
    assert!(!exists(
        "SELECT 1 FROM pg_database WHERE datname = $1",
        &stale
    ));
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn credentials_that_cannot_create_roles_are_named() {
    let user = format!("secondlook_sandbox_plain_{}", std::process::id());
    admin()
        .batch_execute(&format!("CREATE ROLE {user} LOGIN CREATEDB"))
        .unwrap();
    let pg = server().replace("user=postgres", &format!("user={user}"));
    let run = fixture("seed/run.json");
    let output = secondlook(&["check", "--run", run.to_str().unwrap(), "--prove", &pg]);
    admin().batch_execute(&format!("DROP ROLE {user}")).unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "--prove needs a superuser, and {user} is not one on that server"
        )),
        "{stderr}"
    );
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_temporary_server_left_by_a_killed_run_is_swept_by_the_next_run() {
    let dir = sandbox_dir("sigkill");
    let tmp = dir.join("tmp");
    let sql = dir.join("run/schema/0000_money_core.sql");
    std::fs::write(&sql, "SELECT pg_sleep(3600);").unwrap();
    let mut killed = check_prove(&dir, None).spawn().unwrap();
    let started = Instant::now();
    while !temporary_server_runs(&tmp) {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no server started"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    killed.kill().unwrap();
    killed.wait().unwrap();
    assert!(
        !processes_naming(&tmp).is_empty(),
        "the killed run's server stopped"
    );

    std::fs::write(&sql, "SELECT 1;").unwrap();
    let mut next = check_prove(&dir, None).spawn().unwrap();
    next.wait().unwrap();
    let left = leftovers(next.id(), &tmp);
    assert!(left.is_empty(), "left behind: {left:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn the_temporary_server_is_private_to_the_command() {
    let private = |pid: u32, tmp: &Path| {
        let socket = || {
            let dir = std::fs::read_dir(tmp).unwrap().next()?.unwrap().path();
            dir.join(".s.PGSQL.5432").exists().then_some(dir)
        };
        let started = Instant::now();
        let dir = loop {
            if let Some(dir) = socket() {
                break dir;
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "no server started"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        for path in [dir.clone(), dir.join(".s.PGSQL.5432")] {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{}", path.display());
        }
        // Reaching the socket is not enough: every login needs the password.
        let refused = Client::connect(
            &format!(
                "host={} port=5432 user=postgres dbname=postgres",
                dir.display()
            ),
            NoTls,
        );
        assert!(refused.is_err(), "logged in without the password");
        interrupt("TERM")(pid, tmp);
    };
    sandboxed_with("private", "SELECT pg_sleep(3600);", None, private);
}

/// The baseline runs before the migration it meets: the migration changes a column the
/// baseline made, so it applies, and PostgreSQL reads the type it left.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_migration_is_proved_over_its_baseline() {
    let (code, result) = prove(&fixture("baseline/run.json"), &[]);
    assert_eq!(code, 1, "{result:#}");
    let gate = |id: &str| {
        results(&result)
            .iter()
            .find(|g| g["id"] == id)
            .unwrap_or_else(|| panic!("no {id}: {result:#}"))
    };
    assert_eq!(proof_of(gate("applies")), "confirmed", "{result:#}");
    let money = gate("money-type");
    assert_eq!(money["status"], "fail", "{money:#}");
    assert_eq!(proof_of(money), "refuted", "{money:#}");
    assert_eq!(
        money["proof"]["observed"],
        "payments.amount is numeric(12,2); moneyType is numeric(38,18)"
    );
}

/// A baseline PostgreSQL refuses is not the database the migration meets: the migration
/// is not run, and no proof stands, refuting or confirming.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_baseline_postgresql_refuses_proves_nothing() {
    let dir = std::env::temp_dir().join(format!("secondlook-bad-baseline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("run.json"),
        r#"{"format": "migration-run/v1", "schema": {
            "files": [{"path": "0002.sql", "sql": "ALTER TABLE payments ADD COLUMN note text;"}],
            "baseline": [{"path": "0001.sql",
                "sql": "CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(38,18));\nINSERT INTO nowhere VALUES (1);"}]},
            "expectations": {"moneyColumns": [{"table": "payments", "column": "amount"}],
                             "moneyType": "numeric(38,18)"}}"#,
    )
    .unwrap();
    let (_, result) = prove(&dir.join("run.json"), &[]);
    let proved: Vec<&Value> = results(&result)
        .iter()
        .filter(|g| g["proof"].is_object())
        .collect();
    assert!(!proved.is_empty(), "{result:#}");
    for gate in proved {
        assert_eq!(proof_of(gate), "inconclusive", "{gate:#}");
        let observed = gate["proof"]["observed"].as_str().unwrap();
        assert!(
            observed.contains(
                "the baseline did not apply, so the migration was not run: PostgreSQL \
                 refused the statement at 0001.sql:2:1: 42P01"
            ),
            "{observed}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The examples of `data-kept`, which only PostgreSQL decides (the static examples test
/// finds them not verified): each run over the seed as its baseline shows with a proof
/// what it says.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn each_data_kept_example_says_with_a_proof_what_it_shows() {
    let mut seen = 0;
    for (_, example) in examples().filter(|(gate, _)| gate.id.as_str() == "data-kept") {
        let dir = seed::seed_copy(&format!("prove-kept-{}", example.name), str::to_string);
        std::fs::write(dir.join("run.json"), example.input.text().unwrap()).unwrap();
        let (_, result) = prove(&dir.join("run.json"), &[]);
        let kept: Vec<&Value> = results(&result)
            .iter()
            .filter(|g| g["id"] == "data-kept")
            .collect();
        let statuses: Vec<&str> = kept.iter().map(|g| g["status"].as_str().unwrap()).collect();
        let says = match example.expect {
            Expect::Fires => statuses.contains(&"fail"),
            Expect::Passes => !statuses.is_empty() && statuses.iter().all(|s| *s == "pass"),
            Expect::NotVerified => {
                statuses.contains(&"not-verified") && !statuses.contains(&"fail")
            }
        };
        assert!(says, "{}: {:?}: {kept:#?}", example.name, example.expect);
        std::fs::remove_dir_all(&dir).unwrap();
        seen += 1;
    }
    assert!(seen >= 2, "{seen} examples");
}
