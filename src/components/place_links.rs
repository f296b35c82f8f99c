//! Places in a loaded SQL file named inside a sentence (`file.sql:67:5`), turned into
//! links to that line of the SQL pane, so a reason that names a statement takes the
//! reviewer there in one click.

use leptos::prelude::*;
use secondlook_review::sql::SqlFile;

use super::sql_panel::sql_anchor;

/// A piece of a sentence: words, or a place with the link to its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Words(String),
    Place { text: String, href: String },
}

/// `text` cut into words and the places in it of the loaded `sql_files`.
pub fn pieces(text: &str, sql_files: &[SqlFile]) -> Vec<Piece> {
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    // The longest path first: `b/a.sql:3` is a place in `b/a.sql`, not in `a.sql`.
    let mut paths: Vec<&str> = sql_files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for path in paths.into_iter().filter(|p| !p.is_empty()) {
        for (start, _) in text.match_indices(path) {
            let Some((end, line)) = place_end(text, start + path.len()) else {
                continue;
            };
            let joined = text[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || "/._-".contains(c));
            let overlaps = found.iter().any(|(s, e, _)| start < *e && *s < end);
            let href = sql_anchor(sql_files, path, line);
            if let (false, false, Some(href)) = (joined, overlaps, href) {
                found.push((start, end, href));
            }
        }
    }
    found.sort_by_key(|(start, ..)| *start);
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end, href) in found {
        if start > at {
            pieces.push(Piece::Words(text[at..start].to_string()));
        }
        pieces.push(Piece::Place {
            text: text[start..end].to_string(),
            href,
        });
        at = end;
    }
    if at < text.len() {
        pieces.push(Piece::Words(text[at..].to_string()));
    }
    pieces
}

/// Where `:<line>` and an optional `:<column>` after a path end, and the line.
fn place_end(text: &str, after_path: usize) -> Option<(usize, u32)> {
    let digits = |from: usize| {
        let rest = text.get(from..)?.strip_prefix(':')?;
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        (n > 0).then(|| (from + 1 + n, &rest[..n]))
    };
    let (end, line) = digits(after_path)?;
    let line = line.parse().ok()?;
    let end = digits(end).map_or(end, |(end, _)| end);
    Some((end, line))
}

/// `text` with each place of a loaded SQL file in it a link to its line.
pub fn with_place_links(text: &str, sql_files: &[SqlFile]) -> impl IntoView + use<> {
    pieces(text, sql_files)
        .into_iter()
        .map(|piece| match piece {
            Piece::Words(words) => words.into_any(),
            Piece::Place { text, href } => view! {
                <a class="place-link" data-testid="place-link" href=href>{text}</a>
            }
            .into_any(),
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn file(path: &str) -> SqlFile {
        SqlFile {
            path: path.to_string(),
            tool: None,
            text: Ok("SELECT 1;\n".to_string()),
        }
    }

    #[wasm_bindgen_test]
    fn a_place_of_a_loaded_file_becomes_a_link_to_its_line() {
        let files = [file("db/0001.sql")];
        assert_eq!(
            pieces("the statement at db/0001.sql:67:5 did not parse", &files),
            [
                Piece::Words("the statement at ".into()),
                Piece::Place {
                    text: "db/0001.sql:67:5".into(),
                    href: "#sql-0-L67".into(),
                },
                Piece::Words(" did not parse".into()),
            ]
        );
    }

    #[wasm_bindgen_test]
    fn only_whole_paths_of_loaded_files_with_a_line_are_places() {
        let mut unread = file("gone.sql");
        unread.text = Err("HTTP 404".into());
        let files = [file("a.sql"), unread];
        let text = "b/a.sql:3, a.sql without a line, gone.sql:4";
        assert_eq!(pieces(text, &files), [Piece::Words(text.into())]);
    }

    #[wasm_bindgen_test]
    fn the_longest_path_wins_and_every_place_is_found() {
        let files = [file("a.sql"), file("x/a.sql")];
        let found: Vec<_> = pieces("x/a.sql:2 then (a.sql:9)", &files)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Place { text, href } => Some((text, href)),
                Piece::Words(_) => None,
            })
            .collect();
        assert_eq!(
            found,
            [
                ("x/a.sql:2".to_string(), "#sql-1-L2".to_string()),
                ("a.sql:9".to_string(), "#sql-0-L9".to_string()),
            ]
        );
    }
}
