use leptos::prelude::*;
use secondlook_core::workspace::filters::{Filters, set_member};
use secondlook_core::workspace::findings_table::{RowClass, RowSeverity, RowStatus};

use super::findings_table::{class_label, status_label};

/// The findings table's filters: severity, class and status boxes, a phase choice and
/// free-text search.
#[component]
pub fn FindingsFilters(
    /// The filter state, shared with the table and the address bar.
    filters: RwSignal<Filters>,
    /// The phases to choose from.
    phases: Vec<String>,
    /// The search box, for the `/` shortcut.
    search: NodeRef<leptos::html::Input>,
    /// Whether a base run is loaded: only then can rows be new since it.
    #[prop(into)]
    has_base: Signal<bool>,
    /// Shown at the end of the first line (the row count and the view's choices).
    children: Children,
) -> impl IntoView {
    let severities = RowSeverity::ALL.map(|s| {
        let on = move || filters.with(|f| f.severities.contains(&s));
        let set = move |checked| filters.update(|f| set_member(&mut f.severities, s, checked));
        check_box("sev", s.as_str(), s.as_str().to_string(), on, set)
    });
    let classes = RowClass::ALL.map(|c| {
        let on = move || filters.with(|f| f.classes.contains(&c));
        let set = move |checked| filters.update(|f| set_member(&mut f.classes, c, checked));
        check_box("class", c.as_str(), class_label(c).to_string(), on, set)
    });
    let statuses = RowStatus::ALL.map(|s| {
        let on = move || filters.with(|f| f.statuses.contains(&s));
        let set = move |checked| filters.update(|f| set_member(&mut f.statuses, s, checked));
        check_box("status", s.as_str(), status_label(s).to_string(), on, set)
    });
    // The boxes fold away so that the rows start on the first screen; open when the
    // address already filters by them.
    let chosen = move || filters.with(|f| f.severities.len() + f.classes.len() + f.statuses.len());
    let open_at_start = chosen() > 0;
    let phase_value = move || filters.with(|f| f.phases.first().cloned().unwrap_or_default());
    let on_phase = move |event: web_sys::Event| {
        let value = event_target_value(&event);
        filters.update(|f| {
            f.phases = if value.is_empty() {
                vec![]
            } else {
                vec![value]
            }
        });
    };
    view! {
        <form class="findings-filters" role="search" on:submit=|e| e.prevent_default()>
            <div class="filter-search">
                <label for="findings-search">"Search"</label>
                <input
                    id="findings-search"
                    type="search"
                    node_ref=search
                    placeholder="ID, text, evidence…"
                    data-testid="findings-search"
                    prop:value=move || filters.with(|f| f.text.clone())
                    on:input=move |e| filters.update(|f| f.text = event_target_value(&e))
                />
            </div>
            <div class="filter-phase">
                <label for="findings-phase">"Phase"</label>
                <select
                    id="findings-phase"
                    data-testid="filter-phase"
                    prop:value=phase_value
                    on:change=on_phase
                >
                    <option value="">"any phase"</option>
                    {phases
                        .into_iter()
                        .map(|p| view! { <option value=p.clone()>{p.clone()}</option> })
                        .collect_view()}
                </select>
            </div>
            <details class="filter-more" data-testid="filter-more" open=open_at_start>
                <summary>
                    "Severity, class, status"
                    {move || match chosen() {
                        0 => String::new(),
                        n => format!(" ({n} chosen)"),
                    }}
                </summary>
                <fieldset>
                    <legend>"Severity"</legend>
                    {severities.into_iter().collect_view()}
                </fieldset>
                <fieldset>
                    <legend>"Class"</legend>
                    {classes.into_iter().collect_view()}
                </fieldset>
                <fieldset>
                    <legend>"Status"</legend>
                    {statuses.into_iter().collect_view()}
                </fieldset>
            </details>
            <Show when=move || has_base.get()>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="filter-new"
                        prop:checked=move || filters.with(|f| f.new_only)
                        on:change=move |e| filters.update(|f| f.new_only = event_target_checked(&e))
                    />
                    "New since base"
                </label>
            </Show>
            <button type="button" on:click=move |_| filters.update(|f| {
                *f = Filters { sort: f.sort, ..Filters::default() }
            })>
                "Clear filters"
            </button>
            {children()}
        </form>
    }
}

fn check_box(
    group: &'static str,
    value: &'static str,
    label: String,
    on: impl Fn() -> bool + Send + Sync + 'static,
    set: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                name=group
                value=value
                data-testid=format!("filter-{group}-{value}")
                prop:checked=on
                on:change=move |e| set(event_target_checked(&e))
            />
            {label}
        </label>
    }
}
