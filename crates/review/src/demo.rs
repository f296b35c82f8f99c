//! The embedded demo: the seed audit report, its run file and its SQL, exactly as they
//! sit in `fixtures/seed/`, so the app shows a real review with no inputs given.

pub const REPORT_PATH: &str = "money-core-audit-report.md";
pub const REPORT: &str = include_str!("../../../fixtures/seed/money-core-audit-report.md");
pub const RUN_PATH: &str = "run.json";
pub const RUN: &str = include_str!("../../../fixtures/seed/run.json");
/// The SQL files of the run, keyed by the `href` the run file gives them.
pub const SQL_FILES: &[(&str, &str)] = &[(
    "schema/0000_money_core.sql",
    include_str!("../../../fixtures/seed/schema/0000_money_core.sql"),
)];
