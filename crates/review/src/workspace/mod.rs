//! What the page keeps of a reviewer's work.

pub mod signoff_draft;
