//! `mixed-id-check`: a CHECK ties a polymorphic reference's discriminator to exactly one
//! variant column per value.

use crate::examples::{Edit, Example, Expect, Input};
use std::collections::{BTreeMap, BTreeSet};

use sqlparser::ast::{Expr, Value};

use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::run::expectations::MixedId;
use crate::sql::expr_text;
use crate::sql::model::{Constraint, ConstraintKind, Later, Table};
use crate::sql::names::QName;
use crate::sql::predicate::{self, canonical, column_name, conjuncts, disjuncts, equality, strip};

use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "user-branch-leaves-offer-free",
        expect: Expect::Fires,
        says: "The check's user branch no longer requires owner_offer_id to be null: a row can name a user and an offer.",
        input: Input::Seed(&[Edit::Replace {
            from: "\"owner_user_id\" IS NOT NULL AND \"ledger_entries\".\"owner_offer_id\" IS NULL AND ",
            to: "\"owner_user_id\" IS NOT NULL AND ",
        }]),
    },
    Example {
        name: "added-in-do-block",
        expect: Expect::Passes,
        says: "The same check added by ALTER TABLE inside a DO block that ignores a duplicate, as older drizzle-kit writes it.",
        input: Input::Seed(&[
            Edit::Replace {
                from: ",\n\tCONSTRAINT \"ledger_entries_owner_mixed_id\" CHECK (",
                to: "\n);\n--> statement-breakpoint\nDO $$ BEGIN\n ALTER TABLE \"ledger_entries\" ADD CONSTRAINT \"ledger_entries_owner_mixed_id\" CHECK (",
            },
            Edit::Replace {
                from: ")\n);\n--> statement-breakpoint\nCREATE TABLE \"trezor_accounts\"",
                to: ");\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\n--> statement-breakpoint\nCREATE TABLE \"trezor_accounts\"",
            },
        ]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::MixedIdCheck,
    title: "Polymorphic references are tied by a CHECK",
    severity: Severity::Blocker,
    checks: "Checks that a CHECK constraint on the table (inline, table-level or added by \
             ALTER TABLE, also inside a DO block) is a disjunction whose every branch fixes \
             the discriminator to one value, requires that value's column to be NOT NULL \
             and every other variant column to be NULL, with a branch for every value; and \
             that the discriminator is NOT NULL (a NULL discriminator makes every branch \
             NULL, which a CHECK lets through). \
             A one-item `IN` list and `= ANY (ARRAY[...])` count as equality, as in \
             PostgreSQL. Not verified, naming the statement, when a statement touches the \
             table in a way the model does not follow exactly: an ALTER TABLE form it \
             does not know, a renamed column used inside an expression, a DO block whose \
             handler may roll it back, an unqualified name under a search_path of several \
             schemas, a statement of a kind it does not follow.",
    why: "Without it a ledger entry can name two owners, or none, and money is credited to \
          the wrong party.",
    examples: EXAMPLES,
    fix: "Add a CHECK whose branches each fix the discriminator to one value, with that value's column NOT NULL and the others NULL.",
    relates_to: &["MIXED_ID"],
};

fn literal(expr: &Expr) -> Option<String> {
    match strip(expr) {
        Expr::Value(v) => Some(match &v.value {
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => s.clone(),
            other => other.to_string(),
        }),
        _ => None,
    }
}

/// The discriminator value a branch term fixes (`d = 'v'` either way round).
fn pinned(term: &Expr, discriminator: &str) -> Option<String> {
    let (left, right) = equality(term)?;
    let is_discriminator = |e: &Expr| column_name(e).as_deref() == Some(discriminator);
    if is_discriminator(left) {
        literal(right)
    } else if is_discriminator(right) {
        literal(left)
    } else {
        None
    }
}

/// Whether one CHECK expression (a disjunction of branches) ties every variant.
fn ties(expr: &Expr, mixed: &MixedId) -> Result<(), String> {
    let d = mixed.discriminator.as_str();
    let variant_columns: BTreeSet<&str> = mixed.variants.values().map(String::as_str).collect();
    let mut branches = Vec::new();
    disjuncts(expr, &mut branches);
    let mut covered = BTreeSet::new();
    for branch in branches {
        let mut terms = Vec::new();
        conjuncts(branch, &mut terms);
        let values: BTreeSet<String> = terms.iter().filter_map(|t| pinned(t, d)).collect();
        let mut values = values.into_iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return Err(format!(
                "a branch does not fix {d} to one value: {}",
                canonical(branch)
            ));
        };
        let set = |want_null: bool| -> BTreeSet<String> {
            terms
                .iter()
                .filter_map(|t| match strip(t) {
                    Expr::IsNull(c) if want_null => column_name(c),
                    Expr::IsNotNull(c) if !want_null => column_name(c),
                    _ => None,
                })
                .collect()
        };
        let (nulls, not_nulls) = (set(true), set(false));
        let own = mixed.variants.get(&value).map(String::as_str);
        if let Some(own) = own.filter(|own| !not_nulls.contains(*own)) {
            return Err(format!(
                "for {d} = '{value}', {own} is not required to be NOT NULL"
            ));
        }
        for other in variant_columns.iter().filter(|c| Some(**c) != own) {
            if !nulls.contains(*other) {
                return Err(format!(
                    "for {d} = '{value}', {other} is not required to be NULL"
                ));
            }
        }
        covered.insert(value);
    }
    let missing: Vec<&String> = mixed
        .variants
        .keys()
        .filter(|v| !covered.contains(*v))
        .collect();
    match missing.first() {
        Some(value) => Err(format!("no branch allows {d} = '{value}'")),
        None => Ok(()),
    }
}

