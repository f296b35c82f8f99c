//! `secondlook check --run RUN.json [--report REPORT.md] [--format text|json|sarif|github]
//! [--strict]`: the browser's review, for CI; `--sql FILE…` instead of `--run` reviews
//! SQL with no run file. Exit 0 for go and go-with-changes, 1 for no-go (and, with
//! `--strict`, for anything a human must check), 2 for input that cannot be read, 3 for
//! not-verified.

use std::process::ExitCode;

use secondlook_core::gate::GateResult;
use secondlook_core::result::{ResultV1, result};
use secondlook_core::review::{ReportInput, Review, review};
use secondlook_core::run;
use secondlook_core::sql::SqlFile;
use secondlook_core::verdict::Verdict;

pub const USAGE: &str = "usage: secondlook check (--run RUN.json | --sql FILE.sql...) [--report REPORT.md] [--format text|json|sarif|github] [--strict]";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    Sarif,
    Github,
}

struct Options {
    /// The run file, or the SQL files reviewed with none.
    input: Input,
    report: Option<String>,
    format: Format,
    strict: bool,
}

enum Input {
    Run(String),
    Sql(Vec<String>),
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
    let report_text = match &options.report {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) => return unreadable(&format!("cannot read {path}: {e}")),
        },
        None => None,
    };
    let report = options
        .report
        .as_deref()
        .zip(report_text.as_deref())
        .map(|(path, text)| ReportInput { text, path });
    let (run_path, run_text, review) = match &options.input {
        Input::Run(path) => {
            let run_text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) => return unreadable(&format!("cannot read {path}: {e}")),
            };
            let run = match run::read(&run_text) {
                Ok(run) => run,
                Err(e) => return unreadable(&format!("{path}: {e}")),
            };
            let sql_files: Vec<_> = run::sql_sources(&run, path)
                .into_iter()
                .map(|source| source.load(read_local))
                .collect();
            for file in &sql_files {
                if let Err(why) = &file.text {
                    eprintln!("secondlook: warning: {}: {why}", file.path);
                }
            }
            let review = review(report, Some(Ok(run)), &sql_files);
            (path.as_str(), run_text, review)
        }
        Input::Sql(paths) => {
            let mut sql_files = Vec::new();
            for path in paths {
                match std::fs::read_to_string(path) {
                    Ok(text) => sql_files.push(SqlFile {
                        path: path.clone(),
                        text: Ok(text),
                    }),
                    Err(e) => return unreadable(&format!("cannot read {path}: {e}")),
                }
            }
            ("", String::new(), review(report, None, &sql_files))
        }
    };
    let Some(result) = result(&review) else {
        return unreadable(&format!("{run_path}: no verdict could be derived"));
    };
    let file = RunFile {
        path: run_path,
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
    } else if result.verdict == Verdict::NotVerified {
        ExitCode::from(3)
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
    let mut sql: Vec<String> = Vec::new();
    let mut report = None;
    let mut format = Format::Text;
    let mut strict = false;
    let mut args = args.iter().peekable();
    while let Some(arg) = args.next() {
        if arg == "--sql" {
            // Every following argument up to the next option is a SQL file.
            let before = sql.len();
            while let Some(file) = args.next_if(|a| !a.starts_with("--")) {
                sql.push(file.clone());
            }
            if sql.len() == before {
                return Err("--sql needs at least one file".to_string());
            }
            continue;
        }
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
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let input = match (run, sql.is_empty()) {
        (Some(run), true) => Input::Run(run),
        (None, false) => Input::Sql(sql),
        (Some(_), false) => {
            return Err(
                "--sql reviews SQL with no run file; with --run the SQL comes from the run's schema.files"
                    .to_string(),
            );
        }
        (None, true) => return Err("--run or --sql is required".to_string()),
    };
    Ok(Options {
        input,
        report,
        format,
        strict,
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
