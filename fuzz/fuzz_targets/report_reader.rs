//! Any text as an audit report: reading never fails, so it must never panic either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let report = secondlook_core::report::read_at(text, "reports/fuzzed.md");
    // The render tree is what the app walks; serialising walks all of it.
    let _ = serde_json::to_string(&report);
});
