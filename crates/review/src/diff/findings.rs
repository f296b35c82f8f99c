//! Report findings of two reports, matched by their first ID (a row without an ID by
//! its text): added, removed, or with another class or severity.

use serde::{Deserialize, Serialize};

use crate::report::{Finding, FindingClass};

/// What a reviewer reads a finding's status as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingState {
    /// `confirmed-blocker`, `recommended`, `refuted`, `strength` or `unclassified`.
    pub class: String,
    /// The severity cell as written; `None` without a severity column.
    pub severity: Option<String>,
}

/// A finding added (`before` is `None`), removed (`after` is `None`) or with a changed
/// status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingChange {
    pub id: String,
    /// The newer report's text, or the base's when it was removed.
    pub text: String,
    pub before: Option<FindingState>,
    pub after: Option<FindingState>,
}

fn key(finding: &Finding) -> String {
    finding
        .ids
        .first()
        .cloned()
        .unwrap_or_else(|| finding.text.clone())
}

fn state(finding: &Finding) -> FindingState {
    FindingState {
        class: class_word(finding.class),
        severity: finding.severity.as_ref().map(|s| s.raw.clone()),
    }
}

fn class_word(class: FindingClass) -> String {
    serde_json::to_value(class)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn diff(base: &[Finding], report: &[Finding]) -> Vec<FindingChange> {
    let mut out = Vec::new();
    for now in report {
        let before = base.iter().find(|b| key(b) == key(now)).map(state);
        if before.as_ref() != Some(&state(now)) {
            out.push(FindingChange {
                id: key(now),
                text: now.text.clone(),
                before,
                after: Some(state(now)),
            });
        }
    }
    out.extend(
        base.iter()
            .filter(|b| !report.iter().any(|r| key(r) == key(b)))
            .map(|b| FindingChange {
                id: key(b),
                text: b.text.clone(),
                before: Some(state(b)),
                after: None,
            }),
    );
    out
}
