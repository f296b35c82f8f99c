//! `secondlook check --run RUN.json [--report REPORT.md] [--format text|json|sarif|github]
//! [--strict]`: the browser's review, for CI. Exit 0 for go and go-with-changes, 1 for
//! no-go (and, with `--strict`, for anything a human must check), 2 for input that
//! cannot be read.

use std::process::ExitCode;

use secondlook_core::gate::GateResult;
use secondlook_core::result::{ResultV1, result};
use secondlook_core::review::{ReportInput, Review, review};
use secondlook_core::run;
use secondlook_core::verdict::Verdict;

pub const USAGE: &str = "usage: secondlook check --run RUN.json [--report REPORT.md] [--format text|json|sarif|github] [--strict] [--prove [URL]]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

struct Options {
    run: String,
    report: Option<String>,
    format: Format,
    strict: bool,
    /// `--prove`: `Some(None)` starts a temporary server.
    prove: Option<Option<String>>,
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
    let run_text = match std::fs::read_to_string(&options.run) {
        Ok(text) => text,
        Err(e) => return unreadable(&format!("cannot read {}: {e}", options.run)),
    };
    let report_text = match &options.report {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) => return unreadable(&format!("cannot read {path}: {e}")),
        },
        None => None,
    };
    let run = match run::read(&run_text) {
        Ok(run) => run,
        Err(e) => return unreadable(&format!("{}: {e}", options.run)),
    };
    let sql_files: Vec<_> = run::sql_sources(&run, &options.run)
        .into_iter()
        .map(|source| source.load(read_local))
        .collect();
    for file in &sql_files {
        if let Err(why) = &file.text {
            eprintln!("secondlook: warning: {}: {why}", file.path);
        }
    }
    let report = options
        .report
        .as_deref()
        .zip(report_text.as_deref())
        .map(|(path, text)| ReportInput { text, path });
    let mut review = review(report, Some(Ok(run)), &sql_files);
    if let Some(url) = &options.prove
        && let Err(why) = crate::prove::prove(&mut review, url.as_deref())
    {
        return unreadable(&why);
    }
    let Some(result) = result(&review) else {
        return unreadable(&format!("{}: no verdict could be derived", options.run));
    };
    let file = RunFile {
        path: &options.run,
        text: &run_text,
    };
    print!("{}", render(options.format, &result, &file));
    exit_code(&review, &result, options.strict)
}

fn render(format: Format, result: &ResultV1<'_>, file: &RunFile<'_>) -> String {
    match format {
        Format::Json => format!("{}\n", to_pretty(result)),
        Format::Sarif => format!("{}\n", to_pretty(&crate::sarif::sarif(result, file))),
        Format::Github => crate::github::annotations(result, file),
        Format::Text => {
            crate::text::text(result, std::io::IsTerminal::is_terminal(&std::io::stdout()))
        }
    }
}

fn to_pretty(value: &impl serde::Serialize) -> String {
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

/// Reads an `href` from disk; the command line fetches nothing from the network.
fn read_local(resolved: &str) -> Result<String, String> {
    if resolved.contains("://") {
        return Err("the command line reads local files only".into());
    }
    std::fs::read_to_string(resolved).map_err(|e| e.to_string())
}

fn unreadable(why: &str) -> ExitCode {
    eprintln!("secondlook: {why}");
    ExitCode::from(2)
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut run = None;
    let mut report = None;
    let mut format = Format::Text;
    let mut strict = false;
    let mut prove = None;
    let mut args = args.iter().peekable();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--run" => run = Some(value()?),
            "--report" => report = Some(value()?),
            "--format" => {
                format = match value()?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "sarif" => Format::Sarif,
                    "github" => Format::Github,
                    other => return Err(format!("unknown format {other:?}")),
                }
            }
            "--strict" => strict = true,
            "--prove" => prove = Some(args.next_if(|a| !a.starts_with("--")).cloned()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let run = run.ok_or("--run is required")?;
    Ok(Options {
        run,
        report,
        format,
        strict,
        prove,
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
