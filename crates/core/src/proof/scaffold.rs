//! Rows a probe inserts, built from the schema model: sample values for the columns
//! PostgreSQL would not fill itself, and the values a probe sets on purpose. Foreign
//! keys and triggers are put out of the way while a scaffold row goes in (see
//! [`TRIGGERS_OFF`]); CHECKs stay, so a sample PostgreSQL refuses makes the probe
//! inconclusive, never a pass.

use crate::run::expectations::Expectations;
use crate::sql::model::{ConstraintKind, Schema, Table};
use crate::sql::names::QName;

/// Foreign-key checks and ordinary triggers are triggers: in `replica` mode none of
/// them fires, and no trigger's enabled state is touched, so the states the migration
/// left are exactly the ones the probe's UPDATE and DELETE meet afterwards.
pub const TRIGGERS_OFF: &str = "SET LOCAL session_replication_role = replica";
pub const TRIGGERS_ON: &str = "SET LOCAL session_replication_role = origin";
/// Deferred unique and check constraints would only speak at COMMIT, which a probe
/// never reaches.
pub const CONSTRAINTS_NOW: &str = "SET CONSTRAINTS ALL IMMEDIATE";

/// `"name"`, quotes doubled.
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `'text'`, quotes doubled.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `"schema"."table"`.
pub fn table_name(table: &QName) -> String {
    format!("{}.{}", ident(&table.schema), ident(&table.name))
}

/// What a probe sets a column to: a SQL expression, or NULL.
pub type Value = Option<String>;

/// `INSERT INTO table (...) VALUES (...)`: row number `n` (distinct sample values per
/// row, so rows do not collide on a key they were not meant to), with `set` applied
/// over the samples. A table in a `mixedIds` expectation gets its first variant unless
/// `set` names the discriminator.
pub fn insert(
    schema: &Schema,
    expectations: &Expectations,
    table: &QName,
    n: u32,
    set: &[(String, Value)],
) -> Result<String, String> {
    let model = schema
        .table(table)
        .ok_or_else(|| format!("the schema model has no table {table}"))?;
    let mut values: Vec<(String, Value)> = Vec::new();
    for column in &model.columns {
        if column.default.is_none() && (column.not_null || in_primary_key(model, &column.name)) {
            values.push((
                column.name.clone(),
                Some(sample(schema, &column.data_type, n)),
            ));
        }
    }
    let mixed = expectations
        .mixed_ids
        .iter()
        .flatten()
        .find(|m| &QName::from_expectation(&m.table) == table);
    if let Some(mixed) = mixed.filter(|m| !set.iter().any(|(c, _)| c == &m.discriminator))
        && let Some((value, owner)) = mixed.variants.iter().next()
    {
        for column in mixed.variants.values() {
            put(&mut values, column, None);
        }
        let owner_type = model.column(owner).map(|c| c.data_type.as_str());
        put(&mut values, &mixed.discriminator, Some(literal(value)));
        put(
            &mut values,
            owner,
            Some(sample(schema, owner_type.unwrap_or_default(), n)),
        );
    }
    for (column, value) in set {
        put(&mut values, column, value.clone());
    }
    if values.is_empty() {
        return Ok(format!("INSERT INTO {} DEFAULT VALUES", table_name(table)));
    }
    let columns: Vec<String> = values.iter().map(|(c, _)| ident(c)).collect();
    let sql: Vec<String> = values
        .into_iter()
        .map(|(_, v)| v.unwrap_or_else(|| "NULL".to_string()))
        .collect();
    Ok(format!(
        "INSERT INTO {} ({}) VALUES ({})",
        table_name(table),
        columns.join(", "),
        sql.join(", ")
    ))
}

fn put(values: &mut Vec<(String, Value)>, column: &str, value: Value) {
    match values.iter_mut().find(|(c, _)| c == column) {
        Some(slot) => slot.1 = value,
        None => values.push((column.to_string(), value)),
    }
}

fn in_primary_key(table: &Table, column: &str) -> bool {
    table.constraints.iter().any(
        |c| matches!(&c.kind, ConstraintKind::PrimaryKey { columns } if columns.iter().any(|k| k == column)),
    )
}

/// The labels of the enum type a column's type names, if it is one the model knows.
pub fn enum_labels<'a>(schema: &'a Schema, data_type: &str) -> Option<&'a [String]> {
    let name = QName::from_expectation(&data_type.replace('"', ""));
    schema
        .enums
        .iter()
        .find(|e| e.name == name)
        .map(|e| e.values.as_slice())
}

