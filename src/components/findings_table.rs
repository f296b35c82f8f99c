use leptos::prelude::*;
use secondlook_core::workspace::filters::Filters;
use secondlook_core::workspace::findings_table::{
    Related, Row, RowClass, RowKind, RowStatus, Sort, SortKey,
};
use secondlook_review::workspace::anchor::Anchor;

use super::windowed::{Shape, Windowed};

/// Rows put in the page together; long tables keep only the blocks near the screen.
const ROWS_PER_BLOCK: usize = 50;

/// How a class reads in the table.
pub fn class_label(class: RowClass) -> &'static str {
    match class {
        RowClass::ConfirmedBlocker => "confirmed blocker",
        RowClass::Recommended => "recommended",
        RowClass::Refuted => "refuted",
        RowClass::Strength => "strength",
        RowClass::Unclassified => "unclassified",
        RowClass::Gate => "gate",
    }
}

/// How a status reads: a symbol and words, so colour is never the only signal.
pub fn status_label(status: RowStatus) -> &'static str {
    match status {
        RowStatus::Fail => "✗ fail",
        RowStatus::NotVerified => "? not verified",
        RowStatus::NotReported => "– not reported",
        RowStatus::Claimed => "○ claimed",
        RowStatus::Pass => "✓ pass",
    }
}

/// `text` with a break opportunity after each `/ . : _ = ,` of its long tokens (paths,
/// qualified names, keys): a narrow column then wraps between their parts, never
/// inside a word.
fn breakable(text: &str) -> AnyView {
    const LONG: usize = 16;
    let mut parts: Vec<AnyView> = Vec::new();
    let mut plain = String::new();
    for token in text.split_inclusive(char::is_whitespace) {
        if token.trim_end().chars().count() <= LONG {
            plain.push_str(token);
            continue;
        }
        for piece in token.split_inclusive(['/', '.', ':', '_', '=', ',']) {
            plain.push_str(piece);
            if piece.ends_with(['/', '.', ':', '_', '=', ',']) {
                parts.push(std::mem::take(&mut plain).into_any());
                parts.push(view! { <wbr /> }.into_any());
            }
        }
    }
    parts.push(plain.into_any());
    parts.into_iter().collect_view().into_any()
}

/// The banner's height while it sticks at the top: where the table's header sticks.
fn banner_height() -> i32 {
    use wasm_bindgen::JsCast;
    document()
        .query_selector(".verdict-banner")
        .ok()
        .flatten()
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        .map_or(0, |b| b.offset_height())
}

