//! A whole review from fuzzed files, loaded the way the app loads them. The input is
//! text cut at NUL characters: the report, the run, then SQL files whose first line is
//! their name. An empty report or run part means none was given. Plain text (not an
//! `arbitrary` structure) so that seeds can be written by hand from real files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secondlook_core::inputs::{Inputs, Named};

fn named(name: &str, text: &str) -> Named {
    Named {
        name: name.to_string(),
        text: text.to_string(),
    }
}

fuzz_target!(|text: &str| {
    let mut parts = text.split('\0');
    let mut given = |name: &str| {
        parts
            .next()
            .filter(|t| !t.is_empty())
            .map(|t| named(name, t))
    };
    let report = given("reports/audit.md");
    let run = given("runs/run.json");
    let sql = parts
        .map(|part| {
            let (name, text) = part.split_once('\n').unwrap_or((part, ""));
            named(name, text)
        })
        .collect();
    let inputs = Inputs {
        report,
        run,
        sql,
        ..Inputs::default()
    };
    let _ = inputs.missing_sql(0);
    let _ = inputs.review();
    // As the command line reads: every file it may read is there, and says its name.
    let mut read = inputs;
    read.read_missing_sql(1, |resolved| Ok(resolved.to_string()));
    let _ = read.review();
});
