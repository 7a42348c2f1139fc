//! Gated scripts and iframes: inert markup until their category is granted.
//!
//! `<script type="text/plain" data-consent="analytics">` is revived as a fresh `<script>` with the
//! original attributes (and nonce); `<iframe data-consent="!id" data-src>` gets its `src` (iframes
//! waiting for a grant are embeds.rs's, with their placeholders). Scripts run in
//! document order: an external one holds back the ones after it until it has loaded or failed.

use std::cell::RefCell;
use std::collections::VecDeque;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlScriptElement};

use super::env;
use crate::core::map::Set;
use crate::core::matching::Gate;

const SELECTOR: &str = "script[type=\"text/plain\"][data-consent]:not([data-samtykke]),\
                        iframe[data-consent][data-src]:not([data-samtykke])";
/// Marks an element samtykke has handled, so a later scan skips it.
const DONE: &str = "data-samtykke";

thread_local! {
    /// Scripts waiting for an earlier external script to load, in document order.
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
}

#[derive(Default)]
struct Queue {
    waiting: VecDeque<Element>,
    busy: bool,
}

/// Revives every gated element in the document that `granted` allows and that has not run yet.
pub fn apply(granted: &Set<String>) {
    let Ok(list) = env::document().query_selector_all(SELECTOR) else {
        return;
    };
    let mut ready = Vec::new();
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(gate) = el
            .get_attribute("data-consent")
            .and_then(|a| Gate::parse(&a))
        else {
            continue;
        };
        // Iframes waiting for a grant have placeholders: embeds.rs loads and unloads those.
        if !gate.negated && el.tag_name().eq_ignore_ascii_case("iframe") {
            continue;
        }
        if gate.allows(granted) && !refused(&el) {
            let _ = el.set_attribute(DONE, "");
            ready.push(el);
        }
    }
    if ready.is_empty() {
        return;
    }
    QUEUE.with(|q| q.borrow_mut().waiting.extend(ready));
    drain();
}

/// Whether a gated element must stay inert (the core decides: a URL or type that is not safe to
/// make live); if so it is marked done, so no later scan revives it, and the console names it.
pub(crate) fn refused(el: &Element) -> bool {
    let script = el.tag_name().eq_ignore_ascii_case("script");
    let src = el
        .get_attribute("data-src")
        .or_else(|| el.get_attribute("src").filter(|_| script));
    let kind = el.get_attribute("data-type").filter(|_| script);
    let Some(why) = crate::core::embed::refusal(src.as_deref(), kind.as_deref()) else {
        return false;
    };
    let _ = el.set_attribute(DONE, "refused");
    let mut name = ["<", el.tag_name().to_ascii_lowercase().as_str()].concat();
    for attr in ["id", "data-consent", "data-src", "data-type"] {
        if let Some(value) = el.get_attribute(attr) {
            name.extend([" ", attr, "=\"", &value, "\""]);
        }
    }
    env::error(&[name.as_str(), ">: stays inert, ", why].concat());
    true
}

/// Runs queued elements until an external script has to be waited for.
fn drain() {
    loop {
        let next = QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            if q.busy {
                None
            } else {
                q.waiting.pop_front()
            }
        });
        let Some(el) = next else { return };
        if el.tag_name().eq_ignore_ascii_case("iframe") {
            if let Some(src) = el.get_attribute("data-src") {
                let _ = el.set_attribute("src", &src);
            }
            continue;
        }
        if revive_script(&el) {
            // External: the rest waits for its load or error event.
            QUEUE.with(|q| q.borrow_mut().busy = true);
            return;
        }
    }
}

/// Replaces a gated script with a live copy. Returns true when the copy loads from a URL.
fn revive_script(old: &Element) -> bool {
    let doc = env::document();
    let Ok(fresh) = doc.create_element("script") else {
        return false;
    };
    let attrs = old.attributes();
    for i in 0..attrs.length() {
        let Some(attr) = attrs.item(i) else { continue };
        let name = attr.name();
        match name.as_str() {
            "type" | "data-src" | "data-type" | DONE => {}
            _ => {
                let _ = fresh.set_attribute(&name, &attr.value());
            }
        }
    }
    if let Some(kind) = old.get_attribute("data-type") {
        let _ = fresh.set_attribute("type", &kind);
    }
    let _ = fresh.set_attribute(DONE, "ran");
    let script: &HtmlScriptElement = fresh.unchecked_ref();
    // The nonce attribute is hidden once the page has loaded; the property keeps it.
    let nonce = old.unchecked_ref::<web_sys::HtmlElement>().nonce();
    if !nonce.is_empty() {
        script.set_nonce(&nonce);
    }
    let external = match old.get_attribute("data-src") {
        Some(src) => {
            script.set_src(&src);
            // Dynamically inserted scripts are async by default; this keeps their order.
            script.set_async(false);
            let next = Closure::<dyn FnMut()>::once(|| {
                QUEUE.with(|q| q.borrow_mut().busy = false);
                drain();
            });
            // Listeners, not `onload`, so an `onload` attribute of the site's own is kept.
            let f = next.into_js_value();
            let _ = fresh.add_event_listener_with_callback("load", f.unchecked_ref());
            let _ = fresh.add_event_listener_with_callback("error", f.unchecked_ref());
            true
        }
        None => {
            let _ = script.set_text(&old.text_content().unwrap_or_default());
            false
        }
    };
    if old.replace_with_with_node_1(&fresh).is_err() {
        return false;
    }
    external
}

/// Watches for gated elements added later (single-page apps) and runs `on_added` for them.
pub fn observe(on_added: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn(js_sys::Array)>::new(move |records: js_sys::Array| {
        let relevant = records.iter().any(|r| {
            let r: web_sys::MutationRecord = r.unchecked_into();
            let added = r.added_nodes();
            (0..added.length()).any(|i| {
                added
                    .item(i)
                    .is_some_and(|n| n.node_type() == web_sys::Node::ELEMENT_NODE)
            })
        });
        if relevant {
            on_added();
        }
    });
    let Ok(observer) = web_sys::MutationObserver::new(callback.as_ref().unchecked_ref()) else {
        return;
    };
    let init = web_sys::MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    if let Some(root) = env::document().document_element() {
        let _ = observer.observe_with_options(&root, &init);
    }
    // The observer lives as long as the page.
    callback.forget();
}
