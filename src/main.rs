use secondlook_app::{App, engine, panic_panel};

fn main() {
    panic_panel::install();
    // First, so the engine's wasm loads while the page is drawn.
    engine::start();
    leptos::mount::mount_to_body(App);
}
