//! `secondlook rules`: the gate catalog from the core's
//! registry. `docs/gates.md` is the markdown output, committed; a test keeps it equal.

use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

use secondlook_core::gate::{GateInfo, Severity};
use secondlook_core::lock_safety::rules::rule_page;
use secondlook_core::registry::{examples, infos};

use crate::terminal::fail;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How to print it
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print one gate's example in full instead (the seed migration or run file with
    /// its change made, or its SQL), to try it: `--example money-type/numeric-38-2`
    #[arg(long, value_name = "GATE/NAME")]
    example: Option<String>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// Each gate with what it checks, why, when it fires and passes
    Text,
    /// The registry's entries as a JSON array
    Json,
    /// The catalog committed as docs/gates.md
    Markdown,
}

pub fn run(args: &Args) -> ExitCode {
    if let Some(wanted) = &args.example {
        return example(wanted);
    }
    let output = match args.format {
        Format::Text => text(),
        Format::Json => json(),
        Format::Markdown => markdown(),
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = write!(std::io::stdout().lock(), "{output}");
    ExitCode::SUCCESS
}

fn example(wanted: &str) -> ExitCode {
    let found =
        examples().find(|(gate, example)| format!("{}/{}", gate.id, example.name) == wanted);
    let Some((_, example)) = found else {
        return fail(&format!(
            "no example {wanted:?}; `secondlook rules` lists each gate's examples by name"
        ));
    };
    match example.input.text() {
        Ok(full) => {
            let _ = write!(std::io::stdout().lock(), "{full}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("example {wanted}: {e}")),
    }
}

/// One line per example: what it expects, its name, its sentence and its input.
fn example_lines(gate: &GateInfo, code: &str) -> Vec<String> {
    gate.examples
        .iter()
        .map(|e| {
            format!(
                "{} {code}{}{code}: {}",
                e.expect.label(),
                e.name,
                e.sentence()
            )
        })
        .collect()
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Blocker => "blocker",
        Severity::Warning => "warning",
    }
}

fn related(gate: &GateInfo, quote: &str) -> String {
    if gate.relates_to.is_empty() {
        return "none".to_string();
    }
    gate.relates_to
        .iter()
        .map(|id| format!("{quote}{id}{quote}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn text() -> String {
    let mut out = String::new();
    for gate in infos() {
        let _ = writeln!(
            out,
            "{} ({}): {}",
            gate.id,
            severity(gate.severity),
            gate.title
        );
        for (label, words) in [("checks", gate.checks), ("why", gate.why)] {
            let _ = writeln!(out, "  {label}: {words}");
        }
        for line in example_lines(gate, "") {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "  related findings: {}\n", related(gate, ""));
    }
    out
}

fn json() -> String {
    let gates: Vec<&GateInfo> = infos().collect();
    let mut out = serde_json::to_string_pretty(&gates).unwrap_or_default();
    out.push('\n');
    out
}

fn markdown() -> String {
    let mut out = String::from(
        "# Gates\n\n\
         Every gate secondlook checks, in the order results are shown. Generated from the \
         core's registry by `secondlook rules --format markdown`; do not edit by hand.\n\n\
         The verdict is one of four and fails closed: a blocker that fails makes it \
         `no-go`; else a blocker that is not verified or not reported makes it \
         `not-verified` (never a kind of go); else a warning that fails makes it \
         `go-with-changes`; else it is `go`.\n\n\
         Each gate's examples are run by `crates/core/tests/examples.rs`: the seed \
         migration or run file (`fixtures/seed/`) with one change, or SQL on its own. \
         `secondlook rules --example <gate>/<name>` prints one in full.\n",
    );
    for gate in infos() {
        let _ = write!(
            out,
            "\n## `{id}`: {title}\n\n\
             Severity: **{severity}**\n\n\
             **Checks.** {checks}\n\n\
             **Why it matters for money.** {why}\n\n\
             **Examples:**\n\n{examples}\n\n\
             **Related report findings:** {related}\n",
            id = gate.id,
            title = gate.title,
            severity = severity(gate.severity),
            checks = gate.checks,
            why = gate.why,
            examples = example_lines(gate, "`")
                .iter()
                .map(|line| format!("- {line}"))
                .collect::<Vec<_>>()
                .join("\n"),
            related = related(gate, "`"),
        );
        if let Some(page) = rule_page(gate.id) {
            let _ = writeln!(out, "\n**Squawk's rule page:** <{page}>");
        }
    }
    out
}
