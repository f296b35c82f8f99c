//! A column type as PostgreSQL's `format_type` prints it, so that every spelling
//! PostgreSQL takes as the same type (`int4`, `serial`, `decimal(38, 18)`,
//! `pg_catalog.numeric(38,18)`) reads the same. The differential test compares this
//! with `format_type` of a real server.

use sqlparser::ast::DataType;

use crate::sql::names::DEFAULT_SCHEMA;

pub fn format_type(data_type: &DataType) -> String {
    canonical(&data_type.to_string())
}

/// The same for a type written as text (the run's `moneyType`).
pub fn canonical(text: &str) -> String {
    printed(text).0
}

/// Whether a type is one of the built-in types this module knows by name; any other is
/// taken as the user's.
pub(super) fn is_built_in(data_type: &DataType) -> bool {
    printed(&data_type.to_string()).1
}

/// A type as `format_type` prints it, and whether it is a built-in one.
fn printed(text: &str) -> (String, bool) {
    let text = text.trim();
    if let Some(element) = text.strip_suffix("[]") {
        // PostgreSQL keeps no array dimensions: `int[][]` is `integer[]`.
        let (element, built_in) = printed(element.trim_end_matches("[]"));
        return (format!("{element}[]"), built_in);
    }
    let (base, args) = match text.split_once('(') {
        Some((base, rest)) => {
            let (inside, after) = rest.split_once(')').unwrap_or((rest, ""));
            let args: Vec<String> = inside.split(',').map(|a| a.trim().to_string()).collect();
            (format!("{base} {}", after.trim()), Some(args.join(",")))
        }
        None => (text.to_string(), None),
    };
    let words: Vec<String> = base.split_whitespace().map(str::to_string).collect();
    let lower = words.join(" ").to_lowercase();
    let lower = lower.strip_prefix("pg_catalog.").unwrap_or(&lower);
    let with_args = |name: &str| match &args {
        Some(args) => format!("{name}({args})"),
        None => name.to_string(),
    };
    // `timestamp(3) with time zone`: the precision goes after the first word.
    let timed = |name: &str, zone: bool| {
        let zone = if zone { "with" } else { "without" };
        format!("{} {zone} time zone", with_args(name))
    };
    let built_in = match lower {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer".into(),
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint".into(),
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint".into(),
        "real" | "float4" => "real".into(),
        "float8" | "double precision" | "double" => "double precision".into(),
        "float" => match args.as_deref().and_then(|a| a.parse::<u32>().ok()) {
            Some(p) if p <= 24 => "real".into(),
            _ => "double precision".into(),
        },
        "numeric" | "decimal" | "dec" => with_args("numeric"),
        "bool" | "boolean" => "boolean".into(),
        "varchar" | "character varying" | "char varying" => with_args("character varying"),
        "char" | "character" | "bpchar" => match &args {
            Some(n) => format!("character({n})"),
            None => "character(1)".into(),
        },
        "varbit" | "bit varying" => with_args("bit varying"),
        "bit" => format!("bit({})", args.as_deref().unwrap_or("1")),
        "timestamp" | "timestamp without time zone" => timed("timestamp", false),
        "timestamptz" | "timestamp with time zone" => timed("timestamp", true),
        "time" | "time without time zone" => timed("time", false),
        "timetz" | "time with time zone" => timed("time", true),
        "text" | "uuid" | "json" | "jsonb" | "bytea" | "date" | "interval" | "inet" | "cidr"
        | "money" | "macaddr" | "xml" | "tsvector" | "oid" => with_args(lower),
        _ => return (with_args(&user_type(&words.join(" "))), false),
    };
    (built_in, true)
}

/// A type of the user's: folded, without the default schema, quoted where needed.
fn user_type(name: &str) -> String {
    let parts: Vec<String> = name
        .split('.')
        .map(
            |part| match part.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
                Some(quoted) => quoted.to_string(),
                None => part.to_lowercase(),
            },
        )
        .collect();
    let parts = match parts.as_slice() {
        [schema, rest @ ..] if schema == DEFAULT_SCHEMA && !rest.is_empty() => rest,
        all => all,
    };
    parts.iter().map(|p| quote(p)).collect::<Vec<_>>().join(".")
}

/// A name as `format_type` prints it: quoted unless plain.
pub(super) fn quote(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn spellings_postgres_takes_as_one_type_read_the_same() {
        for (written, printed) in [
            ("NUMERIC(38, 18)", "numeric(38,18)"),
            ("pg_catalog.numeric(38,18)", "numeric(38,18)"),
            ("DECIMAL(38,18)", "numeric(38,18)"),
            ("INT4", "integer"),
            ("SERIAL", "integer"),
            ("BIGSERIAL", "bigint"),
            ("FLOAT", "double precision"),
            ("FLOAT(10)", "real"),
            ("VARCHAR(24)", "character varying(24)"),
            ("TIMESTAMP", "timestamp without time zone"),
            ("TIMESTAMP(3) WITH TIME ZONE", "timestamp(3) with time zone"),
            ("TIMESTAMPTZ", "timestamp with time zone"),
            ("TEXT[]", "text[]"),
            ("INT[][]", "integer[]"),
            ("\"public\".\"payment_status\"", "payment_status"),
            ("\"Kind\"", "\"Kind\""),
            ("blnk.Status", "blnk.status"),
        ] {
            assert_eq!(canonical(written), printed, "{written}");
        }
    }
}
