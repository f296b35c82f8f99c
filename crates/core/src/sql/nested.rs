//! A statement's pieces as PostgreSQL may come to run them: the statement itself and,
//! read again as SQL, the text inside its strings and dollar quotes (a function or DO
//! body, dynamic SQL handed to EXECUTE, a setting named to `set_config`). The rules
//! that must find a kind of statement wherever it could run read these, so that
//! wrapping it in a body or a string does not hide it.

use super::file::Tool;
use super::lexer::{Kind, significant};
use super::split::split;

/// How deep strings inside strings are opened: a body holding dynamic SQL holding a
/// string is three.
const MAX_DEPTH: usize = 3;

/// A piece's tokens, white space and comments left out, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub tokens: Vec<(Kind, String)>,
}

impl Piece {
    /// Its words (identifiers and keywords) in order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.tokens
            .iter()
            .filter(|(kind, _)| *kind == Kind::Word)
            .map(|(_, text)| text.as_str())
    }

    /// Whether its first words are `words`.
    pub fn starts_with(&self, words: &[&str]) -> bool {
        let mut own = self.words();
        words.iter().all(|w| own.next() == Some(*w))
    }

    /// Whether it names `word` anywhere in its code.
    pub fn has_word(&self, word: &str) -> bool {
        self.words().any(|w| w == word)
    }

    /// The token after the first `word`, if any.
    pub fn after(&self, word: &str) -> Option<&(Kind, String)> {
        let at = self
            .tokens
            .iter()
            .position(|(kind, text)| *kind == Kind::Word && text == word)?;
        self.tokens.get(at + 1)
    }
}

/// The pieces of the statement `text`: itself, then those inside its strings.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    collect(text, 0, &mut out);
    out
}

fn collect(text: &str, depth: usize, out: &mut Vec<Piece>) {
    for piece in split(text, Some(Tool::Psql)).pieces {
        // Lower case throughout: what is read inside strings is compared as words too.
        let tokens: Vec<(Kind, String)> = significant(text, piece.range).collect();
        for (kind, written) in &tokens {
            if *kind == Kind::Literal
                && depth < MAX_DEPTH
                && let Some(inner) = literal_text(written)
            {
                collect(&inner, depth + 1, out);
            }
        }
        out.push(Piece { tokens });
    }
}

/// The text a string constant or dollar quote holds, quotes undoubled; `None` for a
/// bit string, which holds no SQL.
pub fn literal_text(written: &str) -> Option<String> {
    if let Some(rest) = written.strip_prefix('$') {
        let tag_len = rest.find('$')? + 2;
        let body = written.get(tag_len..written.len().checked_sub(tag_len)?)?;
        return Some(body.to_string());
    }
    let open = written.find('\'')?;
    let prefix = written.get(..open)?.to_ascii_lowercase();
    if prefix == "b" || prefix == "x" {
        return None;
    }
    let inner = written.get(open + 1..)?;
    let inner = inner.strip_suffix('\'').unwrap_or(inner);
    Some(inner.replace("''", "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_words(sql: &str) -> Vec<Vec<String>> {
        pieces(sql)
            .iter()
            .map(|p| p.words().take(3).map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn bodies_and_dynamic_sql_are_read_as_statements() {
        let sql = "DO $$ BEGIN EXECUTE 'COPY t TO PROGRAM ''sh'''; END $$;";
        let got = first_words(sql);
        assert!(
            got.contains(&vec!["copy".into(), "t".into(), "to".into()]),
            "{got:?}"
        );
        let program = pieces(sql).into_iter().find(|p| p.starts_with(&["copy"]));
        assert!(program.unwrap().has_word("program"));
    }

    #[test]
    fn bit_strings_hold_no_sql_and_depth_is_bounded() {
        assert_eq!(literal_text("B'0101'"), None);
        assert_eq!(literal_text("E'it''s'"), Some("it's".into()));
        assert_eq!(literal_text("$f$ SELECT 1 $f$"), Some(" SELECT 1 ".into()));
        let deep = "SELECT '''''''''SELECT 1''''''''';";
        assert!(pieces(deep).len() <= MAX_DEPTH + 1);
    }
}
