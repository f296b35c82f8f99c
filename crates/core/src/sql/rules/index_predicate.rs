//! `index-predicate`: a partial index carries the expected predicate, compared as logic.

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{Detail, GateId, GateInfo, Severity, Status};
use crate::sql::expected_found::predicate_terms;
use crate::sql::expr_text;
use crate::sql::names::QName;
use crate::sql::predicate;

use super::expected_index::{describe, dropped, find};
use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "lacks-status",
        expect: Expect::Fires,
        says: "The idempotency index loses its `status = 'pending'` term, so it constrains every status.",
        input: Input::Seed(&[Edit::Replace {
            from: " AND \"payments\".\"status\" = \'pending\'",
            to: "",
        }]),
    },
    Example {
        name: "reordered-with-casts",
        expect: Expect::Passes,
        says: "The same terms in another order, one reversed, with casts PostgreSQL accepts.",
        input: Input::Seed(&[Edit::Replace {
            from: "WHERE \"payments\".\"provider\" = \'request.network\' AND \"payments\".\"direction\" = \'in\' AND \"payments\".\"status\" = \'pending\'",
            to: "WHERE (status = \'pending\'::payment_status) AND (\'in\' = \"payments\".direction) AND ((provider)::text = \'request.network\'::text)",
        }]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::IndexPredicate,
    title: "Partial indexes keep their predicate",
    severity: Severity::Blocker,
    checks: "Checks that the index found for each expected index carries the expected \
             `where`, compared as a set of AND terms: order, parentheses, quoting, table \
             qualifiers and casts such as `'pending'::text` do not matter; a missing, extra \
             or different term does, and the message names it. \
             The model follows the predicate through column renames only when no renamed \
             column appears in it (else the table is unfollowed); `IN` and `= ANY \
             (ARRAY[...])` read alike. Not verified, naming the statement, when a \
             statement touches the table in a way the model does not follow exactly: an \
             ALTER TABLE form it does not know, a renamed column used inside an \
             expression, a DO block whose handler may roll it back, an unqualified name \
             under a search_path of several schemas, a statement of a kind it does not follow.",
    why: "A partial unique index without one of its terms rejects legitimate payments (too \
          strict) or lets duplicates through (too loose).",
    examples: EXAMPLES,
    fix: "Give the index exactly the expected WHERE terms: add the missing ones, drop the extra ones.",
    relates_to: &[
        "IDEMPOTENCY_INDEX_PRESERVATION",
        "FK-010",
        "IDEMPOTENCY_INDEX_REPRODUCTION_NOT_TESTED",
        "SCHEMA_AGENTS_INDEX_REPRODUCTION_NO_VERIFY",
    ],
};

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let Some(indexes) = ctx.expectations.and_then(|e| e.indexes.as_ref()) else {
        return vec![SqlResult::not_reported(&INFO, "indexes")];
    };
    let mut out = Vec::new();
    for expected in indexes {
        let found = find(ctx.schema, expected);
        let has_predicate = found.as_ref().is_some_and(|f| f.predicate.is_some());
        if expected.predicate.is_none() && !has_predicate {
            continue;
        }
        let table = QName::from_expectation(&expected.table);
        let mut depends = vec![table.name.clone()];
        let result = |status,
                      message: String,
                      spans: &[&crate::sql::location::Span],
                      depends: Vec<String>| {
            SqlResult::new(&INFO, status, message)
                .relates_to(&expected.relates_to)
                .at(spans)
                .depends_on(depends)
        };
        let Some(found) = found else {
            let mut message = format!(
                "missing {}: its predicate is not in place",
                describe(expected)
            );
            // Dropped by a later statement: that statement is what to change.
            let (spans, fix) = match dropped(ctx.schema, expected) {
                Some((index, later)) => {
                    message = format!(
                        "{message}; {} is dropped by {}",
                        index.name.as_deref().unwrap_or("the index"),
                        later.cited()
                    );
                    (vec![&later.span], format!("Remove {}.", later.cited()))
                }
                None => {
                    let wanted = expected.predicate.as_deref().unwrap_or_default();
                    let fix = format!("Create the {} WHERE {wanted}.", describe(expected));
                    (Vec::new(), fix)
                }
            };
            out.push(result(Status::Fail, message, &spans, depends).fix(fix));
            continue;
        };
        depends.push(found.name.clone());
        let Some(wanted_text) = &expected.predicate else {
            let have = found.predicate.map(|p| p.to_string()).unwrap_or_default();
            out.push(
                result(
                    Status::Fail,
                    format!(
                        "{}: the index is partial (WHERE {have}) but the source index had no filter",
                        found.name
                    ),
                    &[found.span],
                    depends,
                )
                .fix(format!("Remove `WHERE {have}` from {}.", found.name)),
            );
            continue;
        };
        let wanted = match predicate::parse(wanted_text) {
            Ok(wanted) => wanted,
            Err(error) => {
                out.push(result(
                    Status::NotVerified,
                    format!(
                        "{}: the expected predicate `{wanted_text}` does not parse: {error}",
                        found.name
                    ),
                    &[found.span],
                    Vec::new(),
                ));
                continue;
            }
        };
        let have = match found.predicate.map(expr_text::parse).transpose() {
            Ok(have) => have,
            Err(error) => {
                out.push(result(
                    Status::NotVerified,
                    format!("{}: {error}", found.name),
                    &[found.span],
                    depends,
                ));
                continue;
            }
        };
        let diff = predicate::compare(&wanted, have.as_ref());
        // The terms to add and to remove, named, for the fix.
        let mut changes = Vec::new();
        if !diff.lacking.is_empty() {
            changes.push(format!("add {}", diff.lacking.join(" AND ")));
        }
        if !diff.extra.is_empty() {
            changes.push(format!("remove {}", diff.extra.join(", ")));
        }
        let fix = format!("In the WHERE of {}: {}.", found.name, changes.join("; "));
        let mut problems = Vec::new();
        if have.is_none() {
            problems.push("the index has no predicate".to_string());
        } else {
            problems.extend(
                diff.lacking
                    .iter()
                    .map(|t| format!("the predicate lacks {t}")),
            );
        }
        problems.extend(
            diff.extra
                .iter()
                .map(|t| format!("the predicate has the extra term {t}")),
        );
        let (status, message) = if problems.is_empty() {
            (
                Status::Pass,
                format!("{}: the predicate is {wanted_text}", found.name),
            )
        } else if let Some(construct) =
            predicate::unmodelled(&wanted).or_else(|| have.as_ref().and_then(predicate::unmodelled))
        {
            (
                Status::NotVerified,
                format!(
                    "{}: {}; the predicates use {construct}, which the comparison does not \
                     model, so they may still mean the same",
                    found.name,
                    problems.join("; ")
                ),
            )
        } else {
            (
                Status::Fail,
                format!("{}: {}", found.name, problems.join("; ")),
            )
        };
        let terms = predicate_terms(&found.name, &wanted, have.as_ref());
        let result =
            result(status, message, &[found.span], depends).detail(Detail::PredicateTerms(terms));
        out.push(match status {
            Status::Fail => result.fix(fix),
            _ => result,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_written_with_a_function_is_not_verified_never_a_failure() {
        let sql = "CREATE TABLE payments (provider text, direction text, status text, external_ref text);\n\
                   CREATE UNIQUE INDEX payments_rn_idempotency_idx ON payments (provider, external_ref) \
                   WHERE provider = 'request.network' AND direction = 'in' AND lower(status) = 'pending';";
        let r = results(sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::NotVerified, "{}", r[0].message);
        assert!(r[0].message.contains("lower()"), "{}", r[0].message);
    }
    use crate::sql::rules::test_support::{
        expectations, first_line, results, run_on, schema, statuses, unparsable,
    };

    const TABLE: &str =
        "CREATE TABLE payments (provider text, external_ref text, direction text, status text);\n";

    fn e() -> crate::run::expectations::Expectations {
        expectations(
            r#"{"indexes":[{"table":"payments","columns":["provider","external_ref"],"unique":true,
            "where":"provider = 'request.network' AND direction = 'in' AND status = 'pending'"}]}"#,
        )
    }

    #[test]
    fn reordered_predicate_with_casts_passes() {
        let sql = format!(
            "{TABLE}CREATE UNIQUE INDEX payments_rn_idempotency_idx ON payments (provider, external_ref) \
             WHERE ((status)::text = 'pending'::text) AND \"payments\".\"direction\" = 'in' AND ('request.network' = provider::text);"
        );
        assert_eq!(statuses(&sql, &e(), INFO.id), [Status::Pass]);
    }

    #[test]
    fn a_predicate_lacking_a_term_fails_and_names_it() {
        let sql = format!(
            "{TABLE}CREATE UNIQUE INDEX payments_rn_idempotency_idx ON payments (provider, external_ref) \
             WHERE provider = 'request.network' AND direction = 'in';"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::Fail);
        assert_eq!(
            r[0].message,
            "payments_rn_idempotency_idx: the predicate lacks status = 'pending'"
        );
        assert_eq!(
            r[0].fix.as_deref(),
            Some("In the WHERE of payments_rn_idempotency_idx: add status = 'pending'.")
        );
        assert_eq!(
            r[0].evidence,
            [crate::gate::Evidence::Sql {
                file: "m.sql".into(),
                line: 2,
                column: 1
            }]
        );
    }

    #[test]
    fn a_different_or_extra_term_fails() {
        let sql = format!(
            "{TABLE}CREATE UNIQUE INDEX i ON payments (provider, external_ref) \
             WHERE provider = 'request.network' AND direction = 'out' AND status = 'pending';"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert!(
            r[0].message.contains("lacks direction = 'in'")
                && r[0].message.contains("extra term direction = 'out'")
        );
        assert_eq!(
            r[0].fix.as_deref(),
            Some("In the WHERE of i: add direction = 'in'; remove direction = 'out'.")
        );
    }

    #[test]
    fn an_index_dropped_later_is_blamed_on_the_drop() {
        let sql = format!(
            "{TABLE}CREATE UNIQUE INDEX i ON payments (provider, external_ref) \
             WHERE provider = 'request.network' AND direction = 'in' AND status = 'pending';\n\
             DROP INDEX i;"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::Fail);
        assert!(
            r[0].message
                .ends_with("i is dropped by `DROP INDEX i` at m.sql:3"),
            "{}",
            r[0].message
        );
        assert_eq!(first_line(&r[0]), Some(3), "{:?}", r[0].evidence);
        assert_eq!(
            r[0].fix.as_deref(),
            Some("Remove `DROP INDEX i` at m.sql:3.")
        );
        // Never made at all: the fix is the whole index.
        let r = results(TABLE, Some(&e()), INFO.id);
        assert_eq!(
            r[0].fix.as_deref(),
            Some(
                "Create the unique index on payments (provider, external_ref) WHERE \
                 provider = 'request.network' AND direction = 'in' AND status = 'pending'."
            )
        );
    }

    #[test]
    fn a_full_index_where_a_partial_one_is_expected_fails() {
        let sql = format!("{TABLE}CREATE UNIQUE INDEX i ON payments (provider, external_ref);");
        let r = results(&sql, Some(&e()), INFO.id);
        assert!(r[0].status == Status::Fail && r[0].message.contains("no predicate"));
    }

    #[test]
    fn a_partial_index_where_none_was_expected_fails() {
        let e = expectations(r#"{"indexes":[{"table":"payments","columns":["status"]}]}"#);
        let sql = format!("{TABLE}CREATE INDEX i ON payments (status) WHERE status = 'pending';");
        assert_eq!(statuses(&sql, &e, INFO.id), [Status::Fail]);
        let sql = format!("{TABLE}CREATE INDEX i ON payments (status);");
        assert!(statuses(&sql, &e, INFO.id).is_empty());
    }

    #[test]
    fn a_found_predicate_that_does_not_parse_back_is_not_verified() {
        let mut schema = schema(&format!(
            "{TABLE}CREATE UNIQUE INDEX i ON payments (provider, external_ref) WHERE status = 'pending';"
        ));
        schema.indexes[0].predicate = Some(unparsable());
        let r = run_on(check, &schema, &e());
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status, Status::NotVerified);
        assert!(
            r[0].message.contains("does not parse back"),
            "{}",
            r[0].message
        );
        assert_eq!(r[0].detail, None, "no terms are shown for it");
    }
}