/// A literal PostgreSQL takes for the type, different for each `n` where the type
/// allows it. An unknown type gets `'n'`: if PostgreSQL refuses it, the probe says
/// inconclusive.
pub fn sample(schema: &Schema, data_type: &str, n: u32) -> String {
    if let Some(first) = enum_labels(schema, data_type).and_then(|labels| labels.first()) {
        return literal(first);
    }
    let lower = data_type.to_lowercase();
    let text = if lower.ends_with(']') {
        "{}".to_string()
    } else if lower.contains("uuid") {
        format!("00000000-0000-4000-8000-{n:012}")
    } else if lower.contains("bool") {
        "true".to_string()
    } else if lower.contains("timestamp") || lower.contains("date") {
        format!("2000-01-{:02}", n % 28 + 1)
    } else if lower.contains("interval") {
        format!("{n} seconds")
    } else if lower.contains("time") {
        format!("00:00:{:02}", n % 60)
    } else if lower.contains("json") {
        "{}".to_string()
    } else if lower.contains("bytea") {
        format!("\\x{:02x}", n % 256)
    } else if lower.contains("inet") || lower.contains("cidr") {
        format!("10.0.0.{}", n % 256)
    } else {
        n.to_string()
    };
    literal(&text)
}

/// Literals of the column's type other than `not`: every other label of an enum (a
/// finite domain, so all of it), or one sample that differs from it.
pub fn others_than(schema: &Schema, data_type: &str, not: &str) -> Vec<String> {
    match enum_labels(schema, data_type) {
        Some(labels) => labels
            .iter()
            .map(|l| literal(l))
            .filter(|l| l != not)
            .collect(),
        None => (90..99)
            .map(|n| sample(schema, data_type, n))
            .find(|s| s != not)
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recheck::check;
    use crate::sql::SqlFile;

    fn schema(sql: &str) -> Schema {
        let files = [SqlFile {
            path: "m.sql".into(),
            tool: None,
            text: Ok(sql.into()),
        }];
        check(&files, None).schema
    }

    #[test]
    fn fills_what_postgres_would_not_and_applies_what_is_set() {
        let s = schema(
            "CREATE TYPE k AS ENUM ('a', 'b');\
             CREATE TABLE \"T\" (id bigserial PRIMARY KEY, kind k NOT NULL, at timestamptz NOT NULL DEFAULT now(), note text, n int NOT NULL);",
        );
        let set = [("note".to_string(), Some("'it''s'".to_string()))];
        let sql = insert(
            &s,
            &Expectations::default(),
            &QName::from_expectation("T"),
            3,
            &set,
        );
        assert_eq!(
            sql.unwrap(),
            "INSERT INTO \"public\".\"T\" (\"kind\", \"n\", \"note\") VALUES ('a', '3', 'it''s')"
        );
        let missing = insert(
            &s,
            &Expectations::default(),
            &QName::from_expectation("u"),
            1,
            &[],
        );
        assert_eq!(missing.unwrap_err(), "the schema model has no table u");
    }

    #[test]
    fn a_mixed_id_table_gets_its_first_variant() {
        let s = schema(
            "CREATE TABLE le (kind text NOT NULL, u uuid, o uuid, amount numeric NOT NULL);",
        );
        let e: Expectations = serde_json::from_str(
            r#"{"mixedIds":[{"table":"le","discriminator":"kind","variants":{"user":"u","offer":"o"}}]}"#,
        )
        .unwrap();
        let sql = insert(&s, &e, &QName::from_expectation("le"), 2, &[]).unwrap();
        assert_eq!(
            sql,
            "INSERT INTO \"public\".\"le\" (\"kind\", \"amount\", \"o\", \"u\") VALUES ('offer', '2', '00000000-0000-4000-8000-000000000002', NULL)"
        );
    }

    #[test]
    fn other_values_are_every_other_label_or_one_sample() {
        let s = schema("CREATE TYPE k AS ENUM ('in', 'out', 'held');");
        assert_eq!(others_than(&s, "k", "'in'"), ["'out'", "'held'"]);
        assert_eq!(
            others_than(&s, "\"public\".\"k\"", "'out'"),
            ["'in'", "'held'"]
        );
        assert_eq!(others_than(&s, "text", "'90'"), ["'91'"]);
        assert_eq!(
            others_than(&schema("CREATE TYPE one AS ENUM ('x');"), "one", "'x'"),
            Vec::<String>::new()
        );
    }
}
