//! Lock safety: will the migration lock or rewrite a busy table? Squawk's own rules
//! (`squawk-linter`, run as a library) answer it; this module picks the curated set
//! (`rules`), runs it over each file's up statements and turns what Squawk says into
//! gate results `squawk:<rule>`.
//!
//! Statements only on tables the migration itself created lock nothing anyone waits
//! for, so they are blanked before Squawk reads the file (byte for byte, so its
//! offsets stay the file's). Files are linted one at a time: the work grows with the
//! size of the migration, never with its square.

pub mod proved;
pub mod rules;

use std::collections::BTreeSet;

use squawk_linter::{Linter, Rule as SquawkRule, Violation};
use squawk_syntax::SourceFile;
use squawk_syntax::ast::{self, AstNode};

use crate::gate::{Evidence, GateInfo, GateResult, Severity, Status};
use crate::run::expectations::LockSafety;
use crate::sql::file::SqlFile;
use crate::sql::file::Tool;
use crate::sql::location::LineIndex;
use crate::sql::split::{Direction, split};

/// What the lock-safety check concluded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LockCheck {
    /// One result per violation, or one pass (or *not verified*) per rule that found
    /// none.
    pub gates: Vec<GateResult>,
    /// What the reader should know about the scope of the check.
    pub notes: Vec<String>,
}

/// Runs the rules the run's `expectations.lockSafety` picks (the curated set without
/// one) over the files, in order.
pub fn check(files: &[SqlFile], settings: Option<&LockSafety>) -> LockCheck {
    let picked: Vec<&(GateInfo, SquawkRule)> = match settings.and_then(|s| s.rules.as_ref()) {
        Some(names) => names.iter().filter_map(|n| rules::by_name(n)).collect(),
        None => rules::CURATED.iter().collect(),
    };
    if picked.is_empty() {
        return LockCheck {
            gates: Vec::new(),
            notes: vec![
                "lock safety is turned off: the run's expectations.lockSafety lists no rules"
                    .to_string(),
            ],
        };
    }
    let severity = settings
        .and_then(|s| s.severity)
        .unwrap_or(Severity::Warning);
    let mut created = BTreeSet::new();
    let mut found: Vec<(SquawkRule, Evidence, String)> = Vec::new();
    let mut doubts: Vec<String> = Vec::new();
    for file in files {
        let text = match &file.text {
            Ok(text) => text,
            Err(why) => {
                doubts.push(format!("{} could not be read ({why})", file.path));
                continue;
            }
        };
        let lint = lint_file(
            text,
            file.tool,
            &mut created,
            picked.iter().map(|(_, rule)| *rule),
        );
        if file.tool.is_none()
            && let Some(marker) = &lint.down_marker
        {
            // As in the SQL re-check: with no tool named, the file may be run whole.
            doubts.push(format!(
                "the section of {} after `{marker}` was taken as not run because the run \
                 names no tool for the file, and was not linted",
                file.path
            ));
        }
        let lines = LineIndex::new(text);
        let at = |offset: u32| {
            let (line, column) = lines.locate(offset as usize);
            Evidence::Sql {
                file: file.path.clone(),
                line,
                column,
            }
        };
        if let Some((offset, message)) = lint.parse_error {
            let Evidence::Sql { line, column, .. } = at(offset) else {
                continue;
            };
            doubts.push(format!(
                "Squawk could not parse {}:{line}:{column} ({message})",
                file.path
            ));
        }
        for violation in lint.violations {
            let message = match &violation.help {
                Some(help) => format!("{} {help}", violation.message),
                None => violation.message.clone(),
            };
            found.push((
                violation.code,
                at(violation.text_range.start().into()),
                message,
            ));
        }
    }
    if files.is_empty() {
        doubts.push("there is no SQL to check".to_string());
    }
    let mut gates = Vec::new();
    for (info, rule) in picked {
        let result = |status, message: String, evidence| GateResult {
            severity,
            ..info.result(status, message, evidence)
        };
        let before = gates.len();
        for (_, place, message) in found.iter().filter(|(r, _, _)| r == rule) {
            gates.push(result(Status::Fail, message.clone(), vec![place.clone()]));
        }
        if gates.len() > before {
            continue;
        }
        gates.push(if doubts.is_empty() {
            result(
                Status::Pass,
                "no statement on a table that existed before the migration breaks this rule"
                    .to_string(),
                Vec::new(),
            )
        } else {
            result(
                Status::NotVerified,
                format!("no violation found; not verified: {}", doubts.join("; ")),
                Vec::new(),
            )
        });
    }
    LockCheck {
        gates,
        notes: Vec::new(),
    }
}

