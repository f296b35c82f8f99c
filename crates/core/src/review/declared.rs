//! What the report says about itself, as the review compares it. The one place that
//! reads the report for the review: when the report model carries these facts itself,
//! only the bodies here change.

use super::Declared;
use crate::report::Report;

pub fn declared(report: &Report) -> Declared {
    let claims = &report.claims;
    Declared {
        verdict: report.verdict.clone(),
        confirmed_blockers: claims
            .confirmed_blockers
            .first()
            .map(|c| c.count)
            .or(claims.verdict.as_ref().and_then(|v| v.blockers)),
    }
}

/// The frontmatter's `target`: the workflow the report audits.
pub fn target(report: &Report) -> Option<&str> {
    report.target.as_deref()
}

/// The date (`YYYY-MM-DD`) the report was last updated, else created.
pub fn updated(report: &Report) -> Option<&str> {
    [&report.updated, &report.created]
        .into_iter()
        .filter_map(|value| value.as_deref())
        .find_map(leading_date)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::REPORT;

    #[test]
    fn seed_report_declares_go_with_changes_and_zero_blockers() {
        let report = crate::report::read(REPORT);
        let declared = declared(&report);
        assert_eq!(
            declared.verdict.as_deref(),
            Some("go-with-changes (0 blockers)")
        );
        assert_eq!(declared.confirmed_blockers, Some(0));
        assert_eq!(
            target(&report),
            Some(".claude/workflows/pg-money-core-migration.js")
        );
        assert_eq!(updated(&report), Some("2026-05-31"));
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
