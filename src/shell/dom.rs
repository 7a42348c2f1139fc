//! The banner, the preferences dialog and the reopen control, in an open shadow root.
//!
//! Everything is rebuilt from a [`View`] on each change: the UI is small, and one render path means
//! the banner can never show a state the core did not decide. The markup comes from
//! `core::html`, which escapes every string it did not write itself; styles are a constructed
//! stylesheet and events are delegated, so a CSP without 'unsafe-inline' works.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRoot};

use super::{embeds, env};
use crate::core::html;

/// `style.css` as build.rs minified it.
const STYLE: &str = include_str!(concat!(std::env!("OUT_DIR"), "/style.css"));

pub use crate::core::html::{CategoryView, Mode, View};

pub struct Ui {
    /// `#samtykke`: the banner and the dialog. It has no visible content once a choice is made, so
    /// "is the banner showing" has one answer for people and for tools alike.
    shadow: ShadowRoot,
    /// `#samtykke-reopen`: the small control that stays on every page after a choice.
    reopen: ShadowRoot,
    /// The element that had focus before samtykke took it, to give it back.
    opener: Option<HtmlElement>,
}

impl Ui {
    /// Creates `<div id="samtykke">` and `<div id="samtykke-reopen">` at the end of `<body>`, each
    /// with its shadow root and styles.
    pub fn mount() -> Result<Ui, JsValue> {
        let doc = env::document();
        let body = doc.body().ok_or("the page has no <body>")?;
        let mut roots = Vec::with_capacity(2);
        for id in ["samtykke", "samtykke-reopen"] {
            let host = doc.create_element("div")?;
            host.set_id(id);
            let shadow = attach(&host, None)?;
            body.append_child(&host)?;
            roots.push(shadow);
        }
        let reopen = roots.pop().expect("unreachable: two roots were made");
        let shadow = roots.pop().expect("unreachable: two roots were made");
        Ok(Ui {
            shadow,
            reopen,
            opener: None,
        })
    }

    pub fn shadow(&self) -> &ShadowRoot {
        &self.shadow
    }

    /// Both shadow roots, for event listeners.
    pub fn roots(&self) -> [&ShadowRoot; 2] {
        [&self.shadow, &self.reopen]
    }

    /// Replaces the content with `view` (one `innerHTML` per shadow root, from the core's markup),
    /// then puts focus where the visitor expects it.
    pub fn render(&mut self, view: &View, focus: Focus) {
        // A redraw replaces every element: note which control had focus, to give it to its successor.
        let was = self.focused_control();
        let (main, reopen) = html::render(view);
        set_root(&self.shadow, main);
        set_root(&self.reopen, reopen);
        self.place_focus(view.mode, focus, was);
    }

    /// The control inside samtykke's UI that has focus, as a selector its redrawn successor matches
    /// (controls carry `data-action`, checkboxes `data-category`); `Some(None)` for focus inside the
    /// UI on something without either, `None` for focus outside it.
    fn focused_control(&self) -> Option<Option<String>> {
        let el = self
            .roots()
            .into_iter()
            .find_map(|root| root.active_element())?;
        // Category ids are checked by the config: lower-case letters, digits, `-` and `_`.
        let (name, value) = match el.get_attribute("data-category") {
            Some(id) => ("data-category", id),
            None => match el.get_attribute("data-action") {
                Some(action) => ("data-action", action),
                None => return Some(None),
            },
        };
        Some(Some(["[", name, "=\"", &value, "\"]"].concat()))
    }

    fn place_focus(&mut self, mode: Mode, focus: Focus, was: Option<Option<String>>) {
        let target = match focus {
            // Focus outside samtykke stays where it is; inside, it moves to the same control as
            // redrawn, or (the modal dialog must keep it) to the dialog itself.
            Focus::Keep => match (was, mode) {
                (Some(Some(sel)), _) if self.focus_first(&sel) => return,
                (Some(_), Mode::Dialog) => ".dialog",
                (Some(_), Mode::Banner) => ".banner",
                (Some(_), Mode::Closed) => "[data-action=\"reopen\"]",
                (None, _) => return,
            },
            Focus::Into => {
                if self.opener.is_none() {
                    self.opener = active_page_element();
                }
                match mode {
                    Mode::Banner => ".banner",
                    Mode::Dialog => ".dialog",
                    Mode::Closed => return,
                }
            }
            Focus::Selector(sel) => sel,
            Focus::Return => {
                if let Some(el) = self.opener.take() {
                    // A gated iframe stands for its placeholder: while it waits, focus goes to the
                    // settings control as drawn now (a language switch redraws it), else to the frame.
                    let el = embeds::settings_control(&el).unwrap_or(el);
                    if el.is_connected() {
                        let _ = el.focus();
                        // A hidden element takes no focus; the fallback below beats losing it.
                        if active_page_element().is_some() {
                            return;
                        }
                    }
                }
                match mode {
                    Mode::Banner => "[data-action=\"preferences\"]",
                    _ => "[data-action=\"reopen\"]",
                }
            }
        };
        self.focus_first(target);
    }

