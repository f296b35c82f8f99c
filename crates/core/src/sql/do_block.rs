//! Reads the statements inside `DO $$ BEGIN ... EXCEPTION ... END $$;`, the wrapper older
//! drizzle-kit puts around every enum and foreign key. sqlparser refuses `DO`, so the
//! wrapped statements are cut out at their true byte offsets and parsed one by one.

use std::ops::Range;

use super::file::Tool;
use super::lexer::{Kind, Lexer};
use super::lexer::{code_words, first_word};
use super::split::split_range;

/// The statements of a DO block, and what its EXCEPTION handler catches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub statements: Vec<Range<usize>>,
    /// The condition names of its `WHEN` clauses, lower case; `None`: no handler.
    /// A caught error rolls back everything the block did before it.
    pub catches: Option<Vec<String>>,
}

/// `None`: the statement is not a DO block. `Some(Err)`: it is one whose body this
/// reader does not take apart (a DECLARE section, no BEGIN ... END).
pub fn inner_statements(text: &str, range: Range<usize>) -> Option<Result<Block, String>> {
    if !first_word(text, range.clone())?.eq_ignore_ascii_case("do") {
        return None;
    }
    Some(body_statements(text, range))
}

fn body_statements(text: &str, range: Range<usize>) -> Result<Block, String> {
    let body = dollar_body(text, range).ok_or("DO block without a dollar-quoted body")?;
    let words: Vec<(usize, &str)> = code_words(text, body.clone()).collect();
    let begin = match words.first() {
        Some((at, w)) if w.eq_ignore_ascii_case("begin") => at + w.len(),
        _ => return Err("DO block whose body does not start with BEGIN".to_string()),
    };
    let end = match words.last() {
        Some((at, w)) if w.eq_ignore_ascii_case("end") => *at,
        _ => return Err("DO block whose body does not end with END".to_string()),
    };
    let mut statements = Vec::new();
    let mut catches = None;
    for piece in split_range(text, begin..end.max(begin), Some(Tool::Psql)).pieces {
        if first_word(text, piece.range.clone())
            .is_some_and(|w| w.eq_ignore_ascii_case("exception"))
        {
            catches = Some(conditions(text, piece.range.start..end));
            break;
        }
        statements.push(piece.range);
    }
    Ok(Block {
        statements,
        catches,
    })
}

/// The condition names between each `WHEN` and its `THEN` (joined by `OR`).
fn conditions(text: &str, handler: Range<usize>) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_when = false;
    for (_, word) in code_words(text, handler) {
        let word = word.to_ascii_lowercase();
        match word.as_str() {
            "when" => in_when = true,
            "then" => in_when = false,
            "or" => {}
            _ if in_when => names.push(word),
            _ => {}
        }
    }
    names
}

/// The range inside the first dollar-quoted string of `text[range]`.
fn dollar_body(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let quoted = Lexer::new(text, range)
        .find(|t| t.kind == Kind::Literal && text.as_bytes().get(t.range.start) == Some(&b'$'))?;
    let bytes = text.as_bytes();
    let tag_len = bytes
        .get(quoted.range.start + 1..)?
        .iter()
        .position(|&b| b == b'$')?
        + 2;
    let tag = bytes.get(quoted.range.start..quoted.range.start + tag_len)?;
    let body = quoted.range.start + tag_len..quoted.range.end.checked_sub(tag_len)?;
    // Unterminated: PostgreSQL refuses it.
    let closed = body.start <= body.end && bytes.get(body.end..quoted.range.end) == Some(tag);
    closed.then_some(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(sql: &str) -> Option<Result<Vec<&str>, String>> {
        inner_statements(sql, 0..sql.len())
            .map(|r| r.map(|b| b.statements.into_iter().map(|x| &sql[x]).collect()))
    }

    #[test]
    fn reads_what_the_handler_catches() {
        let sql = "DO $$ BEGIN\n CREATE TYPE k AS ENUM ('a');\nEXCEPTION\n WHEN duplicate_object OR unique_violation THEN null;\n WHEN others THEN null;\nEND $$;";
        let block = inner_statements(sql, 0..sql.len()).unwrap().unwrap();
        assert_eq!(
            block.catches.unwrap(),
            ["duplicate_object", "unique_violation", "others"]
        );
        let plain = "DO $$ BEGIN CREATE TYPE k AS ENUM ('a'); END $$;";
        assert_eq!(
            inner_statements(plain, 0..plain.len())
                .unwrap()
                .unwrap()
                .catches,
            None
        );
    }

    #[test]
    fn reads_the_statement_before_the_exception_handler() {
        let sql = "DO $$ BEGIN\n ALTER TABLE a ADD CONSTRAINT c CHECK (x > 0);\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;";
        assert_eq!(
            inner(sql),
            Some(Ok(vec!["ALTER TABLE a ADD CONSTRAINT c CHECK (x > 0);"]))
        );
    }

    #[test]
    fn reads_a_body_without_handler_and_with_a_tag() {
        let sql = "do $x$ begin create type t as enum ('a'); end $x$";
        assert_eq!(inner(sql), Some(Ok(vec!["create type t as enum ('a');"])));
    }

    #[test]
    fn other_statements_are_not_do_blocks() {
        assert_eq!(inner("DROP TABLE do_things;"), None);
    }

    #[test]
    fn a_declare_section_is_refused() {
        assert!(matches!(
            inner("DO $$ DECLARE n int; BEGIN NULL; END $$;"),
            Some(Err(_))
        ));
    }
}
