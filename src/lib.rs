//! secondlook's review page. Views only: every fact shown comes from the core (run by
//! the engine in its worker) as `secondlook-review`'s types.

mod app;
mod compare;
pub mod components;
mod dropped_folder;
pub mod engine;
mod kept_files;
mod loading;
mod offline;
pub mod panic_panel;
pub mod proof_run;
mod proof_worker;
mod review_build;
mod routing;
pub mod rules;
mod share;

pub use app::App;
