//! The review for a person at a terminal; colour as `terminal::colour` decides. Every
//! text that came from the inputs is `shown`: it starts no line and moves no cursor.

use std::fmt::Write;

use secondlook_core::gate::{Detail, ProofResult, Status};
use secondlook_core::result::ResultV1;
use secondlook_core::review::Side;
use secondlook_core::verdict::{Verdict, by_settle};

use crate::terminal::shown;

pub fn text(result: &ResultV1<'_>, colour: bool) -> String {
    let paint = |code: &str, s: &str| crate::terminal::paint(colour, code, s);
    let mut out = String::new();
    let verdict_colour = match result.verdict {
        Verdict::Go => "1;32",
        Verdict::GoWithChanges => "1;33",
        Verdict::NotVerified | Verdict::NoGo => "1;31",
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
    if let Some(only) = result.sql_only {
        let _ = writeln!(
            out,
            "{} {}",
            paint("1;33", "sql only:"),
            shown(&only.message)
        );
    }
    if let Some(over) = &result.judged_over {
        let list = |paths: &[&str]| shown(&paths.join(", "));
        let _ = writeln!(
            out,
            "judged: {}\nover a baseline of {} {}: {}",
            list(&over.migration),
            over.baseline.len(),
            if over.baseline.len() == 1 {
                "file"
            } else {
                "files"
            },
            list(&over.baseline)
        );
    }
    if let Some(discrepancy) = result.discrepancy {
        let label = if result.more_cautious == Some(Side::Report) {
            paint("1", "the report is more cautious:")
        } else {
            paint("1;31", "the report disagrees:")
        };
        let _ = writeln!(out, "{label} {}", shown(discrepancy));
    }
    if let Some(staleness) = result.staleness {
        for reason in &staleness.reasons {
            let _ = writeln!(out, "{} {}", paint("1;33", "stale:"), shown(reason));
        }
        for unknown in &staleness.unknown {
            let _ = writeln!(out, "cannot tell staleness: {}", shown(unknown));
        }
    }
    let unverified = by_settle(
        result
            .must_check
            .iter()
            .filter(|m| m.is_unverified_blocker()),
    );
    if !unverified.is_empty() {
        let _ = writeln!(out, "\n{}", paint("1;31", "not verified:"));
        for (settle, items) in unverified {
            let _ = writeln!(out, "  to settle: {}", shown(&settle.sentence()));
            for item in items {
                let _ = writeln!(out, "    - {}: {}", item.id, shown(&item.message));
            }
        }
    }
    let by_hand: Vec<_> = result
        .must_check
        .iter()
        .filter(|m| !m.is_unverified_blocker())
        .collect();
    if !by_hand.is_empty() {
        let _ = writeln!(out, "\ncheck by hand:");
        for item in by_hand {
            let _ = writeln!(out, "  - {}: {}", item.id, shown(&item.message));
        }
    }
    let _ = writeln!(out, "\ngates:");
    for gate in &result.gates {
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
            shown(&gate.message)
        );
        if let Some(fix) = &gate.fix {
            let _ = writeln!(out, "  {:<12}    to fix: {}", "", shown(fix));
        }
        if let Some(proof) = &gate.proof {
            let (word, code) = match proof.result {
                ProofResult::Confirmed => ("confirmed", "32"),
                ProofResult::Refuted => ("REFUTED", "31"),
                ProofResult::Inconclusive => ("inconclusive", "33"),
            };
            let _ = writeln!(
                out,
                "  {:<12}    PostgreSQL {}: {}",
                "",
                paint(code, word),
                shown(&proof.observed)
            );
            if let Some(catalog) = &proof.catalog {
                let _ = writeln!(
                    out,
                    "  {:<12}    PostgreSQL's catalog: {}: {}",
                    "",
                    catalog.status.as_str(),
                    shown(&catalog.message)
                );
            }
            let _ = writeln!(
                out,
                "  {:<12}    decided by {}",
                "",
                proof.decided_by.words()
            );
        }
        if let Some(Detail::ChangedRows(changed)) = &gate.detail {
            for row in &changed.rows {
                let _ = writeln!(out, "  {:<12}    {}", "", shown(&row.line()));
            }
        }
    }
    if let Some(observed) = result.observed_locks {
        let _ = writeln!(out, "\nlocks observed on the tables the migration met:");
        if let Some(worst) = observed.worst_words() {
            let _ = writeln!(
                out,
                "  the largest table's strongest lock: {}",
                shown(&worst)
            );
        }
        for statement in &observed.statements {
            let took = (statement.took())
                .map(|took| format!("  ({took} on the scaffold rows)"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}  {}{took}",
                shown(&statement.at),
                shown(&statement.sql)
            );
            if let Some(why) = &statement.not_observed {
                let _ = writeln!(out, "    {}: {}", paint("33", "not observed"), shown(why));
                continue;
            }
            for line in statement.said() {
                let _ = writeln!(out, "    {}", shown(&line));
            }
        }
    }
    if let Some(engine) = result.gates.iter().find_map(|g| g.proof.as_ref()) {
        let _ = writeln!(out, "\nproved by {}", shown(&engine.engine));
    }
    if !result.unknown_fields.is_empty() {
        let _ = writeln!(out, "\nfields this build does not know (kept):");
        for field in &result.unknown_fields {
            let _ = writeln!(
                out,
                "  {} = {}",
                shown(&field.path),
                shown(&field.value.to_string())
            );
        }
    }
    out
}
