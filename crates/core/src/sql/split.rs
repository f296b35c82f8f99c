//! Splits SQL text into statements with exact byte ranges, the way psql does: a `;` at
//! parenthesis depth 0 ends a statement, except inside comments (`--`, nested `/* */`),
//! string literals (incl. `E''` escapes), quoted identifiers and dollar-quoted bodies.
//! drizzle-kit's `--> statement-breakpoint` also ends a statement, and the direction
//! markers of two-way migration files end a statement and say whether what follows is
//! the up or down part, for the tool that runs the file that way: goose's
//! `-- +goose Up/Down`, sql-migrate's `-- +migrate Up/Down`, dbmate's
//! `-- migrate:up/down`. drizzle-kit, flyway, pg_dump and psql run the whole file: a
//! marker there is a comment. With no tool named, every marker counts (hordak's
//! `--- reverse:` ... `------` too); the caller must then doubt what the down part skips.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// The tool that runs a migration file (`schema.files[].tool`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tool {
    #[serde(rename = "drizzle-kit")]
    DrizzleKit,
    #[serde(rename = "goose")]
    Goose,
    #[serde(rename = "sql-migrate")]
    SqlMigrate,
    #[serde(rename = "dbmate")]
    Dbmate,
    #[serde(rename = "flyway")]
    Flyway,
    #[serde(rename = "pg_dump")]
    PgDump,
    #[serde(rename = "psql")]
    Psql,
}

impl Tool {
    /// The name the run file gives it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::DrizzleKit => "drizzle-kit",
            Tool::Goose => "goose",
            Tool::SqlMigrate => "sql-migrate",
            Tool::Dbmate => "dbmate",
            Tool::Flyway => "flyway",
            Tool::PgDump => "pg_dump",
            Tool::Psql => "psql",
        }
    }
}

/// Which part of a two-way migration file a statement belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// One statement's byte range: from its first code byte to its `;` (included) or its
/// last code byte; leading comments and whitespace are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub range: Range<usize>,
    pub direction: Direction,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    pub pieces: Vec<Piece>,
    /// The marker that started the first down (or reverse) section, as written.
    pub down_marker: Option<String>,
}

/// What a `--` comment means to the splitter.
enum Marker {
    None,
    Breakpoint,
    Direction(Direction),
    /// hordak's `------` operation separator: ends a reverse section.
    Separator,
}

fn marker(comment: &str, at_line_start: bool, tool: Option<Tool>) -> Marker {
    let body = comment.trim();
    if body == "> statement-breakpoint" {
        return Marker::Breakpoint;
    }
    if !at_line_start {
        return Marker::None;
    }
    let lower = body.to_ascii_lowercase();
    let ours = |owner: Tool| tool.is_none_or(|t| t == owner);
    match lower.as_str() {
        "+goose up" if ours(Tool::Goose) => Marker::Direction(Direction::Up),
        "+goose down" if ours(Tool::Goose) => Marker::Direction(Direction::Down),
        "+migrate up" if ours(Tool::SqlMigrate) => Marker::Direction(Direction::Up),
        "+migrate down" if ours(Tool::SqlMigrate) => Marker::Direction(Direction::Down),
        "migrate:up" if ours(Tool::Dbmate) => Marker::Direction(Direction::Up),
        "migrate:down" if ours(Tool::Dbmate) => Marker::Direction(Direction::Down),
        "- reverse:" if tool.is_none() => Marker::Direction(Direction::Down),
        _ if tool.is_none() && lower.len() >= 4 && lower.bytes().all(|b| b == b'-') => {
            Marker::Separator
        }
        _ => Marker::None,
    }
}

pub(crate) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// If a dollar quote opens at `at` (`$$` or `$tag$`), its opening delimiter.
fn dollar_tag(bytes: &[u8], at: usize) -> Option<&[u8]> {
    if at > 0 && bytes.get(at - 1).is_some_and(|&b| is_ident_byte(b)) {
        return None;
    }
    let rest = bytes.get(at + 1..)?;
    let len = rest.iter().position(|&b| b == b'$')?;
    let tag = rest.get(..len)?;
    let valid = match tag.first() {
        None => true,
        Some(&first) => {
            (first.is_ascii_alphabetic() || first == b'_' || first >= 0x80)
                && tag
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        }
    };
    if valid {
        bytes.get(at..at + len + 2)
    } else {
        None
    }
}

