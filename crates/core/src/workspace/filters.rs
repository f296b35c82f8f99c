//! The findings table's filter and sort state, and its place in the page's query string
//! (`?sev=high,medium&status=fail&q=ledger&sort=severity`), so a reload or a shared link
//! shows the same rows. Other parameters (`report`, `run`, `view`, ...) are kept as
//! written. Values are comma-separated, each percent-encoded, so a phase holding a comma
//! survives. Words this build does not know are dropped, never guessed.

use super::findings_table::{Row, RowClass, RowSeverity, RowStatus, Sort, SortKey, sort};
use super::url::{decode, encode, pairs, with_params};

const KEYS: [&str; 7] = ["sev", "class", "phase", "status", "q", "sort", "new"];

/// Empty sets mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub severities: Vec<RowSeverity>,
    pub classes: Vec<RowClass>,
    pub phases: Vec<String>,
    pub statuses: Vec<RowStatus>,
    /// Free text, matched case-insensitively against IDs, text, phase, severity words
    /// and evidence.
    pub text: String,
    pub sort: Option<Sort>,
    /// Only rows new since the base run (`new=1`).
    pub new_only: bool,
}

impl Filters {
    pub fn matches(&self, row: &Row) -> bool {
        let any_or = |empty: bool, hit: bool| empty || hit;
        any_or(
            self.severities.is_empty(),
            self.severities.contains(&row.severity),
        ) && any_or(self.classes.is_empty(), self.classes.contains(&row.class))
            && any_or(
                self.phases.is_empty(),
                row.phase.as_ref().is_some_and(|p| self.phases.contains(p)),
            )
            && any_or(
                self.statuses.is_empty(),
                self.statuses.contains(&row.status),
            )
            && self.text_matches(row)
            && (!self.new_only || row.new_since_base)
    }

    fn text_matches(&self, row: &Row) -> bool {
        let needle = self.text.trim().to_lowercase();
        if needle.is_empty() {
            return true;
        }
        let has = |hay: &str| hay.to_lowercase().contains(&needle);
        row.ids.iter().any(|id| has(id))
            || has(&row.text)
            || row.phase.as_deref().is_some_and(has)
            || has(&row.severity_text)
            || row.related.iter().any(|id| has(id.as_str()))
            || row.evidence.iter().any(|e| has(&e.label))
    }

    /// The rows that match, in the chosen order.
    pub fn apply(&self, rows: &[Row]) -> Vec<Row> {
        let mut shown: Vec<Row> = rows.iter().filter(|r| self.matches(r)).cloned().collect();
        if let Some(s) = self.sort {
            sort(&mut shown, s);
        }
        shown
    }

    /// Reads the state from a query string (with or without the leading `?`).
    pub fn from_query(query: &str) -> Filters {
        let mut filters = Filters::default();
        for (key, value) in pairs(query) {
            let words = || value.split(',').map(decode).filter(|w| !w.is_empty());
            match key.as_str() {
                "sev" => {
                    filters.severities = words().filter_map(|w| RowSeverity::parse(&w)).collect()
                }
                "class" => filters.classes = words().filter_map(|w| RowClass::parse(&w)).collect(),
                "phase" => filters.phases = words().collect(),
                "status" => {
                    filters.statuses = words().filter_map(|w| RowStatus::parse(&w)).collect()
                }
                "q" => filters.text = decode(&value),
                "new" => filters.new_only = value == "1",
                "sort" => {
                    let value = decode(&value);
                    let (descending, word) = match value.strip_prefix('-') {
                        Some(word) => (true, word),
                        None => (false, value.as_str()),
                    };
                    filters.sort = SortKey::parse(word).map(|key| Sort { key, descending });
                }
                _ => {}
            }
        }
        filters
    }

    /// `query` with this state in place of any earlier one: other parameters stay as
    /// written and in order, ours follow; an empty result is `""`, else it starts
    /// with `?`.
    pub fn to_query(&self, query: &str) -> String {
        let list = |words: Vec<&str>| words.into_iter().map(encode).collect::<Vec<_>>().join(",");
        with_params(
            query,
            &KEYS,
            [
                (
                    "sev",
                    list(self.severities.iter().map(|s| s.as_str()).collect()),
                ),
                (
                    "class",
                    list(self.classes.iter().map(|c| c.as_str()).collect()),
                ),
                (
                    "phase",
                    list(self.phases.iter().map(String::as_str).collect()),
                ),
                (
                    "status",
                    list(self.statuses.iter().map(|s| s.as_str()).collect()),
                ),
                ("q", encode(self.text.trim())),
                ("new", if self.new_only { "1" } else { "" }.to_string()),
                (
                    "sort",
                    self.sort
                        .map(|s| {
                            format!("{}{}", if s.descending { "-" } else { "" }, s.key.as_str())
                        })
                        .unwrap_or_default(),
                ),
            ],
        )
    }
}

/// Adds `item` to `list` or takes it out: what ticking a filter box does.
pub fn set_member<T: PartialEq>(list: &mut Vec<T>, item: T, member: bool) {
    let at = list.iter().position(|x| *x == item);
    match (member, at) {
        (true, None) => list.push(item),
        (false, Some(i)) => {
            list.remove(i);
        }
        _ => {}
    }
}

