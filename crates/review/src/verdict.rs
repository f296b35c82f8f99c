//! secondlook's own verdict and what a human must check before it holds: the decision
//! the core's `verdict::decide` makes from the gate results (the rule of
//! `docs/run-format.md`), as the page shows it.

use serde::{Deserialize, Serialize};

use crate::gate::{GateId, Severity, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    // In order of caution: a later verdict holds the migration back more.
    Go,
    GoWithChanges,
    NotVerified,
    NoGo,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Go => "go",
            Verdict::GoWithChanges => "go-with-changes",
            Verdict::NotVerified => "not-verified",
            Verdict::NoGo => "no-go",
        }
    }

    /// The verdict a report's words start with (`go-with-changes (0 blockers)`, `GO,
    /// with changes`, `not verified`), if any.
    pub fn parse(words: &str) -> Option<Verdict> {
        let lower = words.to_ascii_lowercase();
        let mut words = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty());
        match (words.next(), words.next(), words.next()) {
            (Some("no"), Some("go"), _) | (Some("nogo"), _, _) => Some(Verdict::NoGo),
            (Some("not"), Some("verified"), _) => Some(Verdict::NotVerified),
            (Some("go"), Some("with"), Some("changes")) => Some(Verdict::GoWithChanges),
            (Some("go"), _, _) => Some(Verdict::Go),
            _ => None,
        }
    }
}

/// Something a human must check by hand before the verdict holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MustCheck {
    pub id: GateId,
    /// `None`: the gate gave no result at all.
    pub status: Option<Status>,
    pub severity: Severity,
    /// Why: the gate's own message.
    pub message: String,
    /// What would settle it.
    pub settle: Settle,
}

impl MustCheck {
    /// A blocker that is not verified, not reported or silent: it holds the verdict at
    /// `not-verified`.
    pub fn is_unverified_blocker(&self) -> bool {
        self.severity == Severity::Blocker && self.status != Some(Status::Fail)
    }
}

/// What would turn an open result into a pass or a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Settle {
    /// Load these SQL files the run names: each one's path and why it is not there.
    LoadFiles { files: Vec<UnreadFile> },
    /// A statement the re-check could not follow: read it by hand, or make it parse.
    Statement {
        file: String,
        line: u32,
        column: u32,
    },
    /// The run file must report this JSON path.
    Report { path: String },
    /// Nothing the tool could read would: a person checks it.
    HumanCheck,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadFile {
    pub path: String,
    pub why: String,
}

impl Settle {
    /// One sentence for the reviewer.
    pub fn sentence(&self) -> String {
        match self {
            Settle::LoadFiles { files } => {
                let names: Vec<String> = files
                    .iter()
                    .map(|f| format!("{} ({})", f.path, f.why))
                    .collect();
                format!("load the SQL the run names: {}", names.join("; "))
            }
            Settle::Statement { file, line, column } => format!(
                "check the statement at {file}:{line}:{column} by hand, or rewrite it so the \
                 re-check can follow it"
            ),
            Settle::Report { path } => format!("a run file that reports {path}"),
            Settle::HumanCheck => "a person checks it by hand".to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub verdict: Verdict,
    pub failed_blockers: usize,
    /// Blocker results that are not verified or not reported, registered blocker gates
    /// that gave no result (none of them is a pass), then failed warnings.
    pub must_check: Vec<MustCheck>,
}

impl Decision {
    /// The blockers that hold the verdict at `not-verified`, each with why and what
    /// would settle it.
    pub fn unverified_blockers(&self) -> impl Iterator<Item = &MustCheck> {
        self.must_check.iter().filter(|m| m.is_unverified_blocker())
    }

    /// The unverified blockers grouped by what would settle them (see [`by_settle`]).
    pub fn unverified_by_settle(&self) -> Vec<(&Settle, Vec<&MustCheck>)> {
        by_settle(self.unverified_blockers())
    }
}

/// `items` grouped by what would settle them, in the order first seen: one missing file
/// usually leaves every SQL blocker open, and is said once.
pub fn by_settle<'a>(
    items: impl Iterator<Item = &'a MustCheck>,
) -> Vec<(&'a Settle, Vec<&'a MustCheck>)> {
    let mut groups: Vec<(&Settle, Vec<&MustCheck>)> = Vec::new();
    for item in items {
        match groups
            .iter_mut()
            .find(|(settle, _)| **settle == item.settle)
        {
            Some((_, items)) => items.push(item),
            None => groups.push((&item.settle, vec![item])),
        }
    }
    groups
}
