//! The review workspace: the findings table (report findings and gate results in one
//! list, filtered and sorted), the checklist ticks a reviewer keeps, what they typed
//! towards a sign-off, and the sign-off record. Pure data in, data out; the app only
//! renders it and does the browser I/O.

pub mod filters;
pub mod findings_table;
pub mod kept_key;
pub mod signoff;
pub mod signoff_verify;
pub use secondlook_review::workspace::{
    anchor, checklist_gates, signoff_draft, sql_search, ticks, url,
};

#[cfg(test)]
mod seed_checklists;
