//! The audit report reader: Markdown with YAML frontmatter into a typed model.

mod frontmatter;

pub use frontmatter::{Frontmatter, FrontmatterError, split_frontmatter};

/// What a report says about itself, as far as the reader understands it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    pub title: Option<String>,
    /// The `verdict` frontmatter, verbatim (e.g. `go-with-changes (0 blockers)`).
    pub declared_verdict: Option<String>,
    /// Rows of tables whose header has an ID column.
    pub finding_count: usize,
    pub frontmatter_error: Option<FrontmatterError>,
}

/// Reads a report. It never fails: what cannot be read is recorded in the model.
pub fn read(text: &str) -> Report {
    let (yaml, body) = split_frontmatter(text);
    let (frontmatter, frontmatter_error) = match yaml.map(Frontmatter::parse) {
        Some(Ok(f)) => (f, None),
        Some(Err(e)) => (Frontmatter::default(), Some(e)),
        None => (Frontmatter::default(), None),
    };
    Report {
        title: frontmatter.text("title"),
        declared_verdict: frontmatter.text("verdict"),
        finding_count: count_id_rows(body),
        frontmatter_error,
    }
}

/// Counts body rows of GFM tables whose header names an `ID` column.
fn count_id_rows(body: &str) -> usize {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut count = 0;
    let mut in_head = false;
    let mut head_cells: Vec<String> = Vec::new();
    let mut has_id = false;
    for event in Parser::new_ext(body, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableHead) => {
                in_head = true;
                head_cells.clear();
            }
            Event::Start(Tag::TableCell) if in_head => head_cells.push(String::new()),
            Event::Text(t) | Event::Code(t) if in_head => {
                if let Some(cell) = head_cells.last_mut() {
                    cell.push_str(&t);
                }
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                has_id = head_cells.iter().any(|c| c.trim().eq_ignore_ascii_case("id"));
            }
            Event::Start(Tag::TableRow) if has_id => count += 1,
            Event::End(TagEnd::Table) => has_id = false,
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_report_title_verdict_and_findings() {
        let report = read(crate::demo::REPORT);
        assert_eq!(
            report.title.as_deref(),
            Some("Money-Core Migration Workflow — Audit Report")
        );
        assert_eq!(
            report.declared_verdict.as_deref(),
            Some("go-with-changes (0 blockers)")
        );
        assert_eq!(report.finding_count, 17);
        assert_eq!(report.frontmatter_error, None);
    }

    #[test]
    fn report_without_frontmatter_reads() {
        let report = read("# Hello\n\n| ID | x |\n|---|---|\n| A-1 | y |\n");
        assert_eq!(report.title, None);
        assert_eq!(report.finding_count, 1);
    }
}
