use leptos::prelude::*;
use secondlook_core::gate::GateResult;
use secondlook_core::sql::SqlFile;
use secondlook_core::sql::highlight::{Line, TokenClass, highlight};
use secondlook_core::sql::marks::{BandKind, FileMarks, Note, NoteKind, marks};
use secondlook_core::sql::parse::FileReport;
use secondlook_core::workspace::anchor::Anchor;

use crate::components::status::icon_and_words;

/// One SQL file: its path, then its lines with numbers, colour, bands and notes, or the
/// reason it could not be loaded.
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
) -> impl IntoView {
    let heading_id = format!("sql-{index}-path");
    let labelled_by = heading_id.clone();
    let body = match &file.text {
        Err(reason) => view! {
            <p class="load-error" data-testid="load-error">
                {format!("Could not load {}: {reason}", file.path)}
            </p>
        }
        .into_any(),
        Ok(text) => {
            let marked = report
                .as_ref()
                .map(|r| marks(text, r, &gates))
                .unwrap_or_default();
            let lines = highlight(text);
            let count = lines.len();
            let top = notes_view(&marked, 0);
            let rows = lines
                .into_iter()
                .map(|line| {
                    let after = notes_view(&marked, line.number as u32);
                    view! { {line_view(index, &marked, line)} {after} }
                })
                .collect_view();
            view! {
                // Focusable, so a keyboard user can scroll the wide code sideways.
                <div
                    class="sql-code"
                    data-testid="sql-code"
                    data-lines=count
                    tabindex="0"
                    role="region"
                    aria-label=format!("SQL of {}", file.path)
                >
                    {top}
                    {rows}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <article class="sql-file" aria-labelledby=labelled_by>
            <h3 id=heading_id class="sql-path"><code>{file.path.clone()}</code></h3>
            {body}
        </article>
    }
}

fn line_view(file: usize, marked: &FileMarks, line: Line) -> impl IntoView {
    let number = line.number as u32;
    let band = match marked.band_at(number) {
        Some(BandKind::Finding) => "sql-line band-finding",
        Some(BandKind::NotParsed) => "sql-line band-unparsed",
        Some(BandKind::Down) => "sql-line band-down",
        None => "sql-line",
    };
    let parts = line
        .parts
        .into_iter()
        .map(|(class, text)| match token_class(class) {
            Some(class) => view! { <span class=class>{text}</span> }.into_any(),
            None => text.into_any(),
        })
        .collect_view();
    let id = Anchor::SqlLine { file, line: number }.element_id();
    view! {
        <div class=band id=id data-line=number>
            {parts}
        </div>
    }
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
                    data-gate=*id
                    data-status=status.as_str()
                >
                    <span class="note-head">{format!("{word}: ")}<code>{*id}</code></span>
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
