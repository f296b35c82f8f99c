//! Finding text in a SQL file, for the SQL pane's search box: the pane puts only the
//! lines near the screen in the page, so the browser's own find cannot see the rest.
//! Case-insensitive, and bounded: a query and a number of matches past which the
//! search stops, so no input can freeze the tab.

use std::ops::Range;

use super::highlight::TokenClass;

/// The most matches reported; past it the search says there are more.
pub const MAX_MATCHES: usize = 1000;

/// The longest query searched for, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// One match: its line (1-based) and its bytes within that line's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub line: u32,
    pub columns: Range<usize>,
}

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// In the order of the text, at most [`MAX_MATCHES`].
    pub matches: Vec<Match>,
    /// Whether there are matches past the last one reported.
    pub more: bool,
}

/// Why a query was not searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Over [`MAX_QUERY_CHARS`] characters.
    TooLong,
}

/// A file's text folded to lower case once, to search it as the query changes.
#[derive(Debug, Clone)]
pub struct Haystack {
    folded: String,
}

impl Haystack {
    pub fn new(text: &str) -> Haystack {
        Haystack { folded: fold(text) }
    }

    /// The matches of `query`, case-insensitively, never overlapping. A match that
    /// runs past the end of its line is reported on its first line, up to its end.
    pub fn find(&self, query: &str) -> Result<Found, Refused> {
        if query.chars().nth(MAX_QUERY_CHARS).is_some() {
            return Err(Refused::TooLong);
        }
        let mut found = Found::default();
        if query.is_empty() {
            return Ok(found);
        }
        let query = fold(query);
        let text = self.folded.as_str();
        let (mut line, mut line_start, mut counted) = (1u32, 0usize, 0usize);
        for (at, _) in text.match_indices(&query) {
            if found.matches.len() == MAX_MATCHES {
                found.more = true;
                break;
            }
            // Lines are counted once, from the last match on: linear in the text.
            let between = text.as_bytes().get(counted..at).unwrap_or_default();
            let breaks = between.iter().filter(|b| **b == b'\n').count();
            if breaks > 0 {
                line = line.saturating_add(u32::try_from(breaks).unwrap_or(u32::MAX));
                line_start = counted + between.iter().rposition(|b| *b == b'\n').unwrap_or(0) + 1;
            }
            counted = at;
            let line_end = text
                .get(at..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |n| at + n);
            let end = (at + query.len()).min(line_end);
            found.matches.push(Match {
                line,
                columns: at - line_start..end - line_start,
            });
        }
        Ok(found)
    }
}

/// Lower case that keeps every character's byte length, so offsets in the folded text
/// are offsets in the original; a character whose lower case is longer (rare) stays.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_lowercase();
            }
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// A line's coloured parts cut where the `marked` byte ranges of the line start and
/// end, each piece with the index in `marked` of the range it is inside, if any.
pub fn mark_parts(
    parts: &[(TokenClass, String)],
    marked: &[Range<usize>],
) -> Vec<(TokenClass, String, Option<usize>)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (class, text) in parts {
        let span = offset..offset + text.len();
        offset = span.end;
        // Where the part must be cut: the marked ranges' ends inside it.
        let mut cuts: Vec<usize> = marked
            .iter()
            .flat_map(|m| [m.start, m.end])
            .filter(|c| span.start < *c && *c < span.end && text.is_char_boundary(c - span.start))
            .map(|c| c - span.start)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = 0;
        for to in cuts.into_iter().chain([text.len()]) {
            let start = span.start + from;
            let inside = marked
                .iter()
                .position(|m| m.start <= start && start < m.end);
            let piece = text.get(from..to).unwrap_or_default();
            out.push((*class, piece.to_string(), inside));
            from = to;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_and_columns(text: &str, query: &str) -> Vec<(u32, Range<usize>)> {
        Haystack::new(text)
            .find(query)
            .unwrap()
            .matches
            .into_iter()
            .map(|m| (m.line, m.columns))
            .collect()
    }

    #[test]
    fn matches_are_found_on_their_lines_whatever_the_case() {
        let text = "CREATE TABLE a (id int);\nalter table A add b int;\n\n  Table ÄB;";
        assert_eq!(
            lines_and_columns(text, "table"),
            [(1, 7..12), (2, 6..11), (4, 2..7)]
        );
        assert_eq!(lines_and_columns(text, "äb"), [(4, 8..11)]);
        assert_eq!(lines_and_columns(text, "nothing"), []);
        assert_eq!(lines_and_columns(text, ""), []);
    }

    #[test]
    fn a_match_across_a_line_break_is_cut_at_its_line_end() {
        assert_eq!(lines_and_columns("ab\ncd", "b\nc"), [(1, 1..2)]);
    }

    #[test]
    fn a_character_whose_lower_case_is_longer_keeps_offsets_right() {
        // 'İ' lowers to two characters: it stays, and what follows is still found.
        assert_eq!(lines_and_columns("İx TABLE", "table"), [(1, 4..9)]);
    }

    #[test]
    fn hostile_input_is_bounded() {
        let text = "a".repeat(5 * 1024 * 1024);
        let found = Haystack::new(&text).find("aa").unwrap();
        assert_eq!((found.matches.len(), found.more), (MAX_MATCHES, true));
        // Exactly the limit: nothing more.
        let text = "x\n".repeat(MAX_MATCHES);
        let found = Haystack::new(&text).find("x").unwrap();
        assert_eq!((found.matches.len(), found.more), (MAX_MATCHES, false));
        assert_eq!(found.matches.last().unwrap().line, MAX_MATCHES as u32);
        let long = "a".repeat(MAX_QUERY_CHARS + 1);
        assert_eq!(Haystack::new("a").find(&long), Err(Refused::TooLong));
        assert!(Haystack::new("a").find(&long[1..]).is_ok());
        // A near miss at every place of a long text is still linear (Two-Way).
        let text = "a".repeat(2 * 1024 * 1024);
        let query = format!("{}b", "a".repeat(MAX_QUERY_CHARS - 1));
        assert_eq!(Haystack::new(&text).find(&query), Ok(Found::default()));
    }

    #[test]
    fn parts_are_cut_where_a_match_starts_and_ends() {
        let parts = vec![
            (TokenClass::Keyword, "CREATE".to_string()),
            (TokenClass::Plain, " ".to_string()),
            (TokenClass::Keyword, "TABLE".to_string()),
        ];
        let marked = mark_parts(&parts, &[0..2, 4..9]);
        let pieces: Vec<(&str, Option<usize>)> =
            marked.iter().map(|(_, t, m)| (t.as_str(), *m)).collect();
        assert_eq!(
            pieces,
            [
                ("CR", Some(0)),
                ("EA", None),
                ("TE", Some(1)),
                (" ", Some(1)),
                ("TA", Some(1)),
                ("BLE", None)
            ]
        );
        assert_eq!(marked[5].0, TokenClass::Keyword);
        // No match: the parts as they were.
        let parts = vec![(TokenClass::Plain, "x".to_string())];
        assert_eq!(
            mark_parts(&parts, &[]),
            [(TokenClass::Plain, "x".into(), None)]
        );
    }
}
