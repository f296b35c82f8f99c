//! `parent-order`: the backfill order puts every foreign key's parent first.

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::sql::model::ConstraintKind;

use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "users-reference-payments",
        expect: Expect::Fires,
        says: "users gains a foreign key to payments, which parentOrder lists after users.",
        input: Input::Seed(&[Edit::Add(
            "ALTER TABLE \"users\" ADD CONSTRAINT \"users_last_payment_id_payments_id_fk\" FOREIGN KEY (\"referred_by_user_id\") REFERENCES \"public\".\"payments\"(\"id\") ON DELETE no action ON UPDATE no action;",
        )]),
    },
    Example {
        name: "ledger-references-users",
        expect: Expect::Passes,
        says: "ledger_entries gains a foreign key to users, which parentOrder lists before it.",
        input: Input::Seed(&[Edit::Add(
            "ALTER TABLE \"ledger_entries\" ADD COLUMN \"approved_by\" uuid REFERENCES \"public\".\"users\"(\"id\");",
        )]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::ParentOrder,
    title: "Backfill order puts parents first",
    severity: Severity::Warning,
    checks: "Checks every foreign key of a table listed in `parentOrder`: the table it \
             references must be listed earlier (self-references are fine). \
             The model carries table and column renames into foreign keys. Not verified, \
             naming the statement, when a statement touches the table in a way the model \
             does not follow exactly: an ALTER TABLE form it does not know, a renamed \
             column used inside an expression, a DO block whose handler may roll it back, \
             an unqualified name under a search_path of several schemas, a statement of a kind it \
             does not follow.",
    why: "Backfilling a child before its parent fails on the foreign key, or tempts someone \
          to disable it, after which payments can point at users that never arrive.",
    examples: EXAMPLES,
    fix: "List every referenced table in `parentOrder` before the tables that point at it.",
    relates_to: &[],
};

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let Some(order) = ctx.expectations.and_then(|e| e.parent_order.as_ref()) else {
        return vec![SqlResult::not_reported(&INFO, "parentOrder")];
    };
    let position = |name: &str| order.iter().position(|t| t == name);
    let mut out = Vec::new();
    for table in ctx.schema.tables.values() {
        let Some(child_at) = position(&table.name.to_string()) else {
            continue;
        };
        for constraint in &table.constraints {
            let ConstraintKind::ForeignKey { references, .. } = &constraint.kind else {
                continue;
            };
            if references == &table.name {
                continue;
            }
            let parent = references.to_string();
            let problem = match position(&parent) {
                None => format!(
                    "{} references {parent}, which is not in parentOrder",
                    table.name
                ),
                Some(parent_at) if parent_at > child_at => {
                    format!(
                        "{} references {parent}, which comes later in parentOrder",
                        table.name
                    )
                }
                Some(_) => continue,
            };
            out.push(SqlResult::new(&INFO, Status::Fail, problem).at(&[&constraint.span]));
        }
    }
    if out.is_empty() {
        out.push(
            SqlResult::new(
                &INFO,
                Status::Pass,
                "every foreign key of the ordered tables points at an earlier table".to_string(),
            )
            .depends_on(vec!["references".to_string(), "foreign".to_string()]),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::{expectations, results, statuses};

    const SQL: &str = "CREATE TABLE users (id int PRIMARY KEY, boss int REFERENCES users(id));\n\
                       CREATE TABLE payments (id int, user_id int);\n\
                       ALTER TABLE payments ADD CONSTRAINT p_u FOREIGN KEY (user_id) REFERENCES public.users(id);";

    #[test]
    fn parents_first_passes_and_self_references_are_fine() {
        let e = expectations(r#"{"parentOrder":["users","payments"]}"#);
        assert_eq!(statuses(SQL, &e, INFO.id), [Status::Pass]);
    }

    #[test]
    fn a_parent_listed_later_fails_at_the_foreign_key() {
        let e = expectations(r#"{"parentOrder":["payments","users"]}"#);
        let r = results(SQL, Some(&e), INFO.id);
        assert_eq!(
            (r.len(), r[0].status, r[0].severity),
            (1, Status::Fail, Severity::Warning)
        );
        assert_eq!(
            r[0].message,
            "payments references users, which comes later in parentOrder"
        );
        assert_eq!(
            r[0].evidence,
            [crate::gate::Evidence::Sql {
                file: "m.sql".into(),
                line: 3,
                column: 37
            }]
        );
    }

    #[test]
    fn a_parent_missing_from_the_order_fails() {
        let e = expectations(r#"{"parentOrder":["payments"]}"#);
        assert_eq!(statuses(SQL, &e, INFO.id), [Status::Fail]);
    }
}