/// What Squawk found in one file, and the first place it could not parse.
struct FileLint {
    violations: Vec<Violation>,
    /// The marker that started a down section, which was left out.
    down_marker: Option<String>,
    parse_error: Option<(u32, String)>,
}

/// Lints the up part of `text`, without the statements that only touch tables created
/// in the migration so far (`created`, which this file's CREATE TABLEs join).
fn lint_file(
    text: &str,
    tool: Option<Tool>,
    created: &mut BTreeSet<String>,
    rules: impl IntoIterator<Item = SquawkRule>,
) -> FileLint {
    let mut bytes = text.as_bytes().to_vec();
    let split = split(text, tool);
    for piece in split.pieces {
        if piece.direction == Direction::Down {
            blank(&mut bytes, piece.range);
        }
    }
    // One copy of the text, blanked in place: a large file is not held three times.
    let up = text_of(bytes);
    let parse = SourceFile::parse(&up);
    // PostgreSQL's default search_path puts an unqualified name in `public`; a file that
    // changes it keeps names as written, so a table is then only taken for new when
    // named the same way (more warnings, never fewer).
    let names = Names {
        unqualified_in_public: !up
            .as_bytes()
            .windows("search_path".len())
            .any(|w| w.eq_ignore_ascii_case(b"search_path")),
    };
    let parse_error = parse
        .errors()
        .first()
        .map(|e| (e.range().start().into(), e.message().to_string()));
    let mut bytes = up.into_bytes();
    for stmt in parse.tree().stmts() {
        if let ast::Stmt::CreateTable(create) = &stmt
            && let Some(name) = create.table_name().and_then(|t| t.path())
        {
            created.insert(names.of(name.syntax()));
        }
        if leaves_existing_tables_alone(&stmt, created, names) {
            let range = stmt.syntax().text_range();
            blank(&mut bytes, range.start().into()..range.end().into());
        }
    }
    // The first tree goes before Squawk builds the second.
    drop(parse);
    let kept = text_of(bytes);
    let mut linter = Linter::from(rules);
    // Migration tools run each file in a transaction unless told otherwise.
    linter.settings.assume_in_transaction = true;
    let violations = linter.lint(&SourceFile::parse(&kept), &kept);
    FileLint {
        violations,
        down_marker: split.down_marker,
        parse_error,
    }
}

