//! The SQL re-check: runs the SQL gates the registry lists over the migration as
//! [`crate::sql`] reads it, and proves (or not) the money-safety promises. A result is
//! only as sure as what was read: results that an unparsed statement or an unreadable
//! file could change become *not verified* here, in one place.

pub mod baseline;

use serde::{Deserialize, Serialize};

use crate::gate::{Evidence, GateResult, Status, Unverified};
use crate::run::expectations::Expectations;

use crate::registry::{Check, GATES};
use crate::sql::locator::Locator;
use crate::sql::model::Schema;
use crate::sql::names::mentions;
use crate::sql::parse::{self, FileReport, Parsing, parse_files};
use crate::sql::rules::{Context, SqlResult, Written};
use crate::sql::transactions::{self, Followed, Step, Wrapping};
use crate::sql::{SqlFile, location, model, rules, split};

/// Said of a migration checked without a baseline.
pub const NO_BASELINE: &str = "no baseline: the migration was checked as the database's \
     first, so the locks it takes on live tables and whether it keeps the rows already \
     there were not checked";

/// What the SQL re-check concluded.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SqlCheck {
    /// One entry per thing checked (per expected index, per money column, ...), for
    /// the gates `money-type`, `expected-index`, `index-predicate`, `mixed-id-check`,
    /// `append-only`, `additive-only`, `parent-order` and `sql-parses`.
    pub gates: Vec<GateResult>,
    /// Per file: its statements with byte ranges and what became of each.
    pub files: Vec<FileReport>,
    /// The same for the baseline's files: what a proof runs before the migration.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baseline: Vec<FileReport>,
    /// The schema the up statements leave behind.
    pub schema: Schema,
    /// What the reader should know about the scope of the check, e.g. files of which
    /// only the up section was checked.
    pub notes: Vec<String>,
}

/// Re-checks the SQL files against the run's expectations (`None`: the run gave none).
pub fn check(files: &[SqlFile], expectations: Option<&Expectations>) -> SqlCheck {
    check_over(&[], files, expectations)
}

/// Re-checks `files` as run over `baseline` (what the database held before them): the
/// baseline's statements build the schema model first and are never judged; what of
/// them could not be read or followed leaves the results it could change not verified.
pub fn check_over(
    baseline: &[SqlFile],
    files: &[SqlFile],
    expectations: Option<&Expectations>,
) -> SqlCheck {
    let mut schema = Schema::default();
    let base = baseline::apply(baseline, &mut schema);
    let before = schema.clone();
    let mut changes = Vec::new();
    let Replayed {
        parsing,
        transactions,
        wrapping,
    } = replay(files, &mut schema, &mut changes);
    let written: Vec<Written> = parsing
        .reports
        .iter()
        .zip(files)
        .enumerate()
        .flat_map(|(file, (report, sql))| {
            let text = sql.text.as_deref().unwrap_or_default();
            let wrapping = wrapping.get(file).copied().flatten();
            report
                .statements
                .iter()
                .filter(|s| s.outcome != parse::Outcome::DownSection)
                .map(move |s| Written {
                    span: &s.span,
                    text: text.get(s.span.start..s.span.end).unwrap_or_default(),
                    tool: sql.tool,
                    wrapping,
                    file,
                })
        })
        .collect();
    unfollow_uncertain(&mut schema, &parsing.reports, &transactions);
    let unreadable = unreadable(&parsing.reports);
    let context = Context {
        schema: &schema,
        baseline: &before,
        baseline_unparsed: &base.parsing.unparsed,
        written: &written,
        transactions: &transactions,
        parsed: parsing.parsed,
        changes: &changes,
        unparsed: &parsing.unparsed,
        unreadable: &unreadable,
        expectations,
    };
    // What the baseline left open weighs on the results as the migration's own does.
    let doubts = Doubts {
        unparsed: (parsing.unparsed.iter())
            .chain(&base.parsing.unparsed)
            .map(|statement| (statement, unparsed_touches_everything(statement, &schema)))
            .collect(),
        unrun: parsing.unrun.iter().chain(&base.parsing.unrun).collect(),
        unreadable: (unreadable.iter())
            .chain(&base.unreadable)
            .cloned()
            .collect(),
    };
    let gates = GATES
        .iter()
        .filter_map(|gate| match gate.check {
            Check::Sql(check) => Some(check(&context)),
            Check::Run(_) | Check::LockSafety(_) => None,
        })
        .flatten()
        .map(|f| {
            let no_files = files.is_empty();
            settle(f, &schema, &doubts, no_files)
        })
        .collect();
    let mut notes: Vec<String> = files
        .iter()
        .zip(&parsing.reports)
        .filter_map(|(file, report)| {
            let marker = report.down_marker.as_ref()?;
            Some(match file.tool {
                Some(tool) => format!(
                    "{}: holds up and down sections; only the up section was checked, as {} \
                     does not run what follows `{marker}`",
                    report.path,
                    tool.name()
                ),
                None => format!(
                    "{}: the section after `{marker}` was taken as not run because the run \
                     names no `tool` for the file; run whole it would run, so the gates its \
                     statements mention are not verified",
                    report.path
                ),
            })
        })
        .collect();
    for report in &parsing.reports {
        for statement in &report.statements {
            if let parse::Outcome::Skipped { reason } = &statement.outcome {
                notes.push(format!(
                    "{}:{}: skipped: {reason}",
                    report.path, statement.span.line
                ));
            }
        }
    }
    notes.push(base.note().unwrap_or_else(|| NO_BASELINE.to_string()));
    SqlCheck {
        gates,
        files: parsing.reports,
        baseline: base.parsing.reports,
        schema,
        notes,
    }
}

