//! The seed's proof time against a local PostgreSQL: `secondlook check` on the seed run
//! with and without `--prove`, best of 3 each. Not a test; prints figures. Run with a
//! server (`source scripts/postgres.sh && postgres_start` sets one):
//! `SECONDLOOK_TEST_PG=... cargo bench -p secondlook-cli --bench prove`.

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
    let run = format!(
        "{}/../../fixtures/seed/run.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let check = ["check", "--run", run.as_str(), "--format", "json"];
    let without = best_of(&check);
    let with = best_of(&[&check[..], &["--prove", server.as_str()]].concat());
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("seed check without --prove: {:.0} ms", ms(without));
    println!("seed check with --prove:    {:.0} ms", ms(with));
    println!(
        "proof (scratch database, migration, probes, drop): {:.0} ms",
        ms(with.saturating_sub(without))
    );
}

/// The fastest of ROUNDS runs of the command; a failing run stops the bench.
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
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            took
        })
        .min()
        .unwrap_or_default()
}
