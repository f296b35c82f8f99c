//! The sign-off record a reviewer exports: who, when, what was reviewed (SHA-256 of the
//! report, the run and each SQL file), the re-check's verdict, the blockers that did
//! not pass with the risk the reviewer accepted for each, the disagreement with the
//! report and every checklist item's state; in JSON (to import again, and for
//! `secondlook check --signoff`) and Markdown (to read or attach). `docs/signoff.md`
//! is the format.

use serde::{Deserialize, Serialize};

use super::ticks::Ticks;
use crate::diff::fingerprint;
use crate::escape;
use crate::gate::{GateId, Severity, Status};
use crate::hash::sha256_hex;
use crate::inputs::{Inputs, Named};
use crate::report::{Checklist, ChecklistItem};
use crate::review::Review;
use crate::verdict::Verdict;

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
    pub verdict: Option<Verdict>,
    /// Where the report and the re-check disagree, as the banner said it.
    #[serde(default)]
    pub discrepancy: Option<String>,
    /// The blockers that did not pass when this was signed.
    #[serde(default)]
    pub blockers: Vec<Blocker>,
    /// The reviewer's acknowledgement of each of `blockers`.
    #[serde(default)]
    pub accepted_risks: Vec<AcceptedRisk>,
    pub items: Vec<ItemState>,
}

/// A blocker gate result that did not pass: failed, not verified, not reported, or a
/// gate that gave no result (`status` is `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Blocker {
    /// The result's fingerprint key (`crate::diff::Fingerprint::key`).
    pub gate: String,
    pub status: Option<Status>,
    pub message: String,
    /// What would settle a blocker nobody could verify (not verified, not reported, or
    /// silent); `None` for a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settle: Option<String>,
}

/// A reviewer going ahead although a blocker did not pass, and why; like dismissing a
/// code-scanning alert with a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptedRisk {
    /// The fingerprint key of the blocker accepted.
    pub gate: String,
    pub reason: String,
    /// Who accepted it.
    pub who: String,
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

/// The blockers of `review` a sign-off must accept the risk of, each once: every
/// blocker result that is not a pass and every blocker gate that said nothing. Without
/// a readable run there is nothing to accept, and nothing to go ahead with either.
pub fn blockers(review: &Review) -> Vec<Blocker> {
    let expectations = review.run().and_then(|r| r.expectations.as_ref());
    let unverified: Vec<_> = review
        .decision
        .iter()
        .flat_map(|d| d.unverified_blockers())
        .collect();
    let settle = |id: &GateId| {
        unverified
            .iter()
            .find(|m| &m.id == id)
            .map(|m| m.settle.sentence())
    };
    let mut out: Vec<Blocker> = review
        .gates
        .iter()
        .filter(|g| g.severity == Severity::Blocker && g.status != Status::Pass)
        .map(|g| Blocker {
            gate: fingerprint(g, expectations).key(),
            status: Some(g.status),
            message: g.message.clone(),
            settle: (g.status != Status::Fail).then(|| settle(&g.id)).flatten(),
        })
        .collect();
    out.extend(
        unverified
            .iter()
            .filter(|m| m.status.is_none())
            .map(|m| Blocker {
                gate: m.id.to_string(),
                status: None,
                message: m.message.clone(),
                settle: Some(m.settle.sentence()),
            }),
    );
    let mut seen = Vec::new();
    out.retain(|b| {
        let first = !seen.contains(&b.gate);
        seen.push(b.gate.clone());
        first
    });
    out
}

/// The record of `who` signing off at `when`. A sign-off needs a name, and a reason
/// and a name for each blocker that did not pass (risks for other gates are dropped:
/// they would accept something this review does not have).
pub fn build(
    who: &str,
    when: &str,
    inputs: &Inputs,
    review: &Review,
    ticks: &Ticks,
    risks: &[AcceptedRisk],
) -> Result<SignOff, String> {
    let who = who.trim();
    if who.is_empty() {
        return Err("a sign-off needs the name of who signs".to_string());
    }
    let blockers = blockers(review);
    let mut accepted_risks = Vec::new();
    for blocker in &blockers {
        let risk = risks.iter().find(|r| r.gate == blocker.gate);
        match risk.map(AcceptedRisk::trimmed) {
            Some(Ok(risk)) => accepted_risks.push(risk),
            Some(Err(why)) => return Err(why),
            None => {
                return Err(format!(
                    "{} did not pass: accept its risk with a reason before signing",
                    blocker.gate
                ));
            }
        }
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
        verdict: review.decision.as_ref().map(|d| d.verdict),
        discrepancy: review.discrepancy.as_ref().map(|d| d.message.clone()),
        blockers,
        accepted_risks,
        items,
    })
}

