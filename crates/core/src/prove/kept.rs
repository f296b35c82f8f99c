//! Gate `data-kept` in PostgreSQL: after the baseline, the proof fills every table the
//! baseline made with scaffold rows and reads them back (the plan's `scaffold`); after
//! the migration a probe per table reads them again; the two readings are compared here
//! (`compare`), by primary key, or as multisets of rows for a table without one.
//!
//! Both readings are the same two queries, word for word: the table's columns from the
//! catalog (name, type through a domain, place in the primary key) and each row as
//! `to_jsonb` gives its values, as text. They run with `pg_catalog` first on the
//! search_path and name every function `pg_catalog.`: the baseline and the migration
//! ran in this session and may have put functions or operators of their own first.

mod compare;

use crate::gate::{ChangedRows, DecidedBy, Detail, GateId, GateResult, Proof, ProofResult, Status};
use crate::proof::scaffold::{CONSTRAINTS_NOW, enum_labels, insert, literal, sample, table_name};
use crate::proof::{Answer, Executed, Plan, Probe, Unprovable};
use crate::review::Review;
use crate::run::expectations::{Expectations, MixedId};
use crate::sql::model::{ConstraintKind, Schema, Table};
use crate::sql::names::QName;
use crate::sql::rules::data_kept::NEEDS_POSTGRES;

pub use compare::Snapshot;
use compare::{Compared, compare};

const HOW: &str = "filled the baseline's tables with scaffold rows after the baseline, read \
                   them before the migration and again after it, and compared them row by row";

/// The search_path every reading runs under (`prove::catalog` reads the same way).
const READ_SAFELY: &str = "SET LOCAL search_path = pg_catalog, pg_temp";

/// The first scaffold row's number: far from the numbers other probes' rows take, so
/// they never collide with the rows already there.
const FIRST_ROW: u32 = 9001;

/// At least this many rows per table; more where an enum or a mixed-id table has more
/// values to cover.
const ROWS: usize = 3;

/// Adds the scaffold and a probe per `data-kept` result to `plan`. `unreadable` names a
/// file that could not be read, if one could not: nothing is proved then.
pub fn plan(review: &Review, plan: &mut Plan, unreadable: Option<&str>) {
    let results: Vec<usize> = (review.gates.iter().enumerate())
        .filter(|(_, g)| g.id == GateId::DataKept)
        .map(|(i, _)| i)
        .collect();
    if results.is_empty() {
        return;
    }
    let mut before = Schema::default();
    let applied = crate::recheck::baseline::apply(&review.baseline_files, &mut before);
    let tables: Vec<&QName> = before.tables.keys().collect();
    // After the tables' results come those for baseline statements the model could not
    // read (`data_kept::check`): no probe can prove them, so they stay as they are.
    let unread = applied.parsing.unparsed.len();
    let why = match unreadable {
        Some(path) => Some(format!(
            "{path} could not be read, so the migration cannot be run as a whole"
        )),
        None if tables.len() + unread != results.len() => Some(format!(
            "{} tables and {unread} unread statements in the baseline for {} results: they \
             cannot be paired with probes",
            tables.len(),
            results.len()
        )),
        None if plan.migration.is_empty() => Some("the migration has no statement".to_string()),
        None => None,
    };
    if let Some(why) = why {
        plan.unprovable
            .extend(results.into_iter().map(|result| Unprovable {
                result,
                why: why.clone(),
            }));
        return;
    }
    let expectations = review
        .run()
        .and_then(|run| run.expectations.clone())
        .unwrap_or_default();
    plan.scaffold.push(CONSTRAINTS_NOW.to_string());
    // As many rows in every table, so each child row finds its parent's.
    let count = (before.tables.values())
        .map(|table| needed(&before, &expectations, table))
        .max()
        .unwrap_or(ROWS);
    for table in parents_first(&before) {
        plan.scaffold
            .extend(rows(&before, &expectations, table, count));
    }
    plan.scaffold.push(READ_SAFELY.to_string());
    for (result, table) in results.into_iter().zip(tables) {
        let reads = reads(table);
        plan.scaffold.extend(reads.iter().cloned());
        plan.probes.push(Probe {
            gate: GateId::DataKept,
            subject: table.to_string(),
            result,
            steps: std::iter::once(READ_SAFELY.to_string())
                .chain(reads)
                .collect(),
        });
    }
}

/// The tables with every table a foreign key of theirs refers to before them, so a
/// scaffold row finds its parent's; a cycle is broken in name order.
fn parents_first(schema: &Schema) -> Vec<&Table> {
    let mut left: Vec<&Table> = schema.tables.values().collect();
    let mut out: Vec<&Table> = Vec::new();
    while !left.is_empty() {
        let waits = |table: &Table, left: &[&Table]| {
            table.constraints.iter().any(|c| match &c.kind {
                ConstraintKind::ForeignKey { references, .. } => {
                    references != &table.name && left.iter().any(|t| &t.name == references)
                }
                _ => false,
            })
        };
        let ready = left
            .iter()
            .position(|t| !waits(t, &left))
            .unwrap_or_default();
        out.push(left.remove(ready));
    }
    out
}

