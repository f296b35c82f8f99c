//! `money-type`: every money column has exactly the run's `moneyType`.

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};

use super::{Context, SqlResult};
use crate::sql::model::format_type::canonical;
use crate::sql::names::QName;

const EXAMPLES: &[Example] = &[
    Example {
        name: "numeric-38-2",
        expect: Expect::Fires,
        says: "payments.amount declared numeric(38,2) where the run expects numeric(38,18): amounts lose their last digits.",
        input: Input::Seed(&[Edit::Replace {
            from: "\"amount\" numeric(38, 18) NOT NULL,\n\t\"token_decimals\"",
            to: "\"amount\" numeric(38, 2) NOT NULL,\n\t\"token_decimals\"",
        }]),
    },
    Example {
        name: "double-precision",
        expect: Expect::Fires,
        says: "ledger_entries.amount declared as a float, which rounds.",
        input: Input::Seed(&[Edit::Replace {
            from: "\"amount\" numeric(38, 18) NOT NULL,\n\t\"idempotency_key\"",
            to: "\"amount\" double precision NOT NULL,\n\t\"idempotency_key\"",
        }]),
    },
    Example {
        name: "decimal-spelling",
        expect: Expect::Passes,
        says: "`decimal(38, 18)` is PostgreSQL's other name for `numeric(38,18)`.",
        input: Input::Seed(&[Edit::Replace {
            from: "\"amount\" numeric(38, 18) NOT NULL,\n\t\"token_decimals\"",
            to: "\"amount\" decimal(38, 18) NOT NULL,\n\t\"token_decimals\"",
        }]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::MoneyType,
    title: "Money columns have exactly the money type",
    severity: Severity::Blocker,
    checks: "Checks that each column the run lists in `moneyColumns` exists and has exactly \
             `moneyType`, both read as PostgreSQL's `format_type` prints them (so \
             `decimal(38, 18)` and `pg_catalog.numeric(38,18)` are `numeric(38,18)`). \
             Without a list, columns named like money (amount, balance, price, fee, total, \
             cost) that use floating types are warned about. \
             The model follows ALTER COLUMN ... TYPE. Not verified, naming the statement, \
             when a statement touches the table in a way the model does not follow \
             exactly: an ALTER TABLE form it does not know, a renamed column used inside \
             an expression, a DO block whose handler may roll it back, an unqualified \
             name under a search_path of several schemas, a statement of a kind it does not \
             follow.",
    why: "Binary floating point (`real`, `float`, `double precision`) cannot hold 0.1 \
          exactly and `money` rounds to the locale's cents, so amounts drift; a smaller \
          scale such as `numeric(38,2)` truncates token amounts with 18 decimals.",
    examples: EXAMPLES,
    fix: "Declare every money column with exactly the run's `moneyType` (e.g. numeric(38,18)), never a float.",
    relates_to: &["DECIMAL_PRECISION_TRUNCATION_RISK", "FK-009"],
};

const MONEY_WORDS: &[&str] = &["amount", "balance", "price", "fee", "total", "cost"];

/// The type as PostgreSQL prints it: every spelling of one type reads the same
/// (`DECIMAL( 38 , 18 )`, `pg_catalog.numeric(38,18)`, `float8`...).
pub fn normalize(data_type: &str) -> String {
    canonical(data_type)
}

/// Binary floating point or `money`: never right for amounts.
pub fn is_inexact(normalized: &str) -> bool {
    let base = normalized.split('(').next().unwrap_or_default().trim();
    matches!(
        base,
        "real" | "float" | "float4" | "float8" | "double precision" | "double" | "money"
    )
}

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let listed = ctx.expectations.and_then(|e| e.money_columns.as_ref());
    let Some(columns) = listed else {
        let mut out = vec![SqlResult::not_reported(&INFO, "moneyColumns")];
        out.extend(heuristic(ctx));
        return out;
    };
    let money_type = ctx.expectations.and_then(|e| e.money_type.as_deref());
    columns
        .iter()
        .map(|expected| {
            let table_name = QName::from_expectation(&expected.table);
            let depends = vec![table_name.name.clone()];
            let column_name = format!("{}.{}", expected.table, expected.column);
            let fail = |message: String, spans: &[&crate::sql::location::Span]| {
                SqlResult::new(&INFO, Status::Fail, message)
                    .relates_to(&expected.relates_to)
                    .at(spans)
                    .depends_on(depends.clone())
            };
            let Some(table) = ctx.schema.table(&table_name) else {
                return fail(format!("{column_name}: the table {} does not exist in the migration", expected.table), &[]);
            };
            let Some(column) = table.column(&expected.column) else {
                return fail(format!("{column_name}: the column does not exist"), &[&table.span]);
            };
            let actual = normalize(&column.data_type);
            let wanted = money_type.map(normalize);
            // The column and the type it should have, when the run says which.
            let change = |wanted: &Option<String>| {
                let to = wanted.as_deref().unwrap_or("an exact numeric type, never a float");
                format!("Change the type of {column_name} to {to}.")
            };
            if is_inexact(&actual) {
                return fail(
                    format!("{column_name} is {actual}: inexact for money (floating point or money type)"),
                    &[&column.span],
                )
                .fix(change(&wanted));
            }
            match wanted.clone() {
                None => SqlResult::new(
                    &INFO,
                    Status::NotReported,
                    format!("{column_name} is {actual}; the run gives no `moneyType` to compare with"),
                )
                .relates_to(&expected.relates_to)
                .at(&[&column.span]),
                Some(wanted) if wanted == actual => {
                    SqlResult::new(&INFO, Status::Pass, format!("{column_name} is {actual}"))
                        .relates_to(&expected.relates_to)
                        .at(&[&column.span])
                        .depends_on(depends.clone())
                }
                Some(other) => fail(format!("{column_name} is {actual}, not {other}"), &[&column.span])
                    .fix(change(&wanted)),
            }
        })
        .collect()
}

/// Columns named like money that use floating types, when the run lists none.
fn heuristic(ctx: &Context) -> Vec<SqlResult> {
    let mut out = Vec::new();
    for table in ctx.schema.tables.values() {
        for column in &table.columns {
            // Substrings, so that camelCase names (`totalAmount`) count too.
            let lower = column.name.to_lowercase();
            let money_named = MONEY_WORDS.iter().any(|word| lower.contains(word));
            let actual = normalize(&column.data_type);
            if money_named && is_inexact(&actual) {
                out.push(
                    SqlResult::new(
                        &INFO,
                        Status::Fail,
                        format!(
                            "{}.{} looks like money and is {actual}: inexact for money",
                            table.name, column.name
                        ),
                    )
                    .severity(Severity::Warning)
                    .at(&[&column.span])
                    .depends_on(vec![table.name.name.clone()])
                    .fix(format!(
                        "Change the type of {}.{} to numeric with the scale its amounts need.",
                        table.name, column.name
                    )),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::{expectations, results, statuses};

    const EXPECT: &str = r#"{"moneyColumns":[{"table":"pay","column":"amount","relatesTo":["F-1"]}],"moneyType":"numeric(38,18)"}"#;

    #[test]
    fn normalizes_spelling() {
        for t in [
            "numeric(38, 18)",
            "NUMERIC(38,18)",
            "decimal(38,18)",
            "DECIMAL( 38 , 18 )",
            "pg_catalog.numeric(38,18)",
        ] {
            assert_eq!(normalize(t), "numeric(38,18)", "{t}");
        }
    }

    #[test]
    fn exact_type_passes_in_any_spelling() {
        let e = expectations(EXPECT);
        assert_eq!(
            statuses("CREATE TABLE pay (amount DECIMAL(38, 18));", &e, INFO.id),
            [Status::Pass]
        );
        assert_eq!(
            statuses(
                "CREATE TABLE pay (amount pg_catalog.numeric(38,18) NOT NULL);",
                &e,
                INFO.id
            ),
            [Status::Pass]
        );
        assert_eq!(
            statuses(
                "CREATE TABLE pay (amount numeric(38,18) NOT NULL);",
                &e,
                INFO.id
            ),
            [Status::Pass]
        );
    }

    #[test]
    fn wrong_scale_fails_at_the_column_line() {
        let e = expectations(EXPECT);
        let r = results(
            "CREATE TABLE pay (\n  id int,\n  amount numeric(38,2)\n);",
            Some(&e),
            INFO.id,
        );
        assert_eq!(r[0].status, Status::Fail);
        assert_eq!(
            r[0].message,
            "pay.amount is numeric(38,2), not numeric(38,18)"
        );
        assert_eq!(
            r[0].fix.as_deref(),
            Some("Change the type of pay.amount to numeric(38,18).")
        );
        assert_eq!(r[0].relates_to, ["F-1"]);
        assert_eq!(
            r[0].evidence,
            [crate::gate::Evidence::Sql {
                file: "m.sql".into(),
                line: 3,
                column: 3
            }]
        );
    }

    #[test]
    fn floats_and_money_always_fail() {
        let e = expectations(EXPECT);
        for t in ["real", "float", "double precision", "money", "float8"] {
            let sql = format!("CREATE TABLE pay (amount {t});");
            assert_eq!(statuses(&sql, &e, INFO.id), [Status::Fail], "{t}");
        }
    }

    #[test]
    fn a_later_type_change_counts() {
        let e = expectations(EXPECT);
        let sql = "CREATE TABLE pay (amount float); ALTER TABLE pay ALTER COLUMN amount TYPE numeric(38,18);";
        assert_eq!(statuses(sql, &e, INFO.id), [Status::Pass]);
    }

    #[test]
    fn missing_table_or_column_fails() {
        let e = expectations(EXPECT);
        assert_eq!(
            statuses("CREATE TABLE other (amount numeric(38,18));", &e, INFO.id),
            [Status::Fail]
        );
        let r = results("CREATE TABLE pay (amt numeric(38,18));", Some(&e), INFO.id);
        assert!(r[0].status == Status::Fail && r[0].message.contains("does not exist"));
    }

    #[test]
    fn without_a_list_it_is_not_reported_and_floats_named_like_money_warn() {
        let r = results(
            "CREATE TABLE o (total_cost double precision, ratio real, fee numeric, \"unitPrice\" float8);",
            None,
            INFO.id,
        );
        let got: Vec<_> = r.iter().map(|g| (g.status, g.severity)).collect();
        assert_eq!(
            got,
            [
                (Status::NotReported, Severity::Blocker),
                (Status::Fail, Severity::Warning),
                (Status::Fail, Severity::Warning)
            ]
        );
        assert!(r[1].message.contains("total_cost"));
    }
}
