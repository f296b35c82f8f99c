//! What `secondlook bundle --with-postgres` adds: the proof worker's script and PGlite's
//! files (PostgreSQL in wasm), inline, so the single file proves the gates in the
//! reviewer's tab as the hosted viewer does. The ids are the ones `src/proof_worker.rs`
//! reads; none of these elements runs by itself (`text/plain` and octet-stream are data).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::pglite_files::{FILES, SCRIPT};
use crate::viewer::Viewer;

/// The elements to put in the page, read from the built viewer `app`.
pub fn elements(app: &Viewer) -> Result<String, String> {
    let read = |name: &str| {
        app.read(name).map_err(|why| {
            format!(
                "{why}; --with-postgres needs the app built by `trunk build`, which writes PGlite beside it"
            )
        })
    };
    let (id, name) = SCRIPT;
    let script = String::from_utf8(read(name)?.into_owned()).map_err(|e| format!("{name}: {e}"))?;
    if script.contains("</script") || script.contains("<!--") {
        return Err(format!(
            "{name} holds `</script` or `<!--`, which an inline script cannot"
        ));
    }
    let mut html = format!(r#"<script type="text/plain" id="{id}">{script}</script>"#);
    for (id, name) in FILES {
        let base64 = BASE64.encode(read(name)?);
        html.push_str(&format!(
            "\n<script type=\"application/octet-stream\" id=\"{id}\">{base64}</script>"
        ));
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app_dir(name: &str, script: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "secondlook-bundle-postgres-{name}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("proof-worker.js"), script).unwrap();
        for (_, file) in FILES {
            std::fs::write(dir.join(file), [0u8, 0x61, 0x73, 0x6d]).unwrap();
        }
        dir
    }

    #[test]
    fn the_worker_and_every_pglite_file_are_inlined_as_data() {
        let html = elements(&Viewer::Dir(app_dir("ok", "self.onmessage = () => {};"))).unwrap();
        assert!(html.starts_with(
            r#"<script type="text/plain" id="secondlook-proof-worker">self.onmessage = () => {};</script>"#
        ));
        for id in [
            "secondlook-pglite-wasm",
            "secondlook-initdb-wasm",
            "secondlook-pglite-data",
        ] {
            assert!(
                html.contains(&format!(
                    r#"<script type="application/octet-stream" id="{id}">AGFzbQ==</script>"#
                )),
                "{id} in {html}"
            );
        }
    }

    #[test]
    fn a_missing_file_or_a_script_that_cannot_be_inline_is_named() {
        let dir = app_dir("bad", "const s = '</script>';");
        assert!(
            elements(&Viewer::Dir(dir.clone()))
                .unwrap_err()
                .contains("`</script`")
        );
        std::fs::write(dir.join("proof-worker.js"), "ok").unwrap();
        std::fs::remove_file(dir.join("pglite.data")).unwrap();
        let why = elements(&Viewer::Dir(dir.clone())).unwrap_err();
        assert!(
            why.contains("pglite.data") && why.contains("trunk build"),
            "{why}"
        );
    }
}
