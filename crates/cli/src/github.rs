//! GitHub Actions workflow commands: one annotation per result that is not a pass.

use secondlook_core::gate::{Detail, ProofResult, Severity, Status};
use secondlook_core::result::ResultV1;
use secondlook_core::review::Side;
use secondlook_core::verdict::Verdict;

use crate::check_cmd::{RunFile, places};

pub fn annotations(result: &ResultV1<'_>, file: &RunFile<'_>) -> String {
    let mut out = String::new();
    for gate in result.gates.iter().filter(|g| g.status != Status::Pass) {
        let command = match (gate.status, gate.severity) {
            (Status::Fail, Severity::Blocker) => "error",
            _ => "warning",
        };
        let status = match gate.status {
            Status::NotReported => " (not reported)",
            Status::NotVerified => " (not verified)",
            _ => "",
        };
        let title = property(&format!("secondlook {}{status}", gate.id));
        let message = match &gate.proof {
            Some(proof) => data(&format!(
                "{} (PostgreSQL: {}, {}; decided by {})",
                gate.message,
                proof.result.as_str(),
                proof.observed,
                proof.decided_by.words()
            )),
            None => data(&gate.message),
        };
        let mut message = match &gate.fix {
            Some(fix) => format!("{message}; to fix: {}", data(fix)),
            None => message,
        };
        // Every changed row, a line each: the sentence names only the first few.
        if let Some(Detail::ChangedRows(changed)) = &gate.detail {
            for row in &changed.rows {
                message.push_str(&data(&format!("\n{}", row.line())));
            }
        }
        let places = places(gate, file);
        // A result with no place in a file (a table's rows, a whole run) is still shown.
        if places.is_empty() {
            out.push_str(&format!("::{command} title={title}::{message}\n"));
        }
        for (path, line, column) in places {
            let path = property(&path);
            out.push_str(&format!(
                "::{command} file={path},line={line},col={column},title={title}::{message}\n"
            ));
        }
    }
    if let Some(discrepancy) = result.discrepancy {
        let (command, title) = if result.more_cautious == Some(Side::Report) {
            ("notice", "the report is more cautious")
        } else {
            ("error", "the report disagrees")
        };
        out.push_str(&format!(
            "::{command} title=secondlook%3A {title}::{}\n",
            data(discrepancy)
        ));
    }
    for item in result
        .must_check
        .iter()
        .filter(|m| m.is_unverified_blocker())
    {
        out.push_str(&format!(
            "::error title={}::{}\n",
            property(&format!("secondlook {} not verified", item.id)),
            data(&format!(
                "{}; to settle it: {}",
                item.message,
                item.settle.sentence()
            ))
        ));
    }
    if let Some(observed) = result.observed_locks {
        let mut said = match observed.worst_words() {
            Some(worst) => format!("the largest table's strongest lock: {worst}"),
            None => "no lock on a table the migration met".to_string(),
        };
        for statement in &observed.statements {
            let took = (statement.took())
                .map(|took| format!(" ({took})"))
                .unwrap_or_default();
            said.push_str(&format!("\n{}{took}", statement.at));
            for line in statement.said() {
                said.push_str(&format!("\n  {line}"));
            }
        }
        out.push_str(&format!(
            "::notice title=secondlook locks observed::{}\n",
            data(&said)
        ));
    }
    let proofs: Vec<_> = result
        .gates
        .iter()
        .filter_map(|g| g.proof.as_ref())
        .collect();
    if let Some(first) = proofs.first() {
        let count = |r: ProofResult| proofs.iter().filter(|p| p.result == r).count();
        out.push_str(&format!(
            "::notice title=secondlook proof::{} confirmed, {} refuted, {} inconclusive by {}\n",
            count(ProofResult::Confirmed),
            count(ProofResult::Refuted),
            count(ProofResult::Inconclusive),
            data(&first.engine)
        ));
    }
    if let Some(only) = result.sql_only {
        out.push_str(&format!(
            "::warning title=secondlook: SQL only::{}\n",
            data(&only.message)
        ));
    }
    let command = match result.verdict {
        Verdict::Go => "notice",
        Verdict::GoWithChanges => "warning",
        Verdict::NotVerified | Verdict::NoGo => "error",
    };
    out.push_str(&format!(
        "::{command} title=secondlook verdict::{} ({} failed blockers)\n",
        result.verdict.as_str(),
        result.failed_blockers
    ));
    out
}

/// Escapes a message, as the runner's toolkit does (so no text starts a line, and with it
/// a command); other control characters are shown as escapes.
pub fn data(s: &str) -> String {
    let escaped = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    crate::terminal::shown(&escaped)
}

/// Escapes a property value, which also may not hold `:` or `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
        assert_eq!(
            data("x\n::stop-commands::t \u{1b}[8m ##[add-mask]go"),
            "x%0A::stop-commands::t \\u{1b}[8m ##\\u{5b}add-mask]go"
        );
    }
}
