//! Builds the render tree from pulldown-cmark's events: frames for open blocks, line
//! numbers, heading slugs and the table of contents, callouts, safe links, and the depth
//! cap that keeps hostile nesting from overflowing the stack. Over 500 lines with its
//! tests: one state machine over the parser's events, which reads best in one place.

use pulldown_cmark::{Alignment as CmarkAlignment, CodeBlockKind, Event, LinkType, Tag};

use super::super::slug::{Slugger, slugify};
use super::super::{callouts, links, markdown};
use super::{Alignment, Block, Document, Inline, ListItem, TableRow, TocEntry, plain_text};

/// Parses a report body. `first_line` is the file line the body starts on;
/// `base_dir` is the report's folder (empty or ending in `/`) for wikilinks.
pub fn build(body: &str, first_line: usize, base_dir: &str) -> Document {
    let mut builder = Builder {
        stack: vec![Frame::new(Kind::Root, first_line)],
        opened: Vec::new(),
        slugger: Slugger::default(),
        toc: Vec::new(),
        line_starts: std::iter::once(0)
            .chain(body.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        first_line,
        base_dir,
        flattened_from: None,
    };
    for (event, range) in markdown::parser(body).into_offset_iter() {
        let line = builder.line_of(range.start);
        builder.event(event, line);
    }
    // Unclosed frames cannot happen with pulldown-cmark, but fold them in rather than lose text.
    while builder.stack.len() > 1 {
        builder.close();
    }
    let blocks = builder
        .stack
        .pop()
        .map(|mut root| {
            root.flush_inlines();
            root.blocks
        })
        .unwrap_or_default();
    Document {
        blocks,
        toc: builder.toc,
        flattened_from: builder.flattened_from,
    }
}

enum Kind {
    Root,
    Paragraph,
    Heading(u8),
    Quote,
    Code(Option<String>),
    Html,
    List(Option<u64>),
    Item,
    Footnote(String),
    Table(Vec<Alignment>),
    Head,
    Row,
    Cell,
    Emphasis,
    Strong,
    Strike,
    Link {
        href: Option<String>,
        title: Option<String>,
    },
    Image {
        src: Option<String>,
        title: Option<String>,
    },
    /// A tag the options do not enable; its content joins the parent.
    PassThrough,
}

struct Frame {
    kind: Kind,
    line: usize,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    items: Vec<ListItem>,
    cells: Vec<Vec<Inline>>,
    header: Vec<Vec<Inline>>,
    rows: Vec<TableRow>,
    text: String,
    task: Option<bool>,
}

impl Frame {
    fn new(kind: Kind, line: usize) -> Self {
        Self {
            kind,
            line,
            blocks: Vec::new(),
            inlines: Vec::new(),
            items: Vec::new(),
            cells: Vec::new(),
            header: Vec::new(),
            rows: Vec::new(),
            text: String::new(),
            task: None,
        }
    }

    /// Inline content written straight into a block container (a tight list item, or
    /// the flattened content of nesting too deep to keep) becomes a paragraph.
    fn flush_inlines(&mut self) {
        let container = matches!(
            self.kind,
            Kind::Item | Kind::Quote | Kind::Footnote(_) | Kind::Root
        );
        if container && !self.inlines.is_empty() {
            let content = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph {
                content,
                line: self.line,
            });
        }
    }
}

/// Deeper nesting is flattened into the frame at this depth, so the recursive passes
/// over the tree (and the view) cannot overflow the stack on hostile input.
pub const MAX_DEPTH: usize = 40;

struct Builder<'a> {
    stack: Vec<Frame>,
    /// One entry per open Start event: whether it pushed a frame its End must close.
    opened: Vec<bool>,
    slugger: Slugger,
    toc: Vec<TocEntry>,
    line_starts: Vec<usize>,
    first_line: usize,
    base_dir: &'a str,
    flattened_from: Option<usize>,
}

