use leptos::prelude::*;
use secondlook_core::workspace::kept_key::KeptKeys;
use secondlook_review::report::Checklist;
use secondlook_review::workspace::signoff_draft::Draft;
use secondlook_review::workspace::ticks::Ticks;

use super::browser;
use super::checklist_panel::Kept;
use super::signoff_controls::keep_draft;

/// Offers the ticks and the draft an earlier version kept for this report alone, when
/// nothing is kept yet for these exact files: they may have been made with another run
/// or SQL, so they are applied only when the reviewer restores them, and stay stored
/// until the reviewer forgets them.
#[component]
pub fn EarlierKept(
    keys: KeptKeys,
    checklists: StoredValue<Vec<Checklist>>,
    kept: Kept,
    /// Bumped after a restore, so that the sign-off box shows the restored draft.
    restored: RwSignal<u32>,
) -> impl IntoView {
    // Unreadable earlier entries are not offered: there is nothing in them to restore.
    let ticks = browser::stored_as(&keys.legacy_ticks, Ticks::from_json)
        .ok()
        .flatten();
    let draft = browser::stored_as(&keys.legacy_draft, Draft::from_json)
        .ok()
        .flatten()
        .filter(|d| *d != Draft::default());
    if ticks.is_none() && draft.is_none() {
        return None;
    }
    let ticked = ticks
        .as_ref()
        .map(|t| checklists.with_value(|l| t.progress(l).0));
    let what = match (ticked, &draft) {
        (Some(n), Some(_)) => format!("{n} ticks and a name or reasons"),
        (Some(n), None) => format!("{n} ticks"),
        (None, _) => "a name or reasons".to_string(),
    };
    let open = RwSignal::new(true);
    let problem = RwSignal::new(None::<String>);
    let keys = StoredValue::new(keys);
    let earlier = StoredValue::new((ticks, draft));
    let restore = move |_| {
        let (ticks, draft) = earlier.get_value();
        if let Some(ticks) = ticks {
            kept.set(ticks);
        }
        if let Some(draft) = draft
            && let Err(e) = keep_draft(&keys.with_value(|k| k.draft.clone()), &draft)
        {
            problem.set(Some(format!(
                "The name and reasons could not be kept: {e}."
            )));
        }
        restored.update(|n| *n += 1);
        open.set(false);
    };
    let forget = move |_| {
        let gone = keys
            .with_value(|k| browser::forget(&k.legacy_ticks).and(browser::forget(&k.legacy_draft)));
        match gone {
            Ok(()) => open.set(false),
            Err(e) => problem.set(Some(format!("They could not be forgotten: {e}."))),
        }
    };
    Some(view! {
        <Show when=move || open.get() || problem.with(Option::is_some)>
            <div class="kept-offer" role="region" aria-label="Work kept by an earlier version" data-testid="earlier-kept">
                <p>
                    {format!(
                        "An earlier version of secondlook kept {what} for this report, without \
                         noting which run and SQL they were for. They are not applied to the \
                         files loaded now unless you restore them."
                    )}
                </p>
                {move || problem.get().map(|p| view! { <p class="warning" role="alert">"⚠ " {p}</p> })}
                <Show when=move || open.get()>
                    <p class="kept-offer-actions">
                        <button type="button" data-testid="earlier-kept-restore" on:click=restore>
                            "Restore them for these files"
                        </button>
                        " "
                        <button type="button" data-testid="earlier-kept-forget" on:click=forget>
                            "Forget them"
                        </button>
                    </p>
                </Show>
            </div>
        </Show>
    })
}
