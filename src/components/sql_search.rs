//! The SQL pane's search box. The pane puts only the lines near the screen in the page,
//! so the browser's own find cannot reach the rest: this searches the files' whole text
//! (in the core), counts the matches, and brings the chosen one into the page and into
//! view, marked. What is searched for and which match is shown live in the URL.

use std::ops::Range;
use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::review::Review;
use secondlook_review::sql::search::{Haystack, MAX_QUERY_CHARS, Match, Refused};
use secondlook_review::workspace::anchor::Anchor;
use secondlook_review::workspace::sql_search::SqlSearch;

use crate::components::browser;

/// Every match of the pane's files, in file and line order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hits {
    /// `(file index, match)`, at most [`secondlook_review::sql::search::MAX_MATCHES`].
    pub all: Vec<(usize, Match)>,
    pub more: bool,
    pub refused: Option<Refused>,
}

/// What the search found and which match is shown, for the files' lines to mark.
#[derive(Debug, Clone, Copy)]
pub struct Search {
    hits: Memo<Hits>,
    current: Memo<Option<(usize, Match)>>,
}

impl Search {
    /// The byte ranges of the matches on one line, and which of them is the one shown.
    pub fn on_line(&self, file: usize, line: u32) -> (Vec<Range<usize>>, Option<usize>) {
        let ranges: Vec<Range<usize>> = self.hits.with(|h| {
            let first = h.all.partition_point(|(f, m)| (*f, m.line) < (file, line));
            h.all[first..]
                .iter()
                .take_while(|(f, m)| (*f, m.line) == (file, line))
                .map(|(_, m)| m.columns.clone())
                .collect()
        });
        let current = self.current.with(|c| match c {
            Some((f, m)) if (*f, m.line) == (file, line) => {
                ranges.iter().position(|r| *r == m.columns)
            }
            _ => None,
        });
        (ranges, current)
    }

    /// The line (0-based) of the match shown, when it is in `file`.
    pub fn current_line(&self, file: usize) -> Option<usize> {
        self.current.with(|c| match c {
            Some((f, m)) if *f == file => Some((m.line as usize).saturating_sub(1)),
            _ => None,
        })
    }
}

/// The search box and its state; the state's [`Search`] goes to the files.
pub fn search(review: Arc<Review>) -> (Search, impl IntoView) {
    let state = RwSignal::new(SqlSearch::from_query(&browser::search()));
    // Only a change is written: rewriting the same address would cost the line a link
    // landed on its `:target`.
    Effect::new(move |_| {
        let now = browser::search();
        let query = state.with(|s| s.to_query(&now));
        if query != now {
            browser::replace_query(&query);
        }
    });
    let text = Memo::new(move |_| state.with(|s| s.text.clone()));
    // Folded once, on the first search, not when the pane opens.
    let haystacks = StoredValue::new(None::<Arc<Vec<Option<Haystack>>>>);
    let hits = Memo::new(move |_| {
        text.with(|text| {
            if text.is_empty() {
                return Hits::default();
            }
            if haystacks.with_value(Option::is_none) {
                let folded = review
                    .sql_files
                    .iter()
                    .map(|f| f.text.as_deref().ok().map(Haystack::new))
                    .collect();
                haystacks.set_value(Some(Arc::new(folded)));
            }
            let haystacks = haystacks.get_value().unwrap_or_default();
            find_all(&haystacks, text)
        })
    });
    let count = move || hits.with(|h| h.all.len());
    let current = Memo::new(move |_| {
        let at = state.with(|s| s.current);
        hits.with(|h| h.all.get(at.min(h.all.len().saturating_sub(1))).cloned())
    });
    // The match shown is brought into view when it changes (typing, next, previous, or
    // the page opened with a search in its link).
    Effect::new(move |_| {
        if let Some((file, m)) = current.get() {
            let id = Anchor::SqlLine { file, line: m.line }.element_id();
            if let Some(id) = id {
                scroll_to(id, 0);
            }
        }
    });
    let go = move |forward: bool| {
        let n = count();
        state.update(|s| {
            s.current = if forward { s.next(n) } else { s.previous(n) };
        });
    };
    let status = move || {
        hits.with(|h| {
            if h.refused == Some(Refused::TooLong) {
                return format!("Over {MAX_QUERY_CHARS} characters: shorten it");
            }
            if text.with(String::is_empty) {
                return String::new();
            }
            if h.all.is_empty() {
                return "No matches".to_string();
            }
            let at = state.with(|s| s.current).min(h.all.len() - 1) + 1;
            let more = if h.more { "+" } else { "" };
            format!("{at} of {}{more}", h.all.len())
        })
    };
    let none = move || count() == 0;
    let button = move |forward: bool| {
        let (test_id, label, arrow) = match forward {
            true => ("sql-search-next", "Next match (Enter)", "↓"),
            false => ("sql-search-previous", "Previous match (Shift+Enter)", "↑"),
        };
        view! {
            <button
                type="button"
                data-testid=test_id
                aria-label=label
                title=label
                disabled=none
                on:click=move |_| go(forward)
            >
                {arrow}
            </button>
        }
    };
    let view = view! {
        <div class="sql-search" role="search" data-testid="sql-search">
            <label for="sql-search-input">"Search the SQL"</label>
            <input
                id="sql-search-input"
                type="search"
                data-testid="sql-search-input"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="sql-search-count"
                prop:value=move || text.get()
                on:input=move |event| {
                    let value = event_target_value(&event);
                    state.update(|s| {
                        s.text = value;
                        s.current = 0;
                    });
                }
                on:keydown=move |event: web_sys::KeyboardEvent| {
                    if event.key() == "Enter" {
                        event.prevent_default();
                        go(!event.shift_key());
                    }
                }
            />
            {button(false)}
            {button(true)}
            <span id="sql-search-count" data-testid="sql-search-count" aria-live="polite">
                {status}
            </span>
        </div>
    };
    (Search { hits, current }, view)
}

/// The matches of `text` in every file, in order, at most the core's limit in all.
fn find_all(haystacks: &[Option<Haystack>], text: &str) -> Hits {
    let mut hits = Hits::default();
    for (file, haystack) in haystacks.iter().enumerate() {
        let Some(haystack) = haystack else {
            continue;
        };
        match haystack.find(text) {
            Ok(found) => {
                let room = secondlook_review::sql::search::MAX_MATCHES - hits.all.len();
                hits.more |= found.more || found.matches.len() > room;
                hits.all
                    .extend(found.matches.into_iter().take(room).map(|m| (file, m)));
            }
            Err(refused) => {
                hits.refused = Some(refused);
                break;
            }
        }
    }
    hits
}

/// How many frames a match's line is waited for: its block is put in the page first.
const SCROLL_WAIT_FRAMES: u32 = 60;

/// Scrolls the line with this id to the middle of the screen once it is in the page.
fn scroll_to(id: String, tries: u32) {
    request_animation_frame(move || match document().get_element_by_id(&id) {
        Some(line) => {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Center);
            line.scroll_into_view_with_scroll_into_view_options(&options);
        }
        None if tries < SCROLL_WAIT_FRAMES => scroll_to(id, tries + 1),
        None => {}
    });
}