/// Blanked text as a string again; blanking keeps whole characters, so this never has
/// to replace anything.
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Spaces over `range`, newlines kept, so offsets and line numbers stay the same. A
/// blanked range always covers whole characters (statement or piece bounds), so the
/// text stays UTF-8.
fn blank(bytes: &mut [u8], range: std::ops::Range<usize>) {
    for b in bytes.get_mut(range).into_iter().flatten() {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

/// Whether a statement surely locks no table that existed before the migration: it
/// creates an object that is not a table, or it is a kind whose tables are all named
/// where `tables_touched` finds them and every one was created in the migration. Any
/// other statement is kept, so Squawk judges it.
fn leaves_existing_tables_alone(
    stmt: &ast::Stmt,
    created: &BTreeSet<String>,
    names: Names,
) -> bool {
    use ast::Stmt as S;
    match stmt {
        S::CreateSchema(_)
        | S::CreateType(_)
        | S::CreateSequence(_)
        | S::CreateFunction(_)
        | S::CreateAggregate(_)
        | S::CreateDomain(_) => true,
        S::CreateTable(_)
        | S::AlterTable(_)
        | S::CreateIndex(_)
        | S::CreatePolicy(_)
        | S::CreateRule(_)
        | S::CreateTrigger(_)
        | S::CommentOn(_)
        | S::Insert(_)
        | S::Update(_)
        | S::Delete(_) => {
            let tables = tables_touched(stmt, names);
            !tables.is_empty() && tables.iter().all(|t| created.contains(t))
        }
        _ => false,
    }
}

/// Every table a statement names (a table reference, or a relation as CREATE TRIGGER
/// ... ON names it).
fn tables_touched(stmt: &ast::Stmt, names: Names) -> BTreeSet<String> {
    let mut tables: BTreeSet<String> = stmt
        .syntax()
        .descendants()
        .filter(|n| {
            ast::TableNameRef::can_cast(n.kind()) || ast::RelationNameRef::can_cast(n.kind())
        })
        .map(|n| names.of(&n))
        .collect();
    if let ast::Stmt::CreateTable(create) = stmt
        && let Some(name) = create.table_name()
    {
        tables.insert(names.of(name.syntax()));
    }
    tables
}

/// How table names are compared within one file.
#[derive(Clone, Copy)]
struct Names {
    /// Whether `t` is `public.t`, as under PostgreSQL's default search_path.
    unqualified_in_public: bool,
}

impl Names {
    /// A table name's segments as Squawk normalizes them, joined by dots, with
    /// `public.` put before an unqualified name where the file leaves the search_path
    /// alone.
    fn of(self, node: &squawk_syntax::SyntaxNode) -> String {
        let segments: Vec<String> = node
            .descendants()
            .filter_map(|n| {
                ast::PathSegmentRef::cast(n.clone())
                    .map(|s| s.text())
                    .or_else(|| ast::PathSegment::cast(n).map(|s| s.text()))
            })
            .collect();
        match segments.as_slice() {
            [table] if self.unqualified_in_public => format!("public.{table}"),
            _ => segments.join("."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;

    fn file(text: &str) -> SqlFile {
        SqlFile {
            path: "m.sql".into(),
            tool: None,
            text: Ok(text.into()),
        }
    }

    fn failed(files: &[SqlFile], settings: Option<&LockSafety>) -> Vec<(GateId, u32)> {
        check(files, settings)
            .gates
            .into_iter()
            .filter(|g| g.status == Status::Fail)
            .map(|g| match g.evidence.first() {
                Some(Evidence::Sql { line, .. }) => (g.id, *line),
                _ => (g.id, 0),
            })
            .collect()
    }

    #[test]
    fn an_index_on_an_existing_table_fires_with_its_line_and_squawks_words() {
        let sql = "SET lock_timeout = '1s';\nCREATE INDEX i ON payments (user_id);";
        assert_eq!(
            failed(&[file(sql)], None),
            [(GateId::SquawkRequireConcurrentIndexCreation, 2)]
        );
        let result = check(&[file(sql)], None);
        let fired = result
            .gates
            .iter()
            .find(|g| g.status == Status::Fail)
            .unwrap();
        assert_eq!(fired.severity, Severity::Warning);
        assert!(
            fired.message.contains("Use `concurrently`"),
            "{}",
            fired.message
        );
    }

    #[test]
    fn tables_created_earlier_in_the_migration_need_nothing_even_across_files() {
        let first = file("CREATE TABLE payments (id bigint, user_id bigint);");
        let second = SqlFile {
            path: "0002.sql".into(),
            tool: None,
            text: Ok("CREATE INDEX i ON payments (user_id);\nALTER TABLE payments ALTER COLUMN user_id SET NOT NULL;".into()),
        };
        assert_eq!(failed(&[first, second.clone()], None), []);
        let alone = failed(&[second], None);
        assert!(
            alone.contains(&(GateId::SquawkRequireConcurrentIndexCreation, 1)),
            "{alone:?}"
        );
        assert!(
            alone.contains(&(GateId::SquawkRequireLockTimeout, 1)),
            "{alone:?}"
        );
        assert!(
            alone.contains(&(GateId::SquawkAddingNotNullableField, 2)),
            "{alone:?}"
        );
    }

    #[test]
    fn a_table_of_another_schema_is_not_taken_for_the_new_one() {
        let sql = "CREATE TABLE a.t (x int);\nSET lock_timeout = '1s';\nCREATE INDEX i ON b.t (x);";
        assert_eq!(
            failed(&[file(sql)], None),
            [(GateId::SquawkRequireConcurrentIndexCreation, 3)]
        );
    }

    #[test]
    fn an_unqualified_name_is_public_unless_the_file_moves_the_search_path() {
        // drizzle-kit's shape: tables created unqualified, foreign keys naming "public".
        let sql = "CREATE TABLE a (id int primary key);\nCREATE TABLE b (a_id int);\n\
                   ALTER TABLE \"b\" ADD CONSTRAINT f FOREIGN KEY (a_id) REFERENCES \"public\".\"a\"(id);\n\
                   CREATE TRIGGER g BEFORE DELETE ON \"b\" FOR EACH ROW EXECUTE FUNCTION h();";
        assert_eq!(failed(&[file(sql)], None), []);
        let moved = format!("SET search_path = other;\n{sql}");
        assert!(
            failed(&[file(&moved)], None)
                .iter()
                .any(|(id, _)| *id == GateId::SquawkAddingForeignKeyConstraint),
            "under another search_path, \"public\".\"a\" is not the new a"
        );
    }

    #[test]
    fn creating_types_and_functions_locks_nothing_but_an_unknown_kind_is_judged() {
        let sql = "CREATE TYPE kind AS ENUM ('a');\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1';\nCREATE TABLE t (k kind);";
        assert_eq!(failed(&[file(sql)], None), []);
        let sql = "CREATE TABLE t (a int);\nALTER INDEX t_pkey RENAME TO t_key;";
        assert_eq!(
            failed(&[file(sql)], None),
            [(GateId::SquawkRequireLockTimeout, 2)]
        );
    }

    #[test]
    fn only_the_up_section_is_linted() {
        let sql = "-- +migrate Up\nSET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +migrate Down\nDROP INDEX i;";
        let files = [SqlFile {
            tool: Some(Tool::SqlMigrate),
            ..file(sql)
        }];
        assert_eq!(failed(&files, None), []);
        assert!(
            check(&files, None)
                .gates
                .iter()
                .all(|g| g.status == Status::Pass)
        );
    }

    #[test]
    fn a_down_marker_is_a_comment_to_a_tool_that_runs_the_whole_file() {
        let sql = "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose Down\nDROP INDEX i;";
        let files = [SqlFile {
            tool: Some(Tool::DrizzleKit),
            ..file(sql)
        }];
        assert_eq!(
            failed(&files, None),
            [(GateId::SquawkRequireConcurrentIndexDeletion, 4)]
        );
    }

    #[test]
    fn without_a_tool_an_unlinted_down_section_leaves_lock_safety_not_verified() {
        let sql = "-- +goose Up\nSET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- +goose Down\nDROP INDEX i;";
        let result = check(&[file(sql)], None);
        assert!(!result.gates.is_empty());
        for gate in &result.gates {
            assert_eq!(gate.status, Status::NotVerified, "{gate:?}");
            assert!(
                gate.message
                    .contains("m.sql after `-- +goose Down` was taken as not run"),
                "{}",
                gate.message
            );
        }
    }

    #[test]
    fn the_run_picks_rules_makes_them_blockers_or_turns_them_off() {
        let sql = "CREATE INDEX i ON payments (user_id);";
        let settings: LockSafety =
            serde_json::from_str(r#"{"rules":["require-lock-timeout"],"severity":"blocker"}"#)
                .unwrap();
        let result = check(&[file(sql)], Some(&settings));
        let got: Vec<_> = result
            .gates
            .iter()
            .map(|g| (g.id, g.status, g.severity))
            .collect();
        assert_eq!(
            got,
            [(
                GateId::SquawkRequireLockTimeout,
                Status::Fail,
                Severity::Blocker
            )]
        );
        let off: LockSafety = serde_json::from_str(r#"{"rules":[]}"#).unwrap();
        let result = check(&[file(sql)], Some(&off));
        assert!(result.gates.is_empty());
        assert!(result.notes[0].contains("turned off"), "{:?}", result.notes);
        let unknown = serde_json::from_str::<LockSafety>(r#"{"rules":["ban-drop-table"]}"#);
        assert!(
            unknown
                .unwrap_err()
                .to_string()
                .contains("unknown lock-safety rule \"ban-drop-table\"")
        );
    }

    #[test]
    fn what_could_not_be_read_is_never_a_pass() {
        let unreadable = SqlFile {
            path: "gone.sql".into(),
            tool: None,
            text: Err("404".into()),
        };
        for files in [vec![unreadable], vec![], vec![file("CREATE TABLE (;")]] {
            let result = check(&files, None);
            assert_eq!(result.gates.len(), rules::CURATED.len());
            assert!(
                result.gates.iter().all(|g| g.status == Status::NotVerified),
                "{:#?}",
                result.gates
            );
        }
    }
}
