//! Turns the run's SQL files into statements: split, DO blocks opened, each statement
//! parsed with sqlparser (PostgreSQL dialect). Down sections are kept for display but
//! not parsed: only the up part of a two-way file is what the migration does.

use sqlparser::ast::Statement;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::chain;
use super::do_block::inner_statements;
use super::file::SqlFile;
use sqlparser::tokenizer::{Location, Span as TokenSpan, Tokenizer};

use super::file::Tool;
use super::location::{LineIndex, Span};
use super::locator::Locator;
use super::split::{Direction, Split};

pub use secondlook_review::sql::file_report::{FileReport, Outcome, StatementInfo};

pub struct Parsed {
    /// Index of its file in the `files` given to `check`.
    pub file: usize,
    pub span: Span,
    pub ast: Statement,
    /// Inside a DO block with an EXCEPTION handler: what may undo it.
    pub rescued: Option<Rescued>,
}

/// A statement in a DO block whose handler may catch an error and roll the block
/// back: it then did not happen, nor did anything before it in the block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rescued {
    /// The condition names the handler catches.
    pub catches: Vec<String>,
    /// It is the block's only statement: if it ran, the block did all it does.
    pub alone: bool,
}

/// A statement that did not parse, with its text for the cautious mention tests.
pub struct Unparsed {
    pub span: Span,
    pub text: String,
    pub message: String,
    pub line: u32,
    pub column: u32,
}

/// A statement after a down marker in a file whose run names no tool: taken as not
/// run, though a tool that runs the whole file (psql, drizzle-kit) would run it.
pub struct Unrun {
    pub span: Span,
    pub text: String,
    /// The marker it follows, as written.
    pub marker: String,
}

#[derive(Default)]
pub(crate) struct Parsing {
    /// The file being read: the index `Parsed::file` gets.
    current: usize,
    pub reports: Vec<FileReport>,
    /// How many up statements parsed.
    pub parsed: usize,
    pub unparsed: Vec<Unparsed>,
    pub unrun: Vec<Unrun>,
}

/// Takes each statement that parsed, in order. The statements are handed on rather than
/// kept: a syntax tree takes kilobytes, so all of a migration's trees at once would take
/// far more memory than its text.
pub(crate) type Each<'a> = &'a mut dyn FnMut(Parsed);

/// Reads the files, each cut as `splits` holds it (one per file, in order), handing each
/// statement that parsed to `each` as it goes.
pub(crate) fn parse_files(files: &[SqlFile], splits: Vec<Split>, each: Each) -> Parsing {
    let mut out = Parsing::default();
    for (index, (file, split)) in files.iter().zip(splits).enumerate() {
        out.current = index;
        let report = match &file.text {
            Err(reason) => FileReport {
                path: file.path.clone(),
                statements: Vec::new(),
                down_marker: None,
                read_error: Some(reason.clone()),
            },
            Ok(text) => parse_file(&file.path, text, file.tool, split, &mut out, each),
        };
        out.reports.push(report);
    }
    out
}

fn parse_file(
    path: &str,
    text: &str,
    tool: Option<Tool>,
    split: Split,
    out: &mut Parsing,
    each: Each,
) -> FileReport {
    let index = LineIndex::new(text);
    let mut statements = Vec::with_capacity(split.pieces.len());
    for piece in split.pieces {
        let span = index.span(path, piece.range.clone());
        let outcome = if piece.direction == Direction::Down {
            if tool.is_none() {
                out.unrun.push(Unrun {
                    span: span.clone(),
                    text: text
                        .get(piece.range.clone())
                        .unwrap_or_default()
                        .to_string(),
                    marker: split.down_marker.clone().unwrap_or_default(),
                });
            }
            Outcome::DownSection
        } else {
            match inner_statements(text, piece.range.clone()) {
                None => match skipped(text, piece.range.clone()) {
                    Some(reason) => Outcome::Skipped { reason },
                    None => parse_one(text, span.clone(), None, out, each),
                },
                Some(Ok(block)) => {
                    let alone = block.statements.len() == 1;
                    let rescued = block.catches.map(|catches| Rescued { catches, alone });
                    Outcome::DoBlock {
                        inner: block
                            .statements
                            .into_iter()
                            .map(|range| {
                                let span = index.span(path, range);
                                let in_block = Some(rescued.clone());
                                let outcome = parse_one(text, span.clone(), in_block, out, each);
                                StatementInfo { span, outcome }
                            })
                            .collect(),
                    }
                }
                Some(Err(message)) => refuse(text, span.clone(), message, out),
            }
        };
        statements.push(StatementInfo { span, outcome });
    }
    FileReport {
        path: path.to_string(),
        statements,
        down_marker: split.down_marker,
        read_error: None,
    }
}

