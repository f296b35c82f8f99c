//! How the readers, the SQL engine and the table filter grow with their input: each is timed at 1×, 4× and
//! 16× input and the time ratio is divided by the size ratio, so ~1.0 is linear and a
//! figure that climbs towards 4 at 16× is quadratic. Not a test; prints figures and
//! writes them to `target/bench/growth.json` for `scripts/bench.mjs`.
//!
//! Then the whole review of each SQL shape (`inputs::Shape`) at 1, 4 and 16 MB, each
//! case in its own process, printed as time and peak memory per MB of SQL; the bench
//! fails if a shape grows more than 2× linear from 1 to 16 MB, or if a case's peak
//! memory is over the budget (`MEMORY_BUDGET_PER_MB`), and it runs a 50 MB file too.
//! Run: `cargo bench -p secondlook-core --bench growth` (`-- shapes`: the shapes only).

mod inputs;
mod shapes;
mod timing;

use std::path::Path;
use std::time::Duration;

use inputs::Shape;
use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::recheck::check;
use secondlook_core::run::{self, expectations::Expectations};
use secondlook_core::sql::SqlFile;
use secondlook_core::workspace::filters::Filters;
use secondlook_core::workspace::findings_table::{self, Sort, SortKey};
use serde_json::json;
use timing::best_of;

const SCALES: [usize; 3] = [1, 4, 16];

/// The most a shape's time or peak memory may grow beyond its input's growth.
const MAX_GROWTH: f64 = 2.0;

/// Peak resident memory a review may take per MB of SQL, everything included (the
/// inputs, the review, the review as sent to the page and read back).
const MEMORY_BUDGET_PER_MB: f64 = 50.0;

/// The same for SQL that is one statement: sqlparser holds a statement's tokens and its
/// syntax tree whole, several times the statement's size.
const ONE_STATEMENT_BUDGET_PER_MB: f64 = 100.0;

struct Step {
    scale: usize,
    bytes: usize,
    time: Duration,
    /// Peak resident memory, MB, where measured.
    peak_mb: Option<f64>,
}

/// Times `work` on the input `make` builds at each scale.
fn grow<T>(make: impl Fn(usize) -> (T, usize), work: impl Fn(&T)) -> Vec<Step> {
    SCALES
        .iter()
        .map(|&scale| {
            let (input, bytes) = make(scale);
            let rounds = if scale == 16 { 3 } else { 7 };
            let time = best_of(rounds, || work(&input));
            Step {
                scale,
                bytes,
                time,
                peak_mb: None,
            }
        })
        .collect()
}

fn print(name: &str, steps: &[Step]) -> serde_json::Value {
    let Some(first) = steps.first() else {
        return json!(null);
    };
    let base = first.time.as_secs_f64().max(1e-9);
    let mut previous = first;
    let rows: Vec<serde_json::Value> = steps
        .iter()
        .map(|s| {
            let size = s.bytes as f64 / first.bytes as f64;
            let time = s.time.as_secs_f64() / base;
            // The same ratio against the previous scale only: a quadratic step shows ~4
            // here at every step, where a cache effect shows once, at the first.
            let step = (s.time.as_secs_f64() / previous.time.as_secs_f64().max(1e-9))
                / (s.bytes as f64 / previous.bytes as f64);
            previous = s;
            println!(
                "{name:<44} {:>3}x {:>10} bytes {:>9.2} ms   time x{time:>6.2} / size x{size:>6.2} = {:.2} (step {step:.2})",
                s.scale,
                s.bytes,
                s.time.as_secs_f64() * 1000.0,
                time / size
            );
            if let Some(peak) = s.peak_mb {
                let mb = s.bytes as f64 / shapes::MB as f64;
                println!(
                    "{:<44} {:>9.1} ms per MB, peak memory {peak:>7.1} MB = {:>5.1} MB per MB",
                    "",
                    s.time.as_secs_f64() * 1000.0 / mb,
                    peak / mb
                );
            }
            json!({
                "scale": s.scale,
                "bytes": s.bytes,
                "ms": s.time.as_secs_f64() * 1000.0,
                "perByteRatio": time / size,
                "stepRatio": step,
                "peakMb": s.peak_mb,
            })
        })
        .collect();
    json!({ "name": name, "steps": rows })
}

