//! `secondlook check`: the browser's review, for CI; `--sql FILE…` instead of `--run`
//! reviews SQL with no run file. Exit 0 for go and go-with-changes, 1 for no-go (and,
//! with `--strict`, for anything a human must check), 2 for an input that cannot be read
//! (a SQL file the run names too: the result is still printed), 3 for not-verified (0
//! with `--allow-unverified`, which says so on stderr).

use std::process::ExitCode;

use secondlook_core::gate::GateResult;
use secondlook_core::result::{ResultV1, result};
use secondlook_core::review::{ReportInput, Review, review};
use secondlook_core::run;
use secondlook_core::sql::SqlFile;
use secondlook_core::verdict::Verdict;

use crate::files::read_text;
use crate::terminal::{fail, warn};

const EXIT_CODES: &str = "Exit codes:
  0  go, or go-with-changes (and not-verified with --allow-unverified)
  1  no-go (with --strict, also anything a human must check)
  2  an input cannot be read (a SQL file the run names too; the result is still
     printed), the arguments are wrong, or --prove found no PostgreSQL
  3  not-verified: a blocker nobody could check (always, when SQL is reviewed with
     no run file and no blocker failed)";

#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct Args {
    /// The run file (migration-run/v1 JSON); the SQL files it names are read relative to it
    #[arg(long, value_name = "RUN.json", required_unless_present = "sql")]
    run: Option<String>,
    /// SQL files reviewed with no run file, in the order they run: lock safety and the
    /// money checks that need no run; the verdict is at best not-verified
    #[arg(long, value_name = "FILE.sql", num_args = 1.., conflicts_with = "run")]
    sql: Vec<String>,
    /// The audit report whose declared verdict is compared with the re-check
    #[arg(long, value_name = "REPORT.md")]
    report: Option<String>,
    /// How to print it
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 1 also when something must be checked by hand
    #[arg(long)]
    strict: bool,
    /// Exit 0 on not-verified instead of 3, saying so on stderr: a stated downgrade
    #[arg(long)]
    allow_unverified: bool,
    /// Prove each money gate again in a real PostgreSQL (docs/proof.md): a server's URL
    /// or libpq "host=... user=..." string; alone, a temporary server started with
    /// initdb and pg_ctl
    #[arg(long, value_name = "URL", num_args = 0..=1)]
    prove: Option<Option<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
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
    let report_text = match options.report.as_deref().map(read_text).transpose() {
        Ok(text) => text,
        Err(why) => return fail(&why),
    };
    let report = options
        .report
        .as_deref()
        .zip(report_text.as_deref())
        .map(|(path, text)| ReportInput { text, path });
    let (run_path, run_text, mut review) = match &options.run {
        Some(path) => {
            let run_text = match read_text(path) {
                Ok(text) => text,
                Err(why) => return fail(&why),
            };
            let run = match run::read(&run_text) {
                Ok(run) => run,
                Err(e) => return fail(&format!("{path}: {e}")),
            };
            let sql_files: Vec<_> = run::sql_sources(&run, path)
                .into_iter()
                .map(|source| source.load(read_local))
                .collect();
            for file in &sql_files {
                if let Err(why) = &file.text {
                    warn(&format!("{}: {why}", file.path));
                }
            }
            let review = review(report, Some(Ok(run)), &sql_files);
            (path.as_str(), run_text, review)
        }
        None => {
            let mut sql_files = Vec::new();
            for path in &options.sql {
                match read_text(path) {
                    Ok(text) => sql_files.push(SqlFile {
                        path: path.clone(),
                        tool: None,
                        text: Ok(text),
                    }),
                    Err(why) => return fail(&why),
                }
            }
            ("", String::new(), review(report, None, &sql_files))
        }
    };
    if let Some(url) = &options.prove
        && let Err(why) = crate::prove::prove(&mut review, url.as_deref())
    {
        return fail(&why);
    }
    let Some(result) = result(&review) else {
        return fail(&format!("{run_path}: no verdict could be derived"));
    };
    let file = RunFile {
        path: run_path,
        text: &run_text,
    };
    print!("{}", render(options.format, &result, &file));
    if review.sql_files.iter().any(|f| f.text.is_err()) {
        return fail("a SQL file the run names could not be read (see above)");
    }
    exit_code(&review, &result, options)
}

fn render(format: Format, result: &ResultV1<'_>, file: &RunFile<'_>) -> String {
    match format {
        Format::Json => format!("{}\n", to_pretty(result)),
        Format::Sarif => format!("{}\n", to_pretty(&crate::sarif::sarif(result, file))),
        Format::Github => crate::github::annotations(result, file),
        Format::Text => crate::text::text(result, crate::terminal::colour(&std::io::stdout())),
    }
}

fn to_pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

fn exit_code(review: &Review, result: &ResultV1<'_>, options: &Args) -> ExitCode {
    let strict_fails = options.strict && review.strict_findings().next().is_some();
    match result.verdict {
        Verdict::NoGo => ExitCode::from(1),
        Verdict::NotVerified if !options.allow_unverified => ExitCode::from(3),
        Verdict::NotVerified => {
            let open = result
                .must_check
                .iter()
                .filter(|m| m.is_unverified_blocker())
                .count();
            warn(&format!(
                "the verdict is not-verified ({open} {} nobody could check); \
                 --allow-unverified accepts it as a pass",
                if open == 1 { "blocker" } else { "blockers" }
            ));
            ExitCode::from(u8::from(strict_fails))
        }
        _ if strict_fails => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// Reads an `href` from disk; the command line fetches nothing from the network.
fn read_local(resolved: &str) -> Result<String, String> {
    if resolved.contains("://") {
        return Err("the command line reads local files only".into());
    }
    // `load` names the file already.
    crate::files::read(std::path::Path::new(resolved)).map_err(|e| e.to_string())
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