/// The end (exclusive) of the token that starts at `at` if it is a comment, string,
/// quoted identifier or dollar-quoted body; `None` for ordinary code. Unterminated
/// tokens run to the end of the text (the parser then reports them).
pub(crate) fn skip_quoted_or_comment(bytes: &[u8], at: usize) -> Option<usize> {
    let end = bytes.len();
    let b = *bytes.get(at)?;
    let next = bytes.get(at + 1).copied();
    match (b, next) {
        (b'-', Some(b'-')) => Some(
            bytes
                .get(at..)
                .and_then(|r| r.iter().position(|&c| c == b'\n'))
                .map_or(end, |p| at + p),
        ),
        (b'/', Some(b'*')) => {
            let mut depth = 0usize;
            let mut i = at;
            while i < end {
                match (bytes.get(i), bytes.get(i + 1)) {
                    (Some(b'/'), Some(b'*')) => {
                        depth += 1;
                        i += 2;
                    }
                    (Some(b'*'), Some(b'/')) => {
                        depth = depth.saturating_sub(1);
                        i += 2;
                        if depth == 0 {
                            return Some(i);
                        }
                    }
                    _ => i += 1,
                }
            }
            Some(end)
        }
        (b'\'', _) => {
            let escapes = at > 0
                && matches!(bytes.get(at - 1), Some(b'e' | b'E'))
                && !(at > 1 && bytes.get(at - 2).is_some_and(|&c| is_ident_byte(c)));
            let mut i = at + 1;
            while i < end {
                match bytes.get(i) {
                    Some(b'\\') if escapes => i += 2,
                    Some(b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    Some(b'\'') => return Some(i + 1),
                    _ => i += 1,
                }
            }
            Some(end)
        }
        (b'"', _) => {
            let mut i = at + 1;
            while i < end {
                match bytes.get(i) {
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => return Some(i + 1),
                    _ => i += 1,
                }
            }
            Some(end)
        }
        (b'$', _) => {
            let tag = dollar_tag(bytes, at)?;
            let body = at + tag.len();
            let close = bytes
                .get(body..)
                .and_then(|r| r.windows(tag.len()).position(|w| w == tag));
            Some(close.map_or(end, |p| body + p + tag.len()))
        }
        _ => None,
    }
}

fn is_line_start(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(..at)
        .unwrap_or_default()
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n')
        .all(|b| b.is_ascii_whitespace())
}

/// Splits `text[range]` into statements, as `tool` runs them (`None`: every direction
/// marker counts); offsets stay those of `text`.
pub fn split_range(text: &str, range: Range<usize>, tool: Option<Tool>) -> Split {
    let bytes = text.as_bytes().get(..range.end).unwrap_or(text.as_bytes());
    let mut split = Split::default();
    let mut direction = Direction::Up;
    let mut start: Option<usize> = None;
    let mut code_end = 0usize;
    let mut depth = 0usize;
    let mut i = range.start;

    let close = |split: &mut Split, start: &mut Option<usize>, end: usize, dir| {
        if let Some(s) = start.take() {
            split.pieces.push(Piece {
                range: s..end,
                direction: dir,
            });
        }
    };

    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if let Some(after) = skip_quoted_or_comment(bytes, i) {
            // `skip_quoted_or_comment` only answers `-` and `/` for comments.
            let is_comment = matches!(b, b'-' | b'/');
            if b == b'-' {
                let comment = text.get(i + 2..after).unwrap_or_default();
                match marker(comment, is_line_start(bytes, i), tool) {
                    Marker::None => {}
                    Marker::Breakpoint => {
                        close(&mut split, &mut start, code_end, direction);
                        depth = 0;
                    }
                    Marker::Direction(d) => {
                        close(&mut split, &mut start, code_end, direction);
                        depth = 0;
                        direction = d;
                        if d == Direction::Down && split.down_marker.is_none() {
                            split.down_marker = Some(format!("--{}", comment.trim_end()));
                        }
                    }
                    Marker::Separator if direction == Direction::Down => {
                        close(&mut split, &mut start, code_end, direction);
                        depth = 0;
                        direction = Direction::Up;
                    }
                    Marker::Separator => {}
                }
            } else if !is_comment {
                start.get_or_insert(i);
                code_end = after;
            }
            i = after.max(i + 1);
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        // A psql meta-command (`\restrict`, `\connect`...) at a statement's start runs
        // to the end of its line and is no SQL: it is a piece of its own.
        if b == b'\\' && start.is_none() {
            let end = bytes
                .get(i..)
                .and_then(|r| r.iter().position(|&c| c == b'\n'))
                .map_or(bytes.len(), |p| i + p);
            let line_end = text.get(i..end).map_or(end, |l| i + l.trim_end().len());
            split.pieces.push(Piece {
                range: i..line_end,
                direction,
            });
            i = end;
            continue;
        }
        start.get_or_insert(i);
        code_end = i + 1;
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b';' if depth == 0 => close(&mut split, &mut start, i + 1, direction),
            _ => {}
        }
        i += 1;
    }
    close(&mut split, &mut start, code_end, direction);
    split
}