/// psql meta-commands that change nothing in the database the migration builds.
const QUIET_META_COMMANDS: &[&str] = &[
    "restrict",
    "unrestrict",
    "echo",
    "qecho",
    "set",
    "unset",
    "pset",
    "timing",
    "encoding",
];

/// Objects whose owner no gate reads (a table's owner is read: it holds every
/// privilege on it).
const OWNER_NOT_READ: &[&str] = &[
    "type",
    "sequence",
    "schema",
    "domain",
    "view",
    "function",
    "procedure",
    "aggregate",
];

/// Why a statement is left out on purpose, when it is: a quiet psql meta-command, or
/// `ALTER <object> ... OWNER TO` for an object whose owner no gate reads.
fn skipped(text: &str, range: std::ops::Range<usize>) -> Option<String> {
    let statement = text.get(range.clone())?;
    if let Some(command) = statement.strip_prefix('\\') {
        let name = command.split_whitespace().next().unwrap_or_default();
        return QUIET_META_COMMANDS
            .contains(&name)
            .then(|| format!("psql meta-command \\{name}: no SQL, changes no schema fact"));
    }
    let words: Vec<String> = super::lexer::code_words(text, range)
        .map(|(_, w)| w.to_ascii_lowercase())
        .collect();
    let kind = words.get(1)?;
    let owner_to = words.len() >= 5
        && words.get(words.len() - 3).is_some_and(|w| w == "owner")
        && words.get(words.len() - 2).is_some_and(|w| w == "to");
    (words.first()? == "alter" && OWNER_NOT_READ.contains(&kind.as_str()) && owner_to)
        .then(|| format!("changes the owner of a {kind}, which no gate reads"))
}

/// Statements whose effect the engine reads when they sit inside a DO block. Anything
/// else there (IF, EXECUTE of dynamic SQL, PERFORM...) may do what no rule sees.
fn followed_in_do_block(statement: &Statement) -> bool {
    matches!(
        statement,
        Statement::CreateTable(_)
            | Statement::AlterTable(_)
            | Statement::CreateIndex(_)
            | Statement::CreateType { .. }
            | Statement::CreateFunction(_)
            | Statement::CreateTrigger(_)
            | Statement::CreateRule(_)
            | Statement::CreatePolicy(_)
            | Statement::CreateView(_)
            | Statement::CreateSequence { .. }
            | Statement::CreateExtension(_)
            | Statement::CreateSchema { .. }
            | Statement::Comment { .. }
            | Statement::Grant(_)
            | Statement::Revoke(_)
            | Statement::Drop { .. }
            | Statement::DropFunction(_)
            | Statement::DropTrigger(_)
            | Statement::DropRule(_)
            | Statement::Truncate(_)
            | Statement::Delete(_)
            | Statement::Update(_)
            | Statement::Insert(_)
    )
}

/// `in_do_block`: `Some` inside a DO block, with what its handler may undo.
fn parse_one(
    text: &str,
    span: Span,
    in_do_block: Option<Option<Rescued>>,
    out: &mut Parsing,
    each: Each,
) -> Outcome {
    let sql = text.get(span.start..span.end).unwrap_or_default();
    match parse_sql(sql, &span) {
        Ok(asts) if in_do_block.is_some() && !asts.iter().all(followed_in_do_block) => {
            let keyword = super::lexer::first_word(sql, 0..sql.len())
                .unwrap_or_default()
                .to_uppercase();
            let message = format!(
                "{keyword} inside a DO block is not followed: only plain DDL and DML are read there"
            );
            refuse(text, span, message, out)
        }
        Ok(asts) => {
            let file = out.current;
            let rescued = in_do_block.flatten();
            for ast in asts {
                out.parsed += 1;
                each(Parsed {
                    file,
                    span: span.clone(),
                    ast,
                    rescued: rescued.clone(),
                });
            }
            Outcome::Parsed
        }
        Err(Refusal::Parser(error)) => {
            let (reason, (line, column)) = error_place(&error, sql, &span);
            let message = format!("{reason} (line {line}, column {column})");
            push_unparsed(text, span, message, (line, column), out)
        }
        Err(Refusal::TooLong { line, column }) => {
            let message = format!(
                "an expression chains more than {} terms and operators here \
                 (line {line}, column {column}); too deep to check",
                chain::MAX_CHAIN
            );
            push_unparsed(text, span, message, (line, column), out)
        }
    }
}

enum Refusal {
    /// sqlparser's message.
    Parser(String),
    /// A chain past [`chain::MAX_CHAIN`], at this place in the file.
    TooLong { line: u32, column: u32 },
}

