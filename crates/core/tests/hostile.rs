//! The hostile migrations of `fixtures/hostile/`, each appended to the seed migration
//! and reviewed with the seed's report and run: each gets its verdict (never a kind of
//! go) and the gate that says why.

use std::collections::BTreeMap;

use secondlook_core::demo;
use secondlook_core::gate::GateId;
use secondlook_core::inputs::{Inputs, Named};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/hostile/");

#[derive(serde::Deserialize)]
struct Expected {
    verdict: String,
    gate: GateId,
    status: String,
}

fn expected() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(format!("{DIR}verdicts.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_hostile_migration_gets_its_verdict_and_its_reason() {
    let expected = expected();
    let mut files: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    let listed: Vec<&String> = expected.keys().collect();
    assert_eq!(
        files.iter().collect::<Vec<_>>(),
        listed,
        "every file listed once"
    );
    let (sql_path, seed_sql) = demo::SQL_FILES[0];
    for name in files {
        let tail = std::fs::read_to_string(format!("{DIR}{name}")).unwrap();
        let mut inputs = Inputs::demo();
        inputs.sql = vec![Named {
            name: sql_path.to_string(),
            text: format!("{seed_sql}\n{tail}"),
        }];
        let review = inputs.review();
        let verdict = review.decision.as_ref().unwrap().verdict;
        let want = &expected[&name];
        assert_eq!(verdict.as_str(), want.verdict, "{name}");
        let statuses: Vec<&str> = review
            .gates
            .iter()
            .filter(|g| g.id == want.gate)
            .map(|g| g.status.as_str())
            .collect();
        assert!(
            statuses.contains(&want.status.as_str()),
            "{name}: {} is {statuses:?}",
            want.gate
        );
    }
}
