//! `secondlook check --run RUN.json [--report REPORT.md] [--format text|json|sarif|github]
//! [--strict] [--signoff SIGNOFF.json]`: the browser's review, for CI. Exit 0 for go and
//! go-with-changes, 1 for no-go (and, with `--strict`, for anything a human must check),
//! 2 for input that cannot be read. With `--signoff` the sign-off decides: 0 when it
//! holds for these inputs (`docs/signoff.md`), 1 when it does not.

use std::process::ExitCode;

use secondlook_core::diff::RunDiff;
use secondlook_core::gate::GateResult;
use secondlook_core::result::{ResultV1, result};
use secondlook_core::review::Review;
use secondlook_core::run;
use secondlook_core::verdict::Verdict;
use secondlook_core::workspace::signoff::SignOff;
use secondlook_core::workspace::signoff_verify::refusals;

pub const USAGE: &str = "usage: secondlook check --run RUN.json [--report REPORT.md] [--format text|json|sarif|github] [--strict] [--signoff SIGNOFF.json]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

impl Format {
    pub fn parse(word: &str) -> Result<Format, String> {
        Ok(match word {
            "text" => Format::Text,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "github" => Format::Github,
            other => return Err(format!("unknown format {other:?}")),
        })
    }
}

struct Options {
    run: String,
    report: Option<String>,
    format: Format,
    strict: bool,
    signoff: Option<String>,
}

/// What the outputs need besides the result: where the run file is and its text, to
/// point at a JSON path's line.
pub struct RunFile<'a> {
    pub path: &'a str,
    pub text: &'a str,
}

pub fn check(args: &[String]) -> ExitCode {
    let options = match parse(args) {
        Ok(options) => options,
        Err(why) => return unreadable(&format!("{why}\n{USAGE}")),
    };
    let loaded = match crate::load::load(&options.run, options.report.as_deref()) {
        Ok(loaded) => loaded,
        Err(why) => return unreadable(&why),
    };
    let review = &loaded.review;
    let Some(result) = result(review) else {
        return unreadable(&format!("{}: no verdict could be derived", options.run));
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
fn signoff_code(path: &str, loaded: &crate::load::Loaded) -> ExitCode {
    let signoff = match std::fs::read_to_string(path)
        .map_err(|e| e.to_string())
        .and_then(|text| SignOff::from_json(&text))
    {
        Ok(signoff) => signoff,
        Err(why) => return unreadable(&format!("{path}: {why}")),
    };
    let refusals = refusals(&signoff, &loaded.inputs, &loaded.review);
    if refusals.is_empty() {
        eprintln!(
            "secondlook: the sign-off by {} ({}) holds for these inputs",
            signoff.who, signoff.when
        );
        return ExitCode::SUCCESS;
    }
    for why in &refusals {
        eprintln!("secondlook: sign-off refused: {why}");
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
        Format::Text => {
            crate::text::text(result, std::io::IsTerminal::is_terminal(&std::io::stdout()))
        }
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

pub fn unreadable(why: &str) -> ExitCode {
    eprintln!("secondlook: {why}");
    ExitCode::from(2)
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut run = None;
    let mut report = None;
    let mut format = Format::Text;
    let mut strict = false;
    let mut signoff = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--run" => run = Some(value()?),
            "--report" => report = Some(value()?),
            "--format" => format = Format::parse(&value()?)?,
            "--strict" => strict = true,
            "--signoff" => signoff = Some(value()?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let run = run.ok_or("--run is required")?;
    Ok(Options {
        run,
        report,
        format,
        strict,
        signoff,
    })
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