/// The mixed-id expectation of the table, if it has one.
fn mixed_id<'a>(expectations: &'a Expectations, table: &Table) -> Option<&'a MixedId> {
    expectations
        .mixed_ids
        .iter()
        .flatten()
        .find(|m| QName::from_expectation(&m.table) == table.name)
}

/// How many rows cover every label of the table's enums and every mixed-id variant.
fn needed(schema: &Schema, expectations: &Expectations, table: &Table) -> usize {
    let variants = mixed_id(expectations, table).map_or(0, |m| m.variants.len());
    (table.columns.iter())
        .filter_map(|c| enum_labels(schema, &c.data_type).map(<[String]>::len))
        .chain([variants, ROWS])
        .max()
        .unwrap_or(ROWS)
}

/// The scaffold's `count` INSERTs for one table: row `i` is number `FIRST_ROW + i`, so
/// a child's foreign key takes the value its parent's key took in the same row. Every
/// enum value and mixed-id variant comes in turn; numbers get many decimal places, so
/// a narrowing or rounding type shows; nullable columns are NULL in every other row,
/// so a default filled into them shows. A row the model cannot write is left out.
fn rows(schema: &Schema, expectations: &Expectations, table: &Table, count: usize) -> Vec<String> {
    let mixed = mixed_id(expectations, table);
    let variants: Vec<(&String, &String)> = mixed.iter().flat_map(|m| &m.variants).collect();
    let keys: Vec<&String> = (table.constraints.iter())
        .filter(|c| {
            matches!(
                c.kind,
                ConstraintKind::PrimaryKey { .. } | ConstraintKind::ForeignKey { .. }
            )
        })
        .flat_map(|c| c.kind.columns())
        .collect();
    (0..count)
        .filter_map(|i| {
            let n = FIRST_ROW + i as u32;
            let filled = i % 2 == 1;
            let mut set: Vec<(String, Option<String>)> = Vec::new();
            for column in table.columns.iter() {
                let generated =
                    (column.default.as_deref()).is_some_and(|d| d.starts_with("generated as"));
                let required = column.not_null && column.default.is_none();
                let value = if generated {
                    None
                } else if let Some(labels) = enum_labels(schema, &column.data_type) {
                    labels.get(i % labels.len().max(1)).map(|l| literal(l))
                } else if keys.contains(&&column.name) || (required || filled) {
                    Some(value(schema, &column.data_type, n))
                } else {
                    None
                };
                set.extend(value.map(|v| (column.name.clone(), Some(v))));
            }
            if let (Some(mixed), Some((kind, owner))) =
                (mixed, variants.get(i % variants.len().max(1)))
            {
                for (_, column) in &variants {
                    set.retain(|(c, _)| c != *column);
                    set.push((column.to_string(), None));
                }
                set.retain(|(c, _)| c != &mixed.discriminator && c != *owner);
                let owner_type = table.column(owner).map(|c| c.data_type.as_str());
                set.push((mixed.discriminator.clone(), Some(literal(kind))));
                set.push((
                    owner.to_string(),
                    Some(sample(schema, owner_type.unwrap_or_default(), n)),
                ));
            }
            insert(schema, expectations, &table.name, n, &set).ok()
        })
        .collect()
}

/// A sample of the type; for a number, one with more decimal places than money
/// usually keeps (`9001.567890123456789`), different in each row.
fn value(schema: &Schema, data_type: &str, n: u32) -> String {
    if compare::is_number_type(data_type) && !is_integer(data_type) {
        literal(&format!("{n}.567890123456789"))
    } else {
        sample(schema, data_type, n)
    }
}

fn is_integer(data_type: &str) -> bool {
    let lower = data_type.to_lowercase();
    ["int", "serial"].iter().any(|w| lower.contains(w))
}

/// The two readings of a table, before the migration and after: its columns, then its
/// rows.
fn reads(table: &QName) -> [String; 2] {
    let name = literal(&table_name(table));
    [
        format!(
            "SELECT a.attname::pg_catalog.text, \
               pg_catalog.format_type(CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END, \
                 CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END), \
               (SELECT k.n::pg_catalog.text FROM pg_catalog.pg_index i, \
                  pg_catalog.unnest(i.indkey::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, n) \
                WHERE i.indrelid = a.attrelid AND i.indisprimary AND k.attnum = a.attnum) \
             FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid \
             WHERE a.attrelid = pg_catalog.to_regclass({name}) AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attnum"
        ),
        format!(
            "SELECT (SELECT pg_catalog.jsonb_object_agg(e.key, e.value) \
               FROM pg_catalog.jsonb_each_text(pg_catalog.to_jsonb(r)) AS e)::pg_catalog.text \
             FROM {} AS r",
            table_name(table)
        ),
    ]
}

