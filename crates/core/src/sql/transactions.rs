//! How the file's tool runs it, and what that does to each statement: whether it runs
//! inside a transaction block (where some statements are refused), and which
//! statements a ROLLBACK undoes. A migration tool wraps statements in its own
//! transaction (per file, or one for the whole run), sends a file as one query (an
//! implicit block), or sends each statement alone; the file's own BEGIN, COMMIT,
//! ROLLBACK and SAVEPOINT act within that. `docs/run-format.md` says what each tool
//! does and where that comes from.

use std::ops::Range;

use super::file::Tool;
use super::lexer::{Kind, significant};

/// What a tool wraps around a file's statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapping {
    /// One transaction for every file of the run (drizzle-kit's migrator).
    WholeRun,
    /// One transaction per file (goose, sql-migrate, dbmate, Flyway by default).
    PerFile,
    /// The file sent as one query: more than one statement there is an implicit
    /// transaction block (golang-migrate, dbmate with `transaction:false`).
    OneQuery,
    /// Each statement on its own, committed as it runs (psql, and the opt-outs).
    EachStatement,
}

impl Wrapping {
    /// How `tool` runs the file `text`; `None` for no tool named.
    pub fn of(tool: Option<Tool>, text: &str) -> Option<Wrapping> {
        let has_line = |marker: &str| {
            text.lines().any(|l| {
                l.trim()
                    .to_ascii_lowercase()
                    .split_whitespace()
                    .eq(marker.split(' '))
            })
        };
        Some(match tool? {
            Tool::DrizzleKit => Wrapping::WholeRun,
            Tool::Goose if has_line("-- +goose no transaction") => Wrapping::EachStatement,
            Tool::SqlMigrate if has_line("-- +migrate up notransaction") => Wrapping::EachStatement,
            Tool::Dbmate if has_line("-- migrate:up transaction:false") => Wrapping::OneQuery,
            Tool::Goose | Tool::SqlMigrate | Tool::Dbmate | Tool::Flyway => Wrapping::PerFile,
            Tool::GolangMigrate => Wrapping::OneQuery,
            Tool::Psql | Tool::PgDump => Wrapping::EachStatement,
        })
    }

    /// In words, for a result.
    pub fn says(self, tool: Tool) -> String {
        let how = match self {
            Wrapping::WholeRun => "runs every file of the run in one transaction",
            Wrapping::PerFile => "runs the file in a transaction",
            Wrapping::OneQuery => "sends the file as one query, a transaction block",
            Wrapping::EachStatement => "runs each statement on its own",
        };
        format!("{} {how}", tool.name())
    }
}

/// The transaction control words a statement starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Control {
    Begin,
    Commit,
    Rollback,
    Savepoint(String),
    RollbackTo(String),
    Release(String),
    /// Two-phase commit: what it keeps depends on another session.
    Prepared,
}

/// The transaction control `text` is, if any, by its first words.
pub fn control(text: &str) -> Option<Control> {
    let words: Vec<String> = significant(text, 0..text.len())
        .filter(|(kind, _)| matches!(kind, Kind::Word | Kind::QuotedIdent))
        .take(4)
        .map(|(_, word)| word)
        .collect();
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let name = |at: usize| w.get(at).map(|n| n.trim_matches('"').to_string());
    match w.as_slice() {
        ["begin", ..] | ["start", "transaction", ..] => Some(Control::Begin),
        ["commit" | "end", "prepared", ..] | ["rollback", "prepared", ..] => {
            Some(Control::Prepared)
        }
        ["prepare", "transaction", ..] => Some(Control::Prepared),
        ["commit" | "end", ..] => Some(Control::Commit),
        ["rollback" | "abort", "to", "savepoint", ..] => name(3).map(Control::RollbackTo),
        ["rollback" | "abort", "to", ..] => name(2).map(Control::RollbackTo),
        ["rollback" | "abort", ..] => Some(Control::Rollback),
        ["savepoint", ..] => name(1).map(Control::Savepoint),
        ["release", "savepoint", ..] => name(2).map(Control::Release),
        ["release", ..] => name(1).map(Control::Release),
        _ => None,
    }
}

