//! The core's safe render tree as DOM nodes, built one by one with `view!`.
//!
//! Every string from the report lands in a text node or an attribute value, never in
//! markup. Links carry an href only when the core gave one; the core already limits
//! nesting, so the recursion here stays shallow.

use std::collections::HashMap;

use leptos::prelude::*;
use secondlook_review::report::{Alignment, Block, Fold, Inline, ListItem, TableRow};
use secondlook_review::workspace::anchor::Anchor;

/// Deep-link ids for table rows, by the row's line in the report (the findings' anchors).
pub type RowAnchors = HashMap<usize, String>;

/// The report body.
#[component]
pub fn Markdown(
    /// The blocks to render, in order.
    blocks: Vec<Block>,
    /// Ids to put on table rows, keyed by the row's line.
    #[prop(optional)]
    row_anchors: RowAnchors,
) -> impl IntoView {
    blocks_view(blocks, &row_anchors)
}

fn blocks_view(blocks: Vec<Block>, anchors: &RowAnchors) -> AnyView {
    blocks
        .into_iter()
        .map(|b| block_view(b, anchors))
        .collect_view()
        .into_any()
}

fn block_view(block: Block, anchors: &RowAnchors) -> AnyView {
    match block {
        Block::Heading {
            level,
            slug,
            content,
            ..
        } => heading_view(level, slug, content),
        Block::Paragraph { content, .. } => view! { <p>{inlines_view(content)}</p> }.into_any(),
        Block::List { start, items, .. } => list_view(start, items, anchors),
        Block::Table {
            alignments,
            header,
            rows,
            ..
        } => table_view(&alignments, header, rows, anchors),
        Block::CodeBlock { language, code, .. } => view! {
            <figure class="code-block">
                {language.map(|l| view! { <figcaption class="code-language">{l}</figcaption> })}
                <pre><code>{code}</code></pre>
            </figure>
        }
        .into_any(),
        Block::Callout {
            kind,
            title,
            fold,
            children,
            ..
        } => callout_view(kind, title, fold, children, anchors),
        Block::BlockQuote { children, .. } => {
            view! { <blockquote>{blocks_view(children, anchors)}</blockquote> }.into_any()
        }
        Block::ThematicBreak { .. } => view! { <hr /> }.into_any(),
        Block::FootnoteDefinition {
            label, children, ..
        } => {
            let id = footnote_id(&label);
            view! {
                <div class="footnote" id=id>
                    <span class="footnote-label">{label}</span>
                    <div class="footnote-body">{blocks_view(children, anchors)}</div>
                </div>
            }
            .into_any()
        }
        // Raw HTML is shown as the characters the author wrote, never parsed.
        Block::Html { text, .. } => view! {
            <pre class="raw-html" title="HTML in the report, shown as text">{text}</pre>
        }
        .into_any(),
    }
}

/// The report's headings sit one level below the page's own title (the report title).
fn heading_view(level: u8, slug: String, content: Vec<Inline>) -> AnyView {
    let inner = view! {
        {inlines_view(content)}
        <a class="heading-anchor" href=Anchor::Element(slug.clone()).href() aria-label="Link to this section">
            "#"
        </a>
    };
    match level.saturating_add(1) {
        0..=2 => view! { <h2 id=slug>{inner}</h2> }.into_any(),
        3 => view! { <h3 id=slug>{inner}</h3> }.into_any(),
        4 => view! { <h4 id=slug>{inner}</h4> }.into_any(),
        5 => view! { <h5 id=slug>{inner}</h5> }.into_any(),
        _ => view! { <h6 id=slug>{inner}</h6> }.into_any(),
    }
}

fn list_view(start: Option<u64>, items: Vec<ListItem>, anchors: &RowAnchors) -> AnyView {
    let items = items
        .into_iter()
        .map(|item| item_view(item, anchors))
        .collect_view();
    match start {
        Some(n) => view! { <ol start=n.to_string()>{items}</ol> }.into_any(),
        None => view! { <ul>{items}</ul> }.into_any(),
    }
}

/// A task item's box is shown, not editable: ticking belongs to the checklist pane.
fn item_view(item: ListItem, anchors: &RowAnchors) -> AnyView {
    let Some(checked) = item.task else {
        return view! { <li>{blocks_view(item.children, anchors)}</li> }.into_any();
    };
    let checkbox = view! {
        <input
            type="checkbox"
            class="task-box"
            disabled=true
            checked=checked
            aria-label=if checked { "done" } else { "not done" }
        />
    };
    let mut children = item.children.into_iter();
    // The box goes inside the first paragraph so it sits on the item's first line.
    let first = match children.next() {
        Some(Block::Paragraph { content, .. }) => {
            view! { <p>{checkbox}" "{inlines_view(content)}</p> }.into_any()
        }
        other => view! { {checkbox}{other.map(|b| block_view(b, anchors))} }.into_any(),
    };
    let rest = blocks_view(children.collect(), anchors);
    view! { <li class="task">{first}{rest}</li> }.into_any()
}

