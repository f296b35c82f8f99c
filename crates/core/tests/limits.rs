//! Hostile sizes and depths, and files given in the wrong place: every reader answers
//! with a message saying what and where, never a panic.
//!
//! The 50 MB inputs take the cheapest shape each reader has (one huge string, comment
//! or code block), so that they stay fast in a debug build; realistic shapes (many
//! statements, many phases, a long report) are tested at 1 MB or less: per megabyte
//! the debug build spends about 6 s on SQL statements and 0.5 s on report or run text.

use secondlook_core::gate::{GateId, Status};
use secondlook_core::inputs::{self, MAX_FILE_BYTES};
use secondlook_core::recheck;
use secondlook_core::report::{self, LintKind};
use secondlook_core::run::expectations::Expectations;
use secondlook_core::run::json_path::Position;
use secondlook_core::run::{self, RunErrorKind};
use secondlook_core::sql::{self, SqlFile};

const SEED_RUN: &str = include_str!("../../../fixtures/seed/run.json");
const SEED_REPORT: &str = include_str!("../../../fixtures/seed/money-core-audit-report.md");
const MB_50: usize = 50 * 1000 * 1000;

fn sql_check(text: String) -> recheck::SqlCheck {
    recheck::check(
        &[SqlFile {
            path: "m.sql".into(),
            tool: None,
            text: Ok(text),
        }],
        None,
    )
}

fn sql_parses(check: &recheck::SqlCheck) -> &secondlook_core::gate::GateResult {
    check
        .gates
        .iter()
        .find(|g| g.id == GateId::SqlParses)
        .unwrap()
}

// --- files given in the wrong place ---

#[test]
fn a_report_given_as_the_run_is_not_json_from_its_first_line() {
    let e = run::read(SEED_REPORT).unwrap_err();
    assert_eq!(e.kind, RunErrorKind::Syntax);
    assert_eq!(
        e.to_string(),
        "$: not JSON: a run file is a JSON object, this text starts with \"---\" (1:1)"
    );
    let e = run::read("\n\n  # Audit\n").unwrap_err();
    assert_eq!(e.position, Some(Position { line: 3, column: 3 }));
    assert_eq!(
        run::read(" \n").unwrap_err().message,
        "not JSON: the file is empty"
    );
}

#[test]
fn a_truncated_run_says_where_it_ends() {
    // fixtures/runs/truncated.json is pinned in tests/runs.rs.
    let cut = SEED_RUN.get(..SEED_RUN.len() / 2).unwrap();
    let e = run::read(cut).unwrap_err();
    assert_eq!(e.kind, RunErrorKind::Syntax);
    assert!(e.message.contains("is the file cut short?"), "{e}");
}

#[test]
fn a_run_given_as_the_report_is_named_as_json() {
    let report = report::read(SEED_RUN);
    let lint = report.lint.iter().find(|l| l.rule == LintKind::NotMarkdown);
    assert_eq!(
        lint.map(|l| (l.line, l.message.as_str())),
        Some((
            1,
            "this file is JSON, not a Markdown report; a run file is loaded as the run"
        ))
    );
    let markdown = report::read(SEED_REPORT);
    assert!(
        markdown
            .lint
            .iter()
            .all(|l| l.rule != LintKind::NotMarkdown)
    );
}

// --- nesting ---

