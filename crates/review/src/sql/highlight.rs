//! Syntax classes for showing SQL with colour, from the lexer that follows PostgreSQL's
//! scanner, so a comment, string or quoted name is coloured where PostgreSQL ends it,
//! and a word is a keyword when PostgreSQL's keyword list holds it.

use serde::Serialize;

use super::keywords::is_keyword;
use super::lexer::{Kind, Lexer, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenClass {
    Keyword,
    Identifier,
    String,
    Number,
    Comment,
    Plain,
}

/// One source line, 1-based, cut into coloured parts that together are the whole line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub number: usize,
    pub parts: Vec<(TokenClass, String)>,
}

pub fn highlight(text: &str) -> Vec<Line> {
    split_lines(text, 1, classified_ranges(text))
}

/// A file's text, ready to colour any run of its lines. A large file is shown a few
/// hundred lines at a time: colouring one run tokenizes only from the last statement
/// start before it to the first one after it (where no string or comment can be open),
/// not the whole file, and the whole file's lines are never held at once.
pub struct Highlighter {
    text: String,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    /// Byte offsets where a token may start fresh, ascending, 0 first: the starts of the
    /// file's statements as the re-check cut them.
    restarts: Vec<usize>,
}

impl Highlighter {
    /// `statement_starts`: byte offsets of the file's statements (its report's spans);
    /// offsets out of order or outside the text are left out.
    pub fn new(text: String, statement_starts: impl IntoIterator<Item = usize>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut restarts = vec![0];
        for start in statement_starts {
            if restarts.last().is_some_and(|last| start > *last)
                && start < text.len()
                && text.is_char_boundary(start)
            {
                restarts.push(start);
            }
        }
        Highlighter {
            text,
            line_starts,
            restarts,
        }
    }

    /// How many lines the text has (a last line without a line break counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Lines `numbers` (1-based, end excluded), coloured; lines past the end are left out.
    pub fn lines(&self, numbers: std::ops::Range<usize>) -> Vec<Line> {
        let first = numbers.start.max(1);
        let end = numbers.end.min(self.line_count() + 1);
        if first >= end {
            return Vec::new();
        }
        let from = self.line_start(first);
        let to = self.line_start(end);
        let start = self
            .restarts
            .get(
                self.restarts
                    .partition_point(|r| *r <= from)
                    .saturating_sub(1),
            )
            .copied()
            .unwrap_or(0);
        let stop = self
            .restarts
            .get(self.restarts.partition_point(|r| *r < to))
            .copied()
            .unwrap_or(self.text.len());
        let Some(chunk) = self.text.get(start..stop) else {
            return Vec::new();
        };
        let chunk_first = self.line_starts.partition_point(|s| *s <= start);
        split_lines(chunk, chunk_first, classified_ranges(chunk))
            .into_iter()
            .filter(|line| (first..end).contains(&line.number))
            .collect()
    }

    /// The byte offset where line `number` starts; the text's end past the last line.
    fn line_start(&self, number: usize) -> usize {
        self.line_starts
            .get(number - 1)
            .copied()
            .unwrap_or(self.text.len())
    }
}

/// `text` cut into lines numbered from `first`, each line the pieces of the ranges
/// that fall on it. The ranges cover the text in order, so one walk places them all.
fn split_lines(text: &str, first: usize, ranges: Vec<(TokenClass, usize, usize)>) -> Vec<Line> {
    let mut lines = vec![Line {
        number: first,
        parts: Vec::new(),
    }];
    for (class, start, end) in ranges {
        let Some(piece) = text.get(start..end) else {
            continue;
        };
        for (i, segment) in piece.split('\n').enumerate() {
            if i > 0 {
                lines.push(Line {
                    number: first + lines.len(),
                    parts: Vec::new(),
                });
            }
            let Some(line) = lines.last_mut().filter(|_| !segment.is_empty()) else {
                continue;
            };
            match line.parts.last_mut() {
                Some((last, s)) if *last == class => s.push_str(segment),
                _ => line.parts.push((class, segment.to_string())),
            }
        }
    }
    lines
}

/// Byte ranges covering the whole text, in order, each with its class. An unclosed
/// string or comment runs to the end, as the lexer reads it. A range's start moves up
/// to the next character boundary (a number's junk byte can end inside a character),
/// so every character lands in one piece.
fn classified_ranges(text: &str) -> Vec<(TokenClass, usize, usize)> {
    let starts: Vec<(TokenClass, usize)> = Lexer::new(text, 0..text.len())
        .map(|t| {
            let class = classify(text, &t);
            let start = (t.range.start..=text.len())
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(text.len());
            (class, start)
        })
        .collect();
    let ends = starts.iter().skip(1).map(|(_, s)| *s).chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|((class, start), end)| (*class, *start, end))
        .filter(|(_, start, end)| start < end)
        .collect()
}

