//! Where a reviewer's work on a review is kept in the browser: under keys made from the
//! SHA-256 of every input (the report, the run and each SQL file), so that two runs that
//! share a report, or a run whose SQL changed, never share ticks or typed reasons.
//!
//! Earlier versions kept the ticks and the draft per report only. Such an entry does not
//! say which run and SQL it was made with, so it is never applied by itself: the page
//! offers it for the files loaded, and the reviewer restores or forgets it. Until
//! forgotten it stays, so no kept work is lost on upgrade.

use crate::hash::sha256_hex;
use crate::inputs::Inputs;

/// The storage keys of one set of inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptKeys {
    /// The ticks of these exact inputs.
    pub ticks: String,
    /// The name and reasons typed towards a sign-off of these exact inputs.
    pub draft: String,
    /// Where earlier versions kept the ticks of this report, whatever the run and SQL.
    pub legacy_ticks: String,
    /// Where earlier versions kept the draft of this report, whatever the run and SQL.
    pub legacy_draft: String,
}

/// The keys of `inputs`' kept work; none without a report, whose checklists are what
/// is ticked.
pub fn keys(inputs: &Inputs) -> Option<KeptKeys> {
    let report = sha256_hex(inputs.report.as_ref()?.text.as_bytes());
    let run = inputs
        .run
        .as_ref()
        .map_or("none".to_string(), |r| sha256_hex(r.text.as_bytes()));
    // SQL files count by content, in any order: their names depend on how they were opened.
    let mut sql: Vec<String> = inputs
        .sql
        .iter()
        .map(|f| sha256_hex(f.text.as_bytes()))
        .collect();
    sql.sort();
    let all = sha256_hex(format!("report {report}\nrun {run}\nsql {}\n", sql.join(" ")).as_bytes());
    Some(KeptKeys {
        ticks: format!("secondlook.ticks.inputs.{all}"),
        draft: format!("secondlook.signoff-draft.inputs.{all}"),
        legacy_ticks: format!("secondlook.ticks.{report}"),
        legacy_draft: format!("secondlook.signoff-draft.{report}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(inputs: &Inputs) -> String {
        keys(inputs).unwrap().ticks
    }

    #[test]
    fn every_input_is_part_of_the_key() {
        let demo = Inputs::demo();
        let mut other_run = demo.clone();
        other_run.run.as_mut().unwrap().text.push(' ');
        let mut no_run = demo.clone();
        no_run.run = None;
        let mut other_sql = demo.clone();
        other_sql.sql[0].text.push_str("\n-- edited\n");
        let mut no_sql = demo.clone();
        no_sql.sql.clear();
        let all = [&demo, &other_run, &no_run, &other_sql, &no_sql].map(key);
        for (at, a) in all.iter().enumerate() {
            assert_eq!(all.iter().filter(|b| *b == a).count(), 1, "{at}: {all:?}");
        }
        // The report alone names the earlier versions' entry: shared by all of them.
        let legacy = keys(&other_run).unwrap().legacy_ticks;
        assert_eq!(legacy, keys(&demo).unwrap().legacy_ticks);
        assert_eq!(
            legacy,
            format!(
                "secondlook.ticks.{}",
                sha256_hex(crate::demo::REPORT.as_bytes())
            )
        );
        assert!(
            keys(&demo)
                .unwrap()
                .draft
                .starts_with("secondlook.signoff-draft.inputs.")
        );
    }

    #[test]
    fn sql_files_count_by_content_not_name_or_order() {
        let mut demo = Inputs::demo();
        demo.sql.push(crate::inputs::Named {
            name: "b.sql".into(),
            text: "select 1;".into(),
        });
        let mut moved = demo.clone();
        moved.sql.reverse();
        moved.sql[0].name = "elsewhere/b.sql".into();
        assert_eq!(key(&demo), key(&moved));
    }

    #[test]
    fn nothing_is_kept_without_a_report() {
        let mut inputs = Inputs::demo();
        inputs.report = None;
        assert_eq!(keys(&inputs), None);
    }
}
