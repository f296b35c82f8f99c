//! The files a reviewer gave the app, as text, and the review built from them. The app
//! does the loading (embedded demo, URL, file picker); matching the run's SQL files to
//! what was loaded happens here, so every way of loading reviews the same way.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::examples::{Example, Input};
use crate::migrations::Selected;
use crate::review::sql_matching::{SqlMatch, SqlMatchHow, SqlMatching};
use crate::review::{ReportInput, Review, Stage, finish};
use crate::run::confine::{Refused, confine};
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

/// A run file's text and what reading it gave ([`Inputs::read_run`]).
#[derive(Debug)]
pub struct RunRead {
    text: String,
    read: Result<run::Run, run::RunError>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    pub report: Option<Named>,
    pub run: Option<Named>,
    /// SQL files loaded beside the run: fetched from its `href`s or picked by hand.
    pub sql: Vec<Named>,
    /// The run's SQL files that could not be read, or may not be, and why: the review
    /// says why instead of "not loaded".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unread: Vec<Unread>,
    /// A migrations folder: its newest migrations are the migration, the rest its
    /// baseline. With a run file it stands for the run's `schema.files` and
    /// `schema.baseline`, which the run must then leave out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migrations: Option<MigrationsFolder>,
}

/// A migrations folder as read ([`crate::migrations`]), and the name the reviewer gave
/// it, which its files' paths start with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationsFolder {
    pub name: String,
    pub selected: Selected,
}

impl MigrationsFolder {
    /// Its baseline and its migration as the SQL re-check reads them.
    fn sql_files(&self) -> (Vec<SqlFile>, Vec<SqlFile>) {
        let name = self.name.trim_end_matches('/');
        let prefix = if name.is_empty() || name == "." {
            String::new()
        } else {
            format!("{name}/")
        };
        self.selected.sql_files(&prefix)
    }
}

/// Why a run that names its own SQL is not reviewed with a migrations folder.
pub const RUN_AND_FOLDER: &str = "the run names its SQL (schema.files or schema.baseline) \
     and a migrations folder was given too: which is the migration is unclear; give one";

