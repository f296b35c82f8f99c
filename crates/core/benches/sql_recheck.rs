//! Re-check time next to sqlparser's bare parse time of the same input: a migration of
//! at least 5 MB made by repeating the seed schema under new names. Not a test; prints
//! figures. Run: `cargo bench -p secondlook-core --bench sql_recheck`.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use secondlook_core::run::expectations::Expectations;
use secondlook_core::sql::{SqlFile, check};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

const SEED: &str = include_str!("../../../fixtures/seed/schema/0000_money_core.sql");
const TARGET_BYTES: usize = 5 * 1024 * 1024;
const ROUNDS: u32 = 5;

/// The seed's own object names: tables, enum types, the trigger and its function.
const RENAMED: &[&str] = &[
    "users",
    "categories",
    "purchase_requests",
    "seller_offers",
    "payments",
    "ledger_entries",
    "trezor_accounts",
    "trezor_addresses",
    "point_transactions",
    "payment_direction",
    "payment_status",
    "ledger_kind",
    "owner_kind",
    "ledger_entries_append_only",
    "ledger_entries_no_update_delete",
];

/// The seed with every object name given `suffix`, and every name built on one (index
/// and constraint names start with their table's name).
fn copy(suffix: &str, renamed: &BTreeSet<&str>) -> String {
    let rename = |word: &str| {
        renamed.contains(word)
            || renamed
                .iter()
                .any(|n| word.strip_prefix(n).is_some_and(|r| r.starts_with('_')))
    };
    let mut out = String::with_capacity(SEED.len() + 512);
    let mut word = String::new();
    for c in SEED.chars().chain(std::iter::once('\n')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if rename(&word) {
            word.push_str(suffix);
        }
        out.push_str(&word);
        word.clear();
        out.push(c);
    }
    out
}

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
    let renamed: BTreeSet<&str> = RENAMED.iter().copied().collect();
    let mut sql = String::from(SEED);
    let mut copies = 1;
    while sql.len() < TARGET_BYTES {
        sql.push('\n');
        sql.push_str(&copy(&format!("_{copies}"), &renamed));
        copies += 1;
    }
    let run: serde_json::Value =
        serde_json::from_str(include_str!("../../../fixtures/seed/run.json")).unwrap_or_default();
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
