use leptos::prelude::*;
use secondlook_core::review::Review;

/// The report's findings and the gate results in one table: sort, filter, deep links.
#[component]
pub fn FindingsPanel(
    /// The review to show.
    review: Review,
) -> impl IntoView {
    let _ = review;
    view! { <section class="findings-panel"></section> }
}