impl Builder<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    fn top(&mut self) -> Option<&mut Frame> {
        self.stack.last_mut()
    }

    fn event(&mut self, event: Event<'_>, line: usize) {
        match event {
            Event::Start(tag) => self.open(tag, line),
            Event::End(_) => {
                if self.opened.pop() == Some(true) {
                    self.close();
                }
            }
            Event::Text(text) => self.text(&text),
            Event::Html(html) | Event::InlineHtml(html) => self.text(&html),
            Event::Code(code) => self.inline(Inline::Code {
                code: code.to_string(),
            }),
            Event::InlineMath(math) | Event::DisplayMath(math) => self.text(&math),
            Event::FootnoteReference(label) => self.inline(Inline::FootnoteReference {
                label: label.to_string(),
            }),
            Event::SoftBreak => self.inline(Inline::SoftBreak),
            Event::HardBreak => self.inline(Inline::LineBreak),
            Event::Rule => self.block(Block::ThematicBreak { line }),
            Event::TaskListMarker(checked) => self.task_marker(checked),
        }
    }

    /// The marker belongs to the item just opened (tight) or to the one whose first
    /// paragraph was just opened (loose). If that item was flattened away, the marker
    /// stays visible text rather than ticking an outer item.
    fn task_marker(&mut self, checked: bool) {
        let fresh = |f: &Frame| f.blocks.is_empty() && f.inlines.is_empty();
        let mut frames = self.stack.iter_mut().rev();
        let item = match (frames.next(), frames.next()) {
            (Some(top), _) if matches!(top.kind, Kind::Item) && fresh(top) => Some(top),
            (Some(para), Some(below))
                if matches!(para.kind, Kind::Paragraph)
                    && fresh(para)
                    && matches!(below.kind, Kind::Item)
                    && fresh(below) =>
            {
                Some(below)
            }
            _ => None,
        };
        match item {
            Some(item) => item.task = Some(checked),
            None => self.text(if checked { "[x] " } else { "[ ] " }),
        }
    }

    fn open(&mut self, tag: Tag<'_>, line: usize) {
        let kind = match tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading { level, .. } => Kind::Heading(level as u8),
            Tag::BlockQuote(_) => Kind::Quote,
            Tag::CodeBlock(CodeBlockKind::Fenced(info)) => Kind::Code(
                info.split_whitespace()
                    .next()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string),
            ),
            Tag::CodeBlock(CodeBlockKind::Indented) => Kind::Code(None),
            Tag::HtmlBlock => Kind::Html,
            Tag::List(start) => Kind::List(start),
            Tag::Item => Kind::Item,
            Tag::FootnoteDefinition(label) => Kind::Footnote(label.to_string()),
            Tag::Table(alignments) => Kind::Table(alignments.iter().map(alignment).collect()),
            Tag::TableHead => Kind::Head,
            Tag::TableRow => Kind::Row,
            Tag::TableCell => Kind::Cell,
            Tag::Emphasis => Kind::Emphasis,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough => Kind::Strike,
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => Kind::Link {
                href: match link_type {
                    LinkType::WikiLink { .. } => links::wikilink_href(&dest_url, self.base_dir),
                    LinkType::Email => links::safe_href(&format!("mailto:{dest_url}")),
                    _ => links::safe_href(&dest_url),
                },
                title: non_empty(&title),
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            } => Kind::Image {
                src: match link_type {
                    LinkType::WikiLink { .. } => links::wikilink_href(&dest_url, self.base_dir)
                        .and_then(|href| links::safe_image_src(&href)),
                    _ => links::safe_image_src(&dest_url),
                },
                title: non_empty(&title),
            },
            _ => Kind::PassThrough,
        };
        let is_block = matches!(
            kind,
            Kind::Paragraph
                | Kind::Heading(_)
                | Kind::Quote
                | Kind::Code(_)
                | Kind::Html
                | Kind::List(_)
                | Kind::Footnote(_)
                | Kind::Table(_)
        );
        let leaf = matches!(
            kind,
            Kind::Paragraph | Kind::Heading(_) | Kind::Code(_) | Kind::Html
        );
        let parent_needs_it = self.stack.last().is_some_and(|top| {
            matches!(
                top.kind,
                Kind::List(_) | Kind::Table(_) | Kind::Head | Kind::Row
            )
        });
        if self.stack.len() > MAX_DEPTH && !leaf && !parent_needs_it {
            self.flattened_from.get_or_insert(line);
            self.opened.push(false);
            return;
        }
        if is_block && let Some(top) = self.top() {
            top.flush_inlines();
        }
        self.stack.push(Frame::new(kind, line));
        self.opened.push(true);
    }

    fn close(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let Some(mut frame) = self.stack.pop() else {
            return;
        };
        frame.flush_inlines();
        let line = frame.line;
        match frame.kind {
            Kind::Root => {}
            Kind::Paragraph => self.block(Block::Paragraph {
                content: frame.inlines,
                line,
            }),
            Kind::Heading(level) => {
                let text = plain_text(&frame.inlines).trim().to_string();
                let slug = self.slugger.unique(&slugify(&text));
                self.toc.push(TocEntry {
                    level,
                    text,
                    slug: slug.clone(),
                    line,
                });
                self.block(Block::Heading {
                    level,
                    slug,
                    content: frame.inlines,
                    line,
                });
            }
            Kind::Quote => self.block(callouts::from_quote(frame.blocks, line)),
            Kind::Code(language) => self.block(Block::CodeBlock {
                language,
                code: frame.text,
                line,
            }),
            Kind::Html => self.block(Block::Html {
                text: frame.text,
                line,
            }),
            Kind::List(start) => self.block(Block::List {
                start,
                items: frame.items,
                line,
            }),
            Kind::Item => {
                if let Some(top) = self.top() {
                    top.items.push(ListItem {
                        task: frame.task,
                        children: frame.blocks,
                        line,
                    });
                }
            }
            Kind::Footnote(label) => self.block(Block::FootnoteDefinition {
                label,
                children: frame.blocks,
                line,
            }),
            Kind::Table(alignments) => self.block(Block::Table {
                alignments,
                header: frame.header,
                rows: frame.rows,
                line,
            }),
            Kind::Head => {
                if let Some(top) = self.top() {
                    top.header = frame.cells;
                }
            }
            Kind::Row => {
                if let Some(top) = self.top() {
                    top.rows.push(TableRow {
                        cells: frame.cells,
                        line,
                    });
                }
            }
            Kind::Cell => {
                if let Some(top) = self.top() {
                    top.cells.push(frame.inlines);
                }
            }
            Kind::Emphasis => self.inline(Inline::Emphasis {
                content: frame.inlines,
            }),
            Kind::Strong => self.inline(Inline::Strong {
                content: frame.inlines,
            }),
            Kind::Strike => self.inline(Inline::Strikethrough {
                content: frame.inlines,
            }),
            Kind::Link { href, title } => self.inline(Inline::Link {
                href,
                title,
                content: frame.inlines,
            }),
            Kind::Image { src, title } => {
                let alt = plain_text(&frame.inlines);
                self.inline(match src {
                    Some(src) => Inline::Image { src, alt, title },
                    None => Inline::Text { text: alt },
                });
            }
            Kind::PassThrough => {
                for inline in frame.inlines {
                    self.inline(inline);
                }
                for block in frame.blocks {
                    self.block(block);
                }
            }
        }
    }

    fn text(&mut self, text: &str) {
        let Some(top) = self.top() else { return };
        if matches!(top.kind, Kind::Code(_) | Kind::Html) {
            top.text.push_str(text);
        } else {
            self.inline(Inline::Text {
                text: text.to_string(),
            });
        }
    }

    fn inline(&mut self, inline: Inline) {
        let Some(top) = self.top() else { return };
        // pulldown-cmark splits text at every special character; one run reads better.
        if let (Some(Inline::Text { text: last }), Inline::Text { text }) =
            (top.inlines.last_mut(), &inline)
        {
            last.push_str(text);
            return;
        }
        top.inlines.push(inline);
    }

    fn block(&mut self, block: Block) {
        if let Some(top) = self.top() {
            top.flush_inlines();
            top.blocks.push(block);
        }
    }
}