/// `Parser::parse_sql`, refusing first what would make too deep a tree.
fn parse_sql(sql: &str, span: &Span) -> Result<Vec<Statement>, Refusal> {
    let dialect = PostgreSqlDialect {};
    let tokens = Tokenizer::new(&dialect, sql)
        .tokenize_with_location()
        .map_err(|e| Refusal::Parser(e.to_string()))?;
    if let Some(token) = chain::too_long(&tokens) {
        let place = Locator { text: sql, span }.at(token.span);
        return Err(Refusal::TooLong {
            line: place.line,
            column: place.column,
        });
    }
    Parser::new(&dialect)
        .with_tokens_with_locations(tokens)
        .parse_statements()
        .map_err(|e| Refusal::Parser(e.to_string()))
}

fn refuse(text: &str, span: Span, message: String, out: &mut Parsing) -> Outcome {
    let at = (span.line, span.column);
    push_unparsed(text, span, message, at, out)
}

fn push_unparsed(
    text: &str,
    span: Span,
    message: String,
    at: (u32, u32),
    out: &mut Parsing,
) -> Outcome {
    let (line, column) = at;
    out.unparsed.push(Unparsed {
        text: text
            .get(span.start..span.end)
            .unwrap_or_default()
            .to_string(),
        span,
        message: message.clone(),
        line,
        column,
    });
    Outcome::NotParsed {
        message,
        line,
        column,
    }
}

/// sqlparser ends its messages with ` at Line: L, Column: C`, relative to the text it
/// was given: the reason without it, and that place in the file.
fn error_place(message: &str, sql: &str, span: &Span) -> (String, (u32, u32)) {
    let message = message.trim_start_matches("sql parser error: ");
    if message.starts_with("recursion limit exceeded") {
        // sqlparser stops at 50 levels of parentheses, NOT, CASE and the like.
        let nested = "nested more than 50 levels deep; too deep to check";
        return (nested.to_string(), (span.line, span.column));
    }
    let Some((reason, tail)) = message.rsplit_once(" at Line: ") else {
        return (message.to_string(), (span.line, span.column));
    };
    let mut numbers = tail
        .split(", Column: ")
        .map(|n| n.trim().parse::<u64>().ok());
    let (Some(Some(line)), Some(Some(column))) = (numbers.next(), numbers.next()) else {
        return (message.to_string(), (span.line, span.column));
    };
    let at = Location::new(line, column);
    let place = Locator { text: sql, span }.at(TokenSpan::new(at, at));
    (reason.to_string(), (place.line, place.column))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::split::split;

    /// The statements that parsed, those that did not, and the file's report.
    fn run(text: &str) -> (Vec<Parsed>, Vec<Unparsed>, FileReport) {
        let mut parsed = Vec::new();
        let mut out = Parsing::default();
        let report = parse_file("m.sql", text, None, split(text, None), &mut out, &mut |p| {
            parsed.push(p)
        });
        let unparsed = out.unparsed;
        (parsed, unparsed, report)
    }

    #[test]
    fn do_block_statements_parse_at_their_true_position() {
        let text = "SELECT 1;\nDO $$ BEGIN\n ALTER TABLE a ADD CONSTRAINT c CHECK (x > 0);\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;";
        let (parsed, _, report) = run(text);
        assert_eq!(parsed.len(), 2);
        assert_eq!((parsed[1].span.line, parsed[1].span.column), (3, 2));
        assert!(
            matches!(&report.statements[1].outcome, Outcome::DoBlock { inner } if inner.len() == 1)
        );
    }

    #[test]
    fn parse_errors_point_into_the_file() {
        let text = "SELECT 1;\n\nCREATE TABLE t (\n  x int,,\n);";
        let (_, unparsed, _) = run(text);
        let bad = &unparsed[0];
        assert_eq!((bad.span.line, bad.span.column), (3, 1));
        assert_eq!((bad.line, bad.column), (4, 9));
        assert_eq!(
            bad.message,
            "Expected: column name or constraint definition, found: , (line 4, column 9)"
        );
    }

    #[test]
    fn control_flow_and_dynamic_sql_in_do_blocks_are_refused() {
        let text = "DO $$ BEGIN\n  EXECUTE 'DROP TABLE payments';\nEND $$;";
        let (parsed, unparsed, _) = run(text);
        assert!(parsed.is_empty());
        assert_eq!((unparsed[0].line, unparsed[0].column), (2, 3));
        assert!(
            unparsed[0]
                .message
                .starts_with("EXECUTE inside a DO block is not followed"),
            "{}",
            unparsed[0].message
        );
    }

    #[test]
    fn down_sections_are_not_parsed() {
        let text = "-- +migrate Up\nSELECT 1;\n-- +migrate Down\nDROP TABLE t;\nnot sql at all;";
        let (parsed, unparsed, report) = run(text);
        assert_eq!(report.down_marker.as_deref(), Some("-- +migrate Down"));
        assert_eq!(parsed.len(), 1);
        assert!(unparsed.is_empty());
    }
}
