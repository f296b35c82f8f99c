//! Reads a run file's text into a [`Run`], or says what is wrong and where.

use serde_json::Value;

use super::json_path::{self, Position};
use super::{Run, RunError, RunErrorKind};

/// The versions this build reads, as the refusal of another version names them: the
/// contract's `migration-run/v1.x` is any minor version, a number after the dot.
pub const READS: &str = "migration-run/v1 and its minor versions such as migration-run/v1.2";

/// Reads a `migration-run/v1` file. The format is checked before the fields, so a file
/// of another version is refused as such rather than for its first unfamiliar type.
pub fn read(text: &str) -> Result<Run, RunError> {
    let value: Value =
        parse(text, RunErrorKind::Syntax).map_err(|e| not_json_at_all(text).unwrap_or(e))?;
    check_format(&value, text)?;
    parse(text, RunErrorKind::Type)
}

/// A text that does not even start like a JSON object (a report picked as the run, an
/// empty download) is named by how it starts, rather than by serde_json's first
/// complaint about it.
fn not_json_at_all(text: &str) -> Option<RunError> {
    let body = text.trim_start();
    let refuse = |message: String, position| RunError {
        kind: RunErrorKind::Syntax,
        path: "$".into(),
        message: format!("not JSON: {message}"),
        position,
    };
    if body.is_empty() {
        return Some(refuse("the file is empty".into(), None));
    }
    let first_line = body.lines().next().unwrap_or_default();
    if first_line.starts_with(['{', '[']) {
        return None;
    }
    let skipped = text.get(..text.len() - body.len())?;
    let start: String = first_line.chars().take(40).collect();
    Some(refuse(
        format!(
            "a run file is a JSON object, this text starts with {}",
            Value::from(start)
        ),
        Some(Position {
            line: skipped.matches('\n').count() + 1,
            column: skipped.len() - skipped.rfind('\n').map_or(0, |i| i + 1) + 1,
        }),
    ))
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, kind: RunErrorKind) -> Result<T, RunError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = dollar_path(e.path());
        let mut error = from_serde(kind, path, e.inner());
        // serde_json points past the offending value; its start is where to look.
        if error.kind == RunErrorKind::Type {
            error.position = json_path::locate(text, &error.path).or(error.position);
        }
        error
    })?;
    de.end()
        .map_err(|e| from_serde(RunErrorKind::Syntax, "$".into(), &e))?;
    Ok(value)
}

fn from_serde(kind: RunErrorKind, path: String, e: &serde_json::Error) -> RunError {
    let kind = if e.is_syntax() || e.is_eof() {
        RunErrorKind::Syntax
    } else {
        kind
    };
    let position = (e.line() > 0).then(|| Position {
        line: e.line(),
        column: e.column(),
    });
    let message = match kind {
        RunErrorKind::Syntax => format!("not JSON: {}", syntax_message(e)),
        _ => plain_message(e),
    };
    // A path 128 levels deep says no more than its start does.
    let path = if message.ends_with(NESTED_TOO_DEEP) {
        shortened(path)
    } else {
        path
    };
    RunError {
        kind,
        path,
        message,
        position,
    }
}

/// What serde_json found wrong with the text, in words for someone who opened the
/// wrong file or a cut-off download.
fn syntax_message(e: &serde_json::Error) -> String {
    let message = plain_message(e);
    if let Some(inside) = message.strip_prefix("EOF while parsing ") {
        let inside = match inside {
            "a list" => "an array",
            other => other,
        };
        return format!("the text ends inside {inside}; is the file cut short?");
    }
    if message == "recursion limit exceeded" {
        return NESTED_TOO_DEEP.to_string();
    }
    message
}

/// serde_json's recursion limit (128 levels): deeper text is refused, not read.
const NESTED_TOO_DEEP: &str = "arrays and objects are nested more than 128 levels deep here";

/// The first steps of a long path, then `…`.
fn shortened(path: String) -> String {
    const KEEP: usize = 40;
    let cut = path
        .get(KEEP..)
        .and_then(|rest| rest.find(['.', '[']))
        .and_then(|i| path.get(..KEEP + i));
    match cut {
        Some(start) => format!("{start}…"),
        None => path,
    }
}

/// serde_path_to_error's path as `$.a.b[3].c`.
fn dollar_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => out.push_str(&json_path::member(key)),
            Segment::Enum { variant } => out.push_str(&json_path::member(variant)),
            // A key serde could not read (the text ended inside it): the path so far
            // is the most precise place there is.
            Segment::Unknown => {}
        }
    }
    out
}

