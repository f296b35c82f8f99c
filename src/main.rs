use secondlook_app::{App, panic_panel};

fn main() {
    panic_panel::install();
    leptos::mount::mount_to_body(App);
}
