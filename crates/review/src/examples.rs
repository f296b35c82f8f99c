//! A gate's examples: inputs it must fire on, pass, or leave not verified. One table test
//! (`tests/examples.rs`) runs every registered gate's examples through the review, and the
//! docs, the CLI and the Rules pane show them from the same data, so what they say of a
//! gate is what is tested.
//!
//! Most examples change the seed migration (`fixtures/seed`) in one place: the rest of the
//! seed passes every gate, so the change alone decides what the example shows.

use serde_json::Value;

/// What the example's gate must say of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// At least one of the gate's results fails.
    Fires,
    /// Every one of the gate's results passes.
    Passes,
    /// The gate cannot follow it: not verified, and nothing fails.
    NotVerified,
}

impl Expect {
    pub fn label(self) -> &'static str {
        match self {
            Expect::Fires => "Fires",
            Expect::Passes => "Passes",
            Expect::NotVerified => "Not verified",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Example {
    /// Kebab-case, unique within its gate: `<gate id>/<name>` names the example.
    pub name: &'static str,
    pub expect: Expect,
    /// In one sentence, what the example shows.
    pub says: &'static str,
    pub input: Input,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Input {
    /// The seed's migration with these changes, reviewed with the seed's run and report.
    Seed(&'static [Edit]),
    /// This SQL alone, reviewed without a run file or report.
    Sql(&'static str),
    /// The seed's run file with this JSON object merged in (a JSON merge patch: objects
    /// merge key by key, anything else replaces), reviewed with the seed's SQL and report.
    Run(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Edit {
    /// Text the seed holds exactly once, and what it becomes.
    Replace {
        from: &'static str,
        to: &'static str,
    },
    /// Statements added after the seed's last.
    Add(&'static str),
}

/// The seed's migration, the base every [`Input::Seed`] changes.
pub fn seed_sql() -> &'static str {
    crate::demo::SQL_FILES.first().map_or("", |(_, text)| text)
}

impl Input {
    /// The whole input the example stands for: the changed seed migration, the SQL, or
    /// the changed run file. An edit the seed does not hold exactly once is an error, so
    /// an example cannot silently stop changing anything.
    pub fn text(&self) -> Result<String, String> {
        match self {
            Input::Seed(edits) => edits.iter().try_fold(seed_sql().to_string(), apply),
            Input::Sql(sql) => Ok((*sql).to_string()),
            Input::Run(patch) => {
                let mut run: Value = serde_json::from_str(crate::demo::RUN)
                    .map_err(|e| format!("the seed's run file: {e}"))?;
                let patch: Value =
                    serde_json::from_str(patch).map_err(|e| format!("the patch {patch}: {e}"))?;
                merge(&mut run, patch);
                serde_json::to_string_pretty(&run).map_err(|e| e.to_string())
            }
        }
    }
}

fn apply(sql: String, edit: &Edit) -> Result<String, String> {
    match edit {
        Edit::Replace { from, to } => match sql.matches(from).count() {
            1 => Ok(sql.replacen(from, to, 1)),
            n => Err(format!(
                "the seed holds {from:?} {n} times, not once: the edit would not say where"
            )),
        },
        Edit::Add(statements) => Ok(format!(
            "{}\n--> statement-breakpoint\n{statements}\n",
            sql.trim_end()
        )),
    }
}

fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                merge(target.entry(key).or_insert(Value::Null), value);
            }
        }
        (target, patch) => *target = patch,
    }
}

impl Example {
    /// Its sentence, then its input described: what the docs, `secondlook rules`, SARIF
    /// and the Rules pane say of it after its label.
    pub fn sentence(&self) -> String {
        format!("{} {}", self.says, self.input.described())
    }
}

/// How long a piece of SQL or JSON may be, quoted inline, before it is cut.
const QUOTED: usize = 160;

impl Input {
    /// The input in a sentence, code between backticks and shortened: what the docs,
    /// `secondlook rules` and the Rules pane show after the example's own sentence.
    pub fn described(&self) -> String {
        let quote = |text: &str| format!("`{}`", shortened(text, QUOTED));
        match self {
            Input::Seed(edits) => {
                let changes: Vec<String> = edits
                    .iter()
                    .map(|edit| match edit {
                        Edit::Replace { from, to } if shortened(to, QUOTED).is_empty() => {
                            format!("{} is removed", quote(from))
                        }
                        Edit::Replace { from, to } => {
                            format!("{} becomes {}", quote(from), quote(to))
                        }
                        Edit::Add(statements) => format!("{} is added", quote(statements)),
                    })
                    .collect();
                format!("In the seed migration, {}.", changes.join(", and "))
            }
            Input::Sql(sql) => format!("Alone: {}.", quote(sql)),
            Input::Run(patch) => format!("In the seed run file, `{}`.", cut(patch, QUOTED)),
        }
    }
}

/// SQL on one line without its comments and drizzle-kit's statement breakpoints, cut
/// in the middle past `max` characters: SQL as the docs and the Rules pane quote it.
pub fn shortened(sql: &str, max: usize) -> String {
    let line = sql
        .lines()
        .map(|line| line.split("--> statement-breakpoint").next().unwrap_or(""))
        .filter(|line| !line.trim_start().starts_with("--"))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ");
    cut(&line, max)
}

/// `text` cut in the middle past `max` characters.
fn cut(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let half = max / 2;
    let head: String = chars.iter().take(half).collect();
    let tail: String = chars.iter().skip(chars.len() - half).collect();
    format!("{} … {}", head.trim_end(), tail.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_must_find_its_text_exactly_once() {
        let once = Input::Seed(&[Edit::Replace {
            from: "numeric(38, 18) NOT NULL,\n\t\"token_decimals\"",
            to: "x",
        }]);
        assert!(once.text().is_ok());
        let twice = Input::Seed(&[Edit::Replace {
            from: "CREATE TABLE",
            to: "x",
        }]);
        assert!(twice.text().unwrap_err().contains("times, not once"));
        let never = Input::Seed(&[Edit::Replace {
            from: "no such text",
            to: "x",
        }]);
        assert!(never.text().unwrap_err().contains("0 times"));
    }

    #[test]
    fn an_addition_follows_the_seed_as_its_own_statement() {
        let text = Input::Seed(&[Edit::Add("SELECT 1;")]).text().unwrap();
        assert!(text.starts_with(seed_sql().trim_end()));
        assert!(
            text.ends_with(";\n--> statement-breakpoint\nSELECT 1;\n"),
            "{text}"
        );
    }

    #[test]
    fn a_run_patch_merges_objects_and_replaces_the_rest() {
        let text = Input::Run(r#"{"verifyGate": {"versionDiff": "x", "blockers": ["b"]}}"#)
            .text()
            .unwrap();
        let run: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(run["verifyGate"]["versionDiff"], "x");
        assert_eq!(run["verifyGate"]["blockers"], serde_json::json!(["b"]));
        assert_eq!(run["verifyGate"]["committed"], true, "kept");
        assert!(Input::Run("{").text().is_err());
    }

    #[test]
    fn the_description_quotes_each_change() {
        let seed = Input::Seed(&[
            Edit::Replace { from: "a", to: "b" },
            Edit::Replace { from: "c", to: "" },
            Edit::Add("SELECT 1;"),
        ]);
        assert_eq!(
            seed.described(),
            "In the seed migration, `a` becomes `b`, and `c` is removed, and `SELECT 1;` is added."
        );
        assert_eq!(
            Input::Sql("-- x\nSELECT 1;\n").described(),
            "Alone: `SELECT 1;`."
        );
    }

    #[test]
    fn shortening_keeps_both_ends_on_one_line() {
        assert_eq!(shortened("a\n  b", 10), "a b");
        assert_eq!(
            shortened("-- why\nSELECT 1;--> statement-breakpoint\nSELECT 2;", 40),
            "SELECT 1; SELECT 2;"
        );
        let long = format!("start {} end", "x ".repeat(100));
        let short = shortened(&long, 20);
        assert!(
            short.starts_with("start") && short.ends_with("end"),
            "{short}"
        );
        assert!(
            short.contains(" … ") && short.chars().count() < 30,
            "{short}"
        );
    }
}
