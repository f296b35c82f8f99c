//! The catalog after the migration: PostgreSQL's own definitions of what the migration
//! left (tables and their column types, constraints as `pg_get_constraintdef` prints
//! them, indexes as `pg_get_indexdef` does, functions, triggers with their enabled
//! state, rules, owners, privileges, database settings), read back as SQL and checked by
//! the same rules as the migration's text.
//!
//! The migration as written can hide what it does from a model (a statement sqlparser
//! cannot parse, a rename, `IF NOT EXISTS` skipping an index whose name is taken, a
//! savepoint rolled back); the catalog cannot: it is what PostgreSQL will enforce, for
//! every row. Its definitions are canonical (every name qualified, every expression
//! deparsed), so the model reads them exactly; where it still cannot, the rule says not
//! verified and the catalog decides nothing.

use crate::gate::{CatalogReading, Evidence, GateResult, Status, Unverified};
use crate::recheck::{SqlCheck, check};
use crate::registry::GATES;
use crate::review::Review;
use crate::sql::{SqlFile, file::Tool};

use crate::proof::{Answer, Executed};

/// Reads every definition, in an order PostgreSQL could replay: schemas, types,
/// functions, tables, constraints, indexes, triggers, rules, owners and privileges,
/// settings. Written for PostgreSQL 13 and later (PGlite included).
const QUERY: &str = include_str!("catalog.sql");

/// The name the definitions go by where a rule's message names a place in them.
pub const PATH: &str = "catalog";

/// The steps an executor runs after the migration, as a probe. The migration ran in the
/// same session and may have set a search_path that puts its own functions or operators
/// before PostgreSQL's: the reading names `pg_catalog` first and never `pg_temp`, so
/// every name in it is PostgreSQL's.
pub fn steps() -> Vec<String> {
    vec![
        "SET LOCAL search_path = pg_catalog, pg_temp".to_string(),
        QUERY.to_string(),
    ]
}

/// The definitions, one statement each; `Err` says why there are none.
fn rows(answers: &[Answer]) -> Result<Vec<&str>, String> {
    let read = match answers {
        [set, read] if set.ok && read.ok => read,
        [set, ..] if !set.ok => return Err(format!("reading the catalog: {}", set.said())),
        [_, read] => return Err(format!("reading the catalog: {}", read.said())),
        _ => return Err("the catalog was not read".to_string()),
    };
    read.rows
        .iter()
        .map(|row| match row.first() {
            // A rule's definition ends with its own semicolon; every other does not.
            Some(Some(definition)) => Ok(definition.trim_end().trim_end_matches(';')),
            _ => Err("reading the catalog: a definition came back empty".to_string()),
        })
        .collect()
}

/// The definitions as one SQL text, a statement each.
pub fn definitions(answers: &[Answer]) -> Result<String, String> {
    rows(answers).map(|rows| joined(&rows))
}

fn joined(rows: &[&str]) -> String {
    rows.iter().map(|d| format!("{d};\n\n")).collect()
}

/// A database or role setting that starts sessions with `session_replication_role`
/// other than `origin`: in those sessions no ordinary trigger or rule fires, so no
/// trigger or rule in the catalog protects a table from them.
fn triggers_off<'a>(rows: &[&'a str]) -> Option<&'a str> {
    rows.iter().copied().find(|d| {
        (d.starts_with("ALTER DATABASE ") || d.starts_with("ALTER ROLE "))
            && d.contains(" SET session_replication_role TO '")
            && !d.ends_with(" TO 'origin'")
    })
}

/// Whether the migration runs code the re-check did not read (a function it calls,
/// dynamic SQL, a psql meta-command). Where the migration runs as a superuser (PGlite
/// in the tab) such code could replace the very functions the catalog is read with, so
/// the catalog may then fail a result or leave it open, never raise it; written where
/// the static check reads it, the same change fails `stays-in-database`.
pub fn runs_unread_code(review: &Review) -> bool {
    review.gates.iter().flat_map(|g| &g.unverified).any(|u| {
        matches!(
            u,
            Unverified::CodeNotFollowed { .. } | Unverified::ClientCommand { .. }
        )
    })
}

