pub mod load_panel;
pub mod report_panel;
pub mod report_summary;
pub mod run_panel;
pub mod verdict_banner;
