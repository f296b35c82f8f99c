//! Parts of the review the page reads on their own; the review itself is still built,
//! and held, by the core (`secondlook_core::review`).

pub mod sql_matching;
