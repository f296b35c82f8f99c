use leptos::prelude::*;

use super::browser;

const KEY: &str = "secondlook.theme";

/// The colour theme: the system's choice unless the reviewer picked one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn from_stored(value: Option<String>) -> Self {
        match value.as_deref() {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    fn next(self) -> Self {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Theme::System => "Theme: system",
            Theme::Light => "Theme: light",
            Theme::Dark => "Theme: dark",
        }
    }
}

fn apply(theme: Theme) {
    let Some(root) = document().document_element() else {
        return;
    };
    let _ = match theme.attribute() {
        Some(value) => root.set_attribute("data-theme", value),
        None => root.remove_attribute("data-theme"),
    };
}

/// Cycles system → light → dark; the choice is kept across visits.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let stored = browser::stored(KEY).ok().flatten();
    let theme = RwSignal::new(Theme::from_stored(stored));
    apply(theme.get_untracked());
    let cycle = move |_| {
        let next = theme.get_untracked().next();
        theme.set(next);
        apply(next);
        // A reviewer who cannot store the choice still gets it for this visit.
        let _ = match next.attribute() {
            Some(value) => browser::store(KEY, value),
            None => browser::forget(KEY),
        };
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            data-testid="theme-toggle"
            aria-label=move || theme.get().label()
            title=move || theme.get().label()
            on:click=cycle
        >
            {move || match theme.get() {
                Theme::System => "◐",
                Theme::Light => "☀",
                Theme::Dark => "☾",
            }}
        </button>
    }
}