    /// Focuses the first element in samtykke's roots that matches `selector`; false if none does.
    fn focus_first(&self, selector: &str) -> bool {
        let found = self
            .roots()
            .into_iter()
            .find_map(|root| root.query_selector(selector).ok().flatten());
        if let Some(el) = &found {
            let _ = el.unchecked_ref::<HtmlElement>().focus();
        }
        found.is_some()
    }

    /// Whether focus has somewhere on the page to go back to.
    pub fn has_opener(&self) -> bool {
        self.opener.as_ref().is_some_and(|el| el.is_connected())
    }

    /// Remembers what to give focus back to when the dialog closes.
    pub fn remember_opener(&mut self, el: Option<HtmlElement>) {
        self.opener = el.or_else(active_page_element);
    }

    /// Keeps Tab inside the open dialog (it is modal): from the last control to the first and back.
    pub fn trap_tab(&self, event: &web_sys::KeyboardEvent) {
        let Ok(list) = self.shadow.query_selector_all(
            ".dialog button, .dialog input:not([disabled]), .dialog a, .dialog select",
        ) else {
            return;
        };
        if list.length() == 0 {
            return;
        }
        let first = list.item(0);
        let last = list.item(list.length() - 1);
        let active: Option<web_sys::Node> = self.shadow.active_element().map(Into::into);
        let wrap_to = if event.shift_key() && (active == first || active.is_none()) {
            last
        } else if !event.shift_key() && active == last {
            first
        } else {
            return;
        };
        if let Some(node) = wrap_to {
            event.prevent_default();
            let _ = node.unchecked_ref::<HtmlElement>().focus();
        }
    }
}

/// Where focus goes after a render.
#[derive(Clone, Copy)]
pub enum Focus {
    /// Leave it (nothing the visitor did moved it).
    Keep,
    /// Into the newly shown banner or dialog, remembering where it was.
    Into,
    /// To this element inside the shadow root.
    Selector(&'static str),
    /// Back to where it was before samtykke took it (or to the control that opens the dialog again).
    Return,
}

/// The page element that has focus, unless it is samtykke's own host or the body.
fn active_page_element() -> Option<HtmlElement> {
    let doc = env::document();
    let el = doc.active_element()?;
    if el.id() == "samtykke" || doc.body().is_some_and(|b| b.is_same_node(Some(&el))) {
        return None;
    }
    el.dyn_into().ok()
}

thread_local! {
    /// One constructed stylesheet for every shadow root samtykke makes (None: not supported).
    static SHEET: Option<CssStyleSheet> = sheet(STYLE);
}

/// A constructed stylesheet (which a CSP without 'unsafe-inline' allows), if the browser has them.
pub(super) fn sheet(css: &str) -> Option<CssStyleSheet> {
    let sheet = CssStyleSheet::new().ok()?;
    sheet.replace_sync(css).ok()?;
    Some(sheet)
}

/// Gives `host` an open shadow root with samtykke's styles, and `own` after them.
pub(super) fn attach(host: &Element, own: Option<&CssStyleSheet>) -> Result<ShadowRoot, JsValue> {
    let shadow =
        host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    // Browsers without constructable stylesheets get a <style> in each render instead (`set_root`),
    // which needs CSP 'unsafe-inline'.
    if let Some(sheet) = SHEET.with(Clone::clone) {
        let sheets = js_sys::Array::of1(&sheet);
        if let Some(own) = own {
            sheets.push(own);
        }
        shadow.set_adopted_style_sheets(&sheets);
    }
    Ok(shadow)
}

/// Sets a shadow root's whole content to `markup`, after the fallback `<style>` when the browser
/// has no constructed stylesheets.
pub(super) fn set_root(shadow: &ShadowRoot, mut markup: String) {
    if SHEET.with(Option::is_none) {
        markup.insert_str(0, &["<style>", STYLE, "</style>"].concat());
    }
    shadow.set_inner_html(&markup);
}

/// The `data-action` of the clicked control inside the shadow root, if any.
pub fn action_of(event: &web_sys::Event) -> Option<(String, Element)> {
    let path = event.composed_path();
    path.iter().find_map(|t| {
        let el: Element = t.dyn_into().ok()?;
        let action = el.get_attribute("data-action")?;
        Some((action, el))
    })
}

/// The checkboxes' state in the open dialog: category id → checked.
pub fn checked_categories(shadow: &ShadowRoot) -> Vec<(String, bool)> {
    let Ok(list) = shadow.query_selector_all("input[data-category]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| {
            let input: web_sys::HtmlInputElement = n.dyn_into().ok()?;
            Some((input.get_attribute("data-category")?, input.checked()))
        })
        .collect()
}
