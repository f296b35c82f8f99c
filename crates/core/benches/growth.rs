//! How the readers, the SQL engine and the table filter grow with their input: each is timed at 1×, 4× and
//! 16× input and the time ratio is divided by the size ratio, so ~1.0 is linear and a
//! figure that climbs towards 4 at 16× is quadratic. Not a test; prints figures and
//! writes them to `target/bench/growth.json` for `scripts/bench.mjs`.
//! Run: `cargo bench -p secondlook-core --bench growth`.

mod inputs;
mod timing;

use std::path::Path;
use std::time::Duration;

use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::review::ReportInput;
use secondlook_core::run::{self, expectations::Expectations};
use secondlook_core::sql::{SqlFile, check};
use secondlook_core::workspace::filters::Filters;
use secondlook_core::workspace::findings_table::{self, Sort, SortKey};
use serde_json::json;
use timing::best_of;

const SCALES: [usize; 3] = [1, 4, 16];

struct Step {
    scale: usize,
    bytes: usize,
    time: Duration,
}

/// Times `work` on the input `make` builds at each scale.
fn grow<T>(make: impl Fn(usize) -> (T, usize), work: impl Fn(&T)) -> Vec<Step> {
    SCALES
        .iter()
        .map(|&scale| {
            let (input, bytes) = make(scale);
            let rounds = if scale == 16 { 3 } else { 7 };
            let time = best_of(rounds, || work(&input));
            Step { scale, bytes, time }
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
                "{name:<30} {:>3}x {:>10} bytes {:>9.2} ms   time x{time:>6.2} / size x{size:>6.2} = {:.2} (step {step:.2})",
                s.scale,
                s.bytes,
                s.time.as_secs_f64() * 1000.0,
                time / size
            );
            json!({
                "scale": s.scale,
                "bytes": s.bytes,
                "ms": s.time.as_secs_f64() * 1000.0,
                "perByteRatio": time / size,
                "stepRatio": step,
            })
        })
        .collect();
    json!({ "name": name, "steps": rows })
}

fn main() {
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
            let review = secondlook_core::review::review(
                Some(ReportInput {
                    text: &text,
                    path: "report.md",
                }),
                None,
                &[],
            );
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

    let figures = json!([
        print("report reader", &report),
        print("run reader", &run_reader),
        print("SQL engine (sql::check)", &sql),
        print("lock safety (Squawk)", &lock),
        print("whole review (Inputs::review)", &whole),
        print("table filter (filters::apply)", &table_filter),
    ]);
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    let written = std::fs::create_dir_all(&out)
        .and_then(|()| std::fs::write(out.join("growth.json"), figures.to_string()));
    match written {
        Ok(()) => println!("wrote {}", out.join("growth.json").display()),
        Err(e) => eprintln!("could not write growth.json: {e}"),
    }
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
