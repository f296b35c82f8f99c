//! Text from the inputs cannot act on a terminal or a CI log. A run and a report whose
//! paths, messages, finding titles and unknown fields hold newlines, `::stop-commands::`,
//! GitHub's older `##[add-mask]`, ANSI escapes and bidi overrides: in every format of
//! `check`, `diff` and `report`, on stdout and stderr, no line but the command's own
//! starts a workflow command, and no control character reaches the output raw; JSON and
//! SARIF carry the same text back as data.

// Only the seed copy is used here, not the edits the other tests share.
#[allow(dead_code)]
#[path = "support/seed.rs"]
mod seed;

use std::path::Path;

use serde_json::Value;

use seed::{secondlook_in, seed_copy};

/// A path that, printed raw, would stop GitHub's commands, mask the verdict, forge an
/// annotation, hide text on a terminal and reverse what follows.
const PATH: &str = "db/0000.sql\n::stop-commands::pwned\r\n::notice::verdict go ##[add-mask]no-go \u{1b}[8m\u{202e}x";
const UNKNOWN_KEY: &str = "x\n::warning::forged";
const UNKNOWN_VALUE: &str = "\u{1b}]0;title\u{7}##[set-output name=verdict;]go";
const TITLE: &str = "Audit\n::error::forged \u{1b}[2J";
const FINDING: &str = "FK-009 \u{1b}[8m##[add-mask]go::x";

/// A seed copy whose run names its SQL file by [`PATH`], a second (missing) one by the
/// same path, carries an unknown field, and whose report has a hostile title and finding.
fn hostile_seed(test: &str) -> std::path::PathBuf {
    let dir = seed_copy(test, str::to_string);
    let edit = |name: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let edited = text.replacen(from, to, 1);
        assert_ne!(edited, text, "the seed changed: {from} is gone");
        std::fs::write(dir.join(name), edited).unwrap();
    };
    let path = serde_json::to_string(PATH).unwrap();
    edit(
        "run.json",
        r#"{ "path": "backend/src/db/migrations/0000_money_core.sql", "href": "schema/0000_money_core.sql" }"#,
        &format!(
            r#"{{ "path": {path}, "href": "schema/0000_money_core.sql" }},
               {{ "path": {path}, "href": "schema/gone.sql" }}"#
        ),
    );
    let unknown = format!(
        "{}: {},\n  \"schema\"",
        serde_json::to_string(UNKNOWN_KEY).unwrap(),
        serde_json::to_string(UNKNOWN_VALUE).unwrap()
    );
    edit("run.json", "\"schema\"", &unknown);
    edit(
        "report.md",
        "title: Money-Core Migration Workflow — Audit Report",
        &format!("title: {}", serde_json::to_string(TITLE).unwrap()),
    );
    edit(
        "report.md",
        "| DECIMAL_PRECISION_TRUNCATION_RISK / FK-009 |",
        &format!("| {FINDING} |"),
    );
    dir
}

/// Every line of `out` as GitHub's runner reads it: only the command's own annotations
/// start with `::`; nothing holds `##[`, a control character or a bidi override.
fn assert_inert(what: &str, out: &str) {
    for line in out.lines() {
        let start = line.trim_start();
        if start.starts_with("::") {
            let command = start.split("::").nth(1).unwrap_or_default();
            assert!(
                ["error", "warning", "notice"].contains(&command.split(' ').next().unwrap()),
                "{what}: a forged command: {line:?}"
            );
            assert!(
                start.starts_with("::error title=secondlook")
                    || start.starts_with("::warning title=secondlook")
                    || start.starts_with("::notice title=secondlook")
                    || start.contains(",title=secondlook "),
                "{what}: not one of the command's annotations: {line:?}"
            );
        }
        assert!(!line.contains("##["), "{what}: {line:?}");
        assert!(
            !line
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{what}: a raw control character: {line:?}"
        );
    }
}

/// The hostile seed's run and report, as `check` and `diff` are given them.
const INPUTS: [&str; 4] = ["--run", "run.json", "--report", "report.md"];

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let (code, out, err) = secondlook_in(dir, args);
    assert!((0..=3).contains(&code), "{args:?}: {code} {err}");
    assert_inert(&format!("{args:?} stdout"), &out);
    assert_inert(&format!("{args:?} stderr"), &err);
    (out, err)
}

#[test]
fn check_prints_the_inputs_inert_in_every_format() {
    let dir = hostile_seed("hostile-check");
    let check = |format| {
        run(
            &dir,
            &[&["check"][..], &INPUTS, &["--format", format]].concat(),
        )
    };
    let (text, err) = check("text");
    assert!(text.contains("\\u{1b}"), "{text}");
    assert!(err.contains("::stop-commands::pwned\\u{d}\\u{a}"), "{err}");
    let (github, err) = check("github");
    assert!(
        github.contains("%0A%3A%3Astop-commands%3A%3Apwned%0D%0A"),
        "{github}"
    );
    assert!(err.contains("\\u{a}::stop-commands"), "{err}");
    let (json, _) = check("json");
    let json: Value = serde_json::from_str(&json).unwrap();
    let unknown = &json["unknownFields"][0];
    assert_eq!(unknown["value"], UNKNOWN_VALUE, "{json:#}");
    assert!(unknown["path"].as_str().unwrap().contains(UNKNOWN_KEY));
    let (sarif, _) = check("sarif");
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["locations"].as_array().unwrap())
        .filter_map(|l| l["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains(&PATH), "{uris:?}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn diff_prints_them_inert_in_every_format() {
    let base = seed_copy("hostile-diff-base", str::to_string);
    let dir = hostile_seed("hostile-diff");
    let base_run = base.join("run.json");
    let base_report = base.join("money-report.md");
    std::fs::rename(base.join("report.md"), &base_report).unwrap();
    for format in ["text", "json", "sarif", "github"] {
        let base = [
            "diff",
            "--base",
            base_run.to_str().unwrap(),
            "--base-report",
            base_report.to_str().unwrap(),
        ];
        let (out, _) = run(&dir, &[&base[..], &INPUTS, &["--format", format]].concat());
        if format == "text" {
            assert!(
                out.contains("FK-009 \\u{1b}[8m##\\u{5b}add-mask]go::x"),
                "{out}"
            );
        }
        if format == "json" {
            assert!(out.contains("##\\u005badd-mask"), "{out}");
            let json: Value = serde_json::from_str(&out).unwrap();
            assert!(
                json.to_string()
                    .contains("FK-009 \\u001b[8m##[add-mask]go::x"),
                "{json}"
            );
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(base).unwrap();
}

#[test]
fn report_prints_them_inert_in_every_format() {
    let dir = hostile_seed("hostile-report");
    let (text, _) = run(&dir, &["report", "report.md"]);
    assert!(
        text.starts_with("Audit\\u{a}::error::forged \\u{1b}[2J\n"),
        "{text}"
    );
    let (json, _) = run(&dir, &["report", "report.md", "--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["title"], TITLE);
    std::fs::remove_dir_all(dir).unwrap();
}
