//! Splits SQL text into statements with exact byte ranges, where PostgreSQL ends them:
//! a `;` at parenthesis depth 0 outside comments, strings, quoted identifiers and
//! dollar-quoted bodies, by the lexical rules in `lexer`. After a statement that turns
//! `standard_conforming_strings` off, plain strings take backslash escapes, as psql
//! and the tools that send a statement at a time then read them. A psql meta-command
//! (a backslash in code) runs to the end of its line and is a piece of its own.
//! drizzle-kit's migrator cuts its files at every `--> statement-breakpoint` as text;
//! the direction markers of two-way migration files end a statement and say whether
//! what follows is the up or down part, for the tool that runs the file that way:
//! goose's `-- +goose Up/Down`, sql-migrate's `-- +migrate Up/Down`, dbmate's
//! `-- migrate:up/down`. drizzle-kit, flyway, pg_dump and psql run the whole file: a
//! marker there is a comment. With no tool named, every marker counts (the drizzle-kit
//! separator and hordak's `--- reverse:` ... `------` too); the caller must then doubt
//! what the down part skips.

use std::ops::Range;

use super::escapes;
use super::file::Tool;
use super::lexer::{Kind, Lexer, is_newline};

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

/// drizzle-kit's statement separator, which its migrator cuts the file at as text.
pub const BREAKPOINT: &str = "--> statement-breakpoint";

