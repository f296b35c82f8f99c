//! Long lists put only the blocks of items near the screen in the page. Every other
//! block is one empty spacer, as tall as the block was when last shown (or as its items
//! are likely to be), so the scroll bar and scrolling stay as they were. A list of 5,000
//! findings or 3,200 phases then opens and filters at once instead of building tens of
//! thousands of nodes. Short lists are rendered whole, as before.

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
    // Until the observer first reports, the first block stands in for the screen.
    // One signal per block: the observer's reports wake only the blocks that came or went
    // (a 5 MB file has a thousand blocks).
    let near: Vec<RwSignal<bool>> = (0..blocks).map(|b| RwSignal::new(b == 0)).collect();
    let near = StoredValue::new(near);
    let heights = StoredValue::new(vec![None::<f64>; blocks]);
    let Some(observer) = watch(near, heights) else {
        // Without an observer nothing would ever come into view: show everything.
        return whole(shape, (0..count).map(item).collect_view());
    };
    let printing = use_context::<Printing>().map(|p| p.0);
    let sizes = Sizes {
        count,
        block,
        heights,
        item_px,
    };

    (0..blocks)
        .map(|b| {
            let shown = Memo::new(move |_| {
                printing.is_some_and(|p| p.get())
                    || pinned.with(|p| p.iter().any(|i| i / block == b))
                    || near.with_value(|n| n.get(b).copied()).is_some_and(|n| n.get())
            });
            let item = item.clone();
            let content = move || {
                if shown.get() {
                    let end = ((b + 1) * block).min(count);
                    (b * block..end).map(item.clone()).collect_view().into_any()
                } else {
                    spacer(shape, sizes.height(b))
                }
            };
            let shown_attr = move || shown.get().to_string();
            match shape {
                Shape::TableBody { .. } => {
                    let node = NodeRef::<leptos::html::Tbody>::new();
                    observe_once_mounted(node, observer);
                    view! {
                        <tbody node_ref=node class="window-block" data-block=b data-shown=shown_attr>
                            {content}
                        </tbody>
                    }
                    .into_any()
                }
                Shape::List { class } => {
                    let node = NodeRef::<leptos::html::Ol>::new();
                    observe_once_mounted(node, observer);
                    view! {
                        <ol node_ref=node class=format!("{class} window-block") data-block=b data-shown=shown_attr>
                            {content}
                        </ol>
                    }
                    .into_any()
                }
                Shape::Div { class } => {
                    let node = NodeRef::<leptos::html::Div>::new();
                    observe_once_mounted(node, observer);
                    view! {
                        <div node_ref=node class=format!("{class} window-block") data-block=b data-shown=shown_attr>
                            {content}
                        </div>
                    }
                    .into_any()
                }
            }
        })
        .collect_view()
        .into_any()
}

fn whole(shape: Shape, items: impl IntoView + 'static) -> AnyView {
    match shape {
        Shape::TableBody { .. } => view! { <tbody>{items}</tbody> }.into_any(),
        Shape::List { class } => view! { <ol class=class>{items}</ol> }.into_any(),
        Shape::Div { class } => view! { <div class=class>{items}</div> }.into_any(),
    }
}

fn spacer(shape: Shape, height: f64) -> AnyView {
    let style = format!("height: {height:.0}px");
    match shape {
        Shape::TableBody { columns } => view! {
            <tr class="window-gap" aria-hidden="true">
                <td colspan=columns style=style></td>
            </tr>
        }
        .into_any(),
        Shape::List { .. } => {
            view! { <li class="window-gap" aria-hidden="true" style=style></li> }.into_any()
        }
        Shape::Div { .. } => {
            view! { <div class="window-gap" aria-hidden="true" style=style></div> }.into_any()
        }
    }
}

/// The blocks' heights: measured where a block has been on screen, guessed elsewhere
/// from the measured ones.
#[derive(Clone, Copy)]
struct Sizes {
    count: usize,
    block: usize,
    heights: StoredValue<Vec<Option<f64>>>,
    item_px: f64,
}

impl Sizes {
    fn items_in(&self, b: usize) -> usize {
        self.count.saturating_sub(b * self.block).min(self.block)
    }

    fn height(&self, b: usize) -> f64 {
        self.heights.with_value(|heights| {
            if let Some(Some(measured)) = heights.get(b) {
                return *measured;
            }
            let (px, items) = heights
                .iter()
                .enumerate()
                .filter_map(|(i, h)| h.map(|h| (h, self.items_in(i))))
                .fold((0.0, 0), |(px, n), (h, items)| (px + h, n + items));
            let per_item = if items == 0 {
                self.item_px
            } else {
                px / items as f64
            };
            per_item * self.items_in(b) as f64
        })
    }
}

/// One observer for all the blocks: it marks which are within a screen of the
/// viewport, and measures the ones in the page as they come and go. `None` when the
/// browser has no `IntersectionObserver`.
fn watch(
    near: StoredValue<Vec<RwSignal<bool>>>,
    heights: StoredValue<Vec<Option<f64>>>,
) -> Option<StoredValue<web_sys::IntersectionObserver, LocalStorage>> {
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let mut changes = Vec::new();
        for entry in entries.iter() {
            let entry: web_sys::IntersectionObserverEntry = entry.unchecked_into();
            let target = entry.target();
            let Some(b) = target
                .get_attribute("data-block")
                .and_then(|b| b.parse::<usize>().ok())
            else {
                continue;
            };
            if target.get_attribute("data-shown").as_deref() == Some("true") {
                let height = entry.bounding_client_rect().height();
                heights.update_value(|h| {
                    if let Some(slot) = h.get_mut(b) {
                        *slot = Some(height);
                    }
                });
            }
            changes.push((b, entry.is_intersecting()));
        }
        for (b, is_near) in changes {
            if let Some(slot) = near.with_value(|near| near.get(b).copied())
                && slot.get_untracked() != is_near
            {
                slot.set(is_near);
            }
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("100% 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    let stored = StoredValue::new_local(observer);
    let callback = StoredValue::new_local(Some(callback));
    on_cleanup(move || {
        stored.with_value(web_sys::IntersectionObserver::disconnect);
        // Dropped only once the observer can no longer call it.
        callback.update_value(|c| *c = None);
    });
    Some(stored)
}

fn observe_once_mounted<E>(
    node: NodeRef<E>,
    observer: StoredValue<web_sys::IntersectionObserver, LocalStorage>,
) where
    E: leptos::html::ElementType,
    E::Output: JsCast + Clone + 'static,
    NodeRef<E>: Get<Value = Option<E::Output>>,
{
    Effect::new(move |_| {
        if let Some(element) = node.get() {
            let element: &web_sys::Element = element.unchecked_ref();
            observer.with_value(|o| o.observe(element));
        }
    });
}
