//! Why the verdict is what it is, right under the banner: failed blockers, then the
//! blockers nobody could check, then failed warnings. The results of one gate are one
//! entry with a count, their places one tap away; past the first entries the rest is
//! one tap away too, so the reason for the verdict is always on the first screen and
//! a run with many warnings never pushes the tabs off a phone's screen.

use leptos::prelude::*;
use secondlook_core::attention::{Attention, failed, unverified};
use secondlook_review::gate::{Evidence, Severity, Status};
use secondlook_review::review::Review;
use secondlook_review::sql::SqlFile;
use secondlook_review::verdict::Settle;

use super::place_links::with_place_links;
use super::sql_panel::sql_anchor;
use super::status::icon_and_words;

/// Entries shown before the rest is folded away.
const SHOWN: usize = 2;

/// One heading's results, in blocks that share what would settle them.
struct Section<'a> {
    kind: Kind,
    count: usize,
    blocks: Vec<Block<'a>>,
    /// The rest of a section the fold cut, under it.
    continued: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    FailedBlockers,
    Unverified,
    FailedWarnings,
}

/// Entries under one sentence saying what would settle them (not-verified blockers).
struct Block<'a> {
    settle: Option<(&'a Settle, usize)>,
    /// Each entry: the results of one gate, in order.
    entries: Vec<Vec<Attention>>,
}

#[component]
pub fn VerdictReasons(review: std::sync::Arc<Review>) -> impl IntoView {
    let (shown, folded) = split(sections(&review), SHOWN);
    let files = &review.sql_files;
    let folded_count = entries(&folded);
    let more = (!folded.is_empty()).then(|| {
        let results: usize = folded
            .iter()
            .flat_map(|s| &s.blocks)
            .flat_map(|b| &b.entries)
            .map(Vec::len)
            .sum();
        view! {
            <details class="reasons-more" data-testid="reasons-more">
                <summary>
                    {format!(
                        "{folded_count} more {} ({results} {})",
                        if folded_count == 1 { "entry" } else { "entries" },
                        if results == 1 { "result" } else { "results" },
                    )}
                </summary>
                {folded.iter().map(|s| section_view(s, files)).collect_view()}
            </details>
        }
    });
    (!shown.is_empty() || more.is_some()).then(|| {
        view! {
            <div class="verdict-reasons" data-testid="verdict-reasons">
                {shown.iter().map(|s| section_view(s, files)).collect_view()}
                {more}
            </div>
        }
    })
}

fn entries(sections: &[Section]) -> usize {
    sections
        .iter()
        .flat_map(|s| &s.blocks)
        .map(|b| b.entries.len())
        .sum()
}

/// Blockers (failed, then not verified) before failed warnings.
fn sections(review: &Review) -> Vec<Section<'_>> {
    let failures = failed(&review.gates);
    let failed_of = |severity: Severity, kind: Kind| {
        let items: Vec<Attention> = failures
            .iter()
            .filter(|a| a.severity == severity)
            .cloned()
            .collect();
        Section {
            kind,
            count: items.len(),
            blocks: vec![Block {
                settle: None,
                entries: by_gate(items),
            }],
            continued: false,
        }
    };
    let unverified_blocks = review.decision.as_ref().map_or_else(Vec::new, |d| {
        d.unverified_by_settle()
            .into_iter()
            .map(|(settle, checks)| Block {
                settle: Some((settle, checks.len())),
                entries: by_gate(
                    checks
                        .into_iter()
                        .map(|check| unverified(&review.gates, check))
                        .collect(),
                ),
            })
            .collect()
    });
    let unverified_count = review
        .decision
        .as_ref()
        .map_or(0, |d| d.unverified_blockers().count());
    [
        failed_of(Severity::Blocker, Kind::FailedBlockers),
        Section {
            kind: Kind::Unverified,
            count: unverified_count,
            blocks: unverified_blocks,
            continued: false,
        },
        failed_of(Severity::Warning, Kind::FailedWarnings),
    ]
    .into_iter()
    .filter(|s| s.count > 0)
    .collect()
}

/// The results of one gate with one status together, where the first one came.
fn by_gate(items: Vec<Attention>) -> Vec<Vec<Attention>> {
    let mut entries: Vec<Vec<Attention>> = Vec::new();
    for item in items {
        let same = |e: &&mut Vec<Attention>| e[0].id == item.id && e[0].status == item.status;
        match entries.iter_mut().find(same) {
            Some(entry) => entry.push(item),
            None => entries.push(vec![item]),
        }
    }
    entries
}

/// The first `shown` entries, and the rest: a block cut in two keeps its sentence on
/// both sides.
fn split<'a>(sections: Vec<Section<'a>>, shown: usize) -> (Vec<Section<'a>>, Vec<Section<'a>>) {
    let mut left = shown;
    let (mut first, mut rest) = (Vec::new(), Vec::new());
    for section in sections {
        let (mut head, mut tail) = (Vec::new(), Vec::new());
        for mut block in section.blocks {
            if left >= block.entries.len() {
                left -= block.entries.len();
                head.push(block);
            } else if left == 0 {
                tail.push(block);
            } else {
                let later = block.entries.split_off(left);
                left = 0;
                tail.push(Block {
                    settle: block.settle,
                    entries: later,
                });
                head.push(block);
            }
        }
        let count = section.count;
        let continued = !head.is_empty();
        if !head.is_empty() {
            first.push(Section {
                kind: section.kind,
                count,
                blocks: head,
                continued: false,
            });
        }
        if !tail.is_empty() {
            rest.push(Section {
                kind: section.kind,
                count,
                blocks: tail,
                continued,
            });
        }
    }
    (first, rest)
}

