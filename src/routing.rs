//! The page's place in the URL: the open pane as `?view=`, so a link or a reload opens
//! the same view and back/forward step through views; and anchors (`#sql-0-L54`,
//! `#rule-money-type`) that open the pane holding their target and land on it.

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::review::Review;
use secondlook_review::workspace::anchor::Anchor;
use wasm_bindgen::JsCast;

/// The panes a reviewer switches between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Findings,
    Checklists,
    Run,
    Sql,
    Schema,
    Locks,
    Report,
    Rules,
}

impl Pane {
    pub const ALL: [Pane; 8] = [
        Pane::Findings,
        Pane::Checklists,
        Pane::Run,
        Pane::Sql,
        Pane::Schema,
        Pane::Locks,
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
            Pane::Locks => "Locks & data",
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
            Pane::Locks => "locks",
            Pane::Report => "report",
            Pane::Rules => "rules",
        }
    }

    fn from_key(key: &str) -> Option<Pane> {
        Pane::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The pane that holds an anchor's target; `None` for an element of no pane in
    /// particular (a report heading, in the open pane).
    fn for_anchor(anchor: &Anchor) -> Option<Pane> {
        match anchor {
            Anchor::SqlLine { .. } => Some(Pane::Sql),
            Anchor::Gate { .. } | Anchor::GateGroup(_) => Some(Pane::Run),
            Anchor::Rule(_) => Some(Pane::Rules),
            Anchor::Finding(_) => Some(Pane::Findings),
            Anchor::ReportRow(_) => Some(Pane::Report),
            Anchor::Element(_) => None,
        }
    }
}

/// The place the page's link names, if any.
pub fn linked_anchor() -> Option<Anchor> {
    Anchor::parse(&window().location().hash().ok()?)
}

/// [`linked_anchor`], kept in step as the link changes.
pub fn watch_anchor() -> Signal<Option<Anchor>> {
    let anchor = RwSignal::new(linked_anchor());
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        anchor.set(linked_anchor());
    });
    on_cleanup(move || on_hash.remove());
    anchor.into()
}

/// The pane the URL asks for: by its anchor first, then by `?view=`; `None` when it
/// names none.
pub fn pane_from_url() -> Option<Pane> {
    let by_anchor = linked_anchor().and_then(|a| Pane::for_anchor(&a));
    let by_view = window()
        .location()
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
/// pane (the target is brought into view once its pane has rendered). When `review`
/// changes (the proof's answers arrive) the panes are drawn again: the target is
/// outlined again, and brought back into view if the reader has not moved since.
pub fn follow_url(pane: RwSignal<Pane>, review: Signal<Option<Arc<Review>>>) {
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
        land();
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
    land();
    let moved = ["wheel", "touchstart", "keydown", "mousedown"]
        .map(|event| window_event_listener_untyped(event, |_| HOLDING.with(|h| h.set(false))));
    on_cleanup(move || moved.into_iter().for_each(|l| l.remove()));
    Effect::new(move |drawn_before: Option<()>| {
        review.track();
        if drawn_before.is_some() && HOLDING.with(Cell::get) {
            land();
        }
    });
}

/// How long a link's target is waited for: on a page opened at a link the review, and
/// so the target, comes seconds later on large inputs.
const LANDING_WAIT_MS: f64 = 60_000.0;

thread_local! {
    /// Which landing is the latest: an earlier one still waiting gives up.
    static LANDING: Cell<u64> = const { Cell::new(0) };
    /// Whether the reader is still where the link put them (no wheel, touch, key or
    /// click since).
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// Brings the element the page's link names into view and marks it, as soon as it is
/// in the page. A finding's row is the findings pane's to bring in.
fn land() {
    HOLDING.with(|h| h.set(true));
    let landing = LANDING.with(|l| {
        l.set(l.get() + 1);
        l.get()
    });
    seek(landing, js_sys::Date::now());
}

fn seek(landing: u64, started: f64) {
    request_animation_frame(move || {
        if LANDING.with(Cell::get) != landing {
            return;
        }
        let Some(id) = linked_anchor().and_then(|a| a.element_id()) else {
            return;
        };
        match document().get_element_by_id(&id) {
            Some(target) => mark_landed(&target),
            None if js_sys::Date::now() - started < LANDING_WAIT_MS => seek(landing, started),
            None => {}
        }
    });
}

/// The class of the element a link landed on: it stays outlined (`:target` does not
/// hold for an element put in the page after the link was opened).
const LANDED: &str = "landed";

fn mark_landed(target: &web_sys::Element) {
    if let Ok(earlier) = document().query_selector_all(&format!(".{LANDED}")) {
        for i in 0..earlier.length() {
            if let Some(element) = earlier
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = element.class_list().remove_1(LANDED);
            }
        }
    }
    let _ = target.class_list().add_1(LANDED);
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    target.scroll_into_view_with_scroll_into_view_options(&options);
}
