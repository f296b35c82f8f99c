//! YAML frontmatter between `---` lines at the very start of a report, kept as typed,
//! ordered properties (like Obsidian's Properties view).
//!
//! A string that is exactly `YYYY-MM-DD` (optionally followed by `T` and a time) is a
//! date; a string that is exactly `[[Page]]` or `[[Page|text]]` is a link. A frontmatter
//! that does not parse yields a located error (line and column in the report file) and no
//! properties; the body is read either way.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;
use yaml_rust2::{Yaml, YamlLoader};

use super::links;

pub use secondlook_review::report::frontmatter::{FrontmatterError, Property, PropertyValue};

/// The frontmatter and where the body starts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frontmatter<'a> {
    pub properties: Vec<Property>,
    pub error: Option<FrontmatterError>,
    pub body: &'a str,
    /// The 1-based file line the body starts on.
    pub body_first_line: usize,
}

pub fn read<'a>(text: &'a str, base_dir: &str) -> Frontmatter<'a> {
    // Editors on Windows may start the file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Frontmatter {
            body: text,
            body_first_line: 1,
            ..Frontmatter::default()
        };
    };
    let mut offset = 0;
    let mut closing = None;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            closing = Some(line.len());
            break;
        }
        offset += line.len();
    }
    let (Some(yaml), Some(body)) = (
        rest.get(..offset),
        closing.and_then(|len| rest.get(offset + len..)),
    ) else {
        return Frontmatter {
            error: Some(FrontmatterError {
                line: 1,
                column: 1,
                message: "the frontmatter opened here is never closed by a `---` line; \
                          the whole file is read as body"
                    .to_string(),
            }),
            body: text,
            body_first_line: 1,
            ..Frontmatter::default()
        };
    };
    // Opening line, YAML lines, closing line.
    let body_first_line = yaml.matches('\n').count() + 3;
    let (properties, error) = match parse(yaml, base_dir) {
        Ok(properties) => (properties, None),
        Err(error) => (Vec::new(), Some(error)),
    };
    Frontmatter {
        properties,
        error,
        body,
        body_first_line,
    }
}

/// Deeper YAML is refused: the loader and the typing below recurse once per level,
/// and no report's properties need more than a few.
pub const MAX_YAML_DEPTH: usize = 64;

fn parse(yaml: &str, base_dir: &str) -> Result<Vec<Property>, FrontmatterError> {
    // The marker's line is 1-based within the YAML, which starts on file line 2; its
    // column is 0-based.
    let error = |at: &Marker, message: String| FrontmatterError {
        line: at.line() + 1,
        column: at.col() + 1,
        message,
    };
    if let Some(at) = too_deep(yaml) {
        return Err(error(
            &at,
            format!("lists and maps are nested more than {MAX_YAML_DEPTH} levels deep here"),
        ));
    }
    let docs = YamlLoader::load_from_str(yaml).map_err(|e| error(e.marker(), e.info().into()))?;
    match docs.into_iter().next() {
        None | Some(Yaml::Null) => Ok(Vec::new()),
        Some(Yaml::Hash(hash)) => Ok(properties(hash, base_dir)),
        Some(_) => Err(FrontmatterError {
            line: 2,
            column: 1,
            message: "the frontmatter is not a list of `key: value` properties".to_string(),
        }),
    }
}

/// Where the YAML first nests deeper than [`MAX_YAML_DEPTH`], read from the parser's
/// flat event stream before anything recursive sees it. Syntax errors are left to the
/// loader, which meets them at the same place.
fn too_deep(yaml: &str) -> Option<Marker> {
    let mut parser = Parser::new_from_str(yaml);
    let mut depth = 0usize;
    loop {
        let (event, at) = parser.next_token().ok()?;
        match event {
            Event::StreamEnd => return None,
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                depth += 1;
                if depth > MAX_YAML_DEPTH {
                    return Some(at);
                }
            }
            Event::SequenceEnd | Event::MappingEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
}

fn properties(hash: yaml_rust2::yaml::Hash, base_dir: &str) -> Vec<Property> {
    hash.into_iter()
        .map(|(key, value)| Property {
            key: scalar_text(&key).unwrap_or_else(|| format!("{key:?}")),
            value: value_of(value, base_dir),
        })
        .collect()
}

fn value_of(yaml: Yaml, base_dir: &str) -> PropertyValue {
    match yaml {
        Yaml::String(s) => text_value(s, base_dir),
        Yaml::Integer(i) => PropertyValue::Number { value: i as f64 },
        // A number too large for f64 (`1e999`) is kept as written: as infinity it would
        // show as `inf` and be written as JSON `null`, which does not read back.
        Yaml::Real(r) => match r.parse::<f64>() {
            Ok(value) if value.is_finite() => PropertyValue::Number { value },
            _ => PropertyValue::Text { value: r },
        },
        Yaml::Boolean(value) => PropertyValue::Boolean { value },
        Yaml::Array(items) => PropertyValue::List {
            items: items.into_iter().map(|y| value_of(y, base_dir)).collect(),
        },
        Yaml::Hash(hash) => PropertyValue::Map {
            properties: properties(hash, base_dir),
        },
        Yaml::Null | Yaml::Alias(_) | Yaml::BadValue => PropertyValue::Null,
    }
}

fn text_value(s: String, base_dir: &str) -> PropertyValue {
    if let Some(inner) = s
        .trim()
        .strip_prefix("[[")
        .and_then(|r| r.strip_suffix("]]"))
        .filter(|inner| !inner.contains("]]") && !inner.contains("[["))
    {
        let (target, alias) = match inner.split_once('|') {
            Some((target, alias)) => (target.trim(), Some(alias.trim().to_string())),
            None => (inner.trim(), None),
        };
        return PropertyValue::Link {
            href: links::wikilink_href(target, base_dir),
            target: target.to_string(),
            alias,
        };
    }
    if is_date(&s) {
        PropertyValue::Date { value: s }
    } else {
        PropertyValue::Text { value: s }
    }
}

fn is_date(s: &str) -> bool {
    let bytes = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let number = |range: std::ops::Range<usize>| s.get(range).and_then(|d| d.parse::<u8>().ok());
    digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10)
        && number(5..7).is_some_and(|m| (1..=12).contains(&m))
        && number(8..10).is_some_and(|d| (1..=31).contains(&d))
        && (bytes.len() == 10 || bytes.get(10) == Some(&b'T'))
}

