//! The sign-off record a reviewer exports: who, when, what was reviewed (SHA-256 of the
//! report, the run and each SQL file), the re-check's verdict and every checklist
//! item's state; in JSON (to import again) and Markdown (to read or attach).

use serde::{Deserialize, Serialize};

use super::ticks::Ticks;
use crate::hash::sha256_hex;
use crate::inputs::{Inputs, Named};
use crate::report::{Checklist, ChecklistItem};
use crate::review::Review;

pub const FORMAT: &str = "secondlook-signoff/v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignOff {
    pub format: String,
    pub who: String,
    /// ISO 8601, as the caller's clock gave it.
    pub when: String,
    pub report: Option<FileHash>,
    pub run: Option<FileHash>,
    pub sql: Vec<FileHash>,
    /// secondlook's own verdict (`go`, `go-with-changes`, `not-verified`, `no-go`);
    /// `None` without a readable run.
    pub verdict: Option<String>,
    /// Each blocker nobody could verify when this was signed: the gate, why, and what
    /// would settle it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_verified: Vec<String>,
    pub items: Vec<ItemState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemState {
    pub id: String,
    /// The heading the item sits under.
    pub checklist: String,
    pub text: String,
    pub human_only: bool,
    pub ticked: bool,
}

/// What importing a sign-off gives: the ticks to show, and how many of the sign-off's
/// items this report has (matched by id) or lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub ticks: Ticks,
    pub matched: usize,
    pub unmatched: usize,
}

fn hash(file: &Named) -> FileHash {
    FileHash {
        path: file.name.clone(),
        sha256: sha256_hex(file.text.as_bytes()),
    }
}

/// The SHA-256 of the loaded report, which keys its ticks and seals a sign-off.
pub fn report_sha256(inputs: &Inputs) -> Option<String> {
    inputs
        .report
        .as_ref()
        .map(|r| sha256_hex(r.text.as_bytes()))
}

/// The record of `who` signing off at `when`. A sign-off needs a name.
pub fn build(
    who: &str,
    when: &str,
    inputs: &Inputs,
    review: &Review,
    ticks: &Ticks,
) -> Result<SignOff, String> {
    let who = who.trim();
    if who.is_empty() {
        return Err("a sign-off needs the name of who signs".to_string());
    }
    let checklists: &[Checklist] = review.report.as_ref().map_or(&[], |r| &r.checklists);
    let mut items = Vec::new();
    for list in checklists {
        collect(&list.title, &list.items, ticks, &mut items);
    }
    Ok(SignOff {
        format: FORMAT.to_string(),
        who: who.to_string(),
        when: when.to_string(),
        report: inputs.report.as_ref().map(hash),
        run: inputs.run.as_ref().map(hash),
        sql: inputs.sql.iter().map(hash).collect(),
        verdict: review
            .decision
            .as_ref()
            .map(|d| d.verdict.as_str().to_string()),
        not_verified: review
            .decision
            .iter()
            .flat_map(|d| d.unverified_blockers())
            .map(|m| {
                format!(
                    "{}: {}; to settle it: {}",
                    m.id,
                    m.message,
                    m.settle.sentence()
                )
            })
            .collect(),
        items,
    })
}

fn collect(checklist: &str, items: &[ChecklistItem], ticks: &Ticks, out: &mut Vec<ItemState>) {
    for item in items {
        out.push(ItemState {
            id: item.id.clone(),
            checklist: checklist.to_string(),
            text: item.text.clone(),
            human_only: item.human_only,
            ticked: ticks.is_ticked(&item.id),
        });
        collect(checklist, &item.children, ticks, out);
    }
}

