use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use secondlook_core::inputs::Inputs;
use secondlook_core::workspace::kept_key::keys;
use secondlook_review::gate::GateResult;
use secondlook_review::report::{Checklist, ChecklistItem};
use secondlook_review::review::Review;
use secondlook_review::workspace::checklist_gates::failed_gates;
use secondlook_review::workspace::ticks::Ticks;

use super::browser;
use super::earlier_kept::EarlierKept;
use super::signoff_controls::SignoffControls;

/// Where the ticks are kept, and what went wrong keeping them.
#[derive(Clone, Copy)]
pub struct Kept {
    pub ticks: RwSignal<Ticks>,
    key: StoredValue<Option<String>>,
    pub problem: RwSignal<Option<String>>,
}

thread_local! {
    /// Ticks whose write failed, by storage key, with the warning that says so: the panel
    /// is built again on every pane switch, and must not fall back to the older stored
    /// ticks while the page is open.
    static UNSAVED: RefCell<HashMap<String, (Ticks, String)>> = RefCell::new(HashMap::new());
}

impl Kept {
    /// Shows `ticks` and keeps them; a failed write keeps them on the page and says so.
    pub fn set(self, ticks: Ticks) {
        let json = ticks.to_json();
        self.ticks.set(ticks.clone());
        let Some(key) = self.key.get_value() else {
            return;
        };
        match browser::store(&key, &json) {
            Ok(()) => {
                UNSAVED.with_borrow_mut(|unsaved| unsaved.remove(&key));
                self.problem.set(None);
            }
            Err(e) => {
                let problem = format!(
                    "The last change to the ticks could not be saved in this browser: {e}. \
                     The ticks on screen are kept on this page but not saved: closing or \
                     reloading it loses them. Free some storage for this site, or export a \
                     sign-off."
                );
                UNSAVED.with_borrow_mut(|unsaved| unsaved.insert(key, (ticks, problem.clone())));
                self.problem.set(Some(problem));
            }
        }
    }
}

/// The report's checklists, to tick; ticks kept per set of inputs (report, run and SQL);
/// sign-off export and import.
#[component]
pub fn ChecklistPanel(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    let inputs = use_context::<RwSignal<Inputs>>()
        .map(|i| i.get_untracked())
        .unwrap_or_default();
    let keys = keys(&inputs);
    let checklists = review
        .report
        .as_ref()
        .map(|r| r.checklists.clone())
        .unwrap_or_default();
    let key = keys.as_ref().map(|k| k.ticks.clone());
    let unsaved = key
        .as_ref()
        .and_then(|k| UNSAVED.with_borrow(|unsaved| unsaved.get(k).cloned()));
    let (start, warning, kept_here) = match unsaved {
        Some((ticks, problem)) => (ticks, Some(problem), true),
        None => stored_ticks(key.as_deref(), &checklists),
    };
    let kept = Kept {
        ticks: RwSignal::new(start),
        key: StoredValue::new(key),
        problem: RwSignal::new(warning),
    };
    // Bumped when earlier kept work is restored: the sign-off box reads its draft again.
    let restored = RwSignal::new(0_u32);
    let lists = StoredValue::new(checklists);
    let progress = move || {
        let (ticked, total) = lists.with_value(|l| kept.ticks.with(|t| t.progress(l)));
        format!("{ticked} of {total} ticked")
    };
    let gates = review.gates.clone();
    let body = lists.with_value(|lists| {
        lists
            .iter()
            .map(|list| {
                let title = if list.title.is_empty() {
                    "Checklist".to_string()
                } else {
                    list.title.clone()
                };
                let label = title.clone();
                view! {
                    <section class="checklist" aria-label=label>
                        <h3>
                            {title}
                            {list.human_only.then(|| view! { " " <span class="badge human">"human-only"</span> })}
                        </h3>
                        <ul>{items(&list.items, &gates, kept)}</ul>
                    </section>
                }
            })
            .collect_view()
    });
    let empty = lists.with_value(Vec::is_empty);
    view! {
        <section class="checklist-panel" aria-labelledby="checklists-heading">
            <h2 id="checklists-heading">"Checklists"</h2>
            <p class="progress" data-testid="checklist-progress" aria-live="polite">{progress}</p>
            {move || kept.problem.get().map(|p| view! {
                <p class="warning" role="alert" data-testid="ticks-warning">"⚠ " {p}</p>
            })}
            {keys.is_none().then(|| view! {
                <p class="notice">"Ticks are not kept: no report text to key them by."</p>
            })}
            {keys.filter(|_| !kept_here).map(|keys| view! {
                <EarlierKept keys=keys checklists=lists kept=kept restored=restored />
            })}
            {empty.then(|| view! { <p class="missing">"The report has no checklist."</p> })}
            {body}
            {move || {
                restored.track();
                view! { <SignoffControls review=review.clone() inputs=inputs.clone() kept=kept /> }
            }}
        </section>
    }
}

fn items(items: &[ChecklistItem], gates: &[GateResult], kept: Kept) -> AnyView {
    items
        .iter()
        .map(|item| {
            let id = item.id.clone();
            let input_id = format!("tick-{id}");
            let failed = failed_gates(&item.text, gates);
            let checked = {
                let id = id.clone();
                move || kept.ticks.with(|t| t.is_ticked(&id))
            };
            let on_change = {
                let id = id.clone();
                move |e| {
                    let mut ticks = kept.ticks.get_untracked();
                    ticks.set(&id, event_target_checked(&e));
                    kept.set(ticks);
                }
            };
            view! {
                <li data-testid="checklist-item" data-item-id=id.clone()>
                    <input type="checkbox" id=input_id.clone() prop:checked=checked on:change=on_change />
                    " "
                    <label for=input_id>{item.text.clone()}</label>
                    {item.human_only.then(|| view! { " " <span class="badge human">"human-only"</span> })}
                    {(!failed.is_empty()).then(|| view! {
                        " "
                        <span class="badge failed" data-testid="item-gate-failed">
                            {format!("✗ gate failed: {}", failed.iter().map(|id| id.as_str()).collect::<Vec<_>>().join(", "))}
                        </span>
                    })}
                    {(!item.children.is_empty()).then(|| view! { <ul>{self::items(&item.children, gates, kept)}</ul> })}
                </li>
            }
        })
        .collect_view()
        .into_any()
}

/// The ticks kept under `key`, or the report's own when there are none, with a warning
/// when kept ticks cannot be read, and whether anything was kept under `key`.
fn stored_ticks(key: Option<&str>, checklists: &[Checklist]) -> (Ticks, Option<String>, bool) {
    match key.map(|key| browser::stored_as(key, Ticks::from_json)) {
        Some(Ok(Some(ticks))) => (ticks, None, true),
        Some(Ok(None)) | None => (Ticks::from_report(checklists), None, false),
        Some(Err(e)) => (
            Ticks::from_report(checklists),
            Some(format!("Kept ticks ignored: {e}.")),
            true,
        ),
    }
}
