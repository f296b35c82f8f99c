//! Long lists put only the blocks of items near the screen in the page. The hidden
//! blocks between two drawn ones are one empty spacer, as tall as those blocks were when
//! last drawn (or as their items are likely to be), so the scroll bar and scrolling stay
//! as they were. Setting a list up then costs what is drawn, not how long the list is: a
//! 5 MB SQL file of a thousand blocks opens as a short one does, and a list of 5,000
//! findings or 3,200 phases opens and filters at once. Short lists are rendered whole.

use std::ops::Range;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Set while the page is printed: every item is then in the page.
#[derive(Debug, Clone, Copy)]
pub struct Printing(pub RwSignal<bool>);

/// What the blocks are made of.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// `<tbody>` blocks inside the caller's `<table>`; a spacer is one row spanning this
    /// many columns.
    TableBody { columns: u16 },
    /// `<ol>` blocks of this class inside the caller's element.
    List { class: &'static str },
    /// `<div>` blocks of this class, for items that are not list items (lines of code).
    Div { class: &'static str },
}

/// A guess at an item's height before any has been measured, unless the list says.
const ITEM_GUESS_PX: f64 = 40.0;

/// Items `0..count`, rendered by `item`, in blocks of `block`. The blocks holding a
/// `pinned` item (the selected row, a deep link's target) are always in the page, so
/// they can be scrolled to.
#[component]
pub fn Windowed<F, V>(
    /// How many items there are.
    count: usize,
    /// Items per block.
    block: usize,
    /// What the blocks are made of.
    shape: Shape,
    /// A guess at an item's height in pixels, until the first block is measured.
    #[prop(default = ITEM_GUESS_PX)]
    item_px: f64,
    /// Items that must be in the page whether near the screen or not.
    #[prop(into)]
    pinned: Signal<Vec<usize>>,
    /// Renders item `i`.
    item: F,
) -> impl IntoView
where
    F: Fn(usize) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let block = block.max(1);
    if count <= block * 2 {
        return whole(shape, (0..count).map(item).collect_view());
    }
    let blocks = count.div_ceil(block);
    let sizes = Sizes {
        count,
        block,
        item_px,
        heights: RwSignal::new(vec![None; blocks]),
    };
    // Until the list is first placed on the screen, its first block stands in for it.
    let near = RwSignal::new(0..1);
    let Some(watcher) = Watcher::start(sizes, near) else {
        // Without a resize observer no block would ever be measured: show everything.
        return whole(shape, (0..count).map(item).collect_view());
    };
    let printing = use_context::<Printing>().map(|p| p.0);
    let parts = Memo::new(move |_| {
        let mut drawn: Vec<usize> = if printing.is_some_and(|p| p.get()) {
            (0..blocks).collect()
        } else {
            near.get().collect()
        };
        pinned.with(|p| drawn.extend(p.iter().map(|i| i / block).filter(|b| *b < blocks)));
        parts(drawn, blocks)
    });
    let children = move |part: Part| match part {
        Part::Block(b) => {
            let end = ((b + 1) * block).min(count);
            let items = (b * block..end).map(item.clone()).collect_view();
            block_view(shape, b, watcher, items)
        }
        Part::Gap(first, end) => {
            let height = move || format!("height: {:.0}px", sizes.span(first..end));
            gap_view(shape, height)
        }
    };
    view! { <For each=move || parts.get() key=|part| *part children=children /> }.into_any()
}

/// A drawn block, or the hidden blocks from `.0` up to `.1` as one spacer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Block(usize),
    Gap(usize, usize),
}

/// The list as drawn: the `drawn` blocks in order, every run of the others between,
/// before or after them one gap.
fn parts(mut drawn: Vec<usize>, blocks: usize) -> Vec<Part> {
    drawn.sort_unstable();
    drawn.dedup();
    let mut parts = Vec::with_capacity(drawn.len() * 2 + 1);
    let mut next = 0;
    for b in drawn {
        if b > next {
            parts.push(Part::Gap(next, b));
        }
        parts.push(Part::Block(b));
        next = b + 1;
    }
    if next < blocks {
        parts.push(Part::Gap(next, blocks));
    }
    parts
}