/// A SQL file the run names that was not loaded: its `href` resolved, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unread {
    pub resolved: String,
    pub why: String,
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
            unread: Vec::new(),
            migrations: None,
        }
    }

    /// What a gate's example stands for: the demo with the example's change made to its
    /// SQL or its run, or the example's SQL alone, named `<name>.sql`. An edit that no
    /// longer finds its place in the seed is the error.
    pub fn example(example: &Example) -> Result<Self, String> {
        let text = example.input.text()?;
        let mut inputs = Self::demo();
        match example.input {
            Input::Seed(_) => {
                if let Some(sql) = inputs.sql.first_mut() {
                    sql.text = text;
                }
            }
            Input::Run(_) => {
                if let Some(run) = inputs.run.as_mut() {
                    run.text = text;
                }
            }
            Input::Sql(_) => {
                inputs = Self {
                    sql: vec![Named {
                        name: format!("{}.sql", example.name),
                        text,
                    }],
                    ..Self::default()
                }
            }
        }
        Ok(inputs)
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

    /// The run's SQL files not loaded yet, to fetch: each `href` resolved against the
    /// run's name, or why it may not be fetched. The root is `depth` folders above the
    /// run's: nothing above it is fetched ([`run::confine`]). A page's root is the run's
    /// own folder (0).
    pub fn missing_sql(&self, depth: usize) -> Vec<Result<String, Refused>> {
        confined(self.not_loaded(), depth)
    }

    /// The `href` and the `href` resolved of each SQL file the run names by `href` that
    /// no loaded file stands for.
    fn not_loaded(&self) -> Vec<(String, String)> {
        match self.run.as_ref().map(|r| run::read(&r.text)) {
            Some(Ok(run)) => self.not_loaded_of(&run),
            _ => Vec::new(),
        }
    }

    /// [`Inputs::not_loaded`] of the run already read as `run`.
    fn not_loaded_of(&self, run: &run::Run) -> Vec<(String, String)> {
        let location = self.run.as_ref().map_or("", |r| &r.name);
        let mut sources = run::sql_sources(run, location);
        sources.extend(run::baseline_sources(run, location));
        let matching = self.sql_matching(&sources);
        let missing: HashSet<&str> = matching.missing.iter().map(String::as_str).collect();
        sources
            .into_iter()
            .filter_map(|source| match source.origin {
                Ok(SqlOrigin::Href { href, resolved }) if missing.contains(resolved.as_str()) => {
                    Some((href, resolved))
                }
                _ => None,
            })
            .collect()
    }

    /// Loads each SQL file of [`Inputs::missing_sql`] through `read` (given the `href`
    /// resolved), for a caller that can read them at once (the command line, from
    /// disk); what is refused or cannot be read joins `unread`, with why.
    pub fn read_missing_sql(
        &mut self,
        depth: usize,
        read: impl FnMut(&str) -> Result<String, String>,
    ) {
        let missing = self.not_loaded();
        self.read_these(missing, depth, read);
    }

    /// Reads the run file once: loads the SQL it names that is not loaded yet, as
    /// [`Inputs::read_missing_sql`] does, then reviews, as [`Inputs::review`] does.
    pub fn read_sql_and_review(
        &mut self,
        depth: usize,
        read: impl FnMut(&str) -> Result<String, String>,
    ) -> Review {
        let run = self.run.as_ref().map(|r| run::read(&r.text));
        if let Some(Ok(parsed)) = &run {
            let missing = self.not_loaded_of(parsed);
            self.read_these(missing, depth, read);
        }
        self.review_of(|_| run, &mut |_| {})
    }

    fn read_these(
        &mut self,
        missing: Vec<(String, String)>,
        depth: usize,
        mut read: impl FnMut(&str) -> Result<String, String>,
    ) {
        for (href, resolved) in missing {
            let text = match confine(&href, depth) {
                Ok(()) => read(&resolved),
                Err(refused) => Err(refused.to_string()),
            };
            match text {
                Ok(text) => self.sql.push(Named {
                    name: resolved,
                    text,
                }),
                Err(why) => self.unread.push(Unread { resolved, why }),
            }
        }
    }

    /// Renames a loaded SQL file to the `href` (resolved) the reviewer says it is, so that
    /// every later review, a reload and a shared link use it as that file.
    pub fn assign(&mut self, loaded: &str, resolved: &str) {
        if !self.sql.iter().any(|f| f.name == loaded) {
            return;
        }
        self.sql.retain(|f| f.name != resolved);
        for file in self.sql.iter_mut().filter(|f| f.name == loaded) {
            file.name = resolved.to_string();
        }
    }

    /// Which loaded SQL file stands for each `href`: the one of the same name; else the
    /// one of the same file name in another folder (a reviewer picks files out of their
    /// folders); else, when the run names one file not found and one loaded file is left,
    /// that one. Every loaded file that stands for none is unused.
    fn sql_matching(&self, sources: &[run::SqlSource]) -> SqlMatching {
        let hrefs: Vec<&str> = sources
            .iter()
            .filter_map(|source| match &source.origin {
                Ok(SqlOrigin::Href { resolved, .. }) => Some(resolved.as_str()),
                _ => None,
            })
            .collect();
        let mut found: Vec<Option<SqlMatch>> = vec![None; hrefs.len()];
        let mut used = vec![false; self.sql.len()];
        // A loaded file and an href are the same when `key` gives both the same text;
        // files are looked up by key, so a run of thousands of files is no slower per file.
        let mut pass = |how: SqlMatchHow, key: &dyn Fn(&str) -> &str| {
            let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
            for (at, file) in self.sql.iter().enumerate() {
                by_key.entry(key(&file.name)).or_default().push(at);
            }
            for (href, slot) in hrefs.iter().zip(found.iter_mut()) {
                if slot.is_some() {
                    continue;
                }
                let candidates = by_key.get(key(href)).map_or(&[][..], Vec::as_slice);
                let mut unused = candidates
                    .iter()
                    .filter(|&&at| used.get(at) == Some(&false));
                if let (Some(&at), None) = (unused.next(), unused.next())
                    && let (Some(file), Some(used)) = (self.sql.get(at), used.get_mut(at))
                {
                    *used = true;
                    *slot = Some(SqlMatch {
                        href: href.to_string(),
                        loaded: file.name.clone(),
                        how,
                    });
                }
            }
            let left = found.iter().filter(|f| f.is_none()).count();
            let spare = used.iter().filter(|u| !**u).count();
            (left, spare)
        };
        pass(SqlMatchHow::SameName, &|name| name);
        let (left, spare) = pass(SqlMatchHow::SameFileName, &file_name);
        if left == 1 && spare == 1 {
            pass(SqlMatchHow::OnlyOne, &|_| "");
        }
        let mut matching = SqlMatching::default();
        for (href, found) in hrefs.iter().zip(found) {
            match found {
                Some(matched) => matching.matched.push(matched),
                None => matching.missing.push(href.to_string()),
            }
        }
        matching.unused = self
            .sql
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|(f, _)| f.name.clone())
            .collect();
        matching
    }

    pub fn review(&self) -> Review {
        self.review_with(&mut |_| {})
    }

    /// The run file read once, for [`Inputs::missing_sql_of`] and a later
    /// [`Inputs::review_after`] of the same run: a page asks which SQL to fetch, fetches
    /// it, then asks for the review, and a large run is read only the first time.
    pub fn read_run(&self, progress: &mut dyn FnMut(Stage)) -> Option<RunRead> {
        self.run.as_ref().map(|r| {
            progress(Stage::ReadingRun {
                bytes: r.text.len(),
            });
            RunRead {
                text: r.text.clone(),
                read: run::read(&r.text),
            }
        })
    }

    /// [`Inputs::missing_sql`] of the run already read as `read`.
    pub fn missing_sql_of(
        &self,
        read: Option<&RunRead>,
        depth: usize,
    ) -> Vec<Result<String, Refused>> {
        match read.map(|r| &r.read) {
            Some(Ok(run)) => confined(self.not_loaded_of(run), depth),
            _ => Vec::new(),
        }
    }

    /// [`Inputs::review_with`], reusing `read` when it is of this run's very text (the
    /// text is compared, never trusted): otherwise the run is read again.
    pub fn review_after(&self, read: Option<RunRead>, progress: &mut dyn FnMut(Stage)) -> Review {
        match (read, &self.run) {
            (Some(read), Some(named)) if read.text == named.text => {
                self.review_of(|_| Some(read.read), progress)
            }
            _ => self.review_with(progress),
        }
    }

    /// The review, telling `progress` each step just before it runs (see [`Stage`]).
    pub fn review_with(&self, progress: &mut dyn FnMut(Stage)) -> Review {
        let read_run = |progress: &mut dyn FnMut(Stage)| {
            self.run.as_ref().map(|r| {
                progress(Stage::ReadingRun {
                    bytes: r.text.len(),
                });
                run::read(&r.text)
            })
        };
        self.review_of(read_run, progress)
    }

    /// The review of the run that `read_run` reads, after the report, so that the steps
    /// reach `progress` in the order they run.
    fn review_of(
        &self,
        read_run: impl FnOnce(&mut dyn FnMut(Stage)) -> Option<Result<run::Run, run::RunError>>,
        progress: &mut dyn FnMut(Stage),
    ) -> Review {
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
        let run = read_run(progress);
        let (sources, baseline) = match (&run, &self.run) {
            (Some(Ok(parsed)), Some(named)) => (
                run::sql_sources(parsed, &named.name),
                run::baseline_sources(parsed, &named.name),
            ),
            _ => Default::default(),
        };
        let sql_only = run.is_none() && self.run.is_none();
        // With no run file the SQL loaded is the migration itself: nothing to match.
        let sql_matching = if sql_only {
            SqlMatching::default()
        } else {
            let named: Vec<run::SqlSource> = sources.iter().chain(&baseline).cloned().collect();
            self.sql_matching(&named)
        };
        let mut baseline_files = Vec::new();
        let sql_files: Vec<SqlFile> = if sql_only {
            // A folder's migration, then the SQL loaded by hand, in the order it came.
            let mut files = Vec::new();
            if let Some(folder) = &self.migrations {
                (baseline_files, files) = folder.sql_files();
            }
            files.extend(self.sql.iter().map(|f| SqlFile {
                path: f.name.clone(),
                tool: None,
                text: Ok(f.text.clone()),
            }));
            files
        } else {
            // Looked up, not searched: a run may name thousands of files. The first of a
            // name wins, as a search would find it.
            let loaded: HashMap<&str, &str> = sql_matching
                .matched
                .iter()
                .rev()
                .map(|m| (m.href.as_str(), m.loaded.as_str()))
                .collect();
            let by_name: HashMap<&str, &Named> = self
                .sql
                .iter()
                .rev()
                .map(|f| (f.name.as_str(), f))
                .collect();
            let unread: HashMap<&str, &str> = self
                .unread
                .iter()
                .rev()
                .map(|u| (u.resolved.as_str(), u.why.as_str()))
                .collect();
            let load = |source: run::SqlSource| {
                source.load(|resolved| {
                    loaded
                        .get(resolved)
                        .and_then(|name| by_name.get(name))
                        .map(|f| f.text.clone())
                        .ok_or_else(|| unread.get(resolved).unwrap_or(&"not loaded").to_string())
                })
            };
            let named_sql = !sources.is_empty() || !baseline.is_empty();
            baseline_files = baseline.into_iter().map(load).collect();
            let mut files: Vec<SqlFile> = sources.into_iter().map(load).collect();
            if let Some(folder) = &self.migrations {
                if named_sql {
                    files.push(SqlFile {
                        path: folder.name.clone(),
                        tool: None,
                        text: Err(RUN_AND_FOLDER.to_string()),
                    });
                } else {
                    (baseline_files, files) = folder.sql_files();
                }
            }
            files
        };
        Review {
            run_path: self.run.as_ref().map(|r| r.name.clone()),
            sql_matching,
            ..finish(report, run, &sql_files, &baseline_files, progress)
        }
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Each `(href, resolved)`: the `href` resolved, or why it may not be fetched from a
/// root `depth` folders above the run's.
fn confined(missing: Vec<(String, String)>, depth: usize) -> Vec<Result<String, Refused>> {
    missing
        .into_iter()
        .map(|(href, resolved)| confine(&href, depth).map(|()| resolved))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verdict::Verdict;

    #[test]
    fn the_demo_reviews_its_own_sql() {
        let inputs = Inputs::demo();
        assert!(inputs.missing_sql(0).is_empty());
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
        // The same review as the core's entry point gives for the same texts: reading
        // through `Inputs` with progress adds nothing but the run's path.
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
                sql_matching: SqlMatching::default(),
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
        assert_eq!(
            inputs.missing_sql(0),
            vec![Ok("schema/0000_money_core.sql".into())]
        );
        let review = inputs.review();
        let decision = review.decision.expect("a readable run is decided on");
        assert_ne!(decision.verdict, Verdict::Go);
    }

    /// The demo with its SQL not loaded, its run at `run_name` naming `../../secret.sql`.
    fn demo_naming_a_secret(run_name: &str) -> Inputs {
        let mut inputs = Inputs::demo();
        inputs.sql.clear();
        if let Some(run) = inputs.run.as_mut() {
            run.name = run_name.into();
            run.text = run
                .text
                .replace("\"schema/0000_money_core.sql\"", "\"../../secret.sql\"");
        }
        inputs
    }

    #[test]
    fn an_href_above_the_run_is_refused_not_fetched() {
        let inputs = demo_naming_a_secret("https://ci.example/art/9/run.json");
        let missing = inputs.missing_sql(0);
        let [Err(refused)] = missing.as_slice() else {
            panic!("{missing:?}")
        };
        assert_eq!(refused.href, "../../secret.sql");
        assert_eq!(refused.refusal, crate::run::confine::Refusal::LeavesRoot);
        assert_ne!(inputs.review().decision.unwrap().verdict, Verdict::Go);
    }

    #[test]
    fn sql_read_at_once_is_reviewed_as_if_loaded_and_what_is_not_says_why() {
        let demo = Inputs::demo();
        let from_demo = |resolved: &str| {
            let file = demo.sql.iter().find(|f| f.name == resolved);
            file.map(|f| f.text.clone()).ok_or_else(|| "absent".into())
        };
        let mut inputs = Inputs {
            sql: Vec::new(),
            ..demo.clone()
        };
        inputs.read_missing_sql(0, from_demo);
        assert_eq!(inputs, demo);
        assert_eq!(inputs.review(), demo.review());
        // The command line's door reads the run once for both steps, to the same end.
        let mut once = Inputs {
            sql: Vec::new(),
            ..demo.clone()
        };
        assert_eq!(once.read_sql_and_review(0, from_demo), demo.review());
        assert_eq!(once, demo);

        let mut inputs = Inputs {
            sql: Vec::new(),
            ..demo.clone()
        };
        inputs.read_missing_sql(0, |_| Err("permission denied".into()));
        let [unread] = inputs.unread.as_slice() else {
            panic!("{:?}", inputs.unread)
        };
        assert_eq!(unread.why, "permission denied");
        let review = inputs.review();
        let text = review.sql_files.first().map(|f| f.text.clone());
        assert!(
            matches!(&text, Some(Err(why)) if why.ends_with(": permission denied")),
            "{text:?}"
        );
        assert_ne!(review.decision.unwrap().verdict, Verdict::Go);
    }

    #[test]
    fn a_runs_baseline_is_read_with_its_files_and_applied_before_them() {
        let fixture = |name: &str| {
            let path = format!(
                "{}/../../fixtures/baseline/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            std::fs::read_to_string(path).map_err(|e| e.to_string())
        };
        let mut inputs = Inputs {
            run: Some(Named {
                name: "run.json".into(),
                text: fixture("run.json").unwrap(),
            }),
            ..Inputs::default()
        };
        let mut read = Vec::new();
        inputs.read_missing_sql(0, |resolved| {
            read.push(resolved.to_string());
            fixture(resolved)
        });
        assert_eq!(read, ["schema/0002_amount.sql", "schema/0001_payments.sql"]);
        let review = inputs.review();
        let paths = |files: &[SqlFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&review.sql_files), ["db/migrations/0002_amount.sql"]);
        assert_eq!(
            paths(&review.baseline_files),
            ["db/migrations/0001_payments.sql"]
        );
        // The column the baseline made is the one the migration narrows.
        let money = review
            .gates
            .iter()
            .find(|g| g.id == crate::gate::GateId::MoneyType)
            .unwrap();
        assert_eq!(money.status, crate::gate::Status::Fail, "{money:?}");
        assert_eq!(review.decision.unwrap().verdict, Verdict::NoGo);

        // A baseline file that cannot be read is named, and never lets the review pass.
        let mut inputs = Inputs {
            sql: Vec::new(),
            unread: Vec::new(),
            ..inputs
        };
        inputs.read_missing_sql(0, |resolved| match resolved {
            "schema/0001_payments.sql" => Err("permission denied".into()),
            other => fixture(other),
        });
        let review = inputs.review();
        let money = review
            .gates
            .iter()
            .find(|g| g.id == crate::gate::GateId::MoneyType)
            .unwrap();
        assert_eq!(money.status, crate::gate::Status::NotVerified, "{money:?}");
        assert!(
            money.message.contains("db/migrations/0001_payments.sql"),
            "{money:?}"
        );
    }

    #[test]
    fn sql_above_the_root_is_never_read() {
        let inputs = demo_naming_a_secret("runs/7/run.json");
        // The run is two folders below the root at depth 2, one at depth 1.
        let within = |depth| {
            let mut read = Vec::new();
            let mut inputs = inputs.clone();
            inputs.read_sql_and_review(depth, |resolved| {
                read.push(resolved.to_string());
                Ok("SELECT 1;".into())
            });
            (inputs, read)
        };
        let (refused, read) = within(1);
        assert!(read.is_empty(), "{read:?}");
        assert!(refused.sql.is_empty());
        assert!(
            refused.unread[0].why.contains("secret.sql"),
            "{:?}",
            refused.unread
        );
        let (allowed, read) = within(2);
        assert_eq!(read, ["secret.sql"]);
        assert_eq!(allowed.sql[0].name, "secret.sql");
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
        assert!(inputs.missing_sql(0).is_empty());
        let review = inputs.review();
        assert_eq!(
            review
                .sql_matching
                .renamed()
                .map(SqlMatch::sentence)
                .collect::<Vec<_>>(),
            [
                "Downloads/0000_money_core.sql is used as schema/0000_money_core.sql: \
              the same file name in another folder"
            ]
        );
        assert_eq!(review, demo_review_matched_as(&review));
    }

    /// The demo's review with `other`'s matching: all that may differ when only the
    /// SQL's name does.
    fn demo_review_matched_as(other: &Review) -> Review {
        Review {
            sql_matching: other.sql_matching.clone(),
            ..Inputs::demo().review()
        }
    }

    fn renamed_demo(name: &str) -> Inputs {
        let mut inputs = Inputs::demo();
        inputs.sql[0].name = name.into();
        inputs
    }

    #[test]
    fn one_file_named_and_one_given_are_matched_and_said() {
        for name in ["migration.sql", "pasted.sql"] {
            let inputs = renamed_demo(name);
            assert!(inputs.missing_sql(0).is_empty(), "{name}");
            let review = inputs.review();
            let matched: Vec<_> = review.sql_matching.renamed().collect();
            assert_eq!(matched.len(), 1);
            assert_eq!(matched[0].how, SqlMatchHow::OnlyOne);
            assert_eq!(matched[0].loaded, name);
            assert_eq!(review, demo_review_matched_as(&review));
        }
    }

    #[test]
    fn a_file_nothing_stands_for_is_unused_and_can_be_assigned() {
        let mut inputs = renamed_demo("a.sql");
        inputs.add(Named {
            name: "b.sql".into(),
            text: "SELECT 1;".into(),
        });
        let review = inputs.review();
        assert_eq!(review.sql_matching.unused, ["a.sql", "b.sql"]);
        assert_eq!(review.sql_matching.missing, ["schema/0000_money_core.sql"]);
        assert!(review.sql_matching.matched.is_empty());
        assert_eq!(
            review.decision.unwrap().verdict,
            Verdict::NotVerified,
            "SQL that was not read is never a pass"
        );
        inputs.assign("a.sql", "schema/0000_money_core.sql");
        let review = inputs.review();
        assert_eq!(review.sql_matching.unused, ["b.sql"]);
        assert!(review.sql_matching.missing.is_empty());
        assert_eq!(review.sql_files, Inputs::demo().review().sql_files);
    }

    #[test]
    fn an_extra_file_beside_the_matched_one_is_unused() {
        let mut inputs = Inputs::demo();
        inputs.add(Named {
            name: "pasted.sql".into(),
            text: "DROP TABLE payments;".into(),
        });
        let review = inputs.review();
        assert_eq!(review.sql_matching.unused, ["pasted.sql"]);
        assert_eq!(review.sql_matching.renamed().count(), 0);
        assert_eq!(review.sql_files, Inputs::demo().review().sql_files);
    }
}