/// Whether the CHECK, or one of its AND terms, ties every variant.
fn ties_all(constraint: &Constraint, mixed: &MixedId) -> bool {
    let ConstraintKind::Check { expr } = &constraint.kind else {
        return false;
    };
    let Ok(expr) = expr_text::parse(expr) else {
        return false;
    };
    let mut parts = vec![&expr];
    conjuncts(&expr, &mut parts);
    parts.into_iter().any(|part| ties(part, mixed).is_ok())
}

/// The CHECK that tied the variants until a later statement dropped it, with that
/// statement: the statement to change, not the table.
fn undone<'a>(table: &'a Table, mixed: &MixedId) -> Option<(&'a Constraint, &'a Later)> {
    table
        .dropped_constraints
        .iter()
        .find(|(c, _)| ties_all(c, mixed))
        .map(|(c, later)| (c, later))
}

/// A CHECK that ties every variant, as PostgreSQL would take it: one branch per value,
/// its column NOT NULL and every other NULL.
fn tying_check(mixed: &MixedId) -> String {
    let branches: Vec<String> = mixed
        .variants
        .iter()
        .map(|(value, own)| {
            let value = value.replace('\'', "''");
            let others = mixed
                .variants
                .values()
                .filter(|c| *c != own)
                .map(|c| format!(" AND {c} IS NULL"));
            format!(
                "({} = '{value}' AND {own} IS NOT NULL{})",
                mixed.discriminator,
                others.collect::<String>()
            )
        })
        .collect();
    format!("CHECK ({})", branches.join(" OR "))
}

