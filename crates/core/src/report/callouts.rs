//! GitHub alerts and Obsidian callouts, read from a finished blockquote.
//!
//! A blockquote whose first paragraph starts with `[!kind]` is a callout: `kind` is any
//! word of letters, digits, `-` or `_` (GitHub's five and Obsidian's custom kinds alike),
//! lowercased. Right after `]`, `-` means folded closed and `+` foldable open. The rest
//! of that first line is the title; the lines after it are the body. Nested callouts work
//! because the inner blockquote is converted before the outer one is finished.

use secondlook_review::report::document::{Block, Fold, Inline};

pub fn from_quote(children: Vec<Block>, line: usize) -> Block {
    let mut children = children.into_iter();
    let first = children.next();
    let Some(Block::Paragraph {
        content,
        line: para_line,
    }) = first
    else {
        return Block::BlockQuote {
            children: first.into_iter().chain(children).collect(),
            line,
        };
    };
    let mut content = content.into_iter();
    let head = content.next();
    let Some((kind, fold, title_start)) = head.as_ref().and_then(marker) else {
        let paragraph = Block::Paragraph {
            content: head.into_iter().chain(content).collect(),
            line: para_line,
        };
        return Block::BlockQuote {
            children: std::iter::once(paragraph).chain(children).collect(),
            line,
        };
    };
    let mut title: Vec<Inline> = Vec::new();
    if !title_start.is_empty() {
        title.push(Inline::Text { text: title_start });
    }
    let mut body: Vec<Inline> = Vec::new();
    let mut in_title = true;
    for inline in content {
        if in_title && matches!(inline, Inline::SoftBreak | Inline::LineBreak) {
            in_title = false;
        } else if in_title {
            title.push(inline);
        } else {
            body.push(inline);
        }
    }
    if title.is_empty() {
        title.push(Inline::Text {
            text: capitalized(&kind),
        });
    }
    let first_body = (!body.is_empty()).then_some(Block::Paragraph {
        content: body,
        line: para_line + 1,
    });
    Block::Callout {
        kind,
        title,
        fold,
        children: first_body.into_iter().chain(children).collect(),
        line,
    }
}

/// `[!kind]`, `[!kind]-` or `[!kind]+` at the start of a text run, with what follows.
fn marker(inline: &Inline) -> Option<(String, Fold, String)> {
    let Inline::Text { text } = inline else {
        return None;
    };
    let rest = text.strip_prefix("[!")?;
    let (kind, rest) = rest.split_once(']')?;
    let word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if kind.is_empty() || !kind.chars().all(word) {
        return None;
    }
    let (fold, rest) = match rest.chars().next() {
        Some('-') => (Fold::Closed, rest.get(1..).unwrap_or_default()),
        Some('+') => (Fold::Open, rest.get(1..).unwrap_or_default()),
        _ => (Fold::None, rest),
    };
    Some((
        kind.to_ascii_lowercase(),
        fold,
        rest.trim_start().to_string(),
    ))
}

fn capitalized(kind: &str) -> String {
    let mut chars = kind.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::document::{build, plain_text};
    use super::*;

    fn only_block(markdown: &str) -> Block {
        let mut blocks = build(markdown, 1, "").blocks;
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        blocks.remove(0)
    }

    #[test]
    fn obsidian_callout_with_title_and_fold() {
        let Block::Callout {
            kind,
            title,
            fold,
            children,
            ..
        } = only_block("> [!FAQ]- Why *this*?\n> Because.\n")
        else {
            panic!("not a callout")
        };
        assert_eq!(kind, "faq");
        assert_eq!(fold, Fold::Closed);
        assert_eq!(plain_text(&title), "Why this?");
        assert_eq!(children.len(), 1);
    }

    #[test]
    fn github_alert_gets_default_title() {
        let Block::Callout {
            kind, title, fold, ..
        } = only_block("> [!WARNING]\n> Careful.\n")
        else {
            panic!("not a callout")
        };
        assert_eq!((kind.as_str(), fold), ("warning", Fold::None));
        assert_eq!(plain_text(&title), "Warning");
    }

    #[test]
    fn nested_callout_inside_callout() {
        let Block::Callout { children, fold, .. } =
            only_block("> [!note]+ Outer\n> text\n>\n> > [!tip] Inner\n> > deep\n")
        else {
            panic!("not a callout")
        };
        assert_eq!(fold, Fold::Open);
        assert!(matches!(children.last(), Some(Block::Callout { kind, .. }) if kind == "tip"));
    }

    #[test]
    fn plain_quote_and_bad_marker_stay_quotes() {
        assert!(matches!(
            only_block("> just a quote\n"),
            Block::BlockQuote { .. }
        ));
        assert!(matches!(
            only_block("> [!bad kind] x\n"),
            Block::BlockQuote { .. }
        ));
    }
}
