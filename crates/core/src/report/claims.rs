//! What the report claims about itself: its declared verdict, any "Confirmed blockers: N"
//! line in the body, and how many findings it lists by class and severity. These are
//! claims to check against the evidence, not facts.

use super::document::{self, Block, Visit, plain_text};
use super::findings::{Finding, FindingClass};
use super::severity::Level;
use crate::verdict::Verdict;

pub use secondlook_review::report::claims::{
    Claims, ClassCounts, CountClaim, DeclaredVerdict, SeverityCounts,
};

pub fn collect(verdict: Option<&str>, blocks: &[Block], findings: &[Finding]) -> Claims {
    let mut by_class = ClassCounts::default();
    let mut by_severity = SeverityCounts::default();
    for finding in findings {
        *match finding.class {
            FindingClass::ConfirmedBlocker => &mut by_class.confirmed_blocker,
            FindingClass::Recommended => &mut by_class.recommended,
            FindingClass::Refuted => &mut by_class.refuted,
            FindingClass::Strength => &mut by_class.strength,
            FindingClass::Unclassified => &mut by_class.unclassified,
        } += 1;
        *match finding.severity.as_ref().map(|s| s.level) {
            None => &mut by_severity.none,
            Some(None) => &mut by_severity.unknown,
            Some(Some(Level::Blocker)) => &mut by_severity.blocker,
            Some(Some(Level::Critical)) => &mut by_severity.critical,
            Some(Some(Level::High)) => &mut by_severity.high,
            Some(Some(Level::Medium)) => &mut by_severity.medium,
            Some(Some(Level::Low)) => &mut by_severity.low,
            Some(Some(Level::Info)) => &mut by_severity.info,
        } += 1;
    }
    Claims {
        verdict: verdict.map(read_verdict),
        confirmed_blockers: blocker_lines(blocks),
        findings_by_class: by_class,
        findings_by_severity: by_severity,
    }
}

pub fn read_verdict(raw: &str) -> DeclaredVerdict {
    let words: Vec<String> = raw
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let blockers = words.windows(2).find_map(|w| match w {
        [n, b] if b.starts_with("blocker") => n.parse().ok(),
        _ => None,
    });
    DeclaredVerdict {
        raw: raw.to_string(),
        decision: Verdict::parse(raw),
        blockers,
    }
}

fn blocker_lines(blocks: &[Block]) -> Vec<CountClaim> {
    let mut claims = Vec::new();
    document::visit(blocks, &mut |block, _| {
        if let Block::Paragraph { content, line } | Block::Heading { content, line, .. } = block
            && let Some(count) = confirmed_blockers(&plain_text(content))
        {
            claims.push(CountClaim { count, line: *line });
        }
        Visit::Descend
    });
    claims
}

/// `Confirmed blockers: 0` in a paragraph or heading (any case; `none` counts as 0).
fn confirmed_blockers(text: &str) -> Option<u64> {
    const KEY: &str = "confirmed blockers:";
    let lower = text.to_lowercase();
    let at = lower.find(KEY)?;
    let rest = lower.get(at + KEY.len()..)?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        rest.starts_with("none").then_some(0)
    } else {
        digits.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_blocker_count_comes_from_the_verdict_words() {
        // Which verdict the words name is `Verdict::parse`'s, tested with every reader
        // in `review`.
        assert_eq!(
            read_verdict("go-with-changes (0 blockers)").blockers,
            Some(0)
        );
        assert_eq!(read_verdict("NO-GO: 2 blockers").blockers, Some(2));
        assert_eq!(read_verdict("Go").blockers, None);
    }

    #[test]
    fn body_blocker_lines() {
        assert_eq!(confirmed_blockers("Confirmed blockers: 0."), Some(0));
        assert_eq!(confirmed_blockers("CONFIRMED BLOCKERS: 12"), Some(12));
        assert_eq!(confirmed_blockers("Confirmed blockers: none"), Some(0));
        assert_eq!(confirmed_blockers("Confirmed blockers: see below"), None);
        assert_eq!(confirmed_blockers("No claim here"), None);
    }
}
