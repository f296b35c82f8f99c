//! `secondlook diff` on two copies of the seed, one with a float money column: the new
//! failure, its fix in the other direction, each output format and the exit codes.

#[path = "support/seed.rs"]
mod seed;

use serde_json::Value;

use seed::{float_money, secondlook_in, seed_copy};

fn pair(test: &str) -> (String, String) {
    let base = seed_copy(&format!("{test}-base"), str::to_string);
    let run = seed_copy(&format!("{test}-run"), float_money);
    let path = |dir: std::path::PathBuf| dir.join("run.json").to_string_lossy().into_owned();
    (path(base), path(run))
}

fn diff(base: &str, run: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["diff", "--base", base, "--run", run];
    args.extend(extra);
    secondlook_in(&std::env::temp_dir(), &args)
}

#[test]
fn text_names_the_new_failure_and_the_schema_change() {
    let (base, run) = pair("diff-text");
    let (code, out, err) = diff(&base, &run, &[]);
    assert_eq!(code, 1, "a new failure exits 1: {out} {err}");
    assert!(out.contains("-> no-go"), "{out}");
    assert!(
        out.contains("new       money-type:users.points_balance (pass -> fail)"),
        "{out}"
    );
    assert!(
        out.contains("money column users.points_balance: numeric(38,18) -> double precision"),
        "{out}"
    );

    let (code, out, _) = diff(&run, &base, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("fixed     money-type:users.points_balance (fail -> pass)"),
        "{out}"
    );
}

#[test]
fn the_same_run_has_nothing_new() {
    let (base, _) = pair("diff-same");
    let (code, out, _) = diff(&base, &base, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("schema:\n  no change\n"), "{out}");
    assert!(!out.contains("new "), "{out}");
}

#[test]
fn json_lists_every_result_with_its_fingerprint() {
    let (base, run) = pair("diff-json");
    let (_, out, _) = diff(&base, &run, &["--format", "json"]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let new: Vec<&Value> = json["gates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["change"] == "new")
        .collect();
    assert_eq!(new.len(), 1, "{json:#}");
    assert_eq!(new[0]["fingerprint"]["gate"], "money-type");
    assert_eq!(new[0]["fingerprint"]["subject"], "users.points_balance");
    assert_eq!(json["verdict"], "no-go");
    assert_eq!(json["schema"][0]["kind"], "money-column");
}

#[test]
fn sarif_sets_the_baseline_state_and_lists_fixed_results_as_absent() {
    let (base, run) = pair("diff-sarif");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/schemas/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let results = |base: &str, run: &str| {
        let (_, out, _) = diff(base, run, &["--format", "sarif"]);
        let sarif: Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        sarif["runs"][0]["results"].as_array().unwrap().clone()
    };
    // A run that keeps the float column and adds a float price.
    let worse = seed_copy("diff-sarif-worse", |sql| {
        float_money(sql).replacen("\"price\" numeric(38, 18)", "\"price\" real", 1)
    });
    let worse = worse.join("run.json").to_string_lossy().into_owned();
    let forward = results(&run, &worse);
    let state = |subject: &str| {
        let found = forward.iter().find(|r| {
            r["ruleId"] == "money-type"
                && r["message"]["text"].as_str().unwrap().starts_with(subject)
        });
        found.unwrap_or_else(|| panic!("{subject}: {forward:#?}"))["baselineState"].clone()
    };
    assert_eq!(state("users.points_balance"), "unchanged");
    assert_eq!(state("seller_offers.price"), "new");
    assert!(forward.iter().all(|r| r["baselineState"].is_string()));

    let back = results(&run, &base);
    let fixed = back.iter().find(|r| r["ruleId"] == "money-type").unwrap();
    assert_eq!(fixed["baselineState"], "absent");
    assert_eq!(fixed["kind"], "pass");
}

#[test]
fn github_annotates_the_newer_run_and_notes_fixes() {
    let (base, run) = pair("diff-github");
    let (_, out, _) = diff(&base, &run, &["--format", "github"]);
    assert!(out.contains("::error file="), "{out}");
    assert!(out.contains("title=secondlook money-type::"), "{out}");
    let (_, out, _) = diff(&run, &base, &["--format", "github"]);
    assert!(
        out.contains(
            "::notice title=secondlook fixed since the base::money-type:users.points_balance"
        ),
        "{out}"
    );
}

#[test]
fn two_reports_give_the_findings_that_changed() {
    let (base, run) = pair("diff-reports");
    let report = |run: &str| run.replace("run.json", "report.md");
    let edited = std::fs::read_to_string(report(&run)).unwrap().replacen(
        "PREFLIGHT_BRANCH_ALREADY_EXISTS_REUSE_RISK",
        "PREFLIGHT_RENAMED",
        1,
    );
    std::fs::write(report(&run), edited).unwrap();
    let (_, out, err) = diff(
        &base,
        &run,
        &["--base-report", &report(&base), "--report", &report(&run)],
    );
    assert!(out.contains("\nreport findings:\n"), "{out} {err}");
    assert!(out.contains("  PREFLIGHT_RENAMED (absent -> "), "{out}");
    assert!(
        out.contains("  PREFLIGHT_BRANCH_ALREADY_EXISTS_REUSE_RISK (")
            && out.contains(" -> absent)"),
        "{out}"
    );
}

#[test]
fn bad_arguments_and_unreadable_runs_exit_2() {
    let (base, _) = pair("diff-bad");
    let (code, _, err) = diff(&base, "/nonexistent/run.json", &[]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read /nonexistent/run.json"), "{err}");
    let (code, _, err) = secondlook_in(&std::env::temp_dir(), &["diff", "--run", &base]);
    assert_eq!(code, 2);
    assert!(err.contains("--base <OLD_RUN.json>"), "{err}");
}
