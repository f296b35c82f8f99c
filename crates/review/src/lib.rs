//! The review's data, and the pure logic the page runs on it: what a gate is and what it
//! concluded (and the owned texts the page shows of each gate), its runnable examples,
//! the run file's data, a migrations folder's layout (which files run, in which order), the report's types, the SQL files, where in them a statement
//! sits, PostgreSQL's lexical rules and the SQL pane's colours, the schema model the SQL
//! leaves, the review itself (`Review`), what changed between two runs, text made safe to print, the verdict, the
//! page's anchors, search and ticks, a reviewer's draft sign-off, the proof's executor
//! contract and the embedded demo. Nothing here reads SQL, Markdown or YAML, so the page
//! links this crate and not the core's parsers and checks; the core builds these types
//! and re-exports each module at its own path (`secondlook_core::gate` is [`gate`]).

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
pub mod diff;
pub mod escape;
pub mod examples;
pub mod gate;
pub mod hash;
pub mod locks;
pub mod migrations;
pub mod proof;
pub mod report;
pub mod review;
pub mod run;
pub mod sql;
pub mod verdict;
pub mod workspace;