fn classify(text: &str, token: &Token) -> TokenClass {
    match token.kind {
        Kind::Word if text.get(token.range.clone()).is_some_and(is_keyword) => TokenClass::Keyword,
        Kind::Word | Kind::QuotedIdent => TokenClass::Identifier,
        Kind::Number => TokenClass::Number,
        Kind::Comment => TokenClass::Comment,
        Kind::Literal => TokenClass::String,
        Kind::Space | Kind::Param | Kind::Backslash | Kind::Other(_) => TokenClass::Plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(line: &Line) -> String {
        line.parts.iter().map(|(_, s)| s.as_str()).collect()
    }

    #[test]
    fn lines_keep_every_character_and_classes_follow_tokens() {
        let sql = "CREATE TABLE \"t\" (\n  a numeric(38, 18) DEFAULT 'x' -- é\n);";
        let lines = highlight(sql);
        assert_eq!(lines.len(), 3);
        let rebuilt: Vec<String> = lines.iter().map(joined).collect();
        assert_eq!(rebuilt.join("\n"), sql);
        assert_eq!(lines[0].parts[0], (TokenClass::Keyword, "CREATE".into()));
        assert!(
            lines[0]
                .parts
                .contains(&(TokenClass::Identifier, "\"t\"".into()))
        );
        assert!(lines[1].parts.contains(&(TokenClass::Number, "38".into())));
        assert!(lines[1].parts.contains(&(TokenClass::String, "'x'".into())));
        assert!(
            lines[1]
                .parts
                .contains(&(TokenClass::Comment, "-- é\n".trim_end().into()))
        );
    }

    #[test]
    fn dollar_quoted_bodies_span_lines_as_strings() {
        let sql = "AS $$\nBEGIN\nEND;\n$$;";
        let lines = highlight(sql);
        assert_eq!(lines[1].parts, vec![(TokenClass::String, "BEGIN".into())]);
    }

    #[test]
    fn an_unclosed_string_is_shown_as_a_string_to_the_end() {
        let sql = "SELECT 'unclosed\nstring";
        let lines = highlight(sql);
        assert_eq!(
            lines[0].parts,
            vec![
                (TokenClass::Keyword, "SELECT".into()),
                (TokenClass::Plain, " ".into()),
                (TokenClass::String, "'unclosed".into())
            ]
        );
        assert_eq!(lines[1].parts, vec![(TokenClass::String, "string".into())]);
    }

    #[test]
    fn quoted_names_and_words_outside_the_keyword_list_are_identifiers() {
        let lines = highlight("select \"select\", amount_minor FROM U&\"d\\0061t\"");
        let class_of = |text: &str| {
            lines[0]
                .parts
                .iter()
                .find(|(_, s)| s == text)
                .map(|(c, _)| *c)
        };
        assert_eq!(class_of("select"), Some(TokenClass::Keyword));
        assert_eq!(class_of("\"select\""), Some(TokenClass::Identifier));
        assert_eq!(class_of("amount_minor"), Some(TokenClass::Identifier));
        assert_eq!(class_of("FROM"), Some(TokenClass::Keyword));
        assert_eq!(class_of("U&\"d\\0061t\""), Some(TokenClass::Identifier));
    }

    #[test]
    fn nested_comments_are_one_comment() {
        let lines = highlight("/* a /* b */ c; */ DROP");
        assert_eq!(
            lines[0].parts,
            vec![
                (TokenClass::Comment, "/* a /* b */ c; */".into()),
                (TokenClass::Plain, " ".into()),
                (TokenClass::Keyword, "DROP".into())
            ]
        );
    }

    #[test]
    fn lines_cover_the_whole_text_whatever_it_holds() {
        for sql in [
            "",
            "\n\n",
            "SELECT 1é, 0xé; $$ open",
            "/* open\n-- x",
            "a\r\nb $1 \\x $tag$ é $tag$",
            "1e+ 1..2 'a'\n'b'",
        ] {
            let lines = highlight(sql);
            let rebuilt: Vec<String> = lines.iter().map(joined).collect();
            assert_eq!(rebuilt.join("\n"), sql, "{sql:?}");
            assert_eq!(lines.len(), sql.split('\n').count(), "{sql:?}");
        }
    }

    const STATEMENTS: &str = "CREATE TABLE t (a text);\n\
        CREATE FUNCTION f() RETURNS void AS $$\nBEGIN\n  -- 'not a string\nEND;\n$$ LANGUAGE plpgsql;\n\
        /* a comment\nover lines */ INSERT INTO t VALUES ('x\ny'); SELECT 1;\n";

    fn statement_starts(text: &str) -> Vec<usize> {
        ["CREATE TABLE", "CREATE FUNCTION", "/* a", "SELECT 1"]
            .iter()
            .filter_map(|s| text.find(s))
            .collect()
    }

    #[test]
    fn any_run_of_lines_is_coloured_as_the_whole_text_colours_it() {
        let whole = highlight(STATEMENTS);
        let lines = Highlighter::new(STATEMENTS.into(), statement_starts(STATEMENTS));
        assert_eq!(lines.line_count(), whole.len());
        for first in 1..=whole.len() {
            for end in first..=whole.len() + 1 {
                assert_eq!(
                    lines.lines(first..end),
                    whole[first - 1..end - 1],
                    "{first}..{end}"
                );
            }
        }
        assert_eq!(lines.lines(0..2), whole[..1]);
        assert!(lines.lines(whole.len() + 1..whole.len() + 5).is_empty());
    }

    #[test]
    fn statement_starts_that_cannot_be_used_are_left_out() {
        let whole = highlight(STATEMENTS);
        // Before the one ahead of it, past the end: either would colour from inside a
        // token.
        let function = statement_starts(STATEMENTS)[1];
        let wrong = [function, function - 3, STATEMENTS.len() + 3, usize::MAX];
        let lines = Highlighter::new(STATEMENTS.into(), wrong);
        assert_eq!(lines.lines(1..whole.len() + 1), whole);
    }
}
