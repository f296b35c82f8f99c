//! Text from the inputs, made safe to print: the run, the report and the SQL come from
//! the pull request, so their text must not move a terminal's cursor, hide or recolour
//! what follows (ESC), start a line of its own (CR, LF), reorder what is shown (bidi
//! overrides), or forge a Markdown heading, table or list item.

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1, so CR, LF and ESC too) and every
/// bidi control shown as its escape (`\u{1b}`): one line, printed as written.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A control character or a bidi control: what [`visible`] escapes.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

/// `text` as one line of Markdown that says exactly that: [`visible`] (so it starts no
/// line, and with it no heading, list item or table row), then every character that
/// could start inline markup (a code span, link, image, HTML, entity, emphasis or table
/// cell) escaped with a backslash.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in visible(text).chars() {
        if "\\`*_[]<>()#!|~&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_are_shown_escaped() {
        assert_eq!(visible("plain: a/b.sql"), "plain: a/b.sql");
        assert_eq!(
            visible("a\nverdict: go\r\u{1b}[8mhidden\u{9b}\u{7f}"),
            "a\\u{a}verdict: go\\u{d}\\u{1b}[8mhidden\\u{9b}\\u{7f}"
        );
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(
            visible("\u{2066}x\u{2069}\u{2028}"),
            "\\u{2066}x\\u{2069}\\u{2028}"
        );
    }

    #[test]
    fn markdown_cannot_start_markup() {
        assert_eq!(
            markdown("x\n# Verdict: go\n| a | b |"),
            "x\\\\u{a}\\# Verdict: go\\\\u{a}\\| a \\| b \\|"
        );
        assert_eq!(
            markdown("`a` [l](http://x) <b> &#10;"),
            "\\`a\\` \\[l\\]\\(http://x\\) \\<b\\> \\&\\#10;"
        );
        assert_eq!(markdown("- [x] done -->"), "- \\[x\\] done --\\>");
        assert_eq!(markdown("Ada Lovelace"), "Ada Lovelace");
    }
}
