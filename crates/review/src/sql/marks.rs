//! What the SQL view marks in each file: the statements gates point at, the statements
//! that did not parse, and the down section, each as a band of lines with its notes.
//! Derived here, from what the engine made of the file, so that the view only has to
//! paint lines.

use crate::gate::{Evidence, GateId, GateResult, Status};

use super::SqlFile;
use super::file_report::{FileReport, Outcome, StatementInfo};

/// Why a band of lines is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandKind {
    /// A failing or not-verified gate points into it.
    Finding,
    /// sqlparser refused it.
    NotParsed,
    /// The down (reverse) section: shown, not checked.
    Down,
}

/// A run of lines (1-based, inclusive) the view shades, with the notes shown after
/// its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub first_line: u32,
    pub last_line: u32,
    pub kind: BandKind,
}

/// A note shown right after line `line`.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub line: u32,
    pub kind: NoteKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoteKind {
    /// A failing or not-verified gate result whose evidence is this line.
    Gate {
        id: GateId,
        status: Status,
        message: String,
    },
    /// sqlparser's message for a statement that stopped at this line.
    NotParsed { message: String },
    /// The down section starts on the next line.
    DownStarts,
}

/// The marks of one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileMarks {
    pub bands: Vec<Band>,
    pub notes: Vec<Note>,
}

impl FileMarks {
    /// The band that shades `line`; a finding wins over the others.
    pub fn band_at(&self, line: u32) -> Option<BandKind> {
        let mut kinds = self
            .bands
            .iter()
            .filter(|b| (b.first_line..=b.last_line).contains(&line))
            .map(|b| b.kind);
        let first = kinds.next()?;
        Some(if first == BandKind::Finding {
            first
        } else {
            kinds.find(|k| *k == BandKind::Finding).unwrap_or(first)
        })
    }

    /// The notes to show after `line`.
    pub fn notes_after(&self, line: u32) -> impl Iterator<Item = &Note> {
        self.notes.iter().filter(move |n| n.line == line)
    }
}

/// The index in `files` of the file a diagnostic names, by path (the first if two
/// share it).
pub fn file_index(files: &[SqlFile], path: &str) -> Option<usize> {
    files.iter().position(|f| f.path == path)
}

/// Whether a result is one the reader must act on (anything but a pass).
pub fn needs_attention(gate: &GateResult) -> bool {
    gate.status != Status::Pass
}

/// The SQL places a result gives as evidence: (file path, line).
pub fn sql_evidence(gate: &GateResult) -> impl Iterator<Item = (&str, u32)> {
    gate.evidence.iter().filter_map(|e| match e {
        Evidence::Sql { file, line, .. } => Some((file.as_str(), *line)),
        Evidence::RunPath { .. } => None,
    })
}

/// Marks one file: `text` is its content, `report` what the re-check made of it, and
/// `gates` all results (those pointing at other files are skipped).
pub fn marks(text: &str, report: &FileReport, gates: &[GateResult]) -> FileMarks {
    let mut out = FileMarks::default();
    let statements = flatten(&report.statements);
    // Counted once per statement: a large file has many statements and many results.
    let statement_lines: Vec<(u32, u32)> = statements
        .iter()
        .map(|s| {
            (
                s.span.line,
                s.span.line + newlines(text, s.span.start, s.span.end),
            )
        })
        .collect();
    for gate in gates.iter().filter(|g| needs_attention(g)) {
        for (_, line) in sql_evidence(gate).filter(|(file, _)| *file == report.path) {
            let (first_line, last_line) = statement_lines
                .iter()
                .copied()
                .filter(|(first, last)| (*first..=*last).contains(&line))
                .min_by_key(|(first, last)| last - first)
                .unwrap_or((line, line));
            push_band(&mut out.bands, first_line, last_line, BandKind::Finding);
            out.notes.push(Note {
                line,
                kind: NoteKind::Gate {
                    id: gate.id,
                    status: gate.status,
                    message: gate.message.clone(),
                },
            });
        }
    }
    for (statement, &(first_line, last_line)) in statements.iter().zip(&statement_lines) {
        match &statement.outcome {
            Outcome::NotParsed { message, line, .. } => {
                push_band(&mut out.bands, first_line, last_line, BandKind::NotParsed);
                out.notes.push(Note {
                    line: *line,
                    kind: NoteKind::NotParsed {
                        message: message.clone(),
                    },
                });
            }
            Outcome::DownSection => {
                let joined = out.bands.last_mut().filter(|b| b.kind == BandKind::Down);
                match joined {
                    Some(band) => band.last_line = last_line,
                    None => {
                        push_band(&mut out.bands, first_line, last_line, BandKind::Down);
                        out.notes.push(Note {
                            line: first_line.saturating_sub(1),
                            kind: NoteKind::DownStarts,
                        });
                    }
                }
            }
            Outcome::Parsed | Outcome::DoBlock { .. } | Outcome::Skipped { .. } => {}
        }
    }
    out
}

/// Statements and the inner statements of DO blocks, in file order.
fn flatten(statements: &[StatementInfo]) -> Vec<&StatementInfo> {
    statements
        .iter()
        .flat_map(|s| {
            let inner = match &s.outcome {
                Outcome::DoBlock { inner } => flatten(inner),
                _ => Vec::new(),
            };
            std::iter::once(s).chain(inner)
        })
        .collect()
}

fn newlines(text: &str, start: usize, end: usize) -> u32 {
    let count = text
        .get(start..end)
        .map_or(0, |t| t.trim_end().matches('\n').count());
    u32::try_from(count).unwrap_or(u32::MAX)
}

