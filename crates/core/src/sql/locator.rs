//! Places sqlparser's statement-relative token locations in the file, as the review's
//! [`Span`]s.

use crate::sql::location::{Span, to_u32};

/// Places sqlparser's statement-relative locations (of identifiers) in the file.
pub struct Locator<'a> {
    /// The statement's text, as given to sqlparser.
    pub text: &'a str,
    pub span: &'a Span,
}

impl Locator<'_> {
    /// The statement-relative byte offset of a sqlparser location.
    fn offset(&self, at: sqlparser::tokenizer::Location) -> Option<usize> {
        let (line, column) = (
            usize::try_from(at.line).ok()?,
            usize::try_from(at.column).ok()?,
        );
        if line == 0 || column == 0 {
            return None;
        }
        let mut offset = 0usize;
        for _ in 1..line {
            offset += self.text.get(offset..)?.find('\n')? + 1;
        }
        let skip: usize = self
            .text
            .get(offset..)?
            .chars()
            .take(column - 1)
            .map(char::len_utf8)
            .sum();
        Some(offset + skip)
    }

    /// The file span of a token (an identifier) that sqlparser located, or the
    /// statement's span when it kept no location for it.
    pub fn at(&self, token: sqlparser::tokenizer::Span) -> Span {
        let Some(start) = self.offset(token.start) else {
            return self.span.clone();
        };
        let end = self
            .offset(token.end)
            .filter(|&e| e >= start)
            .unwrap_or(start);
        let (line, column) = (
            to_u32(usize::try_from(token.start.line).unwrap_or(1)),
            token.start.column,
        );
        let column = to_u32(usize::try_from(column).unwrap_or(1));
        Span {
            file: self.span.file.clone(),
            start: self.span.start + start,
            end: self.span.start + end,
            line: self.span.line.saturating_add(line - 1),
            column: if line == 1 {
                self.span.column.saturating_add(column - 1)
            } else {
                column
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::location::LineIndex;
    use sqlparser::tokenizer::{Location, Span as TokenSpan};

    #[test]
    fn locator_places_tokens_in_the_file() {
        let file = "-- x\nCREATE TABLE t (\n  \"amount\" int);";
        let span = LineIndex::new(file).span("m.sql", 5..file.len());
        let loc = Locator {
            text: &file[5..],
            span: &span,
        };
        let token = TokenSpan::new(Location::new(2, 3), Location::new(2, 11));
        let at = loc.at(token);
        assert_eq!((at.line, at.column), (3, 3));
        assert_eq!(&file[at.start..at.end], "\"amount\"");
        assert_eq!(loc.at(TokenSpan::empty()), span);
    }
}