fn marker(comment: &str, at_line_start: bool, tool: Option<Tool>) -> Marker {
    let body = comment.trim();
    // drizzle-kit's files are cut at the text before they are read (`split`); with no
    // tool named, the separator still ends a statement.
    if body == "> statement-breakpoint" && tool.is_none() {
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

/// Splits `text[range]` into statements, as `tool` runs them (`None`: every direction
/// marker counts); offsets stay those of `text`.
pub fn split_range(text: &str, range: Range<usize>, tool: Option<Tool>) -> Split {
    let mut split = Split::default();
    let mut direction = Direction::Up;
    let mut start: Option<usize> = None;
    let mut code_end = 0usize;
    let mut depth = 0usize;
    // Only white space since the last line break: a direction marker must start a line.
    let mut line_start = true;
    let mut lexer = Lexer::new(text, range);

    // Closes the statement in progress; what it sets about string escapes holds for
    // the statements after it, as psql and the tools that send one statement at a
    // time run them.
    let close =
        |split: &mut Split, start: &mut Option<usize>, end: usize, dir, lexer: &mut Lexer| {
            if let Some(s) = start.take() {
                if let Some(escapes) = escapes::set_by(text, s..end) {
                    lexer.plain_strings_escape = escapes;
                }
                split.pieces.push(Piece {
                    range: s..end,
                    direction: dir,
                });
            }
        };

    while let Some(token) = lexer.next() {
        let at = token.range.start;
        match token.kind {
            Kind::Space => {
                if text.as_bytes().get(at).is_some_and(|&b| is_newline(b)) {
                    line_start = true;
                }
                continue;
            }
            Kind::Comment => {
                if let Some(comment) = text
                    .get(at..token.range.end)
                    .and_then(|c| c.strip_prefix("--"))
                {
                    match marker(comment, line_start, tool) {
                        Marker::None => {}
                        Marker::Breakpoint => {
                            close(&mut split, &mut start, code_end, direction, &mut lexer);
                            depth = 0;
                        }
                        Marker::Direction(d) => {
                            close(&mut split, &mut start, code_end, direction, &mut lexer);
                            depth = 0;
                            direction = d;
                            if d == Direction::Down && split.down_marker.is_none() {
                                split.down_marker = Some(format!("--{}", comment.trim_end()));
                            }
                        }
                        Marker::Separator if direction == Direction::Down => {
                            close(&mut split, &mut start, code_end, direction, &mut lexer);
                            depth = 0;
                            direction = Direction::Up;
                        }
                        Marker::Separator => {}
                    }
                }
                continue;
            }
            // A psql meta-command (`\restrict`, `\connect`, `\!`...) runs from its
            // backslash to the end of its line and is no SQL: it ends the statement
            // before it and is a piece of its own.
            Kind::Backslash => {
                close(&mut split, &mut start, code_end, direction, &mut lexer);
                depth = 0;
                let end = text
                    .as_bytes()
                    .get(at..lexer.end())
                    .and_then(|r| r.iter().position(|&c| c == b'\n'))
                    .map_or(lexer.end(), |p| at + p);
                let line_end = text.get(at..end).map_or(end, |l| at + l.trim_end().len());
                split.pieces.push(Piece {
                    range: at..line_end,
                    direction,
                });
                lexer.skip_to(end);
                continue;
            }
            Kind::Other(b'(') => depth += 1,
            Kind::Other(b')') => depth = depth.saturating_sub(1),
            _ => {}
        }
        line_start = false;
        start.get_or_insert(at);
        code_end = token.range.end;
        if token.kind == Kind::Other(b';') && depth == 0 {
            close(&mut split, &mut start, code_end, direction, &mut lexer);
        }
    }
    close(&mut split, &mut start, code_end, direction, &mut lexer);
    split
}

/// Splits a whole file into statements, as `tool` runs it. drizzle-kit's migrator cuts
/// the text at every [`BREAKPOINT`], inside a string or not, and sends each part to
/// PostgreSQL on its own: each part is read on its own too.
pub fn split(text: &str, tool: Option<Tool>) -> Split {
    if tool != Some(Tool::DrizzleKit) {
        return split_range(text, 0..text.len(), tool);
    }
    let mut whole = Split::default();
    let mut start = 0;
    for (at, _) in text.match_indices(BREAKPOINT).chain([(text.len(), "")]) {
        whole
            .pieces
            .extend(split_range(text, start..at, tool).pieces);
        start = at + BREAKPOINT.len();
    }
    whole
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

    fn drizzle(text: &str) -> Vec<&str> {
        split(text, Some(Tool::DrizzleKit))
            .pieces
            .iter()
            .map(|p| &text[p.range.clone()])
            .collect()
    }

    #[test]
    fn drizzle_kit_cuts_at_its_separator_even_inside_a_string() {
        let sql = "SELECT 'a--> statement-breakpoint\nDROP TABLE t; --';";
        assert_eq!(drizzle(sql), ["SELECT 'a", "DROP TABLE t;"]);
        let sql = "CREATE TABLE a (x int);--> statement-breakpoint\nSELECT 2";
        assert_eq!(drizzle(sql), ["CREATE TABLE a (x int);", "SELECT 2"]);
        // psql reads the separator as the comment it is.
        let sql = "SELECT 1 --> statement-breakpoint\n+ 1;";
        let whole = split(sql, Some(Tool::Psql));
        assert_eq!(whole.pieces.len(), 1);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_comment_and_the_statement_after_it_is_seen() {
        assert_eq!(
            texts("-- note\rDROP TABLE ledger_entries CASCADE;"),
            ["DROP TABLE ledger_entries CASCADE;"]
        );
    }

    #[test]
    fn a_meta_command_inside_a_statement_is_a_piece_of_its_own() {
        assert_eq!(
            texts("SELECT 1 \\! rm -rf /\nSELECT 2;"),
            ["SELECT 1", "\\! rm -rf /", "SELECT 2;"]
        );
    }

    #[test]
    fn after_standard_conforming_strings_off_a_backslash_escapes_a_quote() {
        // On, `'\'` is a whole string and the DROP sits inside the next one; off, as
        // PostgreSQL then reads it, `'\''` is one string and the DROP runs.
        let hostile = "SELECT '\\'';DROP TABLE t;--';";
        assert_eq!(texts(hostile), ["SELECT '\\'';DROP TABLE t;--';"]);
        let sql = format!("SET standard_conforming_strings = off;\n{hostile}\nSELECT 2;");
        assert_eq!(
            texts(&sql),
            [
                "SET standard_conforming_strings = off;",
                "SELECT '\\'';",
                "DROP TABLE t;",
                "SELECT 2;"
            ]
        );
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
        for tool in [
            Tool::DrizzleKit,
            Tool::Psql,
            Tool::PgDump,
            Tool::Flyway,
            Tool::GolangMigrate,
        ] {
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
