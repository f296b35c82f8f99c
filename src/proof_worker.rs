//! PostgreSQL in the reviewer's tab: the proof worker (`public/proof-worker.js`, PGlite)
//! runs a proof plan and hands back what PostgreSQL answered. Served, the page starts
//! it from `proof-worker.js` beside it; a single-file bundle written with
//! `secondlook bundle --with-postgres` carries the worker's script and PGlite's files
//! inline, and starts it from a blob.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use leptos::prelude::document;
use secondlook_review::proof::{Executed, Plan};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::browser::{self, message, worker_error};

/// The ids of the elements a `--with-postgres` bundle carries: the worker's script, and
/// PGlite's files as base64 under the names the worker takes them by.
pub const INLINE_SCRIPT_ID: &str = "secondlook-proof-worker";
pub const INLINE_ASSETS: [(&str, &str); 3] = [
    ("pglite", "secondlook-pglite-wasm"),
    ("initdb", "secondlook-initdb-wasm"),
    ("data", "secondlook-pglite-data"),
];

/// What the worker is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Starting PostgreSQL: compiling it and creating the empty database.
    Starting,
    /// Applying the baseline's statements.
    Baseline,
    /// Running the migration's statements.
    Migration,
    /// Running the probe at this index of the plan.
    Probe(usize),
}

/// Where this page can start the worker from, or why it cannot.
pub fn source() -> Result<Source, String> {
    if let Some(script) = document().get_element_by_id(INLINE_SCRIPT_ID) {
        return Ok(Source::Inline(script.text_content().unwrap_or_default()));
    }
    let single_file = document().get_element_by_id("secondlook-inputs").is_some();
    let from_file = document()
        .location()
        .and_then(|l| l.protocol().ok())
        .is_some_and(|p| p == "file:");
    if single_file || from_file {
        return Err("this single-file page carries no PostgreSQL: open the review in the hosted viewer, or write the bundle with `secondlook bundle --with-postgres`".to_string());
    }
    Ok(Source::Served)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `proof-worker.js` beside the page, PGlite's files beside it.
    Served,
    /// The worker's script text, from a `--with-postgres` bundle.
    Inline(String),
}

/// Runs the plan in a new worker (a fresh database), telling `on_progress` how far it
/// got; the worker stops when it answers.
pub async fn execute(
    source: &Source,
    plan: &Plan,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<Executed, String> {
    let worker = start(source)?;
    let (send, answer) = oneshot::channel::<Result<String, String>>();
    let send = Rc::new(RefCell::new(Some(send)));
    let reply = move |result: Result<String, String>| {
        if let Some(send) = send.borrow_mut().take() {
            let _ = send.send(result);
        }
    };
    let on_message = {
        let reply = reply.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let field = |name: &str| browser::field(&data, name);
            if field("starting").is_some() {
                on_progress(Progress::Starting);
            } else if field("baseline").is_some() {
                on_progress(Progress::Baseline);
            } else if field("migration").is_some() {
                on_progress(Progress::Migration);
            } else if let Some(index) = field("probe").and_then(|v| v.as_f64()) {
                on_progress(Progress::Probe(index as usize));
            } else if let Some(executed) = field("executed").and_then(|v| v.as_string()) {
                reply(Ok(executed));
            } else if let Some(error) = field("error").and_then(|v| v.as_string()) {
                reply(Err(error));
            }
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        reply(Err(worker_error(
            &event,
            "the proof worker could not be loaded",
        )));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let result = match worker.post_message(&request(source, plan)?) {
        Err(e) => Err(message(e)),
        Ok(()) => answer
            .await
            .unwrap_or_else(|_| Err("the proof worker stopped".to_string())),
    };
    // A worker left running would hold a whole PostgreSQL for the page's lifetime.
    worker.terminate();
    drop((on_message, on_error));
    let executed = result?;
    serde_json::from_str(&executed)
        .map_err(|e| format!("the proof worker's answer does not read back: {e}"))
}

fn start(source: &Source) -> Result<web_sys::Worker, String> {
    // Classic, not a module: a page opened from file:// can start no module worker.
    let url = match source {
        Source::Served => "proof-worker.js".to_string(),
        Source::Inline(script) => {
            let parts = js_sys::Array::of1(&JsValue::from_str(script));
            let kind = web_sys::BlobPropertyBag::new();
            kind.set_type("text/javascript");
            let blob =
                web_sys::Blob::new_with_str_sequence_and_options(&parts, &kind).map_err(message)?;
            web_sys::Url::create_object_url_with_blob(&blob).map_err(message)?
        }
    };
    web_sys::Worker::new(&url).map_err(message)
}

/// `{ plan, assets? }` as `proof-worker.js` takes it.
fn request(source: &Source, plan: &Plan) -> Result<JsValue, String> {
    let plan = serde_json::to_string(plan).map_err(|e| e.to_string())?;
    let request = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&request, &"plan".into(), &JsValue::from_str(&plan));
    if let Source::Inline(_) = source {
        let assets = js_sys::Object::new();
        for (name, id) in INLINE_ASSETS {
            let text = document()
                .get_element_by_id(id)
                .and_then(|e| e.text_content())
                .ok_or_else(|| format!("this page has no #{id}: the bundle is damaged"))?;
            let _ = js_sys::Reflect::set(&assets, &name.into(), &JsValue::from_str(&text));
        }
        let _ = js_sys::Reflect::set(&request, &"assets".into(), &assets);
    }
    Ok(request.into())
}
