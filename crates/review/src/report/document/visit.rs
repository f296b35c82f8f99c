//! Walks the render tree in document order with the headings each block sits under:
//! how findings, checklists, claims and lint read the tree.

use super::tree::{Block, plain_text};

/// A heading a block sits under.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub level: u8,
    pub text: String,
    pub slug: String,
}

/// Whether [`visit`] goes into a block's children.
pub enum Visit {
    Descend,
    Skip,
}

/// Calls `f` on every block in document order with the headings it sits under
/// (outermost first); headings nested in quotes or lists count too.
pub fn visit(blocks: &[Block], f: &mut impl FnMut(&Block, &[Section]) -> Visit) {
    let mut sections = Vec::new();
    visit_with(blocks, &mut sections, f);
}

fn visit_with(
    blocks: &[Block],
    sections: &mut Vec<Section>,
    f: &mut impl FnMut(&Block, &[Section]) -> Visit,
) {
    for block in blocks {
        if let Block::Heading {
            level,
            slug,
            content,
            ..
        } = block
        {
            sections.retain(|s| s.level < *level);
            sections.push(Section {
                level: *level,
                text: plain_text(content).trim().to_string(),
                slug: slug.clone(),
            });
        }
        if let Visit::Skip = f(block, sections) {
            continue;
        }
        match block {
            Block::Callout { children, .. }
            | Block::BlockQuote { children, .. }
            | Block::FootnoteDefinition { children, .. } => visit_with(children, sections, f),
            Block::List { items, .. } => {
                for item in items {
                    visit_with(&item.children, sections, f);
                }
            }
            _ => {}
        }
    }
}
