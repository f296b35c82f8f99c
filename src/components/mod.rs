pub mod report_summary;
