//! What the page's panes show and what it keeps of a reviewer's work: links into the
//! page, the SQL search in the address, a reviewer's draft sign-off.

pub mod anchor;
pub mod signoff_draft;
pub mod sql_search;
pub mod url;