#[test]
fn json_nested_past_the_limit_is_refused_where_it_gets_too_deep() {
    let text = format!(
        "{{\"format\": \"migration-run/v1\",\n\"x\": {}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let e = run::read(&text).unwrap_err();
    assert_eq!(e.kind, RunErrorKind::Syntax);
    assert_eq!(
        e.message,
        "not JSON: arrays and objects are nested more than 128 levels deep here"
    );
    // The object is level 1: the 128th `[` (column 6 + 127) is the last one read.
    assert_eq!(
        e.position,
        Some(Position {
            line: 2,
            column: 132
        })
    );
    assert!(
        e.path.starts_with("$.x[0][0]") && e.path.ends_with('…'),
        "{}",
        e.path
    );
    let fine = format!(
        "{{\"format\": \"migration-run/v1\", \"x\": {}{}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert!(run::read(&fine).is_ok());
}

#[test]
fn yaml_nested_too_deep_is_a_frontmatter_error() {
    let yaml: String = (0..2000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    let report = report::read(&format!("---\n{yaml}---\n# Body\n"));
    let e = report.frontmatter_error.unwrap();
    assert_eq!(
        e.message,
        "lists and maps are nested more than 64 levels deep here"
    );
    assert_eq!(e.line, 66);
    assert_eq!(report.document.toc.len(), 1);
    let flow = report::read(&format!("---\nx: {}\n---\n", "[".repeat(100_000)));
    assert_eq!(flow.frontmatter_error.unwrap().line, 2);
}

#[test]
fn markdown_nested_too_deep_is_flattened_and_said() {
    let quotes = format!("# Deep\n\n{} bottom\n", ">".repeat(10_000));
    let lists: String = (0..2000)
        .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
        .collect();
    // A list level is two frames (list, item): the 21st item (line 23) is too deep.
    for (text, line) in [(quotes, 3), (format!("# Deep\n\n{lists}"), 23)] {
        let report = report::read(&text);
        let lint = report
            .lint
            .iter()
            .find(|l| l.rule == LintKind::NestingFlattened);
        assert_eq!(
            lint.map(|l| (l.line, l.message.as_str())),
            Some((
                line,
                "blocks are nested more than 40 levels deep here; deeper levels are shown flattened"
            ))
        );
        // Every view walks the tree; serialising walks all of it.
        serde_json::to_string(&report).unwrap();
    }
    for inline in [
        "[".repeat(100_000),
        "*a ".repeat(50_000),
        "<div>".repeat(20_000),
    ] {
        let report = report::read(&inline);
        serde_json::to_string(&report).unwrap();
    }
}

#[test]
fn sql_nested_past_sqlparser_limit_does_not_parse() {
    let deep = format!(
        "CREATE INDEX i ON t (a) WHERE {}a = 1{};",
        "(".repeat(60),
        ")".repeat(60)
    );
    let gate = sql_parses(&sql_check(deep)).clone();
    assert_eq!(gate.status, Status::Fail);
    assert_eq!(
        gate.message,
        "the statement at m.sql:1:1 does not parse: nested more than 50 levels deep; \
         too deep to check (line 1, column 1)"
    );
}

#[test]
fn sql_chains_past_the_limit_do_not_parse() {
    for chain in [
        format!("SELECT 1{};", " + 1".repeat(100_000)),
        format!(
            "CREATE INDEX i ON t (a) WHERE a = 1{};",
            " AND a = 1".repeat(20_000)
        ),
        format!("SELECT x{};", "::int".repeat(5_000)),
    ] {
        let check = sql_check(chain);
        let gate = sql_parses(&check);
        assert_eq!(gate.status, Status::Fail);
        assert!(
            gate.message
                .contains("an expression chains more than 2000 terms"),
            "{}",
            gate.message
        );
    }
    // Just under the limit the tree is deep, and must still be read without overflow.
    let under = format!("SELECT 1{};", " + 1".repeat(sql::chain::MAX_CHAIN / 2 - 1));
    assert_eq!(sql_parses(&sql_check(under)).status, Status::Pass);
}

#[test]
fn an_expected_predicate_too_deep_is_not_verified() {
    for (predicate, says) in [
        (
            format!("{}a = 1{}", "(".repeat(60), ")".repeat(60)),
            "recursion limit exceeded",
        ),
        (
            format!("a = 1{}", " AND a = 1".repeat(100_000)),
            "the predicate chains more than 2000 terms and operators (column 5001); \
             too deep to check",
        ),
    ] {
        let expectations: Expectations = serde_json::from_value(serde_json::json!({
            "indexes": [{"table": "t", "columns": ["a"], "where": predicate}]
        }))
        .unwrap();
        let check = recheck::check(
            &[SqlFile {
                path: "m.sql".into(),
                tool: None,
                text: Ok("CREATE TABLE t (a int);\nCREATE INDEX i ON t (a) WHERE a = 1;".into()),
            }],
            Some(&expectations),
        );
        let gate = check
            .gates
            .iter()
            .find(|g| g.id == GateId::IndexPredicate)
            .unwrap();
        assert_eq!(gate.status, Status::NotVerified);
        let tail = gate.message.get(gate.message.len() - 120..).unwrap();
        assert!(tail.ends_with(says), "{tail}");
    }
}

// --- size ---

#[test]
fn files_past_the_size_limit_are_refused_before_reading() {
    let bytes = vec![b'a'; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
    assert_eq!(
        inputs::decode("huge.sql", bytes),
        Err("huge.sql is 65 MiB; the limit is 64 MiB per file".to_string())
    );
}

#[test]
fn a_50_mb_run_reads() {
    let text = format!(
        "{{\"format\": \"migration-run/v1\", \"workflow\": \"{}\"}}",
        "w".repeat(MB_50)
    );
    let parsed = run::read(&text).unwrap();
    assert_eq!(parsed.workflow.map(|w| w.len()), Some(MB_50));
    let phases: String = (0..10_000)
        .map(|i| format!("{{\"name\": \"p{i}\", \"durationMs\": {i}}},\n"))
        .collect();
    let many = format!("{{\"format\": \"migration-run/v1\", \"phases\": [{phases}{{}}]}}");
    assert_eq!(
        run::read(&many).unwrap().phases.map(|p| p.len()),
        Some(10_001)
    );
}

#[test]
fn a_50_mb_report_reads() {
    let text = format!(
        "---\ntitle: big\n---\n# Big\n\n```\n{}\n```\n",
        "x".repeat(MB_50)
    );
    let report = report::read(&text);
    assert_eq!(report.title.as_deref(), Some("big"));
    assert_eq!(report.document.toc.len(), 1);
    let long = SEED_REPORT.repeat(64); // 1 MB of real report
    assert_eq!(
        report::read(&long).findings.len(),
        64 * report::read(SEED_REPORT).findings.len()
    );
}

#[test]
fn a_50_mb_sql_file_is_checked() {
    let text = format!(
        "CREATE TABLE t (a int);\n/* {} */\nDROP TABLE t;\n",
        "x".repeat(MB_50)
    );
    let check = sql_check(text);
    let additive = check
        .gates
        .iter()
        .find(|g| g.id == GateId::AdditiveOnly)
        .unwrap();
    assert_eq!(additive.status, Status::Fail);
    let statements = "INSERT INTO t VALUES (1);\n".repeat(10_000); // 260 kB
    let check = sql_check(format!("CREATE TABLE t (a int);\n{statements}"));
    assert_eq!(sql_parses(&check).status, Status::Pass);
    assert_eq!(
        check.files.first().map(|f| f.statements.len()),
        Some(10_001)
    );
}
