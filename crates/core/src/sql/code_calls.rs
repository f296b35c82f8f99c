//! Statements that run code the re-check does not read: a call to a function outside
//! a list of built-ins that change no schema fact (`SELECT f()`, `CALL p()`,
//! `PERFORM f()`), dynamic SQL (`EXECUTE`), any use of a function this migration
//! created (a DEFAULT, CHECK or index expression runs it for every existing row),
//! and a write to a table with triggers or rules, which fires them. Whatever that code
//! does (disable a trigger, drop an index) the model cannot see, so the gates it could
//! touch are not verified.

use super::lexer::{Kind, significant};
use super::model::Schema;

/// Built-in functions and SQL words written before `(` that run no user code and
/// change no schema fact a gate reads.
const QUIET: &[&str] = &[
    // SQL syntax that takes parentheses.
    "in",
    "exists",
    "any",
    "all",
    "some",
    "values",
    "as",
    "on",
    "using",
    "over",
    "filter",
    "within",
    "group",
    "array",
    "row",
    "cast",
    "conflict",
    "set",
    "into",
    "table",
    "copy",
    "select",
    "from",
    "where",
    "and",
    "or",
    "not",
    "returning",
    "lateral",
    "join",
    "by",
    "partition",
    "window",
    "rows",
    "range",
    "then",
    "else",
    "when",
    "case",
    "is",
    "like",
    "ilike",
    "similar",
    "between",
    "distinct",
    "with",
    "only",
    "recursive",
    // Types written with a size or precision.
    "numeric",
    "decimal",
    "varchar",
    "char",
    "character",
    "varying",
    "bit",
    "time",
    "timestamp",
    "interval",
    "float",
    "double",
    // Built-ins.
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "now",
    "lower",
    "upper",
    "length",
    "char_length",
    "octet_length",
    "substring",
    "substr",
    "trim",
    "btrim",
    "ltrim",
    "rtrim",
    "replace",
    "concat",
    "concat_ws",
    "format",
    "to_char",
    "to_number",
    "to_date",
    "to_timestamp",
    "date_trunc",
    "extract",
    "date_part",
    "age",
    "abs",
    "round",
    "trunc",
    "floor",
    "ceil",
    "ceiling",
    "mod",
    "power",
    "sqrt",
    "sign",
    "gen_random_uuid",
    "uuid_generate_v4",
    "md5",
    "encode",
    "decode",
    "string_agg",
    "array_agg",
    "json_agg",
    "jsonb_agg",
    "json_build_object",
    "jsonb_build_object",
    "json_build_array",
    "jsonb_build_array",
    "to_json",
    "to_jsonb",
    "jsonb_set",
    "jsonb_strip_nulls",
    "row_number",
    "rank",
    "dense_rank",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "array_length",
    "cardinality",
    "unnest",
    "generate_series",
    "setval",
    "nextval",
    "currval",
    "lastval",
    "pg_get_serial_sequence",
    "to_regclass",
    "to_regtype",
    "current_setting",
    "set_config",
    "pg_advisory_lock",
    "pg_advisory_xact_lock",
    "pg_advisory_unlock",
    "pg_try_advisory_lock",
    "pg_try_advisory_xact_lock",
    "version",
    "current_database",
    "current_schema",
    "pg_typeof",
    "position",
    "overlay",
    "split_part",
    "regexp_replace",
    "regexp_matches",
    "regexp_split_to_array",
    "left",
    "right",
    "repeat",
    "lpad",
    "rpad",
    "reverse",
    "strpos",
    "starts_with",
    "bool_and",
    "bool_or",
];

