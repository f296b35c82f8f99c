//! The steps of building a review, reported to the page while a worker builds it, so
//! a large input shows what is happening instead of a frozen page.

use std::fmt;

/// A step about to run; steps come in this order, and a step that does not run (no
/// report, no readable run) is not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    ReadingReport {
        bytes: usize,
    },
    ReadingRun {
        bytes: usize,
    },
    /// The SQL files loaded for the run; `bytes` counts those whose text could be had.
    RecheckingSql {
        files: usize,
        bytes: usize,
    },
    /// The gates, the verdict, and where report and evidence disagree: always last.
    Deciding,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Stage::ReadingReport { bytes } => write!(f, "Reading the report ({})…", size(bytes)),
            Stage::ReadingRun { bytes } => write!(f, "Reading the run file ({})…", size(bytes)),
            Stage::RecheckingSql { files, bytes } => write!(
                f,
                "Re-checking {files} SQL {} ({})…",
                if files == 1 { "file" } else { "files" },
                size(bytes)
            ),
            Stage::Deciding => write!(f, "Deciding the verdict…"),
        }
    }
}

/// Decimal units, one decimal: what a file manager shows for the same file.
fn size(bytes: usize) -> String {
    match bytes {
        1 => "1 byte".to_string(),
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_name_the_step_and_its_size() {
        let said = [
            Stage::ReadingReport { bytes: 1 },
            Stage::ReadingReport { bytes: 999 },
            Stage::ReadingRun { bytes: 10_200_000 },
            Stage::RecheckingSql {
                files: 1,
                bytes: 5_300_000,
            },
            Stage::RecheckingSql {
                files: 3,
                bytes: 12_345,
            },
            Stage::Deciding,
        ]
        .map(|stage| stage.to_string());
        assert_eq!(
            said,
            [
                "Reading the report (1 byte)…",
                "Reading the report (999 bytes)…",
                "Reading the run file (10.2 MB)…",
                "Re-checking 1 SQL file (5.3 MB)…",
                "Re-checking 3 SQL files (12.3 kB)…",
                "Deciding the verdict…",
            ]
        );
    }
}
