//! The safe render tree: the report body as plain data the app turns into DOM nodes one
//! by one (never `inner_html`).
//!
//! Report content is untrusted. Raw HTML, block or inline, is kept as visible plain text
//! ([`Block::Html`], [`Inline::Text`]), never as markup. Every link href and image source
//! has passed the policy in `links.rs`: a link that fails it keeps its text and loses its
//! href; an image that fails it is shown as its alt text.
//!
//! The types and their walk are `secondlook_review::report::document`'s (the page renders
//! them); `builder` makes them from the Markdown.

mod builder;

pub use builder::{MAX_DEPTH, build};
pub use secondlook_review::report::document::*;
