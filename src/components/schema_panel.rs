use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::review::Review;
use secondlook_review::sql::location::Span;
use secondlook_review::sql::raise::raises;

use crate::components::schema_table::SchemaTable;
use crate::components::sql_panel::sql_anchor;

/// "defined at file:line", linking to that line of the SQL pane when the file is loaded.
pub fn defined_at(review: &Review, span: &Span) -> AnyView {
    // The file name keeps the tables narrow; the full path is in the tooltip.
    let name = span.file.rsplit('/').next().unwrap_or(&span.file);
    let label = format!("{name}:{}", span.line);
    let title = format!("{}:{}", span.file, span.line);
    match sql_anchor(&review.sql_files, &span.file, span.line) {
        Some(href) => view! { <a class="defined-at" href=href title=title>{label}</a> }.into_any(),
        None => view! { <span class="defined-at" title=title>{label}</span> }.into_any(),
    }
}

/// The schema model the migration leaves: tables with columns, constraints and indexes.
#[component]
pub fn SchemaPanel(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    let Some(check) = review.sql.as_ref() else {
        return view! {
            <section class="schema-panel" aria-labelledby="schema-heading">
                <h2 id="schema-heading">"Schema"</h2>
                <p class="missing">"No readable run loaded: there is no schema to show."</p>
            </section>
        }
        .into_any();
    };
    let schema = &check.schema;
    let filter = RwSignal::new(String::new());
    let total = schema.tables.len();
    let names: Vec<String> = schema.tables.keys().map(|n| n.to_string()).collect();
    let shown = move || {
        let wanted = filter.with(|f| f.trim().to_lowercase());
        names.iter().filter(|n| n.contains(&wanted)).count()
    };
    let tables = schema
        .tables
        .values()
        .map(|table| {
            let name = table.name.to_string();
            let hidden =
                move || !filter.with(|f| name.contains(&f.trim().to_lowercase()));
            view! {
                <SchemaTable review=review.clone() table=table.clone() hidden=Signal::derive(hidden) />
            }
        })
        .collect_view();
    let enums = schema
        .enums
        .iter()
        .map(|e| {
            view! {
                <tr data-testid="schema-enum">
                    <td><code>{e.name.to_string()}</code></td>
                    <td>{e.values.join(", ")}</td>
                    <td>{defined_at(&review, &e.span)}</td>
                </tr>
            }
        })
        .collect_view();
    let functions = schema
        .functions
        .iter()
        .map(|f| {
            let raising = match f.body.as_deref() {
                Some(body) if raises(body) => "yes",
                Some(_) => "no",
                None => "body not read",
            };
            view! {
                <tr data-testid="schema-function">
                    <td><code>{f.name.to_string()}</code></td>
                    <td>{f.language.clone().unwrap_or_else(|| "not given".to_string())}</td>
                    <td>{raising}</td>
                    <td>{defined_at(&review, &f.span)}</td>
                </tr>
            }
        })
        .collect_view();
    let no_enums = schema.enums.is_empty();
    let no_functions = schema.functions.is_empty();
    view! {
        <section class="schema-panel" aria-labelledby="schema-heading">
            <h2 id="schema-heading">"Schema"</h2>
            <p class="muted">
                "What the migration's up statements leave behind, as the re-check read them."
            </p>
            <section aria-labelledby="schema-tables-heading">
                <h3 id="schema-tables-heading">{format!("Tables ({total})")}</h3>
                <div class="schema-filter">
                    <label for="schema-table-filter">"Filter tables"</label>
                    <input
                        id="schema-table-filter"
                        type="search"
                        data-testid="table-filter"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))
                    />
                    <span class="muted" aria-live="polite">
                        {move || format!("{} of {total} shown", shown())}
                    </span>
                </div>
                <div class="schema-tables">{tables}</div>
            </section>
            <section aria-labelledby="schema-enums-heading">
                <h3 id="schema-enums-heading">"Enums"</h3>
                {if no_enums {
                    view! { <p class="muted">"None."</p> }.into_any()
                } else {
                    view! {
                        <table class="schema-grid">
                            <thead><tr><th>"Name"</th><th>"Values"</th><th>"Defined at"</th></tr></thead>
                            <tbody>{enums}</tbody>
                        </table>
                    }
                    .into_any()
                }}
            </section>
            <section aria-labelledby="schema-functions-heading">
                <h3 id="schema-functions-heading">"Functions"</h3>
                {if no_functions {
                    view! { <p class="muted">"None."</p> }.into_any()
                } else {
                    view! {
                        <table class="schema-grid">
                            <thead><tr>
                                <th>"Name"</th><th>"Language"</th><th>"Raises an error"</th><th>"Defined at"</th>
                            </tr></thead>
                            <tbody>{functions}</tbody>
                        </table>
                    }
                    .into_any()
                }}
            </section>
        </section>
    }
    .into_any()
}
