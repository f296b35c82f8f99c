//! PostgreSQL's lexical rules, as its scanner (`scan.l`) applies them: where comments,
//! string constants, quoted identifiers and dollar-quoted bodies begin and end. A byte
//! the re-check takes for a comment while PostgreSQL runs it would hide a statement,
//! so every rule here follows the scanner's, byte for byte, and a differential test
//! holds it to PostgreSQL's own scanner (`tests/scanner_differential.rs`).
//!
//! Only the token kinds that decide those boundaries are told apart; operators and
//! punctuation come out one byte at a time, which places comment starts inside an
//! operator (`+--`) where the scanner does.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Space,
    /// `--` to the end of the line (a line ends at LF or CR) or a nested `/* */`.
    Comment,
    /// A string constant of any form (`'…'`, `E'…'`, `B'…'`, `X'…'`, `N'…'`, `U&'…'`,
    /// continued across lines) or a dollar-quoted body.
    Literal,
    /// `"…"` or `U&"…"`.
    QuotedIdent,
    /// An identifier or keyword.
    Word,
    /// A numeric constant, with the one identifier character the scanner takes into
    /// it as trailing junk.
    Number,
    /// `$1`.
    Param,
    /// `\`: outside quotes, psql starts a meta-command here.
    Backslash,
    /// Any other byte: punctuation and operator characters.
    Other(u8),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub range: Range<usize>,
}

