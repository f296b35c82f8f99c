pub mod markdown;
pub mod properties;
pub mod report_lint;
pub mod report_panel;
pub mod report_summary;
pub mod run_panel;
pub mod toc;
pub mod verdict_banner;
