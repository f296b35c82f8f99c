//! The review engine, built to its own wasm and run in a Web Worker
//! (`public/engine-worker.js`), so the page's wasm holds only the views: the readers,
//! sqlparser, the Squawk linter and everything else that computes a review are here.
//!
//! The worker keeps the reviews it built, under a key the page chose, so that the page
//! can ask for a proof plan, a proven review or a diff without sending a review back.
//! Every answer is `secondlook_core::review::transport` bytes.

mod kept;

use std::cell::RefCell;

use kept::Kept;
use secondlook_core::proof::{self, Executed};
use secondlook_core::review::{Review, transport};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
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

/// Reviews the inputs (as `transport::encode_inputs` wrote them) and keeps the review
/// under `key`; `progress` is told each stage before it starts. The answer leaves out
/// the SQL texts the page sent (`transport::encode_without_inputs`).
#[wasm_bindgen]
pub fn review(key: u32, inputs: &[u8], progress: &js_sys::Function) -> Result<Vec<u8>, JsValue> {
    let inputs = transport::decode_inputs(inputs).map_err(error)?;
    let mut review = inputs.review_with(&mut |stage| {
        let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&stage.to_string()));
    });
    let encoded = transport::encode_without_inputs(&mut review, &inputs);
    keep(key, review);
    Ok(encoded)
}

/// The `href`s of the run's SQL files not among the inputs yet, for the page to fetch.
#[wasm_bindgen]
pub fn missing_sql(inputs: &[u8]) -> Result<Vec<u8>, JsValue> {
    let inputs = transport::decode_inputs(inputs).map_err(error)?;
    Ok(transport::to_bytes(&inputs.missing_sql()))
}

/// The proof plan of the review kept under `key`.
#[wasm_bindgen]
pub fn plan(key: u32) -> Result<Vec<u8>, JsValue> {
    KEPT.with_borrow_mut(|kept| kept.planned(key).map(|(_, plan)| transport::to_bytes(plan)))
        .map_err(error)
}

/// The review kept under `key`, with what PostgreSQL answered to its plan applied;
/// kept under `proven_key`.
#[wasm_bindgen]
pub fn prove(key: u32, executed: &[u8], proven_key: u32) -> Result<Vec<u8>, JsValue> {
    let executed: Executed = transport::from_bytes(executed, "proof answers").map_err(error)?;
    let proven = KEPT
        .with_borrow_mut(|kept| {
            kept.planned(key).map(|(review, plan)| {
                let mut proven = review.clone();
                proof::apply::apply(&mut proven, plan, &executed);
                proven
            })
        })
        .map_err(error)?;
    let encoded = transport::encode(&proven);
    keep(proven_key, proven);
    Ok(encoded)
}

/// Drops the review kept under `key`: the page shows it no longer.
#[wasm_bindgen]
pub fn forget(key: u32) -> Vec<u8> {
    KEPT.with_borrow_mut(|kept| kept.forget(key));
    Vec::new()
}

/// What changed from the review kept under `base` to the one under `key`.
#[wasm_bindgen]
pub fn diff(base: u32, key: u32) -> Result<Vec<u8>, JsValue> {
    KEPT.with_borrow(|kept| {
        let diff = secondlook_core::diff::diff(kept.get(base)?, kept.get(key)?);
        Ok::<_, String>(transport::to_bytes(&diff))
    })
    .map_err(error)
}

fn keep(key: u32, review: Review) {
    KEPT.with_borrow_mut(|kept| kept.keep(key, review));
}

fn error(message: impl AsRef<str>) -> JsValue {
    JsValue::from_str(message.as_ref())
}
