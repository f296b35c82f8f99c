use std::ops::Range;
use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::gate::GateResult;
use secondlook_review::sql::SqlFile;
use secondlook_review::sql::file_report::FileReport;
use secondlook_review::sql::highlight::{Highlighter, Line, TokenClass};
use secondlook_review::sql::marks::{BandKind, FileMarks, Note, NoteKind, marks};
use secondlook_review::sql::search::mark_parts;
use secondlook_review::workspace::anchor::Anchor;

use crate::components::sql_search::Search;
use crate::components::status::icon_and_words;
use crate::components::windowed::{Shape, Windowed};
use crate::routing::watch_anchor;

/// Lines per block of a long file: only the blocks near the screen are in the page
/// (a file of up to twice this is shown whole). Small, since drawing the first block is
/// most of what opening the pane costs.
const LINES_PER_BLOCK: usize = 100;

/// A guess at a line's height before one has been measured.
const LINE_GUESS_PX: f64 = 20.0;

/// One SQL file: its path, then its lines with numbers, colour, bands and notes, or the
/// reason it could not be loaded. A long file puts only the lines near the screen in
/// the page, and the line a link names.
#[component]
pub fn SqlFileView(
    /// The file's position in the review's SQL files (for line ids).
    index: usize,
    /// The file as loaded.
    file: SqlFile,
    /// What the re-check made of it (`None` if it has no report).
    report: Option<FileReport>,
    /// All gate results; those pointing into this file are marked.
    gates: Vec<GateResult>,
    /// The pane's search: its matches are marked, the one shown kept in the page.
    search: Search,
) -> impl IntoView {
    let heading_id = format!("sql-{index}-path");
    let labelled_by = heading_id.clone();
    let SqlFile { path, text, .. } = file;
    let body = match text {
        Err(reason) => view! {
            <p class="load-error" data-testid="load-error">
                {format!("Could not load {path}: {reason}")}
            </p>
        }
        .into_any(),
        Ok(text) => {
            let marked = Arc::new(
                report
                    .as_ref()
                    .map(|r| marks(&text, r, &gates))
                    .unwrap_or_default(),
            );
            let starts = report
                .iter()
                .flat_map(|r| r.statements.iter().map(|s| s.span.start));
            let lines = Arc::new(Highlighter::new(text, starts));
            let count = lines.line_count();
            let top = notes_view(&marked, 0);
            let linked = watch_anchor();
            let pinned = Memo::new(move |_| {
                let linked = match linked.get() {
                    Some(Anchor::SqlLine { file, line }) if file == index => {
                        Some((line as usize).saturating_sub(1))
                    }
                    _ => None,
                };
                linked
                    .into_iter()
                    .chain(search.current_line(index))
                    .collect()
            });
            // The lines of the block being put in the page, coloured together.
            let block = StoredValue::new(None::<(usize, Vec<Line>)>);
            let row = move |i: usize| {
                let number = i + 1;
                let b = i / LINES_PER_BLOCK;
                if block.with_value(|c| c.as_ref().is_none_or(|(cached, _)| *cached != b)) {
                    let first = b * LINES_PER_BLOCK + 1;
                    block.set_value(Some((b, lines.lines(first..first + LINES_PER_BLOCK))));
                }
                let line = block
                    .with_value(|c| {
                        c.as_ref()
                            .and_then(|(_, lines)| lines.get(i % LINES_PER_BLOCK).cloned())
                    })
                    .unwrap_or(Line {
                        number,
                        parts: Vec::new(),
                    });
                let after = notes_view(&marked, number as u32);
                let found = Memo::new(move |_| search.on_line(index, number as u32));
                view! { {line_view(index, &marked, line, found)} {after} }
            };
            view! {
                // Focusable, so a keyboard user can scroll the wide code sideways.
                <div
                    class="sql-code"
                    data-testid="sql-code"
                    data-lines=count
                    tabindex="0"
                    role="region"
                    aria-label=format!("SQL of {path}")
                >
                    {top}
                    <Windowed
                        count=count
                        block=LINES_PER_BLOCK
                        shape=Shape::Div { class: "sql-lines" }
                        item_px=LINE_GUESS_PX
                        pinned=pinned
                        item=row
                    />
                </div>
            }
            .into_any()
        }
    };
    view! {
        <article class="sql-file" aria-labelledby=labelled_by>
            <h3 id=heading_id class="sql-path"><code>{path}</code></h3>
            {body}
        </article>
    }
}