impl AcceptedRisk {
    /// The risk with its words trimmed, if it has both a reason and a name.
    fn trimmed(&self) -> Result<AcceptedRisk, String> {
        let (reason, who) = (self.reason.trim(), self.who.trim());
        if reason.is_empty() || who.is_empty() {
            return Err(format!(
                "the accepted risk of {} needs a reason and a name",
                self.gate
            ));
        }
        Ok(AcceptedRisk {
            gate: self.gate.clone(),
            reason: reason.to_string(),
            who: who.to_string(),
        })
    }
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
    /// Reads an exported sign-off; anything else is an error saying what is wrong (a
    /// verdict or status word this build does not know is named, never guessed at).
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
        serde_json::from_value(value)
            .map_err(|e| format!("the sign-off is incomplete or unreadable ({e})"))
    }

    pub fn to_json(&self) -> String {
        // A struct of strings, bools and lists always serialises.
        serde_json::to_string_pretty(self).unwrap_or_default()
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

    /// The sign-off for people. Every text in it came from the inputs or the reviewer,
    /// so each is escaped ([`escape::markdown`]): a report's text cannot forge a heading,
    /// a table or a ticked item in it.
    pub fn to_markdown(&self) -> String {
        let md_of = |text: &str| escape::markdown(text);
        let mut md = String::from("# secondlook sign-off\n\n");
        md.push_str(&format!(
            "- Signed by: {}\n- When: {}\n",
            md_of(&self.who),
            md_of(&self.when)
        ));
        md.push_str(&format!(
            "- Verdict (re-checked): {}\n",
            md_of(
                self.verdict
                    .map_or("none (no readable run)", Verdict::as_str)
            )
        ));
        if let Some(discrepancy) = &self.discrepancy {
            md.push_str(&format!(
                "- Disagreement with the report: {}\n",
                md_of(discrepancy)
            ));
        }
        if !self.blockers.is_empty() {
            md.push_str("\n## Blockers that did not pass, and the risk accepted\n\n");
        }
        for blocker in &self.blockers {
            let status = blocker.status.map_or("no result", Status::as_str);
            md.push_str(&format!(
                "- {} ({}): {}\n",
                md_of(&blocker.gate),
                md_of(status),
                md_of(&blocker.message)
            ));
            if let Some(settle) = &blocker.settle {
                md.push_str(&format!("  - to settle it: {}\n", md_of(settle)));
            }
            match self.accepted_risks.iter().find(|r| r.gate == blocker.gate) {
                Some(r) => md.push_str(&format!(
                    "  - accepted by {}: {}\n",
                    md_of(&r.who),
                    md_of(&r.reason)
                )),
                None => md.push_str("  - **not accepted**\n"),
            }
        }
        md.push_str("\n## Files (SHA-256)\n\n");
        let files = [("report", &self.report), ("run", &self.run)];
        for (kind, file) in files {
            match file {
                Some(f) => md.push_str(&format!(
                    "- {kind} {}: {}\n",
                    md_of(&f.path),
                    md_of(&f.sha256)
                )),
                None => md.push_str(&format!("- {kind}: none loaded\n")),
            }
        }
        for f in &self.sql {
            md.push_str(&format!("- SQL {}: {}\n", md_of(&f.path), md_of(&f.sha256)));
        }
        let ticked = self.items.iter().filter(|i| i.ticked).count();
        md.push_str(&format!(
            "\n## Checklist ({ticked} of {} ticked)\n",
            self.items.len()
        ));
        let mut heading = None;
        for item in &self.items {
            if heading != Some(&item.checklist) {
                md.push_str(&format!("\n### {}\n\n", md_of(&item.checklist)));
                heading = Some(&item.checklist);
            }
            md.push_str(&format!(
                "- [{}] {}{} <!-- {} -->\n",
                if item.ticked { "x" } else { " " },
                if item.human_only { "(human-only) " } else { "" },
                md_of(&item.text),
                md_of(&item.id)
            ));
        }
        md
    }
}

