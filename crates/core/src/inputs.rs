//! The files a reviewer gave the app, as text, and the review built from them. The app
//! does the loading (embedded demo, URL, file picker); matching the run's SQL files to
//! what was loaded happens here, so every way of loading reviews the same way.

use crate::review::{ReportInput, Review, review};
use crate::run::{self, SqlOrigin};
use crate::sql::SqlFile;

/// One loaded file: the name or URL it came from, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
        let run = self.run.as_ref().map(|r| run::read(&r.text));
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
        let report = self.report.as_ref().map(|r| ReportInput {
            text: &r.text,
            path: &r.name,
        });
        review(report, run, &sql_files)
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
    fn a_hand_picked_file_matches_by_file_name() {
        let mut inputs = Inputs::demo();
        if let Some(f) = inputs.sql.first_mut() {
            f.name = "Downloads/0000_money_core.sql".into();
        }
        assert!(inputs.missing_sql().is_empty());
    }
}
