//! SARIF 2.1.0: one rule per registered gate, one result per gate result that is not
//! a pass, located in the SQL (file, line, column) or in the run file (the line of the
//! JSON path, which is also given as a logical location).

use serde_json::{Value, json};

use secondlook_core::diff::{Change, RunDiff};
use secondlook_core::gate::{Evidence, GateInfo, GateResult, Severity, Status};
use secondlook_core::lock_safety::rules::rule_page;
use secondlook_core::registry::infos;
use secondlook_core::result::ResultV1;

use crate::check_cmd::{RunFile, places};

/// With a `baseline` (the diff from a base run), each result says whether it is new
/// since the base (`baselineState`), and the base's results that no longer fail are
/// listed as `absent`.
/// Why the rule matters, then its examples, one a line.
fn help(gate: &GateInfo) -> String {
    let mut text = gate.why.to_string();
    for e in gate.examples {
        text.push_str(&format!("\n{}: {}", e.expect.label(), e.sentence()));
    }
    text
}

pub fn sarif(result: &ResultV1<'_>, file: &RunFile<'_>, baseline: Option<&RunDiff>) -> Value {
    let rules: Vec<Value> = infos()
        .map(|g| {
            let mut rule = json!({
                "id": g.id,
                "name": g.title,
                "shortDescription": { "text": g.title },
                "fullDescription": { "text": g.checks },
                "help": { "text": help(g) },
                "defaultConfiguration": { "level": level(g.severity) },
                "properties": { "relatesTo": g.relates_to },
            });
            if let Some(page) = rule_page(g.id) {
                rule["helpUri"] = json!(page);
            }
            rule
        })
        .collect();
    let mut results: Vec<Value> = result
        .gates
        .iter()
        .enumerate()
        .filter(|(_, g)| g.status != Status::Pass)
        .map(|(at, g)| {
            let mut out = sarif_result(g, file);
            if let Some(change) = baseline.and_then(|d| d.change_at(at)) {
                out["baselineState"] = json!(baseline_state(change));
            }
            out
        })
        .collect();
    results.extend(baseline.into_iter().flat_map(absent));
    let mut properties = json!({
        "verdict": result.verdict,
        "failedBlockers": result.failed_blockers,
        "discrepancy": result.discrepancy,
        "moreCautious": result.more_cautious,
        "mustCheck": result.must_check,
    });
    if let Some(observed) = result.observed_locks {
        properties["observedLocks"] = json!(observed);
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "secondlook",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            } },
            "results": results,
            "properties": properties,
        }],
    })
}

fn sarif_result(gate: &GateResult, file: &RunFile<'_>) -> Value {
    let locations: Vec<Value> = places(gate, file)
        .into_iter()
        .zip(gate.evidence.iter())
        .map(|((uri, line, column), evidence)| {
            let mut location = json!({ "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": { "startLine": line, "startColumn": column },
            } });
            if let Evidence::RunPath { path } = evidence {
                location["logicalLocations"] =
                    json!([{ "fullyQualifiedName": path, "kind": "member" }]);
            }
            location
        })
        .collect();
    let mut out = json!({
        "ruleId": gate.id,
        "message": { "text": gate.message },
        "locations": locations,
        "properties": { "status": gate.status, "relatesTo": gate.relates_to },
    });
    if let Some(proof) = &gate.proof {
        out["properties"]["proof"] = json!(proof);
    }
    // Every changed row, where the message names only the first few.
    if let Some(detail) = &gate.detail {
        out["properties"]["detail"] = json!(detail);
    }
    // SARIF's own `fixes` are file edits; what to change in words is a property.
    if let Some(fix) = &gate.fix {
        out["properties"]["fix"] = json!(fix);
    }
    if let Some(index) = infos().position(|g| g.id == gate.id) {
        out["ruleIndex"] = json!(index);
    }
    // SARIF: a result that is not a failure is for review, and has no level of its own.
    if gate.status == Status::Fail {
        out["kind"] = json!("fail");
        out["level"] = json!(level(gate.severity));
    } else {
        out["kind"] = json!("review");
        out["level"] = json!("none");
    }
    out
}

fn baseline_state(change: Change) -> &'static str {
    match change {
        Change::New | Change::Added => "new",
        Change::Changed => "updated",
        Change::Unchanged => "unchanged",
        Change::Fixed | Change::Gone => "absent",
    }
}

/// The base's results that did not pass and no longer fail: fixed, or gone.
fn absent(diff: &RunDiff) -> impl Iterator<Item = Value> + '_ {
    diff.gates
        .iter()
        .filter(|g| matches!(g.change, Change::Fixed | Change::Gone))
        .map(|g| {
            let mut out = json!({
                "ruleId": g.fingerprint.gate,
                "message": { "text": format!("{} since the base: {}", g.change.as_str(), g.message) },
                "baselineState": "absent",
                "kind": if g.change == Change::Fixed { "pass" } else { "notApplicable" },
                "level": "none",
                "properties": { "fingerprint": g.fingerprint.key() },
            });
            if let Some(index) = infos().position(|i| i.id == g.fingerprint.gate) {
                out["ruleIndex"] = json!(index);
            }
            out
        })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Blocker => "error",
        Severity::Warning => "warning",
    }
}