/// Sign-offs for tests here and in the command line's (feature `test-support`).
#[cfg(any(test, feature = "test-support"))]
#[allow(
    clippy::expect_used,
    reason = "only tests call it: a panic is their failure"
)]
pub mod test_support {
    use super::{AcceptedRisk, SignOff, blockers, build};
    use crate::inputs::Inputs;
    use crate::review::Review;
    use crate::workspace::ticks::{Ticks, items};

    /// Every blocker of `review` that did not pass, accepted by Ada for `reason`.
    pub fn accept_all(review: &Review, reason: &str) -> Vec<AcceptedRisk> {
        blockers(review)
            .into_iter()
            .map(|b| AcceptedRisk {
                gate: b.gate,
                reason: reason.into(),
                who: "Ada".into(),
            })
            .collect()
    }

    /// The sign-off Ada makes at `when` with every checklist item ticked and every
    /// blocker that did not pass accepted for `reason`: one that holds for `inputs`.
    pub fn sign_all(inputs: &Inputs, review: &Review, when: &str, reason: &str) -> SignOff {
        let mut ticks = Ticks::default();
        for item in items(&review.report.as_ref().expect("a report to sign").checklists) {
            ticks.set(&item.id, true);
        }
        build(
            "Ada",
            when,
            inputs,
            review,
            &ticks,
            &accept_all(review, reason),
        )
        .expect("Ada's sign-off is complete")
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::accept_all;
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
            &accept_all(&review, " checked by hand "),
        )
        .unwrap();
        (inputs, review, signoff)
    }

    #[test]
    fn a_sign_off_without_the_sql_records_what_would_settle_each_unverified_blocker() {
        let mut inputs = Inputs::demo();
        inputs.sql.clear();
        let review = inputs.review();
        let signoff = build(
            "Ada",
            "2025-01-02",
            &inputs,
            &review,
            &Ticks::default(),
            &accept_all(&review, " checked by hand "),
        )
        .unwrap();
        assert_eq!(signoff.verdict, Some(Verdict::NotVerified));
        let money = signoff
            .blockers
            .iter()
            .find(|b| b.gate.starts_with(GateId::MoneyType.as_str()))
            .unwrap();
        let settle = money.settle.as_deref().unwrap();
        assert!(
            settle.contains(
                "load the SQL the run names: backend/src/db/migrations/0000_money_core.sql"
            ),
            "{settle}"
        );
        let md = signoff.to_markdown();
        assert!(
            md.contains(&format!("  - to settle it: {}\n", escape::markdown(settle))),
            "{md}"
        );
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
        assert_eq!(s.verdict, Some(review.decision.as_ref().unwrap().verdict));
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
    }

    #[test]
    fn a_sign_off_needs_a_name() {
        let inputs = Inputs::demo();
        let review = inputs.review();
        let err = build(
            "  ",
            "now",
            &inputs,
            &review,
            &Ticks::default(),
            &accept_all(&review, " checked by hand "),
        )
        .unwrap_err();
        assert!(err.contains("name"));
    }

    /// A review whose run fails a blocker: the seed run with a float money column.
    fn failing() -> (Inputs, Review) {
        let mut inputs = Inputs::demo();
        let sql = inputs.sql.first_mut().unwrap();
        sql.text = sql.text.replacen("numeric(38, 18)", "double precision", 1);
        let review = inputs.review();
        (inputs, review)
    }

    #[test]
    fn every_blocker_that_did_not_pass_needs_an_accepted_risk_with_a_reason() {
        let (inputs, review) = failing();
        let blockers = blockers(&review);
        assert!(
            blockers
                .iter()
                .any(|b| b.gate.starts_with(&format!("{}:", GateId::MoneyType))
                    && b.status == Some(Status::Fail)),
            "{blockers:?}"
        );
        let mut risks = accept_all(&review, " checked by hand ");
        let sign = |risks: &[AcceptedRisk]| {
            build("Ada", "now", &inputs, &review, &Ticks::default(), risks)
        };
        let signed = sign(&risks).unwrap();
        assert_eq!(signed.blockers, blockers);
        assert_eq!(signed.accepted_risks.len(), blockers.len());
        assert_eq!(signed.accepted_risks[0].reason, "checked by hand");
        assert!(
            signed
                .to_markdown()
                .contains("accepted by Ada: checked by hand")
        );

        risks[0].reason = "  ".into();
        assert!(
            sign(&risks)
                .unwrap_err()
                .contains("needs a reason and a name")
        );
        let gate = risks.remove(0).gate;
        let err = sign(&risks).unwrap_err();
        assert!(
            err.contains(&gate) && err.contains("accept its risk"),
            "{err}"
        );
    }

    #[test]
    fn not_verified_and_silent_blockers_need_acceptance_too() {
        let mut review = Inputs::demo().review();
        review.gates.retain(|g| g.id != GateId::MoneyType);
        let gate = review
            .gates
            .iter_mut()
            .find(|g| g.id == GateId::TestsNotSkipped)
            .unwrap();
        gate.status = Status::NotVerified;
        crate::review::decide_again(&mut review);
        let blockers = blockers(&review);
        let found = |gate: GateId, status: Option<Status>| {
            blockers
                .iter()
                .any(|b| b.gate == gate.as_str() && b.status == status && b.settle.is_some())
        };
        assert!(
            found(GateId::TestsNotSkipped, Some(Status::NotVerified)),
            "{blockers:?}"
        );
        assert!(found(GateId::MoneyType, None), "{blockers:?}");
    }

    #[test]
    fn json_round_trips_and_restores_the_ticks() {
        let (_, review, s) = signed(2);
        let read = SignOff::from_json(&s.to_json()).unwrap();
        assert_eq!(read, s);
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
    fn the_verdict_and_statuses_are_written_as_words_and_unknown_words_are_named() {
        let (_, review, mut s) = signed(0);
        s.blockers.push(Blocker {
            gate: GateId::MoneyType.to_string(),
            status: Some(Status::NotVerified),
            message: "m".into(),
            settle: None,
        });
        let json: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
        let verdict = review.decision.as_ref().unwrap().verdict;
        assert_eq!(json["verdict"], verdict.as_str());
        for (written, blocker) in json["blockers"].as_array().unwrap().iter().zip(&s.blockers) {
            assert_eq!(written["status"], blocker.status.unwrap().as_str());
        }
        // A sign-off from elsewhere with a word this build does not know is refused,
        // naming the word, never read as some other verdict or status.
        let mut hostile = json.clone();
        hostile["verdict"] = "go-ish".into();
        let err = SignOff::from_json(&hostile.to_string()).unwrap_err();
        assert!(err.contains("go-ish"), "{err}");
        let mut hostile = json;
        hostile["blockers"][0]["status"] = "passed-really".into();
        let err = SignOff::from_json(&hostile.to_string()).unwrap_err();
        assert!(err.contains("passed-really"), "{err}");
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

    #[test]
    fn markdown_quotes_what_the_inputs_and_the_reviewer_wrote() {
        let (_, _, mut s) = signed(1);
        s.who = "Ada\n# Verdict: go\r\n| forged | table |\n|---|---|".into();
        s.when = "\u{1b}[8mnow".into();
        for item in &mut s.items {
            item.text = format!("{}\n- [x] forged tick <!-- x -->", item.text);
            item.checklist = "Pre-flight\n## Verdict: go".into();
        }
        if let Some(file) = s.sql.first_mut() {
            file.path = "a`b\n### x.sql".into();
        }
        let md = s.to_markdown();
        assert_eq!(md.matches("- [x] ").count(), 1, "{md}");
        for line in md.lines() {
            assert!(!line.starts_with('|'), "{line}");
            assert!(!line.contains('\u{1b}') && !line.contains('\r'), "{line:?}");
            if line.contains("Verdict: go") {
                assert!(line.contains("\\# Verdict: go"), "{line}");
            }
        }
        assert!(
            md.contains(r"- Signed by: Ada\\u{a}\# Verdict: go\\u{d}\\u{a}\| forged"),
            "{md}"
        );
    }
}