/// What each gate with a proof says of the catalog, per result of the review (its
/// index in the review's gates). A gate whose results cannot be paired one to one with
/// the catalog's (they come one per expectation, so they can) gets none.
pub fn read(review: &Review, executed: &Executed) -> Vec<(usize, CatalogReading)> {
    let Ok(rows) = rows(&executed.catalog) else {
        return Vec::new();
    };
    let text = joined(&rows);
    let triggers_off = triggers_off(&rows);
    let expectations = review.run().and_then(|run| run.expectations.as_ref());
    let file = SqlFile {
        path: PATH.to_string(),
        tool: Some(Tool::Psql),
        text: Ok(text),
    };
    let checked = check(std::slice::from_ref(&file), expectations);
    let mut out = Vec::new();
    for gate in GATES.iter().filter(|g| g.prove.is_some()) {
        let id = gate.info.id;
        let ours: Vec<usize> = (0..review.gates.len())
            .filter(|&i| review.gates.get(i).is_some_and(|g| g.id == id))
            .collect();
        let theirs: Vec<&GateResult> = checked.gates.iter().filter(|g| g.id == id).collect();
        if ours.len() != theirs.len() {
            continue;
        }
        for (result, catalog) in ours.into_iter().zip(theirs) {
            let reading = match triggers_off {
                Some(setting) if id == crate::sql::rules::append_only::INFO.id => CatalogReading {
                    status: Status::NotVerified,
                    message: "a setting starts sessions with session_replication_role other \
                                  than origin: in them no ordinary trigger or rule fires"
                        .to_string(),
                    definitions: vec![setting.to_string()],
                },
                _ => reading(catalog, &file, &checked),
            };
            out.push((result, reading));
        }
    }
    out
}

/// One result on the catalog, with the definitions it points at.
fn reading(result: &GateResult, file: &SqlFile, checked: &SqlCheck) -> CatalogReading {
    let text = file.text.as_deref().unwrap_or_default();
    let statements = checked
        .files
        .first()
        .map(|f| f.statements.as_slice())
        .unwrap_or_default();
    let definitions = result
        .evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::Sql { line, .. } => statements
                .iter()
                .find(|s| s.span.line == *line)
                .and_then(|s| text.get(s.span.start..s.span.end)),
            Evidence::RunPath { .. } => None,
        })
        .map(|s| s.trim_end_matches(';').to_string())
        .collect();
    let mut message = result.message.clone();
    if result.status == Status::NotVerified && !result.unverified.is_empty() {
        let why: Vec<String> = result.unverified.iter().map(|u| u.to_string()).collect();
        message = format!("{message} ({})", why.join("; "));
    }
    CatalogReading {
        status: result.status,
        message,
        definitions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(definitions: &[&str]) -> Vec<Answer> {
        vec![
            Answer {
                ok: true,
                ..Answer::default()
            },
            Answer {
                ok: true,
                rows: definitions
                    .iter()
                    .map(|d| vec![Some(d.to_string())])
                    .collect(),
                ..Answer::default()
            },
        ]
    }

    #[test]
    fn definitions_are_one_statement_each_whatever_they_end_with() {
        let text = definitions(&rows(&[
            "CREATE TABLE public.t (a integer)",
            "CREATE RULE r AS\n    ON UPDATE TO public.t DO INSTEAD NOTHING;",
        ]))
        .unwrap();
        assert_eq!(
            text,
            "CREATE TABLE public.t (a integer);\n\n\
             CREATE RULE r AS\n    ON UPDATE TO public.t DO INSTEAD NOTHING;\n\n"
        );
    }

    #[test]
    fn a_reading_that_failed_or_came_back_empty_gives_no_definitions() {
        let mut refused = rows(&[]);
        refused[1] = Answer {
            sqlstate: Some("42883".into()),
            message: Some("function pg_get_triggerdef does not exist".into()),
            ..Answer::default()
        };
        assert_eq!(
            definitions(&refused).unwrap_err(),
            "reading the catalog: 42883 function pg_get_triggerdef does not exist"
        );
        let mut empty = rows(&["CREATE TABLE public.t (a integer)"]);
        empty[1].rows.push(vec![None]);
        assert!(definitions(&empty).is_err());
        assert!(definitions(&[]).is_err());
    }
}
