//! Shared links, built from the page's own URL so the view, filters and selection it
//! carries stay: inputs fetched from URLs travel as those URLs; inputs the reviewer
//! opened locally travel deflated in the fragment, which no server ever sees. Either
//! way the link carries each input's SHA-256 (`h.*`), checked when it is opened.

use leptos::prelude::*;
use secondlook_core::share;
use secondlook_review::workspace::anchor::Anchor;
use wasm_bindgen::JsValue;

use crate::loading::{Loader, Origin, param_pairs};

/// The link to what the page shows now, or why there is none.
pub fn link(loader: Loader) -> Result<String, String> {
    link_at(loader, &window().location().href().map_err(js)?)
}

/// For a page opened from a file (a bundle): the same link made for the hosted viewer
/// the bundle names (`secondlook bundle --viewer-url`), which works beyond this disk;
/// `None` on a served page or when the bundle names none.
pub fn hosted_link(loader: Loader) -> Option<Result<String, String>> {
    let location = window().location();
    if location.protocol().ok()? != "file:" {
        return None;
    }
    let text = document()
        .get_element_by_id(share::VIEWER_URL_ID)?
        .text_content()?;
    let viewer = js_sys::JSON::parse(&text).ok()?.as_string()?;
    let here = web_sys::Url::new(&viewer).ok()?;
    here.set_search(&location.search().ok()?);
    here.set_hash(&location.hash().ok()?);
    Some(link_at(loader, &here.href()))
}

/// Whether this page was opened from a file, whose links work only on this disk.
pub fn opened_from_file() -> bool {
    window().location().protocol().is_ok_and(|p| p == "file:")
}

fn link_at(loader: Loader, href: &str) -> Result<String, String> {
    let url = web_sys::Url::new(href).map_err(js)?;
    let query = url.search_params();
    for (key, _) in param_pairs(&query) {
        if key.starts_with(share::HASH_PARAM_PREFIX) {
            query.delete(&key);
        }
    }
    // The fragment is the place shown (a bare id, or `finding=ID`), then the inputs.
    let mut fragment: Vec<String> = Anchor::parse(&url.hash())
        .map(|a| a.fragment())
        .into_iter()
        .collect();
    let inputs = loader.inputs.get_untracked();
    let served = loader.origin.get_untracked() == Origin::Urls;
    // A link without the folder would open another review under the same name. A
    // served folder travels as its `?migrations=` URL, which the query already holds.
    if let Some(folder) = inputs.migrations.as_ref().filter(|_| !served) {
        return Err(format!(
            "a link cannot carry the migrations folder {}, opened from this computer: share \
             the folder itself, or serve it with a listing file and link it with ?migrations=",
            folder.name
        ));
    }
    if served {
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
        query.delete("migrations");
        let encoded = share::encode_fragment(&inputs).map_err(|too_big| too_big.message())?;
        fragment.push(format!("inputs={encoded}"));
    }
    for (key, hex) in share::hash_params(&inputs) {
        query.append(&key, &hex);
    }
    url.set_search(&String::from(query.to_string()));
    url.set_hash(&fragment.join("&"));
    Ok(url.href())
}

fn js(value: JsValue) -> String {
    format!("cannot make a link: {value:?}")
}
