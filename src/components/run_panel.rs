use leptos::prelude::*;
use secondlook_core::review::Review;

/// The gates with their evidence, the run's phases and its self-audit.
#[component]
pub fn RunPanel(
    /// The review to show.
    review: Review,
) -> impl IntoView {
    let _ = review;
    view! { <section class="run-panel"></section> }
}
