//! `secondlook diff`: what changed since the base run. Exit 0 when no result is new, 1
//! when one is (it does not pass now and passed or was absent in the base), 2 for input
//! that cannot be read (a SQL file a run names too: the changes are still printed).

use std::process::ExitCode;

use secondlook_core::diff::{Change, RunDiff, diff};
use secondlook_core::result::result;

use crate::check_cmd::{Format, RunFile, render, to_pretty};
use crate::load::load;
use crate::terminal::{fail, shown};

const EXIT_CODES: &str = "Exit codes:
  0  nothing is new since the base
  1  a result is new: it does not pass now, and passed or was not there in the base
  2  an input cannot be read (a SQL file a run names too; the changes are still
     printed), or the arguments are wrong";

#[derive(Debug, clap::Args)]
#[command(after_help = EXIT_CODES)]
pub struct Args {
    /// The earlier run file, compared with
    #[arg(long, value_name = "OLD_RUN.json")]
    base: String,
    /// The newer run file
    #[arg(long, value_name = "RUN.json")]
    run: String,
    /// The folder the runs' `href`s must stay in [default: each run file's folder]; a
    /// wider one, such as the repository, lets them climb with `..` up to it
    #[arg(long, value_name = "DIR")]
    root: Option<String>,
    /// The newer run's audit report
    #[arg(long, value_name = "REPORT.md")]
    report: Option<String>,
    /// The base run's audit report: with both reports, the findings that changed
    #[arg(long, value_name = "OLD_REPORT.md")]
    base_report: Option<String>,
    /// How to print it; sarif and github are the newer run's, marked against the base
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(options: &Args) -> ExitCode {
    let (base, now) = match (
        load(
            Some(&options.base),
            options.root.as_deref(),
            &[],
            None,
            options.base_report.as_deref(),
        ),
        load(
            Some(&options.run),
            options.root.as_deref(),
            &[],
            None,
            options.report.as_deref(),
        ),
    ) {
        (Ok(base), Ok(now)) => (base, now),
        (Err(why), _) | (_, Err(why)) => return fail(&why),
    };
    let changes = diff(&base.review, &now.review);
    let out = match options.format {
        Format::Text => text(&changes),
        Format::Json => format!("{}\n", to_pretty(&changes)),
        Format::Sarif | Format::Github => {
            let Some(result) = result(&now.review) else {
                return fail(&format!("{}: no verdict could be derived", options.run));
            };
            let file = RunFile {
                path: &now.run_path,
                text: now.run_text(),
            };
            let mut out = render(options.format, &result, &file, Some(&changes));
            if options.format == Format::Github {
                out.push_str(&github_notices(&changes));
            }
            out
        }
    };
    print!("{out}");
    let unread = [&base, &now]
        .iter()
        .any(|loaded| loaded.review.sql_files.iter().any(|f| f.text.is_err()));
    if unread {
        return fail("a SQL file a run names could not be read (see above)");
    }
    if changes.gates.iter().any(|g| g.change == Change::New) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn verdict(v: Option<secondlook_core::verdict::Verdict>) -> &'static str {
    v.map_or("none", |v| v.as_str())
}

fn status(s: Option<secondlook_core::gate::Status>) -> &'static str {
    s.map_or("absent", |s| s.as_str())
}

fn text(d: &RunDiff) -> String {
    let mut out = format!(
        "verdict: {} -> {}\n",
        verdict(d.base_verdict),
        verdict(d.verdict)
    );
    let unchanged = d
        .gates
        .iter()
        .filter(|g| g.change == Change::Unchanged)
        .count();
    out.push_str("\ngates:\n");
    for g in d.gates.iter().filter(|g| g.change != Change::Unchanged) {
        out.push_str(&format!(
            "  {:<9} {} ({} -> {}): {}\n",
            g.change.as_str(),
            shown(&g.fingerprint.key()),
            status(g.base_status),
            status(g.status),
            shown(&g.message)
        ));
    }
    out.push_str(&format!("  {unchanged} unchanged\n"));
    out.push_str("\nschema:\n");
    if d.schema.is_empty() {
        out.push_str("  no change\n");
    }
    for s in &d.schema {
        let side = |t: &Option<String>| t.as_deref().map_or("absent".into(), shown);
        out.push_str(&format!(
            "  {} {}: {} -> {}\n",
            s.kind.as_str(),
            shown(&s.name),
            side(&s.before),
            side(&s.after)
        ));
    }
    if !d.findings.is_empty() {
        out.push_str("\nreport findings:\n");
    }
    for f in &d.findings {
        let state = |s: &Option<secondlook_core::diff::FindingState>| {
            s.as_ref()
                .map_or("absent".to_string(), |s| match &s.severity {
                    Some(severity) => format!("{}, {severity}", s.class),
                    None => s.class.clone(),
                })
        };
        out.push_str(&format!(
            "  {} ({} -> {}): {}\n",
            shown(&f.id),
            shown(&state(&f.before)),
            shown(&state(&f.after)),
            shown(&f.text)
        ));
    }
    out
}

/// GitHub shows what was fixed or is gone as notices beside the newer run's annotations.
fn github_notices(d: &RunDiff) -> String {
    d.gates
        .iter()
        .filter(|g| matches!(g.change, Change::Fixed | Change::Gone))
        .map(|g| {
            format!(
                "::notice title=secondlook {} since the base::{}\n",
                g.change.as_str(),
                crate::github::data(&format!("{}: {}", g.fingerprint.key(), g.message))
            )
        })
        .collect()
}
