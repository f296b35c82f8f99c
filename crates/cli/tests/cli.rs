//! What every subcommand shares: `--help`, `--version`, usage errors, both spellings of
//! an option's value, and the size limit on every file read.

mod support;

use support::secondlook;

const SUBCOMMANDS: [&str; 7] = [
    "check", "report", "rules", "bundle", "viewer", "show", "csp",
];

fn stdout(args: &[&str]) -> (Option<i32>, String, String) {
    let out = secondlook(args);
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixture(name: &str) -> String {
    format!("{}/../../fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn help_names_every_subcommand_and_version_the_release() {
    let (code, help, _) = stdout(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(
        help.starts_with("Decide whether a PostgreSQL migration"),
        "{help}"
    );
    for name in SUBCOMMANDS {
        assert!(help.contains(&format!("\n  {name} ")), "{name} in {help}");
    }
    let (code, version, _) = stdout(&["--version"]);
    assert_eq!(code, Some(0));
    // The commit, and what this build carries: the tests build without the viewer inside.
    let version = version
        .strip_prefix(&format!(
            "secondlook {} (commit ",
            env!("CARGO_PKG_VERSION")
        ))
        .unwrap_or_else(|| panic!("{version}"));
    let (commit, carries) = version.split_once("; ").unwrap();
    assert!(
        commit == "unknown" || commit.len() == 12 && commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{commit}"
    );
    assert_eq!(carries, "viewer not embedded; PGlite not embedded)\n");
}

#[test]
fn each_subcommand_has_help_with_its_usage() {
    for name in SUBCOMMANDS {
        let (code, help, _) = stdout(&[name, "--help"]);
        assert_eq!(code, Some(0), "{name}");
        assert!(
            help.contains(&format!("Usage: secondlook {name} ")),
            "{name}: {help}"
        );
    }
    let (_, help, _) = stdout(&["check", "--help"]);
    assert!(
        help.contains("[possible values: text, json, sarif, github]") || help.contains("github:"),
        "{help}"
    );
    assert!(help.contains("Exit codes:"), "{help}");
}

#[test]
fn wrong_arguments_are_a_usage_error_with_a_pointer_to_help() {
    for args in [
        &["lint"][..],
        &["check"],
        &["check", "--run"],
        &["rules", "x"],
    ] {
        let (code, out, err) = stdout(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        // The same style as the errors of reading: "error: " first.
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains("'--help'"), "{args:?}: {err}");
    }
}

#[test]
fn no_subcommand_prints_the_help_and_exits_2() {
    let (code, out, err) = stdout(&[]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("Usage: secondlook <COMMAND>"), "{err}");
}

#[test]
fn a_value_is_read_after_a_space_or_an_equals_sign() {
    let run = fixture("seed/run.json");
    let (code, spaced, _) = stdout(&["check", "--run", &run, "--format", "json"]);
    let (same_code, joined, _) = stdout(&["check", &format!("--run={run}"), "--format=json"]);
    assert_eq!(code, same_code);
    assert!(spaced.starts_with('{'), "{spaced}");
    assert_eq!(spaced, joined);
}

#[test]
fn a_file_over_the_limit_is_refused_by_every_subcommand() {
    let path = format!("{}/too-large.json", env!("CARGO_TARGET_TMPDIR"));
    // Sparse: 65 MiB that take no disk.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(65 * 1024 * 1024).unwrap();
    for args in [
        vec!["check", "--run", &path],
        vec![
            "check",
            "--run",
            &fixture("seed/run.json"),
            "--report",
            &path,
        ],
        vec!["report", &path],
        vec!["csp", &path],
    ] {
        let (code, out, err) = stdout(&args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(
            err,
            format!("error: {path} is 65 MiB; the limit is 64 MiB per file\n"),
            "{args:?}"
        );
    }
}
