//! Lock safety's fixtures (`fixtures/lock-safety/`: each curated rule's examples, run by
//! `tests/examples.rs`), and SQL-only review of the public corpus and the seed.

use secondlook_core::gate::{GateId, Status};
use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::lock_safety::rules::CURATED;
use secondlook_core::sql::split::split;
use secondlook_core::verdict::Verdict;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/");

#[test]
fn every_fixture_belongs_to_a_curated_rule() {
    let dir = std::fs::read_dir(format!("{ROOT}lock-safety")).unwrap();
    let mut count = 0;
    for entry in dir {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let rule = name
            .strip_suffix(".fires.sql")
            .or_else(|| name.strip_suffix(".passes.sql"))
            .unwrap_or_else(|| panic!("{name} is neither .fires.sql nor .passes.sql"));
        assert!(
            CURATED
                .iter()
                .any(|(i, _)| i.id.squawk_rule() == Some(rule)),
            "{name}"
        );
        count += 1;
    }
    assert_eq!(count, 2 * CURATED.len());
}

fn sql_only(files: Vec<(String, String)>) -> secondlook_core::review::Review {
    let inputs = Inputs {
        sql: files
            .into_iter()
            .map(|(name, text)| Named { name, text })
            .collect(),
        ..Inputs::default()
    };
    inputs.review()
}

fn corpus_files() -> Vec<String> {
    let mut names = Vec::new();
    for dir in ["corpus/sql", "corpus/sql/derived"] {
        for entry in std::fs::read_dir(format!("{ROOT}{dir}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "sql") {
                names.push(path.to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    names
}

#[test]
fn the_corpus_reviewed_sql_only_is_never_a_kind_of_go_and_squawk_reads_all_of_it() {
    let names = corpus_files();
    assert!(names.len() >= 15, "{names:?}");
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let review = sql_only(vec![(path.clone(), text.clone())]);
        let decision = review.decision.as_ref().expect("SQL alone is decided on");
        assert!(
            matches!(decision.verdict, Verdict::NotVerified | Verdict::NoGo),
            "{path}: {:?}",
            decision.verdict
        );
        let only = review
            .sql_only
            .as_ref()
            .expect("SQL-only says what it left out");
        assert!(only.unchecked.contains(&GateId::TestsNotSkipped), "{path}");
        let lock: Vec<_> = review
            .gates
            .iter()
            .filter(|g| g.id.squawk_rule().is_some())
            .collect();
        for (info, _) in CURATED {
            assert!(lock.iter().any(|g| g.id == info.id), "{path}: {}", info.id);
        }
        // SQL alone names no tool: a down section is taken as not run and not linted,
        // which leaves lock safety not verified, naming the marker.
        match split(&text, None).down_marker {
            None => assert!(
                lock.iter().all(|g| g.status != Status::NotVerified),
                "{path}: {:#?}",
                lock.iter()
                    .filter(|g| g.status == Status::NotVerified)
                    .collect::<Vec<_>>()
            ),
            Some(marker) => assert!(
                lock.iter().all(|g| g.status == Status::Fail
                    || g.message
                        .contains(&format!("after `{marker}` was taken as not run"))),
                "{path}: {lock:#?}"
            ),
        }
    }
}

#[test]
fn the_seed_reviewed_sql_only_checks_what_needs_no_run_and_names_the_rest() {
    let files = secondlook_core::demo::SQL_FILES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let review = sql_only(files);
    let decision = review.decision.unwrap();
    assert_eq!(decision.verdict, Verdict::NotVerified);
    let only = review.sql_only.unwrap();
    assert!(only.message.contains("Not checked without a run file"));
    for id in [
        GateId::SelfAuditSafe,
        GateId::ExpectedIndex,
        GateId::MixedIdCheck,
        GateId::MoneyType,
    ] {
        assert!(only.unchecked.contains(&id), "{id} in {:?}", only.unchecked);
    }
    let got = |id: GateId| {
        review
            .gates
            .iter()
            .filter(|g| g.id == id)
            .map(|g| g.status)
            .collect::<Vec<_>>()
    };
    assert_eq!(got(GateId::AdditiveOnly), [Status::Pass]);
    // The seed creates every table it touches: no lock risk on an existing table.
    assert_eq!(
        got(GateId::SquawkRequireConcurrentIndexCreation),
        [Status::Pass]
    );
    assert!(review.gates.iter().all(|g| g.status != Status::NotReported));
    assert!(!review.sql.unwrap().schema.tables.is_empty());
}

#[test]
fn a_destructive_statement_alone_is_no_go() {
    let review = sql_only(vec![("drop.sql".into(), "DROP TABLE payments;".into())]);
    assert_eq!(review.decision.unwrap().verdict, Verdict::NoGo);
}