/// Makes each statement whose transaction the re-check could not follow an object the
/// model does not follow, at its place among the up statements of `reports`.
pub(crate) fn unfollow_uncertain(
    schema: &mut Schema,
    reports: &[FileReport],
    transactions: &Followed,
) {
    let up: Vec<&location::Span> = reports
        .iter()
        .flat_map(|r| &r.statements)
        .filter(|s| s.outcome != parse::Outcome::DownSection)
        .map(|s| &s.span)
        .collect();
    for (step, why) in &transactions.uncertain {
        if let Some(span) = up.get(*step) {
            schema.unfollowed.push(model::Unfollowed {
                object: None,
                why: why.clone(),
                span: (*span).clone(),
                runs_code: false,
            });
        }
    }
}

/// The files whose text could not be had: (path, why).
pub(crate) fn unreadable(reports: &[FileReport]) -> Vec<(String, String)> {
    reports
        .iter()
        .filter_map(|r| r.read_error.as_ref().map(|e| (r.path.clone(), e.clone())))
        .collect()
}

/// What could not be read or followed, in the baseline and the migration: each may
/// leave a result not verified.
struct Doubts<'a> {
    /// Each statement that did not parse, and why it leaves every result open, if it does.
    unparsed: Vec<(&'a parse::Unparsed, Option<Unverified>)>,
    unrun: Vec<&'a parse::Unrun>,
    unreadable: Vec<(String, String)>,
}

/// What replaying files into a schema model leaves besides the model.
pub(crate) struct Replayed {
    pub parsing: Parsing,
    pub transactions: Followed,
    pub wrapping: Vec<Option<Wrapping>>,
}

