//! Keeps the files the reviewer picked, dropped or pasted (and a migrations folder), so that a reload of the same
//! tab reopens them. A file may be up to 64 MiB, more than localStorage holds, so the
//! texts go to IndexedDB; only the tab's record key sits in sessionStorage, which a
//! reload keeps and a new tab starts without (a new tab opens the demo or its URL).
//!
//! Every save writes a record under a fresh key that starts with the time, and drops the
//! tab's previous record: a duplicated tab that shares the old key then finds it gone
//! (and says so) instead of silently showing the other tab's files, and records that no
//! tab saved again for [`KEEP_DAYS`] are pruned with one key-range delete.

use secondlook_core::inputs::{Inputs, Named};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::components::browser::message;

const DATABASE: &str = "secondlook";
const STORE: &str = "picked-files";
/// The sessionStorage entry naming this tab's record.
const TAB_KEY: &str = "secondlook-picked-files";
/// How long a record no tab has saved again is kept.
pub const KEEP_DAYS: f64 = 7.0;

/// The inputs this tab kept before the reload, if it kept any.
pub async fn reopen() -> Result<Option<Inputs>, String> {
    let Some(key) = session()?.get_item(TAB_KEY).map_err(message)? else {
        return Ok(None);
    };
    let db = open().await?;
    let store = store(&db, IdbTransactionMode::Readonly)?;
    let record = done(&store.get(&key.into()).map_err(message)?).await?;
    db.close();
    if record.is_undefined() {
        let why = "they are no longer stored in this browser (a copy of this tab picked \
                   other files, or they were more than a week old)";
        return Err(why.to_string());
    }
    from_record(&record).map(Some)
}

/// Keeps `inputs` for a reload of this tab, replacing what it kept before, and prunes
/// the records older than [`KEEP_DAYS`] (tabs closed long ago never reload); keeping
/// nothing forgets them. The texts are copied out before this returns, so the caller
/// need not hold (or clone) them while the write runs.
pub fn keep(inputs: &Inputs) -> impl Future<Output = Result<(), String>> + use<> {
    let empty = inputs.report.is_none()
        && inputs.run.is_none()
        && inputs.sql.is_empty()
        && inputs.migrations.is_none();
    let record = (!empty).then(|| to_record(inputs));
    async move {
        let Some(record) = record else {
            return forget().await;
        };
        let session = session()?;
        let previous = session.get_item(TAB_KEY).map_err(message)?;
        let key = new_key();
        let db = open().await?;
        let store = store(&db, IdbTransactionMode::Readwrite)?;
        store
            .put_with_key(&record?, &JsValue::from_str(&key))
            .map_err(message)?;
        if let Some(previous) = previous {
            store.delete(&previous.into()).map_err(message)?;
        }
        let cutoff = js_sys::Date::now() - KEEP_DAYS * 24.0 * 3600.0 * 1000.0;
        let older = web_sys::IdbKeyRange::upper_bound(&JsValue::from_str(&time_prefix(cutoff)))
            .map_err(message)?;
        store.delete(&older).map_err(message)?;
        committed(&store.transaction()).await?;
        db.close();
        session.set_item(TAB_KEY, &key).map_err(message)
    }
}

/// Drops what this tab kept.
pub async fn forget() -> Result<(), String> {
    let session = session()?;
    let Some(key) = session.get_item(TAB_KEY).map_err(message)? else {
        return Ok(());
    };
    session.remove_item(TAB_KEY).map_err(message)?;
    let db = open().await?;
    let store = store(&db, IdbTransactionMode::Readwrite)?;
    store.delete(&key.into()).map_err(message)?;
    committed(&store.transaction()).await?;
    db.close();
    Ok(())
}

/// Milliseconds since 1970, zero-padded so that keys sort by time.
fn time_prefix(millis: f64) -> String {
    format!("{:015}", millis.max(0.0) as u64)
}

fn new_key() -> String {
    let random = (js_sys::Math::random() * 1e9) as u64;
    format!("{}-{random:09}", time_prefix(js_sys::Date::now()))
}

fn session() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("there is no window")?
        .session_storage()
        .map_err(message)?
        .ok_or_else(|| "this browser gives the page no sessionStorage".to_string())
}