fn check_one(table: &Table, mixed: &MixedId) -> SqlResult {
    let depends = vec![table.name.name.clone()];
    let result = |status, message: String, span| {
        SqlResult::new(&INFO, status, message)
            .relates_to(&mixed.relates_to)
            .at(&[span])
            .depends_on(depends.clone())
    };
    let Some(discriminator) = table.column(&mixed.discriminator) else {
        return result(
            Status::Fail,
            format!(
                "{}: the column {} does not exist",
                table.name, mixed.discriminator
            ),
            &table.span,
        );
    };
    let mut problems = Vec::new();
    // A CHECK written with a construct the rule does not model may tie the variants
    // in a way it cannot see: then no tie found is undecided, not a failure.
    let mut undecided = None;
    for constraint in &table.constraints {
        let ConstraintKind::Check { expr } = &constraint.kind else {
            continue;
        };
        let name = constraint
            .name
            .clone()
            .unwrap_or_else(|| "unnamed CHECK".to_string());
        let expr = match expr_text::parse(expr) {
            Ok(expr) => expr,
            Err(error) => {
                problems.push(format!("{name}: {error}"));
                continue;
            }
        };
        if let Some(construct) = predicate::unmodelled(&expr) {
            undecided.get_or_insert(format!("{name} uses {construct}"));
        }
        // The whole CHECK may be the disjunction, or one of its AND terms may be.
        let mut parts = vec![&expr];
        conjuncts(&expr, &mut parts);
        let mut first_problem = None;
        for part in parts {
            match ties(part, mixed) {
                Ok(()) if discriminator.not_null => {
                    return result(
                        Status::Pass,
                        format!(
                            "{}: {name} ties {} to {}",
                            table.name,
                            mixed.discriminator,
                            variant_list(&mixed.variants)
                        ),
                        &constraint.span,
                    );
                }
                Ok(()) => {
                    return result(
                        Status::Fail,
                        format!(
                            "{}: {name} ties the variants, but {} may be NULL, and a CHECK lets NULL through",
                            table.name, mixed.discriminator
                        ),
                        &discriminator.span,
                    )
                    .fix(format!(
                        "Make {}.{} NOT NULL.",
                        table.name, mixed.discriminator
                    ));
                }
                Err(problem) => {
                    first_problem.get_or_insert(problem);
                }
            }
        }
        if let Some(problem) = first_problem {
            problems.push(format!("{name}: {problem}"));
        }
    }
    let message = if problems.is_empty() {
        format!(
            "{}: no CHECK ties {} to {}",
            table.name,
            mixed.discriminator,
            variant_list(&mixed.variants)
        )
    } else {
        format!(
            "{}: no CHECK ties {} to its columns ({})",
            table.name,
            mixed.discriminator,
            problems.join("; ")
        )
    };
    if let Some(why) = undecided {
        return result(
            Status::NotVerified,
            format!("{message}; {why}, which the re-check does not model"),
            &table.span,
        );
    }
    match undone(table, mixed) {
        Some((check, later)) => SqlResult::new(
            &INFO,
            Status::Fail,
            format!(
                "{message}; {} tied them until {} dropped it",
                check.name.as_deref().unwrap_or("a CHECK"),
                later.cited()
            ),
        )
        .relates_to(&mixed.relates_to)
        .at(&[&later.span, &table.span])
        .depends_on(depends.clone())
        .fix(format!("Remove {}.", later.cited())),
        None => {
            let tie = tying_check(mixed);
            let fix = match problems.is_empty() {
                true => format!("Add to {}: {tie}.", table.name),
                false => format!("Replace the failing CHECK on {} with {tie}.", table.name),
            };
            result(Status::Fail, message, &table.span).fix(fix)
        }
    }
}

