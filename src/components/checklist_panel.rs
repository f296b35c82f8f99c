use leptos::prelude::*;
use secondlook_core::review::Review;

/// The report's checklists, to tick; ticks kept per report; sign-off export and import.
#[component]
pub fn ChecklistPanel(
    /// The review to show.
    review: Review,
) -> impl IntoView {
    let _ = review;
    view! { <section class="checklist-panel"></section> }
}
