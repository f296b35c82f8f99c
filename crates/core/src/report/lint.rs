//! Problems in the report itself, each with its 1-based line in the report file.
//!
//! The table checks read the raw source line, because the renderer hides them: GFM splits
//! a row on every unescaped `|`, even inside a code span, and pulldown-cmark drops cells
//! beyond the header's count without a trace (the seed's `VERSION_BUMP_DETECTION` row
//! loses its severity `low` this way).

use std::collections::HashMap;

use super::document::{self, Block, Visit};
use super::findings::Finding;
use super::frontmatter::FrontmatterError;
use super::severity::VOCABULARY;

pub use secondlook_review::report::lint::{Lint, LintKind};

pub struct Input<'a> {
    pub text: &'a str,
    pub frontmatter_error: Option<&'a FrontmatterError>,
    pub has_title: bool,
    pub has_verdict: bool,
    pub blocks: &'a [Block],
    pub findings: &'a [Finding],
    pub flattened_from: Option<usize>,
}

pub fn check(input: &Input<'_>) -> Vec<Lint> {
    let mut lints = Vec::new();
    let mut add = |line, rule, message: String| {
        lints.push(Lint {
            line,
            rule,
            message,
        })
    };
    if is_json(input.text) {
        add(
            1,
            LintKind::NotMarkdown,
            "this file is JSON, not a Markdown report; a run file is loaded as the run".into(),
        );
    }
    if let Some(line) = input.flattened_from {
        add(
            line,
            LintKind::NestingFlattened,
            format!(
                "blocks are nested more than {} levels deep here; deeper levels are shown flattened",
                document::MAX_DEPTH
            ),
        );
    }
    if let Some(e) = input.frontmatter_error {
        add(
            e.line,
            LintKind::FrontmatterInvalid,
            format!("frontmatter: {} (column {})", e.message, e.column),
        );
    }
    if !input.has_title {
        add(
            1,
            LintKind::MissingTitle,
            "no `title` in the frontmatter".into(),
        );
    }
    if !input.has_verdict {
        add(
            1,
            LintKind::MissingVerdict,
            "no `verdict` in the frontmatter".into(),
        );
    }
    let lines: Vec<&str> = input.text.lines().collect();
    document::visit(input.blocks, &mut |block, _| {
        if let Block::Table { header, rows, .. } = block {
            for row in rows {
                let source = row.line.checked_sub(1).and_then(|i| lines.get(i));
                if let Some(lint) = source.and_then(|s| row_cells(s, header.len(), row.line)) {
                    add(lint.line, lint.rule, lint.message);
                }
            }
        }
        Visit::Descend
    });
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for finding in input.findings {
        if finding.ids.is_empty() {
            add(
                finding.line,
                LintKind::FindingWithoutId,
                "table row with an empty ID cell".into(),
            );
        }
        for id in &finding.ids {
            match first_seen.get(id.as_str()) {
                Some(first) => add(
                    finding.line,
                    LintKind::DuplicateFindingId,
                    format!("ID `{id}` was already used on line {first}"),
                ),
                None => {
                    first_seen.insert(id, finding.line);
                }
            }
        }
        if let Some(severity) = finding.severity.as_ref().filter(|s| s.level.is_none()) {
            add(
                finding.line,
                LintKind::UnknownSeverity,
                format!("severity `{}` is not one of {VOCABULARY}", severity.raw),
            );
        }
    }
    lints.sort_by_key(|l| l.line);
    lints
}

/// A whole JSON object or array: what a run file given as the report looks like.
fn is_json(text: &str) -> bool {
    text.trim_start().starts_with(['{', '['])
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

fn row_cells(source: &str, header_len: usize, line: usize) -> Option<Lint> {
    let cells = split_row(source);
    if cells.len() > header_len {
        let dropped: Vec<String> = cells
            .iter()
            .skip(header_len)
            .map(|c| format!("`{}`", c.trim()))
            .collect();
        Some(Lint {
            line,
            rule: LintKind::TableRowExtraCells,
            message: format!(
                "row has {} cells but the header has {header_len}; not shown: {} \
                 (an unescaped `|`, even in a code span, splits a cell: write `\\|`)",
                cells.len(),
                dropped.join(", ")
            ),
        })
    } else if cells.len() < header_len {
        Some(Lint {
            line,
            rule: LintKind::TableRowMissingCells,
            message: format!(
                "row has {} cells but the header has {header_len}; the rest show empty",
                cells.len()
            ),
        })
    } else {
        None
    }
}

/// The cells of a table row as GFM splits it: on every `|` not escaped by `\`, with one
/// leading and one trailing pipe optional. Quote markers of a table inside a quote go.
pub fn split_row(source: &str) -> Vec<&str> {
    let mut row = source.trim_start();
    while let Some(rest) = row.strip_prefix('>') {
        row = rest.trim_start();
    }
    let row = row.trim_end();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in row.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '|' => {
                cells.push(row.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    // A row ending in an unescaped pipe has no cell after it.
    if start < row.len() {
        cells.push(row.get(start..).unwrap_or_default());
    }
    if row.starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_gfm() {
        assert_eq!(split_row("| a | b |"), [" a ", " b "]);
        assert_eq!(split_row("a | b"), ["a ", " b"]);
        assert_eq!(split_row("| a \\| b | c |"), [" a \\| b ", " c "]);
        assert_eq!(split_row("| `x | y` | z |").len(), 3);
        assert_eq!(split_row("> | a | b |"), [" a ", " b "]);
        assert_eq!(split_row("| a | |"), [" a ", " "]);
    }

    #[test]
    fn extra_and_missing_cells() {
        let extra = row_cells("| a | `b | c` | low |", 2, 7).expect("a lint");
        assert_eq!((extra.rule, extra.line), (LintKind::TableRowExtraCells, 7));
        assert!(extra.message.contains("`c``, `low`"), "{}", extra.message);
        let missing = row_cells("| a |", 2, 8).expect("a lint");
        assert_eq!(missing.rule, LintKind::TableRowMissingCells);
        assert_eq!(row_cells("| a | b |", 2, 9), None);
    }
}
