use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::review::Review;
use secondlook_review::sql::SqlFile;
use secondlook_review::sql::marks::file_index;
use secondlook_review::workspace::anchor::Anchor;

use crate::components::sql_file::SqlFileView;
use crate::components::sql_findings::SqlFindings;
use crate::components::sql_search::search;

/// The link target (`#sql-<i>-L<line>`) of a place in a SQL file, for evidence shown
/// anywhere; `None` when the review holds no loaded file at that path.
pub fn sql_anchor(sql_files: &[SqlFile], file: &str, line: u32) -> Option<String> {
    let index = file_index(sql_files, file)?;
    let loaded = sql_files.get(index)?.text.is_ok();
    loaded.then(|| Anchor::SqlLine { file: index, line }.href())
}

/// The run's SQL with line numbers and colour; the statements gates point at, highlighted.
#[component]
pub fn SqlPanel(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    let Some(check) = review.sql.as_ref() else {
        return view! {
            <section class="sql-panel" aria-labelledby="sql-heading">
                <h2 id="sql-heading">"SQL"</h2>
                <p class="missing">"No readable run loaded: there is no SQL to show."</p>
            </section>
        }
        .into_any();
    };
    let notes = check
        .notes
        .iter()
        .map(|note| view! { <li>{note.clone()}</li> })
        .collect_view();
    let (search, search_box) = search(review.clone());
    let files = review
        .sql_files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            view! {
                <SqlFileView
                    index=index
                    file=file.clone()
                    report=check.files.get(index).cloned()
                    gates=review.gates.clone()
                    search=search
                />
            }
        })
        .collect_view();
    let empty = review.sql_files.is_empty();
    let has_notes = !check.notes.is_empty();
    let wrap = RwSignal::new(true);
    view! {
        <section class="sql-panel" class:sql-wrap=move || wrap.get() aria-labelledby="sql-heading">
            <h2 id="sql-heading">"SQL"</h2>
            <label class="sql-wrap-toggle">
                <input
                    type="checkbox"
                    data-testid="sql-wrap"
                    prop:checked=move || wrap.get()
                    on:change=move |event| wrap.set(event_target_checked(&event))
                />
                "Wrap long lines"
            </label>
            {search_box}
            {has_notes.then(|| view! { <ul class="sql-notes" data-testid="sql-notes">{notes}</ul> })}
            <SqlFindings review=review.clone() />
            {empty.then(|| view! { <p class="missing">"The run names no SQL files."</p> })}
            {files}
        </section>
    }
    .into_any()
}