/// serde's message in JSON words: `expected a boolean, found the string "no"`, without
/// serde_json's ` at line L column C` (the position is kept apart).
fn plain_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(end) if e.line() > 0 => full.get(..end).unwrap_or(&full),
        _ => full.as_str(),
    };
    let mismatch = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .and_then(|rest| rest.rsplit_once(", expected "));
    match mismatch {
        Some((found, expected)) => {
            format!(
                "expected {}, found {}",
                json_expected(expected),
                json_found(found)
            )
        }
        None => message.replace('`', "\""),
    }
}

/// serde's wording of what was expected, in JSON's words.
fn json_expected(expected: &str) -> String {
    match expected {
        "a sequence" => "an array".into(),
        "a map" => "an object".into(),
        "u64" | "u32" | "usize" => "a non-negative integer".into(),
        "i64" | "i32" => "an integer".into(),
        "f64" => "a number".into(),
        _ if expected.starts_with("struct ") => "an object".into(),
        _ => expected.replace('`', "\""),
    }
}

/// serde's wording of what was found (`string "no"`, `integer \`5\``), in JSON's words.
fn json_found(found: &str) -> String {
    let (kind, literal) = found.split_once(' ').unwrap_or((found, ""));
    let literal = literal.trim_matches('`');
    match kind {
        "string" => format!("the string {literal}"),
        "boolean" => format!("the boolean {literal}"),
        "integer" | "floating" => {
            let number = literal.trim_start_matches("point ").trim_matches('`');
            format!("the number {number}")
        }
        "map" => "an object".into(),
        "sequence" => "an array".into(),
        "unit" | "null" => "null".into(),
        _ => found.replace('`', "\""),
    }
}

fn check_format(value: &Value, text: &str) -> Result<(), RunError> {
    let refuse = |message: String, path: &str| RunError {
        kind: RunErrorKind::Format,
        path: path.into(),
        message,
        position: json_path::locate(text, path),
    };
    let Some(object) = value.as_object() else {
        return Err(refuse(
            format!("expected an object, found {}", describe(value)),
            "$",
        ));
    };
    match object.get("format") {
        None => Err(refuse(
            format!("missing field \"format\"; this build reads {READS}"),
            "$",
        )),
        Some(Value::String(format)) if reads(format) => Ok(()),
        Some(Value::String(format)) => Err(refuse(
            format!(
                "{value} is not a format this build reads ({READS})",
                value = Value::from(format.as_str())
            ),
            "$.format",
        )),
        Some(other) => Err(refuse(
            format!(
                "expected a string such as \"migration-run/v1\", found {}",
                describe(other)
            ),
            "$.format",
        )),
    }
}