/// The blocks within a screen of the window, given where each block starts (`offsets`,
/// one more than there are blocks: the last is where the list ends), where the list
/// starts relative to the window's top, and the window's height. Never empty: a list
/// wholly above or below the screen keeps its nearest block, so it can still be placed.
fn near_screen(offsets: &[f64], list_top: f64, screen: f64) -> Range<usize> {
    let blocks = offsets.len().saturating_sub(1);
    if blocks == 0 {
        return 0..0;
    }
    let from = -list_top - screen;
    let to = -list_top + 2.0 * screen;
    let first = offsets[1..].partition_point(|end| *end <= from);
    let last = offsets[..blocks].partition_point(|start| *start < to);
    if first < last {
        first..last
    } else {
        let b = first.min(blocks - 1);
        b..b + 1
    }
}

fn whole(shape: Shape, items: impl IntoView + 'static) -> AnyView {
    match shape {
        Shape::TableBody { .. } => view! { <tbody>{items}</tbody> }.into_any(),
        Shape::List { class } => view! { <ol class=class>{items}</ol> }.into_any(),
        Shape::Div { class } => view! { <div class=class>{items}</div> }.into_any(),
    }
}

fn block_view(shape: Shape, b: usize, watcher: Watcher, items: impl IntoView + 'static) -> AnyView {
    match shape {
        Shape::TableBody { .. } => {
            let node = NodeRef::<leptos::html::Tbody>::new();
            watcher.track(node, b);
            view! { <tbody node_ref=node class="window-block" data-block=b>{items}</tbody> }
                .into_any()
        }
        Shape::List { class } => {
            let node = NodeRef::<leptos::html::Ol>::new();
            watcher.track(node, b);
            view! {
                <ol node_ref=node class=format!("{class} window-block") data-block=b>{items}</ol>
            }
            .into_any()
        }
        Shape::Div { class } => {
            let node = NodeRef::<leptos::html::Div>::new();
            watcher.track(node, b);
            view! {
                <div node_ref=node class=format!("{class} window-block") data-block=b>{items}</div>
            }
            .into_any()
        }
    }
}

/// An empty space of the list's own kind (a timeline keeps its line through it).
fn gap_view(shape: Shape, height: impl Fn() -> String + Send + Sync + 'static) -> AnyView {
    match shape {
        Shape::TableBody { columns } => view! {
            <tbody aria-hidden="true">
                <tr class="window-gap">
                    <td colspan=columns style=height></td>
                </tr>
            </tbody>
        }
        .into_any(),
        Shape::List { class } => view! {
            <ol class=class aria-hidden="true">
                <li class="window-gap" style=height></li>
            </ol>
        }
        .into_any(),
        Shape::Div { class } => view! {
            <div class=class aria-hidden="true">
                <div class="window-gap" style=height></div>
            </div>
        }
        .into_any(),
    }
}

/// The blocks' heights: measured where a block has been drawn, guessed elsewhere from
/// the measured ones.
#[derive(Clone, Copy)]
struct Sizes {
    count: usize,
    block: usize,
    item_px: f64,
    heights: RwSignal<Vec<Option<f64>>>,
}

impl Sizes {
    fn items_in(&self, b: usize) -> usize {
        self.count.saturating_sub(b * self.block).min(self.block)
    }

    fn all(&self, heights: &[Option<f64>]) -> Vec<f64> {
        let (px, items) = heights
            .iter()
            .enumerate()
            .filter_map(|(b, h)| h.map(|h| (h, self.items_in(b))))
            .fold((0.0, 0), |(px, n), (h, items)| (px + h, n + items));
        let per_item = if items == 0 {
            self.item_px
        } else {
            px / items as f64
        };
        heights
            .iter()
            .enumerate()
            .map(|(b, h)| h.unwrap_or(per_item * self.items_in(b) as f64))
            .collect()
    }

    /// How tall blocks `range` are together, kept in step with the measures.
    fn span(&self, range: Range<usize>) -> f64 {
        self.heights
            .with(|h| self.all(h).get(range).map_or(0.0, |h| h.iter().sum()))
    }

    /// Where each block starts from the list's top, and (last) where the list ends;
    /// `None` once the list is gone.
    fn offsets(&self) -> Option<Vec<f64>> {
        self.heights.try_with_untracked(|h| {
            let mut offsets = Vec::with_capacity(h.len() + 1);
            offsets.push(0.0);
            for px in self.all(h) {
                offsets.push(offsets.last().copied().unwrap_or(0.0) + px);
            }
            offsets
        })
    }
}

