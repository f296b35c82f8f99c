//! `applies`: the migration applies the way its tool runs it. Some statements
//! PostgreSQL refuses inside a transaction block; where the tool puts one there
//! (`sql::transactions`), the migration stops and nothing after it runs. With a
//! proof, PostgreSQL's own refusal of any statement fails this gate too
//! (`prove::apply`).

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::sql::file::Tool;
use crate::sql::lexer::{Kind, significant};
use crate::sql::transactions::Wrapping;

use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "concurrent-index-in-a-transaction",
        expect: Expect::Fires,
        says: "`CREATE INDEX CONCURRENTLY` inside the file's own transaction block, which PostgreSQL refuses.",
        input: Input::Sql(
            "BEGIN;\nCREATE INDEX CONCURRENTLY payments_user_id_idx ON payments (user_id);\nCOMMIT;\n",
        ),
    },
    Example {
        name: "plain-index",
        expect: Expect::Passes,
        says: "The index built without CONCURRENTLY, which runs inside a transaction or not.",
        input: Input::Seed(&[Edit::Add(
            "CREATE INDEX \"payments_provider_idx\" ON \"payments\" (\"provider\");",
        )]),
    },
    Example {
        name: "concurrent-index-no-tool",
        expect: Expect::NotVerified,
        says: "`CREATE INDEX CONCURRENTLY` added to a run whose tool is not named: whether a transaction wraps the file decides it.",
        input: Input::Seed(&[Edit::Add(
            "CREATE INDEX CONCURRENTLY \"payments_provider_idx\" ON \"payments\" (\"provider\");",
        )]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::Applies,
    title: "The migration applies",
    severity: Severity::Blocker,
    checks: "Follows how each file's `tool` runs it (one transaction per file or per \
             run, the file sent as one query, or a statement at a time, and the \
             file's own BEGIN and COMMIT) and fails every statement PostgreSQL \
             refuses where it runs: `CREATE INDEX CONCURRENTLY`, `DROP INDEX \
             CONCURRENTLY`, `REINDEX … CONCURRENTLY`, `VACUUM`, `ALTER SYSTEM`, \
             databases, tablespaces and subscriptions inside a transaction block. \
             With a proof, a statement PostgreSQL refused fails it with the \
             SQLSTATE and message. Where the run names no tool and that decides it, \
             not verified.",
    why: "A migration that stops half way leaves production between two schemas, and \
          every other gate judged a schema that never exists.",
    examples: EXAMPLES,
    fix: "Run the statement where PostgreSQL allows it: the tool's no-transaction \
          marker for that file, or a file of its own.",
    relates_to: &[],
};

/// The statements PostgreSQL refuses inside a transaction block, by their words
/// (`PreventInTransactionBlock`).
fn refused_in_block(text: &str) -> Option<&'static str> {
    let words: Vec<String> = significant(text, 0..text.len())
        .filter(|(kind, _)| *kind == Kind::Word)
        .take(8)
        .map(|(_, word)| word)
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let concurrently = w.contains(&"concurrently");
    Some(match w.as_slice() {
        ["create", "index", ..] | ["create", "unique", "index", ..] if concurrently => {
            "CREATE INDEX CONCURRENTLY"
        }
        ["drop", "index", ..] if concurrently => "DROP INDEX CONCURRENTLY",
        ["reindex", ..] if concurrently => "REINDEX CONCURRENTLY",
        ["reindex", "database" | "system", ..] => "REINDEX DATABASE",
        ["vacuum", ..] => "VACUUM",
        ["alter", "system", ..] => "ALTER SYSTEM",
        ["create", "database", ..] => "CREATE DATABASE",
        ["drop", "database", ..] => "DROP DATABASE",
        ["create", "tablespace", ..] => "CREATE TABLESPACE",
        ["drop", "tablespace", ..] => "DROP TABLESPACE",
        ["create", "subscription", ..] => "CREATE SUBSCRIPTION",
        ["drop", "subscription", ..] => "DROP SUBSCRIPTION",
        ["discard", "all", ..] => "DISCARD ALL",
        _ => return None,
    })
}

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let refused: Vec<Option<&str>> = ctx
        .written
        .iter()
        .map(|w| refused_in_block(w.text))
        .collect();
    // The files holding a statement that runs in a transaction, found once: a Flyway
    // file that also holds one PostgreSQL refuses there is a mix.
    let transactional: std::collections::BTreeSet<usize> = ctx
        .written
        .iter()
        .zip(&refused)
        .filter(|(_, refused)| refused.is_none())
        .map(|(w, _)| w.file)
        .collect();
    let mut out = Vec::new();
    for (index, (w, kind)) in ctx.written.iter().zip(&refused).enumerate() {
        let Some(kind) = kind else {
            continue;
        };
        let in_block = ctx.transactions.in_block.get(index).copied().flatten();
        let result = match (in_block, w.tool) {
            // Flyway runs a file of such statements alone, outside a transaction, and
            // refuses one that mixes them with others unless its `mixed` setting is on.
            (_, Some(Tool::Flyway)) => {
                if !transactional.contains(&w.file) {
                    continue;
                }
                SqlResult::new(
                    &INFO,
                    Status::NotVerified,
                    format!(
                        "the statement at {} ({kind}) shares its file with statements that \
                         run in a transaction: Flyway refuses such a migration unless its \
                         `mixed` setting is on, which the run does not say",
                        w.span
                    ),
                )
            }
            (Some(true), tool) => {
                let how = match (tool, w.wrapping) {
                    (Some(tool), Some(how)) if how != Wrapping::EachStatement => {
                        format!(" ({})", how.says(tool))
                    }
                    _ => " (the file's own BEGIN)".to_string(),
                };
                SqlResult::new(
                    &INFO,
                    Status::Fail,
                    format!(
                        "the statement at {} ({kind}) cannot run inside a transaction \
                         block, and it runs in one there{how}: PostgreSQL refuses it and \
                         the migration stops",
                        w.span
                    ),
                )
            }
            (Some(false), _) => continue,
            (None, _) => SqlResult::new(
                &INFO,
                Status::NotVerified,
                format!(
                    "the statement at {} ({kind}) cannot run inside a transaction block, \
                     and the run names no tool for {}: whether it runs in one depends on \
                     the tool",
                    w.span, w.span.file
                ),
            ),
        };
        out.push(result.at(&[w.span]));
    }
    if out.is_empty() {
        out.push(SqlResult::new(
            &INFO,
            Status::Pass,
            "every statement can run where its tool puts it",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recheck::check;
    use crate::sql::SqlFile;

    fn statuses(sql: &str, tool: Option<Tool>) -> Vec<(Status, String)> {
        let files = [SqlFile {
            path: "m.sql".into(),
            tool,
            text: Ok(sql.into()),
        }];
        check(&files, None)
            .gates
            .into_iter()
            .filter(|g| g.id == INFO.id)
            .map(|g| (g.status, g.message))
            .collect()
    }

    const CONCURRENT: &str = "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);";

    #[test]
    fn a_concurrent_index_in_a_tools_transaction_fails() {
        for tool in [
            Tool::Goose,
            Tool::DrizzleKit,
            Tool::SqlMigrate,
            Tool::Dbmate,
            Tool::GolangMigrate,
        ] {
            let r = statuses(CONCURRENT, Some(tool));
            assert_eq!(r.len(), 1, "{tool:?}");
            assert_eq!(r[0].0, Status::Fail, "{tool:?}");
            assert!(
                r[0].1.contains("m.sql:2:1 (CREATE INDEX CONCURRENTLY)"),
                "{}",
                r[0].1
            );
        }
    }

    #[test]
    fn outside_a_transaction_it_passes() {
        assert_eq!(statuses(CONCURRENT, Some(Tool::Psql))[0].0, Status::Pass);
        let goose = format!("-- +goose Up\n-- +goose NO TRANSACTION\n{CONCURRENT}");
        assert_eq!(statuses(&goose, Some(Tool::Goose))[0].0, Status::Pass);
        let committed = "CREATE TABLE t (a int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);";
        assert_eq!(statuses(committed, Some(Tool::Goose))[0].0, Status::Pass);
        // Flyway runs a file of only such statements outside a transaction.
        let alone = "CREATE INDEX CONCURRENTLY i ON t (a);";
        assert_eq!(statuses(alone, Some(Tool::Flyway))[0].0, Status::Pass);
    }

    #[test]
    fn inside_the_files_own_begin_it_fails_even_for_psql() {
        let sql = "BEGIN;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;";
        assert_eq!(statuses(sql, Some(Tool::Psql))[0].0, Status::Fail);
    }

    #[test]
    fn with_no_tool_or_a_flyway_mix_it_is_not_verified() {
        assert_eq!(statuses(CONCURRENT, None)[0].0, Status::NotVerified);
        assert_eq!(
            statuses(CONCURRENT, Some(Tool::Flyway))[0].0,
            Status::NotVerified
        );
    }
}
