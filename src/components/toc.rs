//! The report's table of contents: every heading, linking to its `#slug`.

use leptos::prelude::*;
use secondlook_review::report::TocEntry;
use secondlook_review::workspace::anchor::Anchor;

/// Links to the report's headings, indented by level.
#[component]
pub fn Toc(
    /// The headings in order.
    entries: Vec<TocEntry>,
) -> impl IntoView {
    if entries.is_empty() {
        return ().into_any();
    }
    let items = entries
        .into_iter()
        .map(|e| {
            view! {
                <li class=format!("toc-level-{}", e.level.min(6))>
                    <a href=Anchor::Element(e.slug).href()>{e.text}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="toc" aria-label="Contents of the report">
            <h2 class="side-heading">"Contents"</h2>
            <ol>{items}</ol>
        </nav>
    }
    .into_any()
}
