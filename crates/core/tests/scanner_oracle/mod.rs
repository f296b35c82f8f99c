//! PostgreSQL's own scanner (libpg_query, through the `pg_query` crate) as the oracle
//! for the lexer and the splitter: every byte must be code, comment, quoted or white
//! space for both alike, and the statements must end at the same places. Shared by
//! `tests/scanner_differential.rs` and the fuzz target `sql_boundaries`.

use pg_query::protobuf::Token as PgToken;
use secondlook_core::sql::file::Tool;
use secondlook_core::sql::lexer::{Kind, Lexer};
use secondlook_core::sql::split::split;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Gap,
    Comment,
    Quoted,
    Code,
}

/// Each byte's class as PostgreSQL's scanner sees it; `None` when it refuses the text
/// (an unterminated quote or comment, junk after a number): PostgreSQL then runs
/// none of it.
fn postgres_classes(sql: &str) -> Option<Vec<Class>> {
    let tokens = pg_query::scan(sql).ok()?.tokens;
    let mut classes = vec![Class::Gap; sql.len()];
    for token in tokens {
        let range = usize::try_from(token.start).ok()?..usize::try_from(token.end).ok()?;
        let first = sql.as_bytes().get(range.start).copied()?;
        let class = match PgToken::try_from(token.token).ok()? {
            PgToken::SqlComment | PgToken::CComment => Class::Comment,
            PgToken::Sconst | PgToken::Usconst | PgToken::Bconst | PgToken::Xconst => Class::Quoted,
            PgToken::Ident | PgToken::Uident
                if first == b'"' || sql.get(range.start + 1..range.start + 3) == Some("&\"") =>
            {
                Class::Quoted
            }
            _ => Class::Code,
        };
        classes.get_mut(range)?.fill(class);
    }
    Some(classes)
}

fn lexer_classes(sql: &str) -> Vec<Class> {
    let mut classes = vec![Class::Gap; sql.len()];
    for token in Lexer::new(sql, 0..sql.len()) {
        let class = match token.kind {
            Kind::Space => Class::Gap,
            Kind::Comment => Class::Comment,
            Kind::Literal | Kind::QuotedIdent => Class::Quoted,
            _ => Class::Code,
        };
        classes[token.range].fill(class);
    }
    classes
}

/// Where statements end, from PostgreSQL's classes: after each `;` at parenthesis
/// depth 0 as psql counts it (a `)` too many does not go below 0), and after the
/// last code byte when code follows the last one.
fn postgres_ends(sql: &str, classes: &[Class]) -> Vec<usize> {
    let mut depth = 0usize;
    let mut ends = Vec::new();
    let mut open = false;
    for (i, (&b, &class)) in sql.as_bytes().iter().zip(classes).enumerate() {
        if class == Class::Gap || class == Class::Comment {
            continue;
        }
        open = true;
        match b {
            b'(' if class == Class::Code => depth += 1,
            b')' if class == Class::Code => depth = depth.saturating_sub(1),
            b';' if class == Class::Code && depth == 0 => {
                ends.push(i + 1);
                open = false;
            }
            _ => {}
        }
    }
    if open {
        let last = classes
            .iter()
            .rposition(|&c| c == Class::Code || c == Class::Quoted)
            .map_or(0, |i| i + 1);
        ends.push(last);
    }
    ends
}

/// Where the splitter's statements end, as psql runs the file.
fn splitter_ends(sql: &str) -> Vec<usize> {
    split(sql, Some(Tool::Psql))
        .pieces
        .iter()
        .map(|p| p.range.end)
        .collect()
}

/// Compares one text; `false` when PostgreSQL refused to scan it.
pub fn compare(name: &str, sql: &str) -> bool {
    let Some(expected) = postgres_classes(sql) else {
        return false;
    };
    let got = lexer_classes(sql);
    if let Some(at) = (0..sql.len()).find(|&i| got[i] != expected[i]) {
        panic!(
            "{name}: byte {at} is {:?} to the lexer but {:?} to PostgreSQL\n{sql:?}",
            got[at], expected[at]
        );
    }
    // psql's meta-commands are no statements to PostgreSQL, and the oracle scans
    // with standard_conforming_strings on: compare the statements of texts with no
    // backslash in code and no change to that setting.
    let has_meta = sql
        .bytes()
        .zip(&expected)
        .any(|(b, &c)| b == b'\\' && c == Class::Code);
    let turns_escapes = sql
        .to_ascii_lowercase()
        .contains("standard_conforming_strings");
    if !has_meta && !turns_escapes {
        assert_eq!(
            splitter_ends(sql),
            postgres_ends(sql, &expected),
            "{name}: statements end elsewhere\n{sql:?}"
        );
    }
    true
}
