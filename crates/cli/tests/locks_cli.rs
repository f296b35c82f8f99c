//! Observed locks end to end: `check --migrations DIR --run locks-run.json --prove`
//! over drizzle-kit folders whose newest migration meets the table the first made. The
//! run allows SHARE UPDATE EXCLUSIVE on `payments` and rewrites of tables up to 100 MB,
//! and sizes `payments` at 180 MB.

#[allow(dead_code)]
#[path = "support/seed.rs"]
mod seed;

use std::path::Path;

use serde_json::Value;

/// The test server's connection string.
fn server() -> String {
    std::env::var("SECONDLOOK_TEST_PG").expect(
        "SECONDLOOK_TEST_PG is not set: this test needs PostgreSQL; run it through \
         `bash scripts/test.sh`, which starts a private server and sets it",
    )
}

/// `check --format json` of the folder with the run, proved on the test server.
fn proved(folder: &str) -> Value {
    let stdout = proved_as(folder, "json");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// `check --format FORMAT` of the folder with the run, proved on the test server.
fn proved_as(folder: &str, format: &str) -> String {
    let server = server();
    let fixtures = format!("{}/../../fixtures", env!("CARGO_MANIFEST_DIR"));
    let (_, stdout, stderr) = seed::secondlook_in(
        Path::new(&fixtures),
        &[
            "check",
            "--run",
            "folders/locks-run.json",
            "--migrations",
            folder,
            "--prove",
            &server,
            "--format",
            format,
        ],
    );
    assert!(!stdout.is_empty(), "{stderr}");
    stdout
}

/// (status, message, proof's decidedBy) of each result of `id`.
fn results(result: &Value, id: &str) -> Vec<(String, String, String)> {
    (result["gates"].as_array().unwrap().iter())
        .filter(|g| g["id"] == id)
        .map(|g| {
            (
                g["status"].as_str().unwrap().to_string(),
                g["message"].as_str().unwrap().to_string(),
                g["proof"]["decidedBy"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// What the result's `observedLocks` says of the statement at `at`: each relation's
/// (name, strongest mode, scanned, rewritten).
fn locks_at(result: &Value, at: &str) -> Vec<(String, String, bool, bool)> {
    let statement = (result["observedLocks"]["statements"].as_array())
        .unwrap_or_else(|| panic!("no observed locks: {result:#}"))
        .iter()
        .find(|s| s["at"] == at)
        .unwrap_or_else(|| panic!("no statement at {at}: {result:#}"));
    assert!(statement["notObserved"].is_null(), "{statement:#}");
    (statement["relations"].as_array().unwrap().iter())
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["modes"]
                    .as_array()
                    .unwrap()
                    .last()
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["scanned"].as_bool().unwrap(),
                r["rewritten"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn an_index_built_without_concurrently_holds_share_while_it_reads_the_table() {
    let result = proved("folders/drizzle-index");
    assert_eq!(
        locks_at(
            &result,
            "folders/drizzle-index/0001_payments_amount_index.sql:3:1"
        ),
        [(
            "public.payments".to_string(),
            "SHARE".to_string(),
            true,
            false
        )]
    );
    let budget = results(&result, "lock-budget");
    assert_eq!(budget.len(), 2, "{budget:?}");
    assert_eq!(budget[0].0, "fail", "{budget:?}");
    assert_eq!(
        budget[0].1,
        "payments (at most SHARE UPDATE EXCLUSIVE): \
         folders/drizzle-index/0001_payments_amount_index.sql:3:1 held SHARE on \
         public.payments while it read it"
    );
    assert_eq!(budget[0].2, "locks");
    // Nothing was rewritten.
    assert_eq!(budget[1].0, "pass", "{budget:?}");
    // Squawk said so from the text; PostgreSQL confirms it.
    let squawk = results(&result, "squawk:require-concurrent-index-creation");
    assert_eq!(squawk.len(), 1, "{squawk:?}");
    assert_eq!(
        (squawk[0].0.as_str(), squawk[0].2.as_str()),
        ("fail", "locks")
    );
    let text = proved_as("folders/drizzle-index", "text");
    assert!(
        text.contains(
            "\nlocks observed on the tables the migration met:\n  the largest table's \
             strongest lock: SHARE on public.payments at \
             folders/drizzle-index/0001_payments_amount_index.sql:3:1\n"
        ) && text.contains(
            "    public.payments: SHARE (writes wait), read; 1200000 rows, 180000000 bytes \
             before the migration\n"
        ),
        "{text}"
    );
    // How long each observed statement took over the scaffold rows, by PostgreSQL's
    // clock: in the JSON, and in the text beside the statement.
    let statements = result["observedLocks"]["statements"].as_array().unwrap();
    for statement in statements {
        let observed = statement["notObserved"].is_null();
        assert_eq!(statement["micros"].is_u64(), observed, "{statement:#}");
    }
    let index = "folders/drizzle-index/0001_payments_amount_index.sql:3:1";
    let line = (text.lines())
        .find(|l| l.starts_with(&format!("  {index}  ")))
        .unwrap_or_else(|| panic!("{text}"));
    let took = line
        .rsplit_once("  (")
        .and_then(|(_, took)| took.strip_suffix(" ms on the scaffold rows)"))
        .and_then(|ms| ms.split_once('.'))
        .unwrap_or_else(|| panic!("no time in {line:?}"));
    assert!(took.0.parse::<u64>().is_ok() && took.1.len() == 1, "{line}");
    // SARIF and GitHub's annotations carry the same observation.
    let sarif: Value = serde_json::from_str(&proved_as("folders/drizzle-index", "sarif")).unwrap();
    assert_eq!(
        sarif["runs"][0]["properties"]["observedLocks"]["statements"]
            .as_array()
            .map(Vec::len),
        Some(statements.len())
    );
    let github = proved_as("folders/drizzle-index", "github");
    let notice = (github.lines())
        .find(|l| l.starts_with("::notice title=secondlook locks observed::"))
        .unwrap_or_else(|| panic!("{github}"));
    assert!(
        notice.contains(&format!(
            "::the largest table's strongest lock: SHARE on public.payments at {index}%0A"
        )) && notice.contains(
            "%0A  public.payments: SHARE (writes wait), read; 1200000 rows, 180000000 bytes \
             before the migration"
        ),
        "{notice}"
    );
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_nullable_column_takes_access_exclusive_for_a_moment_and_passes() {
    let result = proved("folders/drizzle-nullable");
    assert_eq!(
        locks_at(
            &result,
            "folders/drizzle-nullable/0001_payment_reference.sql:3:1"
        ),
        [(
            "public.payments".to_string(),
            "ACCESS EXCLUSIVE".to_string(),
            false,
            false
        )]
    );
    for (status, message, decided_by) in results(&result, "lock-budget") {
        assert_eq!(
            (status.as_str(), decided_by.as_str()),
            ("pass", "locks"),
            "{message}"
        );
    }
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_type_change_rewrites_a_table_over_the_budget() {
    let result = proved("folders/drizzle");
    let budget = results(&result, "lock-budget");
    assert_eq!(
        budget.iter().map(|b| b.0.as_str()).collect::<Vec<_>>(),
        ["fail", "fail"],
        "{budget:?}"
    );
    assert!(
        budget[1].1.ends_with(
            "folders/drizzle/0002_amount_scale.sql:3:1 rewrote public.payments, 180000000 \
             bytes before the migration"
        ),
        "{budget:?}"
    );
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn squawks_warning_on_a_table_the_migration_made_is_refuted_and_passes() {
    let fixtures = format!("{}/../../fixtures", env!("CARGO_MANIFEST_DIR"));
    let (_, stdout, _) = seed::secondlook_in(
        Path::new(&fixtures),
        &[
            "check",
            "--run",
            "folders/locks-run.json",
            "--migrations",
            "folders/drizzle-new-table",
            "--format",
            "json",
        ],
    );
    let unproved: Value = serde_json::from_str(&stdout).unwrap();
    let warned = results(&unproved, "squawk:require-concurrent-index-creation");
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].0, "fail");
    assert!(unproved["observedLocks"].is_null());
    for (status, message, _) in results(&unproved, "lock-budget") {
        assert_eq!(status, "not-verified", "{message}");
        assert!(
            message.contains("needs PostgreSQL: observed locks"),
            "{message}"
        );
    }

    let result = proved("folders/drizzle-new-table");
    let squawk = results(&result, "squawk:require-concurrent-index-creation");
    assert_eq!(squawk.len(), 1, "{squawk:?}");
    assert_eq!(
        (squawk[0].0.as_str(), squawk[0].2.as_str()),
        ("pass", "locks")
    );
    assert!(
        squawk[0].1.starts_with(
            "PostgreSQL refuted Squawk's warning: \
             folders/drizzle-new-table/0001_refunds.sql:11:1 held no lock stronger than \
             ROW EXCLUSIVE on any relation that existed before the migration"
        ),
        "{squawk:?}"
    );
    assert_eq!(
        locks_at(&result, "folders/drizzle-new-table/0001_refunds.sql:11:1"),
        []
    );
}

/// A migration that puts its own `=` for oids and its own `pg_backend_pid` first on the
/// search_path cannot blind the reads around its statements: they name PostgreSQL's.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_migration_that_shadows_the_catalogs_operators_is_still_observed() {
    let server = server();
    let dir = std::env::temp_dir().join(format!("secondlook-locks-shadow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let migration = "CREATE SCHEMA evil;\n\
        CREATE FUNCTION evil.never(oid, oid) RETURNS boolean LANGUAGE sql AS 'SELECT false';\n\
        CREATE OPERATOR evil.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = evil.never);\n\
        CREATE FUNCTION evil.pg_backend_pid() RETURNS int LANGUAGE sql AS 'SELECT 0';\n\
        SET search_path = evil, pg_catalog, public;\n\
        CREATE INDEX payments_currency_idx ON payments (currency);";
    let run = serde_json::json!({
        "format": "migration-run/v1",
        "schema": {
            "baseline": [{"path": "0000.sql", "sql": "CREATE TABLE payments (id bigint PRIMARY KEY, currency text);"}],
            "files": [{"path": "0001.sql", "sql": migration}],
        },
        "expectations": {"locks": [{"table": "payments", "maxMode": "SHARE UPDATE EXCLUSIVE"}]},
    });
    std::fs::write(dir.join("run.json"), run.to_string()).unwrap();
    let (_, stdout, stderr) = seed::secondlook_in(
        &dir,
        &[
            "check", "--run", "run.json", "--prove", &server, "--format", "json",
        ],
    );
    let result: Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    assert_eq!(
        locks_at(&result, "0001.sql:6:1"),
        [(
            "public.payments".to_string(),
            "SHARE".to_string(),
            true,
            false
        )]
    );
    assert_eq!(results(&result, "lock-budget")[0].0, "fail");
    std::fs::remove_dir_all(&dir).unwrap();
}
