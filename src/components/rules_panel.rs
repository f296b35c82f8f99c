use leptos::prelude::*;
use secondlook_review::gate::{RuleInfo, Severity};

use crate::rules::Rules;

/// The rule catalog: every gate with what it checks and why, from the core's registry
/// (as the engine answered it; see [`Rules`]).
#[component]
pub fn RulesPanel() -> impl IntoView {
    let rules = use_context::<Rules>();
    let cards = move || match rules.and_then(|r| r.0.get()) {
        Some(Ok(list)) => list
            .iter()
            .map(|gate| view! { <RuleCard gate=gate.clone() /> })
            .collect_view()
            .into_any(),
        Some(Err(why)) => view! {
            <p class="rules-unavailable" role="alert">{format!("No rules to show: {why}.")}</p>
        }
        .into_any(),
        None => view! { <p class="rules-waiting">"Asking the review engine for the rules…"</p> }
            .into_any(),
    };
    view! {
        <section class="rules-panel" aria-labelledby="rules-heading">
            <h2 id="rules-heading">"Rules"</h2>
            <p class="rules-intro">
                "Every gate secondlook re-checks, in the order results are shown. A failed "
                "blocker makes the verdict no-go; else a blocker that is not verified or not "
                "reported makes it not-verified, never a kind of go; else a failed warning "
                "makes it go-with-changes; else it is go."
            </p>
            {cards}
        </section>
    }
}

#[component]
fn RuleCard(
    /// The gate to describe.
    gate: RuleInfo,
) -> impl IntoView {
    let severity = match gate.severity {
        Severity::Blocker => "blocker",
        Severity::Warning => "warning",
    };
    // Squawk's rules link to Squawk's own page on them; the URL is built from the
    // registry id, never from input.
    let page = gate.rule_page.map(|href| {
        let text = href.clone();
        view! {
            <dt>"Squawk's rule page"</dt>
            <dd>
                <a href=href rel="noopener noreferrer" target="_blank">{text}</a>
            </dd>
        }
    });
    let heading = format!("rule-{}-title", gate.id);
    let labelledby = heading.clone();
    view! {
        <article
            class="rule-card"
            id=format!("rule-{}", gate.id)
            data-testid="rule"
            data-gate=gate.id.as_str()
            aria-labelledby=labelledby
        >
            <h3 id=heading>
                <span class=format!("severity-badge {severity}")>{severity}</span>
                " "
                <span class="rule-title">{gate.title}</span>
                " "
                <code class="rule-id">{gate.id.as_str()}</code>
            </h3>
            <dl class="rule-texts">
                <dt>"Checks"</dt>
                <dd>{code_spans(&gate.checks)}</dd>
                <dt>"Why it matters for money"</dt>
                <dd>{code_spans(&gate.why)}</dd>
                {gate
                    .examples
                    .into_iter()
                    .map(|example| {
                        view! {
                            <dt data-testid="rule-example" data-example=example.name>
                                {example.expect.label()}
                            </dt>
                            <dd>{code_spans(&example.sentence)}</dd>
                        }
                    })
                    .collect_view()}
                <dt>"Related report findings"</dt>
                <dd>
                    {if gate.relates_to.is_empty() {
                        view! { <span class="none">"none"</span> }.into_any()
                    } else {
                        view! {
                            <ul class="related-ids">
                                {gate
                                    .relates_to
                                    .into_iter()
                                    .map(|id| view! { <li><code>{id}</code></li> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                </dd>
                {page}
            </dl>
        </article>
    }
}

/// The registry's texts mark code with backticks, as Markdown does: odd pieces between
/// them are code.
fn code_spans(text: &str) -> Vec<AnyView> {
    text.split('`')
        .enumerate()
        .map(|(i, piece)| {
            let piece = piece.to_string();
            if i % 2 == 1 {
                view! { <code>{piece}</code> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect()
}
