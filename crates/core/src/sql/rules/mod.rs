//! The SQL gates, one module per gate. Each module holds its [`GateInfo`] (id, title,
//! severity, what it checks and why, registered in `crate::registry`), its `check` and
//! its tests.
//!
//! [`GateInfo`]: crate::gate::GateInfo
//!
//! A rule returns [`SqlResult`]s: a gate result plus the words (table, index, function
//! names) whose mention in a statement that did not parse would make the result
//! uncertain. `recheck::check` turns such results into *not verified*, so no rule has to
//! remember to be careful about what it could not read.

pub mod additive_only;
pub mod append_only;
pub mod applies;
pub mod data_kept;
pub mod expected_index;
pub mod index_predicate;
pub mod lock_budget;
pub mod mixed_id_check;
pub mod money_type;
pub mod parent_order;
pub mod reads_as_written;
pub mod sql_parses;
pub mod stays_in_database;

use crate::gate::{Detail, Evidence, GateInfo, GateResult, Severity, Status};
use crate::run::expectations::Expectations;

use super::file::Tool;
use super::location::Span;
use super::model::Schema;
use super::parse::Unparsed;
use super::transactions::{Followed, Wrapping};

/// What every rule may look at.
pub struct Context<'a> {
    pub schema: &'a Schema,
    /// The schema the baseline left, before the migration: empty without a baseline.
    pub baseline: &'a Schema,
    /// The baseline's statements that did not parse: what they made is not in
    /// `baseline`.
    pub baseline_unparsed: &'a [Unparsed],
    /// Every up statement as written, parsed or not: what a rule that must see each
    /// statement PostgreSQL runs reads.
    pub written: &'a [Written<'a>],
    /// What the run's transactions do to `written`, statement by statement.
    pub transactions: &'a Followed,
    /// How many up statements parsed.
    pub parsed: usize,
    /// What the up statements that parsed change beyond adding, in order
    /// (`additive_only::changes`, gathered as they were replayed).
    pub changes: &'a [additive_only::Change],
    pub unparsed: &'a [Unparsed],
    /// Files whose text could not be had: (path, reason).
    pub unreadable: &'a [(String, String)],
    pub expectations: Option<&'a Expectations>,
}

/// One up statement as written: a DO block whole, a psql meta-command, a statement
/// that did not parse.
pub struct Written<'a> {
    pub span: &'a Span,
    pub text: &'a str,
    /// The tool that runs its file, and what it wraps around it.
    pub tool: Option<Tool>,
    pub wrapping: Option<Wrapping>,
    /// Its file's index in the files `recheck::check` was given.
    pub file: usize,
}

/// A gate result from the SQL, with the words whose mention in a statement that did not
/// parse makes it not verified. Built up from [`SqlResult::new`]:
/// `SqlResult::new(&INFO, Status::Fail, message).at(&[&column.span]).depends_on(words)`.
pub struct SqlResult {
    pub result: GateResult,
    pub depends_on: Vec<String>,
}

impl SqlResult {
    /// A result of `info`'s gate at its severity, pointing nowhere and depending on
    /// nothing yet.
    pub fn new(info: &GateInfo, status: Status, message: impl Into<String>) -> SqlResult {
        SqlResult {
            result: info.result(status, message, Vec::new()),
            depends_on: Vec::new(),
        }
    }

    /// The one result of a gate whose expectations list the run did not give.
    pub fn not_reported(info: &GateInfo, field: &str) -> SqlResult {
        SqlResult::new(
            info,
            Status::NotReported,
            format!("the run's expectations do not give `{field}`: nothing to check against"),
        )
    }

    /// For a gate whose severity depends on what it checks.
    pub fn severity(mut self, severity: Severity) -> SqlResult {
        self.result.severity = severity;
        self
    }

    /// The report finding IDs the run's expectation names.
    pub fn relates_to(mut self, ids: &[String]) -> SqlResult {
        self.result.relates_to = ids.to_vec();
        self
    }

    /// Points at these places of the SQL, each once.
    pub fn at(mut self, spans: &[&Span]) -> SqlResult {
        for span in spans {
            self = self.pointing_to(evidence(span));
        }
        self
    }

    /// Points at this place, once.
    pub fn pointing_to(mut self, place: Evidence) -> SqlResult {
        if !self.result.evidence.contains(&place) {
            self.result.evidence.push(place);
        }
        self
    }

