//! `secondlook report FILE.md`: what the core reads from a report.
//!
//! `json` prints the model without the render tree (its table of contents stays);
//! `text` prints a short summary. Exit 0 when the report was read (lint does not change
//! that), 2 when the file cannot be read or is not UTF-8, or the arguments are wrong.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use secondlook_core::report::{
    self, Checklist, Claims, Finding, FrontmatterError, Lint, Property, Report, TocEntry,
};

use crate::terminal::shown;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The audit report: Markdown with YAML frontmatter
    #[arg(value_name = "REPORT.md")]
    file: String,
    /// How to print it
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// A short summary: declared verdict, findings, checklists, lint
    Text,
    /// The model the app shows, without its render tree
    Json,
}

pub fn run(args: &Args) -> ExitCode {
    let text = match crate::files::read_text(&args.file) {
        Ok(text) => text,
        Err(why) => return crate::terminal::fail(&why),
    };
    let report = report::read_at(&text, &args.file);
    let output = match args.format {
        Format::Json => json(&report),
        Format::Text => summary(&report),
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{output}");
    ExitCode::SUCCESS
}

/// The model minus the render tree, in the model's own field order.
#[derive(serde::Serialize)]
struct JsonReport<'a> {
    path: &'a str,
    title: &'a Option<String>,
    verdict: &'a Option<String>,
    target: &'a Option<String>,
    tags: &'a [String],
    created: &'a Option<String>,
    updated: &'a Option<String>,
    properties: &'a [Property],
    frontmatter_error: &'a Option<FrontmatterError>,
    toc: &'a [TocEntry],
    findings: &'a [Finding],
    checklists: &'a [Checklist],
    claims: &'a Claims,
    lint: &'a [Lint],
}

fn json(r: &Report) -> String {
    let view = JsonReport {
        path: &r.path,
        title: &r.title,
        verdict: &r.verdict,
        target: &r.target,
        tags: &r.tags,
        created: &r.created,
        updated: &r.updated,
        properties: &r.properties,
        frontmatter_error: &r.frontmatter_error,
        toc: &r.document.toc,
        findings: &r.findings,
        checklists: &r.checklists,
        claims: &r.claims,
        lint: &r.lint,
    };
    crate::check_cmd::to_pretty(&view)
}

fn summary(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", shown(r.title.as_deref().unwrap_or("(no title)")));
    if let Some(v) = &r.claims.verdict {
        let decision = v.decision.map(kebab).unwrap_or("not understood".into());
        let blockers = v
            .blockers
            .map(|n| format!(", {n} blockers"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "declared verdict: {} (read as {decision}{blockers})",
            shown(&v.raw)
        );
    } else {
        let _ = writeln!(out, "declared verdict: none");
    }
    for claim in &r.claims.confirmed_blockers {
        let _ = writeln!(
            out,
            "body says: confirmed blockers: {} (line {})",
            claim.count, claim.line
        );
    }
    let c = &r.claims.findings_by_class;
    let _ = writeln!(
        out,
        "findings: {} (confirmed blockers {}, recommended {}, refuted {}, strengths {}, unclassified {})",
        r.findings.len(),
        c.confirmed_blocker,
        c.recommended,
        c.refuted,
        c.strength,
        c.unclassified
    );
    let s = &r.claims.findings_by_severity;
    let severities: Vec<String> = [
        ("blocker", s.blocker),
        ("critical", s.critical),
        ("high", s.high),
        ("medium", s.medium),
        ("low", s.low),
        ("info", s.info),
        ("unknown", s.unknown),
        ("no severity", s.none),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(name, n)| format!("{name} {n}"))
    .collect();
    if !severities.is_empty() {
        let _ = writeln!(out, "  by severity: {}", severities.join(", "));
    }
    let _ = writeln!(out, "checklists: {}", r.checklists.len());
    for list in &r.checklists {
        let _ = writeln!(out, "  {}", checklist_line(list));
    }
    let _ = writeln!(out, "lint: {}", r.lint.len());
    for lint in &r.lint {
        let _ = writeln!(
            out,
            "  line {}: {}: {}",
            lint.line,
            kebab(lint.rule),
            shown(&lint.message)
        );
    }
    out.trim_end().to_string()
}

fn checklist_line(list: &Checklist) -> String {
    let human = if list.human_only { " [human-only]" } else { "" };
    let title = if list.title.is_empty() {
        "(before any heading)"
    } else {
        &list.title
    };
    format!("{}/{} {}{human}", list.checked, list.total, shown(title))
}

/// The name serde gives a unit variant (the same as in the JSON output).
fn kebab(value: impl serde::Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
