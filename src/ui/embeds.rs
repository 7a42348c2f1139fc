//! Placeholders for gated iframes (contextual consent).
//!
//! An iframe with `data-consent="<id>"` that is not allowed keeps its place in the layout, invisible,
//! and a `<samtykke-embed>` inserted just before it lays a placeholder over exactly its box. Page CSS
//! keeps sizing the iframe (responsive sizes included), so nothing moves when it loads, and the
//! placeholder lives in its own shadow root, so page CSS cannot break it. All of it is styled with
//! constructed stylesheets, never `style` attributes (a browser without them gets no placeholders,
//! and its gated iframes simply stay empty until granted). Granting the category, by any
//! path, loads the iframe; denying or withdrawing it unloads the iframe back to its placeholder, so
//! a provider the visitor no longer allows stops running at once, not at the next reload.
//! Negated gates (`!marketing`) need no placeholder; gating.rs handles them.

use crate::core::map::Set;
use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, HtmlElement, ShadowRoot};

use super::shadow::{attach, set_root, sheet};
use crate::browser::env;
use crate::core::embed::provider;
use crate::core::html;
use crate::core::matching::Gate;

const SELECTOR: &str = "iframe[data-consent][data-src]:not([data-samtykke])";

/// One gated iframe samtykke has taken over (marked `data-samtykke`: `wait` while it is hidden,
/// else `embed`).
struct Embed {
    frame: HtmlElement,
    category: String,
    placeholder: Option<Placeholder>,
}

/// What stands in for an iframe while it waits.
struct Placeholder {
    host: HtmlElement,
    /// The language it was drawn in.
    lang: String,
    /// The host's own `:host` rule: its size and offset.
    box_sheet: CssStyleSheet,
}

thread_local! {
    static EMBEDS: RefCell<Vec<Embed>> = const { RefCell::new(Vec::new()) };
    /// Set up on first use; `None` in a browser without constructed stylesheets.
    static SHARED: Option<Shared> = shared();
}

/// What every placeholder shares.
struct Shared {
    /// Keeps each placeholder on its iframe's box when that box changes.
    resize: web_sys::ResizeObserver,
}

/// Adds the rule that hides waiting iframes to the page's own stylesheets, and makes the observer.
/// The resize observer watches each waiting iframe and the page itself:
/// when either changes size, every placeholder is laid over its iframe again. Moving a placeholder
/// never resizes what is watched, so this cannot loop.
fn shared() -> Option<Shared> {
    let hide = sheet("iframe[data-samtykke=\"wait\"]{visibility:hidden!important}")?;
    let doc = env::document();
    let sheets = doc.adopted_style_sheets();
    sheets.push(&hide);
    doc.set_adopted_style_sheets(&sheets);
    let on_resize = Closure::<dyn Fn()>::new(|| {
        EMBEDS.with(|l| {
            for e in l.borrow().iter() {
                if let Some(p) = &e.placeholder {
                    place(&e.frame, p);
                }
            }
        });
    });
    let resize = web_sys::ResizeObserver::new(on_resize.into_js_value().unchecked_ref()).ok()?;
    resize.observe(&doc.document_element()?);
    Some(Shared { resize })
}

/// What a placeholder says, in the language shown.
pub struct Words<'a> {
    pub lang: &'a str,
    pub rtl: bool,
    /// The label of the control that opens the preferences.
    pub settings: &'a str,
    pub embed: &'a Describe<'a>,
    /// The click handler of every placeholder's shadow root.
    pub click: &'a js_sys::Function,
}

/// The sentence and the allow button's label for a category id and a provider's host; `None` for
/// an id the config does not have.
pub type Describe<'a> = dyn Fn(&str, Option<&str>) -> Option<(String, String)> + 'a;

/// Brings every gated iframe in line with `granted`: takes over new ones, loads the allowed, puts
/// a placeholder on the others (redrawn when the language changed). Does nothing to the page when
/// nothing changed, so the mutation observer that calls it does not call it again and again.
pub fn sync(granted: &Set<String>, words: &Words) {
    adopt_new(words);
    EMBEDS.with(|list| {
        list.borrow_mut().retain_mut(|e| {
            if !e.frame.is_connected() {
                // Removed by the page: forget it; if it comes back, it is taken over afresh.
                release(e);
                let _ = e.frame.remove_attribute("data-samtykke");
                return false;
            }
            if granted.contains(&e.category) {
                load(e);
            } else if wait(e, words).is_err() {
                env::error("could not draw the placeholder of a gated iframe");
            }
            true
        });
    });
}

/// Takes over gated iframes not seen before. An id the config does not have can never be granted:
/// the console says so once, and the iframe stays empty.
fn adopt_new(words: &Words) {
    let Ok(list) = env::document().query_selector_all(SELECTOR) else {
        return;
    };
    for i in 0..list.length() {
        let Some(frame) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let attr = frame.get_attribute("data-consent").unwrap_or_default();
        let Some(gate) = Gate::parse(&attr) else {
            continue;
        };
        if gate.negated || crate::browser::gating::refused(&frame) {
            continue;
        }
        let _ = frame.set_attribute("data-samtykke", "embed");
        if (words.embed)(&gate.category, None).is_none() {
            env::warn(&format!(
                "an iframe has data-consent=\"{attr}\", which is not a configured category; it will not load"
            ));
            continue;
        }
        EMBEDS.with(|l| {
            l.borrow_mut().push(Embed {
                frame,
                category: gate.category,
                placeholder: None,
            })
        });
    }
}