fn section_view(section: &Section, files: &[SqlFile]) -> impl IntoView + use<> {
    let count = section.count;
    let (test_id, heading, item_id) = match section.kind {
        Kind::FailedBlockers => (
            "failed-blocker-reasons",
            format!("Failed {} ({count})", blockers(count)),
            "attention",
        ),
        Kind::Unverified => (
            "unverified-blockers",
            format!(
                "Not verified: {count} {} nobody could check",
                blockers(count)
            ),
            "unverified",
        ),
        Kind::FailedWarnings => (
            "failed-warning-reasons",
            format!(
                "Failed {} ({count})",
                if count == 1 { "warning" } else { "warnings" }
            ),
            "attention",
        ),
    };
    let (test_id, heading) = match section.continued {
        true => (None, format!("{heading}, continued")),
        false => (Some(test_id), heading),
    };
    let icon = if section.kind == Kind::Unverified {
        "? "
    } else {
        "✕ "
    };
    let blocks = section
        .blocks
        .iter()
        .map(|block| {
            let settle = block.settle.map(|(settle, n)| {
                let sentence = format!("To settle {}: {}.", them(n), settle.sentence());
                view! {
                    <p class="settle" data-testid="settle">{with_place_links(&sentence, files)}</p>
                }
            });
            view! {
                {settle}
                <ol>
                    {block
                        .entries
                        .iter()
                        .map(|entry| entry_view(entry, files, item_id))
                        .collect_view()}
                </ol>
            }
        })
        .collect_view();
    view! {
        <div class="attention" class:unverified=section.kind == Kind::Unverified data-testid=test_id>
            <h2>
                <span aria-hidden="true">{icon}</span>
                {heading}
            </h2>
            {blocks}
        </div>
    }
}

fn blockers(n: usize) -> &'static str {
    if n == 1 { "blocker" } else { "blockers" }
}

fn them(n: usize) -> String {
    if n == 1 {
        "it".to_string()
    } else {
        format!("these {n}")
    }
}

/// One gate's results: alone, the result itself; repeated, the gate once with a count
/// and every result behind one tap.
fn entry_view(entry: &[Attention], files: &[SqlFile], item_id: &'static str) -> AnyView {
    let [first, ..] = entry else {
        return ().into_any();
    };
    if entry.len() == 1 {
        return view! {
            <li data-testid=item_id data-gate=first.id.as_str() data-status=status_of(first)>
                {head(first, files, None)}
                <span class="attention-message">{with_place_links(&first.message, files)}</span>
                {fix(first, files)}
            </li>
        }
        .into_any();
    }
    let count = entry.len();
    // One fix for the group when they share it; each its own when the results know
    // what to change in their own place.
    let shared = entry.iter().all(|item| item.settle == first.settle);
    view! {
        <li
            class="attention-group"
            data-testid="attention-group"
            data-gate=first.id.as_str()
            data-status=status_of(first)
            data-count=count
        >
            {head(first, files, Some(count))}
            <details class="attention-places">
                <summary>{format!("Each of the {count}, and the fix")}</summary>
                {shared.then(|| fix(first, files))}
                <ol>
                    {entry
                        .iter()
                        .map(|item| {
                            view! {
                                <li data-testid=item_id data-gate=item.id.as_str() data-status=status_of(item)>
                                    {place(item, files)}
                                    " "
                                    <span class="attention-message">
                                        {with_place_links(&item.message, files)}
                                    </span>
                                    {(!shared).then(|| fix(item, files))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </details>
        </li>
    }
    .into_any()
}

fn status_of(item: &Attention) -> &'static str {
    item.status.map_or("none", |s| s.as_str())
}

/// The status, the gate (a link to its card), how many results it gave here, its
/// severity, and where (for a single result).
fn head(item: &Attention, files: &[SqlFile], count: Option<usize>) -> impl IntoView + use<> {
    let (icon, words) = item.status.map_or(("–", "no result"), icon_and_words);
    let status = status_of(item);
    let title = match &item.anchor {
        Some(anchor) => {
            view! { <a class="attention-gate" href=anchor.href()>{item.title}</a> }.into_any()
        }
        None => view! { <strong class="attention-gate">{item.title}</strong> }.into_any(),
    };
    let count = count.map(|n| {
        view! { <span class="attention-count" data-testid="attention-count">{format!("× {n}")}</span> " " }
    });
    let place = count.is_none().then(|| place(item, files));
    view! {
        <span class="status" data-status=status>
            <span class="status-icon" aria-hidden="true">{icon}</span>
            {words}
        </span>
        " "
        {title}
        " "
        {count}
        <span class="severity" data-severity=item.severity.as_str()>
            {item.severity.as_str()}
        </span>
        " "
        {place}
    }
}

/// Where the result's evidence is: a link to its line of SQL, named by the file's name
/// (its whole path in the tooltip).
fn place(item: &Attention, files: &[SqlFile]) -> Option<impl IntoView + use<>> {
    let Some(Evidence::Sql { file, line, column }) = &item.evidence else {
        return None;
    };
    let name = file.rsplit('/').next().unwrap_or(file);
    let text = format!("{name} line {line}");
    let whole = format!("{file}:{line}:{column}");
    sql_anchor(files, file, *line).map(|href| {
        view! {
            <a class="attention-evidence" data-testid="attention-evidence" href=href title=whole>
                {text}
            </a>
        }
    })
}

/// What would fix a failure; an unverified blocker's is its block's sentence.
fn fix(item: &Attention, files: &[SqlFile]) -> Option<impl IntoView + use<>> {
    (item.status == Some(Status::Fail)).then(|| {
        view! {
            <span class="attention-settle" data-testid="attention-fix">
                <span class="settle-label">"What would fix it: "</span>
                {with_place_links(&item.settle, files)}
            </span>
        }
    })
}