/// The phases the rows have, in table order, each once: the phase filter's choices.
pub fn phases(rows: &[Row]) -> Vec<String> {
    let mut phases: Vec<String> = Vec::new();
    for phase in rows.iter().filter_map(|r| r.phase.as_ref()) {
        if !phases.contains(phase) {
            phases.push(phase.clone());
        }
    }
    phases
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;
    use crate::workspace::findings_table::RowKind;
    use crate::workspace::findings_table::tests::seed_rows;

    #[test]
    fn the_query_string_round_trips_and_keeps_other_parameters() {
        let filters = Filters {
            severities: vec![RowSeverity::High, RowSeverity::Medium],
            classes: vec![RowClass::Recommended],
            phases: vec!["Backfill (verify)".into(), "a,b".into()],
            statuses: vec![RowStatus::Fail],
            text: "ledger row".into(),
            sort: Some(Sort {
                key: SortKey::Severity,
                descending: true,
            }),
            new_only: true,
        };
        let query = filters.to_query("?report=r.md&sev=low&view=x&q=old&new=1");
        assert_eq!(
            query,
            "?report=r.md&view=x&sev=high,medium&class=recommended&phase=Backfill%20%28verify%29,a%2Cb&status=fail&q=ledger%20row&new=1&sort=-severity"
        );
        assert_eq!(Filters::from_query(&query), filters);
    }

    #[test]
    fn an_empty_state_removes_only_its_own_parameters() {
        let none = Filters::default();
        assert_eq!(none.to_query("?sev=high&q=x"), "");
        assert_eq!(none.to_query("run=a.json&sort=id"), "?run=a.json");
        assert_eq!(Filters::from_query(""), none);
    }

    #[test]
    fn the_brief_example_reads_and_unknown_words_are_dropped() {
        let f = Filters::from_query(
            "?sev=high,medium,severe&status=fail&q=ledger+row&sort=severity&class=%",
        );
        assert_eq!(f.severities, [RowSeverity::High, RowSeverity::Medium]);
        assert_eq!(f.statuses, [RowStatus::Fail]);
        assert_eq!(f.text, "ledger row");
        assert_eq!(
            f.sort.map(|s| (s.key, s.descending)),
            Some((SortKey::Severity, false))
        );
        assert!(f.classes.is_empty());
        assert_eq!(Filters::from_query("sort=-nope").sort, None);
    }

    #[test]
    fn filters_narrow_the_seed_rows() {
        let rows = seed_rows();
        let all = Filters::default().apply(&rows);
        assert_eq!(all, rows);
        let medium = Filters {
            severities: vec![RowSeverity::Medium],
            ..Filters::default()
        }
        .apply(&rows);
        assert!(!medium.is_empty() && medium.len() < rows.len());
        assert!(medium.iter().all(|r| r.severity == RowSeverity::Medium));
        let tests = Filters {
            phases: vec!["Tests".into()],
            classes: vec![RowClass::Recommended],
            ..Filters::default()
        }
        .apply(&rows);
        assert_eq!(tests.len(), 2);
        let run_gates = Filters {
            classes: vec![RowClass::Gate],
            phases: vec!["run".into()],
            statuses: vec![RowStatus::Pass],
            ..Filters::default()
        }
        .apply(&rows);
        assert!(
            run_gates
                .iter()
                .any(|r| r.id() == GateId::SelfAuditSafe.as_str())
        );
    }

    #[test]
    fn free_text_searches_ids_text_and_evidence_any_case() {
        let rows = seed_rows();
        let search = |text: &str| {
            Filters {
                text: text.into(),
                ..Filters::default()
            }
            .apply(&rows)
        };
        let fk = search("fk-010");
        assert!(fk.len() < rows.len());
        assert!(
            fk.iter()
                .any(|r| r.kind == RowKind::Finding && r.has_id("FK-010"))
        );
        assert!(
            fk.iter()
                .all(|r| r.has_id("FK-010") || r.related.iter().any(|id| id.as_str() == "FK-010"))
        );
        assert!(
            search("RUNBOOK")
                .iter()
                .any(|r| r.has_id("NO_MANUAL_BACKFILL_RUNBOOK_GENERATED"))
        );
        assert!(!search("$.VERIFYGATE").is_empty());
        assert!(search("no such words anywhere").is_empty());
    }

    #[test]
    fn filter_boxes_add_and_remove_once() {
        let mut list = vec![RowStatus::Fail];
        set_member(&mut list, RowStatus::Pass, true);
        set_member(&mut list, RowStatus::Pass, true);
        assert_eq!(list, [RowStatus::Fail, RowStatus::Pass]);
        set_member(&mut list, RowStatus::Fail, false);
        set_member(&mut list, RowStatus::Claimed, false);
        assert_eq!(list, [RowStatus::Pass]);
    }

    #[test]
    fn phase_choices_are_the_seed_phases_once_each() {
        let phases = phases(&seed_rows());
        assert_eq!(phases.first().map(String::as_str), Some("Preflight"));
        assert_eq!(phases.iter().filter(|p| *p == "Repos").count(), 1);
        assert!(phases.iter().any(|p| p == "run") && phases.iter().any(|p| p == "SQL"));
    }
}
