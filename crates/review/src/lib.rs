//! The review's data, and the pure logic the page runs on it: what a gate is and what it
//! concluded, its runnable examples, the run file's data, the SQL files and where in
//! them a statement sits, the verdict, a reviewer's draft sign-off and the embedded demo. Nothing here reads SQL,
//! Markdown or YAML, so the page links this crate and not the core's parsers and
//! checks; the core builds these types and re-exports each module at its own path
//! (`secondlook_core::gate` is [`gate`]).

// Input decides what the review holds: it must answer with a message, never a panic.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod demo;
pub mod examples;
pub mod gate;
pub mod hash;
pub mod locks;
pub mod proof;
pub mod run;
pub mod sql;
pub mod verdict;
pub mod workspace;
