//! What the report says about itself, as the review compares it. The one place that
//! reads the report for the review: when the report model carries these facts itself,
//! only the bodies here change.

use serde::Serialize;

use crate::report::{Frontmatter, Report, split_frontmatter};

/// The report's own verdict and blocker count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Declared {
    /// The `verdict` frontmatter, verbatim.
    pub verdict: Option<String>,
    /// The body's "Confirmed blockers: N", else the verdict's "(N blockers)".
    pub confirmed_blockers: Option<u32>,
}

pub fn declared(report: &Report, text: &str) -> Declared {
    let from_verdict = report
        .declared_verdict
        .as_deref()
        .and_then(blockers_in_verdict);
    Declared {
        verdict: report.declared_verdict.clone(),
        confirmed_blockers: confirmed_blockers(text).or(from_verdict),
    }
}

/// The frontmatter's `target`: the workflow the report audits.
pub fn target(text: &str) -> Option<String> {
    frontmatter_text(text, "target")
}

/// The date (`YYYY-MM-DD`) the report was last updated, else created.
pub fn updated(text: &str) -> Option<String> {
    ["updated", "created"]
        .into_iter()
        .filter_map(|key| frontmatter_text(text, key))
        .find_map(|value| leading_date(&value).map(str::to_string))
}

/// Whether the report names finding `id` as a whole word (in a table, a list, a
/// sentence): `FK-01` is not in a report that only has `FK-010`.
pub fn mentions_id(text: &str, id: &str) -> bool {
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    !id.is_empty()
        && text.match_indices(id).any(|(at, _)| {
            let before = text.get(..at).and_then(|t| t.chars().next_back());
            let after = text.get(at + id.len()..).and_then(|t| t.chars().next());
            !before.is_some_and(is_id_char) && !after.is_some_and(is_id_char)
        })
}

/// A leading `YYYY-MM-DD`.
pub fn leading_date(text: &str) -> Option<&str> {
    let date = text.trim().get(..10)?;
    let shape = date.char_indices().all(|(i, c)| {
        if i == 4 || i == 7 {
            c == '-'
        } else {
            c.is_ascii_digit()
        }
    });
    shape.then_some(date)
}

fn frontmatter_text(text: &str, key: &str) -> Option<String> {
    let (yaml, _) = split_frontmatter(text);
    Frontmatter::parse(yaml?).ok()?.text(key)
}

/// The N of the first "Confirmed blockers: N" (any case, Markdown emphasis allowed).
fn confirmed_blockers(text: &str) -> Option<u32> {
    const LABEL: &str = "confirmed blockers:";
    let lower = text.to_ascii_lowercase();
    let at = lower.find(LABEL)? + LABEL.len();
    leading_number(lower.get(at..)?.trim_start_matches([' ', '*', '_']))
}

/// The N of "(N blockers)" in a verdict such as `go-with-changes (0 blockers)`.
fn blockers_in_verdict(verdict: &str) -> Option<u32> {
    let open = verdict.find('(')?;
    let inside = verdict.get(open + 1..)?;
    let n = leading_number(inside.trim_start())?;
    inside.to_ascii_lowercase().contains("blocker").then_some(n)
}

fn leading_number(text: &str) -> Option<u32> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::REPORT;

    #[test]
    fn seed_report_declares_go_with_changes_and_zero_blockers() {
        let declared = declared(&crate::report::read(REPORT), REPORT);
        assert_eq!(
            declared.verdict.as_deref(),
            Some("go-with-changes (0 blockers)")
        );
        assert_eq!(declared.confirmed_blockers, Some(0));
        assert_eq!(
            target(REPORT).as_deref(),
            Some(".claude/workflows/pg-money-core-migration.js")
        );
        assert_eq!(updated(REPORT).as_deref(), Some("2026-05-31"));
    }

    #[test]
    fn blockers_are_read_from_the_body_first_then_the_verdict() {
        assert_eq!(
            confirmed_blockers("x\n**Confirmed blockers: 12.**\n"),
            Some(12)
        );
        assert_eq!(confirmed_blockers("Confirmed blockers: none"), None);
        assert_eq!(blockers_in_verdict("no-go (3 blockers)"), Some(3));
        assert_eq!(blockers_in_verdict("go (see §2)"), None);
    }

    #[test]
    fn ids_match_as_whole_words_only() {
        assert!(mentions_id(REPORT, "FK-010"));
        assert!(mentions_id(REPORT, "TEST_001"));
        assert!(!mentions_id(REPORT, "FK-01"));
        assert!(!mentions_id(REPORT, "TEST_00"));
        assert!(!mentions_id("", ""));
    }

    #[test]
    fn dates_need_their_full_shape() {
        assert_eq!(leading_date("2026-05-31 after backend"), Some("2026-05-31"));
        assert_eq!(leading_date("31.05.2026"), None);
        assert_eq!(leading_date("2026-5-3"), None);
    }
}