fn scalar_text(yaml: &Yaml) -> Option<String> {
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_past_f64_stay_as_written() {
        let fm = read("---\nbig: 1e999\nsmall: -1e999\n---\n", "");
        let values: Vec<&PropertyValue> = fm.properties.iter().map(|p| &p.value).collect();
        assert_eq!(
            values,
            [
                &PropertyValue::Text {
                    value: "1e999".into()
                },
                &PropertyValue::Text {
                    value: "-1e999".into()
                }
            ]
        );
    }

    #[test]
    fn typed_properties_in_written_order() {
        let fm = read(
            "---\nb: 2026-05-31\na: 3.5\nc: true\nd: [x, 1]\ne: 2026-05-31 later\nf: \"[[Page|the page]]\"\n---\nbody\n",
            "notes/",
        );
        let keys: Vec<&str> = fm.properties.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c", "d", "e", "f"]);
        let values: Vec<&PropertyValue> = fm.properties.iter().map(|p| &p.value).collect();
        assert_eq!(
            values[0],
            &PropertyValue::Date {
                value: "2026-05-31".into()
            }
        );
        assert_eq!(values[1], &PropertyValue::Number { value: 3.5 });
        assert_eq!(values[2], &PropertyValue::Boolean { value: true });
        assert_eq!(
            values[3],
            &PropertyValue::List {
                items: vec![
                    PropertyValue::Text { value: "x".into() },
                    PropertyValue::Number { value: 1.0 }
                ]
            }
        );
        assert_eq!(
            values[4],
            &PropertyValue::Text {
                value: "2026-05-31 later".into()
            }
        );
        assert_eq!(
            values[5],
            &PropertyValue::Link {
                target: "Page".into(),
                alias: Some("the page".into()),
                href: Some("notes/Page.md".into())
            }
        );
        assert_eq!(fm.body, "body\n");
        assert_eq!(fm.body_first_line, 9);
    }

    #[test]
    fn broken_yaml_is_located_in_the_report() {
        let fm = read("---\ntitle: ok\nverdict: [unclosed\n---\n# Body\n", "");
        let error = fm.error.expect("an error");
        assert_eq!(error.line, 4, "{error:?}");
        assert!(fm.properties.is_empty());
        assert_eq!(fm.body, "# Body\n");
    }

    #[test]
    fn bad_indentation_points_at_its_line() {
        let fm = read("---\ntitle: a\n  bad: b\n---\n", "");
        assert_eq!(fm.error.map(|e| e.line), Some(3));
    }

    #[test]
    fn no_frontmatter_and_unclosed_frontmatter() {
        let fm = read("# Title\n", "");
        assert_eq!(
            (fm.error, fm.body, fm.body_first_line),
            (None, "# Title\n", 1)
        );
        let fm = read("---\ntitle: x\n# never closed\n", "");
        assert_eq!(fm.error.map(|e| e.line), Some(1));
        assert_eq!(fm.body, "---\ntitle: x\n# never closed\n");
    }

    #[test]
    fn byte_order_mark_before_frontmatter() {
        let fm = read("\u{feff}---\ntitle: x\n---\nbody\n", "");
        assert_eq!((fm.properties.len(), fm.body), (1, "body\n"));
    }

    #[test]
    fn dates_must_be_real_dates() {
        assert!(is_date("2026-05-31"));
        assert!(is_date("2026-05-31T10:00"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-05-3"));
        assert!(!is_date("2026-05-31 after"));
    }

    #[test]
    fn hostile_nesting_is_an_error_not_a_crash() {
        let n = 5000;
        for yaml in [
            "[".repeat(100_000),
            format!("{}{}", "[".repeat(n), "]".repeat(n)),
        ] {
            let text = format!("---\nx: {yaml}\n---\nbody\n");
            let fm = read(&text, "");
            assert_eq!(fm.error.map(|e| e.line), Some(2));
            assert_eq!(fm.body, "body\n");
        }
        // Block nesting: one level per line, so the error names the first line too deep.
        let yaml: String = (0..1000)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        let text = format!("---\n{yaml}---\nbody\n");
        let e = read(&text, "").error.unwrap();
        assert_eq!(
            e.message,
            "lists and maps are nested more than 64 levels deep here"
        );
        assert_eq!(e.line, 2 + MAX_YAML_DEPTH);
    }
}