/// The category is granted: the placeholder goes, the iframe shows and gets its `src`.
fn load(e: &mut Embed) {
    release(e);
    let _ = e.frame.set_attribute("data-samtykke", "embed");
    if e.frame.get_attribute("src").is_none() {
        if let Some(src) = e.frame.get_attribute("data-src") {
            let _ = e.frame.set_attribute("src", &src);
        }
    }
}

/// Removes the placeholder, if there is one.
fn release(e: &mut Embed) {
    if let Some(p) = e.placeholder.take() {
        SHARED.with(|s| s.as_ref().map(|s| s.resize.unobserve(&e.frame)));
        p.host.remove();
    }
}

/// The category is not granted: the iframe is unloaded and hidden, its placeholder shown.
fn wait(e: &mut Embed, words: &Words) -> Result<(), JsValue> {
    if e.frame.get_attribute("src").is_some() {
        // Removing `src` alone would leave the provider's page running.
        e.frame.set_attribute("src", "about:blank")?;
        e.frame.remove_attribute("src")?;
    }
    let Some(resize) = SHARED.with(|s| s.as_ref().map(|s| s.resize.clone())) else {
        return Ok(());
    };
    e.frame.set_attribute("data-samtykke", "wait")?;
    let p = match e.placeholder.take() {
        Some(p) if p.lang == words.lang => p,
        Some(p) => {
            draw(&p.host.shadow_root().ok_or("no shadow root")?, e, words)?;
            Placeholder {
                lang: words.lang.to_owned(),
                ..p
            }
        }
        None => {
            let host: HtmlElement = env::document()
                .create_element("samtykke-embed")?
                .unchecked_into();
            let box_sheet = CssStyleSheet::new()?;
            let shadow = attach(&host, Some(&box_sheet))?;
            shadow.add_event_listener_with_callback("click", words.click)?;
            draw(&shadow, e, words)?;
            resize.observe(&e.frame);
            Placeholder {
                host,
                lang: words.lang.to_owned(),
                box_sheet,
            }
        }
    };
    // Right before its iframe (again, if the page moved things around).
    let frame: &web_sys::Node = e.frame.as_ref();
    if !p
        .host
        .next_sibling()
        .is_some_and(|n| n.is_same_node(Some(frame)))
    {
        e.frame.before_with_node_1(&p.host)?;
    }
    place(&e.frame, &p);
    e.placeholder = Some(p);
    Ok(())
}

/// The placeholder's content: a labelled group with the sentence, the allow button and the
/// control that opens the preferences, from `core::html` (every string escaped).
fn draw(shadow: &ShadowRoot, e: &Embed, words: &Words) -> Result<(), JsValue> {
    let src = e.frame.get_attribute("data-src").unwrap_or_default();
    let page = env::document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_default();
    let host = provider(&src, &page);
    let (notice, allow) = (words.embed)(&e.category, host.as_deref()).ok_or("unknown category")?;
    // Named like the iframe it stands in for, else by its sentence.
    let title = e.frame.get_attribute("title");
    let markup = html::embed(&html::EmbedView {
        lang: words.lang,
        rtl: words.rtl,
        label: title.as_deref().filter(|t| !t.trim().is_empty()),
        notice: &notice,
        allow: &allow,
        settings: words.settings,
    });
    set_root(shadow, markup);
    Ok(())
}

/// The settings control of `frame`'s placeholder, while the iframe waits behind one.
pub fn settings_control(frame: &HtmlElement) -> Option<HtmlElement> {
    EMBEDS.with(|l| {
        let list = l.try_borrow().ok()?;
        let e = list.iter().find(|e| e.frame.is_same_node(Some(frame)))?;
        let shadow = e.placeholder.as_ref()?.host.shadow_root()?;
        let control = shadow
            .query_selector("[data-action=\"embed-settings\"]")
            .ok()??;
        control.dyn_into().ok()
    })
}

/// Lays the host over the iframe's border box. The host is absolutely positioned, so it takes no
/// room; left at its static position (just before the iframe), it is moved by the difference.
/// `!important` in a shadow root's `:host` rule wins over every page rule.
fn place(frame: &HtmlElement, p: &Placeholder) {
    let (w, h) = (frame.offset_width(), frame.offset_height());
    // A hidden iframe (display: none) hides its placeholder too, controls included.
    let shown = if w > 0 && h > 0 { "visible" } else { "hidden" };
    let rule = |dx: i32, dy: i32| {
        format!(
            ":host{{all:initial!important;position:absolute!important;display:block!important;\
             overflow:hidden!important;width:{w}px!important;height:{h}px!important;\
             visibility:{shown}!important;transform:translate({dx}px,{dy}px)!important}}"
        )
    };
    let _ = p.box_sheet.replace_sync(&rule(0, 0));
    let (to, at) = (
        frame.get_bounding_client_rect(),
        p.host.get_bounding_client_rect(),
    );
    // Whole pixels: formatting floats would cost the wasm kilobytes, and the iframe under the
    // placeholder is invisible, so half a pixel shows nowhere.
    let _ = p.box_sheet.replace_sync(&rule(
        (to.left() - at.left()).round() as i32,
        (to.top() - at.top()).round() as i32,
    ));
}

/// The iframe and category whose placeholder's shadow root is `root` (a click's current target).
pub fn frame_of(root: &ShadowRoot) -> Option<(HtmlElement, String)> {
    let host = root.host();
    EMBEDS.with(|l| {
        l.borrow().iter().find_map(|e| {
            let p = e.placeholder.as_ref()?;
            p.host
                .is_same_node(Some(host.as_ref()))
                .then(|| (e.frame.clone(), e.category.clone()))
        })
    })
}