fn alignment(a: &CmarkAlignment) -> Alignment {
    match a {
        CmarkAlignment::None => Alignment::None,
        CmarkAlignment::Left => Alignment::Left,
        CmarkAlignment::Center => Alignment::Center,
        CmarkAlignment::Right => Alignment::Right,
    }
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(markdown: &str) -> Vec<Block> {
        build(markdown, 1, "").blocks
    }

    fn first_inlines(markdown: &str) -> Vec<Inline> {
        match blocks(markdown).into_iter().next() {
            Some(Block::Paragraph { content, .. }) => content,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn lines_count_from_the_given_first_line() {
        let b = blocks("# A\n\npara\n\n| x |\n|---|\n| 1 |\n");
        let lines: Vec<usize> = b
            .iter()
            .map(|b| match b {
                Block::Heading { line, .. }
                | Block::Paragraph { line, .. }
                | Block::Table { line, .. } => *line,
                _ => 0,
            })
            .collect();
        assert_eq!(lines, [1, 3, 5]);
        let shifted = build("x\n\ny\n", 10, "").blocks;
        assert!(matches!(
            shifted.last(),
            Some(Block::Paragraph { line: 12, .. })
        ));
    }

    #[test]
    fn raw_html_stays_visible_text() {
        let b = blocks("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)> there\n");
        assert!(matches!(b.first(), Some(Block::Html { text, .. }) if text.contains("<script>")));
        let Some(Block::Paragraph { content, .. }) = b.get(1) else {
            panic!("{b:?}")
        };
        assert_eq!(
            content,
            &vec![Inline::Text {
                text: "hi <img src=x onerror=alert(1)> there".into()
            }]
        );
    }

    #[test]
    fn hostile_link_keeps_text_without_href() {
        let inlines = first_inlines("[click](jav&#x09;ascript:alert(1)) [ok](https://x.y)");
        assert_eq!(
            inlines.first(),
            Some(&Inline::Link {
                href: None,
                title: None,
                content: vec![Inline::Text {
                    text: "click".into()
                }]
            })
        );
        assert!(
            matches!(inlines.last(), Some(Inline::Link { href: Some(h), .. }) if h == "https://x.y")
        );
    }

    #[test]
    fn foreign_image_becomes_alt_text() {
        let inlines = first_inlines("![pixel](https://t.example/p.gif) ![local](img/a.png)");
        assert_eq!(
            inlines.first(),
            Some(&Inline::Text {
                text: "pixel ".into()
            })
        );
        assert!(
            matches!(inlines.last(), Some(Inline::Image { src, alt, .. }) if src == "img/a.png" && alt == "local")
        );
    }

    #[test]
    fn wikilinks_with_alias_resolve() {
        let doc = build("See [[Other Page|the plan]].\n", 1, "reports/");
        let Some(Block::Paragraph { content, .. }) = doc.blocks.first() else {
            panic!()
        };
        assert!(
            content
                .iter()
                .any(|i| matches!(i, Inline::Link { href: Some(h), content, .. }
            if h == "reports/Other%20Page.md" && plain_text(content) == "the plan"))
        );
    }

    #[test]
    fn tight_and_task_items_and_toc() {
        let doc = build("# T\n## T\n- [x] done\n- [ ] open\n  - child\n", 1, "");
        let slugs: Vec<&str> = doc.toc.iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["t", "t-1"]);
        let Some(Block::List { items, .. }) = doc.blocks.last() else {
            panic!()
        };
        let tasks: Vec<Option<bool>> = items.iter().map(|i| i.task).collect();
        assert_eq!(tasks, [Some(true), Some(false)]);
        assert_eq!(items.get(1).map(|i| i.children.len()), Some(2));
    }

    fn depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::BlockQuote { children, .. } | Block::Callout { children, .. } => {
                    1 + depth(children)
                }
                Block::List { items, .. } => {
                    1 + items.iter().map(|i| depth(&i.children)).max().unwrap_or(0)
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn hostile_nesting_is_flattened_not_dropped() {
        let quotes = format!("{} deep quote\n", ">".repeat(5000));
        let doc = build(&quotes, 1, "");
        assert!(depth(&doc.blocks) <= MAX_DEPTH);
        assert!(serde_json::to_string(&doc).unwrap().contains("deep quote"));
        assert_eq!(doc.flattened_from, Some(1));
        assert_eq!(build("> shallow\n", 1, "").flattened_from, None);

        let list: String = (0..3000)
            .map(|i| format!("{}- item {i}\n", "  ".repeat(i)))
            .collect();
        let doc = build(&list, 1, "");
        assert!(depth(&doc.blocks) <= MAX_DEPTH);
        assert!(serde_json::to_string(&doc).unwrap().contains("item 2999"));

        let q = "> ".repeat(60);
        let doc = build(&format!("{q}| a |\n{q}|---|\n{q}| *cell* |\n"), 1, "");
        assert!(serde_json::to_string(&doc).unwrap().contains("cell"));
    }

    #[test]
    fn task_marker_of_a_flattened_item_ticks_nothing() {
        let markdown = format!("- [ ] outer\n{}- [x] deep\n", "  > ".repeat(60));
        let doc = build(&markdown, 1, "");
        let Some(Block::List { items, .. }) = doc.blocks.first() else {
            panic!("{doc:?}")
        };
        assert_eq!(items.first().map(|i| i.task), Some(Some(false)));
        assert!(serde_json::to_string(&doc).unwrap().contains("[x] deep"));
    }

    #[test]
    fn loose_list_task_markers() {
        let doc = build("- [x] a\n\n- [ ] b\n", 1, "");
        let Some(Block::List { items, .. }) = doc.blocks.first() else {
            panic!()
        };
        let tasks: Vec<Option<bool>> = items.iter().map(|i| i.task).collect();
        assert_eq!(tasks, [Some(true), Some(false)]);
    }

    #[test]
    fn table_keeps_header_rows_alignment_and_lines() {
        let doc = build("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n", 5, "");
        let Some(Block::Table {
            alignments,
            header,
            rows,
            line,
        }) = doc.blocks.first()
        else {
            panic!()
        };
        assert_eq!(alignments, &[Alignment::Left, Alignment::Right]);
        assert_eq!(header.len(), 2);
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [7, 8]);
        assert_eq!(*line, 5);
    }
}
