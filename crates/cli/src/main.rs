//! `secondlook`: the same core as the browser app, on the command line.

mod bundle_cmd;
mod bundle_postgres;
mod check_cmd;
mod csp;
mod diff_cmd;
mod files;
mod folder;
mod git_base;
mod github;
mod load;
mod pglite_files;
mod prove;
mod report_cmd;
mod rules_cmd;
mod sarif;
mod show_cmd;
mod site;
mod terminal;
mod text;
mod viewer;
mod viewer_cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Decide whether a PostgreSQL migration may go ahead.
///
/// Re-checks a migration's run file and SQL against the money-safety gates, and compares
/// the result with the verdict its audit report declares. What the re-check cannot follow
/// exactly is "not verified", never a pass.
#[derive(Parser)]
#[command(
    name = "secondlook",
    // The version, the commit, and whether the viewer and PGlite are inside (build.rs).
    version = env!("SECONDLOOK_VERSION"),
    arg_required_else_help = true,
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  secondlook check --run run.json --report report.md --format github
  secondlook check --run run.json --report report.md --signoff signoff.json
  secondlook diff --base old/run.json --run run.json --format sarif
  secondlook bundle --run run.json --report report.md -o review.html
  secondlook show --run run.json --report report.md
  secondlook viewer -o site --run run.json --report report.md
  secondlook rules --format markdown > docs/gates.md";

#[derive(Subcommand)]
enum Command {
    /// Re-check a run file (and its report) and exit with the verdict, for CI
    Check(check_cmd::Args),
    /// Show what secondlook reads from an audit report
    Report(report_cmd::Args),
    /// List every gate secondlook checks, and why
    Rules(rules_cmd::Args),
    /// Write the review page as one HTML file that opens from a double-click
    Bundle(bundle_cmd::Args),
    /// Serve the review page and the inputs on 127.0.0.1 and open it, until Ctrl-C
    Show(show_cmd::Args),
    /// Write the review page as a static site (for CI's artifact storage), with the inputs
    Viewer(viewer_cmd::Args),
    /// Add the Content Security Policy to a built page, in place
    Csp(csp::Args),
    /// Say what changed since a base run: results new, fixed, changed or gone, the schema,
    /// the report's findings
    Diff(diff_cmd::Args),
}

fn main() -> ExitCode {
    // clap prints usage errors (exit 2), `--help` and `--version` (exit 0) itself.
    match Cli::parse().command {
        Command::Check(args) => check_cmd::check(&args),
        Command::Report(args) => report_cmd::run(&args),
        Command::Rules(args) => rules_cmd::run(&args),
        Command::Bundle(args) => bundle_cmd::bundle(&args),
        Command::Show(args) => show_cmd::run(&args),
        Command::Viewer(args) => viewer_cmd::run(&args),
        Command::Csp(args) => csp::run(&args),
        Command::Diff(args) => diff_cmd::run(&args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
