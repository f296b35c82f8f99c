use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_review::review::Review;
use secondlook_review::review::sql_matching::SqlMatching;

use crate::loading::{Keeping, Load, LoadState, Loader, Origin, input_files, picked_folder};

/// Opening files: the picker, pasted text, URLs; and what loaded or failed, by file.
#[component]
pub fn LoadPanel(
    /// The page's loading state.
    loader: Loader,
    /// The review built from the loaded files, for which SQL file it used as which.
    review: RwSignal<Option<Arc<Review>>>,
) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let on_pick = move |event: web_sys::Event| {
        let files = input_files(&event);
        spawn_local(loader.read_files(files));
    };
    let on_folder = move |event: web_sys::Event| {
        // A folder input gives every file with its path below the picked folder.
        if let Some((name, files)) = picked_folder(input_files(&event)) {
            spawn_local(loader.read_folder(name, files));
        }
    };
    let on_paste = move |_| {
        let text = pasted.get_untracked();
        if !text.trim().is_empty() {
            loader.paste(text);
            pasted.set(String::new());
        }
    };
    let origin = move || match loader.origin.get() {
        Origin::Nothing => "Loading…",
        Origin::Demo => "Demo: the seed report, its run and SQL",
        Origin::Urls => "Loaded from URLs",
        Origin::Local => "Local files",
    };
    view! {
        <section class="load-panel" aria-label="Inputs">
            <p class="origin" data-testid="origin">{origin}</p>
            <KeepingNote loader=loader />
            <ul class="loads">
                <For
                    each=move || loader.loads.get()
                    key=|load| (load.name.clone(), format!("{:?}", load.state))
                    let:load
                >
                    <LoadLine load=load />
                </For>
            </ul>
            {move || {
                review
                    .get()
                    .filter(|_| !loader.busy.get())
                    .map(|review| view! {
                        <SqlFilesNote loader=loader matching=review.sql_matching.clone() />
                    })
            }}
            <details class="open-inputs" id="open-inputs">
                <summary>"Open files…"</summary>
                <label class="field">
                    "Report (.md), run file (.json) and SQL files (.sql) — or drop them on the page"
                    <input
                        type="file"
                        multiple
                        accept=".md,.markdown,.json,.sql,.txt"
                        data-testid="file-picker"
                        on:change=on_pick
                    />
                </label>
                <label class="field">
                    "Open folder… a migrations folder (drizzle-kit, Prisma, goose, golang-migrate, \
                     dbmate, Flyway, sqitch): its newest migration is reviewed over the rest"
                    <input
                        type="file"
                        prop:webkitdirectory=true
                        data-testid="folder-picker"
                        on:change=on_folder
                    />
                </label>
                <form class="field" method="get" action="">
                    <label>"Report URL" <input type="url" name="report" /></label>
                    <label>"Run file URL" <input type="url" name="run" /></label>
                    <button type="submit">"Open URLs"</button>
                </form>
                <label class="field">
                    "Paste a report, a run file or SQL"
                    <textarea
                        rows="4"
                        prop:value=move || pasted.get()
                        on:input=move |e| pasted.set(event_target_value(&e))
                    ></textarea>
                </label>
                <button type="button" on:click=on_paste>"Add pasted text"</button>
            </details>
        </section>
    }
}

/// Whether the local files survive a reload: kept, reopened (with a way to drop them),
/// or why not.
#[component]
fn KeepingNote(
    /// The page's loading state.
    loader: Loader,
) -> impl IntoView {
    let forget = move |_| spawn_local(loader.forget_local());
    move || match loader.keeping.get() {
        Keeping::Idle => ().into_any(),
        Keeping::Kept => view! {
            <p class="keeping" data-testid="keeping" data-state="kept">
                "Kept in this browser: a reload of this tab reopens these files."
            </p>
        }
        .into_any(),
        Keeping::Reopened(names) => view! {
            <p class="keeping" data-testid="keeping" data-state="reopened" role="status">
                {format!("Reopened the files you picked before the reload: {}. ", names.join(", "))}
                <button type="button" on:click=forget>"Forget them"</button>
            </p>
        }
        .into_any(),
        Keeping::Failed(why) => view! {
            <p class="keeping warning" data-testid="keeping" data-state="failed" role="alert">
                "⚠ " {why}
            </p>
        }
        .into_any(),
    }
}

/// Which loaded SQL file the review used for which file the run names when the names
/// differ; the files it did not use; and, for a file the run names that nothing stands
/// for, a choice of the loaded SQL files to use as it.
#[component]
fn SqlFilesNote(
    /// The page's loading state.
    loader: Loader,
    /// What the review matched.
    matching: SqlMatching,
) -> impl IntoView {
    let renamed = matching
        .renamed()
        .map(|m| view! { <li data-testid="sql-matched">{m.sentence()}</li> })
        .collect_view();
    let unused = (!matching.unused.is_empty()).then(|| {
        view! {
            <p class="sql-unused warning" role="alert" data-testid="sql-unused">
                {format!(
                    "⚠ Not used by the review (the run names no such file): {}",
                    matching.unused.join(", "),
                )}
            </p>
        }
    });
    let choices = matching.unused.clone();
    let assign = (!choices.is_empty()).then(|| {
        matching
            .missing
            .iter()
            .map(|href| {
                let href = href.clone();
                let options = choices
                    .iter()
                    .map(|name| view! { <option value=name.clone()>{name.clone()}</option> })
                    .collect_view();
                let target = href.clone();
                let on_change = move |event: web_sys::Event| {
                    let loaded = event_target_value(&event);
                    if !loaded.is_empty() {
                        loader.assign(loaded, target.clone());
                    }
                };
                view! {
                    <label class="field sql-assign" data-testid="sql-assign" data-href=href.clone()>
                        {format!("The run's {href} is: ")}
                        <select on:change=on_change>
                            <option value="">"not loaded"</option>
                            {options}
                        </select>
                    </label>
                }
            })
            .collect_view()
    });
    view! {
        <ul class="sql-matched">{renamed}</ul>
        {unused}
        {assign}
    }
}

/// One file's load: in progress, its size, or why it failed.
#[component]
fn LoadLine(
    /// The load to show.
    load: Load,
) -> impl IntoView {
    match load.state {
        LoadState::Loading => view! {
            <li class="load loading" aria-busy="true">{format!("Loading {}…", load.name)}</li>
        }
        .into_any(),
        LoadState::Loaded { bytes } => view! {
            <li class="load loaded">{format!("{} ({})", load.name, size(bytes))}</li>
        }
        .into_any(),
        LoadState::Failed(why) => view! {
            <li class="load failed" role="alert" data-testid="load-error">
                <strong>{load.name}</strong>
                ": "
                {why}
            </li>
        }
        .into_any(),
    }
}

fn size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1024.0 * 1024.0)),
    }
}