/// `migration-run/v1`, or `migration-run/v1.N` for a minor version N.
fn reads(format: &str) -> bool {
    match format.strip_prefix("migration-run/v1") {
        Some("") => true,
        Some(minor) => minor
            .strip_prefix('.')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())),
        None => false,
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", Value::from(s.as_str())),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        match read(text) {
            Ok(run) => panic!("read although it should not: {run:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn seed_run_reads() {
        let run = read(crate::demo::RUN).unwrap();
        assert_eq!(run.format, "migration-run/v1");
        assert_eq!(run.phases.as_ref().map(Vec::len), Some(8));
        assert!(run.unknown_fields().is_empty());
    }

    #[test]
    fn minor_versions_are_read_others_refused() {
        assert!(reads("migration-run/v1"));
        assert!(reads("migration-run/v1.3"));
        assert!(!reads("migration-run/v1."));
        assert!(!reads("migration-run/v10"));
        assert!(!reads("migration-run/v1.x"), "x stands for a number");
        assert!(!reads("migration-run/v2"));
    }

    #[test]
    fn every_version_the_refusal_names_is_read() {
        let named: Vec<&str> = READS
            .split_whitespace()
            .filter(|word| word.starts_with("migration-run/"))
            .collect();
        assert_eq!(named.len(), 2, "{READS}");
        for format in named {
            assert!(reads(format), "{format}");
        }
    }

    #[test]
    fn wrong_format_is_refused_naming_value_and_versions() {
        let text = "{\n  \"format\": \"migration-run/v2\",\n  \"verifyGate\": 3\n}";
        assert_eq!(
            error(text),
            "$.format: \"migration-run/v2\" is not a format this build reads \
             (migration-run/v1 and its minor versions such as migration-run/v1.2) (2:13)"
        );
    }

    #[test]
    fn missing_or_mistyped_format_is_refused() {
        assert_eq!(
            error("{\"workflow\": \"w.js\"}"),
            "$: missing field \"format\"; this build reads migration-run/v1 and its minor \
             versions such as migration-run/v1.2 (1:1)"
        );
        assert_eq!(
            error("{\"format\": 1}"),
            "$.format: expected a string such as \"migration-run/v1\", found the number 1 (1:12)"
        );
        assert_eq!(error("[1]"), "$: expected an object, found an array (1:1)");
    }

    #[test]
    fn type_errors_name_path_and_position() {
        let text = "{\"format\": \"migration-run/v1\",\n\"phases\": [{\"name\": \"A\"}, {\"durationMs\": \"long\"}]}";
        assert_eq!(
            error(text),
            "$.phases[1].durationMs: expected a non-negative integer, found the string \"long\" (2:42)"
        );
    }

    #[test]
    fn truncated_json_is_a_syntax_error_with_position() {
        let e =
            read("{\"format\": \"migration-run/v1\",\n \"git\": {\"branch\": \"b\"").unwrap_err();
        assert_eq!(e.kind, RunErrorKind::Syntax);
        assert_eq!(e.path, "$.git");
        assert_eq!(
            e.position,
            Some(Position {
                line: 2,
                column: 22
            })
        );
        assert_eq!(
            e.message,
            "not JSON: the text ends inside an object; is the file cut short?"
        );
    }

    #[test]
    fn trailing_text_is_a_syntax_error() {
        let e = read("{\"format\": \"migration-run/v1\"} x").unwrap_err();
        assert_eq!(e.kind, RunErrorKind::Syntax);
    }

    #[test]
    fn unknown_phase_status_is_kept() {
        let run =
            read("{\"format\": \"migration-run/v1\", \"phases\": [{\"status\": \"paused\"}]}")
                .unwrap();
        let status = run.phases.unwrap().remove(0).status;
        assert_eq!(
            status,
            Some(super::super::PhaseStatus::Other("paused".into()))
        );
    }

    // `baselineStats`: sizes as pg_class reports them, and what a hostile run gives.

    /// Why a run whose only content is these `baselineStats` entries is not read.
    fn stats_error(stats: &str) -> String {
        error(&format!(
            r#"{{"format": "migration-run/v1", "schema": {{"baselineStats": [{stats}]}}}}"#
        ))
    }

    #[test]
    fn sizes_as_pg_class_reports_them_are_read() {
        let run = read(
            r#"{"format": "migration-run/v1", "schema": {"baselineStats": [
                {"table": "ledger.payments", "rows": 120000000, "bytes": 48318382080}
            ]}}"#,
        )
        .unwrap();
        let stats = run.schema.unwrap().baseline_stats.unwrap();
        assert_eq!(stats[0].table.as_str(), "ledger.payments");
        assert_eq!(
            (stats[0].rows, stats[0].bytes),
            (120_000_000, 48_318_382_080)
        );
    }

    #[test]
    fn hostile_sizes_and_names_are_refused_naming_the_json_path() {
        let long = "t".repeat(200);
        let cases = [
            (
                r#"{"table": "t", "rows": -1, "bytes": 0}"#,
                "$.schema.baselineStats[0].rows",
            ),
            (
                r#"{"table": "t", "rows": 1.5, "bytes": 0}"#,
                "$.schema.baselineStats[0].rows",
            ),
            (
                r#"{"table": "t", "rows": 1, "bytes": "8 GB"}"#,
                "$.schema.baselineStats[0].bytes",
            ),
            (
                r#"{"table": "t", "rows": 1, "bytes": 1e30}"#,
                "$.schema.baselineStats[0].bytes",
            ),
            (
                r#"{"table": "", "rows": 1, "bytes": 1}"#,
                "$.schema.baselineStats[0].table",
            ),
            (
                r#"{"table": "a\u001b[2Jb", "rows": 1, "bytes": 1}"#,
                "$.schema.baselineStats[0].table",
            ),
            (
                r#"{"table": 7, "rows": 1, "bytes": 1}"#,
                "$.schema.baselineStats[0].table",
            ),
            (r#"{"rows": 1, "bytes": 1}"#, "$.schema.baselineStats[0]"),
        ];
        for (stats, path) in cases {
            let why = stats_error(stats);
            assert!(why.contains(path), "{stats}: {why}");
        }
        let why = stats_error(&format!(r#"{{"table": "{long}", "rows": 1, "bytes": 1}}"#));
        assert!(why.contains("at most 127 bytes, found 200 bytes"), "{why}");
    }
}
