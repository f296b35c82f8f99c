//! The frontmatter as a properties panel (like Obsidian's): each key with its typed value.

use leptos::prelude::*;
use secondlook_review::report::{FrontmatterError, Property, PropertyValue};

/// The report's properties, or where its frontmatter failed to parse.
#[component]
pub fn Properties(
    /// Every frontmatter property, in written order.
    properties: Vec<Property>,
    /// The located parse error, if the frontmatter did not parse.
    error: Option<FrontmatterError>,
) -> impl IntoView {
    let error = error.map(|e| {
        view! {
            <p class="load-error" data-testid="load-error" role="alert">
                {format!("Frontmatter, line {} column {}: {}", e.line, e.column, e.message)}
            </p>
        }
    });
    let empty = properties.is_empty().then(|| {
        view! { <p class="muted">"No properties."</p> }
    });
    view! {
        <section class="properties" aria-label="Properties">
            <h2 class="side-heading">"Properties"</h2>
            {error}
            {empty}
            {property_list(properties)}
        </section>
    }
}

fn property_list(properties: Vec<Property>) -> AnyView {
    if properties.is_empty() {
        return ().into_any();
    }
    let rows = properties
        .into_iter()
        .map(|p| {
            let key = p.key.clone();
            view! {
                <div class="property" data-key=key>
                    <dt>{p.key}</dt>
                    <dd>{value_view(p.value)}</dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="property-list">{rows}</dl> }.into_any()
}

fn value_view(value: PropertyValue) -> AnyView {
    match value {
        PropertyValue::Text { value } => {
            view! { <span class="prop-text">{value}</span> }.into_any()
        }
        PropertyValue::Number { value } => {
            view! { <span class="prop-number">{value.to_string()}</span> }.into_any()
        }
        PropertyValue::Boolean { value } => view! {
            <span class="prop-boolean">
                <input type="checkbox" disabled=true checked=value aria-hidden="true" />
                " "
                {value.to_string()}
            </span>
        }
        .into_any(),
        PropertyValue::Date { value } => {
            let datetime = value.clone();
            view! { <time class="prop-date" datetime=datetime>{value}</time> }.into_any()
        }
        PropertyValue::Link {
            target,
            alias,
            href,
        } => {
            let text = alias.unwrap_or(target);
            match href {
                Some(href) => {
                    let target = super::markdown::link_target(&href);
                    view! {
                        <a class="prop-link" href=href target=target rel="noopener noreferrer">
                            {text}
                        </a>
                    }
                    .into_any()
                }
                None => view! {
                    <span class="prop-link inert-link" title="Link removed: its target is not allowed">
                        {text}
                    </span>
                }
                .into_any(),
            }
        }
        PropertyValue::List { items } => {
            let chips = items
                .into_iter()
                .map(|item| view! { <li class="chip">{value_view(item)}</li> })
                .collect_view();
            view! { <ul class="chips">{chips}</ul> }.into_any()
        }
        PropertyValue::Map { properties } => property_list(properties),
        PropertyValue::Null => view! { <span class="muted">"(empty)"</span> }.into_any(),
    }
}