async fn open() -> Result<IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("there is no window")?
        .indexed_db()
        .map_err(message)?
        .ok_or("this browser gives the page no IndexedDB")?;
    let request = factory.open_with_u32(DATABASE, 1).map_err(message)?;
    // The first open creates the store; the closure must live until the open is done.
    let creating = request.clone();
    let upgrade = Closure::once(move || {
        if let Ok(db) = creating.result() {
            let _ = db
                .unchecked_into::<IdbDatabase>()
                .create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = done(&request).await;
    request.set_onupgradeneeded(None);
    Ok(db?.unchecked_into())
}

fn store(db: &IdbDatabase, mode: IdbTransactionMode) -> Result<IdbObjectStore, String> {
    db.transaction_with_str_and_mode(STORE, mode)
        .and_then(|t| t.object_store(STORE))
        .map_err(message)
}

/// Waits for a request and gives its result, or the browser's reason it failed.
async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    let settled = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(settled).await;
    request.set_onsuccess(None);
    request.set_onerror(None);
    match outcome {
        Ok(_) => request.result().map_err(message),
        Err(_) => Err(match request.error() {
            Ok(Some(error)) => message(error.into()),
            _ => "the browser gave no reason".to_string(),
        }),
    }
}

/// Waits until a write is on disk; a full quota shows up here, as an abort.
async fn committed(transaction: &IdbTransaction) -> Result<(), String> {
    let settled = js_sys::Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    });
    let outcome = JsFuture::from(settled).await;
    match outcome {
        Ok(_) => Ok(()),
        Err(_) => Err(transaction
            .error()
            .map(|error| message(error.into()))
            .unwrap_or_else(|| "the browser cancelled the write".to_string())),
    }
}

fn to_record(inputs: &Inputs) -> Result<JsValue, String> {
    let record = js_sys::Object::new();
    let report = inputs.report.as_ref().map_or(JsValue::NULL, named_to_js);
    let run = inputs.run.as_ref().map_or(JsValue::NULL, named_to_js);
    let sql: js_sys::Array = inputs.sql.iter().map(named_to_js).collect();
    // A folder is kept as read (its layout, order and texts), as JSON: what reopens is
    // what the review judged, with no folder to walk again.
    let migrations = match &inputs.migrations {
        Some(folder) => serde_json::to_string(folder)
            .map_err(|e| e.to_string())?
            .into(),
        None => JsValue::NULL,
    };
    let fields = [
        ("report", report),
        ("run", run),
        ("sql", sql.into()),
        ("migrations", migrations),
    ];
    for (field, value) in fields {
        js_sys::Reflect::set(&record, &field.into(), &value).map_err(message)?;
    }
    Ok(record.into())
}

fn named_to_js(file: &Named) -> JsValue {
    let object = js_sys::Object::new();
    // Setting a field on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&object, &"name".into(), &file.name.as_str().into());
    let _ = js_sys::Reflect::set(&object, &"text".into(), &file.text.as_str().into());
    object.into()
}

fn from_record(record: &JsValue) -> Result<Inputs, String> {
    let field = |value: &JsValue, name: &str| js_sys::Reflect::get(value, &name.into()).ok();
    let named = |value: JsValue| -> Result<Named, String> {
        match (
            field(&value, "name").and_then(|n| n.as_string()),
            field(&value, "text").and_then(|t| t.as_string()),
        ) {
            (Some(name), Some(text)) => Ok(Named { name, text }),
            _ => Err("the stored record is damaged (a file without a name or text)".into()),
        }
    };
    let optional = |name: &str| match field(record, name) {
        Some(value) if !value.is_null() && !value.is_undefined() => named(value).map(Some),
        _ => Ok(None),
    };
    let sql = field(record, "sql")
        .filter(js_sys::Array::is_array)
        .ok_or("the stored record is damaged (no SQL list)")?;
    let migrations =
        match field(record, "migrations").and_then(|m| m.as_string()) {
            Some(json) => Some(serde_json::from_str(&json).map_err(|e| {
                format!("the stored record is damaged (its migrations folder: {e})")
            })?),
            None => None,
        };
    Ok(Inputs {
        report: optional("report")?,
        migrations,
        run: optional("run")?,
        sql: js_sys::Array::from(&sql)
            .iter()
            .map(named)
            .collect::<Result<_, _>>()?,
        ..Inputs::default()
    })
}
