//! Any text as a run file: an error or a run, and for a run its SQL sources and gates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use secondlook_core::run;

fuzz_target!(|text: &str| {
    match run::read(text) {
        Ok(parsed) => {
            let _ = parsed.unknown_fields();
            let _ = run::sql_sources(&parsed, "https://example.test/runs/run.json");
            let _ = secondlook_core::registry::run_gates(&parsed);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
