//! secondlook's review page. Views only: every fact shown comes from `secondlook-core`.

mod app;
pub mod components;
mod loading;
mod offline;
mod routing;
mod share;

pub use app::App;
