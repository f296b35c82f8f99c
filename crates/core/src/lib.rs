//! secondlook's pure core: it reads an audit report, a run file and the migration SQL,
//! derives the gates and the verdict, and returns plain data. No web APIs live here, so
//! the same code runs natively (tests, CLI) and in the browser (wasm32).
//!
//! The modules below are listed as the review runs through them:
//!
//! 1. **Read**: [`inputs`] (what was loaded, and the one door to the review),
//!    [`report`] (the audit report), [`run`] (the run file, and where its SQL is),
//!    [`migrations`] (a migrations folder: its files in run order, the newest judged
//!    over the rest), [`sql`] (splitting, parsing and the schema model the SQL leaves,
//!    over a baseline).
//! 2. **Check**: [`gate`] (a gate's id, info and result: the leaf types), the gates
//!    themselves (`sql::rules`, `run::gates`, [`lock_safety`]), their runnable
//!    [`examples`], the [`registry`] above them that lists them, and [`recheck`] above
//!    it, which runs the SQL gates over what `sql` read.
//! 3. **Prove**: [`proof`] (the executor contract and each gate's prover, listed by the
//!    registry) and [`prove`] above it (the plan PostgreSQL runs, the catalog it reads
//!    back, and what its answers settle).
//! 4. **Decide**: [`verdict`], [`attention`] (what needs a human first) and
//!    [`review`] (everything above put together; its `engine` answers the page's worker).
//! 5. **Present**: [`result`] (`secondlook-result/v1`), [`workspace`] (what the page's
//!    panes show and what a reviewer keeps), [`diff`] (one run against another),
//!    [`share`] (links and bundles) and [`escape`] (text no terminal or CI runs).
//!
//! Beside them: [`hash`] and the embedded [`demo`].
//!
//! The review's data, and the pure logic the page runs on it, live in their own crate,
//! `secondlook-review`, which needs no SQL parser, Squawk, Markdown or YAML reader; the
//! modules (or parts of modules) that moved there are re-exported here at their paths:
//! [`gate`] (with the owned `RuleInfo` the engine answers the page with), [`examples`],
//! [`demo`], [`hash`], [`escape`], [`migrations`] (pure: it lists and orders a
//! folder's files, the caller reads them), the verdict's types in [`verdict`], the review's
//! types in [`review`] (`Review` and its parts), the run file's data and `RunError` in
//! [`run`], the report's types in [`report`], the schema model's types in `sql::model`
//! (whose replay, one function per statement kind, stays here), `QName` in
//! `sql::names`, `ExprText` in `sql::expr_text`, `sql::file`,
//! `sql::file_report` (via `sql::parse`), `sql::location`, `sql::lexer` (PostgreSQL's
//! lexical rules, which the splitter and the page's colours share), `sql::keywords`,
//! `sql::highlight`, `sql::search`, `sql::raise` (whether a PL/pgSQL body raises), `review::sql_matching`, the types of
//! [`diff`] (whose schema comparison stays here) and, in [`workspace`],
//! `anchor`, `url`, `sql_search`, `ticks`, `checklist_gates` and `signoff_draft`. What
//! builds or checks them stays here. What only the page reads, the SQL view's marks
//! (`secondlook_review::sql::marks`), is not re-exported.

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

// Read
pub mod inputs;
pub use secondlook_review::migrations;
pub mod report;
pub mod run;
pub mod sql;
// Check
pub use secondlook_review::{examples, gate, locks};
pub mod lock_safety;
pub mod recheck;
pub mod registry;
// Prove
pub mod proof;
pub mod prove;
// Decide
pub mod attention;
pub mod review;
pub mod verdict;
// Present
pub mod diff;
pub use secondlook_review::escape;
pub mod result;
pub mod share;
pub mod workspace;
// Beside them
pub use secondlook_review::demo;
pub use secondlook_review::hash;
