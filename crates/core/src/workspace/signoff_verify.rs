//! Whether a sign-off still holds for the inputs checked now: what
//! `secondlook check --signoff` enforces in CI. It refuses a sign-off made for other
//! bytes, one with a human-only checklist item unticked, and one that does not accept
//! the risk of every blocker that did not pass (with a reason and a name).

use super::signoff::{SignOff, blockers};
use super::ticks::items;
use crate::gate::Status;
use crate::hash::sha256_hex;
use crate::inputs::{Inputs, Named};
use crate::review::Review;

/// Every reason `signoff` does not hold for `inputs` and their `review`; empty when it
/// holds.
pub fn refusals(signoff: &SignOff, inputs: &Inputs, review: &Review) -> Vec<String> {
    let mut out: Vec<String> = differing_files(signoff, inputs)
        .into_iter()
        .map(|why| format!("stale: {why}"))
        .collect();
    unticked(signoff, review, &mut out);
    unaccepted(signoff, review, &mut out);
    out
}

/// Each file `signoff` was not made for, as a sentence naming it by path and hash: the
/// report, the run, and each SQL file by content. Empty when it was made for exactly
/// `inputs`.
pub fn differing_files(signoff: &SignOff, inputs: &Inputs) -> Vec<String> {
    let mut out = Vec::new();
    let sha = |file: &Named| sha256_hex(file.text.as_bytes());
    let sides = [
        ("report", &signoff.report, &inputs.report),
        ("run", &signoff.run, &inputs.run),
    ];
    for (kind, signed, checked) in sides {
        let signed_sha = signed.as_ref().map(|f| f.sha256.clone());
        if signed_sha != checked.as_ref().map(sha) {
            out.push(format!(
                "the sign-off is for {}, but the {kind} checked is {}",
                signed.as_ref().map_or(format!("no {kind}"), |f| format!(
                    "{kind} {} ({})",
                    short(&f.sha256),
                    f.path
                )),
                checked.as_ref().map_or(format!("no {kind}"), |f| format!(
                    "{} ({})",
                    short(&sha(f)),
                    f.name
                )),
            ));
        }
    }
    // SQL files are compared by content: their paths depend on where they were opened.
    let mut signed: Vec<&str> = signoff.sql.iter().map(|f| f.sha256.as_str()).collect();
    for file in &inputs.sql {
        let now = sha(file);
        match signed.iter().position(|s| *s == now) {
            Some(at) => {
                signed.remove(at);
            }
            None => out.push(format!(
                "the SQL file {} ({}) is not one the sign-off was made for",
                file.name,
                short(&now)
            )),
        }
    }
    for missing in signed {
        out.push(format!(
            "the sign-off covers the SQL file {}, which was not checked",
            short(missing)
        ));
    }
    // A sign-off records no hash of a migrations folder's files: it cannot say it was
    // made for them.
    if let Some(folder) = &inputs.migrations {
        out.push(format!(
            "the migrations folder {} was checked, and a sign-off does not cover a folder's \
             files yet",
            folder.name
        ));
    }
    out
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

fn unticked(signoff: &SignOff, review: &Review, out: &mut Vec<String>) {
    let checklists = review.report.as_ref().map_or(&[][..], |r| &r.checklists);
    for item in items(checklists).filter(|i| i.human_only) {
        let ticked = signoff.items.iter().any(|s| s.id == item.id && s.ticked);
        if !ticked {
            out.push(format!(
                "unticked: the human-only item {} is not ticked: {}",
                item.id, item.text
            ));
        }
    }
}

fn unaccepted(signoff: &SignOff, review: &Review, out: &mut Vec<String>) {
    for blocker in blockers(review) {
        let accepted = signoff.accepted_risks.iter().any(|r| {
            r.gate == blocker.gate && !r.reason.trim().is_empty() && !r.who.trim().is_empty()
        });
        if !accepted {
            let status = blocker.status.map_or("gave no result", Status::as_str);
            out.push(format!(
                "unaccepted: the blocker {} ({status}) has no accepted risk with a reason and a name: {}",
                blocker.gate, blocker.message
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::signoff::test_support::sign_all;

    /// The demo with a float money column (a failed blocker), signed with every item
    /// ticked and every blocker accepted.
    fn signed() -> (Inputs, Review, SignOff) {
        let mut inputs = Inputs::demo();
        let sql = inputs.sql.first_mut().unwrap();
        sql.text = sql.text.replacen("numeric(38, 18)", "double precision", 1);
        let review = inputs.review();
        let reason = "the column is converted in the next migration";
        let signoff = sign_all(&inputs, &review, "now", reason);
        (inputs, review, signoff)
    }

    fn only(refusals: Vec<String>, prefix: &str) -> Vec<String> {
        assert!(!refusals.is_empty(), "nothing refused");
        for r in &refusals {
            assert!(r.starts_with(prefix), "{r}");
        }
        refusals
    }

    #[test]
    fn a_complete_current_sign_off_holds() {
        let (inputs, review, signoff) = signed();
        assert!(!signoff.accepted_risks.is_empty());
        assert_eq!(refusals(&signoff, &inputs, &review), Vec::<String>::new());
    }

    #[test]
    fn another_run_or_sql_file_is_stale() {
        let (mut inputs, review, signoff) = signed();
        inputs.run.as_mut().unwrap().text.push(' ');
        let why = only(refusals(&signoff, &inputs, &review), "stale:");
        assert!(why[0].contains("the run checked is"), "{why:?}");

        let (mut inputs, review, signoff) = signed();
        inputs.sql[0].text.push_str("\n-- edited\n");
        let why = only(refusals(&signoff, &inputs, &review), "stale:");
        assert_eq!(why.len(), 2, "{why:?}");
    }

    #[test]
    fn each_differing_file_is_named_and_a_current_sign_off_has_none() {
        let (inputs, _, signoff) = signed();
        assert_eq!(differing_files(&signoff, &inputs), Vec::<String>::new());
        // Two runs that share the report: only the run differs.
        let mut other = inputs.clone();
        other.run.as_mut().unwrap().text.push(' ');
        other.run.as_mut().unwrap().name = "other-run.json".into();
        let why = differing_files(&signoff, &other);
        assert_eq!(why.len(), 1, "{why:?}");
        assert!(
            why[0].contains("other-run.json") && why[0].contains("run checked"),
            "{why:?}"
        );
        // Another report and no SQL: the report and the SQL file the sign-off covers.
        other.report.as_mut().unwrap().text.push(' ');
        other.sql.clear();
        let why = differing_files(&signoff, &other);
        assert_eq!(why.len(), 3, "{why:?}");
        assert!(why[0].contains("report checked"), "{why:?}");
        assert!(why[2].contains("which was not checked"), "{why:?}");
    }

    #[test]
    fn an_unticked_human_item_is_refused() {
        let (inputs, review, mut signoff) = signed();
        let item = signoff.items.iter_mut().find(|i| i.human_only).unwrap();
        item.ticked = false;
        let id = item.id.clone();
        let why = only(refusals(&signoff, &inputs, &review), "unticked:");
        assert_eq!(why.len(), 1);
        assert!(why[0].contains(&id));
        // An item missing from the sign-off is not ticked either.
        signoff.items.retain(|i| i.id != id);
        assert_eq!(refusals(&signoff, &inputs, &review).len(), 1);
    }

    #[test]
    fn a_failed_blocker_without_a_reason_is_refused() {
        let (inputs, review, mut signoff) = signed();
        let gate = signoff.accepted_risks[0].gate.clone();
        signoff.accepted_risks[0].reason = " ".into();
        let why = only(refusals(&signoff, &inputs, &review), "unaccepted:");
        assert!(why[0].contains(&gate), "{why:?}");
        signoff.accepted_risks.clear();
        let why = only(refusals(&signoff, &inputs, &review), "unaccepted:");
        assert_eq!(why.len(), blockers(&review).len());
    }
}
