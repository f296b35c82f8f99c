//! The settings that change how PostgreSQL reads a string constant:
//! `standard_conforming_strings` (off: a backslash in `'…'` escapes, so a quote can
//! hide inside what looks like a string's end), `backslash_quote` and
//! `escape_string_warning`. Nothing a migration legitimately does needs them, and
//! with them the same text splits into other statements, so a statement that names
//! one is a blocker (`reads-as-written`) unless it keeps the default, and the splitter
//! follows the first.

use std::ops::Range;

use super::lexer::{Kind, Lexer, significant};

const STANDARD_CONFORMING_STRINGS: &str = "standard_conforming_strings";

/// The settings whose mention in a statement's code or strings is a finding.
pub const SETTINGS: &[&str] = &[
    STANDARD_CONFORMING_STRINGS,
    "backslash_quote",
    "escape_string_warning",
];

/// The setting `text[range]` changes the reading of strings with, if any: any of
/// [`SETTINGS`] named in its code or in a string (dynamic SQL, `set_config`), except
/// a plain `SET standard_conforming_strings = on` or its `RESET`, which pg_dump writes
/// at the top of every dump and which keeps the default.
pub fn changed_by(text: &str, range: Range<usize>) -> Option<&'static str> {
    let mut in_code = None;
    let mut in_strings = None;
    for token in Lexer::new(text, range.clone()) {
        let slot = match token.kind {
            Kind::Word | Kind::QuotedIdent => &mut in_code,
            Kind::Literal => &mut in_strings,
            _ => continue,
        };
        let lower = text
            .get(token.range)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if let Some(setting) = SETTINGS.iter().copied().find(|s| lower.contains(s)) {
            slot.get_or_insert(setting);
        }
    }
    let keeps_default = in_strings.is_none()
        && in_code == Some(STANDARD_CONFORMING_STRINGS)
        && set_by(text, range) == Some(false);
    if keeps_default {
        None
    } else {
        in_strings.or(in_code)
    }
}

/// What the statement `text[range]` does to plain strings' escapes: `Some(true)`
/// when it sets `standard_conforming_strings` off (backslashes then escape),
/// `Some(false)` when it sets it on or resets it, `None` when it does neither.
pub fn set_by(text: &str, range: Range<usize>) -> Option<bool> {
    let tokens: Vec<String> = significant(text, range)
        .take(6)
        .map(|(_, token)| token)
        .collect();
    let words: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let (verb, rest) = words.split_first()?;
    let rest = match rest.first() {
        Some(&"session" | &"local") => rest.get(1..)?,
        _ => rest,
    };
    match (*verb, rest) {
        ("reset", [name, ..]) if *name == STANDARD_CONFORMING_STRINGS || *name == "all" => {
            Some(false)
        }
        ("set", [name, "=" | "to", value, ..]) if *name == STANDARD_CONFORMING_STRINGS => {
            let value = value.trim_start_matches('e').trim_matches('\'');
            if value == "default" {
                Some(false)
            } else {
                parse_bool(value).map(|on| !on)
            }
        }
        _ => None,
    }
}

/// PostgreSQL's reading of a boolean setting: any unambiguous prefix of true, false,
/// yes, no, on, off (at least two letters for on and off), or 1 and 0.
fn parse_bool(value: &str) -> Option<bool> {
    let prefix_of = |word: &str, min: usize| value.len() >= min && word.starts_with(value);
    if prefix_of("true", 1) || prefix_of("yes", 1) || prefix_of("on", 2) || value == "1" {
        Some(true)
    } else if prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2) || value == "0" {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(sql: &str) -> Option<bool> {
        set_by(sql, 0..sql.len())
    }

    #[test]
    fn turning_standard_conforming_strings_off_turns_escapes_on() {
        assert_eq!(set("SET standard_conforming_strings = off;"), Some(true));
        assert_eq!(
            set("set session STANDARD_CONFORMING_STRINGS to 'of'"),
            Some(true)
        );
        assert_eq!(
            set("SET LOCAL standard_conforming_strings TO false"),
            Some(true)
        );
        assert_eq!(set("SET standard_conforming_strings = 0"), Some(true));
        assert_eq!(set("SET standard_conforming_strings = on"), Some(false));
        assert_eq!(
            set("SET standard_conforming_strings TO DEFAULT"),
            Some(false)
        );
        assert_eq!(set("RESET standard_conforming_strings"), Some(false));
        assert_eq!(set("RESET ALL"), Some(false));
        assert_eq!(set("SET search_path = off"), None);
        assert_eq!(set("SET standard_conforming_strings = maybe"), None);
    }

    #[test]
    fn a_setting_is_found_in_code_and_in_strings_but_not_in_comments() {
        let named = |sql: &str| changed_by(sql, 0..sql.len());
        assert_eq!(named("SET standard_conforming_strings = on;"), None);
        assert_eq!(named("RESET standard_conforming_strings"), None);
        assert_eq!(
            named("SET standard_conforming_strings = off"),
            Some("standard_conforming_strings")
        );
        assert_eq!(
            named("SELECT set_config('standard_conforming_strings', 'on', false)"),
            Some("standard_conforming_strings")
        );
        assert_eq!(
            named("SELECT set_config('backslash_quote', 'on', false)"),
            Some("backslash_quote")
        );
        assert_eq!(
            named("ALTER DATABASE d SET escape_string_warning = off"),
            Some("escape_string_warning")
        );
        assert_eq!(
            named("-- standard_conforming_strings stays on\nSELECT 1"),
            None
        );
    }
}