/// Tokens of `text[range]`; offsets stay those of `text`. An unterminated comment or
/// quote runs to the end of the range (PostgreSQL then refuses the statement).
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Whether `'…'` takes backslash escapes: `standard_conforming_strings` is off.
    pub plain_strings_escape: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str, range: Range<usize>) -> Lexer<'a> {
        let bytes = text.as_bytes();
        let end = range.end.min(bytes.len());
        Lexer {
            bytes: bytes.get(..end).unwrap_or(bytes),
            pos: range.start.min(end),
            plain_strings_escape: false,
        }
    }

    /// Where the next token starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Where the text it reads ends.
    pub fn end(&self) -> usize {
        self.bytes.len()
    }

    /// Moves to `at` (not backwards): what lies between is skipped unread.
    pub fn skip_to(&mut self, at: usize) {
        self.pos = self.pos.max(at.min(self.bytes.len()));
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    fn scan(&mut self) -> Option<Kind> {
        let i = self.pos;
        let b = self.at(i)?;
        let next = self.at(i + 1);
        let (kind, end) = match b {
            _ if is_space(b) => (Kind::Space, i + 1),
            b'-' if next == Some(b'-') => (Kind::Comment, self.line_end(i)),
            b'/' if next == Some(b'*') => (Kind::Comment, self.block_comment_end(i)),
            b'\'' => {
                let escapes = self.plain_strings_escape;
                (Kind::Literal, self.string_end(i + 1, escapes))
            }
            b'"' => (Kind::QuotedIdent, self.quoted_ident_end(i + 1)),
            b'$' => self.dollar(i),
            b'\\' => (Kind::Backslash, i + 1),
            b'0'..=b'9' => (Kind::Number, number_end(self.bytes, i)),
            b'.' if next.is_some_and(|c| c.is_ascii_digit()) => {
                (Kind::Number, number_end(self.bytes, i))
            }
            _ if is_ident_start(b) => self.word(i),
            _ => (Kind::Other(b), i + 1),
        };
        self.pos = end.max(i + 1);
        Some(kind)
    }

    /// An identifier, or a string constant its first letters prefix (`E'`, `B'`, `X'`,
    /// `N'`, `U&'`, `U&"`): the scanner takes the longer match.
    fn word(&self, i: usize) -> (Kind, usize) {
        let b = self.at(i).unwrap_or_default().to_ascii_lowercase();
        let next = self.at(i + 1);
        match (b, next) {
            (b'e', Some(b'\'')) => (Kind::Literal, self.string_end(i + 2, true)),
            // A bit string has no escapes and no doubled quote: `B'1''0'` is two
            // constants, the second a plain string.
            (b'b' | b'x', Some(b'\'')) => (Kind::Literal, self.bit_string_end(i + 2)),
            // `N'…'` is an NCHAR keyword, then a plain string.
            (b'n', Some(b'\'')) => (Kind::Word, i + 1),
            (b'u', Some(b'&')) if self.at(i + 2) == Some(b'\'') => {
                (Kind::Literal, self.string_end(i + 3, false))
            }
            (b'u', Some(b'&')) if self.at(i + 2) == Some(b'"') => {
                (Kind::QuotedIdent, self.quoted_ident_end(i + 3))
            }
            _ => {
                let len = self
                    .bytes
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&c| is_ident_cont(c))
                    .count();
                (Kind::Word, i + len)
            }
        }
    }

    /// `$1`, `$tag$…$tag$`, or a lone `$`.
    fn dollar(&self, i: usize) -> (Kind, usize) {
        // Parameter numbers take no underscores, and PostgreSQL 18 scans what follows
        // them as a token of its own.
        let digits = self
            .bytes
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits > 0 {
            return (Kind::Param, i + 1 + digits);
        }
        match dollar_tag(self.bytes, i) {
            Some(tag) => {
                let body = i + tag.len();
                let close = self
                    .bytes
                    .get(body..)
                    .and_then(|r| r.windows(tag.len()).position(|w| w == tag));
                let end = close.map_or(self.bytes.len(), |p| body + p + tag.len());
                (Kind::Literal, end)
            }
            None => (Kind::Other(b'$'), i + 1),
        }
    }

    fn line_end(&self, i: usize) -> usize {
        self.bytes
            .get(i..)
            .and_then(|r| r.iter().position(|&c| is_newline(c)))
            .map_or(self.bytes.len(), |p| i + p)
    }

    fn block_comment_end(&self, at: usize) -> usize {
        let mut depth = 0usize;
        let mut i = at;
        while i < self.bytes.len() {
            match (self.at(i), self.at(i + 1)) {
                (Some(b'/'), Some(b'*')) => {
                    depth += 1;
                    i += 2;
                }
                (Some(b'*'), Some(b'/')) => {
                    depth = depth.saturating_sub(1);
                    i += 2;
                    if depth == 0 {
                        return i;
                    }
                }
                _ => i += 1,
            }
        }
        self.bytes.len()
    }

    /// The end of a string constant whose body starts at `i`: at its closing quote,
    /// unless a quote on a later line continues it (`'a'` newline `'b'` is one
    /// constant, and an `E` string's continuation still takes escapes).
    fn string_end(&self, mut i: usize, escapes: bool) -> usize {
        while i < self.bytes.len() {
            match self.at(i) {
                Some(b'\\') if escapes => i += 2,
                Some(b'\'') if self.at(i + 1) == Some(b'\'') => i += 2,
                Some(b'\'') => match self.continuation(i + 1) {
                    Some(quote) => i = quote + 1,
                    None => return i + 1,
                },
                _ => i += 1,
            }
        }
        self.bytes.len()
    }

    /// Where the opening quote of a continuation is, if one follows a closing quote at
    /// `i - 1`: spaces and `--` comments, at least one newline, spaces and `--`
    /// comments each ended by a newline, then a quote (`quotecontinue` in `scan.l`).
    fn continuation(&self, mut i: usize) -> Option<usize> {
        let mut newline = false;
        loop {
            match (self.at(i)?, self.at(i + 1)) {
                (c, _) if is_newline(c) => {
                    newline = true;
                    i += 1;
                }
                (c, _) if is_space(c) => i += 1,
                (b'-', Some(b'-')) => {
                    let end = self.line_end(i);
                    // After the first newline a comment counts only with its newline.
                    if newline && end >= self.bytes.len() {
                        return None;
                    }
                    i = end;
                }
                (b'\'', _) if newline => return Some(i),
                _ => return None,
            }
        }
    }

    fn bit_string_end(&self, mut i: usize) -> usize {
        while i < self.bytes.len() {
            if self.at(i) == Some(b'\'') {
                match self.continuation(i + 1) {
                    Some(quote) => i = quote + 1,
                    None => return i + 1,
                }
            } else {
                i += 1;
            }
        }
        self.bytes.len()
    }

    fn quoted_ident_end(&self, mut i: usize) -> usize {
        while i < self.bytes.len() {
            match self.at(i) {
                Some(b'"') if self.at(i + 1) == Some(b'"') => i += 2,
                Some(b'"') => return i + 1,
                _ => i += 1,
            }
        }
        self.bytes.len()
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let kind = self.scan()?;
        Some(Token {
            kind,
            range: start..self.pos,
        })
    }
}

/// The tokens of `text[range]` that say something (no white space, no comments), each
/// with its text in lower case: what keyword and name tests compare.
pub fn significant(text: &str, range: Range<usize>) -> impl Iterator<Item = (Kind, String)> + '_ {
    Lexer::new(text, range)
        .filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment))
        .filter_map(move |t| Some((t.kind, text.get(t.range)?.to_ascii_lowercase())))
}

/// PostgreSQL's whitespace: space, tab, LF, CR, form feed, vertical tab.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c | 0x0b)
}

/// A `--` comment ends at either.
pub fn is_newline(b: u8) -> bool {
    matches!(b, b'\n' | b'\r')
}

pub fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

pub fn is_ident_cont(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit() || b == b'$'
}

