//! `secondlook check`: the browser's review, for CI. Exit 0 for go and go-with-changes,
//! 1 for no-go (and, with `--strict`, for anything a human must check), 2 for input that
//! cannot be read. With `--signoff` the sign-off decides: 0 when it holds for these
//! inputs (`docs/signoff.md`), 1 when it does not.

use std::process::ExitCode;

use secondlook_core::diff::RunDiff;
use secondlook_core::gate::GateResult;
use secondlook_core::result::{ResultV1, result};
use secondlook_core::review::Review;
use secondlook_core::run;
use secondlook_core::verdict::Verdict;
use secondlook_core::workspace::signoff::SignOff;
use secondlook_core::workspace::signoff_verify::refusals;

use crate::files::read_text;
use crate::load::{Loaded, load};
use crate::terminal::fail;

const EXIT_CODES: &str = "Exit codes:
  0  go, or go-with-changes
  1  no-go (with --strict, also anything a human must check);
     with --signoff: the sign-off does not hold, whatever the verdict
  2  an input cannot be read, or the arguments are wrong";

#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct Args {
    /// The run file (migration-run/v1 JSON); the SQL files it names are read relative to it
    #[arg(long, value_name = "RUN.json")]
    run: String,
    /// The audit report whose declared verdict is compared with the re-check
    #[arg(long, value_name = "REPORT.md")]
    report: Option<String>,
    /// How to print it
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 1 also when something must be checked by hand
    #[arg(long)]
    strict: bool,
    /// A reviewer's sign-off (docs/signoff.md): exit 0 only when it is for exactly these
    /// inputs, ticks every human-only item and accepts every blocker that did not pass
    #[arg(long, value_name = "SIGNOFF.json")]
    signoff: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people; coloured on a terminal unless NO_COLOR is set
    Text,
    /// The result as secondlook-result/v1
    Json,
    /// SARIF 2.1.0, for code-scanning upload
    Sarif,
    /// Workflow commands that GitHub and Forgejo show as annotations
    Github,
}

/// What the outputs need besides the result: where the run file is and its text, to
/// point at a JSON path's line.
pub struct RunFile<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

pub fn check(options: &Args) -> ExitCode {
    let loaded = match load(&options.run, options.report.as_deref()) {
        Ok(loaded) => loaded,
        Err(why) => return fail(&why),
    };
    let review = &loaded.review;
    let Some(result) = result(review) else {
        return fail(&format!("{}: no verdict could be derived", options.run));
    };
    let file = RunFile {
        path: &options.run,
        text: &loaded.run_text,
    };
    print!("{}", render(options.format, &result, &file, None));
    match &options.signoff {
        Some(path) => signoff_code(path, &loaded),
        None => exit_code(review, &result, options.strict),
    }
}

/// With a sign-off the reviewer's word decides, if it holds: 0 when it does (every
/// blocker that did not pass has its risk accepted), 1 with each reason when it does not.
fn signoff_code(path: &str, loaded: &Loaded) -> ExitCode {
    let signoff = match read_text(path).and_then(|text| SignOff::from_json(&text)) {
        Ok(signoff) => signoff,
        Err(why) => return fail(&format!("{path}: {why}")),
    };
    let refusals = refusals(&signoff, &loaded.inputs, &loaded.review);
    if refusals.is_empty() {
        eprintln!(
            "the sign-off by {} ({}) holds for these inputs",
            signoff.who, signoff.when
        );
        return ExitCode::SUCCESS;
    }
    for why in &refusals {
        eprintln!("sign-off refused: {why}");
    }
    ExitCode::from(1)
}

/// The result in `format`; SARIF marks each result's `baselineState` when there is a
/// `baseline`.
pub fn render(
    format: Format,
    result: &ResultV1<'_>,
    file: &RunFile<'_>,
    baseline: Option<&RunDiff>,
) -> String {
    match format {
        Format::Json => format!("{}\n", to_pretty(result)),
        Format::Sarif => format!(
            "{}\n",
            to_pretty(&crate::sarif::sarif(result, file, baseline))
        ),
        Format::Github => crate::github::annotations(result, file),
        Format::Text => crate::text::text(result, crate::terminal::colour(&std::io::stdout())),
    }
}

pub fn to_pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn exit_code(review: &Review, result: &ResultV1<'_>, strict: bool) -> ExitCode {
    let strict_fails = strict && review.strict_findings().next().is_some();
    if result.verdict == Verdict::NoGo || strict_fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Where a result points in the files a CI shows: (file, line, column), 1-based.
pub fn places(gate: &GateResult, file: &RunFile<'_>) -> Vec<(String, usize, usize)> {
    use secondlook_core::gate::Evidence;
    gate.evidence
        .iter()
        .map(|e| match e {
            Evidence::Sql { file, line, column } => (
                file.clone(),
                (*line as usize).max(1),
                (*column as usize).max(1),
            ),
            Evidence::RunPath { path } => {
                let at = run::json_path::locate_nearest(file.text, path).map(|(p, _)| p);
                let (line, column) = at.map_or((1, 1), |p| (p.line, p.column));
                (file.path.to_string(), line, column)
            }
        })
        .collect()
}
