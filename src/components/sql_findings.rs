use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::gate::GateResult;
use secondlook_review::review::Review;
use secondlook_review::sql::marks::{needs_attention, sql_evidence};

use crate::components::sql_panel::sql_anchor;
use crate::components::status::icon_and_words;
use crate::rules;

/// "Findings in this SQL": every SQL gate result to act on (with or without a place in
/// the SQL: a file that did not load leaves results with none), linking to its lines;
/// passing ones with SQL evidence below.
#[component]
pub fn SqlFindings(
    /// The review whose SQL gate results to list.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    // Drawn again when the rules arrive: which gates read the SQL comes with them.
    view! {
        <section class="sql-findings" aria-labelledby="sql-findings-heading">
            <h3 id="sql-findings-heading">"Findings in this SQL"</h3>
            {move || findings(&review)}
        </section>
    }
}

fn findings(review: &Review) -> impl IntoView + use<> {
    let (attention, passing): (Vec<&GateResult>, Vec<&GateResult>) = review
        .gates
        .iter()
        .filter(|g| rules::reads_sql(g.id) || sql_evidence(g).next().is_some())
        .partition(|g| needs_attention(g));
    let any_result = !attention.is_empty() || !passing.is_empty();
    let passing: Vec<&GateResult> = passing
        .into_iter()
        .filter(|g| sql_evidence(g).next().is_some())
        .collect();
    let item = |gate: &GateResult| {
        let links = sql_evidence(gate)
            .map(|(file, line)| {
                let label = format!("{file}:{line}");
                match sql_anchor(&review.sql_files, file, line) {
                    Some(href) => view! { <a href=href>{label}</a> }.into_any(),
                    None => view! { <span>{label}</span> }.into_any(),
                }
            })
            .collect_view();
        view! {
            <li
                class=format!("sql-finding status-{}", gate.status.as_str())
                data-testid="sql-finding"
                data-gate=gate.id.as_str()
                data-status=gate.status.as_str()
            >
                <span class="status-word">{icon_and_words(gate.status).1}</span>
                " "
                <code>{gate.id.as_str()}</code>
                " "
                <span class="where">{links}</span>
                <span class="message">{gate.message.clone()}</span>
            </li>
        }
    };
    let count = attention.len();
    let attention_items = attention.into_iter().map(item).collect_view();
    let passing_count = passing.len();
    let passing_items = passing.into_iter().map(item).collect_view();
    view! {
            {if !any_result {
                view! { <p class="muted">"No SQL gate gave a result."</p> }.into_any()
            } else if count == 0 {
                view! { <p class="muted">"Every SQL gate passed."</p> }.into_any()
            } else {
                view! { <ul class="sql-finding-list">{attention_items}</ul> }.into_any()
            }}
            {(passing_count > 0).then(|| view! {
                <details class="sql-passing">
                    <summary>{format!("Passing checks with SQL evidence ({passing_count})")}</summary>
                    <ul class="sql-finding-list">{passing_items}</ul>
                </details>
            })}
    }
}
