use leptos::prelude::*;

/// The rule catalog: every gate with what it checks and why, from the core's registry.
#[component]
pub fn RulesPanel() -> impl IntoView {
    view! { <section class="rules-panel"></section> }
}
