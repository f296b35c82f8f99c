//! Reading a run and its SQL (or SQL alone) and a report from disk into the app's
//! `Inputs`, and the review of them: the same door to the review the page takes, with
//! the disk as the resolver of the run's `href`s. What `check` and `diff` share.

use std::path::Path;

use secondlook_core::inputs::{Inputs, MigrationsFolder, Named, RUN_AND_FOLDER};
use secondlook_core::review::Review;

use crate::files::{Root, read_text};
use crate::terminal::warn;

pub struct Loaded {
    pub run_path: String,
    /// The files as read, for hashing into or against a sign-off; SQL that could not be
    /// read is not among them.
    pub inputs: Inputs,
    pub review: Review,
}

/// The review of the run at `run_path` (its SQL read from its `href`s, inside `root` or
/// else the run's folder), or with no run of the SQL files `sql`, against the report at
/// `report_path`; an error names the file and why it cannot be read. A migrations folder
/// gives the SQL and its baseline, with or without a run (which then names no SQL). A
/// SQL file the run names that cannot be read, or may not be, is said on stderr and left
/// unread in the review.
pub fn load(
    run_path: Option<&str>,
    root: Option<&str>,
    sql: &[String],
    migrations: Option<MigrationsFolder>,
    report_path: Option<&str>,
) -> Result<Loaded, String> {
    let named = |name: &str, text: String| Named {
        name: name.to_string(),
        text,
    };
    let mut inputs = Inputs {
        report: report_path
            .map(|path| read_text(path).map(|text| named(path, text)))
            .transpose()?,
        migrations,
        ..Inputs::default()
    };
    let review = match run_path {
        Some(path) => {
            inputs.run = Some(named(path, read_text(path)?));
            let root = Root::for_run(path, root)?;
            // The `href`s resolve against the run's path as given, so against the
            // working folder, as the run file was read.
            inputs.read_sql_and_review(root.depth, |resolved| {
                root.read(Path::new(resolved)).map_err(|e| e.to_string())
            })
        }
        // SQL alone names no tool: a Down marker's section is taken as not run, and the
        // gates it could touch are not verified.
        None => {
            for path in sql {
                inputs.sql.push(named(path, read_text(path)?));
            }
            inputs.review()
        }
    };
    if let (Some(path), Some(Err(why))) = (run_path, &review.run) {
        return Err(format!("{path}: {why}"));
    }
    if let (Some(path), Some(folder)) = (run_path, &inputs.migrations)
        && review
            .sql_files
            .iter()
            .any(|f| f.path == folder.name && f.text.is_err())
    {
        return Err(format!("{path}: {RUN_AND_FOLDER}"));
    }
    for file in &review.sql_files {
        if let Err(why) = &file.text {
            warn(&format!("{}: {why}", file.path));
        }
    }
    Ok(Loaded {
        run_path: run_path.unwrap_or_default().to_string(),
        inputs,
        review,
    })
}

impl Loaded {
    /// The run file's text; empty for SQL alone.
    pub fn run_text(&self) -> &str {
        self.inputs.run.as_ref().map_or("", |r| r.text.as_str())
    }
}