/// A line, coloured, banded, with the search's `found` matches on it marked (the one
/// shown apart). The line itself is put in the page at once, only its text follows the
/// search: a link that named it before it was drawn still lands on it.
fn line_view(
    file: usize,
    marked: &FileMarks,
    line: Line,
    found: Memo<(Vec<Range<usize>>, Option<usize>)>,
) -> impl IntoView + use<> {
    let number = line.number as u32;
    let band = match marked.band_at(number) {
        Some(BandKind::Finding) => "sql-line band-finding",
        Some(BandKind::NotParsed) => "sql-line band-unparsed",
        Some(BandKind::Down) => "sql-line band-down",
        None => "sql-line",
    };
    let parts = move || found.with(|(ranges, current)| text_view(&line.parts, ranges, *current));
    let id = Anchor::SqlLine { file, line: number }.element_id();
    view! {
        <div class=band id=id data-line=number>
            {parts}
        </div>
    }
}

/// A line's coloured text, each match in a mark.
fn text_view(
    parts: &[(TokenClass, String)],
    ranges: &[Range<usize>],
    current: Option<usize>,
) -> impl IntoView + use<> {
    let pieces = mark_parts(parts, ranges);
    // One mark per match, around the coloured pieces it covers.
    pieces
        .chunk_by(|a, b| a.2.is_some() && a.2 == b.2)
        .map(|run| {
            let coloured = run
                .iter()
                .map(|(class, text, _)| match token_class(*class) {
                    Some(class) => view! { <span class=class>{text.clone()}</span> }.into_any(),
                    None => text.clone().into_any(),
                })
                .collect_view();
            match run[0].2 {
                Some(hit) => {
                    let class = if Some(hit) == current {
                        "search-hit search-current"
                    } else {
                        "search-hit"
                    };
                    view! { <mark class=class>{coloured}</mark> }.into_any()
                }
                None => coloured.into_any(),
            }
        })
        .collect_view()
}

fn token_class(class: TokenClass) -> Option<&'static str> {
    match class {
        TokenClass::Keyword => Some("tok-keyword"),
        TokenClass::Identifier => Some("tok-identifier"),
        TokenClass::String => Some("tok-string"),
        TokenClass::Number => Some("tok-number"),
        TokenClass::Comment => Some("tok-comment"),
        TokenClass::Plain => None,
    }
}

fn notes_view(marked: &FileMarks, line: u32) -> impl IntoView + use<> {
    marked.notes_after(line).map(note_view).collect_view()
}

fn note_view(note: &Note) -> AnyView {
    match &note.kind {
        NoteKind::Gate {
            id,
            status,
            message,
        } => {
            let (_, word) = icon_and_words(*status);
            view! {
                <div
                    class=format!("sql-note note-{}", status.as_str())
                    role="note"
                    data-testid="sql-marker"
                    data-gate=id.as_str()
                    data-status=status.as_str()
                >
                    <span class="note-head">{format!("{word}: ")}<code>{id.as_str()}</code></span>
                    " "
                    <span class="message">{message.clone()}</span>
                </div>
            }
            .into_any()
        }
        NoteKind::NotParsed { message } => view! {
            <div class="sql-note note-unparsed" role="note" data-testid="sql-unparsed">
                <span class="note-head">"did not parse: "</span>
                <span class="message">{message.clone()}</span>
            </div>
        }
        .into_any(),
        NoteKind::DownStarts => view! {
            <div class="sql-note note-down" role="note" data-testid="sql-down">
                "Down section below: shown, not checked (only the up part is what the migration does)."
            </div>
        }
        .into_any(),
    }
}
