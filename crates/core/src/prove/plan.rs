//! The plan for a review: the migration's statements, sent the way each file's tool
//! sends them, and a probe for each result of a gate that has a proof
//! (`crate::registry`).

use crate::gate::{Evidence, Status};
use crate::registry::GATES;
use crate::review::Review;
use crate::sql::SqlFile;
use crate::sql::parse::{FileReport, Outcome};
use crate::sql::transactions::Wrapping;

use crate::proof::{Located, Plan, Probe, Sent, Unprovable};

/// What to run for this review. Without a readable run there is nothing to prove; a
/// result whose gate gives no probe for it (its expectations are not listed, or a
/// probe cannot be written) is in `unprovable` with why.
pub fn plan(review: &Review) -> Plan {
    let Some(sql) = &review.sql else {
        return Plan::default();
    };
    let expectations = review
        .run()
        .and_then(|run| run.expectations.clone())
        .unwrap_or_default();
    let unreadable: Vec<&str> = (sql.baseline.iter())
        .chain(&sql.files)
        .filter(|f| f.read_error.is_some())
        .map(|f| f.path.as_str())
        .collect();
    let mut plan = Plan {
        baseline: sent(&review.baseline_files, &sql.baseline),
        migration: sent(&review.sql_files, &sql.files),
        applies: review
            .gates
            .iter()
            .enumerate()
            .filter(|(_, g)| g.id == crate::sql::rules::applies::INFO.id)
            .map(|(result, g)| Located {
                result,
                at: g
                    .evidence
                    .iter()
                    .filter_map(|e| match e {
                        Evidence::Sql { file, line, column } => {
                            Some(format!("{file}:{line}:{column}"))
                        }
                        Evidence::RunPath { .. } => None,
                    })
                    .collect(),
                passed: g.status == Status::Pass,
            })
            .collect(),
        ..Plan::default()
    };
    // Over a baseline, what each statement does to the tables it meets is observed.
    if !plan.baseline.is_empty() {
        plan.migration = super::observe::around(std::mem::take(&mut plan.migration));
    }
    // A migration that cannot run as a whole leaves no catalog worth reading.
    if unreadable.is_empty() && !plan.migration.is_empty() {
        plan.catalog = super::catalog::steps();
    }
    super::kept::plan(review, &mut plan, unreadable.first().copied());
    for gate in GATES {
        let Some(prover) = gate.prove else {
            continue;
        };
        let results: Vec<usize> = review
            .gates
            .iter()
            .enumerate()
            .filter(|(_, g)| g.id == gate.info.id)
            .map(|(i, _)| i)
            .collect();
        let drafts = (prover.drafts)(&sql.schema, &expectations);
        if drafts.is_empty() {
            continue;
        }
        if drafts.len() != results.len() {
            plan.unprovable
                .extend(results.into_iter().map(|result| Unprovable {
                    result,
                    why: format!(
                        "{} gave {} results for {} expectations: they cannot be paired with probes",
                        gate.info.id,
                        review.gates.iter().filter(|g| g.id == gate.info.id).count(),
                        drafts.len()
                    ),
                }));
            continue;
        }
        for (result, draft) in results.into_iter().zip(drafts) {
            let steps = match (unreadable.first(), draft.steps) {
                (Some(path), _) => Err(format!(
                    "{path} could not be read, so the migration cannot be run as a whole"
                )),
                (None, steps) => steps,
            };
            match steps {
                Ok(steps) => plan.probes.push(Probe {
                    gate: gate.info.id,
                    subject: draft.subject,
                    result,
                    steps,
                }),
                Err(why) => plan.unprovable.push(Unprovable { result, why }),
            }
        }
    }
    plan
}

