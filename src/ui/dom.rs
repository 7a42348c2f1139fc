//! The banner, the preferences dialog and the reopen control, in an open shadow root.
//!
//! Everything is rebuilt from a [`View`] on each change: the UI is small, and one render path means
//! the banner can never show a state the core did not decide. The markup comes from
//! `core::html`, which escapes every string it did not write itself; mode and focus come from
//! `core::transition`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRoot};

use super::embeds;
use super::shadow::{attach, set_root, Listeners};
use crate::browser::env;
use crate::core::html::{self, Mode, View};
use crate::core::transition::Focus;

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
    /// with its shadow root, styles and `listeners`.
    pub fn mount(listeners: &Listeners) -> Result<Ui, JsValue> {
        let doc = env::document();
        let body = doc.body().ok_or("the page has no <body>")?;
        let make = |id: &str| -> Result<ShadowRoot, JsValue> {
            let host = doc.create_element("div")?;
            host.set_id(id);
            let shadow = attach(&host, None)?;
            for (name, f) in [
                ("click", &listeners.click),
                ("keydown", &listeners.key),
                ("change", &listeners.change),
            ] {
                let _ = shadow.add_event_listener_with_callback(name, f);
            }
            body.append_child(&host)?;
            Ok(shadow)
        };
        Ok(Ui {
            shadow: make("samtykke")?,
            reopen: make("samtykke-reopen")?,
            opener: None,
        })
    }

    pub fn shadow(&self) -> &ShadowRoot {
        &self.shadow
    }

    /// Both shadow roots.
    fn roots(&self) -> [&ShadowRoot; 2] {
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
            Focus::Preferences => "[data-action=\"preferences\"]",
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

/// The page element that has focus, unless it is samtykke's own host or the body.
fn active_page_element() -> Option<HtmlElement> {
    let doc = env::document();
    let el = doc.active_element()?;
    if el.id() == "samtykke" || doc.body().is_some_and(|b| b.is_same_node(Some(&el))) {
        return None;
    }
    el.dyn_into().ok()
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
