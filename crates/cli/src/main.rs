//! `secondlook`: the same core as the browser app, on the command line.

mod check_cmd;
mod github;
mod sarif;
mod text;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("report") => report(&args[1..]),
        Some("check") => check_cmd::check(&args[1..]),
        _ => {
            eprintln!("usage: secondlook report FILE.md");
            eprintln!("{}", check_cmd::USAGE);
            ExitCode::from(2)
        }
    }
}

fn report(args: &[String]) -> ExitCode {
    let Some(path) = args.first() else {
        eprintln!("usage: secondlook report FILE.md");
        return ExitCode::from(2);
    };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let report = secondlook_core::report::read(&text);
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("secondlook: cannot read {path}: {e}");
            ExitCode::from(2)
        }
    }
}
