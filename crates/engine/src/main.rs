//! The review engine, built to its own wasm and run in a Web Worker
//! (`public/engine-worker.js`), so the page's wasm holds only the views: the readers,
//! sqlparser, the Squawk linter and everything else that computes a review are here.
//! It only hands each request to the core's `review::engine` and its answer back.

use std::cell::RefCell;

use secondlook_core::review::engine::Engine;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
}

fn main() {
    // In the worker a panic has no page to show it on: it is posted to the page, which
    // shows its panic panel with the message.
    std::panic::set_hook(Box::new(|info| {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &message,
            &JsValue::from_str("panic"),
            &JsValue::from_str(&info.to_string()),
        );
        let post = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("postMessage"));
        if let Ok(post) = post.and_then(|p| p.dyn_into::<js_sys::Function>()) {
            let _ = post.call1(&JsValue::NULL, &message);
        }
    }));
}

/// Answers one `review::engine::Request`; `progress` is told each stage of a review,
/// as text, before it starts.
#[wasm_bindgen]
pub fn answer(request: &[u8], progress: &js_sys::Function) -> Result<Vec<u8>, JsValue> {
    ENGINE
        .with_borrow_mut(|engine| {
            engine.answer(request, &mut |stage| {
                let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&stage.to_string()));
            })
        })
        .map_err(|why| JsValue::from_str(&why))
}
