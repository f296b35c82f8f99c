//! Findings: every row of a table whose header has an ID column.
//!
//! Columns are found by header name: `ID`/`IDs`, `Phase`, `Severity`; the text is the
//! first other column whose header reads like one (`Change`, `Why…`, `Description`, …),
//! else the first other column. So column order does not matter.
//!
//! A finding's class comes from the text column's header first, then from the headings
//! it sits under, innermost first:
//! - a text header saying "not a blocker" (or "refuted", "non-issue") → refuted; this is
//!   why the seed's "Confirmed Blockers" table of things that are NOT blockers is refuted;
//! - a heading saying "refuted", "non-issue", "not an issue", "false positive" or
//!   "not a blocker" → refuted;
//! - a heading saying "blocker" → confirmed blocker;
//! - "recommend", "change", "improvement", "suggest" → recommended change;
//! - "strength", "does well", "done well", "trust these" → strength;
//! - none of these → unclassified (never guessed).

use super::document::{self, Block, Inline, Section, Visit, plain_text};
use super::severity;
use super::slug::Slugger;

pub use secondlook_review::report::findings::{Finding, FindingClass};

pub fn collect(blocks: &[Block], slugger: &mut Slugger) -> Vec<Finding> {
    let mut findings = Vec::new();
    document::visit(blocks, &mut |block, sections| {
        if let Block::Table { header, rows, .. } = block {
            table_findings(header, rows, sections, slugger, &mut findings);
        }
        Visit::Descend
    });
    findings
}

struct Columns {
    id: usize,
    phase: Option<usize>,
    severity: Option<usize>,
    text: Option<usize>,
}

fn columns(header: &[String]) -> Option<Columns> {
    let is = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let id = is(&["id", "ids", "finding id", "finding ids"])?;
    let phase = is(&["phase"]);
    let severity = is(&["severity", "sev"]);
    let others: Vec<usize> = (0..header.len())
        .filter(|i| ![Some(id), phase, severity].contains(&Some(*i)))
        .collect();
    const TEXT_WORDS: &[&str] = &[
        "change",
        "why",
        "description",
        "finding",
        "issue",
        "detail",
        "summary",
        "recommend",
        "text",
        "note",
        "rationale",
        "fix",
    ];
    let text = others
        .iter()
        .copied()
        .find(|&i| {
            header
                .get(i)
                .is_some_and(|h| TEXT_WORDS.iter().any(|w| h.contains(w)))
        })
        .or(others.first().copied());
    Some(Columns {
        id,
        phase,
        severity,
        text,
    })
}

fn table_findings(
    header: &[Vec<Inline>],
    rows: &[document::TableRow],
    sections: &[Section],
    slugger: &mut Slugger,
    findings: &mut Vec<Finding>,
) {
    let header: Vec<String> = header
        .iter()
        .map(|cell| plain_text(cell).trim().to_lowercase())
        .collect();
    let Some(columns) = columns(&header) else {
        return;
    };
    let text_header = columns.text.and_then(|i| header.get(i)).map(String::as_str);
    let class = classify(text_header.unwrap_or_default(), sections);
    let section: Vec<String> = sections.iter().map(|s| s.text.clone()).collect();
    for row in rows {
        let cell = |i: Option<usize>| i.and_then(|i| row.cells.get(i));
        let cell_text = |i: Option<usize>| cell(i).map(|c| plain_text(c).trim().to_string());
        let ids = split_ids(&cell_text(Some(columns.id)).unwrap_or_default());
        let anchor_base = format!(
            "finding-{}",
            ids.first()
                .map(|id| anchor_safe(id))
                .unwrap_or("row".into())
        );
        let severity_column = columns
            .severity
            .map(|i| cell_text(Some(i)).unwrap_or_default());
        findings.push(Finding {
            phase: cell_text(columns.phase).filter(|p| !p.is_empty()),
            text: cell_text(columns.text).unwrap_or_default(),
            content: cell(columns.text).cloned().unwrap_or_default(),
            severity: severity_column.as_deref().map(severity::read),
            class,
            section: section.clone(),
            line: row.line,
            anchor: slugger.unique(&anchor_base),
            ids,
        });
    }
}

