//! Every registered gate's examples through the review, as the page and the CLI run it:
//! each says of its gate what the example expects. A change to the seed's SQL or run
//! breaks nothing else: the seed passes every gate, so any other result that does not
//! pass is the change's doing. SQL alone is asserted on its own gate only: it touches
//! tables it did not create, which other gates rightly cannot follow or also flag (a
//! foreign key without NOT VALID is two of Squawk's rules).

use secondlook_core::examples::{Expect, Input};
use secondlook_core::gate::{GateId, GateResult, Status};
use secondlook_core::inputs::Inputs;
use secondlook_core::registry::GATES;

fn says(expect: Expect, own: &[Status]) -> bool {
    match expect {
        Expect::Fires => own.contains(&Status::Fail),
        Expect::Passes => own.iter().all(|s| *s == Status::Pass),
        Expect::NotVerified => own.contains(&Status::NotVerified) && !own.contains(&Status::Fail),
    }
}

/// Gates only PostgreSQL decides: without a proof each of their examples is not
/// verified, whatever it shows; with one, `crates/cli/tests/prove.rs` runs data-kept's
/// and `crates/cli/src/prove.rs` lock-budget's.
const DECIDED_BY_POSTGRESQL: &[GateId] = &[GateId::DataKept, GateId::LockBudget];

#[test]
fn every_gate_says_of_its_examples_what_they_expect_and_nothing_else_breaks() {
    let mut wrong = Vec::new();
    for gate in GATES {
        let id = gate.info.id;
        let examples = gate.info.examples;
        for expect in [Expect::Fires, Expect::Passes] {
            if !examples.iter().any(|e| e.expect == expect) {
                wrong.push(format!("{id}: no example that {expect:?}"));
            }
        }
        for example in examples {
            let inputs =
                Inputs::example(example).unwrap_or_else(|e| panic!("{id}/{}: {e}", example.name));
            let review = inputs.review();
            let (own, others): (Vec<&GateResult>, Vec<&GateResult>) =
                review.gates.iter().partition(|g| g.id == id);
            let own: Vec<Status> = own.iter().map(|g| g.status).collect();
            let expect = if DECIDED_BY_POSTGRESQL.contains(&id) {
                Expect::NotVerified
            } else {
                example.expect
            };
            if own.is_empty() || !says(expect, &own) {
                wrong.push(format!(
                    "{id}/{}: {:?}, got {own:?}",
                    example.name, example.expect
                ));
            }
            // Its examples are a migration of their own over a baseline of their own.
            if matches!(example.input, Input::Sql(_)) || id == GateId::LockBudget {
                continue;
            }
            let broken: Vec<String> = others
                .iter()
                .filter(|g| g.status != Status::Pass)
                .map(|g| format!("{} {:?}: {}", g.id, g.status, g.message))
                .collect();
            if !broken.is_empty() {
                wrong.push(format!("{id}/{} also breaks: {broken:#?}", example.name));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
