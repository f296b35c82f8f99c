//! The safe render tree: the report body as plain data the app turns into DOM nodes one
//! by one (never `inner_html`).
//!
//! Report content is untrusted. Raw HTML, block or inline, is kept as visible plain text
//! ([`Block::Html`], [`Inline::Text`]), never as markup. Every link href and image source
//! has passed the policy in `links.rs`: a link that fails it keeps its text and loses its
//! href; an image that fails it is shown as its alt text.
//!
//! `tree` holds the types, `builder` makes them from the Markdown, `visit` walks them.

mod builder;
mod tree;
mod visit;

pub use builder::{MAX_DEPTH, build};
pub use tree::{
    Alignment, Block, Document, Fold, Inline, ListItem, TableRow, TocEntry, plain_text,
};
pub use visit::{Section, Visit, visit};
