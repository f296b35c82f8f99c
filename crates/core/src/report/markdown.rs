//! The one place the pulldown-cmark options are chosen.
//!
//! On: GFM tables, task lists, strikethrough, footnotes and Obsidian wikilinks.
//! Off on purpose: `ENABLE_GFM`, whose alert parsing knows only the five GitHub kinds and
//! no titles or folding; `callouts.rs` reads GitHub alerts and Obsidian callouts alike
//! from the plain blockquote. Metadata blocks, because `frontmatter.rs` splits the
//! frontmatter off itself and keeps its line numbers. Smart punctuation, because IDs and
//! code must stay as written.

use pulldown_cmark::{Options, Parser};

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_WIKILINKS
}

pub fn parser(body: &str) -> Parser<'_> {
    Parser::new_ext(body, options())
}