fn table_view(
    alignments: &[Alignment],
    header: Vec<Vec<Inline>>,
    rows: Vec<TableRow>,
    anchors: &RowAnchors,
) -> AnyView {
    let align = |i: usize| align_class(alignments.get(i).copied().unwrap_or(Alignment::None));
    let head = header
        .into_iter()
        .enumerate()
        .map(|(i, cell)| view! { <th scope="col" class=align(i)>{inlines_view(cell)}</th> })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = row
                .cells
                .into_iter()
                .enumerate()
                .map(|(i, cell)| view! { <td class=align(i)>{inlines_view(cell)}</td> })
                .collect_view();
            view! { <tr id=anchors.get(&row.line).cloned()>{cells}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn align_class(alignment: Alignment) -> &'static str {
    match alignment {
        Alignment::None => "",
        Alignment::Left => "align-left",
        Alignment::Center => "align-center",
        Alignment::Right => "align-right",
    }
}

/// `-` folds closed and `+` folds open (both `<details>`); no fold is a plain aside.
fn callout_view(
    kind: String,
    title: Vec<Inline>,
    fold: Fold,
    children: Vec<Block>,
    anchors: &RowAnchors,
) -> AnyView {
    let (family, icon) = callout_family(&kind);
    let class = format!("callout callout-{family} callout-kind-{kind}");
    let heading = view! {
        <span class="callout-icon" aria-hidden="true">{icon}</span>
        <span class="visually-hidden">{format!("{kind}: ")}</span>
        <span class="callout-title-text">{inlines_view(title)}</span>
    };
    let body = view! { <div class="callout-body">{blocks_view(children, anchors)}</div> };
    match fold {
        Fold::None => view! {
            <aside class=class data-callout=kind>
                <p class="callout-title">{heading}</p>
                {body}
            </aside>
        }
        .into_any(),
        Fold::Open | Fold::Closed => view! {
            <details class=class data-callout=kind open=fold == Fold::Open>
                <summary class="callout-title">{heading}</summary>
                {body}
            </details>
        }
        .into_any(),
    }
}

/// The colour family and icon of a callout kind (GitHub's five and Obsidian's kinds with
/// their aliases); unknown custom kinds look like a note.
fn callout_family(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "info" | "todo" => ("info", "ℹ"),
        "abstract" | "summary" | "tldr" => ("abstract", "☰"),
        "tip" | "hint" | "important" => ("tip", "★"),
        "success" | "check" | "done" => ("success", "✓"),
        "question" | "help" | "faq" => ("question", "?"),
        "warning" | "caution" | "attention" => ("warning", "⚠"),
        "failure" | "fail" | "missing" | "danger" | "error" | "bug" => ("danger", "✕"),
        "example" => ("example", "▸"),
        "quote" | "cite" => ("quote", "❝"),
        _ => ("note", "✎"),
    }
}

/// Where a link from the report opens: a new tab, unless it moves within the page
/// (`#...`). Following a link must not take the reviewer away from a review with work
/// in it.
pub fn link_target(href: &str) -> Option<&'static str> {
    (!href.starts_with('#')).then_some("_blank")
}

pub fn inlines_view(inlines: Vec<Inline>) -> AnyView {
    inlines
        .into_iter()
        .map(inline_view)
        .collect_view()
        .into_any()
}

fn inline_view(inline: Inline) -> AnyView {
    match inline {
        Inline::Text { text } => text.into_any(),
        Inline::Code { code } => view! { <code>{code}</code> }.into_any(),
        Inline::Emphasis { content } => view! { <em>{inlines_view(content)}</em> }.into_any(),
        Inline::Strong { content } => view! { <strong>{inlines_view(content)}</strong> }.into_any(),
        Inline::Strikethrough { content } => {
            view! { <del>{inlines_view(content)}</del> }.into_any()
        }
        Inline::Link {
            href: Some(href),
            title,
            content,
        } => {
            let target = link_target(&href);
            view! {
                <a href=href title=title target=target rel="noopener noreferrer">
                    {inlines_view(content)}
                </a>
            }
            .into_any()
        }
        // The target failed the core's URL policy: keep the words, drop the link.
        Inline::Link {
            href: None,
            content,
            ..
        } => view! {
            <span class="inert-link" title="Link removed: its target is not allowed">
                {inlines_view(content)}
            </span>
        }
        .into_any(),
        Inline::Image { src, alt, title } => {
            view! { <img src=src alt=alt title=title loading="lazy" /> }.into_any()
        }
        Inline::FootnoteReference { label } => {
            let href = Anchor::Element(footnote_id(&label)).href();
            view! {
                <sup class="footnote-ref">
                    <a href=href>{label}</a>
                </sup>
            }
            .into_any()
        }
        Inline::SoftBreak => " ".into_any(),
        Inline::LineBreak => view! { <br /> }.into_any(),
    }
}

fn footnote_id(label: &str) -> String {
    format!("fn-{label}")
}
