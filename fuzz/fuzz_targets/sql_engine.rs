//! Any text as one migration file, checked against the seed run's expectations and
//! against none, and coloured for display.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use secondlook_core::run::expectations::Expectations;
use secondlook_core::recheck;
use secondlook_core::sql::{self, SqlFile};

fn seed_expectations() -> &'static Option<Expectations> {
    static SEED: OnceLock<Option<Expectations>> = OnceLock::new();
    SEED.get_or_init(|| {
        secondlook_core::run::read(secondlook_core::demo::RUN)
            .ok()
            .and_then(|run| run.expectations)
    })
}

fuzz_target!(|text: &str| {
    let files = [SqlFile {
        path: "schema/fuzzed.sql".into(),
        tool: None,
        text: Ok(text.to_string()),
    }];
    let _ = recheck::check(&files, seed_expectations().as_ref());
    let _ = recheck::check(&files, None);
    let _ = sql::highlight::highlight(text);
});
