//! `secondlook check --signoff`: a sign-off holds only for the inputs it was made for,
//! with every human-only item ticked and every blocker that did not pass accepted.

#[path = "support/seed.rs"]
mod seed;

use std::path::Path;

use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::workspace::signoff::SignOff;
use secondlook_core::workspace::signoff::test_support::sign_all;

use seed::{float_money, secondlook_in, seed_copy};

/// The sign-off a reviewer makes in the page for the files in `dir`: every item ticked,
/// every blocker that did not pass accepted with a reason.
fn sign(dir: &Path) -> SignOff {
    let named = |name: &str| Named {
        name: name.to_string(),
        text: std::fs::read_to_string(dir.join(name)).unwrap(),
    };
    let inputs = Inputs {
        report: Some(named("report.md")),
        run: Some(named("run.json")),
        sql: vec![named("schema/0000_money_core.sql")],
        ..Inputs::default()
    };
    let review = inputs.review();
    let reason = "converted by the next migration, ticket MONEY-12";
    sign_all(&inputs, &review, "2026-11-30T12:00:00Z", reason)
}

fn check(dir: &Path, signoff: &SignOff) -> (i32, String, String) {
    std::fs::write(dir.join("signoff.json"), signoff.to_json()).unwrap();
    secondlook_in(
        dir,
        &[
            "check",
            "--run",
            "run.json",
            "--report",
            "report.md",
            "--signoff",
            "signoff.json",
        ],
    )
}

fn refused(outcome: (i32, String, String), reason: &str) -> String {
    let (code, _, err) = outcome;
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("sign-off refused: {reason}")),
        "{err}"
    );
    err
}

#[test]
fn a_current_complete_sign_off_holds_but_never_turns_a_no_go_into_a_pass() {
    let dir = seed_copy("signoff-holds", float_money);
    let signoff = sign(&dir);
    assert!(
        signoff
            .accepted_risks
            .iter()
            .any(|r| r.gate == "money-type:users.points_balance")
    );
    let (code, _, err) = check(&dir, &signoff);
    assert!(
        err.contains("the sign-off by Ada (2026-11-30T12:00:00Z) holds"),
        "{err}"
    );
    // The sign-off is a requirement besides the verdict: the no-go still exits 1.
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = secondlook_in(
        &dir,
        &["check", "--run", "run.json", "--report", "report.md"],
    );
    assert_eq!(code, 1);
}

#[test]
fn a_sign_off_that_holds_keeps_the_verdicts_exit_code() {
    let dir = seed_copy("signoff-go", str::to_string);
    let (verdict_code, _, _) = secondlook_in(
        &dir,
        &["check", "--run", "run.json", "--report", "report.md"],
    );
    let (code, _, err) = check(&dir, &sign(&dir));
    assert!(err.contains("holds"), "{err}");
    assert_eq!(code, verdict_code, "{err}");
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_stale_hash_is_refused() {
    let dir = seed_copy("signoff-stale", float_money);
    let signoff = sign(&dir);
    let sql = dir.join("schema/0000_money_core.sql");
    let edited = std::fs::read_to_string(&sql).unwrap() + "\n-- edited after signing\n";
    std::fs::write(&sql, edited).unwrap();
    let err = refused(check(&dir, &signoff), "stale:");
    assert!(
        err.contains("is not one the sign-off was made for"),
        "{err}"
    );
}

#[test]
fn an_unticked_human_item_is_refused() {
    let dir = seed_copy("signoff-unticked", float_money);
    let mut signoff = sign(&dir);
    let item = signoff.items.iter_mut().find(|i| i.human_only).unwrap();
    item.ticked = false;
    let id = item.id.clone();
    let err = refused(check(&dir, &signoff), "unticked:");
    assert!(err.contains(&id), "{err}");
}

#[test]
fn an_unacknowledged_failure_is_refused() {
    let dir = seed_copy("signoff-unaccepted", float_money);
    let mut signoff = sign(&dir);
    signoff
        .accepted_risks
        .retain(|r| r.gate != "money-type:users.points_balance");
    let err = refused(check(&dir, &signoff), "unaccepted:");
    assert!(
        err.contains("money-type:users.points_balance (fail)"),
        "{err}"
    );
}

#[test]
fn an_accepted_risk_without_a_reason_is_refused() {
    let dir = seed_copy("signoff-no-reason", float_money);
    let mut signoff = sign(&dir);
    for risk in &mut signoff.accepted_risks {
        risk.reason = "   ".into();
    }
    refused(check(&dir, &signoff), "unaccepted:");
}

#[test]
fn a_file_that_is_not_a_sign_off_exits_2() {
    let dir = seed_copy("signoff-bad", str::to_string);
    std::fs::write(dir.join("signoff.json"), "{}").unwrap();
    let (code, _, err) = secondlook_in(
        &dir,
        &["check", "--run", "run.json", "--signoff", "signoff.json"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("not a secondlook sign-off"), "{err}");
}
