//! `secondlook check --migrations DIR`: a migrations folder read as its tool runs it,
//! the newest migration judged over the ones before it, with and without a run file;
//! and folders that are hostile or ambiguous refused with a message naming the file.

// Only the binary's runner is used here, not the seed edits the other tests share.
#[allow(dead_code)]
#[path = "support/seed.rs"]
mod seed;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `secondlook check` with `args` from `fixtures/`, so paths in the output are
/// the fixtures' own; returns the exit code, stdout and stderr.
fn check(args: &[&str]) -> (i32, String, String) {
    let args: Vec<&str> = ["check"].iter().chain(args).copied().collect();
    seed::secondlook_in(Path::new(&fixture("")), &args)
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let (code, stdout, stderr) = check(&args);
    let value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout} {stderr}"));
    (code, value)
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// (status, message, evidence files) of each result of `id`.
fn results(result: &Value, id: &str) -> Vec<(String, String, Vec<String>)> {
    result["gates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["id"] == id)
        .map(|g| {
            let files = g["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e["file"].as_str().map(String::from))
                .collect();
            (
                g["status"].as_str().unwrap().into(),
                g["message"].as_str().unwrap().into(),
                files,
            )
        })
        .collect()
}

#[test]
fn the_third_drizzle_migration_is_judged_over_the_first_two() {
    let (code, result) = json(&["--migrations", "folders/drizzle"]);
    assert_eq!(
        strings(&result["judgedOver"]["migration"]),
        ["folders/drizzle/0002_amount_scale.sql"]
    );
    assert_eq!(
        strings(&result["judgedOver"]["baseline"]),
        [
            "folders/drizzle/0000_payments.sql",
            "folders/drizzle/0001_payment_note.sql"
        ]
    );
    // SQL alone: the narrowing is a destructive change of a table that existed before.
    assert_eq!(result["verdict"], "no-go");
    assert_eq!(code, 1);
    let additive = results(&result, "additive-only");
    assert!(
        additive.iter().any(|(status, _, files)| status == "fail"
            && files == &["folders/drizzle/0002_amount_scale.sql"]),
        "{additive:?}"
    );
    // Nothing points at the baseline's statements as the migration's.
    for gate in result["gates"].as_array().unwrap() {
        for evidence in gate["evidence"].as_array().unwrap() {
            let file = evidence["file"].as_str().unwrap_or_default();
            assert!(!file.contains("0000_") && !file.contains("0001_"), "{gate}");
        }
    }
    let changing = results(&result, "squawk:changing-column-type");
    assert_eq!(changing[0].0, "fail", "{changing:?}");
    let (_, text, _) = check(&["--migrations", "folders/drizzle"]);
    assert!(
        text.contains(
            "judged: folders/drizzle/0002_amount_scale.sql\nover a baseline of 2 files: \
             folders/drizzle/0000_payments.sql, folders/drizzle/0001_payment_note.sql"
        ),
        "{text}"
    );
}

#[test]
fn with_a_run_the_baseline_settles_the_money_type_of_a_column_it_made() {
    let run = ["--run", "folders/money-run.json"];
    let (_, narrowed) = json(&[&run[..], &["--migrations", "folders/drizzle"]].concat());
    let money = results(&narrowed, "money-type");
    assert_eq!(money.len(), 1, "{money:?}");
    assert_eq!(money[0].0, "fail", "{money:?}");
    assert!(money[0].1.contains("numeric(12,2)"), "{money:?}");
    assert_eq!(narrowed["verdict"], "no-go");

    let (_, nullable) = json(&[&run[..], &["--migrations", "folders/drizzle-nullable"]].concat());
    assert_eq!(results(&nullable, "money-type")[0].0, "pass");
    assert!(
        results(&nullable, "additive-only")
            .iter()
            .all(|(status, _, _)| status == "pass"),
        "{nullable}"
    );
    assert!(
        results(&nullable, "squawk:adding-field-with-default")
            .iter()
            .all(|(status, _, _)| status == "pass")
    );

    // The whole folder as the migration: no baseline, and none is named.
    let (_, whole) = json(
        &[
            &run[..],
            &["--migrations", "folders/drizzle-nullable", "--new", "2"],
        ]
        .concat(),
    );
    assert!(whole["judgedOver"].is_null(), "{whole}");
}

#[test]
fn new_n_judges_the_last_n_and_more_than_there_are_is_refused() {
    let (_, result) = json(&["--migrations", "folders/drizzle", "--new", "2"]);
    assert_eq!(
        strings(&result["judgedOver"]["migration"]),
        [
            "folders/drizzle/0001_payment_note.sql",
            "folders/drizzle/0002_amount_scale.sql"
        ]
    );
    let (code, stdout, stderr) = check(&["--migrations", "folders/drizzle", "--new", "4"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("--new 4 asks for 4 migrations"), "{stderr}");
    let (code, _, stderr) = check(&["--migrations", "folders/drizzle", "--new", "0"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn each_layout_judges_its_newest_migration_over_the_rest() {
    let cases: [(&str, &[&str], &[&str]); 6] = [
        (
            "prisma",
            &["20240201000000_amount/migration.sql"],
            &["20240101000000_init/migration.sql"],
        ),
        (
            "goose",
            &["20240201000000_note.sql"],
            &["20240101000000_payments.sql"],
        ),
        ("golang-migrate", &["2_note.up.sql"], &["1_payments.up.sql"]),
        (
            "dbmate",
            &["20240201000000_note.sql"],
            &["20240101000000_payments.sql"],
        ),
        (
            "flyway",
            &["sql/V1_1__note.sql", "sql/R__payment_totals.sql"],
            &["sql/V1__payments.sql"],
        ),
        ("sqitch", &["deploy/note.sql"], &["deploy/payments.sql"]),
    ];
    for (layout, migration, baseline) in cases {
        let dir = format!("folders/{layout}");
        let (code, result) = json(&["--migrations", &dir]);
        let named = |paths: &[&str]| -> Vec<String> {
            paths.iter().map(|p| format!("{dir}/{p}")).collect()
        };
        assert_eq!(
            strings(&result["judgedOver"]["migration"]),
            named(migration),
            "{layout}"
        );
        assert_eq!(
            strings(&result["judgedOver"]["baseline"]),
            named(baseline),
            "{layout}"
        );
        // An added nullable column over the baseline: nothing blocks, and SQL alone is
        // at best not verified.
        assert_eq!(result["verdict"], "not-verified", "{layout}: {result}");
        assert_eq!(code, 3, "{layout}");
        // Down sections and down files are not the migration.
        for gate in result["gates"].as_array().unwrap() {
            assert!(
                !gate["message"].as_str().unwrap().contains("DROP"),
                "{layout}: {gate}"
            );
        }
    }
}

#[test]
fn a_run_that_names_its_own_sql_is_refused_with_a_folder() {
    let (code, stdout, stderr) = check(&[
        "--run",
        "baseline/run.json",
        "--migrations",
        "folders/drizzle",
    ]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains("baseline/run.json: the run names its SQL (schema.files or schema.baseline) and a migrations folder was given too"),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "{stdout}");
}

/// A copy of the drizzle fixture in a fresh folder, to make hostile.
fn drizzle_copy(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secondlook-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("meta")).unwrap();
    for file in [
        "0000_payments.sql",
        "0001_payment_note.sql",
        "0002_amount_scale.sql",
        "meta/_journal.json",
    ] {
        std::fs::copy(fixture(&format!("folders/drizzle/{file}")), dir.join(file)).unwrap();
    }
    dir
}

fn refused(dir: &Path) -> String {
    let (code, stdout, stderr) = check(&["--migrations", dir.to_str().unwrap()]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stdout.is_empty(), "{stdout}");
    let _ = std::fs::remove_dir_all(dir);
    stderr
}

#[test]
fn a_symlink_in_the_folder_is_refused_naming_it_and_never_followed() {
    let dir = drizzle_copy("symlink");
    let secret = dir.with_extension("secret");
    std::fs::write(&secret, "DROP TABLE payments;").unwrap();
    std::fs::remove_file(dir.join("0001_payment_note.sql")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("0001_payment_note.sql")).unwrap();
    let why = refused(&dir);
    let _ = std::fs::remove_file(&secret);
    assert!(
        why.contains("0001_payment_note.sql: is a symlink, which is not followed"),
        "{why}"
    );
}

#[test]
fn a_journal_naming_a_file_outside_the_folder_is_refused_naming_it() {
    let dir = drizzle_copy("journal");
    let outside = dir.with_extension("sql");
    std::fs::write(&outside, "DROP TABLE payments;").unwrap();
    let journal = std::fs::read_to_string(dir.join("meta/_journal.json"))
        .unwrap()
        .replace("0002_amount_scale", "../secondlook-journal");
    std::fs::write(dir.join("meta/_journal.json"), journal).unwrap();
    let why = refused(&dir);
    let _ = std::fs::remove_file(&outside);
    assert!(
        why.contains("meta/_journal.json entries[2]: names"),
        "{why}"
    );
    assert!(why.contains("is not a file beside meta/"), "{why}");
}

#[test]
fn two_layouts_in_one_folder_are_refused() {
    let dir = drizzle_copy("two-layouts");
    std::fs::write(dir.join("V3__more.sql"), "DROP TABLE payments;").unwrap();
    let why = refused(&dir);
    assert!(why.contains("holds two layouts at once"), "{why}");
}

/// The proof runs the earlier migrations first, as drizzle-kit would have: the third
/// changes a column the first made, which only exists because the baseline ran.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_proof_applies_the_earlier_migrations_before_the_newest() {
    let server = server();
    let (_, result) = json(&["--migrations", "folders/drizzle", "--prove", &server]);
    let applies: Vec<&Value> = result["gates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["id"] == "applies")
        .collect();
    assert!(!applies.is_empty(), "{result:#}");
    for gate in applies {
        assert_eq!(gate["proof"]["result"], "confirmed", "{gate:#}");
        let how = gate["proof"]["how"].as_str().unwrap();
        assert!(
            how.starts_with("ran the baseline, then the migration"),
            "{how}"
        );
        let observed = gate["proof"]["observed"].as_str().unwrap();
        assert!(observed.contains("the baseline's schema"), "{observed}");
    }
}

#[test]
fn a_sign_off_never_holds_for_a_folder_it_records_no_hash_of() {
    let signoff = std::env::temp_dir().join(format!(
        "secondlook-folder-signoff-{}.json",
        std::process::id()
    ));
    std::fs::write(
        &signoff,
        r#"{"format": "secondlook-signoff/v1", "who": "a reviewer", "when": "2026-12-01T00:00:00Z",
            "report": null, "run": null, "sql": [], "verdict": null, "items": []}"#,
    )
    .unwrap();
    let (code, stdout, stderr) = check(&[
        "--migrations",
        "folders/drizzle-nullable",
        "--signoff",
        signoff.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_file(&signoff);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("the migrations folder folders/drizzle-nullable was checked, and a sign-off does not cover"),
        "{stderr}"
    );
}

/// Runs git in `dir` for a test, as nobody's configuration.
fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=secondlook",
            "-c",
            "user.email=test@secondlook",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A repository (the folder itself) whose base commit holds the drizzle fixture's first
/// two migrations (its journal listing two), and whose working tree adds the third, as
/// a pull request would; `change` edits the working tree further.
fn repository(name: &str, change: impl FnOnce(&Path)) -> PathBuf {
    let folder = drizzle_copy(name);
    let repo = folder.clone();
    let journal = folder.join("meta/_journal.json");
    let full = std::fs::read_to_string(&journal).unwrap();
    let mut two: Value = serde_json::from_str(&full).unwrap();
    two["entries"].as_array_mut().unwrap().truncate(2);
    std::fs::write(&journal, two.to_string()).unwrap();
    let third = folder.join("0002_amount_scale.sql");
    let third_text = std::fs::read_to_string(&third).unwrap();
    std::fs::remove_file(&third).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    std::fs::write(&journal, full).unwrap();
    std::fs::write(&third, third_text).unwrap();
    change(&folder);
    folder
}

#[test]
fn the_migrations_a_git_base_lacks_are_judged_over_the_ones_it_had() {
    let folder = repository("base-ref", |_| {});
    let dir = folder.to_str().unwrap();
    let (_, result) = json(&["--migrations", dir, "--base-ref", "main"]);
    assert_eq!(
        strings(&result["judgedOver"]["migration"]),
        [format!("{dir}/0002_amount_scale.sql")]
    );
    assert_eq!(
        strings(&result["judgedOver"]["baseline"]),
        [
            format!("{dir}/0000_payments.sql"),
            format!("{dir}/0001_payment_note.sql")
        ]
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn a_base_the_folder_cannot_follow_is_refused_naming_the_file() {
    // An applied migration edited in the pull request.
    let edited = repository("base-ref-edited", |folder| {
        std::fs::write(
            folder.join("0000_payments.sql"),
            "CREATE TABLE payments (id int);",
        )
        .unwrap();
    });
    let dir = edited.to_str().unwrap();
    let (code, _, stderr) = check(&["--migrations", dir, "--base-ref", "main"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains(&format!("{dir}/0000_payments.sql: changed since the base")),
        "{stderr}"
    );
    // A ref that would be read as an option never reaches git.
    let (code, _, stderr) = check(&["--migrations", dir, "--base-ref=--output=/tmp/x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a git ref"), "{stderr}");
    // A ref the repository does not have: git's own words.
    let (code, _, stderr) = check(&["--migrations", dir, "--base-ref", "no-such-branch"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--base-ref no-such-branch: git says:"),
        "{stderr}"
    );
    // --new and --base-ref pick the migration two ways.
    let (code, _, stderr) = check(&["--migrations", dir, "--base-ref", "main", "--new", "2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    std::fs::remove_dir_all(&edited).unwrap();
}

/// The test server's URL.
fn server() -> String {
    std::env::var("SECONDLOOK_TEST_PG").expect(
        "SECONDLOOK_TEST_PG is not set: this test needs PostgreSQL; run it through \
         `bash scripts/test.sh`, which starts a private server and sets it",
    )
}

/// The `data-kept` results of `check … --prove` (JSON).
fn kept(args: &[&str]) -> Vec<Value> {
    let server = server();
    let (_, result) = json(&[args, &["--prove", &server]].concat());
    result["gates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["id"] == "data-kept")
        .cloned()
        .collect()
}

/// The scaffold's amounts have 18 decimal places in numeric(38,18); numeric(12,2)
/// rounds them, and the rows before and after say so, in the JSON and the text.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_narrowed_amount_fails_data_kept_naming_the_sample_amounts() {
    let kept = kept(&["--migrations", "folders/drizzle"]);
    assert_eq!(kept.len(), 1, "{kept:#?}");
    let payments = &kept[0];
    assert_eq!(payments["status"], "fail", "{payments:#}");
    assert_eq!(payments["proof"]["result"], "refuted", "{payments:#}");
    let message = payments["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "payments: the migration did not keep 3 of the 3 scaffold rows as they were: \
             amount of id=9001 went from 9001.567890123456789000 to 9001.57"
        ),
        "{message}"
    );
    assert_eq!(payments["detail"]["kind"], "changed-rows");
    assert_eq!(payments["detail"]["table"], "payments");
    let rows = payments["detail"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert_eq!(
        rows[1],
        serde_json::json!({"change": "value-changed", "key": "id=9002", "column": "amount",
            "before": "9002.567890123456789000", "after": "9002.57"})
    );
    let (code, text, _) = check(&["--migrations", "folders/drizzle", "--prove", &server()]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("id=9003 amount: 9003.567890123456789000 -> 9003.57 (value changed)"),
        "{text}"
    );
    // SARIF and GitHub's annotations carry every row, not only the sentence's few.
    let server = server();
    let proved = [
        "--migrations",
        "folders/drizzle",
        "--prove",
        &server,
        "--format",
    ];
    let (_, sarif, _) = check(&[&proved[..], &["sarif"]].concat());
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let kept = (sarif["runs"][0]["results"].as_array().unwrap().iter())
        .find(|r| r["ruleId"] == "data-kept")
        .unwrap_or_else(|| panic!("no data-kept result: {sarif:#}"));
    assert_eq!(
        kept["properties"]["detail"]["rows"],
        payments["detail"]["rows"]
    );
    let (_, github, _) = check(&[&proved[..], &["github"]].concat());
    let annotation = (github.lines())
        .find(|l| l.contains("title=secondlook data-kept"))
        .unwrap_or_else(|| panic!("no data-kept annotation: {github}"));
    for n in 1..=3 {
        let line =
            format!("%0Aid=900{n} amount: 900{n}.567890123456789000 -> 900{n}.57 (value changed)");
        assert!(annotation.contains(&line), "{line} in {annotation}");
    }
}

/// What PostgreSQL settled is decided on, with or without a run: the verdict counts
/// the failure it found, and nothing it settled is left to check by hand.
#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn the_verdict_is_decided_again_on_what_postgresql_settled() {
    let (_, unproved) = json(&["--migrations", "folders/drizzle"]);
    let server = server();
    let (code, proved) = json(&["--migrations", "folders/drizzle", "--prove", &server]);
    assert_eq!(code, 1);
    let must_check = |result: &Value| -> Vec<String> {
        (result["mustCheck"].as_array().unwrap().iter())
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(must_check(&unproved).contains(&"data-kept".to_string()));
    assert!(
        !must_check(&proved).contains(&"data-kept".to_string()),
        "{proved:#}"
    );
    assert_eq!(
        proved["failedBlockers"],
        unproved["failedBlockers"].as_u64().unwrap() + 1
    );
    assert_eq!(proved["verdict"], "no-go");
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn an_added_nullable_column_keeps_every_row() {
    let kept = kept(&["--migrations", "folders/drizzle-nullable"]);
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0]["status"], "pass", "{:#}", kept[0]);
    assert_eq!(
        kept[0]["message"],
        "payments: all 3 scaffold rows were kept, every value the same"
    );
    assert_eq!(kept[0]["proof"]["result"], "confirmed");
    assert!(kept[0].get("detail").is_none(), "{:#}", kept[0]);
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn a_change_the_run_declares_is_shown_not_failed() {
    let kept = kept(&[
        "--run",
        "folders/kept-run.json",
        "--migrations",
        "folders/drizzle",
    ]);
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0]["status"], "pass", "{:#}", kept[0]);
    let message = kept[0]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "the run declares 3 changes (amounts are kept in cents from now on), shown and not failed: \
             amount of id=9001 went from 9001.567890123456789000 to 9001.57"
        ),
        "{message}"
    );
    let rows = kept[0]["detail"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    for row in rows {
        assert_eq!(
            row["declared"], "amounts are kept in cents from now on",
            "{row}"
        );
    }
}
