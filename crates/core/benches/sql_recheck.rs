//! Re-check time next to sqlparser's bare parse time of the same input: a migration of
//! at least 5 MB made by repeating the seed schema under new names. Not a test; prints
//! figures, with the lock-safety check (Squawk) on the same input and on one as large
//! whose statements all lock tables that existed before (so none is left out).
//! Run: `cargo bench -p secondlook-core --bench sql_recheck`.

mod inputs;
mod timing;

use secondlook_core::lock_safety;
use secondlook_core::recheck::check;
use secondlook_core::run::expectations::Expectations;
use secondlook_core::sql::SqlFile;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use timing::best_of;

const TARGET_BYTES: usize = 5 * 1024 * 1024;
const ROUNDS: u32 = 5;

fn main() {
    let (sql, copies) = inputs::migration(TARGET_BYTES);
    let run: serde_json::Value = serde_json::from_str(inputs::SEED_RUN).unwrap_or_default();
    let expectations: Option<Expectations> =
        serde_json::from_value(run["expectations"].clone()).ok();
    let files = [SqlFile {
        path: "bench.sql".to_string(),
        tool: None,
        text: Ok(sql.clone()),
    }];

    let mut statements = 0;
    let parse = best_of(ROUNDS, || {
        statements = Parser::parse_sql(&PostgreSqlDialect {}, &sql)
            .map(|s| s.len())
            .unwrap_or_default();
    });
    let mut gates = 0;
    let recheck = best_of(ROUNDS, || {
        gates = check(&files, expectations.as_ref()).gates.len()
    });
    let lock = best_of(ROUNDS, || {
        std::hint::black_box(lock_safety::check(&files, None));
    });
    let existing = [SqlFile {
        path: "existing.sql".to_string(),
        tool: None,
        text: Ok(inputs::lock_migration(TARGET_BYTES)),
    }];
    let mut violations = 0;
    let lock_existing = best_of(ROUNDS, || {
        violations = lock_safety::check(&existing, None).gates.len();
    });

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
    println!(
        "lock safety (Squawk), same input: {:>8.1} ms",
        lock.as_secs_f64() * 1000.0
    );
    println!(
        "lock safety, {:.2} MB on existing tables: {:>8.1} ms ({violations} results)",
        existing_bytes(&existing) as f64 / (1024.0 * 1024.0),
        lock_existing.as_secs_f64() * 1000.0
    );
}

fn existing_bytes(files: &[SqlFile]) -> usize {
    files
        .iter()
        .filter_map(|f| f.text.as_ref().ok())
        .map(String::len)
        .sum()
}