/// Measures the drawn blocks as they come and change, and after each measure or scroll
/// works out which blocks are near the screen. It also holds the reader's place: a
/// block drawn above the screen is rarely as tall as guessed, and the page must not
/// move under the reader (or away from a line a link brought into view) when it is.
#[derive(Clone, Copy)]
struct Watcher {
    observer: StoredValue<web_sys::ResizeObserver, LocalStorage>,
    placer: Placer,
}

#[derive(Clone, Copy)]
struct Placer {
    sizes: Sizes,
    near: RwSignal<Range<usize>>,
    /// The blocks in the page, in the order they were drawn.
    drawn: StoredValue<Vec<(usize, web_sys::Element)>, LocalStorage>,
    /// The block at the screen's top, where its top was and how far the page was
    /// scrolled then.
    held: StoredValue<Option<(usize, f64, f64)>>,
    /// Whether a placing waits for the next frame.
    pending: StoredValue<bool>,
}

impl Watcher {
    /// `None` when the browser has no `ResizeObserver`.
    fn start(sizes: Sizes, near: RwSignal<Range<usize>>) -> Option<Self> {
        let placer = Placer {
            sizes,
            near,
            drawn: StoredValue::new_local(Vec::new()),
            held: StoredValue::new(None),
            pending: StoredValue::new(false),
        };
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            placer.hold();
            placer.measure(&entries);
            placer.soon();
        });
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        let observer = StoredValue::new_local(observer);
        let callback = StoredValue::new_local(Some(callback));
        let scroll = window_event_listener_untyped("scroll", move |_| placer.soon());
        let resize = window_event_listener_untyped("resize", move |_| placer.soon());
        on_cleanup(move || {
            scroll.remove();
            resize.remove();
            observer.with_value(web_sys::ResizeObserver::disconnect);
            // Dropped only once the observer can no longer call it.
            callback.update_value(|c| *c = None);
        });
        Some(Self { observer, placer })
    }

    /// Measures block `b` while it is in the page.
    fn track<E>(self, node: NodeRef<E>, b: usize)
    where
        E: leptos::html::ElementType,
        E::Output: JsCast + Clone + 'static,
        NodeRef<E>: Get<Value = Option<E::Output>>,
    {
        let Self { observer, placer } = self;
        Effect::new(move |_| {
            if let Some(element) = node.get() {
                let element: web_sys::Element = element.unchecked_ref::<web_sys::Element>().clone();
                observer.with_value(|o| o.observe(&element));
                placer.drawn.update_value(|d| d.push((b, element)));
            }
        });
        on_cleanup(move || {
            let gone = placer
                .drawn
                .try_update_value(|d| {
                    let gone = d.iter().filter(|(i, _)| *i == b).map(|(_, e)| e.clone());
                    let gone: Vec<_> = gone.collect();
                    d.retain(|(i, _)| *i != b);
                    gone
                })
                .unwrap_or_default();
            observer.try_with_value(|o| gone.iter().for_each(|e| o.unobserve(e)));
        });
    }
}

impl Placer {
    /// Records the drawn blocks' heights from a resize observer's `entries`.
    fn measure(self, entries: &js_sys::Array) {
        let mut measured = Vec::new();
        for entry in entries.iter() {
            let entry: web_sys::ResizeObserverEntry = entry.unchecked_into();
            let target = entry.target();
            let Some(b) = target
                .get_attribute("data-block")
                .and_then(|b| b.parse::<usize>().ok())
            else {
                continue;
            };
            // A block in a hidden pane, or just taken out, has no size to learn from.
            if let Some(px) = shown_rect(&target).map(|r| r.height()) {
                measured.push((b, px));
            }
        }
        let changed = self
            .sizes
            .heights
            .try_with_untracked(|h| measured.iter().any(|(b, px)| h.get(*b) != Some(&Some(*px))))
            .unwrap_or(false);
        if changed {
            self.sizes.heights.update(|h| {
                for (b, px) in measured {
                    if let Some(slot) = h.get_mut(b) {
                        *slot = Some(px);
                    }
                }
            });
        }
    }