/// The rows, with sortable headers; the selected and the deep-linked row stand out.
#[component]
pub fn FindingsTable(
    /// The rows to show, filtered and sorted.
    rows: Memo<Vec<Row>>,
    /// The filter state; a header click changes its sort.
    filters: RwSignal<Filters>,
    /// The keyboard-selected row (its table position).
    selected: RwSignal<Option<usize>>,
    /// The id a `#finding=` link points at.
    target: RwSignal<Option<String>>,
    /// One line per row (the selected row whole), to see many at once.
    #[prop(into)]
    compact: Signal<bool>,
) -> impl IntoView {
    // The header sticks below the sticky banner, whose height changes with what it says.
    let banner = RwSignal::new(banner_height());
    let measure = move || {
        let now = banner_height();
        if banner.get_untracked() != now {
            banner.set(now);
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    let header = move |key: SortKey, label: &'static str| {
        let aria_sort = move || match filters.with(|f| f.sort) {
            Some(Sort { key: k, descending }) if k == key => {
                if descending {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{}", key.as_str())
                    on:click=move |_| filters.update(|f| f.sort = Some(Sort::toggled(f.sort, key)))
                >
                    {label}
                    <span aria-hidden="true" class="sort-mark">
                        {move || match aria_sort() {
                            "ascending" => " ▲",
                            "descending" => " ▼",
                            _ => " ↕",
                        }}
                    </span>
                </button>
            </th>
        }
    };
    // The selected row and a deep link's rows stay in the page, to be scrolled to.
    let pinned = Signal::derive(move || {
        let selected = selected.get();
        target.with(|target| {
            rows.with(|rows| {
                rows.iter()
                    .enumerate()
                    .filter(|(_, row)| {
                        Some(row.position) == selected
                            || target.as_ref().is_some_and(|id| row.has_id(id))
                    })
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <div class="findings-scroll" style=move || format!("--banner-bottom: {}px", banner.get())>
            <table class="findings-table" class:compact=compact data-testid="findings-table">
                <caption class="visually-hidden">
                    "Report findings and gate results; column headers sort"
                </caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Link"</span></th>
                        {header(SortKey::Id, "ID")}
                        <th scope="col">"Kind"</th>
                        {header(SortKey::Severity, "Severity")}
                        <th scope="col">"Class"</th>
                        {header(SortKey::Phase, "Phase")}
                        {header(SortKey::Status, "Status")}
                        <th scope="col">"Text"</th>
                        <th scope="col">"Evidence"</th>
                    </tr>
                </thead>
                {move || {
                    let item = move |i: usize| {
                        rows.with_untracked(|r| r.get(i).cloned())
                            .map(|row| view! { <FindingRow row=row selected=selected target=target /> })
                    };
                    view! {
                        <Windowed
                            count=rows.with(Vec::len)
                            block=ROWS_PER_BLOCK
                            shape=Shape::TableBody { columns: 9 }
                            pinned=pinned
                            item=item
                        />
                    }
                }}
            </table>
        </div>
    }
}

#[component]
fn FindingRow(
    row: Row,
    selected: RwSignal<Option<usize>>,
    target: RwSignal<Option<String>>,
) -> impl IntoView {
    let position = row.position;
    let is_selected = move || selected.get() == Some(position);
    let ids = row.ids.clone();
    let is_target = move || target.with(|t| t.as_ref().is_some_and(|id| ids.contains(id)));
    let is_target_attr = is_target.clone();
    let id = row.id().to_string();
    let text = row.text.clone();
    let class = match row.class {
        RowClass::Gate => status_label(row.status).to_string(),
        other => class_label(other).to_string(),
    };
    let kind = match row.kind {
        RowKind::Finding => "report finding",
        RowKind::Gate => "gate",
    };
    view! {
        <tr
            data-testid="finding-row"
            data-id=id.clone()
            data-position=position.to_string()
            data-kind=row.kind.as_str()
            data-severity=row.severity.as_str()
            data-status=row.status.as_str()
            class:selected=is_selected
            class:target=is_target
            data-selected=move || is_selected().to_string()
            aria-current=move || is_target_attr().then_some("location")
            on:click=move |_| selected.set(Some(position))
        >
            <td>
                <a
                    class="row-link"
                    href=Anchor::Finding(id.clone()).href()
                    aria-label=format!("Link to {id}")
                    title=format!("Link to {id}")
                >
                    "#"
                </a>
            </td>
            <td class="ids" data-label="ID">
                <div class="clamp">
                    {row
                        .ids
                        .iter()
                        .map(|id| view! { <code>{breakable(id)}</code> " " })
                        .collect_view()}
                </div>
            </td>
            <td class="short" data-label="Kind">{kind}</td>
            <td data-label="Severity">
                <div class="clamp">
                    <span class=format!("sev sev-{}", row.severity.as_str())>
                        {breakable(if row.severity_text.is_empty() { "unknown" } else { &row.severity_text })}
                    </span>
                </div>
            </td>
            <td class="short" data-label="Class">{class}</td>
            <td data-label="Phase">
                <div class="clamp">{breakable(row.phase.as_deref().unwrap_or("—"))}</div>
            </td>
            <td data-label="Status">
                <div class="clamp">
                    <span class=format!("status status-{}", row.status.as_str())>
                        {status_label(row.status)}
                    </span>
                    {(!row.related.is_empty()).then(|| related_links(&row.related))}
                </div>
            </td>
            <td class="text" data-label="Text">
                <div class="clamp" title=text.clone()>{breakable(&text)}</div>
            </td>
            <td class="evidence" data-label="Evidence">
                <div class="clamp">
                    {row
                        .evidence
                        .iter()
                        .map(|e| match &e.href {
                            Some(href) => view! { <a href=href.href()>{breakable(&e.label)}</a> }.into_any(),
                            None => view! { <code>{breakable(&e.label)}</code> }.into_any(),
                        })
                        .collect_view()}
                </div>
            </td>
        </tr>
    }
}

/// A finding's gates link to their cards, a gate's findings to their rows.
fn related_links(related: &[Related]) -> impl IntoView + use<> {
    view! {
        <span class="related">
            " ("
            {related
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    view! {
                        {(i > 0).then_some(", ")}
                        <a href=id.anchor().href()>{breakable(id.as_str())}</a>
                    }
                })
                .collect_view()}
            ")"
        </span>
    }
}
