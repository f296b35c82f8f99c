//! Proof time against a local PostgreSQL: `secondlook check` with and without `--prove`,
//! best of 3 each, on the seed run and on a migration over a baseline of 100 earlier
//! ones (written by `cargo run --release -p secondlook-core --example bench_inputs`).
//! Not a test; prints figures. Run with a server (`source scripts/postgres.sh &&
//! postgres_start` sets one): `SECONDLOOK_TEST_PG=... cargo bench -p secondlook-cli
//! --bench prove`.

use std::process::Command;
use std::time::{Duration, Instant};

const ROUNDS: u32 = 3;

fn main() {
    let Ok(server) = std::env::var("SECONDLOOK_TEST_PG") else {
        eprintln!(
            "SECONDLOOK_TEST_PG is not set: start a server with `source scripts/postgres.sh && postgres_start` (scripts/test.sh does) and run again"
        );
        std::process::exit(2);
    };
    let fixtures = format!("{}/../../fixtures", env!("CARGO_MANIFEST_DIR"));
    let inputs = format!("{}/../../target/bench-inputs", env!("CARGO_MANIFEST_DIR"));
    let over = format!("{inputs}/baseline-100/run.json");
    if !std::path::Path::new(&over).exists() {
        eprintln!(
            "{over} is missing: write it with `cargo run --release -p secondlook-core --example bench_inputs`"
        );
        std::process::exit(2);
    }
    for (name, run) in [
        ("seed", format!("{fixtures}/seed/run.json")),
        ("over a baseline of 100 migrations", over),
    ] {
        let check = ["check", "--run", run.as_str(), "--format", "json"];
        let without = best_of(&check);
        let with = best_of(&[&check[..], &["--prove", server.as_str()]].concat());
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!("{name}: check without --prove: {:.0} ms", ms(without));
        println!("{name}: check with --prove:    {:.0} ms", ms(with));
        println!(
            "{name}: proof (scratch database, baseline, migration, probes, drop): {:.0} ms",
            ms(with.saturating_sub(without))
        );
    }
}

/// The fastest of ROUNDS runs of the command; a run that could not check (exit 2, or a
/// crash) stops the bench. A verdict that is not go (exit 1, or 3 for not verified) is a
/// figure like any other.
fn best_of(args: &[&str]) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            let output = Command::new(env!("CARGO_BIN_EXE_secondlook"))
                .args(args)
                .output()
                .expect("the secondlook binary runs");
            let took = start.elapsed();
            assert!(
                matches!(output.status.code(), Some(0 | 1 | 3)),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            took
        })
        .min()
        .unwrap_or_default()
}
