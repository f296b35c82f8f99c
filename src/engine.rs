//! The review engine (`crates/engine`), in its own wasm in a Web Worker
//! (`public/engine-worker.js`): everything that reads the inputs or computes from them
//! runs there, so the page's wasm holds only the views and opens at once. One worker
//! for the page's life, started before the page is drawn so its wasm loads meanwhile.
//! Served, it is `engine-worker.js` beside the page; a single-file bundle carries the
//! worker's script and the engine's wasm inline and starts it from a blob.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use futures::channel::oneshot;
use leptos::prelude::document;
use secondlook_core::inputs::Inputs;
use secondlook_core::review::engine::Request;
use secondlook_core::review::{Review, transport};
use secondlook_review::diff::RunDiff;
use secondlook_review::gate::RuleInfo;
use secondlook_review::proof::{Executed, Plan};
use secondlook_review::run::confine::Refused;
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::components::browser::{self, message, worker_error};

/// The ids of what a single-file bundle carries: the worker's script (the engine's
/// glue, then `engine-worker.js`) and the engine's wasm as base64.
pub const INLINE_SCRIPT_ID: &str = "secondlook-engine-worker";
pub const INLINE_WASM_ID: &str = "secondlook-engine-wasm";

/// Why the engine gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The worker could not start or load the engine, or lost what it was asked about.
    Unavailable(String),
    /// The engine panicked: a bug, shown as a panic on the page would be.
    Panicked(String),
}

impl Failure {
    pub fn message(&self) -> String {
        match self {
            Failure::Unavailable(why) => format!("the review engine is not available: {why}"),
            Failure::Panicked(why) => format!("the review engine stopped: {why}"),
        }
    }

    /// Shows a panic as the page shows its own (the panic panel); hands any other
    /// failure's message to `say`.
    pub fn report(self, say: impl FnOnce(String)) {
        match self {
            Failure::Panicked(message) => crate::panic_panel::show_panel(&message),
            failure => say(failure.message()),
        }
    }
}

/// A review the engine keeps for the page. While any clone of `key` lives the engine
/// holds the review; when the last is dropped (replaced on the page, or the answer of a
/// call nobody waits for any more) the engine is told to forget it.
#[derive(Debug, Clone)]
pub struct Keyed {
    pub key: Arc<Key>,
    pub review: Review,
}

/// The key a review is kept under in the engine; see [`Keyed`].
#[derive(Debug, PartialEq, Eq)]
pub struct Key(u32);

impl Key {
    pub fn get(&self) -> u32 {
        self.0
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        let key = self.0;
        let engine = engine();
        leptos::task::spawn_local(async move {
            // Nothing to do if it fails: a worker that does not answer holds nothing.
            let _ = engine.ask(Request::Forget { key }, None).await;
        });
    }
}

/// Which of the overlapping engine calls of one part of the page (building the review,
/// proving it, comparing it) is the latest: the answer of one a newer one replaced is
/// dropped, not shown (and its [`Key`] with it).
#[derive(Debug, Clone, Copy)]
pub struct Latest(leptos::prelude::StoredValue<u64>);

impl Latest {
    pub fn new() -> Self {
        Self(leptos::prelude::StoredValue::new(0))
    }

    /// Starts a job, replacing every earlier one.
    pub fn start(self) -> Job {
        use leptos::prelude::{GetValue, UpdateValue};
        self.0.update_value(|g| *g += 1);
        Job {
            latest: self,
            mine: self.0.get_value(),
        }
    }
}

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}

/// One job of a [`Latest`].
#[derive(Debug, Clone, Copy)]
pub struct Job {
    latest: Latest,
    mine: u64,
}

impl Job {
    /// Whether no newer job has started since this one: only then may it show anything.
    pub fn current(self) -> bool {
        use leptos::prelude::GetValue;
        self.latest.0.get_value() == self.mine
    }
}

type Reply = oneshot::Sender<Result<Vec<u8>, Failure>>;

struct Call {
    reply: Reply,
    on_stage: Option<Rc<dyn Fn(String)>>,
}

/// The worker and the calls waiting for its answers.
pub struct Engine {
    worker: Result<web_sys::Worker, String>,
    calls: Rc<RefCell<BTreeMap<u32, Call>>>,
    /// Why the worker stopped answering, once it has.
    broken: Rc<RefCell<Option<Failure>>>,
    next: Cell<u32>,
    _handlers: Option<Handlers>,
}

struct Handlers {
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static ENGINE: Rc<Engine> = Rc::new(Engine::start());
}

