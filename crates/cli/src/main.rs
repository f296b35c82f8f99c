//! `secondlook`: the same core as the browser app, on the command line.

mod bundle_cmd;
mod check_cmd;
mod csp;
mod diff_cmd;
mod github;
mod load;
mod report_cmd;
mod rules_cmd;
mod sarif;
mod text;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("report") => report_cmd::run(rest),
        Some("check") => check_cmd::check(rest),
        Some("rules") => rules_cmd::run(rest),
        Some("bundle") => bundle_cmd::bundle(rest),
        Some("csp") => csp::run(rest),
        Some("diff") => diff_cmd::run(rest),
        _ => {
            eprintln!("usage: secondlook report FILE.md [--format text|json]");
            eprintln!("{}", check_cmd::USAGE);
            eprintln!("{}", rules_cmd::USAGE);
            eprintln!("{}", bundle_cmd::USAGE);
            eprintln!("{}", diff_cmd::USAGE);
            eprintln!("{}", csp::USAGE);
            ExitCode::from(2)
        }
    }
}