/// If a dollar quote opens at `at` (`$$` or `$tag$`), its opening delimiter.
fn dollar_tag(bytes: &[u8], at: usize) -> Option<&[u8]> {
    let rest = bytes.get(at + 1..)?;
    let len = rest.iter().position(|&b| b == b'$')?;
    let tag = rest.get(..len)?;
    let valid = match tag.first() {
        None => true,
        Some(&first) => is_ident_start(first) && tag.iter().all(|&b| is_ident_cont(b) && b != b'$'),
    };
    if valid {
        bytes.get(at..at + len + 2)
    } else {
        None
    }
}

/// The end of `{decdigit}(_?{decdigit})*` starting at `i` (`i` itself if none).
fn decimal_run(bytes: &[u8], i: usize) -> usize {
    digit_run(bytes, i, |c| c.is_ascii_digit())
}

fn digit_run(bytes: &[u8], mut i: usize, digit: impl Fn(u8) -> bool) -> usize {
    if !bytes.get(i).is_some_and(|&c| digit(c)) {
        return i;
    }
    i += 1;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(&c), _) if digit(c) => i += 1,
            (Some(b'_'), Some(&c)) if digit(c) => i += 2,
            _ => return i,
        }
    }
}

/// The end of the numeric token at `i`, by the scanner's longest match over its
/// integer, numeric, real, fail and junk rules (PostgreSQL 16 and later).
fn number_end(bytes: &[u8], i: usize) -> usize {
    let at = |j: usize| bytes.get(j).copied();
    let junk = |end: usize| end + usize::from(at(end).is_some_and(is_ident_start));
    // 0x1F, 0o17, 0b101, and their fail forms (`0x` alone, `0x_`).
    if at(i) == Some(b'0') {
        let radix: Option<fn(u8) -> bool> = match at(i + 1) {
            Some(b'x' | b'X') => Some(|c: u8| c.is_ascii_hexdigit()),
            Some(b'o' | b'O') => Some(|c: u8| (b'0'..=b'7').contains(&c)),
            Some(b'b' | b'B') => Some(|c: u8| c == b'0' || c == b'1'),
            _ => None,
        };
        if let Some(digit) = radix {
            let first = if at(i + 2) == Some(b'_') {
                i + 3
            } else {
                i + 2
            };
            let end = digit_run(bytes, first, digit);
            let based = if end > first { junk(end) } else { first };
            // `0x` also matches the decimal rules as `0` with junk `x`: two bytes.
            return based.max(i + 2);
        }
    }
    let int_end = decimal_run(bytes, i);
    let mut end = int_end;
    if at(end) == Some(b'.') {
        // `1..10`: the integer alone (numericfail throws back the dots).
        if at(end + 1) == Some(b'.') {
            return junk(int_end);
        }
        end = decimal_run(bytes, end + 1);
    }
    if matches!(at(end), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(at(end + 1), Some(b'+' | b'-')));
        let digits = decimal_run(bytes, end + 1 + sign);
        if digits > end + 1 + sign {
            return junk(digits);
        }
        if sign == 1 {
            // realfail: the sign is part of the token.
            return end + 2;
        }
    }
    junk(end)
}

/// The words of `text[range]` outside comments, strings and quoted identifiers, with
/// their starts: what a keyword search may look at. Lazy, so that asking for a
/// statement's first keyword does not scan the whole statement.
pub fn code_words(text: &str, range: Range<usize>) -> impl Iterator<Item = (usize, &str)> {
    Lexer::new(text, range).filter_map(|token| match token.kind {
        Kind::Word | Kind::Number => text
            .get(token.range.clone())
            .map(|word| (token.range.start, word)),
        _ => None,
    })
}

