//! What the command says to the person at the terminal besides its output: errors and
//! warnings in the same style as clap's usage errors, and whether to use colour; and
//! how text from the inputs is shown in any of it.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::process::ExitCode;

use secondlook_core::escape::visible;

/// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
pub fn colour(stream: &impl IsTerminal) -> bool {
    wants_colour(
        stream.is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

fn wants_colour(terminal: bool, no_color: Option<&OsStr>) -> bool {
    // The convention: set and not empty means no colour.
    terminal && no_color.is_none_or(OsStr::is_empty)
}

/// Says why the command cannot go on; exit code 2, as for a usage error.
pub fn fail(why: &str) -> ExitCode {
    error(why);
    ExitCode::from(2)
}

/// One line on stderr, whatever `why` holds (it names files and quotes the inputs).
pub fn error(why: &str) {
    eprintln!("{} {}", label("error:", "1;31"), shown(why));
}

pub fn warn(why: &str) {
    eprintln!("{} {}", label("warning:", "1;33"), shown(why));
}

/// Text from the inputs as printed on a terminal or in a CI log: control characters and
/// bidi overrides shown as escapes (`\u{1b}`), so it starts no line of its own and moves
/// no cursor; and never GitHub's older command syntax (`##[name]`), which its runner
/// reads anywhere in a line, even on stderr.
pub fn shown(text: &str) -> String {
    visible(text).replace("##[", "##\\u{5b}")
}

fn label(word: &str, code: &str) -> String {
    paint(colour(&std::io::stderr()), code, word)
}

/// `text` in the colour of an SGR `code` (`"1;31"` is bold red) when `on`.
pub fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_turns_colour_off_on_a_terminal() {
        assert!(wants_colour(true, None));
        assert!(wants_colour(true, Some(OsStr::new(""))));
        assert!(!wants_colour(true, Some(OsStr::new("1"))));
        assert!(!wants_colour(false, None));
    }

    #[test]
    fn paint_wraps_only_when_on() {
        assert_eq!(paint(true, "31", "FAIL"), "\x1b[31mFAIL\x1b[0m");
        assert_eq!(paint(false, "31", "FAIL"), "FAIL");
    }
}
