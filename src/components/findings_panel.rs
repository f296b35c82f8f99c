use std::sync::Arc;

use leptos::prelude::*;
use secondlook_core::workspace::filters::{self, Filters};
use secondlook_core::workspace::findings_table::{self, Row};
use secondlook_review::review::Review;
use secondlook_review::workspace::anchor::Anchor;

use super::browser;
use super::findings_filters::FindingsFilters;
use super::findings_table::FindingsTable;
use super::shortcut_help::ShortcutHelp;
use crate::compare::Base;

/// Where the compact-rows choice is kept in the browser: it is the reviewer's, for every
/// review.
const COMPACT_KEY: &str = "secondlook.findings-compact";

/// The report's findings and the gate results in one table: sort, filter, deep links.
#[component]
pub fn FindingsPanel(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    // No base in the component tests, which mount the panel alone.
    let base = use_context::<Base>();
    let has_base = Signal::derive(move || base.is_some_and(|b| b.review.with(Option::is_some)));
    let all = findings_table::rows(&review);
    let phases = filters::phases(&all);
    let counts = findings_table::severity_counts(&all);
    let total = all.len();
    // The rows, marked new or not once a base run to compare with is read.
    let rows = Memo::new(move |_| {
        let mut rows = all.clone();
        if let Some(diff) = base.and_then(|b| b.diff.get()) {
            findings_table::mark_new(&mut rows, &diff);
        }
        rows
    });
    let filters = RwSignal::new(Filters::from_query(&browser::search()));
    Effect::new(move |_| browser::replace_query(&filters.with(|f| f.to_query(&browser::search()))));
    let visible = Memo::new(move |_| filters.with(|f| rows.with(|r| f.apply(r))));
    let target = RwSignal::new(linked_finding());
    let selected = RwSignal::new(None::<usize>);
    let help = RwSignal::new(false);
    let search = NodeRef::<leptos::html::Input>::new();
    let compact =
        RwSignal::new(browser::stored(COMPACT_KEY).ok().flatten().as_deref() == Some("on"));
    let set_compact = move |on: bool| {
        compact.set(on);
        // A display choice: when the browser cannot keep it, the table still shows it
        // until the page is left, and nothing the reviewer made is lost.
        let _ = browser::store(COMPACT_KEY, if on { "on" } else { "off" });
    };

    let hash = window_event_listener_untyped("hashchange", move |_| {
        target.set(linked_finding());
    });
    // A deep link selects its row and brings it into view once the rows are on the page.
    Effect::new(move |_| {
        let Some(id) = target.get() else { return };
        let position =
            visible.with_untracked(|v| v.iter().find(|r| r.has_id(&id)).map(|r| r.position));
        if let Some(position) = position {
            selected.set(Some(position));
            request_animation_frame(move || {
                scroll_to_row(position, web_sys::ScrollLogicalPosition::Center)
            });
        }
    });
    Effect::new(move |_| {
        if let Some(position) = selected.get() {
            request_animation_frame(move || {
                scroll_to_row(position, web_sys::ScrollLogicalPosition::Nearest)
            });
        }
    });
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        if help.get_untracked() {
            if event.key() == "Escape" {
                help.set(false);
            }
            return;
        }
        if browser::typing(&event) || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return;
        }
        match event.key().as_str() {
            "j" | "ArrowDown" => move_selection(visible, selected, 1),
            "k" | "ArrowUp" => move_selection(visible, selected, -1),
            "/" => {
                if let Some(input) = search.get_untracked() {
                    let _ = input.focus();
                }
            }
            "?" => help.set(true),
            _ => return,
        }
        event.prevent_default();
    });
    on_cleanup(move || {
        hash.remove();
        keys.remove();
    });

    let hidden_target = move || {
        let id = target.get()?;
        let found_somewhere = rows.with(|r| r.iter().any(|row| row.has_id(&id)));
        let shown = visible.with(|v| v.iter().any(|row| row.has_id(&id)));
        (!shown).then_some((id, found_somewhere))
    };
    view! {
        <section class="findings-panel" aria-labelledby="findings-heading">
            <div class="findings-head">
                <h2 id="findings-heading">"Findings and gate results"</h2>
                <p class="severity-counts" data-testid="severity-counts">
                    {counts
                        .into_iter()
                        .map(|(severity, n)| {
                            view! {
                                <span class="count" data-severity=severity.as_str()>
                                    {format!("{} {n}", severity.as_str())}
                                </span>
                            }
                        })
                        .collect_view()}
                </p>
            </div>
            <FindingsFilters filters=filters phases=phases search=search has_base=has_base>
                <p class="match-count" data-testid="match-count" aria-live="polite">
                    {move || format!("Showing {} of {total} rows", visible.with(Vec::len))}
                    " · "
                    <label class="check">
                        <input
                            type="checkbox"
                            data-testid="findings-compact"
                            prop:checked=move || compact.get()
                            on:change=move |e| set_compact(event_target_checked(&e))
                        />
                        "Compact rows"
                    </label>
                    " · "
                    <button type="button" class="link-button" on:click=move |_| help.set(true)>
                        "Shortcuts (?)"
                    </button>
                </p>
            </FindingsFilters>
            {move || {
                hidden_target()
                    .map(|(id, exists)| {
                        let text = if exists {
                            format!("{id} is hidden by the filters.")
                        } else {
                            format!("No finding or gate has the id {id}.")
                        };
                        view! {
                            <p class="notice" role="status">
                                {text}
                                <Show when=move || exists>
                                    " "
                                    <button
                                        type="button"
                                        on:click=move |_| filters.set(Filters::default())
                                    >
                                        "Clear filters"
                                    </button>
                                </Show>
                            </p>
                        }
                    })
            }}
            <FindingsTable rows=visible filters=filters selected=selected target=target compact=compact />
            <ShortcutHelp open=help />
        </section>
    }
}

fn move_selection(visible: Memo<Vec<Row>>, selected: RwSignal<Option<usize>>, step: isize) {
    let next = visible.with_untracked(|rows| {
        let at = selected
            .get_untracked()
            .and_then(|p| rows.iter().position(|r| r.position == p));
        let index = match at {
            Some(i) => i
                .saturating_add_signed(step)
                .min(rows.len().saturating_sub(1)),
            None => 0,
        };
        rows.get(index).map(|r| r.position)
    });
    if next.is_some() {
        selected.set(next);
    }
}

/// The finding the page's link points at (`#finding=ID`), if any.
fn linked_finding() -> Option<String> {
    match Anchor::parse(&browser::hash()) {
        Some(Anchor::Finding(id)) => Some(id),
        _ => None,
    }
}

fn scroll_to_row(position: usize, block: web_sys::ScrollLogicalPosition) {
    let row = document()
        .query_selector(&format!(
            "[data-testid=finding-row][data-position=\"{position}\"]"
        ))
        .ok()
        .flatten();
    if let Some(row) = row {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(block);
        row.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