/// Starts the engine now, so its wasm loads while the page is drawn.
pub fn start() {
    ENGINE.with(|_| {});
}

/// The page's engine.
pub fn engine() -> Rc<Engine> {
    ENGINE.with(Rc::clone)
}

impl Engine {
    fn start() -> Engine {
        let calls = Rc::new(RefCell::new(BTreeMap::<u32, Call>::new()));
        let broken = Rc::new(RefCell::new(None));
        let worker = start_worker();
        let handlers = worker
            .as_ref()
            .ok()
            .map(|worker| listen(worker, &calls, &broken));
        Engine {
            worker,
            calls,
            broken,
            next: Cell::new(1),
            _handlers: handlers,
        }
    }

    /// Reviews the inputs; `on_stage` hears each stage as it starts.
    pub async fn review(
        &self,
        inputs: Inputs,
        on_stage: impl Fn(String) + 'static,
    ) -> Result<Keyed, Failure> {
        let key = self.key();
        let request = Request::Review {
            key,
            inputs: Cow::Borrowed(&inputs),
        };
        let bytes = self.ask(request, Some(Rc::new(on_stage))).await?;
        let key = Arc::new(Key(key));
        // The SQL texts the page sent are not sent back. Read a part per task, so that a
        // large review never holds the page for the whole of its reading.
        let mut reading = transport::Reading::new(&bytes, &inputs).map_err(Failure::Unavailable)?;
        let review = loop {
            match reading.step().map_err(Failure::Unavailable)? {
                Some(review) => break review,
                None => next_task().await,
            }
        };
        Ok(Keyed { key, review })
    }

    /// The `href`s (resolved) the run names whose SQL is not among the inputs yet, or why
    /// one may not be fetched; `on_stage` hears the run being read.
    pub async fn missing_sql(
        &self,
        inputs: &Inputs,
        on_stage: impl Fn(String) + 'static,
    ) -> Result<Vec<Result<String, Refused>>, Failure> {
        let request = Request::MissingSql {
            inputs: Cow::Borrowed(inputs),
        };
        let answer = self.ask(request, Some(Rc::new(on_stage))).await?;
        decode(&answer, "list of SQL files")
    }

    /// The proof plan of the review kept under `key`.
    pub async fn plan(&self, key: &Key) -> Result<Plan, Failure> {
        let request = Request::Plan { key: key.get() };
        decode(&self.ask(request, None).await?, "proof plan")
    }

    /// The review under `key` with PostgreSQL's answers to its plan applied.
    pub async fn prove(&self, key: &Key, executed: Executed) -> Result<Keyed, Failure> {
        let proven_key = self.key();
        let request = Request::Prove {
            key: key.get(),
            executed,
            proven_key,
        };
        let bytes = self.ask(request, None).await;
        // Kept from here on, whatever else fails: dropping it lets the engine forget.
        let key = Arc::new(Key(proven_key));
        let review = transport::decode(&bytes?).map_err(Failure::Unavailable)?;
        Ok(Keyed { key, review })
    }

    /// What changed from the review under `base` to the one under `key`.
    pub async fn diff(&self, base: &Key, key: &Key) -> Result<RunDiff, Failure> {
        let request = Request::Diff {
            base: base.get(),
            key: key.get(),
        };
        decode(&self.ask(request, None).await?, "run diff")
    }

    /// Every gate's texts, in display order.
    pub async fn rules(&self) -> Result<Vec<RuleInfo>, Failure> {
        decode(&self.ask(Request::Rules, None).await?, "list of rules")
    }

    fn key(&self) -> u32 {
        let key = self.next.get();
        self.next.set(key + 1);
        key
    }

    async fn ask(
        &self,
        request: Request<'_>,
        on_stage: Option<Rc<dyn Fn(String)>>,
    ) -> Result<Vec<u8>, Failure> {
        let worker = self
            .worker
            .as_ref()
            .map_err(|why| Failure::Unavailable(why.clone()))?;
        if let Some(broken) = self.broken.borrow().clone() {
            return Err(broken);
        }
        // Written now: the request (and the inputs it borrows) is not held while waiting.
        let bytes = js_sys::Uint8Array::from(request.to_bytes().as_slice());
        let id = self.key();
        let call = js_sys::Object::new();
        let set = |name: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&call, &JsValue::from_str(name), value);
        };
        set("id", &id.into());
        set("bytes", &bytes);
        // Transferred, not copied: the page has no more use for these bytes.
        let transfer = js_sys::Array::of1(&bytes.buffer());
        let (reply, answer) = oneshot::channel();
        self.calls.borrow_mut().insert(id, Call { reply, on_stage });
        if let Err(e) = worker.post_message_with_transfer(&call, &transfer) {
            self.calls.borrow_mut().remove(&id);
            return Err(Failure::Unavailable(message(e)));
        }
        answer
            .await
            .unwrap_or_else(|_| Err(Failure::Unavailable("the worker stopped".to_string())))
    }
}

