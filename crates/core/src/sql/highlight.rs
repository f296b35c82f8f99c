//! Syntax classes for showing SQL with colour, from sqlparser's own tokenizer so that the
//! colours agree with what the re-check parsed. Text the tokenizer refuses (an unclosed
//! string, say) is shown uncoloured rather than not at all.

use serde::Serialize;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Location, Token, Tokenizer, Whitespace};

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
    let mut lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, _)| Line {
            number: i + 1,
            parts: Vec::new(),
        })
        .collect();
    for (class, start, end) in classified_ranges(text) {
        push_range(&mut lines, text, class, start, end);
    }
    lines
}

/// Byte ranges covering the whole text, in order, each with its class.
fn classified_ranges(text: &str) -> Vec<(TokenClass, usize, usize)> {
    let dialect = PostgreSqlDialect {};
    let Ok(tokens) = Tokenizer::new(&dialect, text).tokenize_with_location() else {
        return vec![(TokenClass::Plain, 0, text.len())];
    };
    let mut offsets = Offsets::new(text);
    let starts: Vec<(TokenClass, usize)> = tokens
        .iter()
        .filter(|t| t.token != Token::EOF)
        .map(|t| (classify(&t.token), offsets.byte_at(t.span.start)))
        .collect();
    let ends = starts.iter().skip(1).map(|(_, s)| *s).chain([text.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|((class, start), end)| (*class, *start, end))
        .filter(|(_, start, end)| start < end)
        .collect()
}

fn classify(token: &Token) -> TokenClass {
    match token {
        Token::Word(w) if w.quote_style.is_none() && w.keyword != Keyword::NoKeyword => {
            TokenClass::Keyword
        }
        Token::Word(_) => TokenClass::Identifier,
        Token::Number(..) => TokenClass::Number,
        Token::Whitespace(Whitespace::SingleLineComment { .. })
        | Token::Whitespace(Whitespace::MultiLineComment(_)) => TokenClass::Comment,
        Token::SingleQuotedString(_)
        | Token::DollarQuotedString(_)
        | Token::EscapedStringLiteral(_)
        | Token::NationalStringLiteral(_)
        | Token::UnicodeStringLiteral(_)
        | Token::HexStringLiteral(_)
        | Token::SingleQuotedByteStringLiteral(_) => TokenClass::String,
        _ => TokenClass::Plain,
    }
}

/// Splits a range at line breaks and appends its pieces to the lines they fall on.
fn push_range(lines: &mut [Line], text: &str, class: TokenClass, start: usize, end: usize) {
    let Some(piece) = text.get(start..end) else {
        return;
    };
    let first_line = text.get(..start).map_or(0, |t| t.matches('\n').count());
    for (i, segment) in piece.split('\n').enumerate() {
        if segment.is_empty() {
            continue;
        }
        if let Some(line) = lines.get_mut(first_line + i) {
            match line.parts.last_mut() {
                Some((last, s)) if *last == class => s.push_str(segment),
                _ => line.parts.push((class, segment.to_string())),
            }
        }
    }
}

/// Turns the tokenizer's (line, character column) locations into byte offsets. The
/// tokens come in order, so one forward walk over the text serves them all.
struct Offsets<'a> {
    text: &'a str,
    byte: usize,
    line: u64,
    column: u64,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            line: 1,
            column: 1,
        }
    }

    fn byte_at(&mut self, target: Location) -> usize {
        let rest = self.text.get(self.byte..).unwrap_or_default();
        for c in rest.chars() {
            if (self.line, self.column) >= (target.line, target.column) {
                break;
            }
            self.byte += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.byte
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
    fn text_the_tokenizer_refuses_is_shown_plain() {
        let sql = "SELECT 'unclosed\nstring";
        let lines = highlight(sql);
        assert_eq!(
            lines[0].parts,
            vec![(TokenClass::Plain, "SELECT 'unclosed".into())]
        );
        assert_eq!(lines[1].parts, vec![(TokenClass::Plain, "string".into())]);
    }
}