    /// Places the list on the next frame (once, however often asked).
    fn soon(self) {
        if self.pending.try_get_value() != Some(false) {
            return;
        }
        self.pending.set_value(true);
        request_animation_frame(move || {
            if self.pending.try_set_value(false).is_none() {
                self.hold();
                self.place();
            }
        });
    }

    /// Works out which blocks are near the screen from where a drawn one is.
    fn place(self) {
        let Some(offsets) = self.sizes.offsets() else {
            return;
        };
        let screen = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let found = self.drawn.try_with_value(|drawn| {
            drawn
                .iter()
                .find_map(|(b, element)| shown_rect(element).map(|r| (*b, r.top())))
        });
        let Some(Some((b, top))) = found else {
            return;
        };
        let list_top = top - offsets.get(b).copied().unwrap_or(0.0);
        let near = near_screen(&offsets, list_top, screen);
        if self.near.try_get_untracked().is_some_and(|n| n != near) {
            self.near.set(near);
        }
    }

    /// Keeps the block at the screen's top where it was, unless the page was scrolled
    /// since (by the reader, by a link, or by the browser's own anchoring), then notes
    /// where that block is now.
    fn hold(self) {
        let scrolled = window().scroll_y().unwrap_or(0.0);
        let at = |b: usize| {
            self.drawn.try_with_value(|drawn| {
                drawn
                    .iter()
                    .find(|(i, _)| *i == b)
                    .and_then(|(_, e)| shown_rect(e))
                    .map(|r| r.top())
            })
        };
        if let Some(Some((b, top, then))) = self.held.try_get_value()
            && then == scrolled
            && let Some(Some(now)) = at(b)
            && (now - top).abs() >= 0.5
        {
            window().scroll_by_with_x_and_y(0.0, now - top);
        }
        let top_block = self.drawn.try_with_value(|drawn| {
            drawn
                .iter()
                .filter_map(|(b, e)| shown_rect(e).map(|r| (*b, r)))
                // On screen: a block wholly below its top moves with whatever is
                // above it, in the list or not, and that is not this list's to undo.
                .filter(|(b, r)| r.bottom() > 0.0 && (*b > 0 || r.top() <= 0.0))
                .min_by_key(|(b, _)| *b)
                .map(|(b, r)| (b, r.top(), window().scroll_y().unwrap_or(0.0)))
        });
        self.held.try_set_value(top_block.flatten());
    }
}

/// The element's box on screen, `None` while it is not laid out.
fn shown_rect(element: &web_sys::Element) -> Option<web_sys::DomRect> {
    let rect = element.get_bounding_client_rect();
    (element.is_connected() && (rect.width() > 0.0 || rect.height() > 0.0)).then_some(rect)
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn hidden_blocks_between_drawn_ones_are_one_gap_each() {
        assert_eq!(
            parts(vec![950, 3, 2, 3], 1000),
            vec![
                Part::Gap(0, 2),
                Part::Block(2),
                Part::Block(3),
                Part::Gap(4, 950),
                Part::Block(950),
                Part::Gap(951, 1000),
            ]
        );
        assert_eq!(parts(vec![0, 1], 2), vec![Part::Block(0), Part::Block(1)]);
        assert_eq!(parts(Vec::new(), 3), vec![Part::Gap(0, 3)]);
    }

    #[wasm_bindgen_test]
    fn the_blocks_near_the_screen_are_those_within_a_screen_of_it() {
        // Ten blocks of 1,000 px, a screen of 500 px.
        let offsets: Vec<f64> = (0..=10).map(|b| f64::from(b) * 1000.0).collect();
        // The list starts at the screen's top: 0..1,000 px of it is near.
        assert_eq!(near_screen(&offsets, 0.0, 500.0), 0..1);
        // Scrolled 4,600 px down: 4,100..5,600 px of the list is near.
        assert_eq!(near_screen(&offsets, -4600.0, 500.0), 4..6);
        // Wholly below the screen, or wholly above it: the nearest block stays.
        assert_eq!(near_screen(&offsets, 5000.0, 500.0), 0..1);
        assert_eq!(near_screen(&offsets, -20_000.0, 500.0), 9..10);
        assert_eq!(near_screen(&[0.0], 0.0, 500.0), 0..0);
    }
}