/// Settles each `data-kept` result that has a probe: the proof is the only evidence
/// there is, so it decides the status either way. `failed` says why the baseline or
/// the migration did not apply, if one did not. A pass stays not verified where the
/// migration runs code the re-check did not read (`prove::catalog::runs_unread_code`).
pub fn apply(review: &mut Review, plan: &Plan, executed: &Executed, failed: Option<&str>) {
    let expectations = review
        .run()
        .and_then(|run| run.expectations.clone())
        .unwrap_or_default();
    let may_pass = !super::catalog::runs_unread_code(review);
    for (i, probe) in plan.probes.iter().enumerate() {
        if probe.gate != GateId::DataKept {
            continue;
        }
        let judged = match failed {
            Some(why) => Err(why.to_string()),
            None => judge(plan, executed, i, probe, &expectations),
        };
        if let Some(result) = review.gates.get_mut(probe.result) {
            settle(result, &probe.subject, judged, &executed.engine, may_pass);
        }
    }
}

fn settle(
    result: &mut GateResult,
    table: &str,
    judged: Result<Compared, String>,
    engine: &str,
    may_pass: bool,
) {
    let (proof, status, message) = match judged {
        Err(why) => (
            ProofResult::Inconclusive,
            Status::NotVerified,
            format!("{table}: {why}"),
        ),
        Ok(compared) => {
            let message = compared.message(table);
            if !compared.changed.is_empty() {
                result.detail = Some(Detail::ChangedRows(ChangedRows {
                    table: table.to_string(),
                    rows: compared.changed.clone(),
                }));
            }
            if compared.fails() {
                (ProofResult::Refuted, Status::Fail, message)
            } else if may_pass {
                (ProofResult::Confirmed, Status::Pass, message)
            } else {
                let held = format!(
                    "{message} (not taken: the migration runs code the re-check did not \
                     read, which could change how the rows read)"
                );
                (ProofResult::Inconclusive, Status::NotVerified, held)
            }
        }
    };
    result.status = status;
    result.message = message.clone();
    result.unverified.clear();
    result.proof = Some(Proof {
        engine: engine.to_string(),
        result: proof,
        how: HOW.to_string(),
        observed: message,
        catalog: None,
        decided_by: match proof {
            ProofResult::Inconclusive => DecidedBy::StaticCheck,
            _ => DecidedBy::Behaviour,
        },
    });
}

/// The two readings of the table of probe `index`, compared; `Err` says why they
/// cannot be.
fn judge(
    plan: &Plan,
    executed: &Executed,
    index: usize,
    probe: &Probe,
    expectations: &Expectations,
) -> Result<Compared, String> {
    let commit = executed
        .scaffold
        .get(plan.scaffold.len())
        .ok_or_else(|| "the scaffold rows were not put in".to_string())?;
    if !commit.ok {
        return Err(format!(
            "the scaffold rows were not committed: {}",
            commit.said()
        ));
    }
    let before_at = |step: usize| {
        let sql = probe.steps.get(step)?;
        let at = plan.scaffold.iter().position(|s| s == sql)?;
        executed.scaffold.get(at)
    };
    let (Some(columns), Some(rows)) = (before_at(1), before_at(2)) else {
        return Err("the scaffold has no reading of this table".to_string());
    };
    let before = Snapshot::read(columns, rows)
        .map_err(|why| format!("the rows before the migration could not be read: {why}"))?;
    let table = QName::from_expectation(&probe.subject);
    let inserts: Vec<&Answer> = plan
        .scaffold
        .iter()
        .zip(&executed.scaffold)
        .filter(|(sql, _)| is_insert_into(sql, &table))
        .map(|(_, answer)| answer)
        .collect();
    let refused: Vec<&Answer> = inserts.iter().copied().filter(|a| !a.ok).collect();
    if before.rows.is_empty() {
        let why = match refused.first() {
            Some(first) => format!(
                "no scaffold row went in: PostgreSQL refused all {} (the first: {})",
                refused.len(),
                first.said()
            ),
            None => "no scaffold row went in".to_string(),
        };
        return Err(format!(
            "{why}, so there is nothing to compare; {NEEDS_POSTGRES}"
        ));
    }
    let after = executed
        .probes
        .get(index)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let after = match after {
        [_, columns, rows] => match Snapshot::read(columns, rows) {
            Ok(snapshot) => Some(snapshot),
            // The table is not there any more: every row is gone.
            Err(_) if rows.refused_with("42P01") => None,
            Err(why) => {
                return Err(format!(
                    "the rows after the migration could not be read: {why}"
                ));
            }
        },
        _ => return Err("the rows after the migration were not read".to_string()),
    };
    let declared: Vec<_> = expectations
        .changes
        .iter()
        .flatten()
        .filter(|c| QName::from_expectation(&c.table) == table)
        .collect();
    let mut compared = compare(&before, after.as_ref(), &declared);
    compared.refused = refused.len();
    compared.first_refused = refused.first().map(|a| a.said());
    Ok(compared)
}

fn is_insert_into(sql: &str, table: &QName) -> bool {
    sql.strip_prefix("INSERT INTO ")
        .and_then(|rest| rest.strip_prefix(&table_name(table)))
        .is_some_and(|rest| rest.starts_with(' '))
}

#[cfg(test)]
mod tests;
