//! Re-check time next to sqlparser's bare parse time of the same input: a migration of
//! at least 5 MB made by repeating the seed schema under new names. Not a test; prints
//! figures. Run: `cargo bench -p secondlook-core --bench sql_recheck`.

use std::time::{Duration, Instant};

mod inputs;

use secondlook_core::run::expectations::Expectations;
use secondlook_core::sql::{SqlFile, check};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

const TARGET_BYTES: usize = 5 * 1024 * 1024;
const ROUNDS: u32 = 5;

fn best_of(mut f: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let (sql, copies) = inputs::migration(TARGET_BYTES);
    let run: serde_json::Value = serde_json::from_str(inputs::SEED_RUN).unwrap_or_default();
    let expectations: Option<Expectations> =
        serde_json::from_value(run["expectations"].clone()).ok();
    let files = [SqlFile {
        path: "bench.sql".to_string(),
        text: Ok(sql.clone()),
    }];

    let mut statements = 0;
    let parse = best_of(|| {
        statements = Parser::parse_sql(&PostgreSqlDialect {}, &sql)
            .map(|s| s.len())
            .unwrap_or_default();
    });
    let mut gates = 0;
    let recheck = best_of(|| gates = check(&files, expectations.as_ref()).gates.len());

    let mb = sql.len() as f64 / (1024.0 * 1024.0);
    println!("input: {mb:.2} MB, {copies} copies of the seed schema, {statements} statements");
    println!(
        "bare sqlparser parse: {:>8.1} ms",
        parse.as_secs_f64() * 1000.0
    );
    println!(
        "secondlook re-check:  {:>8.1} ms ({gates} gate results)",
        recheck.as_secs_f64() * 1000.0
    );
    println!(
        "ratio re-check / parse: {:.2} (target < 1.5)",
        recheck.as_secs_f64() / parse.as_secs_f64()
    );
}