fn main() {
    shapes::run_case_if_child();
    let mut figures = if std::env::args().any(|a| a == "shapes") {
        Vec::new()
    } else {
        stages()
    };
    let mut over = Vec::new();
    for shape in Shape::ALL {
        let steps: Vec<Step> = SCALES
            .iter()
            .map(|&scale| {
                let rounds = if scale == 16 { 2 } else { 3 };
                let m = shapes::measure(shape, scale * shapes::MB, rounds);
                Step {
                    scale,
                    bytes: m.bytes,
                    time: m.time,
                    peak_mb: Some(m.peak_mb),
                }
            })
            .collect();
        figures.push(print(&format!("review (CPU): {}", shape.name()), &steps));
        let budget = match shape {
            Shape::OneHugeStatement => ONE_STATEMENT_BUDGET_PER_MB,
            _ => MEMORY_BUDGET_PER_MB,
        };
        over.extend(over_budget(shape.name(), &steps, budget));
    }
    let large = shapes::measure(Shape::ManyTables, 50 * shapes::MB, 1);
    let large = [Step {
        scale: 50,
        bytes: large.bytes,
        time: large.time,
        peak_mb: Some(large.peak_mb),
    }];
    // Printed only: growth.json holds the three scales of each stage.
    print("review (CPU): 50 MB file (many tables)", &large);
    over.extend(over_budget("50 MB file", &large, MEMORY_BUDGET_PER_MB));
    if large[0].peak_mb.unwrap_or(f64::MAX) > 2048.0 {
        over.push("50 MB file: peak memory over 2 GB".to_string());
    }

    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    let written = std::fs::create_dir_all(&out)
        .and_then(|()| std::fs::write(out.join("growth.json"), json!(figures).to_string()));
    match written {
        Ok(()) => println!("wrote {}", out.join("growth.json").display()),
        Err(e) => eprintln!("could not write growth.json: {e}"),
    }
    if !over.is_empty() {
        eprintln!("\nGROWTH CHECK FAILED:");
        for what in &over {
            eprintln!("  {what}");
        }
        std::process::exit(1);
    }
    println!(
        "growth check passed: every shape within {MAX_GROWTH}x linear from 1 to 16 MB, \
         peak memory within {MEMORY_BUDGET_PER_MB} MB per MB of SQL \
         ({ONE_STATEMENT_BUDGET_PER_MB} for one statement), the 50 MB file under 2 GB"
    );
}

/// What in a shape's steps breaks the budgets: time or peak memory that grows more than
/// `MAX_GROWTH` times faster than the input from the first step to the last, or a peak
/// over `budget` MB per MB of SQL at a step of at least 4 MB (below that the process's
/// own fixed size dominates).
fn over_budget(name: &str, steps: &[Step], budget: f64) -> Vec<String> {
    let mut over = Vec::new();
    if let (Some(first), Some(last)) = (steps.first(), steps.last())
        && steps.len() > 1
    {
        let size = last.bytes as f64 / first.bytes as f64;
        let time = last.time.as_secs_f64() / first.time.as_secs_f64().max(1e-9) / size;
        if time > MAX_GROWTH {
            over.push(format!("{name}: time grows {time:.2}x linear"));
        }
        if let (Some(a), Some(b)) = (first.peak_mb, last.peak_mb)
            && b / a / size > MAX_GROWTH
        {
            over.push(format!(
                "{name}: peak memory grows {:.2}x linear",
                b / a / size
            ));
        }
    }
    for step in steps.iter().filter(|s| s.bytes >= 4 * shapes::MB) {
        let per_mb = step.peak_mb.unwrap_or(0.0) / (step.bytes as f64 / shapes::MB as f64);
        if per_mb > budget {
            over.push(format!(
                "{name}: {per_mb:.1} MB of memory per MB of SQL at {} bytes, over the budget of {budget}",
                step.bytes
            ));
        }
    }
    over
}

