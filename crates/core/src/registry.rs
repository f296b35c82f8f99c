//! Every gate secondlook knows, with what it checks, why, and the function that checks
//! it: one line per gate. The run-level and SQL checks run from this list, and the app,
//! the command line (SARIF rules, `secondlook rules`) and the generated docs read it. A
//! gate's relation to report finding IDs is declared in its module, once, and kept in a
//! result only where the report at hand has that ID (see `review`).
//!
//! The registry imports every gate's module and none of them imports it: a gate names
//! itself with `crate::gate::{GateId, GateInfo}`, and what runs the gates (the run
//! and SQL re-checks, the proof's plan and judging) sits above this list.

use crate::examples::Example;
use crate::gate::{GateId, GateInfo, GateResult, RuleInfo};
use crate::lock_safety::rules as lock;
use crate::proof::{self, Prover};
use crate::run::Run;
use crate::run::gates::{
    factory_complete, gate_consistent, no_version_bump, self_audit_safe, tests_not_skipped,
};
use crate::sql::rules::{
    Context, SqlResult, additive_only, append_only, applies, data_kept, expected_index,
    index_predicate, lock_budget, mixed_id_check, money_type, parent_order, reads_as_written,
    sql_parses, stays_in_database,
};

/// A registered gate: what it is, what it reads to check, and how PostgreSQL proves
/// it (`crate::proof`), if it can.
#[derive(Clone, Copy)]
pub struct Gate {
    pub info: GateInfo,
    pub check: Check,
    pub prove: Option<Prover>,
}

impl Gate {
    const fn proved_by(self, prover: Prover) -> Gate {
        Gate {
            prove: Some(prover),
            ..self
        }
    }
}

#[derive(Clone, Copy)]
pub enum Check {
    /// Reads the run file.
    Run(fn(&Run) -> Vec<GateResult>),
    /// Reads the SQL, through the re-check's schema model.
    Sql(fn(&Context) -> Vec<SqlResult>),
    /// Squawk's rule, run by `crate::lock_safety` over the SQL as written.
    LockSafety(squawk_linter::Rule),
}

const fn run(info: GateInfo, check: fn(&Run) -> Vec<GateResult>) -> Gate {
    Gate {
        info,
        check: Check::Run(check),
        prove: None,
    }
}

const fn sql(info: GateInfo, check: fn(&Context) -> Vec<SqlResult>) -> Gate {
    Gate {
        info,
        check: Check::Sql(check),
        prove: None,
    }
}

const fn squawk(entry: lock::Curated) -> Gate {
    Gate {
        info: entry.0,
        check: Check::LockSafety(entry.1),
        prove: None,
    }
}

/// In display order: the self-audit first, because it must never be buried.
pub const GATES: &[Gate] = &[
    run(self_audit_safe::INFO, self_audit_safe::check),
    run(tests_not_skipped::INFO, tests_not_skipped::check),
    run(no_version_bump::INFO, no_version_bump::check),
    run(factory_complete::INFO, factory_complete::check),
    run(gate_consistent::INFO, gate_consistent::check),
    sql(stays_in_database::INFO, stays_in_database::check),
    sql(reads_as_written::INFO, reads_as_written::check),
    sql(applies::INFO, applies::check),
    sql(money_type::INFO, money_type::check).proved_by(proof::money_type::PROVER),
    sql(expected_index::INFO, expected_index::check).proved_by(proof::expected_index::PROVER),
    sql(index_predicate::INFO, index_predicate::check).proved_by(proof::index_predicate::PROVER),
    sql(mixed_id_check::INFO, mixed_id_check::check).proved_by(proof::mixed_id_check::PROVER),
    sql(append_only::INFO, append_only::check).proved_by(proof::append_only::PROVER),
    sql(additive_only::INFO, additive_only::check),
    sql(data_kept::INFO, data_kept::check),
    sql(parent_order::INFO, parent_order::check),
    sql(sql_parses::INFO, sql_parses::check),
    sql(lock_budget::INFO, lock_budget::check),
    squawk(lock::REQUIRE_CONCURRENT_INDEX_CREATION),
    squawk(lock::REQUIRE_CONCURRENT_INDEX_DELETION),
    squawk(lock::CONSTRAINT_MISSING_NOT_VALID),
    squawk(lock::ADDING_FOREIGN_KEY_CONSTRAINT),
    squawk(lock::ADDING_FIELD_WITH_DEFAULT),
    squawk(lock::ADDING_NOT_NULLABLE_FIELD),
    squawk(lock::ADDING_SERIAL_PRIMARY_KEY_FIELD),
    squawk(lock::CHANGING_COLUMN_TYPE),
    squawk(lock::DISALLOWED_UNIQUE_CONSTRAINT),
    squawk(lock::REQUIRE_LOCK_TIMEOUT),
    squawk(lock::REQUIRE_CONCURRENT_REINDEX),
];

