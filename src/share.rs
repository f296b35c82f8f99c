//! Shared links, built from the page's own URL so the view, filters and selection it
//! carries stay: inputs fetched from URLs travel as those URLs; inputs the reviewer
//! opened locally travel deflated in the fragment, which no server ever sees. Either
//! way the link carries each input's SHA-256 (`h.*`), checked when it is opened.

use leptos::prelude::*;
use secondlook_core::share;
use wasm_bindgen::JsValue;

use crate::loading::{Loader, Origin, param_pairs};

/// The link to what the page shows now, or why there is none.
pub fn link(loader: Loader) -> Result<String, String> {
    let url = web_sys::Url::new(&window().location().href().map_err(js)?).map_err(js)?;
    let query = url.search_params();
    for (key, _) in param_pairs(&query) {
        if key.starts_with(share::HASH_PARAM_PREFIX) {
            query.delete(&key);
        }
    }
    let fragment =
        web_sys::UrlSearchParams::new_with_str(url.hash().trim_start_matches('#')).map_err(js)?;
    fragment.delete("inputs");
    let inputs = loader.inputs.get_untracked();
    if loader.origin.get_untracked() == Origin::Urls {
        for (key, file) in [("report", &inputs.report), ("run", &inputs.run)] {
            if let Some(file) = file {
                query.set(key, &file.name);
            }
        }
        // Without a run the SQL is an input of its own, not found through the run.
        query.delete("sql");
        if inputs.run.is_none() {
            for file in &inputs.sql {
                query.append("sql", &file.name);
            }
        }
    } else {
        query.delete("report");
        query.delete("run");
        query.delete("sql");
        let encoded = share::encode_fragment(&inputs).map_err(|too_big| too_big.message())?;
        fragment.append("inputs", &encoded);
    }
    for (key, hex) in share::hash_params(&inputs) {
        query.append(&key, &hex);
    }
    url.set_search(&String::from(query.to_string()));
    url.set_hash(&String::from(fragment.to_string()));
    Ok(url.href())
}

fn js(value: JsValue) -> String {
    format!("cannot make a link: {value:?}")
}
