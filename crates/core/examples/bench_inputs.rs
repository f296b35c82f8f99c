//! Writes the large inputs the browser benchmark loads (`scripts/bench.mjs`): a report
//! with 5,000 findings, a 5 MB migration, a 10 MB run file and a migration over a
//! baseline of 100 earlier ones, each beside the seed's other inputs. Run: `cargo run --release -p secondlook-core --example bench_inputs`
//! (writes to `target/bench-inputs/`, or to the directory given as the only argument).

#[path = "../benches/inputs/mod.rs"]
mod inputs;

use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> std::io::Result<()> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, text)?;
    println!("{:>10} bytes  {}", text.len(), path.display());
    Ok(())
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-inputs"));
    let seed_run = inputs::run(0, 0, None);
    write(&dir, "report-seed.md", inputs::SEED_REPORT)?;
    write(&dir, "seed/run.json", &seed_run)?;
    write(&dir, "seed/schema/0000_money_core.sql", inputs::SEED_SQL)?;

    write(&dir, "report-5000.md", &inputs::report(5000))?;

    let (big_sql, _) = inputs::migration(5 * 1024 * 1024);
    write(&dir, "migration-5mb/run.json", &seed_run)?;
    write(&dir, "migration-5mb/schema/0000_money_core.sql", &big_sql)?;

    // About half phases and notes, half inline SQL.
    let (inline_sql, _) = inputs::migration(4 * 1024 * 1024);
    write(
        &dir,
        "run-10mb/run.json",
        &inputs::run(3200, 8, Some(&inline_sql)),
    )?;

    // A migration over a history of 100 earlier ones, for the proof with a baseline.
    let history = inputs::history(100);
    write(&dir, "baseline-100/run.json", &inputs::run_over(&history))?;
    for (name, sql) in &history {
        write(&dir, &format!("baseline-100/schema/{name}"), sql)?;
    }
    Ok(())
}
