//! `secondlook`: the same core as the browser app, on the command line.

use std::process::ExitCode;

mod report_cmd;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("report") => report_cmd::run(args.get(1..).unwrap_or_default()),
        _ => {
            eprintln!("usage: secondlook report FILE.md");
            ExitCode::from(2)
        }
    }
}
