//! The lexer against PostgreSQL's own scanner (libpg_query, through the `pg_query`
//! crate): on every fixture and corpus file, and on generated text made of the pieces
//! where scanners disagree (line ends, comment and quote openers, prefixes, dollar
//! tags, backslashes), every byte must be code, comment, quoted or white space for
//! both alike, and the statements must end at the same semicolons. A byte the lexer
//! calls a comment while PostgreSQL runs it would hide a statement from the re-check.
//! The words it calls keywords, for the page's colours, are PostgreSQL's too.

#![cfg(not(target_arch = "wasm32"))]

mod scanner_oracle;

use std::path::{Path, PathBuf};

use scanner_oracle::compare;
use secondlook_core::sql::keywords::is_keyword;
use secondlook_core::sql::lexer::{Kind, Lexer};

fn sql_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sql_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_and_corpus_file_scans_as_postgresql_scans_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    sql_files(&root, &mut files);
    assert!(files.len() > 50, "only {} SQL files found", files.len());
    let mut compared = 0;
    for path in &files {
        let sql = std::fs::read_to_string(path).unwrap();
        if compare(&path.display().to_string(), &sql) {
            compared += 1;
        }
    }
    // A file PostgreSQL cannot scan is compared nowhere: most must scan.
    assert!(
        compared * 10 >= files.len() * 9,
        "{compared} of {}",
        files.len()
    );
}

/// The highlighter colours a word as a keyword when PostgreSQL's keyword list holds it:
/// over every fixture, each word PostgreSQL's scanner takes for a keyword must be one the
/// list holds, and no other. The `N` of `N'…'` is left out: PostgreSQL scans it as the
/// keyword `NCHAR`, a word it does not spell.
#[test]
fn the_keyword_list_holds_the_words_postgresql_scans_as_keywords() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    sql_files(&root, &mut files);
    let mut words = 0;
    for path in &files {
        let sql = std::fs::read_to_string(path).unwrap();
        let Ok(scanned) = pg_query::scan(&sql) else {
            continue;
        };
        for token in scanned.tokens {
            let range = token.start as usize..token.end as usize;
            let text = &sql[range.clone()];
            let is_word = Lexer::new(&sql, range.clone())
                .next()
                .is_some_and(|t| t.kind == Kind::Word && t.range == range);
            if !is_word || sql[range.end..].starts_with('\'') {
                continue;
            }
            words += 1;
            assert_eq!(
                is_keyword(text),
                token.keyword_kind != 0,
                "{}: {text:?} at byte {}",
                path.display(),
                range.start
            );
        }
    }
    assert!(words > 10_000, "only {words} words compared");
}

/// The pieces generated texts are made of: where a scanner can go wrong.
const PIECES: &[&str] = &[
    "--",
    "-",
    "/*",
    "*/",
    "/",
    "*",
    "'",
    "''",
    "\"",
    "\"\"",
    "E'",
    "e'",
    "B'",
    "x'",
    "N'",
    "U&'",
    "u&\"",
    "U&",
    "$",
    "$$",
    "$a$",
    "$tag$",
    "$1",
    "$_9$",
    "\\",
    "\\'",
    "\\\\",
    "\r",
    "\n",
    "\r\n",
    " ",
    "\t",
    "\x0b",
    "\x0c",
    ";",
    "(",
    ")",
    "SELECT",
    "x",
    "e",
    "ab",
    "1",
    "12",
    "0x1F",
    "1e5",
    ".5",
    "..",
    "+",
    "=",
    "::",
    "é",
    "DROP TABLE t",
    "-- note",
    "/* c */",
    "'a'",
    "$$b$$",
    "--> statement-breakpoint",
    "-- +goose Down",
];

/// xorshift64*: the same texts on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn ten_thousand_generated_texts_scan_as_postgresql_scans_them() {
    let mut rng = Rng(0x5EC0_4D10_0C0F_FEE5);
    let mut compared = 0;
    let mut tried = 0;
    while compared < 10_000 {
        tried += 1;
        assert!(
            tried < 400_000,
            "PostgreSQL refused too many texts: {compared} compared"
        );
        let len = 1 + rng.below(30);
        let sql: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        if compare(&format!("generated #{tried}"), &sql) {
            compared += 1;
        }
    }
}

#[test]
fn the_hostile_examples_split_as_postgresql_splits_them() {
    for sql in [
        "-- note\rDROP TABLE ledger_entries CASCADE;",
        "SELECT 1; -- a\r\nDROP TABLE a;",
        "/* /* */ DROP TABLE b; */ SELECT 1;",
        "SELECT E'\\'';DROP TABLE c;--';",
        "SELECT E'x'\n'\\'';DROP TABLE d;--';",
        "SELECT $1$$;DROP TABLE f;$$;",
    ] {
        assert!(compare(sql, sql), "PostgreSQL refused {sql:?}");
    }
}
