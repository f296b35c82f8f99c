//! A report's frontmatter properties, typed, and why it could not be read.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontmatterError {
    /// 1-based line in the report file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    pub key: String,
    pub value: PropertyValue,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PropertyValue {
    Text {
        value: String,
    },
    Number {
        value: f64,
    },
    Boolean {
        value: bool,
    },
    Date {
        value: String,
    },
    /// A wikilink; `href` as in the render tree (`None` when it fails the URL policy).
    Link {
        target: String,
        alias: Option<String>,
        href: Option<String>,
    },
    List {
        items: Vec<PropertyValue>,
    },
    Map {
        properties: Vec<Property>,
    },
    Null,
}

impl PropertyValue {
    /// The value as one line of text, for named fields and summaries.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Self::Text { value } | Self::Date { value } => Some(value.clone()),
            Self::Number { value } => Some(value.to_string()),
            Self::Boolean { value } => Some(value.to_string()),
            Self::Link { target, alias, .. } => Some(alias.clone().unwrap_or(target.clone())),
            Self::List { .. } | Self::Map { .. } | Self::Null => None,
        }
    }
}