/// One top-level statement, as `follow` reads it.
pub struct Step<'a> {
    pub file: usize,
    pub range: Range<usize>,
    pub text: &'a str,
}

/// What the run's transactions do to its statements.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Followed {
    /// Per step: whether it runs inside a transaction block; `None` where the tool
    /// is not named and that decides it.
    pub in_block: Vec<Option<bool>>,
    /// Statements a later ROLLBACK undid: (file, byte range), and the step that did.
    pub undone: Vec<(usize, Range<usize>, usize)>,
    /// Steps whose effect on what came before cannot be followed, and why.
    pub uncertain: Vec<(usize, String)>,
}

impl Followed {
    /// The step whose ROLLBACK undid the statement at `file`, `at`, if one did.
    pub fn undone_by(&self, file: usize, at: usize) -> Option<usize> {
        self.undone
            .iter()
            .find(|(f, range, _)| *f == file && range.contains(&at))
            .map(|(_, _, by)| *by)
    }
}

/// An open transaction: where it began (a step index), whether the file opened it,
/// and its savepoints.
struct Open {
    since: usize,
    savepoints: Vec<(String, usize)>,
}

/// Follows the steps in order; `wrapping[file]` is how each file is run and
/// `statements[file]` how many statements the file has.
pub fn follow(steps: &[Step], wrapping: &[Option<Wrapping>], statements: &[usize]) -> Followed {
    let mut out = Followed::default();
    let mut open: Option<Open> = None;
    let mut file = usize::MAX;
    for (index, step) in steps.iter().enumerate() {
        let how = wrapping.get(step.file).copied().flatten();
        if step.file != file {
            file = step.file;
            // A tool's transaction begins with the file, or continues across files.
            let keep = how == Some(Wrapping::WholeRun) && open.is_some();
            if !keep {
                let wraps = match how {
                    Some(Wrapping::WholeRun | Wrapping::PerFile) => true,
                    Some(Wrapping::OneQuery) => statements.get(file).is_some_and(|&n| n > 1),
                    Some(Wrapping::EachStatement) | None => false,
                };
                open = wraps.then_some(Open {
                    since: index,
                    savepoints: Vec::new(),
                });
            }
        }
        let unknown = how.is_none() && open.is_none();
        out.in_block
            .push(if unknown { None } else { Some(open.is_some()) });
        match control(step.text) {
            Some(Control::Begin) if open.is_none() => {
                open = Some(Open {
                    since: index + 1,
                    savepoints: Vec::new(),
                });
            }
            // After the tool's transaction is committed, its file runs a statement at
            // a time, except a file sent as one query: a new implicit block follows.
            Some(Control::Commit) => {
                open = (how == Some(Wrapping::OneQuery)).then_some(Open {
                    since: index + 1,
                    savepoints: Vec::new(),
                });
            }
            Some(Control::Rollback) => match open.take() {
                Some(tx) => undo(&mut out, steps, tx.since..index, index),
                None if how.is_none() => out.uncertain.push((
                    index,
                    "rolls back a transaction that the file's tool, which the run does \
                     not name, may have opened"
                        .to_string(),
                )),
                None => {}
            },
            Some(Control::Savepoint(name)) => {
                if let Some(tx) = open.as_mut() {
                    tx.savepoints.push((name, index + 1));
                }
            }
            Some(Control::RollbackTo(name)) => {
                let since = open.as_mut().and_then(|tx| {
                    let at = tx.savepoints.iter().rposition(|(n, _)| *n == name)?;
                    let since = tx.savepoints.get(at).map(|(_, s)| *s)?;
                    tx.savepoints.truncate(at + 1);
                    Some(since)
                });
                match since {
                    Some(since) => undo(&mut out, steps, since..index, index),
                    None => out.uncertain.push((
                        index,
                        format!(
                            "rolls back to savepoint {name}, which the re-check did not see set"
                        ),
                    )),
                }
            }
            Some(Control::Release(name)) => {
                if let Some(tx) = open.as_mut()
                    && let Some(at) = tx.savepoints.iter().rposition(|(n, _)| *n == name)
                {
                    tx.savepoints.truncate(at);
                }
            }
            // BEGIN inside an open transaction only warns.
            Some(Control::Begin) => {}
            Some(Control::Prepared) => out.uncertain.push((
                index,
                "is two-phase commit: what it keeps is decided by another session".to_string(),
            )),
            None => {}
        }
    }
    out
}

