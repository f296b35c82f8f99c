//! `expected-index`: every index the source database had exists: same table, same
//! columns in order, same uniqueness.

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::run::expectations::ExpectedIndex;
use crate::sql::expr_text::{self, ExprText};
use crate::sql::location::Span;
use crate::sql::model::{ConstraintKind, Index, Later, Schema};
use crate::sql::names::QName;
use crate::sql::predicate;

use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "missing-status-created-at",
        expect: Expect::Fires,
        says: "The expected index on payments (status, created_at) is not created.",
        input: Input::Seed(&[Edit::Replace {
            from: "CREATE INDEX \"payments_status_created_at_idx\" ON \"payments\" USING btree (\"status\",\"created_at\");--> statement-breakpoint\n",
            to: "",
        }]),
    },
    Example {
        name: "address-not-unique",
        expect: Expect::Fires,
        says: "The index on trezor_addresses (address), expected unique, is not.",
        input: Input::Seed(&[Edit::Replace {
            from: "CREATE UNIQUE INDEX \"trezor_addresses_address_idx\"",
            to: "CREATE INDEX \"trezor_addresses_address_idx\"",
        }]),
    },
    Example {
        name: "columns-reversed",
        expect: Expect::Fires,
        says: "The expected index on (status, created_at) is built on (created_at, status).",
        input: Input::Seed(&[Edit::Replace {
            from: "(\"status\",\"created_at\")",
            to: "(\"created_at\",\"status\")",
        }]),
    },
    Example {
        name: "renamed",
        expect: Expect::Passes,
        says: "The expected columns under another index name.",
        input: Input::Seed(&[Edit::Replace {
            from: "\"payments_status_created_at_idx\"",
            to: "\"payments_by_status_idx\"",
        }]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::ExpectedIndex,
    title: "Every source index exists",
    severity: Severity::Blocker,
    checks: "Checks that each index in `expectations.indexes` exists on the same table with \
             the same columns in the same order and the same uniqueness (a UNIQUE or \
             PRIMARY KEY constraint counts as a unique index). Blocker when the index is \
             unique or partial, else a warning. \
             The model follows CREATE/DROP INDEX, renames of columns and tables, and \
             drops of columns (which take their indexes along); an index without a name \
             gets PostgreSQL's name. Not verified, naming the statement, when a statement \
             touches the table in a way the model does not follow exactly: an ALTER TABLE \
             form it does not know, a renamed column used inside an expression, a DO \
             block whose handler may roll it back, an unqualified name under a \
             search_path of several schemas, a statement of a kind it does not follow.",
    why: "A lost unique index lets a payment be recorded twice; a lost plain index makes \
          the money queries slow.",
    examples: EXAMPLES,
    fix: "Create the expected index on the same table, with the same columns in the same order and the same uniqueness.",
    relates_to: &[
        "IDEMPOTENCY_INDEX_PRESERVATION",
        "FK-010",
        "IDEMPOTENCY_INDEX_REPRODUCTION_NOT_TESTED",
        "SCHEMA_AGENTS_INDEX_REPRODUCTION_NO_VERIFY",
    ],
};

/// An index as the gates compare it: a CREATE INDEX, or a UNIQUE / PRIMARY KEY constraint.
pub struct Candidate<'a> {
    pub name: String,
    pub columns: &'a [String],
    pub unique: bool,
    pub predicate: Option<&'a ExprText>,
    pub span: &'a Span,
}

fn candidates<'a>(schema: &'a Schema, table: &QName) -> Vec<Candidate<'a>> {
    let mut out: Vec<Candidate> = schema
        .indexes
        .iter()
        .filter(|i| &i.table == table)
        .map(|i| Candidate {
            name: i
                .name
                .clone()
                .unwrap_or_else(|| format!("unnamed index on {table}")),
            columns: &i.columns,
            unique: i.unique,
            predicate: i.predicate.as_ref(),
            span: &i.span,
        })
        .collect();
    if let Some(t) = schema.table(table) {
        for c in &t.constraints {
            let (ConstraintKind::Unique { columns } | ConstraintKind::PrimaryKey { columns }) =
                &c.kind
            else {
                continue;
            };
            out.push(Candidate {
                name: c
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("unnamed constraint on {table}")),
                columns,
                unique: true,
                predicate: None,
                span: &c.span,
            });
        }
    }
    out
}

