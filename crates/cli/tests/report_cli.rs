//! `secondlook report` as a user runs it: the built binary on real files.

mod support;

use support::secondlook;

fn seed_path() -> String {
    format!(
        "{}/../../fixtures/seed/money-core-audit-report.md",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn json_carries_findings_checklists_claims_and_lint() {
    let out = secondlook(&["report", &seed_path(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "go-with-changes (0 blockers)");
    assert_eq!(json["findings"].as_array().unwrap().len(), 17);
    assert_eq!(json["checklists"].as_array().unwrap().len(), 4);
    assert_eq!(json["claims"]["verdict"]["decision"], "go-with-changes");
    assert_eq!(json["claims"]["confirmed_blockers"][0]["count"], 0);
    assert_eq!(json["lint"][0]["line"], 73);
    assert_eq!(json["lint"][0]["rule"], "table-row-extra-cells");
    assert!(json.get("document").is_none());
    assert!(json["toc"].as_array().is_some_and(|t| !t.is_empty()));
}

#[test]
fn text_is_the_default_and_summarises() {
    let out = secondlook(&["report", &seed_path()]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Money-Core Migration Workflow — Audit Report\n"));
    for line in [
        "declared verdict: go-with-changes (0 blockers) (read as go-with-changes, 0 blockers)",
        "body says: confirmed blockers: 0 (line 40)",
        "findings: 17 (confirmed blockers 0, recommended 12, refuted 5, strengths 0, unclassified 0)",
        "  by severity: high 4, medium 7, unknown 1, no severity 5",
        "  0/8 Before invoking the workflow",
        "lint: 2",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in:\n{text}"
        );
    }
    assert!(text.contains("line 73: table-row-extra-cells:"));
}

#[test]
fn non_utf8_file_exits_2_with_the_offset() {
    let path = format!("{}/not-utf8.md", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(&path, b"# ok\n\xff rest\n").unwrap();
    let out = secondlook(&["report", &path]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err.trim_end(),
        format!("error: {path} is not UTF-8 text (invalid byte at offset 5)")
    );
}

#[test]
fn missing_file_and_bad_arguments_exit_2() {
    let out = secondlook(&["report", "does-not-exist.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: cannot read does-not-exist.md:"),
        "{err}"
    );
    for args in [
        vec!["report"],
        vec!["report", "a.md", "--format", "xml"],
        vec!["report", "a.md", "--format"],
        vec!["report", "a.md", "--verbose"],
        vec!["report", "a.md", "b.md"],
    ] {
        let out = secondlook(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}

#[test]
fn text_output_escapes_terminal_control_characters() {
    let path = format!("{}/escape.md", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(
        &path,
        "---\ntitle: \"red \\e[31m title\"\nverdict: go\n---\n",
    )
    .unwrap();
    let out = secondlook(&["report", &path]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.starts_with("red \\u{1b}[31m title\n"), "{text:?}");
}
