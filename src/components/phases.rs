use leptos::prelude::*;
use secondlook_review::run::{Phase, PhaseStatus};

use super::windowed::{Shape, Windowed};

/// Phases put in the page together; a long run keeps only the blocks near the screen.
const PHASES_PER_BLOCK: usize = 20;

/// The run's phases in order, each with its status, duration, notes, artifacts and
/// blockers.
#[component]
pub fn Phases(
    /// The phases as the run file gave them.
    phases: Vec<Phase>,
) -> impl IntoView {
    let longest = phases
        .iter()
        .filter_map(|p| p.duration_ms)
        .max()
        .unwrap_or(0);
    let total: u64 = phases.iter().filter_map(|p| p.duration_ms).sum();
    let summary = (total > 0).then(|| {
        view! { <p class="phases-total">{format!("{} in all", humanised(total))}</p> }
    });
    let count = phases.len();
    let phases = StoredValue::new(phases);
    let item = move |i: usize| phases.with_value(|p| p.get(i).map(|p| phase_item(p, longest)));
    view! {
        <section class="phases" aria-labelledby="phases-heading">
            <h2 id="phases-heading">{format!("Phases ({count})")}</h2>
            {summary}
            <Windowed
                count=count
                block=PHASES_PER_BLOCK
                shape=Shape::List { class: "timeline" }
                pinned=Signal::stored(Vec::new())
                item=item
            />
        </section>
    }
}

fn phase_item(phase: &Phase, longest: u64) -> impl IntoView + use<> {
    let (icon, word, class) = match &phase.status {
        Some(PhaseStatus::Passed) => ("✓", "passed".to_string(), "passed"),
        Some(PhaseStatus::Failed) => ("✕", "failed".to_string(), "failed"),
        Some(PhaseStatus::Skipped) => ("↷", "skipped".to_string(), "skipped"),
        Some(PhaseStatus::NotRun) => ("–", "not run".to_string(), "not-run"),
        Some(PhaseStatus::Running) => ("…", "running".to_string(), "running"),
        Some(PhaseStatus::Other(word)) => ("?", word.clone(), "other"),
        None => ("–", "status not reported".to_string(), "not-reported"),
    };
    let duration = phase.duration_ms.map(|ms| {
        // The longest phase fills the bar; the others are their share of it.
        let width = if longest == 0 {
            0.0
        } else {
            ms as f64 * 100.0 / longest as f64
        };
        view! {
            <span class="phase-duration">{humanised(ms)}</span>
            <span class="phase-bar" aria-hidden="true">
                <span class="phase-bar-fill" style=format!("width: {width:.1}%")></span>
            </span>
        }
    });
    view! {
        <li class="phase" data-testid="phase" data-status=class>
            <div class="phase-head">
                <span class="phase-status" data-status=class>
                    <span class="status-icon" aria-hidden="true">{icon}</span>
                    {word}
                </span>
                <strong class="phase-name">
                    {phase.name.clone().unwrap_or_else(|| "(unnamed phase)".to_string())}
                </strong>
                {duration}
            </div>
            {list("Blockers", "phase-blockers", phase.blockers.clone(), false)}
            {list("Notes", "phase-notes", phase.notes.clone(), false)}
            {list("Artifacts", "phase-artifacts", phase.artifacts.clone(), true)}
        </li>
    }
}

/// A labelled list of a phase's lines, or nothing when there are none.
fn list(
    label: &'static str,
    class: &'static str,
    items: Option<Vec<String>>,
    as_code: bool,
) -> Option<impl IntoView + use<>> {
    let items = items.filter(|items| !items.is_empty())?;
    Some(view! {
        <div class=class>
            <span class="phase-list-label">{label}</span>
            <ul>
                {items
                    .into_iter()
                    .map(|item| {
                        if as_code {
                            view! { <li><code>{item}</code></li> }.into_any()
                        } else {
                            view! { <li>{item}</li> }.into_any()
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    })
}

/// A duration as a person says it: `13 min 22 s`, `1 h 5 min`, `4.1 s`, `350 ms`.
pub fn humanised(ms: u64) -> String {
    let seconds = ms / 1000;
    match seconds {
        0 => format!("{ms} ms"),
        1..=59 => format!("{:.1} s", ms as f64 / 1000.0),
        60..=3599 => format!("{} min {} s", seconds / 60, seconds % 60),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}
