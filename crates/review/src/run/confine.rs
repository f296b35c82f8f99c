//! Which `href`s may be read: only files inside the root, which is the run file's folder
//! unless the command line widens it (`--root`). The run comes from the pull request, so
//! an `href` must not reach the reviewer's other files (`../.git/config`, `/etc/passwd`,
//! `file:///…`) nor another site. The command line and the page judge with this one
//! rule; the command line also checks symlinks, which only the file system can see.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why an `href` is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Refusal {
    /// `https://…`, `file:…`, `data:…`: a URL of its own, not a path beside the run.
    Scheme,
    /// `/etc/passwd`, `//host/x`, `C:\x`: starts at a root of its own.
    Absolute,
    /// `..` segments that climb above the root.
    LeavesRoot,
    /// A backslash, which a browser reads as `/` and a file system may not.
    Backslash,
    /// A control character, which a browser drops from a URL before reading it.
    Control,
}

impl Refusal {
    /// The rule, as a sentence's end.
    pub fn rule(self) -> &'static str {
        match self {
            Refusal::Scheme => "an href is a path relative to the run file, never a URL",
            Refusal::Absolute => {
                "an href is a path relative to the run file, never an absolute path"
            }
            Refusal::LeavesRoot => {
                "its `..` leaves the run file's folder (which the command line's --root can widen)"
            }
            Refusal::Backslash => "an href separates folders with `/`, never `\\`",
            Refusal::Control => "an href holds no control characters",
        }
    }
}

/// An `href` refused, and why; its `Display` names both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub href: String,
    pub refusal: Refusal,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not read: {}", self.href, self.refusal.rule())
    }
}

/// Judges `href` when the run file's folder lies `depth` folders below the root (0: the
/// root is the run's folder). Stricter than any one reader: what a browser or a file
/// system could read as leaving the root is refused for both.
pub fn confine(href: &str, depth: usize) -> Result<(), Refused> {
    judge(href, depth).map_err(|refusal| Refused {
        href: href.to_string(),
        refusal,
    })
}

fn judge(href: &str, depth: usize) -> Result<(), Refusal> {
    if href.chars().any(char::is_control) {
        return Err(Refusal::Control);
    }
    if href.contains('\\') {
        return Err(Refusal::Backslash);
    }
    // A browser trims spaces around a URL before reading it.
    let href = href.trim();
    if href.starts_with('/') || drive_letter(href) {
        return Err(Refusal::Absolute);
    }
    if href
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'))
    {
        return Err(Refusal::Scheme);
    }
    let mut level = depth;
    for segment in href.split('/') {
        // A browser reads `%2e` as `.`, so `%2e%2e` climbs as `..` does.
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            "" | "." => {}
            ".." => level = level.checked_sub(1).ok_or(Refusal::LeavesRoot)?,
            _ => level += 1,
        }
    }
    Ok(())
}

fn drive_letter(href: &str) -> bool {
    matches!(href.as_bytes(), [letter, b':', ..] if letter.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(href: &str, depth: usize) -> Option<Refusal> {
        confine(href, depth).err().map(|r| r.refusal)
    }

    #[test]
    fn paths_inside_the_root_are_read() {
        for href in [
            "schema/a.sql",
            "./a.sql",
            "a/../b.sql",
            "a b/c%20d.sql",
            "x..y/a.sql",
        ] {
            assert_eq!(refusal(href, 0), None, "{href}");
        }
        assert_eq!(refusal("../seed/a.sql", 1), None);
        assert_eq!(refusal("../../a.sql", 2), None);
    }

    #[test]
    fn paths_that_leave_the_root_are_refused() {
        for href in [
            "../.git/config",
            "a/../../b",
            "./..",
            "%2e%2e/x",
            ".%2E/x",
            "schema/../../x",
        ] {
            assert_eq!(refusal(href, 0), Some(Refusal::LeavesRoot), "{href}");
        }
        assert_eq!(refusal("../../x", 1), Some(Refusal::LeavesRoot));
    }

    #[test]
    fn urls_absolute_paths_backslashes_and_controls_are_refused() {
        let cases = [
            ("https://evil.example/a.sql", Refusal::Scheme),
            ("file:///etc/passwd", Refusal::Scheme),
            ("data:text/plain,x", Refusal::Scheme),
            ("javascript:alert(1)", Refusal::Scheme),
            ("/etc/passwd", Refusal::Absolute),
            ("//evil.example/a.sql", Refusal::Absolute),
            (" /etc/passwd", Refusal::Absolute),
            ("C:/Windows/win.ini", Refusal::Absolute),
            ("..\\secret", Refusal::Backslash),
            (".\t./x", Refusal::Control),
            ("a\n.sql", Refusal::Control),
        ];
        for (href, why) in cases {
            assert_eq!(refusal(href, 3), Some(why), "{href:?}");
        }
    }

    #[test]
    fn a_refusal_names_the_href_and_the_rule() {
        let refused = confine("../.git/config", 0).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "\"../.git/config\" is not read: its `..` leaves the run file's folder \
             (which the command line's --root can widen)"
        );
    }
}
