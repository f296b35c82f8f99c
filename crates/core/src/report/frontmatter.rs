//! YAML frontmatter between `---` lines at the very start of a report.

use yaml_rust2::{Yaml, YamlLoader};

/// A frontmatter that could not be read, with the 1-based line in the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FrontmatterError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frontmatter {
    root: Option<Yaml>,
}

/// Splits `---\n<yaml>\n---\n<body>`; without an opening `---` line the whole text is body.
pub fn split_frontmatter(text: &str) -> (Option<&str>, &str) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return (Some(&rest[..offset]), &rest[offset + line.len()..]);
        }
        offset += line.len();
    }
    (None, text)
}

impl Frontmatter {
    pub fn parse(yaml: &str) -> Result<Self, FrontmatterError> {
        let docs = YamlLoader::load_from_str(yaml).map_err(|e| FrontmatterError {
            // +1 for the opening `---` line, +1 to make it 1-based.
            line: e.marker().line() + 1,
            column: e.marker().col() + 1,
            message: e.info().to_string(),
        })?;
        Ok(Self {
            root: docs.into_iter().next(),
        })
    }

    /// A scalar property as text, whatever its YAML type.
    pub fn text(&self, key: &str) -> Option<String> {
        match &self.root.as_ref()?[key] {
            Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
    }
}
