//! `money-type` in PostgreSQL: the column's type as the catalog has it, followed
//! through domains to the base type, against `moneyType` as PostgreSQL itself spells it
//! (a scratch column of that type, so `decimal(38, 18)` and `numeric(38,18)` agree).

use crate::gate::ProofResult;
use crate::run::expectations::Expectations;
use crate::sql::model::Schema;
use crate::sql::names::QName;
use crate::sql::rules::money_type::{is_inexact, normalize};

use super::scaffold::{literal, table_name};
use super::{Answer, Draft, Outcome, Probe, Prover, step};

pub const PROVER: Prover = Prover { drafts, judge };

const HOW: &str = "read the column's type from pg_attribute, through any domain to its base type, and compared it with moneyType as PostgreSQL spells it";

fn drafts(_: &Schema, expectations: &Expectations) -> Vec<Draft> {
    let wanted = expectations.money_type.as_deref();
    expectations
        .money_columns
        .iter()
        .flatten()
        .map(|money| {
            let table = QName::from_expectation(&money.table);
            Draft {
                subject: format!("{}.{}", money.table, money.column),
                steps: Ok(steps(&table, &money.column, wanted)),
            }
        })
        .collect()
}

/// Step 1 makes the scratch column of the wanted type (or nothing without one); step 2
/// reads the column's declared type, its base type and the wanted type.
fn steps(table: &QName, column: &str, wanted: Option<&str>) -> Vec<String> {
    let scratch = match wanted {
        Some(wanted) => format!("CREATE TEMP TABLE secondlook_money_type (wanted {wanted})"),
        None => "SELECT 1".to_string(),
    };
    let wanted_type = match wanted {
        Some(_) => "(SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a \
                    WHERE a.attrelid = 'pg_temp.secondlook_money_type'::regclass AND a.attname = 'wanted')"
            .to_string(),
        None => "NULL::text".to_string(),
    };
    let read = format!(
        "WITH RECURSIVE chain(typ, mod, depth) AS (\
           SELECT a.atttypid, a.atttypmod, 0 FROM pg_attribute a \
           WHERE a.attrelid = to_regclass({relation}) AND a.attname = {column} \
             AND a.attnum > 0 AND NOT a.attisdropped \
           UNION ALL \
           SELECT t.typbasetype, t.typtypmod, chain.depth + 1 FROM chain \
           JOIN pg_type t ON t.oid = chain.typ WHERE t.typtype = 'd') \
         SELECT (SELECT format_type(typ, mod) FROM chain WHERE depth = 0), \
                (SELECT format_type(typ, mod) FROM chain ORDER BY depth DESC LIMIT 1), \
                {wanted_type}",
        relation = literal(&table_name(table)),
        column = literal(column),
    );
    vec![scratch, read]
}

fn judge(probe: &Probe, answers: &[Answer]) -> Outcome {
    let inconclusive = |observed: String| Outcome::new(ProofResult::Inconclusive, HOW, observed);
    let scratch = match step(answers, 0, HOW) {
        Ok(a) => a,
        Err(outcome) => return outcome,
    };
    if !scratch.ok {
        return inconclusive(format!("PostgreSQL refused moneyType: {}", scratch.said()));
    }
    let read = match step(answers, 1, HOW) {
        Ok(a) => a,
        Err(outcome) => return outcome,
    };
    if !read.ok {
        return inconclusive(format!("the catalog query failed: {}", read.said()));
    }
    let row = read.first_row();
    let (Some(declared), Some(base)) = (
        row.first().cloned().flatten(),
        row.get(1).cloned().flatten(),
    ) else {
        return Outcome::new(
            ProofResult::Refuted,
            HOW,
            format!("PostgreSQL has no column {}", probe.subject),
        );
    };
    let wanted = row.get(2).cloned().flatten();
    let through = if declared == base {
        base.clone()
    } else {
        format!("{declared} (a domain over {base})")
    };
    let holds = match &wanted {
        Some(wanted) => &base == wanted,
        None => !is_inexact(&normalize(&base)),
    };
    let observed = match &wanted {
        Some(wanted) => format!("{} is {through}; moneyType is {wanted}", probe.subject),
        None => format!("{} is {through}", probe.subject),
    };
    let result = if holds {
        ProofResult::Confirmed
    } else {
        ProofResult::Refuted
    };
    Outcome::new(result, HOW, observed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;

    fn answer(row: &[Option<&str>]) -> Answer {
        Answer {
            ok: true,
            rows: vec![row.iter().map(|v| v.map(str::to_string)).collect()],
            ..Answer::default()
        }
    }

    fn probe() -> Probe {
        Probe {
            gate: GateId::MoneyType,
            subject: "payments.amount".into(),
            result: 0,
            steps: steps(
                &QName::from_expectation("payments"),
                "amount",
                Some("numeric(38,18)"),
            ),
        }
    }

    fn ok() -> Answer {
        Answer {
            ok: true,
            ..Answer::default()
        }
    }

    #[test]
    fn the_same_base_type_confirms_and_another_refutes() {
        let same = answer(&[
            Some("money_amount"),
            Some("numeric(38,18)"),
            Some("numeric(38,18)"),
        ]);
        let outcome = judge(&probe(), &[ok(), same]);
        assert_eq!(outcome.result, ProofResult::Confirmed);
        assert_eq!(
            outcome.observed,
            "payments.amount is money_amount (a domain over numeric(38,18)); moneyType is numeric(38,18)"
        );
        let other = answer(&[
            Some("numeric(38,2)"),
            Some("numeric(38,2)"),
            Some("numeric(38,18)"),
        ]);
        assert_eq!(judge(&probe(), &[ok(), other]).result, ProofResult::Refuted);
        let missing = answer(&[None, None, Some("numeric(38,18)")]);
        assert_eq!(
            judge(&probe(), &[ok(), missing]).result,
            ProofResult::Refuted
        );
    }

    #[test]
    fn without_money_type_only_inexact_types_refute() {
        let float = answer(&[Some("double precision"), Some("double precision"), None]);
        assert_eq!(judge(&probe(), &[ok(), float]).result, ProofResult::Refuted);
        let numeric = answer(&[Some("numeric"), Some("numeric"), None]);
        assert_eq!(
            judge(&probe(), &[ok(), numeric]).result,
            ProofResult::Confirmed
        );
    }

    #[test]
    fn a_type_postgres_does_not_know_or_a_missing_answer_is_inconclusive() {
        let refused = Answer {
            sqlstate: Some("42704".into()),
            message: Some("type \"numerik\" does not exist".into()),
            ..Answer::default()
        };
        assert_eq!(
            judge(&probe(), &[refused]).result,
            ProofResult::Inconclusive
        );
        assert_eq!(judge(&probe(), &[ok()]).result, ProofResult::Inconclusive);
    }
}
