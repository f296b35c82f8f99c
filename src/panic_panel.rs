//! After a panic the reactive system may be half-updated, so the panel that says so is
//! built with plain DOM calls, on top of the page as it was: the review stays visible
//! under it, frozen, and nothing the reviewer loaded or ticked is thrown away.

use wasm_bindgen::JsCast;

/// Logs each panic to the console as before and shows [`show_panel`] with its message
/// and location.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_panel(&info.to_string());
    }));
}

/// Puts a fixed alert panel at the top of the page saying what failed (`details`), what
/// is kept and how to report it. Only the first panic is shown: later ones usually follow
/// from it. Does nothing when there is no document.
pub fn show_panel(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    if let Ok(Some(_)) = document.query_selector("[data-testid=panic-panel]") {
        return;
    }
    // Errors are ignored: there is nothing better to do inside a panic hook.
    let _ = build(&document, details).and_then(|panel| body.prepend_with_node_1(&panel));
}

fn build(
    document: &web_sys::Document,
    details: &str,
) -> Result<web_sys::Element, wasm_bindgen::JsValue> {
    let panel = document.create_element("section")?;
    panel.set_class_name("panic-panel");
    panel.set_attribute("role", "alert")?;
    panel.set_attribute("data-testid", "panic-panel")?;
    panel.set_attribute("aria-labelledby", "panic-panel-title")?;

    let title = document.create_element("h2")?;
    title.set_id("panic-panel-title");
    title.set_text_content(Some("secondlook stopped working"));
    panel.append_child(&title)?;

    for text in [
        "The review below no longer updates and may be out of date: reload the page before \
         you tick an item or sign off.",
        "Nothing is lost. Your ticks are kept in this browser. Reloading the page reopens \
         the same address and the inputs it names, or the local files you opened in this \
         tab (unless the page warned that it could not keep them).",
        "To report it, copy the details below and send them with the address of this page.",
    ] {
        let p = document.create_element("p")?;
        p.set_text_content(Some(text));
        panel.append_child(&p)?;
    }

    let label = document.create_element("label")?;
    label.set_attribute("for", "panic-panel-details")?;
    label.set_text_content(Some("Details"));
    panel.append_child(&label)?;
    // A read-only text area: focusable and selectable in one go, with no script behind it.
    let area: web_sys::HtmlTextAreaElement = document.create_element("textarea")?.unchecked_into();
    area.set_id("panic-panel-details");
    area.set_read_only(true);
    area.set_rows(3);
    area.set_value(details);
    area.set_attribute("data-testid", "panic-details")?;
    panel.append_child(&area)?;
    Ok(panel)
}