/// A registered gate without its functions: what the readers of the registry need.
#[derive(Clone, Copy)]
struct Listed {
    info: GateInfo,
    /// Whether it checks the SQL (and so needs the run's SQL files).
    reads_sql: bool,
}

/// [`GATES`] without the function pointers, made at compile time. The page reads gates
/// (titles, `infos`, the ids results carry back from the worker) but runs no check:
/// reading this table instead of `GATES` keeps every check, and the parsers they call,
/// out of what it links.
static LISTED: [Listed; GATES.len()] = listed();

// Only ever evaluated at compile time, to fill LISTED: an index out of range would fail
// the build, not panic at run time; a const fn has no iterators to do without indexing.
#[allow(clippy::indexing_slicing)]
const fn listed() -> [Listed; GATES.len()] {
    let mut out = [Listed {
        info: GATES[0].info,
        reads_sql: false,
    }; GATES.len()];
    let mut i = 0;
    while i < GATES.len() {
        out[i] = Listed {
            info: GATES[i].info,
            reads_sql: matches!(GATES[i].check, Check::Sql(_) | Check::LockSafety(_)),
        };
        i += 1;
    }
    out
}

/// Every gate's info, in display order.
pub fn infos() -> impl Iterator<Item = &'static GateInfo> {
    LISTED.iter().map(|g| &g.info)
}

/// Every gate's examples, each with its gate, in display order.
pub fn examples() -> impl Iterator<Item = (&'static GateInfo, &'static Example)> {
    infos().flat_map(|g| g.examples.iter().map(move |e| (g, e)))
}

/// The gate with this id.
pub fn gate(id: GateId) -> Option<&'static GateInfo> {
    infos().find(|g| g.id == id)
}

/// Every run-level gate's results, in registry order.
pub fn run_gates(run: &Run) -> Vec<GateResult> {
    GATES
        .iter()
        .filter_map(|gate| match gate.check {
            Check::Run(check) => Some(check(run)),
            Check::Sql(_) | Check::LockSafety(_) => None,
        })
        .flatten()
        .collect()
}

/// Whether the gate with this id checks the SQL (and so needs the run's SQL files).
pub fn reads_sql(id: GateId) -> bool {
    LISTED.iter().any(|g| g.info.id == id && g.reads_sql)
}