/// The first word of `text[range]` outside comments and quotes (a statement's keyword).
pub fn first_word(text: &str, range: Range<usize>) -> Option<&str> {
    code_words(text, range).next().map(|(_, word)| word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(Kind, &str)> {
        Lexer::new(sql, 0..sql.len())
            .filter(|t| t.kind != Kind::Space)
            .map(|t| (t.kind, &sql[t.range]))
            .collect()
    }

    #[test]
    fn a_line_comment_ends_at_a_lone_carriage_return() {
        let sql = "-- note\rDROP TABLE t;";
        assert_eq!(
            kinds(sql),
            [
                (Kind::Comment, "-- note"),
                (Kind::Word, "DROP"),
                (Kind::Word, "TABLE"),
                (Kind::Word, "t"),
                (Kind::Other(b';'), ";")
            ]
        );
    }

    #[test]
    fn block_comments_nest() {
        let sql = "/* a /* b */ c; */ x";
        assert_eq!(
            kinds(sql),
            [(Kind::Comment, "/* a /* b */ c; */"), (Kind::Word, "x")]
        );
    }

    #[test]
    fn string_prefixes_and_escapes() {
        assert_eq!(kinds("E'a\\'b'")[0], (Kind::Literal, "E'a\\'b'"));
        // Without E, a backslash is a character and the quote ends the string.
        assert_eq!(kinds("'a\\';x'")[0], (Kind::Literal, "'a\\'"));
        assert_eq!(kinds("U&'d\\0061t'")[0], (Kind::Literal, "U&'d\\0061t'"));
        assert_eq!(
            kinds("U&\"a\"\"b\"")[0],
            (Kind::QuotedIdent, "U&\"a\"\"b\"")
        );
        assert_eq!(kinds("B'01'")[0], (Kind::Literal, "B'01'"));
        assert_eq!(kinds("X'1F'")[0], (Kind::Literal, "X'1F'"));
        assert_eq!(kinds("n'x'"), [(Kind::Word, "n"), (Kind::Literal, "'x'")]);
        // An identifier that ends in e is no E prefix.
        assert_eq!(
            kinds("namee'\\';z'"),
            [
                (Kind::Word, "namee"),
                (Kind::Literal, "'\\'"),
                (Kind::Other(b';'), ";"),
                (Kind::Word, "z"),
                (Kind::Literal, "'")
            ]
        );
    }

    #[test]
    fn with_standard_conforming_strings_off_plain_strings_escape() {
        let sql = "'\\';DROP TABLE t;--'";
        let mut lexer = Lexer::new(sql, 0..sql.len());
        lexer.plain_strings_escape = true;
        let first = lexer.next().unwrap();
        assert_eq!((first.kind, &sql[first.range]), (Kind::Literal, sql));
    }

    #[test]
    fn an_escape_string_continued_on_the_next_line_still_escapes() {
        let sql = "E'a'\n'\\';x';";
        assert_eq!(
            kinds(sql),
            [(Kind::Literal, "E'a'\n'\\';x'"), (Kind::Other(b';'), ";")]
        );
        // On the same line there is no continuation.
        let sql = "E'a' '\\';";
        assert_eq!(kinds(sql)[1], (Kind::Literal, "'\\'"));
        // A comment may sit between, before the newline.
        let sql = "E'a' -- c\n'\\';x'";
        assert_eq!(kinds(sql), [(Kind::Literal, sql)]);
    }

    #[test]
    fn dollar_quotes_params_and_identifiers_with_dollars() {
        assert_eq!(
            kinds("$tag$ a; $$ $tag$")[0],
            (Kind::Literal, "$tag$ a; $$ $tag$")
        );
        assert_eq!(kinds("a$$b$$")[0], (Kind::Word, "a$$b$$"));
        // A parameter or a number ends before a dollar quote.
        assert_eq!(kinds("$1$$;$$")[1], (Kind::Literal, "$$;$$"));
        assert_eq!(kinds("1$$;$$")[1], (Kind::Literal, "$$;$$"));
        // `$a` not closed by `$` is a lone `$` and an identifier.
        assert_eq!(
            kinds("$a b")[..2],
            [(Kind::Other(b'$'), "$"), (Kind::Word, "a")]
        );
    }

    #[test]
    fn numbers_take_one_junk_character_then_scanning_resumes() {
        // `1a` is junk; `e'…'` after it opens an escape string.
        assert_eq!(
            kinds("1ae'\\';'"),
            [(Kind::Number, "1a"), (Kind::Literal, "e'\\';'")]
        );
        // `1e` is a failed real: the string after it is plain.
        assert_eq!(kinds("1e'\\';")[1], (Kind::Literal, "'\\'"));
        assert_eq!(kinds("1e+5x")[0], (Kind::Number, "1e+5x"));
        assert_eq!(kinds("0x1F")[0], (Kind::Number, "0x1F"));
        assert_eq!(kinds("1..5")[0], (Kind::Number, "1"));
        assert_eq!(kinds(".5e")[0], (Kind::Number, ".5e"));
    }

    #[test]
    fn operators_end_where_a_comment_starts() {
        assert_eq!(
            kinds("+--x\n1"),
            [
                (Kind::Other(b'+'), "+"),
                (Kind::Comment, "--x"),
                (Kind::Number, "1")
            ]
        );
    }

    #[test]
    fn code_words_skip_comments_and_strings() {
        let sql = "RAISE NOTICE 'RAISE EXCEPTION'; -- RAISE EXCEPTION\nraise exception";
        let words: Vec<_> = code_words(sql, 0..sql.len()).map(|w| w.1).collect();
        assert_eq!(words, ["RAISE", "NOTICE", "raise", "exception"]);
    }
}
