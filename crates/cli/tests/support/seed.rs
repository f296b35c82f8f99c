//! Shared by the tests of `diff` and `check --signoff`: copies of the seed to edit.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> String {
    format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the seed run, its SQL (edited by `edit`) and its report in a fresh
/// directory named for `test`; returns the directory.
pub fn seed_copy(test: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("secondlook-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("schema")).unwrap();
    let read = |name: &str| std::fs::read_to_string(fixture(name)).unwrap();
    std::fs::write(dir.join("run.json"), read("seed/run.json")).unwrap();
    std::fs::write(
        dir.join("report.md"),
        read("seed/money-core-audit-report.md"),
    )
    .unwrap();
    let sql = edit(&read("seed/schema/0000_money_core.sql"));
    std::fs::write(dir.join("schema/0000_money_core.sql"), sql).unwrap();
    dir
}

/// The seed's first declared money column made a float: a failed `money-type` blocker.
pub fn float_money(sql: &str) -> String {
    let edited = sql.replacen(
        "\"points_balance\" numeric(38, 18)",
        "\"points_balance\" double precision",
        1,
    );
    assert_ne!(edited, sql, "the seed changed: the edit no longer applies");
    edited
}

/// Runs `secondlook` with `args`, paths given relative to `dir`; returns the exit code,
/// stdout and stderr.
pub fn secondlook_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_secondlook"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}