/// Every gate's info as owned data, in display order: what the engine answers the page
/// with, so the page shows the gates' texts without linking the checks.
pub fn rule_infos() -> Vec<RuleInfo> {
    LISTED
        .iter()
        .map(|g| RuleInfo::new(&g.info, lock::rule_page(g.info.id), g.reads_sql))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_explained() {
        for (i, g) in infos().enumerate() {
            assert!(
                infos().skip(i + 1).all(|other| other.id != g.id),
                "{} twice",
                g.id
            );
            let name = g.id.squawk_rule().unwrap_or(g.id.as_str());
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                g.id
            );
            for text in [g.title, g.checks, g.why, g.fix] {
                assert!(!text.trim().is_empty(), "{} lacks a text", g.id);
            }
            for (j, example) in g.examples.iter().enumerate() {
                assert!(!example.says.trim().is_empty(), "{} {}", g.id, example.name);
                assert!(
                    g.examples
                        .iter()
                        .skip(j + 1)
                        .all(|e| e.name != example.name),
                    "{} has two examples named {}",
                    g.id,
                    example.name
                );
            }
        }
    }

    #[test]
    fn the_table_without_functions_lists_every_gate_in_order() {
        let ids: Vec<GateId> = infos().map(|g| g.id).collect();
        let registered: Vec<GateId> = GATES.iter().map(|g| g.info.id).collect();
        assert_eq!(ids, registered);
        assert_eq!(ids, GateId::ALL, "GateId::ALL is not in display order");
        for g in GATES {
            let sql = matches!(g.check, Check::Sql(_) | Check::LockSafety(_));
            assert_eq!(reads_sql(g.info.id), sql, "{}", g.info.id);
            assert_eq!(gate(g.info.id), Some(&g.info));
        }
    }

    #[test]
    fn the_page_gets_every_gate_with_its_texts_in_order() {
        let rules = rule_infos();
        assert_eq!(rules.iter().map(|r| r.id).collect::<Vec<_>>(), GateId::ALL);
        for (rule, info) in rules.iter().zip(infos()) {
            assert_eq!(rule.title, info.title);
            assert_eq!(rule.why, info.why);
            assert_eq!(rule.reads_sql, reads_sql(info.id));
            assert_eq!(rule.examples.len(), info.examples.len());
            assert_eq!(rule.rule_page.is_some(), info.id.squawk_rule().is_some());
        }
    }

    #[test]
    fn the_self_audit_comes_first() {
        assert_eq!(infos().next().map(|g| g.id), Some(GateId::SelfAuditSafe));
    }

    /// The gate ids of the modules in `dir` (under `src/`): one file per gate, named
    /// as its id with `_` for `-`.
    fn module_ids(dir: &str) -> Vec<String> {
        let path = format!("{}/src/{dir}", env!("CARGO_MANIFEST_DIR"));
        let mut ids: Vec<String> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|name| name.strip_suffix(".rs").map(str::to_string))
            .filter(|name| name != "mod")
            .map(|name| name.replace('_', "-"))
            .collect();
        ids.sort();
        ids
    }

    fn registered(kind: fn(&Check) -> bool) -> Vec<String> {
        let mut ids: Vec<String> = GATES
            .iter()
            .filter(|g| kind(&g.check))
            .map(|g| g.info.id.to_string())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn every_gate_module_is_registered_once_with_its_kind() {
        let run = module_ids("run/gates");
        let sql = module_ids("sql/rules");
        assert!(!run.is_empty() && !sql.is_empty(), "no gate modules found");
        assert_eq!(run, registered(|c| matches!(c, Check::Run(_))));
        assert_eq!(sql, registered(|c| matches!(c, Check::Sql(_))));
        let reads = |id: &String| reads_sql(id.parse().unwrap());
        assert!(sql.iter().all(reads) && !run.iter().any(reads));
        // Squawk's rules have no module each: the curated list is their one place.
        let squawk: Vec<_> = GATES
            .iter()
            .filter_map(|g| match g.check {
                Check::LockSafety(rule) => Some((g.info, rule)),
                _ => None,
            })
            .collect();
        assert_eq!(squawk, lock::CURATED);
    }

    #[test]
    fn every_proof_module_is_registered_beside_its_sql_gate() {
        let helpers = ["apply", "catalog", "plan", "scaffold"];
        let proofs: Vec<String> = module_ids("proof")
            .into_iter()
            .filter(|id| !helpers.contains(&id.as_str()))
            .collect();
        let mut proved: Vec<String> = GATES
            .iter()
            .filter(|g| g.prove.is_some())
            .inspect(|g| assert!(matches!(g.check, Check::Sql(_)), "{}", g.info.id))
            .map(|g| g.info.id.to_string())
            .collect();
        proved.sort();
        assert!(!proofs.is_empty(), "no proof modules found");
        assert_eq!(proofs, proved);
    }
}