    /// What to change, when the rule knows it better than its gate's general fix: a
    /// sentence naming the statement, column or terms.
    pub fn fix(mut self, fix: String) -> SqlResult {
        self.result.fix = Some(fix);
        self
    }

    /// What the result knows beyond its message, for the gate card to lay out.
    pub fn detail(mut self, detail: Detail) -> SqlResult {
        self.result.detail = Some(detail);
        self
    }

    pub fn depends_on(mut self, words: Vec<String>) -> SqlResult {
        self.depends_on = words;
        self
    }
}

pub fn evidence(span: &Span) -> Evidence {
    Evidence::Sql {
        file: span.file.clone(),
        line: span.line,
        column: span.column,
    }
}

#[cfg(test)]
mod tests {
    use crate::registry::{Check, GATES};

    #[test]
    fn the_registry_lists_each_sql_gate_once() {
        let sql_gates: Vec<_> = GATES
            .iter()
            .filter(|g| matches!(g.check, Check::Sql(_)))
            .map(|g| g.info)
            .collect();
        // That every module here is registered is the registry's test; this one asks
        // that none is registered twice.
        let ids: std::collections::BTreeSet<_> = sql_gates.iter().map(|g| g.id).collect();
        assert!(!ids.is_empty());
        assert_eq!(ids.len(), sql_gates.len(), "an id twice in {ids:?}");
    }

    #[test]
    fn every_result_carries_its_rules_id() {
        let files = [crate::sql::SqlFile {
            path: "m.sql".into(),
            tool: None,
            text: Ok("SELECT 1;".into()),
        }];
        let result = crate::recheck::check(&files, None);
        for gate in &result.gates {
            assert!(
                GATES
                    .iter()
                    .any(|g| g.info.id == gate.id && matches!(g.check, Check::Sql(_))),
                "{}",
                gate.id
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Runs the whole engine on a snippet, for the rules' tests.

    use super::{Context, SqlResult};
    use crate::gate::{GateId, GateResult, Status};
    use crate::recheck::check;
    use crate::run::expectations::Expectations;
    use crate::sql::SqlFile;
    use crate::sql::expr_text::ExprText;
    use crate::sql::model::Schema;

    /// A file of `text` with no tool named.
    pub fn file(path: &str, text: &str) -> SqlFile {
        SqlFile {
            path: path.into(),
            tool: None,
            text: Ok(text.into()),
        }
    }

    pub fn results(sql: &str, expectations: Option<&Expectations>, id: GateId) -> Vec<GateResult> {
        check(&[file("m.sql", sql)], expectations)
            .gates
            .into_iter()
            .filter(|g| g.id == id)
            .collect()
    }

    /// The line of a result's first evidence, when it points into the SQL: the
    /// statement that decided it.
    pub fn first_line(result: &GateResult) -> Option<u32> {
        match result.evidence.first() {
            Some(crate::gate::Evidence::Sql { line, .. }) => Some(*line),
            _ => None,
        }
    }

    pub fn statuses(sql: &str, expectations: &Expectations, id: GateId) -> Vec<Status> {
        results(sql, Some(expectations), id)
            .iter()
            .map(|g| g.status)
            .collect()
    }

    pub fn expectations(json: &str) -> Expectations {
        serde_json::from_str(json).unwrap()
    }

    /// The schema `sql` leaves, for a test to change before it runs a rule on it.
    pub fn schema(sql: &str) -> Schema {
        check(&[file("m.sql", sql)], None).schema
    }

    /// One rule's results on `schema` alone, with no statements behind it.
    pub fn run_on(
        rule: fn(&Context) -> Vec<SqlResult>,
        schema: &Schema,
        expectations: &Expectations,
    ) -> Vec<GateResult> {
        let context = Context {
            schema,
            baseline: &Schema::default(),
            baseline_unparsed: &[],
            written: &[],
            transactions: &crate::sql::transactions::Followed::default(),
            parsed: 0,
            changes: &[],
            unparsed: &[],
            unreadable: &[],
            expectations: Some(expectations),
        };
        rule(&context).into_iter().map(|r| r.result).collect()
    }

    /// An expression whose text does not parse back, as a review from elsewhere or a
    /// printing bug in sqlparser could give.
    pub fn unparsable() -> ExprText {
        serde_json::from_str(r#""status = ""#).unwrap()
    }
}