fn undo(out: &mut Followed, steps: &[Step], undone: Range<usize>, by: usize) {
    for step in steps.get(undone).unwrap_or_default() {
        out.undone.push((step.file, step.range.clone(), by));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::split::split;

    /// Follows one file run by `tool`: (in block per statement, undone statement texts).
    fn run(sql: &str, tool: Option<Tool>) -> (Vec<Option<bool>>, Vec<String>, usize) {
        let pieces = split(sql, tool).pieces;
        let steps: Vec<Step> = pieces
            .iter()
            .map(|p| Step {
                file: 0,
                range: p.range.clone(),
                text: &sql[p.range.clone()],
            })
            .collect();
        let wrapping = [Wrapping::of(tool, sql)];
        let followed = follow(&steps, &wrapping, &[steps.len()]);
        let undone = followed
            .undone
            .iter()
            .map(|(_, r, _)| sql[r.clone()].to_string())
            .collect();
        (followed.in_block, undone, followed.uncertain.len())
    }

    #[test]
    fn each_tool_wraps_as_it_does() {
        let sql = "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY i ON t (a);";
        let block = |tool| run(sql, Some(tool)).0;
        assert_eq!(block(Tool::Goose), [Some(true), Some(true)]);
        assert_eq!(block(Tool::DrizzleKit), [Some(true), Some(true)]);
        assert_eq!(block(Tool::GolangMigrate), [Some(true), Some(true)]);
        assert_eq!(block(Tool::Psql), [Some(false), Some(false)]);
        let goose = format!("-- +goose Up\n-- +goose NO TRANSACTION\n{sql}");
        assert_eq!(run(&goose, Some(Tool::Goose)).0, [Some(false), Some(false)]);
        assert_eq!(run(sql, None).0, [None, None]);
        // One statement sent alone is no block.
        assert_eq!(
            run(
                "CREATE INDEX CONCURRENTLY i ON t (a);",
                Some(Tool::GolangMigrate)
            )
            .0,
            [Some(false)]
        );
    }

    #[test]
    fn a_commit_ends_the_tools_transaction_and_begin_starts_one() {
        let sql = "CREATE TABLE t (a int);\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);\nBEGIN;\nSELECT 1;";
        assert_eq!(
            run(sql, Some(Tool::Goose)).0,
            [Some(true), Some(true), Some(false), Some(false), Some(true)]
        );
    }

    #[test]
    fn rollback_undoes_back_to_where_the_transaction_or_savepoint_began() {
        let sql = "CREATE TABLE a (x int);\nSAVEPOINT s;\nCREATE TRIGGER g BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\nROLLBACK TO SAVEPOINT s;\nCREATE TABLE b (x int);";
        let (_, undone, uncertain) = run(sql, Some(Tool::Goose));
        assert_eq!(
            undone,
            ["CREATE TRIGGER g BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();"]
        );
        assert_eq!(uncertain, 0);
        let sql = "CREATE TABLE a (x int);\nROLLBACK;\nCREATE TABLE b (x int);";
        assert_eq!(run(sql, Some(Tool::Goose)).1, ["CREATE TABLE a (x int);"]);
        // psql runs each statement alone: there is nothing to roll back.
        assert!(run(sql, Some(Tool::Psql)).1.is_empty());
        // With no tool named nobody knows.
        assert_eq!(run(sql, None).2, 1);
        // A savepoint never set.
        assert_eq!(run("BEGIN; ROLLBACK TO nowhere;", Some(Tool::Psql)).2, 1);
    }

    #[test]
    fn control_words_are_read_in_any_case() {
        assert_eq!(control("Start Transaction"), Some(Control::Begin));
        assert_eq!(control("END"), Some(Control::Commit));
        assert_eq!(control("abort"), Some(Control::Rollback));
        assert_eq!(
            control("ROLLBACK TO \"S\""),
            Some(Control::RollbackTo("s".into()))
        );
        assert_eq!(control("COMMIT PREPARED 'x'"), Some(Control::Prepared));
        assert_eq!(control("SELECT 1"), None);
    }
}