/// The reader, engine and filter stages, each timed in this process.
fn stages() -> Vec<serde_json::Value> {
    let seed_run: serde_json::Value = serde_json::from_str(inputs::SEED_RUN).unwrap_or_default();
    let expectations: Option<Expectations> =
        serde_json::from_value(seed_run["expectations"].clone()).ok();

    let report = grow(
        |k| {
            let text = inputs::report(250 * k);
            let bytes = text.len();
            (text, bytes)
        },
        |text| {
            std::hint::black_box(secondlook_core::report::read(text));
        },
    );
    let run_reader = grow(
        |k| {
            let text = inputs::run(250 * k, 8, None);
            let bytes = text.len();
            (text, bytes)
        },
        |text| {
            std::hint::black_box(run::read(text).is_ok());
        },
    );
    let sql = grow(
        |k| one_file(inputs::migration(100 * 1024 * k).0),
        |files| {
            std::hint::black_box(check(files, expectations.as_ref()));
        },
    );
    // Lock safety where nothing is left out: every statement locks an existing table.
    let lock = grow(
        |k| one_file(inputs::lock_migration(100 * 1024 * k)),
        |files| {
            std::hint::black_box(secondlook_core::lock_safety::check(files, None));
        },
    );
    // Everything together, as the app and the CLI run it: report, run and SQL all grow.
    let whole = grow(
        |k| {
            let named = |name: &str, text: String| Named {
                name: name.to_string(),
                text,
            };
            let (sql, _) = inputs::migration(100 * 1024 * k);
            let inputs = Inputs {
                report: Some(named("report.md", inputs::report(250 * k))),
                run: Some(named("run.json", inputs::run(250 * k, 8, None))),
                sql: vec![named("schema/0000_money_core.sql", sql)],
                ..Inputs::default()
            };
            let bytes = inputs.report.as_ref().map_or(0, |r| r.text.len())
                + inputs.run.as_ref().map_or(0, |r| r.text.len())
                + inputs.sql.iter().map(|s| s.text.len()).sum::<usize>();
            (inputs, bytes)
        },
        |inputs| {
            std::hint::black_box(inputs.review());
        },
    );

    // The findings table's filter as the app runs it on each keystroke: free text that
    // matches one row in ten, then a sort.
    let table_filter = grow(
        |k| {
            let text = inputs::report(250 * k);
            let bytes = text.len();
            let review = Inputs {
                report: Some(Named {
                    name: "report.md".into(),
                    text,
                }),
                ..Inputs::default()
            }
            .review();
            (findings_table::rows(&review), bytes)
        },
        |rows| {
            let filters = Filters {
                text: "check 1".to_string(),
                sort: Some(Sort {
                    key: SortKey::Severity,
                    descending: true,
                }),
                ..Filters::default()
            };
            std::hint::black_box(filters.apply(rows));
        },
    );

    vec![
        print("report reader", &report),
        print("run reader", &run_reader),
        print("SQL engine (recheck::check)", &sql),
        print("lock safety (Squawk)", &lock),
        print("whole review (Inputs::review)", &whole),
        print("table filter (filters::apply)", &table_filter),
    ]
}

/// A migration as the one SQL file of a run, with its size.
fn one_file(text: String) -> (Vec<SqlFile>, usize) {
    let bytes = text.len();
    let files = vec![SqlFile {
        path: "bench.sql".to_string(),
        tool: None,
        text: Ok(text),
    }];
    (files, bytes)
}
