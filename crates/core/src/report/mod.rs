//! The audit report reader: Markdown with YAML frontmatter into a typed model that
//! carries everything the app shows (the view only renders it).
//!
//! Stages: `frontmatter` splits off and types the properties; `document` parses the body
//! once (options in `markdown`) into the safe render tree, with `callouts` and `links`;
//! `findings`, `checklists`, `claims` and `lint` read that tree (lint also the raw lines).
//! Reading never fails: what cannot be read is recorded in the model. The model's types
//! (and `severity`'s vocabulary) are `secondlook_review::report`'s, so the page renders
//! them without the readers.

mod callouts;
mod checklists;
mod claims;
mod document;
mod findings;
mod frontmatter;
mod links;
mod lint;
mod markdown;
mod slug;

pub use checklists::{Checklist, ChecklistItem};
pub use claims::{Claims, ClassCounts, CountClaim, DeclaredVerdict, SeverityCounts};
pub use document::{
    Alignment, Block, Document, Fold, Inline, ListItem, TableRow, TocEntry, plain_text,
};
pub use findings::{Finding, FindingClass, split_ids};
pub use frontmatter::{FrontmatterError, Property, PropertyValue};
pub use links::encode_path;
pub use links::{safe_href, safe_image_src};
pub use lint::{Lint, LintKind};
pub use secondlook_review::report::Report;
pub use secondlook_review::report::severity::{self, Level, SeverityRead};

/// Reads a report whose location is unknown; wikilinks resolve next to the page.
pub fn read(text: &str) -> Report {
    read_at(text, "")
}

/// Reads a report found at `path`; wikilinks resolve relative to its folder.
pub fn read_at(text: &str, path: &str) -> Report {
    let base_dir = path
        .rfind('/')
        .and_then(|i| path.get(..=i))
        .unwrap_or_default();
    let fm = frontmatter::read(text, base_dir);
    let property = |key: &str| {
        fm.properties
            .iter()
            .find(|p| p.key == key)
            .map(|p| &p.value)
    };
    let text_of = |key: &str| property(key).and_then(PropertyValue::as_text);
    let document = document::build(fm.body, fm.body_first_line, base_dir);
    let mut slugger = slug::Slugger::with_used(document.toc.iter().map(|t| t.slug.as_str()));
    let findings = findings::collect(&document.blocks, &mut slugger);
    let checklists = checklists::collect(&document.blocks);
    let title = text_of("title");
    let verdict = text_of("verdict");
    let claims = claims::collect(verdict.as_deref(), &document.blocks, &findings);
    let lint = lint::check(&lint::Input {
        text,
        frontmatter_error: fm.error.as_ref(),
        has_title: title.is_some(),
        has_verdict: verdict.is_some(),
        blocks: &document.blocks,
        findings: &findings,
        flattened_from: document.flattened_from,
    });
    Report {
        path: path.to_string(),
        target: text_of("target"),
        tags: tags(property("tags")),
        created: text_of("created"),
        updated: text_of("updated"),
        title,
        verdict,
        properties: fm.properties.clone(),
        frontmatter_error: fm.error.clone(),
        document,
        findings,
        checklists,
        claims,
        lint,
    }
}

/// `tags` as a list, or one text of tags separated by commas or spaces; `#` dropped.
fn tags(value: Option<&PropertyValue>) -> Vec<String> {
    let texts: Vec<String> = match value {
        Some(PropertyValue::List { items }) => {
            items.iter().filter_map(PropertyValue::as_text).collect()
        }
        Some(v) => v
            .as_text()
            .map(|t| t.split([',', ' ']).map(str::to_string).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    texts
        .iter()
        .map(|t| t.trim().trim_start_matches('#').to_string())
        .filter(|t| !t.is_empty())
        .collect()
}
