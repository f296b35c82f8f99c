//! The files a reviewer gave the app, as text, and the review built from them. The app
//! does the loading (embedded demo, URL, file picker); matching the run's SQL files to
//! what was loaded happens here, so every way of loading reviews the same way.

use serde::{Deserialize, Serialize};

use crate::review::{ReportInput, Review, Stage, finish};
use crate::run::{self, SqlOrigin};
use crate::sql::SqlFile;

/// The largest file the app and the CLI read (64 MiB). Past it a file is refused with
/// a message, before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What a loaded file is, judged by its name, then by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Run,
    Sql,
}

impl Kind {
    pub fn guess(name: &str, text: &str) -> Kind {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            return Kind::Report;
        }
        if lower.ends_with(".json") {
            return Kind::Run;
        }
        if lower.ends_with(".sql") {
            return Kind::Sql;
        }
        let start = text.trim_start();
        if start.starts_with('{') {
            Kind::Run
        } else if starts_like_sql(start) {
            Kind::Sql
        } else {
            Kind::Report
        }
    }
}

fn starts_like_sql(text: &str) -> bool {
    if text.starts_with("---") {
        return false; // YAML frontmatter, not a SQL comment
    }
    if text.starts_with("--") {
        return true;
    }
    // A whole first word: prose that starts "Done" or "Settings" is not SQL.
    const WORDS: [&str; 7] = ["create", "alter", "insert", "drop", "begin", "do", "set"];
    let word: String = text
        .chars()
        .take(8)
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase();
    WORDS.contains(&word.as_str())
}

/// Text from bytes, or what is wrong with them: a file that is not UTF-8 is named
/// with the offset of its first bad byte, never silently repaired.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, String> {
    if u64::try_from(bytes.len()).is_ok_and(|n| n > MAX_FILE_BYTES) {
        return Err(too_large(name, bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        if e.as_bytes().iter().take(8000).any(|b| *b == 0) {
            format!("{name} is a binary file, not text (a NUL byte near offset {at})")
        } else {
            format!("{name} is not UTF-8 text (invalid byte at offset {at})")
        }
    })
}

