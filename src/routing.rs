//! The page's place in the URL: the open pane as `?view=`, so a link or a reload opens
//! the same view and back/forward step through views; and anchors (`#sql-0-L54`,
//! `#rule-money-type`) that open the pane holding their target.

use leptos::prelude::*;

/// The panes a reviewer switches between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Findings,
    Checklists,
    Run,
    Sql,
    Schema,
    Report,
    Rules,
}

impl Pane {
    pub const ALL: [Pane; 7] = [
        Pane::Findings,
        Pane::Checklists,
        Pane::Run,
        Pane::Sql,
        Pane::Schema,
        Pane::Report,
        Pane::Rules,
    ];

    /// The pane a page opens on when the URL names none.
    pub const DEFAULT: Pane = Pane::Run;

    pub fn label(self) -> &'static str {
        match self {
            Pane::Findings => "Findings",
            Pane::Checklists => "Checklists",
            Pane::Run => "Gates & run",
            Pane::Sql => "SQL",
            Pane::Schema => "Schema",
            Pane::Report => "Report",
            Pane::Rules => "Rules",
        }
    }

    /// The pane's name in `?view=`.
    pub fn key(self) -> &'static str {
        match self {
            Pane::Findings => "findings",
            Pane::Checklists => "checklists",
            Pane::Run => "run",
            Pane::Sql => "sql",
            Pane::Schema => "schema",
            Pane::Report => "report",
            Pane::Rules => "rules",
        }
    }

    fn from_key(key: &str) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The pane that holds an anchor's target, for anchors that name one.
    fn for_anchor(hash: &str) -> Option<Pane> {
        let anchor = hash.trim_start_matches('#');
        if anchor.starts_with("sql-") {
            Some(Pane::Sql)
        } else if anchor.starts_with("gate-") || anchor.starts_with("gates-") {
            Some(Pane::Run)
        } else if anchor.starts_with("rule-") {
            Some(Pane::Rules)
        } else if anchor.split('&').any(|kv| kv.starts_with("finding=")) {
            Some(Pane::Findings)
        } else if anchor.starts_with("finding-") {
            Some(Pane::Report)
        } else {
            None
        }
    }
}

/// The pane the URL asks for: by its anchor first, then by `?view=`; `None` when it
/// names none.
pub fn pane_from_url() -> Option<Pane> {
    let location = window().location();
    let by_anchor = location.hash().ok().and_then(|h| Pane::for_anchor(&h));
    let by_view = location
        .search()
        .ok()
        .and_then(|s| web_sys::UrlSearchParams::new_with_str(&s).ok())
        .and_then(|p| p.get("view"))
        .and_then(|v| Pane::from_key(&v));
    by_anchor.or(by_view)
}

/// Opens `pane` as a new history entry, keeping the other query parameters; the
/// anchor is dropped, since it pointed into the pane being left.
pub fn push_pane(pane: Pane) {
    let Ok(href) = window().location().href() else {
        return;
    };
    let Ok(url) = web_sys::Url::new(&href) else {
        return;
    };
    url.search_params().set("view", pane.key());
    url.set_hash("");
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// Makes `?view=` name `pane` in the current history entry, anchor kept: an anchor
/// followed into another pane must not leave the URL naming the one left.
fn show_view(pane: Pane) {
    let Ok(href) = window().location().href() else {
        return;
    };
    let Ok(url) = web_sys::Url::new(&href) else {
        return;
    };
    if url.search_params().get("view").as_deref() == Some(pane.key()) {
        return;
    }
    url.search_params().set("view", pane.key());
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// Keeps `pane` in step with the URL: back/forward, and anchors followed from another
/// pane (the target is scrolled into view once its pane has rendered).
pub fn follow_url(pane: RwSignal<Pane>) {
    let sync = move || {
        // An anchor inside the open pane (a heading in the report) names no pane: stay.
        let has_anchor = window().location().hash().is_ok_and(|h| h.len() > 1);
        match pane_from_url() {
            Some(p) => {
                pane.set(p);
                show_view(p);
            }
            None if !has_anchor => pane.set(Pane::DEFAULT),
            None => {}
        }
        scroll_to_anchor();
    };
    let on_pop = window_event_listener(leptos::ev::popstate, move |_| sync());
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| sync());
    on_cleanup(move || {
        on_pop.remove();
        on_hash.remove();
    });
    if let Some(p) = pane_from_url() {
        show_view(p);
    }
    scroll_to_anchor();
}

fn scroll_to_anchor() {
    request_animation_frame(|| {
        let Some(id) = window()
            .location()
            .hash()
            .ok()
            .and_then(|h| h.strip_prefix('#').map(str::to_string))
        else {
            return;
        };
        if let Some(target) = document().get_element_by_id(&id) {
            target.scroll_into_view();
        }
    });
}
