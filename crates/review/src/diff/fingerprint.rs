//! The one place that says which results of two runs are "the same result": the gate id
//! and the object the result is about, never a line number (lines move whenever the
//! migration is edited above them).

use serde::{Deserialize, Serialize};

use crate::gate::{Evidence, GateId, GateResult};
use crate::run::expectations::Expectations;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fingerprint {
    pub gate: GateId,
    /// The object the result is about (`ledger.amount`, `payments`); empty when the
    /// result is about the gate as a whole.
    pub subject: String,
}

impl Fingerprint {
    /// `gate` or `gate:subject`: how sign-offs and links name a result.
    pub fn key(&self) -> String {
        if self.subject.is_empty() {
            self.gate.to_string()
        } else {
            format!("{}:{}", self.gate, self.subject)
        }
    }
}

/// The fingerprint of `result` in a run with `expectations`. The subject is, in order:
/// the expectation the result checks (the gates name it in their message, whatever the
/// outcome); nothing for a result with no place in the SQL (a run-level gate, or a gate
/// whose expectations are missing: one result per gate); the object a message starts
/// with (`payments_ref_key: the predicate ...`); else the message without its digits,
/// which for such results says what the statement does (`the migration drops table x`)
/// and may hold a line number.
pub fn fingerprint(result: &GateResult, expectations: Option<&Expectations>) -> Fingerprint {
    let named = subjects(result.id, expectations)
        .into_iter()
        .filter(|s| mentions(&result.message, s))
        // The longest, so that `ledger.amount` wins over `ledger`.
        .max_by_key(String::len);
    let in_sql = result
        .evidence
        .iter()
        .any(|e| matches!(e, Evidence::Sql { .. }));
    let subject = match named {
        Some(subject) => subject,
        None if !in_sql => String::new(),
        None => match result.message.split_once(": ") {
            Some((object, _)) if !object.contains(char::is_whitespace) => object.to_string(),
            _ => result.message.replace(|c: char| c.is_ascii_digit(), ""),
        },
    };
    Fingerprint {
        gate: result.id,
        subject,
    }
}

/// The objects a gate's expectations name, as its messages write them.
fn subjects(gate: GateId, expectations: Option<&Expectations>) -> Vec<String> {
    let Some(e) = expectations else {
        return Vec::new();
    };
    let tables = |list: Option<Vec<String>>| list.unwrap_or_default();
    match gate {
        GateId::MoneyType => e
            .money_columns
            .iter()
            .flatten()
            .map(|c| format!("{}.{}", c.table, c.column))
            .collect(),
        GateId::ExpectedIndex | GateId::IndexPredicate => e
            .indexes
            .iter()
            .flatten()
            .map(|i| format!("{} ({})", i.table, i.columns.join(", ")))
            .chain(tables(
                e.indexes
                    .as_ref()
                    .map(|l| l.iter().map(|i| i.table.clone()).collect()),
            ))
            .collect(),
        GateId::MixedIdCheck => tables(
            e.mixed_ids
                .as_ref()
                .map(|l| l.iter().map(|m| m.table.clone()).collect()),
        ),
        GateId::AppendOnly => tables(
            e.append_only
                .as_ref()
                .map(|l| l.iter().map(|a| a.table.clone()).collect()),
        ),
        _ => Vec::new(),
    }
}

/// `word` stands alone in `text`: not part of a longer name.
fn mentions(text: &str, word: &str) -> bool {
    let is_name = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    text.match_indices(word).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(at + word.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(is_name) && !after.is_some_and(|c| is_name(c) && c != '.')
    })
}