/// Resolves in a later task, after the browser has had its turn.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::set_timeout(
            move || {
                let _ = resolve.call0(&JsValue::NULL);
            },
            std::time::Duration::ZERO,
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, Failure> {
    transport::from_bytes(bytes, what).map_err(Failure::Unavailable)
}

/// The worker: served, the one `index.html` started before the page's wasm loaded (or
/// why it could not); in a single file, one started here from the script it carries.
fn start_worker() -> Result<web_sys::Worker, String> {
    let global = |name: &str| js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str(name));
    if let Some(why) = global("secondlookEngineError")
        .ok()
        .and_then(|v| v.as_string())
    {
        return Err(why);
    }
    if let Some(worker) = global("secondlookEngineWorker")
        .ok()
        .and_then(|v| v.dyn_into::<web_sys::Worker>().ok())
    {
        return Ok(worker);
    }
    let script = document()
        .get_element_by_id(INLINE_SCRIPT_ID)
        .ok_or("this page started no engine worker and carries none")?;
    let wasm = document()
        .get_element_by_id(INLINE_WASM_ID)
        .and_then(|e| e.text_content())
        .ok_or_else(|| format!("this page has no #{INLINE_WASM_ID}: the bundle is damaged"))?;
    // Classic, not a module: a page opened from file:// can start no module worker.
    let parts = js_sys::Array::of1(&JsValue::from_str(
        &script.text_content().unwrap_or_default(),
    ));
    let kind = web_sys::BlobPropertyBag::new();
    kind.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &kind).map_err(message)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(message)?;
    let worker = web_sys::Worker::new(&url).map_err(message)?;
    let init = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&init, &"wasmBase64".into(), &JsValue::from_str(&wasm));
    let request = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&request, &"init".into(), &init);
    worker.post_message(&request).map_err(message)?;
    Ok(worker)
}

/// Routes the worker's messages to the calls waiting for them.
fn listen(
    worker: &web_sys::Worker,
    calls: &Rc<RefCell<BTreeMap<u32, Call>>>,
    broken: &Rc<RefCell<Option<Failure>>>,
) -> Handlers {
    let panicked = Rc::new(RefCell::new(None::<String>));
    let on_message = {
        let calls = calls.clone();
        let broken = broken.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let field = |name: &str| browser::field(&data, name);
            let text = |name: &str| field(name).and_then(|v| v.as_string());
            if let Some(message) = text("panic") {
                *panicked.borrow_mut() = Some(message);
                return;
            }
            let Some(id) = field("id").and_then(|v| v.as_f64()).map(|id| id as u32) else {
                return;
            };
            if let Some(stage) = text("stage") {
                // Cloned out first: what it sets may start another call.
                let on_stage = calls.borrow().get(&id).and_then(|c| c.on_stage.clone());
                if let Some(on_stage) = on_stage {
                    on_stage(stage);
                }
                return;
            }
            let Some(call) = calls.borrow_mut().remove(&id) else {
                return;
            };
            let answer = if let Some(result) =
                field("result").and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
            {
                Ok(result.to_vec())
            } else {
                let error = text("error").unwrap_or_else(|| "no answer".to_string());
                Err(match panicked.borrow_mut().take() {
                    Some(message) => {
                        // A wasm instance that panicked is not to be trusted again.
                        let failure = Failure::Panicked(message);
                        *broken.borrow_mut() = Some(failure.clone());
                        failure
                    }
                    None => Failure::Unavailable(error),
                })
            };
            let _ = call.reply.send(answer);
        })
    };
    let on_error = {
        let calls = calls.clone();
        let broken = broken.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let why = worker_error(&event, "the engine's worker could not be loaded");
            let failure = Failure::Unavailable(why);
            *broken.borrow_mut() = Some(failure.clone());
            for (_, call) in std::mem::take(&mut *calls.borrow_mut()) {
                let _ = call.reply.send(Err(failure.clone()));
            }
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Handlers {
        _on_message: on_message,
        _on_error: on_error,
    }
}