impl SignOff {
    /// Reads an exported sign-off; anything else is an error saying what is wrong.
    pub fn from_json(text: &str) -> Result<SignOff, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("not a JSON file ({e})"))?;
        let format = value.get("format").and_then(|f| f.as_str());
        if format != Some(FORMAT) {
            return Err(format!(
                "not a secondlook sign-off: its format is {}, not {FORMAT}",
                format.map_or("missing".to_string(), |f| format!("{f:?}"))
            ));
        }
        serde_json::from_value(value).map_err(|e| format!("the sign-off is incomplete ({e})"))
    }

    pub fn to_json(&self) -> String {
        // A struct of strings, bools and lists always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Why this sign-off is for another report than the one loaded, if it is.
    pub fn report_mismatch(&self, report_sha256: Option<&str>) -> Option<String> {
        let signed = self.report.as_ref().map(|r| r.sha256.as_str());
        (signed != report_sha256).then(|| {
            let name = |sha: Option<&str>| {
                sha.map_or("no report".to_string(), |s| {
                    format!("report {}", s.get(..12).unwrap_or(s))
                })
            };
            format!(
                "This sign-off was made for {} ({}), but the loaded report is {}: its ticks may not mean the same.",
                name(signed),
                self.report.as_ref().map_or("", |r| r.path.as_str()),
                name(report_sha256)
            )
        })
    }

    /// `current` with each item this sign-off names (by id) set as it was signed.
    pub fn restore(&self, checklists: &[Checklist], current: &Ticks) -> Restored {
        let mut ticks = current.clone();
        let known: Vec<&str> = super::ticks::items(checklists)
            .map(|i| i.id.as_str())
            .collect();
        let mut matched = 0;
        for item in &self.items {
            if known.contains(&item.id.as_str()) {
                ticks.set(&item.id, item.ticked);
                matched += 1;
            }
        }
        Restored {
            ticks,
            matched,
            unmatched: self.items.len() - matched,
        }
    }

    /// A file name without extension, naming the report by its hash.
    pub fn file_stem(&self) -> String {
        let sha = self.report.as_ref().map_or("no-report", |r| {
            r.sha256.get(..12).unwrap_or(r.sha256.as_str())
        });
        format!("secondlook-signoff-{sha}")
    }

    pub fn to_markdown(&self) -> String {
        let mut md = String::from("# secondlook sign-off\n\n");
        md.push_str(&format!(
            "- Signed by: {}\n- When: {}\n",
            self.who, self.when
        ));
        md.push_str(&format!(
            "- Verdict (re-checked): {}\n",
            self.verdict.as_deref().unwrap_or("none (no readable run)")
        ));
        if !self.not_verified.is_empty() {
            md.push_str("\n## Not verified\n\n");
            for item in &self.not_verified {
                md.push_str(&format!("- {item}\n"));
            }
        }
        md.push_str("\n## Files (SHA-256)\n\n");
        let files = [("report", &self.report), ("run", &self.run)];
        for (kind, file) in files {
            match file {
                Some(f) => md.push_str(&format!("- {kind} `{}`: `{}`\n", f.path, f.sha256)),
                None => md.push_str(&format!("- {kind}: none loaded\n")),
            }
        }
        for f in &self.sql {
            md.push_str(&format!("- SQL `{}`: `{}`\n", f.path, f.sha256));
        }
        let ticked = self.items.iter().filter(|i| i.ticked).count();
        md.push_str(&format!(
            "\n## Checklist ({ticked} of {} ticked)\n",
            self.items.len()
        ));
        let mut heading = None;
        for item in &self.items {
            if heading != Some(&item.checklist) {
                md.push_str(&format!("\n### {}\n\n", item.checklist));
                heading = Some(&item.checklist);
            }
            md.push_str(&format!(
                "- [{}] {}{} <!-- {} -->\n",
                if item.ticked { "x" } else { " " },
                if item.human_only { "(human-only) " } else { "" },
                item.text,
                item.id
            ));
        }
        md
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::ticks::items;

    fn signed(ticked: usize) -> (Inputs, Review, SignOff) {
        let inputs = Inputs::demo();
        let review = inputs.review();
        let lists = &review.report.as_ref().unwrap().checklists;
        let mut ticks = Ticks::default();
        for item in items(lists).take(ticked) {
            ticks.set(&item.id, true);
        }
        let signoff = build(
            " Ada ",
            "2025-01-02T03:04:05.000Z",
            &inputs,
            &review,
            &ticks,
        )
        .unwrap();
        (inputs, review, signoff)
    }

    #[test]
    fn a_sign_off_without_the_sql_records_what_was_not_verified() {
        let mut inputs = Inputs::demo();
        inputs.sql.clear();
        let review = inputs.review();
        let signoff = build("Ada", "2025-01-02", &inputs, &review, &Ticks::default()).unwrap();
        assert_eq!(signoff.verdict.as_deref(), Some("not-verified"));
        let money = signoff
            .not_verified
            .iter()
            .find(|line| line.starts_with("money-type: "))
            .unwrap();
        assert!(
            money.contains("to settle it: load the SQL the run names: backend/src/db/migrations/0000_money_core.sql"),
            "{money}"
        );
        let md = signoff.to_markdown();
        assert!(md.contains("- Verdict (re-checked): not-verified\n\n## Not verified\n\n- "));
    }

    #[test]
    fn a_sign_off_records_hashes_verdict_and_every_item() {
        let (inputs, review, s) = signed(3);
        assert_eq!(s.who, "Ada");
        assert_eq!(
            s.report.as_ref().unwrap().sha256,
            sha256_hex(crate::demo::REPORT.as_bytes())
        );
        assert_eq!(
            s.run.as_ref().unwrap().sha256,
            sha256_hex(crate::demo::RUN.as_bytes())
        );
        assert_eq!(s.sql.len(), inputs.sql.len());
        assert_eq!(
            s.verdict.as_deref(),
            Some(review.decision.as_ref().unwrap().verdict.as_str())
        );
        let total: usize = review
            .report
            .as_ref()
            .unwrap()
            .checklists
            .iter()
            .map(|c| c.total)
            .sum();
        assert_eq!(s.items.len(), total);
        assert_eq!(s.items.iter().filter(|i| i.ticked).count(), 3);
        assert!(s.items.iter().any(|i| i.human_only));
        assert_eq!(
            report_sha256(&inputs),
            Some(sha256_hex(crate::demo::REPORT.as_bytes()))
        );
    }

    #[test]
    fn a_sign_off_needs_a_name() {
        let inputs = Inputs::demo();
        let err = build("  ", "now", &inputs, &inputs.review(), &Ticks::default()).unwrap_err();
        assert!(err.contains("name"));
    }

    #[test]
    fn json_round_trips_and_restores_the_ticks() {
        let (inputs, review, s) = signed(2);
        let read = SignOff::from_json(&s.to_json()).unwrap();
        assert_eq!(read, s);
        assert_eq!(
            read.report_mismatch(report_sha256(&inputs).as_deref()),
            None
        );
        let lists = &review.report.as_ref().unwrap().checklists;
        let mut current = Ticks::default();
        let last = items(lists).last().unwrap().id.clone();
        current.set(&last, true);
        let restored = read.restore(lists, &current);
        assert_eq!(restored.matched, s.items.len());
        assert_eq!(restored.unmatched, 0);
        // The sign-off had the last item unticked: its state wins over the current one.
        assert_eq!(restored.ticks.progress(lists).0, 2);
    }

    #[test]
    fn items_the_report_lacks_are_counted_not_restored() {
        let (_, review, mut s) = signed(1);
        s.items.push(ItemState {
            id: "elsewhere".into(),
            checklist: "x".into(),
            text: "x".into(),
            human_only: false,
            ticked: true,
        });
        let restored = s.restore(
            &review.report.as_ref().unwrap().checklists,
            &Ticks::default(),
        );
        assert_eq!(restored.unmatched, 1);
        assert!(!restored.ticks.is_ticked("elsewhere"));
    }

    #[test]
    fn another_reports_sign_off_is_named_as_such() {
        let (_, _, s) = signed(0);
        let message = s.report_mismatch(Some("0123456789abcdef")).unwrap();
        assert!(message.contains("report 0123456789ab"), "{message}");
        assert!(message.contains("money-core-audit-report.md"), "{message}");
        assert!(s.report_mismatch(None).unwrap().contains("no report"));
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        assert!(
            SignOff::from_json("nope")
                .unwrap_err()
                .contains("not a JSON file")
        );
        assert!(
            SignOff::from_json(r#"{"format":"secondlook-ticks/v1"}"#)
                .unwrap_err()
                .contains("not a secondlook sign-off")
        );
        let missing = format!(r#"{{"format":"{FORMAT}","who":"a"}}"#);
        assert!(
            SignOff::from_json(&missing)
                .unwrap_err()
                .contains("incomplete")
        );
    }

    #[test]
    fn markdown_lists_who_hashes_and_ticks() {
        let (_, _, s) = signed(1);
        let md = s.to_markdown();
        assert!(md.contains("- Signed by: Ada\n"));
        assert!(md.contains(&s.report.as_ref().unwrap().sha256));
        assert_eq!(md.matches("- [x] ").count(), 1);
        assert_eq!(md.matches("- [ ] ").count(), s.items.len() - 1);
        assert!(md.contains("(human-only) "));
        assert!(s.file_stem().starts_with("secondlook-signoff-") && s.file_stem().len() == 31);
    }
}