/// Replays the up statements of `files`, in run order, into `schema`, and gathers in
/// `changes` what they change beyond adding.
pub(crate) fn replay(
    files: &[SqlFile],
    schema: &mut Schema,
    changes: &mut Vec<rules::additive_only::Change>,
) -> Replayed {
    let wrapping: Vec<Option<Wrapping>> = files
        .iter()
        .map(|f| Wrapping::of(f.tool, f.text.as_deref().unwrap_or_default()))
        .collect();
    // Each file is cut once; transactions are followed on its statements before any is
    // replayed: a later ROLLBACK decides whether an earlier statement leaves anything.
    let splits: Vec<split::Split> = files
        .iter()
        .map(|f| split::split(f.text.as_deref().unwrap_or_default(), f.tool))
        .collect();
    let (transactions, steps) = follow_transactions(files, &splits, &wrapping);
    let mut kept_undone = 0;
    // Each statement is replayed as soon as it parsed, then dropped.
    let mut replay = |statement: parse::Parsed| {
        let text_of = |file: usize| files.get(file).and_then(|f| f.text.as_ref().ok());
        let text = text_of(statement.file)
            .and_then(|t| t.get(statement.span.start..statement.span.end))
            .unwrap_or_default();
        let loc = Locator {
            text,
            span: &statement.span,
        };
        if let Some(by) = transactions.undone_by(statement.file, statement.span.start) {
            // What a ROLLBACK undid leaves nothing, but a guard it undid is evidence of
            // what removed the protection; a few are kept, enough to point at it.
            let rollback = steps.get(by).and_then(|(file, range)| {
                let text = text_of(*file)?;
                let path = &files.get(*file)?.path;
                let span = location::LineIndex::new(text).span(path, range.clone());
                Some(model::Later::new(text.get(range.clone())?, &span))
            });
            if let Some(later) = rollback.filter(|_| kept_undone < MAX_UNDONE_KEPT) {
                kept_undone += model::undone(schema, &statement.ast, &loc, later);
            }
            return;
        }
        match &statement.rescued {
            None => model::apply(schema, &statement.ast, &loc),
            Some(rescued) => model::apply_rescued(schema, &statement.ast, &loc, rescued),
        }
        changes.extend(rules::additive_only::changes(&statement));
    };
    let parsing = parse_files(files, splits, &mut replay);
    Replayed {
        parsing,
        transactions,
        wrapping,
    }
}

/// Follows the transactions of the up statements of every file, in run order, as
/// `splits` cuts them (the same statements, in the same order, as the parser reads).
/// Also gives each step's file and byte range, to name a statement a step is.
fn follow_transactions(
    files: &[SqlFile],
    splits: &[split::Split],
    wrapping: &[Option<Wrapping>],
) -> (Followed, Vec<(usize, std::ops::Range<usize>)>) {
    let mut steps = Vec::new();
    let mut statements = vec![0; files.len()];
    for (file, (sql, split)) in files.iter().zip(splits).enumerate() {
        let text = sql.text.as_deref().unwrap_or_default();
        for piece in &split.pieces {
            if piece.direction == split::Direction::Down {
                continue;
            }
            if let Some(n) = statements.get_mut(file) {
                *n += 1;
            }
            steps.push(Step {
                file,
                text: text.get(piece.range.clone()).unwrap_or_default(),
                range: piece.range.clone(),
            });
        }
    }
    let places = steps.iter().map(|s| (s.file, s.range.clone())).collect();
    (transactions::follow(&steps, wrapping, &statements), places)
}

/// How many guards undone by a ROLLBACK are kept as evidence: each costs a copy of the
/// schema, and one is enough to point at the ROLLBACK.
const MAX_UNDONE_KEPT: usize = 16;

/// Why a statement that did not parse leaves every result open, whatever it mentions,
/// if it does: a client-side command, or code the re-check does not read. Found once
/// per statement, not once per result.
fn unparsed_touches_everything(statement: &parse::Unparsed, schema: &Schema) -> Option<Unverified> {
    let at = statement.span.place();
    // A client-side command may do anything the re-check cannot see.
    if let Some(command) = statement.text.strip_prefix('\\') {
        let command = command.split_whitespace().next().unwrap_or_default();
        return Some(Unverified::ClientCommand {
            at,
            command: command.to_string(),
        });
    }
    crate::sql::code_calls::runs_unread_code(&statement.text, schema).map(|what| {
        Unverified::CodeNotFollowed {
            at,
            what: format!("did not parse and {what}"),
        }
    })
}

