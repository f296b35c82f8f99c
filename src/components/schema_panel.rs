use leptos::prelude::*;
use secondlook_core::review::Review;

/// The schema model the migration leaves: tables with columns, constraints and indexes.
#[component]
pub fn SchemaPanel(
    /// The review to show.
    review: Review,
) -> impl IntoView {
    let _ = review;
    view! { <section class="schema-panel"></section> }
}
