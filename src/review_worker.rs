//! Large inputs are reviewed in a Web Worker (`public/worker.js`) that runs this same
//! wasm, so reading a 10 MB run or re-checking a 5 MB migration never freezes the page,
//! and the page says how far the work has got. Small inputs are reviewed on the page:
//! starting a worker would cost more than it saves.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use leptos::prelude::document;

use crate::components::browser::message;
use secondlook_core::review::{Review, transport};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

/// Inputs at least this large, all files together, are reviewed in the worker.
pub const OFF_THREAD_BYTES: usize = 1_000_000;

/// Why the worker gave no review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No worker could run here (a single-file bundle has no script to load in one,
    /// `file://` allows none): the review is built on the page instead.
    Unavailable(String),
    /// The core panicked in the worker: a bug, shown as a panic on the page would be.
    Panicked(String),
}

/// Whether this wasm runs in the review worker rather than on the page.
pub fn in_worker() -> bool {
    web_sys::window().is_none()
}

/// In the worker a panic has no page to show it on: it is posted to the page, which
/// shows its panic panel with the message.
pub fn install_worker_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &message,
            &JsValue::from_str("panic"),
            &JsValue::from_str(&info.to_string()),
        );
        let _ = scope.post_message(&message);
    }));
}

/// Called by `worker.js`: the inputs as `transport::encode_inputs` wrote them, and a
/// function told each stage before it starts. Returns the review, encoded.
#[wasm_bindgen]
pub fn review_in_worker(inputs: &[u8], progress: &js_sys::Function) -> Result<Vec<u8>, JsValue> {
    let inputs = transport::decode_inputs(inputs).map_err(|e| JsValue::from_str(&e))?;
    let review = inputs.review_with(&mut |stage| {
        let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&stage.to_string()));
    });
    Ok(transport::encode(&review))
}

/// A review worker that is loading the wasm, so it is ready by the time the inputs
/// are in. It reviews one set of inputs, then stops.
pub struct Started {
    worker: web_sys::Worker,
    /// Why it failed to start, if it did so before it was given work.
    failed: Rc<RefCell<Option<String>>>,
    _on_early_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// Starts a worker and has it load this wasm.
pub fn start() -> Result<Started, Failure> {
    let glue = glue_url().ok_or_else(|| {
        Failure::Unavailable("this page has no separate script a worker could load".to_string())
    })?;
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options("worker.js", &options)
        .map_err(|e| Failure::Unavailable(message(e)))?;
    let failed = Rc::new(RefCell::new(None));
    let on_early_error = {
        let failed = failed.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            *failed.borrow_mut() = Some(load_error(&event));
        })
    };
    worker.set_onerror(Some(on_early_error.as_ref().unchecked_ref()));
    let request = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&request, &"glue".into(), &JsValue::from_str(&glue));
    let _ = js_sys::Reflect::set(&request, &"module".into(), &wasm_bindgen::module());
    worker
        .post_message(&request)
        .map_err(|e| Failure::Unavailable(message(e)))?;
    Ok(Started {
        worker,
        failed,
        _on_early_error: on_early_error,
    })
}

impl Started {
    /// Reviews the inputs (as `transport::encode_inputs` wrote them); `on_stage` hears
    /// each stage as it starts.
    pub async fn review(
        self,
        inputs: Vec<u8>,
        on_stage: impl Fn(String) + 'static,
    ) -> Result<Review, Failure> {
        if let Some(why) = self.failed.borrow_mut().take() {
            return Err(Failure::Unavailable(why));
        }
        let (send, answer) = oneshot::channel::<Result<Vec<u8>, Failure>>();
        let send = Rc::new(RefCell::new(Some(send)));
        let reply = {
            let send = send.clone();
            move |result: Result<Vec<u8>, Failure>| {
                if let Some(send) = send.borrow_mut().take() {
                    let _ = send.send(result);
                }
            }
        };
        let panicked = Rc::new(RefCell::new(None::<String>));
        let on_message = {
            let reply = reply.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let field = |name: &str| js_sys::Reflect::get(&data, &JsValue::from_str(name)).ok();
                let text = |name: &str| field(name).and_then(|v| v.as_string());
                if let Some(stage) = text("stage") {
                    on_stage(stage);
                } else if let Some(message) = text("panic") {
                    *panicked.borrow_mut() = Some(message);
                } else if let Some(review) =
                    field("review").and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
                {
                    reply(Ok(review.to_vec()));
                } else if let Some(error) = text("error") {
                    reply(Err(match panicked.borrow_mut().take() {
                        Some(message) => Failure::Panicked(message),
                        None => Failure::Unavailable(error),
                    }));
                }
            })
        };
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            reply(Err(Failure::Unavailable(load_error(&event))));
        });
        self.worker
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.worker
            .set_onerror(Some(on_error.as_ref().unchecked_ref()));

        let request = js_sys::Object::new();
        let inputs = js_sys::Uint8Array::from(inputs.as_slice());
        let _ = js_sys::Reflect::set(&request, &"inputs".into(), &inputs);
        // Transferred, not copied: the page has no more use for these bytes.
        let posted = self
            .worker
            .post_message_with_transfer(&request, &js_sys::Array::of1(&inputs.buffer()));
        let result = match posted {
            Err(e) => Err(Failure::Unavailable(message(e))),
            Ok(()) => answer
                .await
                .unwrap_or_else(|_| Err(Failure::Unavailable("the worker stopped".to_string()))),
        };
        drop(self); // stops the worker before its handlers go
        drop((on_message, on_error));
        let encoded = result?;
        transport::decode(&encoded).map_err(Failure::Unavailable)
    }
}

impl Drop for Started {
    /// A worker left running would hold a whole wasm instance for the page's lifetime.
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn load_error(event: &web_sys::Event) -> String {
    event
        .dyn_ref::<web_sys::ErrorEvent>()
        .map(|e| e.message())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| "the worker script could not be loaded".to_string())
}

/// The wasm-bindgen glue Trunk preloads, as an absolute address the worker can import.
fn glue_url() -> Option<String> {
    let link = document()
        .query_selector("link[rel=modulepreload][href$='.js']")
        .ok()??;
    let href = link.get_attribute("href")?;
    let base = document().base_uri().ok()??;
    web_sys::Url::new_with_base(&href, &base)
        .ok()
        .map(|url| url.href())
}
