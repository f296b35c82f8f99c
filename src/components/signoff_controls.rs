use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_core::inputs::Inputs;
use secondlook_core::workspace::kept_key::keys;
use secondlook_core::workspace::signoff::{self, AcceptedRisk, SignOff};
use secondlook_core::workspace::signoff_verify::differing_files;
use secondlook_review::review::Review;
use secondlook_review::workspace::signoff_draft::Draft;

use super::browser;
use super::checklist_panel::Kept;

thread_local! {
    /// What was typed, by storage key, for as long as the page is open: the panel is built
    /// again on every pane switch, and must not fall back to an older stored draft when
    /// the last write failed.
    static ON_PAGE: RefCell<HashMap<String, Draft>> = RefCell::new(HashMap::new());
}

/// Keeps `draft` under `key`: on this page at once, and in the browser if it can.
pub fn keep_draft(key: &str, draft: &Draft) -> Result<(), String> {
    ON_PAGE.with_borrow_mut(|drafts| drafts.insert(key.to_string(), draft.clone()));
    browser::store(key, &draft.to_json())
}

/// Exports the ticks as a signed record (JSON or Markdown, one file per export) with a
/// reason for each blocker that did not pass, and imports one again: one made for other
/// files says which differ and restores nothing until the reviewer confirms. The name
/// and the reasons typed are kept per set of inputs as they are typed, as the ticks are.
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
    // A sign-off made for other files, waiting for the reviewer's word, with what differs.
    let pending = RwSignal::new(None::<(SignOff, Vec<String>)>);
    let markdown = RwSignal::new(false);
    let blockers = signoff::blockers(&review);
    let key = keys(&inputs).map(|k| k.draft);
    let on_page = key
        .as_ref()
        .and_then(|k| ON_PAGE.with_borrow(|drafts| drafts.get(k).cloned()));
    let (start, problem) = match (on_page, key.as_deref()) {
        (Some(draft), _) => (draft, None),
        (None, None) => (Draft::default(), None),
        (None, Some(key)) => match browser::stored_as(key, Draft::from_json) {
            Ok(draft) => (draft.unwrap_or_default(), None),
            Err(e) => (
                Draft::default(),
                Some((
                    false,
                    format!("The name and reasons kept were ignored: {e}."),
                )),
            ),
        },
    };
    let draft = RwSignal::new(start);
    let message = RwSignal::new(problem);
    let key = StoredValue::new(key);
    // Keeps what was typed at once: a reload, Back or another pane must not lose it.
    let edit = move |change: &dyn Fn(&mut Draft)| {
        draft.update(|d| change(d));
        let Some(key) = key.get_value() else {
            return;
        };
        if let Err(e) = draft.with_untracked(|d| keep_draft(&key, d)) {
            message.set(Some((
                false,
                format!(
                    "Your name and reasons could not be saved in this browser: {e}. They stay \
                     on this page, but closing or reloading it loses them."
                ),
            )));
        }
    };
    let review = StoredValue::new(review);
    let inputs = StoredValue::new(inputs);

    // The signer accepts each risk under their own name.
    let gates: Vec<String> = blockers.iter().map(|b| b.gate.clone()).collect();
    let gates = StoredValue::new(gates);
    let risks = move || {
        draft.with_untracked(|d| {
            gates.with_value(|gates| {
                gates
                    .iter()
                    .map(|gate| AcceptedRisk {
                        gate: gate.clone(),
                        reason: d.reason(gate).to_string(),
                        who: d.who.clone(),
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let export = move |_| {
        let built = review.with_value(|r| {
            inputs.with_value(|i| {
                signoff::build(
                    &draft.with_untracked(|d| d.who.clone()),
                    &browser::now_iso(),
                    i,
                    r,
                    &kept.ticks.get_untracked(),
                    &risks(),
                )
            })
        });
        let done = built.and_then(|s| {
            let (name, mime, text) = if markdown.get_untracked() {
                (
                    format!("{}.md", s.file_stem()),
                    "text/markdown",
                    s.to_markdown(),
                )
            } else {
                (
                    format!("{}.json", s.file_stem()),
                    "application/json",
                    s.to_json(),
                )
            };
            browser::download(&name, mime, &text)?;
            Ok(name)
        });
        message.set(Some(match done {
            Ok(name) => (true, format!("Exported {name}.")),
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
        edit(&|d| {
            gates.with_value(|gates| {
                for gate in gates {
                    if let Some(risk) = s.accepted_risks.iter().find(|a| &a.gate == gate) {
                        d.set_reason(gate, risk.reason.clone());
                    }
                }
            })
        });
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
        spawn_local(async move {
            let read = browser::file_text(&file)
                .await
                .and_then(|text| SignOff::from_json(&text));
            match read {
                Err(e) => message.set(Some((false, format!("Not imported: {e}.")))),
                Ok(s) => {
                    let differ = inputs.with_value(|i| differing_files(&s, i));
                    if differ.is_empty() {
                        restore(s);
                    } else {
                        message.set(None);
                        pending.set(Some((s, differ)));
                    }
                }
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
                    prop:value=move || draft.with(|d| d.who.clone())
                    on:input=move |e| {
                        let who = event_target_value(&e);
                        edit(&|d| d.who.clone_from(&who));
                    }
                />
                <select
                    aria-label="Sign-off file format"
                    data-testid="signoff-format"
                    on:change=move |e| markdown.set(event_target_value(&e) == "md")
                >
                    <option value="json" selected>"JSON (for CI and import)"</option>
                    <option value="md">"Markdown (to read)"</option>
                </select>
                <button type="button" data-testid="signoff-export" on:click=export>
                    "Export sign-off"
                </button>
            </div>
            {(!blockers.is_empty()).then(|| view! {
                <fieldset class="signoff-risks" data-testid="signoff-risks">
                    <legend>"Blockers that did not pass: why go ahead anyway?"</legend>
                    {blockers
                        .iter()
                        .enumerate()
                        .map(|(at, b)| {
                            let id = format!("signoff-risk-{at}");
                            let status = b.status.map_or("no result", |s| s.as_str());
                            view! {
                                <label for=id.clone()>
                                    <code>{b.gate.clone()}</code>
                                    {format!(" ({status}): {}", b.message)}
                                </label>
                                <textarea
                                    id=id
                                    rows="2"
                                    data-testid="signoff-risk"
                                    data-gate=b.gate.clone()
                                    prop:value={
                                        let gate = b.gate.clone();
                                        move || draft.with(|d| d.reason(&gate).to_string())
                                    }
                                    on:input={
                                        let gate = b.gate.clone();
                                        move |e| {
                                            let text = event_target_value(&e);
                                            edit(&|d| d.set_reason(&gate, text.clone()));
                                        }
                                    }
                                ></textarea>
                            }
                        })
                        .collect_view()}
                </fieldset>
            })}
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
            {move || pending.get().map(|(s, differ)| view! {
                <div class="signoff-confirm" role="alertdialog" aria-labelledby="signoff-confirm-heading" data-testid="signoff-confirm">
                    <p id="signoff-confirm-heading">
                        {format!(
                            "⚠ The sign-off by {} ({}) was made for other files. Nothing is \
                             restored unless you import it anyway:",
                            s.who, s.when
                        )}
                    </p>
                    <ul data-testid="signoff-differs">
                        {differ.into_iter().map(|why| view! { <li>{why}</li> }).collect_view()}
                    </ul>
                    <p>
                        <button
                            type="button"
                            data-testid="signoff-import-anyway"
                            on:click=move |_| {
                                if let Some((s, _)) = pending.get_untracked() {
                                    restore(s);
                                }
                            }
                        >
                            "Import anyway onto these files"
                        </button>
                        " "
                        <button type="button" data-testid="signoff-import-cancel" on:click=move |_| {
                            pending.set(None);
                            message.set(Some((true, "Not imported: nothing was restored.".to_string())));
                        }>"Cancel"</button>
                    </p>
                </div>
            })}
        </section>
    }
}
