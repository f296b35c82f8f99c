//! Maps byte offsets to 1-based lines and columns (columns count characters, not bytes).

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Where a statement or object sits in its file.
///
/// Written as `[file, start, end, line, column]`: a large schema holds hundreds of
/// thousands of spans, and field names would make most of what the review worker sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "SpanTuple", from = "SpanTuple")]
pub struct Span {
    /// The file's path, as `SqlFile::path`.
    pub file: String,
    /// Byte range in the file's text.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in characters) of `start`.
    pub line: u32,
    pub column: u32,
}

type SpanTuple = (String, usize, usize, u32, u32);

impl Span {
    /// Its file, line and column: where a result's reason points.
    pub fn place(&self) -> crate::gate::SqlPlace {
        crate::gate::SqlPlace {
            file: self.file.clone(),
            line: self.line,
            column: self.column,
        }
    }
}

/// `file:line:column`, as messages name a place.
impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl From<Span> for SpanTuple {
    fn from(span: Span) -> Self {
        (span.file, span.start, span.end, span.line, span.column)
    }
}

impl From<SpanTuple> for Span {
    fn from((file, start, end, line, column): SpanTuple) -> Self {
        Span {
            file,
            start,
            end,
            line,
            column,
        }
    }
}

/// The start offset of every line of one text.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// 1-based line and column of a byte offset.
    pub fn locate(&self, offset: usize) -> (u32, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let line_start = self.starts.get(line - 1).copied().unwrap_or_default();
        let column = self
            .text
            .get(line_start..offset)
            .map_or(offset - line_start, |t| t.chars().count());
        (to_u32(line), to_u32(column + 1))
    }

    pub fn span(&self, file: &str, range: Range<usize>) -> Span {
        let (line, column) = self.locate(range.start);
        Span {
            file: file.to_string(),
            start: range.start,
            end: range.end,
            line,
            column,
        }
    }
}

/// `n`, or `u32::MAX` when it does not fit: a line or column past that is no place
/// anyone reads.
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\n—x;\n";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(0), (1, 1));
        assert_eq!(index.locate(3), (2, 1));
        assert_eq!(index.locate(text.find('x').unwrap()), (2, 2));
        assert_eq!(index.locate(text.len()), (3, 1));
    }
}