/// The index that best answers an expectation: same columns and uniqueness, preferring
/// one whose predicate is the expected one (or absent when none is expected).
pub fn find<'a>(schema: &'a Schema, expected: &ExpectedIndex) -> Option<Candidate<'a>> {
    let table = QName::from_expectation(&expected.table);
    let wanted = expected
        .predicate
        .as_deref()
        .and_then(|p| predicate::parse(p).ok())
        .map(|p| predicate::terms(&p));
    let mut matching: Vec<Candidate> = candidates(schema, &table)
        .into_iter()
        .filter(|c| c.unique == expected.unique && c.columns == expected.columns.as_slice())
        .collect();
    let same_predicate = matching.iter().position(|c| match (&wanted, c.predicate) {
        // A predicate that does not parse back matches nothing.
        (Some(w), Some(have)) => {
            expr_text::parse(have).is_ok_and(|have| *w == predicate::terms(&have))
        }
        (None, None) => expected.predicate.is_none(),
        _ => false,
    });
    match same_predicate {
        Some(at) => Some(matching.swap_remove(at)),
        None => matching.into_iter().next(),
    }
}

pub fn describe(expected: &ExpectedIndex) -> String {
    let kind = if expected.unique {
        "unique index"
    } else {
        "index"
    };
    format!(
        "{kind} on {} ({})",
        expected.table,
        expected.columns.join(", ")
    )
}

