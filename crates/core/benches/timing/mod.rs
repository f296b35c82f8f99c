//! Timing shared by the benches (each bench file compiles its own copy).

use std::time::{Duration, Instant};

/// The fastest of `rounds` runs of `f`: the least disturbed by the rest of the machine.
pub fn best_of(rounds: u32, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}
