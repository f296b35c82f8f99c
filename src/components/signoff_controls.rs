use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_core::inputs::Inputs;
use secondlook_core::review::Review;
use secondlook_core::workspace::signoff::{self, SignOff};

use super::browser;
use super::checklist_panel::Kept;

/// Exports the ticks as a signed record (Markdown and JSON) and imports one again.
#[component]
pub fn SignoffControls(
    /// The review signed off.
    #[prop(into)]
    review: Arc<Review>,
    /// The loaded files, hashed into the record.
    inputs: Inputs,
    /// The ticks.
    kept: Kept,
) -> impl IntoView {
    let who = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let pending = RwSignal::new(None::<SignOff>);
    let report_sha = signoff::report_sha256(&inputs);
    let review = StoredValue::new(review);
    let inputs = StoredValue::new(inputs);

    let export = move |_| {
        let built = review.with_value(|r| {
            inputs.with_value(|i| {
                signoff::build(
                    &who.get_untracked(),
                    &browser::now_iso(),
                    i,
                    r,
                    &kept.ticks.get_untracked(),
                )
            })
        });
        let done = built.and_then(|s| {
            let stem = s.file_stem();
            browser::download(&format!("{stem}.md"), "text/markdown", &s.to_markdown())?;
            browser::download(&format!("{stem}.json"), "application/json", &s.to_json())?;
            Ok(stem)
        });
        message.set(Some(match done {
            Ok(stem) => (true, format!("Exported {stem}.md and {stem}.json.")),
            Err(e) => (false, format!("Not exported: {e}.")),
        }));
    };
    let restore = move |s: SignOff| {
        let restored = review.with_value(|r| {
            let lists = r.report.as_ref().map_or(&[][..], |r| &r.checklists);
            s.restore(lists, &kept.ticks.get_untracked())
        });
        let lacking = match restored.unmatched {
            0 => String::new(),
            n => format!(" {n} of its items are not in this report."),
        };
        kept.set(restored.ticks);
        pending.set(None);
        message.set(Some((
            true,
            format!(
                "Imported the sign-off by {} ({}): {} items restored.{lacking}",
                s.who, s.when, restored.matched
            ),
        )));
    };
    let import = move |e: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&e);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let report_sha = report_sha.clone();
        spawn_local(async move {
            let read = browser::file_text(&file)
                .await
                .and_then(|text| SignOff::from_json(&text));
            match read {
                Err(e) => message.set(Some((false, format!("Not imported: {e}.")))),
                Ok(s) => match s.report_mismatch(report_sha.as_deref()) {
                    Some(why) => {
                        message.set(Some((false, why)));
                        pending.set(Some(s));
                    }
                    None => restore(s),
                },
            }
        });
    };
    view! {
        <section class="signoff" aria-labelledby="signoff-heading">
            <h3 id="signoff-heading">"Sign-off"</h3>
            <div class="signoff-row">
                <label for="signoff-who">"Your name"</label>
                <input
                    id="signoff-who"
                    type="text"
                    autocomplete="name"
                    data-testid="signoff-who"
                    prop:value=move || who.get()
                    on:input=move |e| who.set(event_target_value(&e))
                />
                <button type="button" data-testid="signoff-export" on:click=export>
                    "Export sign-off"
                </button>
            </div>
            <div class="signoff-row">
                <label for="signoff-import">"Import sign-off (JSON)"</label>
                <input
                    id="signoff-import"
                    type="file"
                    accept=".json,application/json"
                    data-testid="signoff-import"
                    on:change=import
                />
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p
                    class=if ok { "status-message ok" } else { "status-message problem" }
                    role=if ok { "status" } else { "alert" }
                    data-testid="signoff-message"
                >
                    {if ok { "✓ " } else { "⚠ " }}
                    {text}
                </p>
            })}
            <Show when=move || pending.with(Option::is_some)>
                <p class="signoff-confirm">
                    <button
                        type="button"
                        data-testid="signoff-import-anyway"
                        on:click=move |_| {
                            if let Some(s) = pending.get_untracked() {
                                restore(s);
                            }
                        }
                    >
                        "Import anyway"
                    </button>
                    " "
                    <button type="button" on:click=move |_| {
                        pending.set(None);
                        message.set(None);
                    }>"Cancel"</button>
                </p>
            </Show>
        </section>
    }
}