/// Why `text` runs code the model does not follow, if it does: the function it calls,
/// dynamic SQL, or the trigger or rule a write fires.
pub fn runs_unread_code(text: &str, schema: &Schema) -> Option<String> {
    let tokens: Vec<(Kind, String)> = significant(text, 0..text.len()).collect();
    let words: Vec<&str> = tokens
        .iter()
        .filter(|(k, _)| *k == Kind::Word)
        .map(|(_, w)| w.as_str())
        .collect();
    let first = *words.first()?;
    let created = |name: &str| schema.functions.iter().any(|f| f.name.name == name);
    // A statement that names a function made here may run it, except those that
    // define, attach, describe or drop one.
    let defines = matches!(first, "drop" | "comment" | "grant" | "revoke")
        || (matches!(first, "create" | "alter")
            && words
                .iter()
                .skip(1)
                .take(3)
                .any(|w| matches!(*w, "function" | "procedure" | "trigger" | "aggregate")));
    for pair in tokens.windows(2).filter(|_| !defines) {
        if let [(Kind::Word, name), (Kind::Other(b'('), _)] = pair
            && created(name)
        {
            return Some(format!(
                "uses {name}(), made by this migration, whose body the re-check does not follow"
            ));
        }
    }
    let runs_now = matches!(
        first,
        "select"
            | "with"
            | "perform"
            | "call"
            | "execute"
            | "insert"
            | "update"
            | "delete"
            | "merge"
            | "values"
            | "copy"
            | "truncate"
    );
    if !runs_now {
        return None;
    }
    if matches!(first, "execute" | "call") {
        return Some(match first {
            "call" => "calls a procedure whose body the re-check does not follow".to_string(),
            _ => "runs dynamic SQL the re-check cannot read".to_string(),
        });
    }
    for (i, pair) in tokens.windows(2).enumerate() {
        let [(Kind::Word, name), (Kind::Other(b'('), _)] = pair else {
            continue;
        };
        let after_into = i > 0
            && tokens
                .get(i - 1)
                .is_some_and(|(_, w)| w == "into" || w == "." || w == "update");
        if !QUIET.contains(&name.as_str()) && !after_into {
            return Some(format!(
                "calls {name}(), whose body the re-check does not follow"
            ));
        }
    }
    let writes = matches!(
        first,
        "insert" | "update" | "delete" | "merge" | "copy" | "truncate"
    );
    if writes {
        let fired = schema
            .triggers
            .iter()
            .map(|t| (&t.table, format!("trigger {}", t.name)))
            .chain(
                schema
                    .rules
                    .iter()
                    .map(|r| (&r.table, format!("rule {}", r.name))),
            )
            .find(|(table, _)| words.contains(&table.name.as_str()));
        if let Some((table, what)) = fired {
            return Some(format!(
                "writes to {table}, which fires its {what}: the re-check does not follow what that runs"
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::schema;

    fn unread(setup: &str, sql: &str) -> Option<String> {
        runs_unread_code(sql, &schema(setup))
    }

    #[test]
    fn calls_outside_the_quiet_built_ins_are_unread() {
        assert!(
            unread("", "SELECT disable_guard();")
                .unwrap()
                .contains("disable_guard()")
        );
        assert!(unread("", "PERFORM f(1)").is_some());
        assert!(unread("", "CALL p()").is_some());
        assert!(unread("", "EXECUTE 'ALTER TABLE t DISABLE TRIGGER g'").is_some());
        assert_eq!(
            unread("", "SELECT setval('s', (SELECT max(id) FROM t));"),
            None
        );
        assert_eq!(unread("", "INSERT INTO t (a, b) VALUES (1, now());"), None);
        assert_eq!(unread("", "SELECT 1;"), None);
    }

    #[test]
    fn a_function_made_here_is_unread_wherever_it_is_used() {
        let setup = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;";
        assert!(unread(setup, "ALTER TABLE t ADD COLUMN c int DEFAULT f();").is_some());
        assert_eq!(
            unread("", "ALTER TABLE t ADD COLUMN c int DEFAULT f();"),
            None
        );
        let trigger = "CREATE TRIGGER g BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();";
        assert_eq!(unread(setup, trigger), None);
    }

    #[test]
    fn a_write_to_a_table_with_a_trigger_fires_it() {
        let setup = "CREATE TABLE ledger (a int);\
                     CREATE TRIGGER guard BEFORE UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION g();";
        let why = unread(setup, "UPDATE ledger SET a = 1;").unwrap();
        assert!(why.contains("trigger guard"), "{why}");
        assert_eq!(unread(setup, "UPDATE other SET a = 1;"), None);
    }
}
