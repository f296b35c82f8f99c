//! secondlook's pure core: it reads an audit report, a run file and the migration SQL,
//! derives the gates and the verdict, and returns plain data. No web APIs live here, so
//! the same code runs natively (tests, CLI) and in the browser (wasm32).

// Input decides what the core sees: it must answer with a message, never a panic.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod attention;
pub mod demo;
pub mod diff;
pub mod escape;
pub mod examples;
pub mod gate;
pub mod hash;
pub mod inputs;
pub mod lock_safety;
pub mod proof;
pub mod registry;
pub mod report;
pub mod result;
pub mod review;
pub mod run;
pub mod share;
pub mod sql;
pub mod verdict;
pub mod workspace;
