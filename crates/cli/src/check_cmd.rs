//! `secondlook check`: the browser's review, for CI; `--sql FILE…` instead of `--run`
//! reviews SQL with no run file. Exit 0 for go and go-with-changes, 1 for no-go (and,
//! with `--strict`, for anything a human must check), 2 for an input that cannot be read
//! (a SQL file the run names too: the result is still printed), 3 for not-verified (0
//! with `--allow-unverified`, which says so on stderr). With `--signoff` the sign-off
//! must also hold for these inputs (`docs/signoff.md`): exit 1 when it does not, else
//! the verdict's own code.

use std::process::ExitCode;

use secondlook_core::diff::RunDiff;
use secondlook_core::escape::is_hidden;
use secondlook_core::gate::GateResult;
use secondlook_core::result::{ResultV1, result};
use secondlook_core::review::Review;
use secondlook_core::run;
use secondlook_core::verdict::Verdict;
use secondlook_core::workspace::signoff::SignOff;
use secondlook_core::workspace::signoff_verify::refusals;

use crate::files::read_text;
use crate::folder::Pick;
use crate::load::{Loaded, load};
use crate::terminal::{fail, shown, warn};

const EXIT_CODES: &str = "Exit codes:
  0  go, or go-with-changes (and not-verified with --allow-unverified)
  1  no-go (with --strict, also anything a human must check);
     with --signoff, also when the sign-off does not hold
  2  an input cannot be read (a SQL file the run names too; the result is still
     printed), the arguments are wrong, or --prove found no PostgreSQL
  3  not-verified: a blocker nobody could check (always, when SQL is reviewed with
     no run file and no blocker failed)";

#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct Args {
    /// The run file (migration-run/v1 JSON); the SQL files it names are read relative to it
    #[arg(long, value_name = "RUN.json", required_unless_present_any = ["sql", "migrations"])]
    run: Option<String>,
    /// The folder the run's `href`s must stay in [default: the run file's folder]; a
    /// wider one, such as the repository, lets them climb with `..` up to it
    #[arg(long, value_name = "DIR", requires = "run")]
    root: Option<String>,
    /// SQL files reviewed with no run file, in the order they run: lock safety and the
    /// money checks that need no run; the verdict is at best not-verified
    #[arg(long, value_name = "FILE.sql", num_args = 1.., conflicts_with_all = ["run", "migrations"])]
    sql: Vec<String>,
    /// A migrations folder (drizzle-kit, Prisma, goose, golang-migrate, dbmate, Flyway,
    /// sqitch): its newest migration is judged over the ones before it. With --run, the
    /// run must name no SQL of its own
    #[arg(long, value_name = "DIR")]
    migrations: Option<String>,
    /// With --migrations: judge the last N migrations over the ones before them
    #[arg(long, value_name = "N", requires = "migrations", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    new: u32,
    /// With --migrations: judge the migrations a git ref (the pull request's base) did
    /// not have, over the ones it had; read with git's plumbing, never the working tree
    #[arg(
        long,
        value_name = "GIT-REF",
        requires = "migrations",
        conflicts_with = "new"
    )]
    base_ref: Option<String>,
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
    /// With --prove: how long one statement of the migration or a probe may run, in
    /// seconds, before PostgreSQL cancels it (and the session is ended soon after)
    #[arg(long, value_name = "SECONDS", requires = "prove", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    prove_timeout: u64,
    /// With --prove: how many megabytes of temporary files one statement may write
    #[arg(long, value_name = "MB", requires = "prove", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..=1_048_576))]
    prove_temp_files: u32,
    /// A reviewer's sign-off (docs/signoff.md), required besides the verdict: exit 1
    /// unless it is for exactly these inputs, ticks every human-only item and accepts
    /// every blocker that did not pass
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
    let folder = match options.migrations.as_deref() {
        Some(dir) => match crate::folder::read_migrations(
            dir,
            match options.base_ref.as_deref() {
                Some(reference) => Pick::Since(reference),
                None => Pick::Newest(options.new as usize),
            },
        ) {
            Ok(folder) => Some(folder),
            Err(why) => return fail(&why),
        },
        None => None,
    };
    let mut loaded = match load(
        options.run.as_deref(),
        options.root.as_deref(),
        &options.sql,
        folder,
        options.report.as_deref(),
    ) {
        Ok(loaded) => loaded,
        Err(why) => return fail(&why),
    };
    if let Some(url) = &options.prove
        && let Err(why) = crate::prove::prove(
            &mut loaded.review,
            url.as_deref(),
            &crate::prove::Limits {
                timeout: std::time::Duration::from_secs(options.prove_timeout),
                temp_files_mb: options.prove_temp_files,
            },
        )
    {
        return fail(&why);
    }
    let review = &loaded.review;
    let Some(result) = result(review) else {
        return fail(&format!("{}: no verdict could be derived", loaded.run_path));
    };
    let file = RunFile {
        path: &loaded.run_path,
        text: loaded.run_text(),
    };
    print!("{}", render(options.format, &result, &file, None));
    let mut read = review.sql_files.iter().chain(&review.baseline_files);
    if read.any(|f| f.text.is_err()) {
        return fail("a SQL file the run names could not be read (see above)");
    }
    if let Some(path) = &options.signoff
        && let Err(code) = signoff_holds(path, &loaded)
    {
        return code;
    }
    exit_code(review, &result, options)
}

/// Whether the sign-off at `path` holds for these inputs (every blocker that did not
/// pass has its risk accepted, …); when it does not, the exit code: 1 naming each
/// reason, 2 when it cannot be read. A sign-off is a requirement besides the verdict,
/// never a way around it.
fn signoff_holds(path: &str, loaded: &Loaded) -> Result<(), ExitCode> {
    let signoff = read_text(path)
        .and_then(|text| SignOff::from_json(&text))
        .map_err(|why| fail(&format!("{path}: {why}")))?;
    let refusals = refusals(&signoff, &loaded.inputs, &loaded.review);
    if refusals.is_empty() {
        eprintln!(
            "the sign-off by {} ({}) holds for these inputs",
            shown(&signoff.who),
            shown(&signoff.when)
        );
        return Ok(());
    }
    for why in &refusals {
        eprintln!("sign-off refused: {}", shown(why));
    }
    Err(ExitCode::from(1))
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

/// `value` as JSON. serde escapes C0 controls in strings; the rest that
/// `escape::is_hidden` names (C1 controls, bidi overrides) is written `\u…` here too, and
/// `[` after `##` as `\u005b`, as GitHub's runner reads `##[name]` as a command anywhere
/// in a line: the same strings, inert on a terminal and in a CI log.
pub fn to_pretty(value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        .replace("##[", "##\\u005b");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        // Outside strings only the layout's newlines: inside, serde wrote `\n`.
        if is_hidden(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
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
