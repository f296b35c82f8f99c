//! What the page's panes show and what it keeps of a reviewer's work: links into the
//! page, the SQL search in the address, the checklist ticks a reviewer keeps and the
//! gates an item names, a reviewer's draft sign-off.

pub mod anchor;
pub mod checklist_gates;
pub mod signoff_draft;
pub mod sql_search;
pub mod ticks;
pub mod url;