/// Splits a whole file into statements, as `tool` runs it.
pub fn split(text: &str, tool: Option<Tool>) -> Split {
    split_range(text, 0..text.len(), tool)
}

/// The words of `text[range]` outside comments, strings and quoted identifiers, with
/// their starts: what a keyword search may look at. Lazy, so that asking for a
/// statement's first keyword does not scan the whole statement.
pub fn code_words(text: &str, range: Range<usize>) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes().get(..range.end).unwrap_or(text.as_bytes());
    let mut i = range.start;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if let Some(after) = skip_quoted_or_comment(bytes, i) {
                i = after.max(i + 1);
                continue;
            }
            let b = bytes.get(i).copied().unwrap_or_default();
            if is_ident_byte(b) && b != b'$' {
                let start = i;
                i += bytes
                    .get(i..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&c| is_ident_byte(c))
                    .count();
                return text.get(start..i).map(|word| (start, word));
            }
            i += 1;
        }
        None
    })
}

/// The first word of `text[range]` outside comments and quotes (a statement's keyword).
pub fn first_word(text: &str, range: Range<usize>) -> Option<&str> {
    code_words(text, range).next().map(|(_, word)| word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split(text, None)
            .pieces
            .iter()
            .map(|p| &text[p.range.clone()])
            .collect()
    }

    #[test]
    fn psql_meta_commands_are_pieces_of_their_own() {
        let sql = "\\restrict abc\n\nSET x = 1;\n\\unrestrict abc\n";
        let pieces: Vec<&str> = split(sql, None)
            .pieces
            .iter()
            .map(|p| &sql[p.range.clone()])
            .collect();
        assert_eq!(pieces, ["\\restrict abc", "SET x = 1;", "\\unrestrict abc"]);
    }

    #[test]
    fn breakpoint_after_semicolon_on_the_same_line() {
        let sql = "CREATE TABLE a (x int);--> statement-breakpoint\nCREATE INDEX i ON a (x);";
        assert_eq!(
            texts(sql),
            ["CREATE TABLE a (x int);", "CREATE INDEX i ON a (x);"]
        );
    }

    #[test]
    fn breakpoint_without_semicolon_ends_a_statement() {
        let sql = "SELECT 1\n--> statement-breakpoint\nSELECT 2";
        assert_eq!(texts(sql), ["SELECT 1", "SELECT 2"]);
    }

    #[test]
    fn semicolons_inside_quotes_comments_and_dollar_bodies_do_not_split() {
        let sql = "SELECT 'a;b', \"c;d\", E'it\\'s;' /* x; /* nested; */ y; */ -- z;\n;\
                   CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $$ ; $body$ LANGUAGE sql;\
                   DO $$ BEGIN NULL; END $$;";
        let got = texts(sql);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got[1].starts_with("CREATE FUNCTION") && got[1].ends_with("sql;"));
        assert_eq!(got[2], "DO $$ BEGIN NULL; END $$;");
    }

    #[test]
    fn leading_comments_are_not_part_of_the_statement() {
        let sql = "-- header\n/* note */\n  SELECT 1;\n-- trailing only";
        assert_eq!(texts(sql), ["SELECT 1;"]);
    }

    #[test]
    fn semicolons_inside_parentheses_do_not_split() {
        let sql = "CREATE RULE r AS ON UPDATE TO t DO INSTEAD (SELECT 1; SELECT 2); SELECT 3;";
        assert_eq!(texts(sql).len(), 2);
    }

    #[test]
    fn migrate_markers_set_direction() {
        let sql = "-- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;";
        let split = split(sql, None);
        assert_eq!(split.down_marker.as_deref(), Some("-- +migrate Down"));
        let dirs: Vec<_> = split.pieces.iter().map(|p| p.direction).collect();
        assert_eq!(dirs, [Direction::Up, Direction::Down]);
    }

    #[test]
    fn hordak_reverse_sections_end_at_the_separator() {
        let sql = "SELECT 1;\n--- reverse:\n    SELECT 2;\n------\nSELECT 3;\n";
        let dirs: Vec<_> = split(sql, None)
            .pieces
            .iter()
            .map(|p| p.direction)
            .collect();
        assert_eq!(dirs, [Direction::Up, Direction::Down, Direction::Up]);
    }

    #[test]
    fn a_decorative_dash_line_outside_reverse_sections_changes_nothing() {
        let sql = "------\nSELECT 1;\n";
        let split = split(sql, None);
        assert!(split.down_marker.is_none());
        assert_eq!(split.pieces.len(), 1);
    }

    #[test]
    fn positional_parameters_are_not_dollar_quotes() {
        let sql = "SELECT $1; SELECT a$b$ FROM t;";
        assert_eq!(texts(sql), ["SELECT $1;", "SELECT a$b$ FROM t;"]);
    }

    #[test]
    fn code_words_skip_comments_and_strings() {
        let sql = "RAISE NOTICE 'RAISE EXCEPTION'; -- RAISE EXCEPTION\nraise exception";
        let words: Vec<_> = code_words(sql, 0..sql.len()).map(|w| w.1).collect();
        assert_eq!(words, ["RAISE", "NOTICE", "raise", "exception"]);
    }

    fn directions(sql: &str, tool: Option<Tool>) -> Vec<Direction> {
        split(sql, tool)
            .pieces
            .iter()
            .map(|p| p.direction)
            .collect()
    }

    #[test]
    fn each_tool_honours_only_its_own_down_marker() {
        let goose = "-- +goose Up\nSELECT 1;\n-- +goose Down\nSELECT 2;";
        let migrate = "-- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;";
        let dbmate = "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;";
        let two_way = [Direction::Up, Direction::Down];
        let whole = [Direction::Up, Direction::Up];
        assert_eq!(directions(goose, Some(Tool::Goose)), two_way);
        assert_eq!(directions(migrate, Some(Tool::SqlMigrate)), two_way);
        assert_eq!(directions(dbmate, Some(Tool::Dbmate)), two_way);
        assert_eq!(directions(goose, Some(Tool::SqlMigrate)), whole);
        assert_eq!(directions(migrate, Some(Tool::Goose)), whole);
        for tool in [Tool::DrizzleKit, Tool::Psql, Tool::PgDump, Tool::Flyway] {
            for sql in [goose, migrate, dbmate] {
                assert_eq!(directions(sql, Some(tool)), whole, "{tool:?} {sql}");
                assert!(split(sql, Some(tool)).down_marker.is_none());
            }
        }
    }

    #[test]
    fn without_a_tool_every_down_marker_counts_and_is_named() {
        let sql = "SELECT 1;\n-- +goose Down\nDROP TABLE t;";
        let split = split(sql, None);
        assert_eq!(split.down_marker.as_deref(), Some("-- +goose Down"));
        assert_eq!(directions(sql, None), [Direction::Up, Direction::Down]);
        let hordak = "SELECT 1;\n--- reverse:\nSELECT 2;\n------\nSELECT 3;";
        assert_eq!(directions(hordak, Some(Tool::Psql)), [Direction::Up; 3]);
    }
}