fn push_band(bands: &mut Vec<Band>, first_line: u32, last_line: u32, kind: BandKind) {
    let band = Band {
        first_line,
        last_line,
        kind,
    };
    if !bands.contains(&band) {
        bands.push(band);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::Severity;
    use crate::sql::location::Span;

    fn file(text: &str) -> Vec<SqlFile> {
        vec![SqlFile {
            path: "m.sql".into(),
            tool: None,
            text: Ok(text.into()),
        }]
    }

    /// The statement `piece` of `text` (its first occurrence), as the engine reports it.
    fn statement(text: &str, piece: &str, outcome: Outcome) -> StatementInfo {
        let start = text.find(piece).unwrap();
        let line = 1 + u32::try_from(text[..start].matches('\n').count()).unwrap();
        StatementInfo {
            span: Span {
                file: "m.sql".into(),
                start,
                end: start + piece.len(),
                line,
                column: 1,
            },
            outcome,
        }
    }

    fn report(statements: Vec<StatementInfo>) -> FileReport {
        FileReport {
            path: "m.sql".into(),
            statements,
            down_marker: None,
            read_error: None,
        }
    }

    fn gate(status: Status, line: u32) -> GateResult {
        GateResult {
            id: GateId::MoneyType,
            status,
            severity: Severity::Blocker,
            message: "amount is real".into(),
            relates_to: vec![],
            evidence: vec![Evidence::Sql {
                file: "m.sql".into(),
                line,
                column: 3,
            }],
            proof: None,
            unverified: Vec::new(),
            fix: None,
            detail: None,
        }
    }

    #[test]
    fn a_failing_gate_shades_the_whole_statement_and_notes_its_line() {
        let text = "CREATE TABLE a (id int);\n\nCREATE TABLE pay (\n  id int,\n  amount real\n);\n";
        let report = report(vec![
            statement(text, "CREATE TABLE a (id int);", Outcome::Parsed),
            statement(
                text,
                "CREATE TABLE pay (\n  id int,\n  amount real\n);",
                Outcome::Parsed,
            ),
        ]);
        let marked = marks(
            text,
            &report,
            &[gate(Status::Fail, 5), gate(Status::Pass, 1)],
        );
        assert_eq!(
            marked.bands,
            [Band {
                first_line: 3,
                last_line: 6,
                kind: BandKind::Finding
            }]
        );
        assert_eq!(marked.band_at(4), Some(BandKind::Finding));
        assert_eq!(marked.band_at(1), None, "a passing gate marks nothing");
        let notes: Vec<_> = marked.notes_after(5).collect();
        assert!(matches!(
            notes.as_slice(),
            [Note {
                kind: NoteKind::Gate {
                    id: GateId::MoneyType,
                    status: Status::Fail,
                    ..
                },
                ..
            }]
        ));
    }

    #[test]
    fn unparsed_statements_and_the_down_section_are_marked() {
        let text = "-- +migrate Up\nCREATE TABLE a (id int);\nCREATE TABLE b (id int int int);\n-- +migrate Down\nDROP TABLE b;\nDROP TABLE a;\n";
        let not_parsed = Outcome::NotParsed {
            message: "Expected: ',' or ')'".into(),
            line: 3,
            column: 24,
        };
        let report = report(vec![
            statement(text, "CREATE TABLE a (id int);", Outcome::Parsed),
            statement(text, "CREATE TABLE b (id int int int);", not_parsed),
            statement(text, "DROP TABLE b;", Outcome::DownSection),
            statement(text, "DROP TABLE a;", Outcome::DownSection),
        ]);
        let marked = marks(text, &report, &[]);
        assert_eq!(marked.band_at(3), Some(BandKind::NotParsed));
        assert!(
            marked
                .notes_after(3)
                .any(|n| matches!(n.kind, NoteKind::NotParsed { .. }))
        );
        assert_eq!(marked.band_at(5), Some(BandKind::Down));
        assert_eq!(marked.band_at(6), Some(BandKind::Down));
        assert_eq!(marked.band_at(2), None);
        let down_notes = marked
            .notes
            .iter()
            .filter(|n| n.kind == NoteKind::DownStarts)
            .count();
        assert_eq!(down_notes, 1, "one note for the whole section");
    }

    #[test]
    fn a_do_blocks_inner_statements_are_marked_too() {
        let text = "DO $$\nBEGIN\n  CREATE TABLE b (id int int);\nEND $$;\n";
        let inner = statement(
            text,
            "CREATE TABLE b (id int int);",
            Outcome::NotParsed {
                message: "Expected: ',' or ')'".into(),
                line: 3,
                column: 25,
            },
        );
        let report = report(vec![statement(
            text,
            "DO $$\nBEGIN\n  CREATE TABLE b (id int int);\nEND $$;",
            Outcome::DoBlock { inner: vec![inner] },
        )]);
        let marked = marks(text, &report, &[]);
        assert_eq!(marked.band_at(3), Some(BandKind::NotParsed));
        assert_eq!(marked.band_at(1), None);
    }

    #[test]
    fn evidence_outside_any_statement_marks_its_own_line_and_files_are_found_by_path() {
        let text = "CREATE TABLE a (id int);\n\n";
        let files = file(text);
        let report = report(vec![statement(
            text,
            "CREATE TABLE a (id int);",
            Outcome::Parsed,
        )]);
        let marked = marks(text, &report, &[gate(Status::NotVerified, 2)]);
        assert_eq!(marked.band_at(2), Some(BandKind::Finding));
        assert_eq!(marked.band_at(1), None);
        assert_eq!(file_index(&files, "m.sql"), Some(0));
        assert_eq!(file_index(&files, "other.sql"), None);
    }
}
