//! Mounts one element, the marker the benchmark waits for.

use leptos::prelude::*;

fn main() {
    mount_to_body(|| view! { <main data-testid="mounted">"blank"</main> });
}
