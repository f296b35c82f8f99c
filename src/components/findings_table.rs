use leptos::prelude::*;
use secondlook_core::workspace::anchor::Anchor;
use secondlook_core::workspace::filters::Filters;
use secondlook_core::workspace::findings_table::{
    Row, RowClass, RowKind, RowStatus, Sort, SortKey,
};

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
) -> impl IntoView {
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
        <div class="table-scroll">
            <table class="findings-table" data-testid="findings-table">
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
                {row.ids.iter().map(|id| view! { <code>{id.clone()}</code> }).collect_view()}
            </td>
            <td data-label="Kind">{kind}</td>
            <td data-label="Severity">
                <span class=format!("sev sev-{}", row.severity.as_str())>
                    {if row.severity_text.is_empty() { "unknown".to_string() } else { row.severity_text.clone() }}
                </span>
            </td>
            <td data-label="Class">{class}</td>
            <td data-label="Phase">{row.phase.clone().unwrap_or_else(|| "—".to_string())}</td>
            <td data-label="Status">
                <span class=format!("status status-{}", row.status.as_str())>
                    {status_label(row.status)}
                </span>
                {(!row.related.is_empty()).then(|| related_links(row.kind, &row.related))}
            </td>
            <td class="text" data-label="Text">{row.text.clone()}</td>
            <td class="evidence" data-label="Evidence">
                {row
                    .evidence
                    .iter()
                    .map(|e| match &e.href {
                        Some(href) => view! { <a href=href.clone()>{e.label.clone()}</a> }.into_any(),
                        None => view! { <code>{e.label.clone()}</code> }.into_any(),
                    })
                    .collect_view()}
            </td>
        </tr>
    }
}

/// A finding's gates link to their cards, a gate's findings to their rows.
fn related_links(kind: RowKind, related: &[String]) -> impl IntoView + use<> {
    let href = move |id: &str| match kind {
        RowKind::Finding => Anchor::Gate(id.to_string()).href(),
        RowKind::Gate => Anchor::Finding(id.to_string()).href(),
    };
    view! {
        <span class="related">
            " ("
            {related
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    view! {
                        {(i > 0).then_some(", ")}
                        <a href=href(id)>{id.clone()}</a>
                    }
                })
                .collect_view()}
            ")"
        </span>
    }
}
