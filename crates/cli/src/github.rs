//! GitHub Actions workflow commands: one annotation per result that is not a pass.

use secondlook_core::gate::{Severity, Status};
use secondlook_core::result::ResultV1;

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
        let message = data(&gate.message);
        for (path, line, column) in places(gate, file) {
            let path = property(&path);
            out.push_str(&format!(
                "::{command} file={path},line={line},col={column},title={title}::{message}\n"
            ));
        }
    }
    if let Some(discrepancy) = result.discrepancy {
        out.push_str(&format!(
            "::error title=secondlook: the report disagrees::{}\n",
            data(discrepancy)
        ));
    }
    out.push_str(&format!(
        "::notice title=secondlook verdict::{} ({} failed blockers)\n",
        result.verdict.as_str(),
        result.failed_blockers
    ));
    out
}

/// Escapes a message, as the runner's toolkit does.
pub fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
    }
}
