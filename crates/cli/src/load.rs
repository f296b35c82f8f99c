//! Reading a run, its SQL and a report from disk into a review: what `check` and `diff`
//! share.

use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::review::{ReportInput, Review, review};
use secondlook_core::run;

use crate::files::read_text;
use crate::terminal::warn;

pub struct Loaded {
    pub run_path: String,
    pub run_text: String,
    /// The files as read, for hashing into or against a sign-off; SQL that could not be
    /// read is not among them.
    pub inputs: Inputs,
    pub review: Review,
}

/// The review of the run at `run_path` (its SQL read from its `href`s) against the report
/// at `report_path`; an error names the file and why it cannot be read.
pub fn load(run_path: &str, report_path: Option<&str>) -> Result<Loaded, String> {
    let run_text = read_text(run_path)?;
    let report_text = report_path.map(read_text).transpose()?;
    let run = run::read(&run_text).map_err(|e| format!("{run_path}: {e}"))?;
    let sql_files: Vec<_> = run::sql_sources(&run, run_path)
        .into_iter()
        .map(|source| source.load(read_local))
        .collect();
    for file in &sql_files {
        if let Err(why) = &file.text {
            warn(&format!("{}: {why}", file.path));
        }
    }
    let report = report_path
        .zip(report_text.as_deref())
        .map(|(path, text)| ReportInput { text, path });
    let review = review(report, Some(Ok(run)), &sql_files);
    let named = |name: &str, text: &str| Named {
        name: name.to_string(),
        text: text.to_string(),
    };
    let inputs = Inputs {
        report: report_path
            .zip(report_text.as_deref())
            .map(|(path, text)| named(path, text)),
        run: Some(named(run_path, &run_text)),
        sql: sql_files
            .iter()
            .filter_map(|f| f.text.as_ref().ok().map(|text| named(&f.path, text)))
            .collect(),
    };
    Ok(Loaded {
        run_path: run_path.to_string(),
        run_text,
        inputs,
        review,
    })
}

/// Reads an `href` from disk; the command line fetches nothing from the network.
fn read_local(resolved: &str) -> Result<String, String> {
    if resolved.contains("://") {
        return Err("the command line reads local files only".into());
    }
    read_text(resolved)
}
