//! Reading a run and its SQL (or SQL alone) and a report from disk into a review: what `check` and `diff`
//! share.

use std::path::Path;

use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::review::{ReportInput, Review, review};
use secondlook_core::run;
use secondlook_core::sql::SqlFile;

use crate::files::{Root, read_text};
use crate::terminal::warn;

pub struct Loaded {
    pub run_path: String,
    pub run_text: String,
    /// The files as read, for hashing into or against a sign-off; SQL that could not be
    /// read is not among them.
    pub inputs: Inputs,
    pub review: Review,
}

/// The review of the run at `run_path` (its SQL read from its `href`s, inside `root` or
/// else the run's folder), or with no run of the SQL files `sql`, against the report at
/// `report_path`; an error names the file and why it cannot be read. A SQL file the run
/// names that cannot be read, or may not be, is said on stderr and left unread in the
/// review.
pub fn load(
    run_path: Option<&str>,
    root: Option<&str>,
    sql: &[String],
    report_path: Option<&str>,
) -> Result<Loaded, String> {
    let report_text = report_path.map(read_text).transpose()?;
    let (run_text, run, sql_files) = match run_path {
        Some(path) => {
            let run_text = read_text(path)?;
            let run = run::read(&run_text).map_err(|e| format!("{path}: {e}"))?;
            let root = Root::for_run(path, root)?;
            // The command line fetches nothing from the network: `confined` refuses URLs.
            let sql_files: Vec<_> = run::sql_sources(&run, path)
                .into_iter()
                .map(|source| {
                    source
                        .confined(root.depth)
                        .load(|resolved| root.read(Path::new(resolved)).map_err(|e| e.to_string()))
                })
                .collect();
            for file in &sql_files {
                if let Err(why) = &file.text {
                    warn(&format!("{}: {why}", file.path));
                }
            }
            (run_text, Some(Ok(run)), sql_files)
        }
        None => {
            let mut sql_files = Vec::new();
            for path in sql {
                sql_files.push(SqlFile {
                    path: path.clone(),
                    // SQL alone names no tool: a Down marker's section is taken as not
                    // run, and the gates it could touch are not verified.
                    tool: None,
                    text: Ok(read_text(path)?),
                });
            }
            (String::new(), None, sql_files)
        }
    };
    let report = report_path
        .zip(report_text.as_deref())
        .map(|(path, text)| ReportInput { text, path });
    let review = review(report, run, &sql_files);
    let named = |name: &str, text: &str| Named {
        name: name.to_string(),
        text: text.to_string(),
    };
    let inputs = Inputs {
        report: report_path
            .zip(report_text.as_deref())
            .map(|(path, text)| named(path, text)),
        run: run_path.map(|path| named(path, &run_text)),
        sql: sql_files
            .iter()
            .filter_map(|f| f.text.as_ref().ok().map(|text| named(&f.path, text)))
            .collect(),
    };
    Ok(Loaded {
        run_path: run_path.unwrap_or_default().to_string(),
        run_text,
        inputs,
        review,
    })
}