/// The index like the expected one that was there until a later statement dropped it,
/// with that statement: what to change.
pub fn dropped<'a>(schema: &'a Schema, expected: &ExpectedIndex) -> Option<&'a (Index, Later)> {
    let table = QName::from_expectation(&expected.table);
    schema.dropped_indexes.iter().find(|(i, _)| {
        i.table == table
            && i.unique == expected.unique
            && i.columns.iter().eq(expected.columns.iter())
    })
}

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let Some(indexes) = ctx.expectations.and_then(|e| e.indexes.as_ref()) else {
        return vec![SqlResult::not_reported(&INFO, "indexes")];
    };
    indexes
        .iter()
        .map(|expected| {
            let severity = if expected.unique || expected.predicate.is_some() {
                Severity::Blocker
            } else {
                Severity::Warning
            };
            let table = QName::from_expectation(&expected.table);
            let all = candidates(ctx.schema, &table);
            let mut depends: Vec<String> = all.iter().map(|c| c.name.clone()).collect();
            depends.push(table.name.clone());
            match find(ctx.schema, expected) {
                Some(found) => SqlResult::new(
                    &INFO,
                    Status::Pass,
                    format!("{}: {} exists", found.name, describe(expected)),
                )
                .severity(severity)
                .relates_to(&expected.relates_to)
                .at(&[found.span])
                .depends_on(depends),
                None => {
                    let near: Vec<String> = all
                        .iter()
                        .filter(|c| {
                            c.columns.first() == expected.columns.first()
                                || c.columns.iter().eq(expected.columns.iter().rev())
                        })
                        .map(|c| {
                            let kind = if c.unique { "unique" } else { "not unique" };
                            format!("{} is on ({}), {kind}", c.name, c.columns.join(", "))
                        })
                        .collect();
                    let mut message = format!("missing {}", describe(expected));
                    if !near.is_empty() {
                        message = format!("{message} ({})", near.join("; "));
                    }
                    let dropped = dropped(ctx.schema, expected);
                    let fix = match dropped {
                        Some((index, later)) => {
                            message = format!(
                                "{message}; {} is dropped by {}",
                                index.name.as_deref().unwrap_or("the index"),
                                later.cited(),
                            );
                            format!("Remove {}.", later.cited())
                        }
                        None => format!("Create the {}.", describe(expected)),
                    };
                    let table_span = ctx.schema.table(&table).map(|t| &t.span);
                    let spans: Vec<&Span> = dropped
                        .map(|(_, later)| &later.span)
                        .into_iter()
                        .chain(table_span)
                        .collect();
                    SqlResult::new(&INFO, Status::Fail, message)
                        .severity(severity)
                        .relates_to(&expected.relates_to)
                        .at(&spans)
                        .depends_on(depends)
                        .fix(fix)
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::{expectations, first_line, results, statuses};

    const TABLE: &str = "CREATE TABLE p (a int, b int, c int);";

    fn e(unique: bool, columns: &str) -> crate::run::expectations::Expectations {
        expectations(&format!(
            r#"{{"indexes":[{{"table":"p","columns":{columns},"unique":{unique}}}]}}"#
        ))
    }

    #[test]
    fn same_columns_in_order_and_uniqueness_pass() {
        let sql = format!("{TABLE} CREATE UNIQUE INDEX p_ab ON \"p\" USING btree (\"a\", \"b\");");
        assert_eq!(
            statuses(&sql, &e(true, r#"["a","b"]"#), INFO.id),
            [Status::Pass]
        );
    }

    #[test]
    fn unique_constraints_count_as_unique_indexes() {
        let sql = "CREATE TABLE p (a int, CONSTRAINT p_a UNIQUE (a));";
        assert_eq!(statuses(sql, &e(true, r#"["a"]"#), INFO.id), [Status::Pass]);
    }

    #[test]
    fn wrong_order_fails() {
        let sql = format!("{TABLE} CREATE UNIQUE INDEX p_ba ON p (b, a);");
        let r = results(&sql, Some(&e(true, r#"["a","b"]"#)), INFO.id);
        assert_eq!(
            (r[0].status, r[0].severity),
            (Status::Fail, Severity::Blocker)
        );
        assert!(
            r[0].message.contains("p_ba is on (b, a)"),
            "{}",
            r[0].message
        );
        assert_eq!(
            r[0].fix.as_deref(),
            Some("Create the unique index on p (a, b).")
        );
    }

    #[test]
    fn wrong_uniqueness_fails_either_way() {
        let plain = format!("{TABLE} CREATE INDEX p_a ON p (a);");
        assert_eq!(
            statuses(&plain, &e(true, r#"["a"]"#), INFO.id),
            [Status::Fail]
        );
        let unique = format!("{TABLE} CREATE UNIQUE INDEX p_a ON p (a);");
        let r = results(&unique, Some(&e(false, r#"["a"]"#)), INFO.id);
        assert_eq!(
            (r[0].status, r[0].severity),
            (Status::Fail, Severity::Warning)
        );
    }

    #[test]
    fn dropped_index_is_missing_and_the_drop_is_the_evidence_and_the_fix() {
        let sql = format!("{TABLE}\nCREATE INDEX p_a ON p (a);\nDROP INDEX p_a;");
        let r = results(&sql, Some(&e(false, r#"["a"]"#)), INFO.id);
        assert_eq!(r[0].status, Status::Fail);
        assert_eq!(first_line(&r[0]), Some(3), "{:?}", r[0].evidence);
        assert!(
            r[0].message
                .ends_with("; p_a is dropped by `DROP INDEX p_a` at m.sql:3"),
            "{}",
            r[0].message
        );
        assert_eq!(
            r[0].fix.as_deref(),
            Some("Remove `DROP INDEX p_a` at m.sql:3.")
        );
        // Made again after the drop: nothing to blame.
        let again = format!("{sql}\nCREATE INDEX p_a ON p (a);");
        assert_eq!(
            statuses(&again, &e(false, r#"["a"]"#), INFO.id),
            [Status::Pass]
        );
    }

    #[test]
    fn an_unparsed_statement_on_the_table_makes_it_not_verified() {
        let sql =
            format!("{TABLE} CREATE INDEX p_a ON p (a); DROP INDEX CONCURRENTLY IF EXISTS p_a;");
        assert_eq!(
            statuses(&sql, &e(false, r#"["a"]"#), INFO.id),
            [Status::NotVerified]
        );
    }

    #[test]
    fn no_list_is_not_reported() {
        let r = results(TABLE, Some(&expectations("{}")), INFO.id);
        assert_eq!(
            r.iter().map(|g| g.status).collect::<Vec<_>>(),
            [Status::NotReported]
        );
    }
}
