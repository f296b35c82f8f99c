//! The service worker (`sw.js`): served over http(s), the page registers it so a viewer
//! opened once opens again offline. A new deploy is a new worker; it waits, and the page
//! says so instead of going on with the old app silently. What the verdict does not need
//! is cached only after the verdict has shown.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

use crate::components::browser::field;

/// Registers `sw.js` beside the page; `waiting` is set when a new version waits.
pub fn register(waiting: RwSignal<bool>) {
    let Some(container) = container() else {
        return; // file:// has no service workers; a bundle needs none.
    };
    let promise = container.register("sw.js");
    leptos::task::spawn_local(async move {
        // Refused, or (where service workers are blocked) resolved with nothing: no
        // offline copy, and the page works as before.
        let registered = JsFuture::from(promise).await;
        let Some(registration) = registered
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
        else {
            return;
        };
        watch(&registration, waiting);
        let _ = registration.update();
    });
}

/// Whether requests made now bypass the service worker (served over http(s) and not
/// yet controlled): the first visit's inputs do, and [`keep`] must ask for them.
pub fn uncontrolled() -> bool {
    container().is_some_and(|c| c.controller().is_none())
}

/// Asks the service worker to keep an input fetched past it, for offline use.
pub fn keep(url: &str) {
    let Some(container) = container() else {
        return;
    };
    let base = window().location().href().unwrap_or_default();
    let Ok(absolute) = web_sys::Url::new_with_base(url, &base) else {
        return;
    };
    tell_active(&container, format!("keep {}", absolute.href()));
}

/// Posts `message` to the active service worker, once there is one.
fn tell_active(container: &web_sys::ServiceWorkerContainer, message: String) {
    let Ok(ready) = container.ready() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let active = JsFuture::from(ready)
            .await
            .ok()
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.active());
        if let Some(worker) = active {
            let _ = worker.post_message(&JsValue::from_str(&message));
        }
    });
}

/// Whether this viewer works with the network gone: only once the service worker has
/// cached every file of the app ([`precache`]); until then, or when that failed, it is
/// not claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offline {
    /// No service worker here, or it has not answered yet.
    Unknown,
    Ready,
    /// Some file could not be cached (the console says which).
    Failed,
}

impl Offline {
    pub fn as_str(&self) -> &'static str {
        match self {
            Offline::Unknown => "unknown",
            Offline::Ready => "ready",
            Offline::Failed => "failed",
        }
    }
}

/// Asks the service worker to cache the rest of the app (PGlite and its worker too) now
/// that the verdict has shown; `state` hears whether it all is.
pub fn precache(state: RwSignal<Offline>) {
    let Some(container) = container() else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            if field(&data, "precached").is_some() {
                state.set(Offline::Ready);
            } else if let Some(why) = field(&data, "precacheFailed") {
                let why = why.as_string().unwrap_or_default();
                leptos::logging::warn!("secondlook: not kept for offline use: {why}");
                state.set(Offline::Failed);
            }
        });
    container.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the page
    tell_active(&container, "precache".to_string());
}

/// The page's service worker container, where there can be one: served over http(s),
/// and the browser offers it (it does not to a page of plain http from another host).
fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let protocol = window().location().protocol().unwrap_or_default();
    if protocol != "http:" && protocol != "https:" {
        return None;
    }
    let navigator = window().navigator();
    let offered = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    offered.then(|| navigator.service_worker())
}

/// A worker waits when an older one controls the page: that is a new version.
fn watch(registration: &ServiceWorkerRegistration, waiting: RwSignal<bool>) {
    let controlled = || container().is_some_and(|c| c.controller().is_some());
    if registration.waiting().is_some() && controlled() {
        waiting.set(true);
    }
    let found = registration.clone();
    let on_update = Closure::<dyn FnMut()>::new(move || {
        let Some(worker) = found.installing() else {
            return;
        };
        let installing = worker.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            if installing.state() == ServiceWorkerState::Installed && controlled() {
                waiting.set(true);
            }
        });
        worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget(); // lives as long as the worker
    });
    registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
    on_update.forget(); // lives as long as the page
}

/// Lets the waiting worker take over, then reloads once it controls the page.
pub fn update_now() {
    let Some(container) = container() else {
        return;
    };
    let reload = Closure::<dyn FnMut()>::new(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget(); // fires once, then the page is gone
    leptos::task::spawn_local(async move {
        let registration = JsFuture::from(container.get_registration()).await.ok();
        let worker = registration
            .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok())
            .and_then(|r| r.waiting());
        match worker {
            Some(worker) => {
                let _ = worker.post_message(&"skip-waiting".into());
            }
            None => {
                let _ = window().location().reload();
            }
        }
    });
}
