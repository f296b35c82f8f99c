//! Reading the migration SQL with sqlparser: `split` cuts each file into statements
//! (byte ranges), `parse` opens DO blocks and parses each statement, `model` replays
//! them into the schema the migration leaves, and `rules` hold one gate each. Running
//! the rules over what was read is [`crate::recheck`]'s, above the registry.

pub mod chain;
pub mod code_calls;
pub mod do_block;
pub mod escapes;
pub mod expected_found;
pub mod expr_text;
pub mod locator;
pub mod model;
pub mod names;
pub mod nested;
pub mod parse;
pub mod predicate;
pub mod rules;
pub mod split;
pub mod transactions;

pub use secondlook_review::sql::{
    SqlFile, file, highlight, keywords, lexer, location, raise, search,
};