fn variant_list(variants: &BTreeMap<String, String>) -> String {
    variants
        .iter()
        .map(|(v, c)| format!("'{v}' → {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let Some(mixed_ids) = ctx.expectations.and_then(|e| e.mixed_ids.as_ref()) else {
        return vec![SqlResult::not_reported(&INFO, "mixedIds")];
    };
    mixed_ids
        .iter()
        .map(
            |mixed| match ctx.schema.table(&QName::from_expectation(&mixed.table)) {
                Some(table) => check_one(table, mixed),
                None => SqlResult::new(
                    &INFO,
                    Status::Fail,
                    format!("{}: the table does not exist in the migration", mixed.table),
                )
                .relates_to(&mixed.relates_to)
                .depends_on(vec![QName::from_expectation(&mixed.table).name]),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_written_with_a_function_is_not_verified_never_a_failure() {
        let sql = "CREATE TABLE e (kind text NOT NULL, user_id int, offer_id int, \
                   CHECK (num_nonnulls(user_id, offer_id) = 1));";
        let e = expectations(
            r#"{"mixedIds":[{"table":"e","discriminator":"kind","variants":{"user":"user_id","offer":"offer_id"}}]}"#,
        );
        assert_eq!(statuses(sql, &e, INFO.id), [Status::NotVerified]);
        // Branches joined by OR in parentheses are no function.
        let sql = "CREATE TABLE e (kind text NOT NULL, user_id int, offer_id int, \
                   CHECK ((kind = 'user' AND user_id IS NOT NULL) OR (kind = 'offer' AND offer_id IS NOT NULL)));";
        assert_eq!(statuses(sql, &e, INFO.id), [Status::Fail]);
    }
    use crate::sql::rules::test_support::{
        expectations, first_line, results, run_on, schema, statuses, unparsable,
    };

    const TABLE: &str = "CREATE TABLE le (id int, kind text NOT NULL, u uuid, o uuid);\n";
    const GOOD: &str = "(\"le\".\"kind\" = 'user' AND u IS NOT NULL AND o IS NULL) OR ('offer'::text = kind AND o IS NOT NULL AND u IS NULL)";

    fn e() -> crate::run::expectations::Expectations {
        expectations(
            r#"{"mixedIds":[{"table":"le","discriminator":"kind","variants":{"user":"u","offer":"o"},"relatesTo":["MIXED_ID"]}]}"#,
        )
    }

    #[test]
    fn a_table_check_tying_each_value_passes() {
        let sql = format!(
            "CREATE TABLE le (id int, kind text NOT NULL, u uuid, o uuid, CONSTRAINT c CHECK ({GOOD}));"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::Pass, "{}", r[0].message);
        assert_eq!(r[0].relates_to, ["MIXED_ID"]);
    }

    #[test]
    fn a_check_added_by_alter_table_inside_a_do_block_counts() {
        let sql = format!(
            "{TABLE}DO $$ BEGIN\n ALTER TABLE le ADD CONSTRAINT c CHECK ({GOOD});\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::Pass, "{}", r[0].message);
        assert_eq!(
            r[0].evidence,
            [crate::gate::Evidence::Sql {
                file: "m.sql".into(),
                line: 3,
                column: 32
            }]
        );
    }

    /// PostgreSQL takes `kind IN ('user')` as `kind = 'user'` (and stores IN as
    /// `= ANY (ARRAY[...])`): the same tie.
    #[test]
    fn one_item_in_lists_fix_the_discriminator_like_equality() {
        let check = "(kind IN ('user') AND u IS NOT NULL AND o IS NULL) OR \
                     (kind = ANY (ARRAY['offer'::text]) AND o IS NOT NULL AND u IS NULL)";
        let sql = format!("{TABLE}ALTER TABLE le ADD CONSTRAINT c CHECK ({check});");
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::Pass, "{}", r[0].message);
    }

    #[test]
    fn a_check_that_only_requires_some_owner_fails() {
        let sql = format!(
            "{TABLE}ALTER TABLE le ADD CONSTRAINT c CHECK (u IS NOT NULL OR o IS NOT NULL);"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::Fail);
        assert!(
            r[0].message.contains("does not fix kind"),
            "{}",
            r[0].message
        );
    }

    #[test]
    fn a_branch_that_leaves_another_column_free_fails() {
        let sql = format!(
            "{TABLE}ALTER TABLE le ADD CHECK ((kind = 'user' AND u IS NOT NULL) OR (kind = 'offer' AND o IS NOT NULL AND u IS NULL));"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert!(
            r[0].message
                .contains("for kind = 'user', o is not required to be NULL"),
            "{}",
            r[0].message
        );
    }

    #[test]
    fn a_missing_value_or_no_check_fails() {
        let sql = format!(
            "{TABLE}ALTER TABLE le ADD CHECK (kind = 'user' AND u IS NOT NULL AND o IS NULL);"
        );
        assert!(
            results(&sql, Some(&e()), INFO.id)[0]
                .message
                .contains("no branch allows kind = 'offer'")
        );
        assert_eq!(statuses(TABLE, &e(), INFO.id), [Status::Fail]);
    }

    /// A CHECK that tied the variants until a later statement dropped it: that
    /// statement is the first evidence and what the fix says to remove.
    #[test]
    fn a_check_dropped_later_is_blamed_on_the_drop() {
        let added = format!("{TABLE}ALTER TABLE le ADD CONSTRAINT c CHECK ({GOOD});\n");
        for (undo, quoted) in [
            (
                "ALTER TABLE le DROP CONSTRAINT c;",
                "`ALTER TABLE le DROP CONSTRAINT c` at m.sql:3",
            ),
            // Dropping a column the CHECK uses drops the CHECK along with it.
            (
                "ALTER TABLE le DROP COLUMN o;",
                "`ALTER TABLE le DROP COLUMN o` at m.sql:3",
            ),
        ] {
            let r = results(&format!("{added}{undo}"), Some(&e()), INFO.id);
            assert_eq!(r[0].status, Status::Fail, "{}", r[0].message);
            assert!(
                r[0].message
                    .ends_with(&format!("; c tied them until {quoted} dropped it")),
                "{}",
                r[0].message
            );
            assert_eq!(first_line(&r[0]), Some(3), "{:?}", r[0].evidence);
            assert_eq!(r[0].fix, Some(format!("Remove {quoted}.")));
        }
        // Added again after the drop: it passes, and nothing is blamed.
        let again = format!(
            "{added}ALTER TABLE le DROP CONSTRAINT c;\nALTER TABLE le ADD CONSTRAINT c2 CHECK ({GOOD});"
        );
        let r = results(&again, Some(&e()), INFO.id);
        assert_eq!((r[0].status, &r[0].fix), (Status::Pass, &None));
        // A CHECK that never tied them is not blamed on its drop.
        let weak = format!(
            "{TABLE}ALTER TABLE le ADD CONSTRAINT c CHECK (u IS NOT NULL OR o IS NOT NULL);\n\
             ALTER TABLE le DROP CONSTRAINT c;"
        );
        let r = results(&weak, Some(&e()), INFO.id);
        assert!(!r[0].message.contains("dropped"), "{}", r[0].message);
        assert!(matches!(
            r[0].evidence.first(),
            Some(crate::gate::Evidence::Sql { line: 1, .. })
        ));
    }

    /// The fix names what to change: the whole CHECK it wants, or the column to make
    /// NOT NULL.
    #[test]
    fn the_fix_is_the_check_that_would_tie_them() {
        let r = results(TABLE, Some(&e()), INFO.id);
        let want = "CHECK ((kind = 'offer' AND o IS NOT NULL AND u IS NULL) OR \
                    (kind = 'user' AND u IS NOT NULL AND o IS NULL))";
        assert_eq!(r[0].fix, Some(format!("Add to le: {want}.")));
        // The CHECK it proposes passes.
        let sql = format!("{TABLE}ALTER TABLE le ADD {want};");
        assert_eq!(statuses(&sql, &e(), INFO.id), [Status::Pass]);
        let sql = format!("{TABLE}ALTER TABLE le ADD CHECK (kind = 'user' AND u IS NOT NULL);");
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(
            r[0].fix,
            Some(format!("Replace the failing CHECK on le with {want}."))
        );
        let sql = format!("CREATE TABLE le (kind text, u uuid, o uuid, CHECK ({GOOD}));");
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].fix.as_deref(), Some("Make le.kind NOT NULL."));
    }

    #[test]
    fn a_nullable_discriminator_fails() {
        let sql = format!("CREATE TABLE le (kind text, u uuid, o uuid, CHECK ({GOOD}));");
        let r = results(&sql, Some(&e()), INFO.id);
        assert!(r[0].status == Status::Fail && r[0].message.contains("may be NULL"));
    }

    #[test]
    fn a_check_that_does_not_parse_back_ties_nothing() {
        let mut schema = schema(&format!(
            "CREATE TABLE le (id int, kind text NOT NULL, u uuid, o uuid, CONSTRAINT c CHECK ({GOOD}));"
        ));
        let table = schema.tables.values_mut().next().unwrap();
        table.constraints[0].kind = ConstraintKind::Check { expr: unparsable() };
        let r = run_on(check, &schema, &e());
        assert_eq!(r[0].status, Status::Fail);
        assert!(
            r[0].message.contains("c: the SQL expression"),
            "{}",
            r[0].message
        );
    }
}