pub fn too_large(name: &str, bytes: u64) -> String {
    format!(
        "{name} is {} MiB; the limit is {} MiB per file",
        bytes.div_ceil(1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// One loaded file: the name or URL it came from, and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    pub report: Option<Named>,
    pub run: Option<Named>,
    /// SQL files loaded beside the run: fetched from its `href`s or picked by hand.
    pub sql: Vec<Named>,
}

impl Inputs {
    /// The embedded demo: the seed report, its run and its SQL.
    pub fn demo() -> Self {
        let named = |name: &str, text: &str| Named {
            name: name.to_string(),
            text: text.to_string(),
        };
        Self {
            report: Some(named(crate::demo::REPORT_PATH, crate::demo::REPORT)),
            run: Some(named(crate::demo::RUN_PATH, crate::demo::RUN)),
            sql: crate::demo::SQL_FILES
                .iter()
                .map(|(name, text)| named(name, text))
                .collect(),
        }
    }

    /// Every loaded file: the report, the run, then the SQL files.
    pub fn files(&self) -> impl Iterator<Item = &Named> {
        [&self.report, &self.run]
            .into_iter()
            .flatten()
            .chain(&self.sql)
    }

    /// Adds a loaded file where its kind says; a second report or run replaces the first.
    pub fn add(&mut self, file: Named) {
        match Kind::guess(&file.name, &file.text) {
            Kind::Report => self.report = Some(file),
            Kind::Run => self.run = Some(file),
            Kind::Sql => {
                self.sql.retain(|f| f.name != file.name);
                self.sql.push(file);
            }
        }
    }

    /// The `href`s (resolved against the run's name) whose SQL is not loaded yet.
    pub fn missing_sql(&self) -> Vec<String> {
        let Some(run) = self.run.as_ref() else {
            return Vec::new();
        };
        let Ok(parsed) = run::read(&run.text) else {
            return Vec::new();
        };
        run::sql_sources(&parsed, &run.name)
            .into_iter()
            .filter_map(|source| match source.origin {
                Ok(SqlOrigin::Href { resolved, .. }) if self.sql_text(&resolved).is_none() => {
                    Some(resolved)
                }
                _ => None,
            })
            .collect()
    }

    pub fn review(&self) -> Review {
        self.review_with(&mut |_| {})
    }

    /// The review, telling `progress` each step just before it runs (see [`Stage`]).
    pub fn review_with(&self, progress: &mut dyn FnMut(Stage)) -> Review {
        let report = self.report.as_ref().map(|r| {
            progress(Stage::ReadingReport {
                bytes: r.text.len(),
            });
            let input = ReportInput {
                text: &r.text,
                path: &r.name,
            };
            (input, crate::report::read_at(input.text, input.path))
        });
        let run = self.run.as_ref().map(|r| {
            progress(Stage::ReadingRun {
                bytes: r.text.len(),
            });
            run::read(&r.text)
        });
        let sql_files: Vec<SqlFile> = match (&run, &self.run) {
            (Some(Ok(parsed)), Some(named)) => run::sql_sources(parsed, &named.name)
                .into_iter()
                .map(|source| {
                    source.load(|resolved| {
                        self.sql_text(resolved)
                            .map(str::to_string)
                            .ok_or_else(|| "not loaded".to_string())
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        Review {
            run_path: self.run.as_ref().map(|r| r.name.clone()),
            ..finish(report, run, &sql_files, progress)
        }
    }

    /// The loaded SQL for a resolved `href`: by the same name, else by the same file
    /// name (a reviewer who picks files by hand picks them out of their folders).
    fn sql_text(&self, resolved: &str) -> Option<&str> {
        let file_name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
        self.sql
            .iter()
            .find(|f| f.name == resolved)
            .or_else(|| {
                self.sql
                    .iter()
                    .find(|f| file_name(&f.name) == file_name(resolved))
            })
            .map(|f| f.text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Verdict;

    #[test]
    fn the_demo_reviews_its_own_sql() {
        let inputs = Inputs::demo();
        assert!(inputs.missing_sql().is_empty());
        let review = inputs.review();
        assert!(review.report.is_some());
        assert!(matches!(review.run, Some(Ok(_))));
        assert!(review.decision.is_some());
    }

    fn stages(inputs: &Inputs) -> (Vec<Stage>, Review) {
        let mut seen = Vec::new();
        let review = inputs.review_with(&mut |stage| seen.push(stage));
        (seen, review)
    }

    #[test]
    fn progress_names_each_step_in_order_with_its_size() {
        let inputs = Inputs::demo();
        let (seen, review) = stages(&inputs);
        let sql_bytes: usize = crate::demo::SQL_FILES.iter().map(|(_, t)| t.len()).sum();
        assert!(sql_bytes > 1000);
        assert_eq!(
            seen,
            [
                Stage::ReadingReport {
                    bytes: crate::demo::REPORT.len()
                },
                Stage::ReadingRun {
                    bytes: crate::demo::RUN.len()
                },
                Stage::RecheckingSql {
                    files: 1,
                    bytes: sql_bytes
                },
                Stage::Deciding,
            ]
        );
        assert_eq!(review, inputs.review());
        let report = ReportInput {
            text: crate::demo::REPORT,
            path: crate::demo::REPORT_PATH,
        };
        let files = &review.sql_files;
        let direct = crate::review::review(Some(report), Some(run::read(crate::demo::RUN)), files);
        assert_eq!(review.run_path.as_deref(), Some(crate::demo::RUN_PATH));
        assert_eq!(
            Review {
                run_path: None,
                ..review
            },
            direct
        );
    }

    #[test]
    fn steps_that_do_not_run_are_not_announced() {
        let mut inputs = Inputs::demo();
        inputs.sql.clear();
        let (seen, _) = stages(&inputs);
        assert!(
            seen.contains(&Stage::RecheckingSql { files: 1, bytes: 0 }),
            "{seen:?}"
        );
        inputs.report = None;
        if let Some(run) = inputs.run.as_mut() {
            run.text = "{".into();
        }
        let (seen, review) = stages(&inputs);
        assert_eq!(seen, [Stage::ReadingRun { bytes: 1 }, Stage::Deciding]);
        assert_eq!(review, inputs.review());
        assert_eq!(stages(&Inputs::default()).0, [Stage::Deciding]);
    }

    #[test]
    fn sql_not_loaded_is_named_and_never_passes() {
        let mut inputs = Inputs::demo();
        inputs.sql.clear();
        assert_eq!(inputs.missing_sql(), vec!["schema/0000_money_core.sql"]);
        let review = inputs.review();
        let decision = review.decision.expect("a readable run is decided on");
        assert_ne!(decision.verdict, Verdict::Go);
    }

    #[test]
    fn kinds_are_guessed_by_name_then_content() {
        assert_eq!(Kind::guess("a/Report.MD", "{"), Kind::Report);
        assert_eq!(Kind::guess("run.json", "# x"), Kind::Run);
        assert_eq!(Kind::guess("0001.sql", ""), Kind::Sql);
        assert_eq!(Kind::guess("pasted", "  {\"format\": 1}"), Kind::Run);
        assert_eq!(Kind::guess("pasted", "CREATE TABLE t ();"), Kind::Sql);
        assert_eq!(Kind::guess("pasted", "---\ntitle: x\n---"), Kind::Report);
        for sql in [
            "do $$ begin end $$;",
            "SET lock_timeout = '1s';",
            "-- x",
            "begin;",
        ] {
            assert_eq!(Kind::guess("pasted", sql), Kind::Sql, "{sql}");
        }
        for prose in [
            "Done: migrated.",
            "Settings\n",
            "Dropping the table",
            "Documentation",
        ] {
            assert_eq!(Kind::guess("pasted", prose), Kind::Report, "{prose}");
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_named_with_their_offset() {
        assert_eq!(decode("a.md", b"ok".to_vec()), Ok("ok".to_string()));
        assert_eq!(
            decode("a.md", vec![b'a', b'b', 0xff, b'c']),
            Err("a.md is not UTF-8 text (invalid byte at offset 2)".to_string())
        );
        assert_eq!(
            decode("x.json", vec![0x89, b'P', b'N', b'G', 0, 0]),
            Err("x.json is a binary file, not text (a NUL byte near offset 0)".to_string())
        );
        assert_eq!(
            too_large("big.sql", 70 * 1024 * 1024),
            "big.sql is 70 MiB; the limit is 64 MiB per file"
        );
    }

    #[test]
    fn files_lists_the_report_the_run_then_the_sql() {
        let demo = Inputs::demo();
        let kinds: Vec<&str> = demo
            .files()
            .filter_map(|f| f.name.rsplit('.').next())
            .collect();
        assert_eq!(kinds, ["md", "json", "sql"]);
        assert_eq!(Inputs::default().files().count(), 0);
    }

    #[test]
    fn added_files_go_where_their_kind_says() {
        let mut inputs = Inputs::default();
        let named = |name: &str, text: &str| Named {
            name: name.into(),
            text: text.into(),
        };
        inputs.add(named("r.md", "# r"));
        inputs.add(named("run.json", "{}"));
        inputs.add(named("a.sql", "x"));
        inputs.add(named("a.sql", "y"));
        assert_eq!(inputs.report.map(|r| r.name), Some("r.md".into()));
        assert_eq!(inputs.run.map(|r| r.name), Some("run.json".into()));
        assert_eq!(inputs.sql, vec![named("a.sql", "y")]);
    }

    #[test]
    fn a_hand_picked_file_matches_by_file_name() {
        let mut inputs = Inputs::demo();
        if let Some(f) = inputs.sql.first_mut() {
            f.name = "Downloads/0000_money_core.sql".into();
        }
        assert!(inputs.missing_sql().is_empty());
    }
}
