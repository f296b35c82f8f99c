//! Checklists: GFM task items anywhere, and every list item under a heading that names a
//! checklist, gates, human-only steps, human review or sign-off (any heading of the path,
//! so the seed's §6 subsections all count). Outside such headings only task items count;
//! a plain item's task children are lifted to its level.
//!
//! Items are grouped by the innermost heading. A checklist is human-only when that
//! innermost heading says so (not an ancestor: the seed's §6 title names human-only gates
//! but only some subsections are). Nested items stay nested.
//!
//! An item's id hashes its section slug, its normalized text and how many items before
//! it in the same section have the same text: not its line, so a tick survives edits
//! elsewhere in the report.

use std::collections::HashMap;

use super::document::{self, Block, Inline, ListItem, Section, Visit, plain_text};

pub use secondlook_review::report::checklists::{Checklist, ChecklistItem};

pub fn collect(blocks: &[Block]) -> Vec<Checklist> {
    let mut checklists: Vec<Checklist> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    document::visit(blocks, &mut |block, sections| {
        let Block::List { items, line, .. } = block else {
            return Visit::Descend;
        };
        let all = sections.iter().any(|s| names_checklist(&s.text));
        let innermost = sections.last();
        let slug = innermost.map(|s| s.slug.clone()).unwrap_or_default();
        let human_only = innermost.is_some_and(|s| names_human_only(&s.text));
        let mut context = Context {
            all,
            slug: &slug,
            human_only,
            seen: &mut seen,
        };
        let collected = context.items(items);
        if collected.is_empty() {
            // A plain list outside a checklist may still hold quotes with task items.
            return if all { Visit::Skip } else { Visit::Descend };
        }
        add(
            &mut checklists,
            sections,
            slug.clone(),
            human_only,
            *line,
            collected,
        );
        Visit::Skip
    });
    checklists
}

fn add(
    checklists: &mut Vec<Checklist>,
    sections: &[Section],
    anchor: String,
    human_only: bool,
    line: usize,
    items: Vec<ChecklistItem>,
) {
    let (total, checked) = count(&items);
    if let Some(last) = checklists.last_mut().filter(|c| c.anchor == anchor) {
        last.items.extend(items);
        last.total += total;
        last.checked += checked;
        return;
    }
    checklists.push(Checklist {
        title: sections.last().map(|s| s.text.clone()).unwrap_or_default(),
        anchor,
        section: sections.iter().map(|s| s.text.clone()).collect(),
        human_only,
        line,
        items,
        total,
        checked,
    });
}

fn count(items: &[ChecklistItem]) -> (usize, usize) {
    items.iter().fold((0, 0), |(total, checked), item| {
        let (t, c) = count(&item.children);
        (total + 1 + t, checked + usize::from(item.checked) + c)
    })
}

struct Context<'a> {
    all: bool,
    slug: &'a str,
    human_only: bool,
    seen: &'a mut HashMap<(String, String), usize>,
}

impl Context<'_> {
    fn items(&mut self, items: &[ListItem]) -> Vec<ChecklistItem> {
        let mut out = Vec::new();
        for item in items {
            let children: Vec<ChecklistItem> = item
                .children
                .iter()
                .filter_map(|b| match b {
                    Block::List { items, .. } => Some(items),
                    _ => None,
                })
                .flat_map(|items| self.items(items))
                .collect();
            if !self.all && item.task.is_none() {
                out.extend(children);
                continue;
            }
            let content: Vec<Inline> = item
                .children
                .iter()
                .find_map(|b| match b {
                    Block::Paragraph { content, .. } => Some(content.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            let text = plain_text(&content).trim().to_string();
            out.push(ChecklistItem {
                id: self.id(&text),
                text,
                content,
                task: item.task.is_some(),
                checked: item.task == Some(true),
                human_only: self.human_only,
                line: item.line,
                children,
            });
        }
        out
    }

    fn id(&mut self, text: &str) -> String {
        let normalized = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let occurrence = self
            .seen
            .entry((self.slug.to_string(), normalized.clone()))
            .or_insert(0);
        // The occurrence goes first: FNV mixes early bytes best, so repeats differ widely.
        let key = format!("{occurrence}\u{0}{}\u{0}{normalized}", self.slug);
        *occurrence += 1;
        format!("{:012x}", fnv1a(&key) >> 16)
    }
}

/// FNV-1a: tiny and stable across builds and platforms (std's hasher is neither).
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn has_pair(words: &[String], first: &str, seconds: &[&str]) -> bool {
    words
        .windows(2)
        .any(|w| matches!(w, [a, b] if a == first && seconds.contains(&b.as_str())))
}

fn names_human_only(heading: &str) -> bool {
    let w = words(heading);
    has_pair(&w, "human", &["only", "review", "reviews"])
        || has_pair(&w, "humans", &["only"])
        || has_pair(&w, "manual", &["only"])
}

fn names_checklist(heading: &str) -> bool {
    let w = words(heading);
    w.iter()
        .any(|w| matches!(w.as_str(), "checklist" | "checklists" | "gate" | "gates"))
        || has_pair(&w, "sign", &["off"])
        || w.iter().any(|w| w == "signoff")
        || names_human_only(heading)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(markdown: &str) -> Vec<Checklist> {
        collect(&document::build(markdown, 1, "").blocks)
    }

    #[test]
    fn headings_that_name_checklists() {
        assert!(names_checklist("6. Pre-Run Checklist & Human-Only Gates"));
        assert!(names_checklist("Sign-off"));
        assert!(!names_checklist("VerifyGate details"));
        assert!(names_human_only("After the run — human reviews REQUIRED"));
        assert!(names_human_only("STAYS HUMAN-ONLY"));
        assert!(!names_human_only("Gates enforced during the run"));
    }

    #[test]
    fn task_items_anywhere_plain_items_only_under_checklist_headings() {
        let lists = read("# Notes\n- plain\n- [x] done\n  - [ ] sub\n\n# Checklist\n- a\n  - b\n");
        assert_eq!(lists.len(), 2);
        let notes = &lists[0];
        assert_eq!((notes.total, notes.checked), (2, 1));
        assert_eq!(notes.items[0].children[0].text, "sub");
        let check = &lists[1];
        assert_eq!(check.items[0].text, "a");
        assert_eq!(check.items[0].children[0].text, "b");
        assert!(!check.items[0].task);
    }

    #[test]
    fn ids_survive_edits_elsewhere_and_tell_repeats_apart() {
        let before = read("# Checklist\n- same\n- same\n- other\n");
        let after = read("Intro added.\n\n# Checklist\n\n- new first\n- same\n- same\n- other\n");
        let ids = |c: &Checklist, text: &str| -> Vec<String> {
            c.items
                .iter()
                .filter(|i| i.text == text)
                .map(|i| i.id.clone())
                .collect()
        };
        assert_eq!(ids(&before[0], "same"), ids(&after[0], "same"));
        assert_eq!(ids(&before[0], "other"), ids(&after[0], "other"));
        let same = ids(&before[0], "same");
        assert_ne!(same[0], same[1]);
        assert_eq!(same[0].len(), 12);
    }
}
