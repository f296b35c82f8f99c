//! The safe render tree: the report body as plain data the app turns into DOM nodes one
//! by one (never `inner_html`). `tree` holds the types, `visit` walks them; the core's
//! `report::document` builds them from the Markdown.

mod tree;
mod visit;

pub use tree::{
    Alignment, Block, Document, Fold, Inline, ListItem, TableRow, TocEntry, plain_text,
};
pub use visit::{Section, Visit, visit};
