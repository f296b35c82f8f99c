//! A finding's severity cell, read into a level plus a qualifier.
//!
//! The vocabulary is `blocker`, `critical`, `high`, `medium`, `low`, `info` (any case).
//! `high (where) / medium` means high where the qualifier applies and medium otherwise;
//! `medium / high (where)` reads the same. Anything else is not guessed at: `level` is
//! `None` and the lint reports the cell.

use serde::{Deserialize, Serialize};

/// Ordered from least to most severe, so `max` picks the worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Low,
    Medium,
    High,
    Critical,
    Blocker,
}

pub const VOCABULARY: &str = "blocker, critical, high, medium, low, info";

impl Level {
    fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "blocker" => Self::Blocker,
            "critical" => Self::Critical,
            "high" => Self::High,
            "medium" => Self::Medium,
            "low" => Self::Low,
            "info" => Self::Info,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityRead {
    /// The cell as written.
    pub raw: String,
    /// The worst level that applies anywhere; `None` when the cell is not in the vocabulary.
    pub level: Option<Level>,
    /// Where `level` applies, from `(…)` after it (e.g. `where`); `None` if everywhere.
    pub qualifier: Option<String>,
    /// The level elsewhere, when `level` is qualified (`high (where) / medium` → medium).
    pub otherwise: Option<Level>,
}

pub fn read(raw: &str) -> SeverityRead {
    let raw = raw.trim().to_string();
    let parts: Option<Vec<(Level, Option<String>)>> = raw.split('/').map(part).collect();
    let (level, qualifier, otherwise) = match parts.as_deref() {
        Some([(level, qualifier)]) => (Some(*level), qualifier.clone(), None),
        Some([(a, qa), (b, qb)]) => match (qa, qb) {
            (Some(q), None) => (Some(*a), Some(q.clone()), Some(*b)),
            (None, Some(q)) => (Some(*b), Some(q.clone()), Some(*a)),
            // Both or neither qualified: the worse applies somewhere, the other elsewhere.
            _ => (
                Some((*a).max(*b)),
                qa.clone().or(qb.clone()),
                Some((*a).min(*b)),
            ),
        },
        _ => (None, None, None),
    };
    SeverityRead {
        raw,
        level,
        qualifier,
        otherwise,
    }
}

/// `high` or `high (where)`.
fn part(text: &str) -> Option<(Level, Option<String>)> {
    let text = text.trim();
    match text.split_once('(') {
        Some((word, rest)) => {
            let qualifier = rest.trim().strip_suffix(')')?.trim();
            Some((Level::parse(word.trim())?, Some(qualifier.to_string())))
        }
        None => Some((Level::parse(text)?, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_levels_any_case() {
        assert_eq!(read("medium").level, Some(Level::Medium));
        assert_eq!(read(" HIGH ").level, Some(Level::High));
        assert_eq!(read("Blocker").qualifier, None);
    }

    #[test]
    fn qualified_level_either_side() {
        for cell in ["high (where) / medium", "medium / high (where)"] {
            let s = read(cell);
            assert_eq!(s.level, Some(Level::High), "{cell}");
            assert_eq!(s.qualifier.as_deref(), Some("where"), "{cell}");
            assert_eq!(s.otherwise, Some(Level::Medium), "{cell}");
            assert_eq!(s.raw, cell);
        }
    }

    #[test]
    fn outside_the_vocabulary_is_unknown() {
        for cell in [
            "",
            "severe",
            "medium-high",
            "high / medium / low",
            "high (where",
        ] {
            assert_eq!(read(cell).level, None, "{cell}");
        }
    }
}