/// The up statements of every file (`reports` are theirs, in the same order), with the
/// boundaries the engine found, and what each file's tool sends around them
/// (`Wrapping`): BEGIN and COMMIT around a file, or around consecutive files of a tool
/// with one transaction per run; the file's statements as one query; or each statement
/// alone. A file whose tool the run does not name runs a statement at a time (gate
/// `applies` says where that decides anything).
fn sent(files: &[SqlFile], reports: &[FileReport]) -> Vec<Sent> {
    let mut out: Vec<Sent> = Vec::new();
    let mut group = 0;
    // The last file run in the tool's one transaction for the whole run, while open.
    let mut whole_run: Option<(usize, &SqlFile)> = None;
    let tools = |word: &str, place: &str, (file, input): (usize, &SqlFile), group: usize| {
        let tool = input.tool.map(|t| t.name()).unwrap_or_default();
        Sent {
            sql: word.to_string(),
            file,
            at: format!("{tool}'s {word} {place} {}", input.path),
            group,
            statements: 0,
            observe: None,
        }
    };
    for (file, (report, input)) in reports.iter().zip(files).enumerate() {
        let Ok(text) = &input.text else {
            continue;
        };
        let up: Vec<_> = report
            .statements
            .iter()
            .filter(|s| s.outcome != Outcome::DownSection)
            .collect();
        let (Some(first), Some(last)) = (up.first(), up.last()) else {
            continue;
        };
        let statement = |span: &crate::sql::location::Span, group: usize, statements: usize| Sent {
            sql: text
                .get(span.start..span.end)
                .unwrap_or_default()
                .to_string(),
            file,
            at: span.to_string(),
            group,
            statements,
            observe: None,
        };
        let how = Wrapping::of(input.tool, text).unwrap_or(Wrapping::EachStatement);
        if how != Wrapping::WholeRun
            && let Some(last) = whole_run.take()
        {
            out.push(tools("COMMIT", "after", last, group));
            group += 1;
        }
        match how {
            Wrapping::WholeRun | Wrapping::PerFile => {
                if how == Wrapping::PerFile || whole_run.is_none() {
                    out.push(tools("BEGIN", "before", (file, input), group));
                }
                out.extend(up.iter().map(|s| statement(&s.span, group, 1)));
                if how == Wrapping::PerFile {
                    out.push(tools("COMMIT", "after", (file, input), group));
                    group += 1;
                } else {
                    whole_run = Some((file, input));
                }
            }
            // The tool sends the file's text, from its first statement to the end of
            // its last, as written.
            Wrapping::OneQuery => {
                let mut span = first.span.clone();
                span.end = last.span.end;
                out.push(statement(&span, group, up.len()));
                group += 1;
            }
            Wrapping::EachStatement => {
                for s in &up {
                    out.push(statement(&s.span, group, 1));
                    group += 1;
                }
            }
        }
    }
    if let Some(last) = whole_run {
        out.push(tools("COMMIT", "after", last, group));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::review;
    use crate::sql::SqlFile;

    use crate::sql::file::Tool;

    /// The migration of files run by their tools: (sql, at, group) per query.
    fn queries(files: &[(&str, Option<Tool>, &str)]) -> Vec<(String, String, usize)> {
        let files: Vec<SqlFile> = files
            .iter()
            .map(|(path, tool, text)| SqlFile {
                path: path.to_string(),
                tool: *tool,
                text: Ok(text.to_string()),
            })
            .collect();
        let review = review(None, None, &files);
        sent(&files, &review.sql.unwrap_or_default().files)
            .into_iter()
            .map(|s| (s.sql, s.at, s.group))
            .collect()
    }

    fn owned(rows: &[(&str, &str, usize)]) -> Vec<(String, String, usize)> {
        rows.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
            .collect()
    }

    const TWO: &str = "CREATE TABLE a (x int);\nCREATE TABLE b (x int);";

    #[test]
    fn each_file_is_sent_the_way_its_tool_sends_it() {
        assert_eq!(
            queries(&[
                ("g.sql", Some(Tool::Goose), TWO),
                ("p.sql", Some(Tool::Psql), TWO)
            ]),
            owned(&[
                ("BEGIN", "goose's BEGIN before g.sql", 0),
                ("CREATE TABLE a (x int);", "g.sql:1:1", 0),
                ("CREATE TABLE b (x int);", "g.sql:2:1", 0),
                ("COMMIT", "goose's COMMIT after g.sql", 0),
                ("CREATE TABLE a (x int);", "p.sql:1:1", 1),
                ("CREATE TABLE b (x int);", "p.sql:2:1", 2),
            ])
        );
        // One transaction for every drizzle-kit file of the run.
        assert_eq!(
            queries(&[
                ("1.sql", Some(Tool::DrizzleKit), "CREATE TABLE a (x int);"),
                ("2.sql", Some(Tool::DrizzleKit), "CREATE TABLE b (x int);"),
                ("3.sql", None, "CREATE TABLE c (x int);"),
            ]),
            owned(&[
                ("BEGIN", "drizzle-kit's BEGIN before 1.sql", 0),
                ("CREATE TABLE a (x int);", "1.sql:1:1", 0),
                ("CREATE TABLE b (x int);", "2.sql:1:1", 0),
                ("COMMIT", "drizzle-kit's COMMIT after 2.sql", 0),
                ("CREATE TABLE c (x int);", "3.sql:1:1", 1),
            ])
        );
        // golang-migrate sends the file as one query, as written.
        assert_eq!(
            queries(&[("m.up.sql", Some(Tool::GolangMigrate), TWO)]),
            owned(&[(
                "CREATE TABLE a (x int);\nCREATE TABLE b (x int);",
                "m.up.sql:1:1",
                0
            )])
        );
    }
}