fn classify(text_header: &str, sections: &[Section]) -> FindingClass {
    let says = |text: &str, words: &[&str]| words.iter().any(|w| text.contains(w));
    if says(
        text_header,
        &["not a blocker", "not blocker", "refuted", "non-issue"],
    ) {
        return FindingClass::Refuted;
    }
    sections
        .iter()
        .rev()
        .find_map(|s| {
            let h = s.text.to_lowercase();
            if says(
                &h,
                &[
                    "refuted",
                    "non-issue",
                    "non issue",
                    "not an issue",
                    "false positive",
                    "not a blocker",
                ],
            ) {
                Some(FindingClass::Refuted)
            } else if says(&h, &["blocker"]) {
                Some(FindingClass::ConfirmedBlocker)
            } else if says(&h, &["recommend", "change", "improvement", "suggest"]) {
                Some(FindingClass::Recommended)
            } else if says(&h, &["strength", "does well", "done well", "trust these"]) {
                Some(FindingClass::Strength)
            } else {
                None
            }
        })
        .unwrap_or(FindingClass::Unclassified)
}

/// Splits an ID cell: always on ` / `; then a part is split on `/` too when every piece
/// is ID-like (letters, digits, `-`, `_`, no lowercase, at least one uppercase letter or
/// digit), so `FK-001/FK-006` gives two IDs. Topic words such as `immutability`,
/// `prod-guard` or `DUAL_WRITE idempotency` are kept as written: they are how the report
/// names the item, and dropping them would lose it.
pub fn split_ids(cell: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for part in cell.split(" / ").map(str::trim).filter(|p| !p.is_empty()) {
        let pieces: Vec<&str> = part.split('/').map(str::trim).collect();
        if pieces.len() > 1 && pieces.iter().all(|p| id_like(p)) {
            ids.extend(pieces.into_iter().map(str::to_string));
        } else {
            ids.push(part.to_string());
        }
    }
    ids
}

fn id_like(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && token.chars().any(|c| c.is_ascii_alphanumeric())
}

fn anchor_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_cells_split_on_spaced_and_tight_slashes() {
        assert_eq!(
            split_ids("FK-001/FK-006/FK-008"),
            ["FK-001", "FK-006", "FK-008"]
        );
        assert_eq!(
            split_ids(
                "IDEMPOTENCY_INDEX_REPRODUCTION_NOT_TESTED / SCHEMA_AGENTS_INDEX_REPRODUCTION_NO_VERIFY / FK-001/FK-006/FK-008"
            )
            .len(),
            5
        );
        assert_eq!(
            split_ids("MIXED_ID / immutability / prod-guard / version-bump"),
            ["MIXED_ID", "immutability", "prod-guard", "version-bump"]
        );
        assert_eq!(split_ids("and/or"), ["and/or"]);
        assert_eq!(split_ids(""), Vec::<String>::new());
    }

    fn section(text: &str) -> Section {
        Section {
            level: 2,
            text: text.into(),
            slug: String::new(),
        }
    }

    #[test]
    fn class_from_column_header_then_headings() {
        let blockers = [section("2. Confirmed Blockers (must fix)")];
        assert_eq!(
            classify("why it is not a blocker", &blockers),
            FindingClass::Refuted
        );
        assert_eq!(
            classify("change", &blockers),
            FindingClass::ConfirmedBlocker
        );
        assert_eq!(
            classify("change", &[section("3. Recommended Changes")]),
            FindingClass::Recommended
        );
        assert_eq!(
            classify("x", &[section("Refuted / Non-Issues")]),
            FindingClass::Refuted
        );
        assert_eq!(
            classify("x", &[section("Blockers"), section("Strengths")]),
            FindingClass::Strength
        );
        assert_eq!(
            classify("x", &[section("Appendix")]),
            FindingClass::Unclassified
        );
    }
}
