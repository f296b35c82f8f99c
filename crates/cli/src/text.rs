//! The review for a person at a terminal; colour as `terminal::colour` decides.

use std::fmt::Write;

use secondlook_core::gate::Status;
use secondlook_core::result::ResultV1;
use secondlook_core::verdict::Verdict;

pub fn text(result: &ResultV1<'_>, colour: bool) -> String {
    let paint = |code: &str, s: &str| crate::terminal::paint(colour, code, s);
    let mut out = String::new();
    let verdict_colour = match result.verdict {
        Verdict::Go => "1;32",
        Verdict::GoWithChanges => "1;33",
        Verdict::NoGo => "1;31",
    };
    let _ = writeln!(
        out,
        "verdict: {} ({} failed {})",
        paint(verdict_colour, &result.verdict.as_str().to_uppercase()),
        result.failed_blockers,
        if result.failed_blockers == 1 {
            "blocker"
        } else {
            "blockers"
        }
    );
    if let Some(discrepancy) = result.discrepancy {
        let _ = writeln!(
            out,
            "{} {discrepancy}",
            paint("1;31", "the report disagrees:")
        );
    }
    if let Some(staleness) = result.staleness {
        for reason in &staleness.reasons {
            let _ = writeln!(out, "{} {reason}", paint("1;33", "stale:"));
        }
        for unknown in &staleness.unknown {
            let _ = writeln!(out, "cannot tell staleness: {unknown}");
        }
    }
    if !result.must_check.is_empty() {
        let _ = writeln!(out, "\ncheck by hand:");
        for item in result.must_check {
            let _ = writeln!(out, "  - {}: {}", item.id, item.message);
        }
    }
    let _ = writeln!(out, "\ngates:");
    for gate in result.gates {
        let (word, code) = match gate.status {
            Status::Pass => ("pass", "32"),
            Status::Fail => ("FAIL", "31"),
            Status::NotReported => ("not reported", "33"),
            Status::NotVerified => ("not verified", "33"),
        };
        let _ = writeln!(
            out,
            "  {}  {}: {}",
            paint(code, &format!("{word:<12}")),
            gate.id,
            gate.message
        );
    }
    if !result.unknown_fields.is_empty() {
        let _ = writeln!(out, "\nfields this build does not know (kept):");
        for field in &result.unknown_fields {
            let _ = writeln!(out, "  {} = {}", field.path, field.value);
        }
    }
    out
}
