//! The whole review of each SQL shape (`inputs::Shape`), as the engine runs it: the
//! review, then the review as sent to the page and read back. Each case runs in a
//! child process of this bench, so the peak resident memory it reports (`VmHWM`) is
//! that case's alone. Time is the CPU time the review took (user and system), which
//! other work on a shared machine disturbs less than the time on the clock.

use std::process::Command;
use std::time::Duration;

use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::review::transport;

use crate::inputs::{Shape, run_naming};

/// Set in a child: which case to run, as `<shape index>:<bytes>`.
const CASE: &str = "SECONDLOOK_GROWTH_CASE";

pub const MB: usize = 1 << 20;

/// One case's figures.
pub struct Measured {
    pub bytes: usize,
    /// CPU time.
    pub time: Duration,
    /// Peak resident memory of the child, MB.
    pub peak_mb: f64,
}

/// In a child that `measure` started: runs its case, prints `<SQL bytes> <CPU ms> <peak
/// kB>` and exits.
/// Returns at once anywhere else.
pub fn run_case_if_child() {
    let Ok(case) = std::env::var(CASE) else {
        return;
    };
    let (shape, bytes) = case.split_once(':').unwrap_or_default();
    let shape = shape.parse::<usize>().ok().and_then(|i| Shape::ALL.get(i));
    let (Some(shape), Ok(bytes)) = (shape, bytes.parse::<usize>()) else {
        eprintln!("{CASE}={case}: not <shape index>:<bytes>");
        std::process::exit(2);
    };
    let files = shape.files(bytes);
    let sql_bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    let named = |name: String, text: String| Named { name, text };
    let inputs = Inputs {
        report: None,
        run: Some(named("run.json".into(), run_naming(&files))),
        sql: files
            .into_iter()
            .map(|(name, text)| named(format!("schema/{name}"), text))
            .collect(),
        ..Inputs::default()
    };
    let start = cpu_ms();
    let mut review = inputs.review();
    let sent = transport::encode_without_inputs(&mut review, &inputs);
    drop(review);
    let read = transport::decode_with_inputs(&sent, &inputs);
    std::hint::black_box(read.is_ok());
    let (Some(start), Some(end), Some(peak_kb)) = (start, cpu_ms(), peak_kb()) else {
        eprintln!("no /proc/self/stat or VmHWM in /proc/self/status: cannot measure here");
        std::process::exit(2);
    };
    let ms = end - start;
    println!("{sql_bytes} {ms} {peak_kb}");
    std::process::exit(0);
}

/// The CPU time this process has taken so far, ms (`utime` + `stime` of
/// `/proc/self/stat`, in Linux's fixed 100 ticks a second).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses: state is the first,
    // utime the 12th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |at: usize| fields.get(at)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) * 10.0)
}

/// This process's peak resident memory so far, kB.
fn peak_kb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs `shape` at `bytes` in a child `rounds` times: the fastest time, and the
/// smallest peak (each round's peak is nearly the same).
pub fn measure(shape: Shape, bytes: usize, rounds: u32) -> Measured {
    let index = Shape::ALL.iter().position(|s| *s == shape).unwrap_or(0);
    let mut best = Measured {
        bytes,
        time: Duration::MAX,
        peak_mb: f64::MAX,
    };
    for _ in 0..rounds {
        let exe = std::env::current_exe().expect("the bench's own path");
        let out = Command::new(exe)
            .env(CASE, format!("{index}:{bytes}"))
            .output()
            .expect("the bench could not start itself");
        let text = String::from_utf8_lossy(&out.stdout);
        let figures: Vec<f64> = text
            .split_whitespace()
            .filter_map(|f| f.parse().ok())
            .collect();
        let [sql_bytes, ms, peak_kb] = figures[..] else {
            panic!(
                "{} at {bytes} bytes failed ({}): {}{}",
                shape.name(),
                out.status,
                text,
                String::from_utf8_lossy(&out.stderr)
            );
        };
        best.bytes = sql_bytes as usize;
        best.time = best.time.min(Duration::from_secs_f64(ms / 1000.0));
        best.peak_mb = best.peak_mb.min(peak_kb / 1024.0);
    }
    best
}
