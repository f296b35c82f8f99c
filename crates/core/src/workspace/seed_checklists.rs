//! The ticks and the checklist-to-gate keywords (`secondlook_review::workspace`) over the
//! seed report as the core reads it: their own tests use no reader.

use crate::gate::GateId;
use crate::report::{Checklist, ChecklistItem};
use crate::workspace::checklist_gates::gates_of;
use crate::workspace::ticks::{Ticks, items};

fn seed() -> Vec<Checklist> {
    crate::report::read(crate::demo::REPORT).checklists
}

fn item_text(lists: &[Checklist], starts: &str) -> String {
    items(lists)
        .find(|i| i.text.starts_with(starts))
        .unwrap_or_else(|| panic!("no item starting {starts:?}"))
        .text
        .clone()
}

#[test]
fn progress_counts_nested_items_and_ignores_stale_ids() {
    let lists = seed();
    let all: Vec<&ChecklistItem> = items(&lists).collect();
    let top_level: usize = lists.iter().map(|l| l.items.len()).sum();
    assert!(all.len() > top_level, "the seed nests items");
    let total: usize = lists.iter().map(|l| l.total).sum();
    let mut ticks = Ticks::from_report(&lists);
    assert_eq!(ticks.progress(&lists), (0, total));
    ticks.set(&all[1].id, true);
    ticks.set("gone-from-the-report", true);
    assert_eq!(ticks.progress(&lists), (1, total));
}

#[test]
fn report_ticks_are_the_starting_state() {
    let lists = crate::report::read("# Checklist\n- [x] done\n- [ ] todo\n").checklists;
    let ticks = Ticks::from_report(&lists);
    assert_eq!(ticks.progress(&lists), (1, 2));
}

#[test]
fn the_seed_checklist_items_map_to_their_gates() {
    let lists = seed();
    assert_eq!(
        gates_of(&item_text(&lists, "Code-review the generated schema")),
        [
            GateId::MoneyType,
            GateId::AppendOnly,
            GateId::IndexPredicate,
            GateId::MixedIdCheck
        ]
    );
    assert_eq!(
        gates_of(&item_text(&lists, "Read selfAudit.verdict")),
        [GateId::SelfAuditSafe]
    );
    assert_eq!(
        gates_of(&item_text(&lists, "Confirm package.json version")),
        [GateId::NoVersionBump]
    );
    assert_eq!(
        gates_of(&item_text(&lists, "Tests skip-as-pass")),
        [GateId::TestsNotSkipped]
    );
    assert!(gates_of(&item_text(&lists, "Cutover")).is_empty());
    // "where" in plain English is not the SQL keyword.
    assert!(gates_of("check where the rows go").is_empty());
}
