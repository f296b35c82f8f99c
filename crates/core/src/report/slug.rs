//! Anchors for deep links: GitHub-style heading slugs, made unique within one report.

use std::collections::HashSet;

/// GitHub's rule: lowercase, keep letters, digits, `-` and `_`, turn each space into `-`,
/// drop everything else (so `1. Verdict — GO` gives `1-verdict--go`).
pub fn slugify(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// Hands out ids that are unique within one report: a repeat gets `-1`, `-2`, ...
#[derive(Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
}

impl Slugger {
    /// Starts with ids already taken (e.g. the heading slugs, before finding anchors).
    pub fn with_used<'a>(ids: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            used: ids.into_iter().map(str::to_string).collect(),
        }
    }

    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let mut n = 1;
        loop {
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style_slugs() {
        assert_eq!(
            slugify("1. Verdict — GO, with changes"),
            "1-verdict--go-with-changes"
        );
        assert_eq!(
            slugify("6. Pre-Run Checklist & Human-Only Gates"),
            "6-pre-run-checklist--human-only-gates"
        );
        assert_eq!(slugify("Ünïcode Über_alles"), "ünïcode-über_alles");
    }

    #[test]
    fn repeats_get_numbered() {
        let mut slugger = Slugger::with_used(["notes"]);
        assert_eq!(slugger.unique("notes"), "notes-1");
        assert_eq!(slugger.unique("notes"), "notes-2");
        assert_eq!(slugger.unique("other"), "other");
        assert_eq!(slugger.unique(""), "section");
    }
}
