use secondlook_app::{App, panic_panel, review_worker};

fn main() {
    if review_worker::in_worker() {
        // The review worker (public/worker.js) loads this same wasm: no page to mount.
        review_worker::install_worker_panic_hook();
        return;
    }
    panic_panel::install();
    leptos::mount::mount_to_body(App);
}
