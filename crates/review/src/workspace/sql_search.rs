//! The SQL pane's search (what is searched for, and which match is shown) and its place
//! in the page's query string (`?sqlq=ledger&sqlm=3`), so a reload or a shared link
//! shows the same match. Other parameters are kept as written.

use super::url::{decode, encode, pairs, with_params};

const KEYS: [&str; 2] = ["sqlq", "sqlm"];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SqlSearch {
    pub text: String,
    /// The match shown, 0-based, among those found.
    pub current: usize,
}

impl SqlSearch {
    /// Reads the state from a query string (with or without the leading `?`); a match
    /// number that is not one is the first.
    pub fn from_query(query: &str) -> SqlSearch {
        let mut search = SqlSearch::default();
        for (key, value) in pairs(query) {
            match key.as_str() {
                "sqlq" => search.text = decode(&value),
                "sqlm" => {
                    search.current = value.parse::<usize>().map_or(0, |k| k.saturating_sub(1))
                }
                _ => {}
            }
        }
        search
    }

    /// `query` with this state in place of any earlier one (the match 1-based, as the
    /// pane counts it); nothing of it when nothing is searched for.
    pub fn to_query(&self, query: &str) -> String {
        let (text, current) = match self.text.is_empty() {
            true => (String::new(), String::new()),
            false => (encode(&self.text), (self.current + 1).to_string()),
        };
        with_params(query, &KEYS, [("sqlq", text), ("sqlm", current)])
    }

    /// The match after the current one among `count`, round to the first.
    pub fn next(&self, count: usize) -> usize {
        match count {
            0 => 0,
            _ => (self.current + 1) % count,
        }
    }

    /// The match before the current one among `count`, round to the last.
    pub fn previous(&self, count: usize) -> usize {
        match count {
            0 => 0,
            _ => (self.current.min(count - 1) + count - 1) % count,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_survives_the_query_string_and_leaves_the_rest() {
        let search = SqlSearch {
            text: "ALTER TABLE \"a&b\"".into(),
            current: 2,
        };
        let query = search.to_query("?report=r.md&view=sql&sqlq=old&sqlm=9");
        assert_eq!(
            query,
            "?report=r.md&view=sql&sqlq=ALTER%20TABLE%20%22a%26b%22&sqlm=3"
        );
        assert_eq!(SqlSearch::from_query(&query), search);
        // Nothing searched for: nothing of it in the link.
        assert_eq!(
            SqlSearch::default().to_query(&query),
            "?report=r.md&view=sql"
        );
        // A match number that is not one is the first.
        assert_eq!(SqlSearch::from_query("?sqlq=x&sqlm=zero").current, 0);
        assert_eq!(SqlSearch::from_query("?sqlq=x&sqlm=0").current, 0);
    }

    #[test]
    fn next_and_previous_go_round() {
        let at = |current| SqlSearch {
            text: "x".into(),
            current,
        };
        assert_eq!(at(0).next(3), 1);
        assert_eq!(at(2).next(3), 0);
        assert_eq!(at(0).previous(3), 2);
        assert_eq!(at(2).previous(3), 1);
        // Past the end (fewer matches since): back from the last.
        assert_eq!(at(7).previous(3), 1);
        assert_eq!((at(0).next(0), at(0).previous(0)), (0, 0));
    }
}