/// Downgrades a result to *not verified* when what could not be read, or a statement
/// the model did not follow, may change it.
fn settle(checked: SqlResult, schema: &Schema, doubts: &Doubts, no_files: bool) -> GateResult {
    let mut result = checked.result;
    let parse_warning = result.id == rules::sql_parses::INFO.id && !no_files;
    // These read every statement as written: a failure they found is there whatever
    // else could not be read.
    let found_as_written = result.status == Status::Fail
        && [
            rules::stays_in_database::INFO.id,
            rules::reads_as_written::INFO.id,
            rules::applies::INFO.id,
        ]
        .contains(&result.id);
    if !matches!(result.status, Status::Pass | Status::Fail) || parse_warning || found_as_written {
        return result;
    }
    let mut reasons = Vec::new();
    for (statement, always) in &doubts.unparsed {
        let reason = always.clone().or_else(|| {
            checked
                .depends_on
                .iter()
                .find(|w| mentions(&statement.text, w))
                .map(|word| Unverified::UnparsedStatement {
                    at: statement.span.place(),
                    mentions: word.clone(),
                })
        });
        reasons.extend(reason);
    }
    // A down section is taken as not run only when the file's tool says so. With no
    // tool named, the file may be run whole (psql, drizzle-kit): a DROP or UPDATE after
    // the marker would then run. Checking it as run would fail every two-way file on
    // its own undo; ignoring it could pass a migration that destroys data. So a gate
    // whose words a statement there mentions is not verified, naming the marker.
    for statement in &doubts.unrun {
        if let Some(word) = checked
            .depends_on
            .iter()
            .find(|w| mentions(&statement.text, w))
        {
            reasons.push(Unverified::SectionNotRun {
                at: statement.span.place(),
                marker: statement.marker.clone(),
                mentions: word.clone(),
            });
        }
    }
    for unfollowed in &schema.unfollowed {
        let touches = match &unfollowed.object {
            None => true,
            Some(object) => checked.depends_on.contains(&object.name),
        };
        if touches {
            let at = unfollowed.span.place();
            reasons.push(if unfollowed.runs_code {
                Unverified::CodeNotFollowed {
                    at,
                    what: unfollowed.why.clone(),
                }
            } else {
                Unverified::UnfollowedStatement {
                    at,
                    why: unfollowed.why.clone(),
                }
            });
        }
    }
    // A definite drop in a file that was read stays a failure whatever else is missing.
    let definite = result.id == rules::additive_only::INFO.id && result.status == Status::Fail;
    if !definite {
        reasons.extend(
            doubts
                .unreadable
                .iter()
                .map(|(path, _)| Unverified::UnreadFile { file: path.clone() }),
        );
    }
    if no_files {
        reasons.push(Unverified::NoSqlFiles);
    }
    if !reasons.is_empty() {
        for at in reasons.iter().filter_map(Unverified::place) {
            result.evidence.push(Evidence::Sql {
                file: at.file.clone(),
                line: at.line,
                column: at.column,
            });
        }
        let words: Vec<String> = reasons.iter().map(ToString::to_string).collect();
        result.status = Status::NotVerified;
        result.message = format!("{}; not verified: {}", result.message, words.join("; "));
        result.unverified = reasons;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;
    use crate::sql::file::Tool;

    #[test]
    fn without_any_file_nothing_passes() {
        let e: Expectations = serde_json::from_str(r#"{"parentOrder":["a"]}"#).unwrap();
        let result = check(&[], Some(&e));
        assert!(!result.gates.is_empty());
        for gate in &result.gates {
            assert!(gate.status != Status::Pass, "{gate:?}");
        }
    }

    #[test]
    fn files_replay_in_order_and_evidence_names_the_right_file() {
        let files = [
            SqlFile {
                path: "0001.sql".into(),
                tool: None,
                text: Ok("CREATE TABLE pay (amount real);".into()),
            },
            SqlFile {
                path: "0002.sql".into(),
                tool: None,
                text: Ok("\nALTER TABLE pay ALTER COLUMN amount TYPE numeric(38,18);".into()),
            },
        ];
        let e: Expectations = serde_json::from_str(
            r#"{"moneyColumns":[{"table":"pay","column":"amount"}],"moneyType":"numeric(38,18)"}"#,
        )
        .unwrap();
        let result = check(&files, Some(&e));
        let money = result
            .gates
            .iter()
            .find(|g| g.id == GateId::MoneyType)
            .unwrap();
        assert_eq!(money.status, Status::Pass);
        assert_eq!(
            money.evidence,
            [Evidence::Sql {
                file: "0002.sql".into(),
                line: 2,
                column: 30
            }]
        );
    }

    fn additive_only(text: &str, tool: Option<Tool>) -> (GateResult, Vec<String>) {
        let files = [SqlFile {
            path: "m.sql".into(),
            tool,
            text: Ok(text.into()),
        }];
        let result = check(&files, None);
        let additive = result.gates.iter().find(|g| g.id == GateId::AdditiveOnly);
        // Each of these is checked without a baseline, which is said as well.
        assert_eq!(result.notes.last().map(String::as_str), Some(NO_BASELINE));
        let notes = result.notes.iter().filter(|n| *n != NO_BASELINE).cloned();
        (additive.unwrap().clone(), notes.collect())
    }

    #[test]
    fn two_way_files_say_only_the_up_part_was_checked() {
        let sql = "-- +migrate Up\nCREATE TABLE t (a int);\n-- +migrate Down\nDROP TABLE t;";
        let (additive, notes) = additive_only(sql, Some(Tool::SqlMigrate));
        assert_eq!(
            notes,
            [
                "m.sql: holds up and down sections; only the up section was checked, as \
                 sql-migrate does not run what follows `-- +migrate Down`"
            ]
        );
        assert_eq!(additive.status, Status::Pass);
    }

    #[test]
    fn a_goose_down_section_is_not_run_by_goose() {
        let sql = "-- +goose Up\nCREATE TABLE t (a int);\n-- +goose Down\nDROP TABLE t;";
        let (additive, _) = additive_only(sql, Some(Tool::Goose));
        assert_eq!(additive.status, Status::Pass);
    }

    #[test]
    fn a_down_marker_is_a_comment_to_a_tool_that_runs_the_whole_file() {
        let sql = "CREATE TABLE t (a int);\n-- +goose Down\nDROP TABLE t;";
        for tool in [Tool::DrizzleKit, Tool::Psql, Tool::PgDump, Tool::Flyway] {
            let (additive, notes) = additive_only(sql, Some(tool));
            assert_eq!(additive.status, Status::Fail, "{tool:?}");
            assert!(additive.message.contains("drops table t"), "{additive:?}");
            assert!(notes.is_empty(), "{notes:?}");
        }
    }

    #[test]
    fn without_a_tool_a_down_section_leaves_what_it_mentions_not_verified() {
        let sql = "-- +goose Up\nCREATE TABLE t (a int);\n-- +goose Down\nDROP TABLE t;";
        let (additive, notes) = additive_only(sql, None);
        assert_eq!(additive.status, Status::NotVerified);
        assert!(
            additive.message.contains(
                "m.sql:4:1 follows `-- +goose Down`, taken as not run because the run names \
                 no tool for the file"
            ),
            "{}",
            additive.message
        );
        assert_eq!(
            additive.evidence,
            [Evidence::Sql {
                file: "m.sql".into(),
                line: 4,
                column: 1
            }]
        );
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("names no `tool`"), "{notes:?}");
    }
}
