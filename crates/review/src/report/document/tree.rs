//! The render tree's types: the report body as plain data, and its text without markup.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// Every heading in order, for the table of contents.
    pub toc: Vec<TocEntry>,
    /// The first line whose nesting went deeper than the tree keeps
    /// (the core's `report::document::MAX_DEPTH`); from there on, deeper blocks are shown flattened.
    pub flattened_from: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub text: String,
    pub slug: String,
    pub line: usize,
}

/// A block; `line` is the 1-based line in the report file (frontmatter lines included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        slug: String,
        content: Vec<Inline>,
        line: usize,
    },
    Paragraph {
        content: Vec<Inline>,
        line: usize,
    },
    List {
        /// The first number of an ordered list; `None` for a bullet list.
        start: Option<u64>,
        items: Vec<ListItem>,
        line: usize,
    },
    Table {
        alignments: Vec<Alignment>,
        header: Vec<Vec<Inline>>,
        rows: Vec<TableRow>,
        line: usize,
    },
    CodeBlock {
        language: Option<String>,
        code: String,
        line: usize,
    },
    /// A GitHub alert (`> [!WARNING]`) or an Obsidian callout (`> [!info]- Title`).
    Callout {
        /// Lowercase, letters, digits, `-` and `_` only (safe as a CSS class).
        kind: String,
        /// As written, or the kind capitalized when none was written.
        title: Vec<Inline>,
        fold: Fold,
        children: Vec<Block>,
        line: usize,
    },
    BlockQuote {
        children: Vec<Block>,
        line: usize,
    },
    /// A horizontal rule (`---`), CommonMark's thematic break; not a gate.
    ThematicBreak {
        line: usize,
    },
    FootnoteDefinition {
        label: String,
        children: Vec<Block>,
        line: usize,
    },
    /// Raw HTML from the report, to be shown as text (e.g. in a `<pre>`).
    Html {
        text: String,
        line: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fold {
    /// Not foldable.
    None,
    /// `+`: foldable, shown open.
    Open,
    /// `-`: foldable, shown closed.
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    /// `Some(checked)` for a GFM task item (`- [ ]`, `- [x]`).
    pub task: Option<bool>,
    pub children: Vec<Block>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    pub cells: Vec<Vec<Inline>>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Code {
        code: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strikethrough {
        content: Vec<Inline>,
    },
    /// `href` is `None` when the target failed the URL policy: show the text, no link.
    Link {
        href: Option<String>,
        title: Option<String>,
        content: Vec<Inline>,
    },
    /// Only same-origin images get here; others become their alt text.
    Image {
        src: String,
        alt: String,
        title: Option<String>,
    },
    FootnoteReference {
        label: String,
    },
    /// A line break inside a paragraph's source; render as a space.
    SoftBreak,
    LineBreak,
}

/// The text a reader sees, without markup; breaks become spaces.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push_str(text),
            Inline::Code { code } => out.push_str(code),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } => push_plain(content, out),
            Inline::Image { alt, .. } => out.push_str(alt),
            Inline::FootnoteReference { label } => out.push_str(&format!("[^{label}]")),
            Inline::SoftBreak | Inline::LineBreak => out.push(' '),
        }
    }
}
