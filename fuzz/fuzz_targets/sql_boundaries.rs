//! Any text, scanned by the lexer and by PostgreSQL's own scanner (libpg_query): every
//! byte must be code, comment, quoted or white space for both alike, and statements
//! must end at the same places. A difference panics with the byte and the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/core/tests/scanner_oracle/mod.rs"]
mod scanner_oracle;

fuzz_target!(|text: &str| {
    // libpg_query reads C strings: a NUL ends the text there.
    if !text.contains('\0') {
        scanner_oracle::compare("fuzzed", text);
    }
});
