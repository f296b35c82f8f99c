//! `secondlook diff --base OLD_RUN.json --run NEW_RUN.json [--report R.md]
//! [--base-report OLD_R.md] [--format text|json|sarif|github]`: what changed since the
//! base run. Exit 0 when no result is new, 1 when one is (it does not pass now and
//! passed or was absent in the base), 2 for input that cannot be read.

use std::process::ExitCode;

use secondlook_core::diff::{Change, RunDiff, diff};
use secondlook_core::result::result;

use crate::check_cmd::{Format, RunFile, render, to_pretty, unreadable};
use crate::load::load;

pub const USAGE: &str = "usage: secondlook diff --base OLD_RUN.json --run NEW_RUN.json [--report REPORT.md] [--base-report OLD_REPORT.md] [--format text|json|sarif|github]";

struct Options {
    base: String,
    run: String,
    report: Option<String>,
    base_report: Option<String>,
    format: Format,
}

pub fn run(args: &[String]) -> ExitCode {
    let options = match parse(args) {
        Ok(options) => options,
        Err(why) => return unreadable(&format!("{why}\n{USAGE}")),
    };
    let (base, now) = match (
        load(&options.base, options.base_report.as_deref()),
        load(&options.run, options.report.as_deref()),
    ) {
        (Ok(base), Ok(now)) => (base, now),
        (Err(why), _) | (_, Err(why)) => return unreadable(&why),
    };
    let changes = diff(&base.review, &now.review);
    let out = match options.format {
        Format::Text => text(&changes),
        Format::Json => format!("{}\n", to_pretty(&changes)),
        Format::Sarif | Format::Github => {
            let Some(result) = result(&now.review) else {
                return unreadable(&format!("{}: no verdict could be derived", options.run));
            };
            let file = RunFile {
                path: &now.run_path,
                text: &now.run_text,
            };
            let mut out = render(options.format, &result, &file, Some(&changes));
            if options.format == Format::Github {
                out.push_str(&github_notices(&changes));
            }
            out
        }
    };
    print!("{out}");
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
            g.fingerprint.key(),
            status(g.base_status),
            status(g.status),
            g.message
        ));
    }
    out.push_str(&format!("  {unchanged} unchanged\n"));
    out.push_str("\nschema:\n");
    if d.schema.is_empty() {
        out.push_str("  no change\n");
    }
    for s in &d.schema {
        let side = |t: &Option<String>| t.clone().unwrap_or_else(|| "absent".into());
        out.push_str(&format!(
            "  {} {}: {} -> {}\n",
            s.kind.as_str(),
            s.name,
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
            f.id,
            state(&f.before),
            state(&f.after),
            f.text
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

fn parse(args: &[String]) -> Result<Options, String> {
    let (mut base, mut run, mut report, mut base_report) = (None, None, None, None);
    let mut format = Format::Text;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--base" => base = Some(value()?),
            "--run" => run = Some(value()?),
            "--report" => report = Some(value()?),
            "--base-report" => base_report = Some(value()?),
            "--format" => format = Format::parse(&value()?)?,
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Options {
        base: base.ok_or("--base is required")?,
        run: run.ok_or("--run is required")?,
        report,
        base_report,
        format,
    })
}
