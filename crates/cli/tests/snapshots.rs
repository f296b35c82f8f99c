//! What the command prints, word for word, as reviewed snapshots (`snapshots/`): the
//! check in each format, the report summary, the gate catalog and the errors. A change
//! to a message fails here until the new text is reviewed (`cargo insta review`, or
//! rename the `.snap.new` file the failure leaves).
//!
//! The command runs from the repository root on relative paths, so the snapshots hold no
//! path of the machine that made them.

use std::process::Command;

/// `secondlook ARGS` from the repository root: what a reader of the snapshot sees,
/// the exit code first, then stdout and stderr.
fn run(args: &[&str]) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::new(env!("CARGO_BIN_EXE_secondlook"))
        .args(args)
        .current_dir(root)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    )
}

const SEED_RUN: &str = "fixtures/seed/run.json";
const SEED_REPORT: &str = "fixtures/seed/money-core-audit-report.md";

/// The root is `fixtures/`: the runs of `fixtures/runs/` name the seed's SQL.
fn check(run_file: &str, format: &str) -> String {
    run(&[
        "check",
        "--run",
        run_file,
        "--root",
        "fixtures",
        "--report",
        SEED_REPORT,
        "--format",
        format,
    ])
}

#[test]
fn check_seed() {
    for format in ["text", "json", "sarif", "github"] {
        insta::assert_snapshot!(format!("check_seed_{format}"), check(SEED_RUN, format));
    }
}

#[test]
fn check_no_go() {
    for format in ["text", "json", "sarif", "github"] {
        insta::assert_snapshot!(
            format!("check_tests_skipped_{format}"),
            check("fixtures/runs/tests-skipped.json", format)
        );
    }
}

#[test]
fn check_needs_a_human() {
    insta::assert_snapshot!(check("fixtures/runs/reports-nothing.json", "text"));
}

#[test]
fn check_with_a_missing_sql_file() {
    insta::assert_snapshot!(check("fixtures/runs/missing-href.json", "text"));
}

#[test]
fn check_refuses_unreadable_runs() {
    insta::assert_snapshot!(
        "wrong_format",
        run(&["check", "--run", "fixtures/runs/wrong-format.json"])
    );
    insta::assert_snapshot!(
        "wrong_type",
        run(&["check", "--run", "fixtures/runs/wrong-type-tests.json"])
    );
    insta::assert_snapshot!(
        "no_such_run",
        run(&["check", "--run", "fixtures/runs/no-such-run.json"])
    );
    insta::assert_snapshot!(
        "unknown_format",
        run(&["check", "--run", SEED_RUN, "--format", "yaml"])
    );
}

#[test]
fn report_seed() {
    insta::assert_snapshot!("report_seed_text", run(&["report", SEED_REPORT]));
}

#[test]
fn rules_text() {
    insta::assert_snapshot!(run(&["rules"]));
}

#[test]
fn help() {
    insta::assert_snapshot!("help", run(&["--help"]));
    for name in [
        "check", "report", "rules", "bundle", "viewer", "show", "csp",
    ] {
        insta::assert_snapshot!(format!("help_{name}"), run(&[name, "--help"]));
    }
}
