//! The banner, the preferences dialog and the reopen control, in an open shadow root.
//!
//! Everything is rebuilt from a [`View`] on each change: the UI is small, and one render path means
//! the banner can never show a state the core did not decide. Strings go in as text, never HTML;
//! styles are a constructed stylesheet, so a CSP without 'unsafe-inline' works.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRoot};

use super::env;

/// `style.css` as build.rs minified it.
const STYLE: &str = include_str!(concat!(std::env!("OUT_DIR"), "/style.css"));

/// What is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The first layer: no valid choice is stored.
    Banner,
    /// The preferences dialog (over the banner, or reopened later).
    Dialog,
    /// Only the small reopen control.
    Closed,
}

pub struct CategoryView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub required: bool,
    pub checked: bool,
}

/// Everything the UI shows, already in the chosen language.
pub struct View {
    pub lang: String,
    pub rtl: bool,
    pub mode: Mode,
    pub title: String,
    pub notice: String,
    pub policy_url: String,
    pub policy_link: String,
    pub dnt: String,
    pub dnt_detected: Option<String>,
    /// Shown when an honoured Global Privacy Control signal is present.
    pub gpc_detected: Option<String>,
    pub accept_all: String,
    pub reject_all: String,
    pub preferences: String,
    pub language_label: String,
    /// (code, name in its own language), shown when more than one.
    pub languages: Vec<(String, String)>,
    pub dialog_title: String,
    pub dialog_intro: String,
    pub rights: String,
    pub status: Option<String>,
    pub categories: Vec<CategoryView>,
    pub save: String,
    pub close: String,
    pub withdraw: Option<String>,
    pub always_on: String,
    pub reopen: String,
}

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

    /// Replaces the content with `view`, then puts focus where the visitor expects it.
    pub fn render(&mut self, view: &View, focus: Focus) -> Result<(), JsValue> {
        let main = root(&view.lang, view.rtl)?;
        let reopen = root(&view.lang, view.rtl)?;
        match view.mode {
            Mode::Banner => add(&main, &banner(view)?)?,
            Mode::Dialog => add(&main, &dialog(view)?)?,
            Mode::Closed => {
                let button = button("reopen", &view.reopen, "reopen")?;
                button.set_attribute("aria-haspopup", "dialog")?;
                add(&reopen, &button)?;
            }
        }
        replace_root(&self.shadow, &main)?;
        replace_root(&self.reopen, &reopen)?;
        self.place_focus(view.mode, focus);
        Ok(())
    }

    fn place_focus(&mut self, mode: Mode, focus: Focus) {
        let target = match focus {
            Focus::Keep => return,
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
                    if el.is_connected() {
                        let _ = el.focus();
                        return;
                    }
                }
                "[data-action=\"reopen\"]"
            }
        };
        let found = self
            .roots()
            .into_iter()
            .find_map(|root| root.query_selector(target).ok().flatten());
        if let Some(el) = found {
            let _ = el.unchecked_ref::<HtmlElement>().focus();
        }
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
    /// Back to where it was before samtykke took it (or to the reopen control).
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
    match SHEET.with(Clone::clone) {
        Some(sheet) => {
            let sheets = js_sys::Array::of1(&sheet);
            if let Some(own) = own {
                sheets.push(own);
            }
            shadow.set_adopted_style_sheets(&sheets);
        }
        None => {
            // Browsers without constructable stylesheets get a <style> (needs CSP 'unsafe-inline').
            let style = env::document().create_element("style")?;
            style.set_text_content(Some(STYLE));
            shadow.append_child(&style)?;
        }
    }
    Ok(shadow)
}

/// Puts `root` in place of the shadow root's current `.root` (keeping a fallback <style>).
pub(super) fn replace_root(shadow: &ShadowRoot, root: &Element) -> Result<(), JsValue> {
    if let Some(old) = shadow.query_selector(".root")? {
        old.remove();
    }
    shadow.append_child(root).map(drop)
}

/// An empty `.root` in a language and its direction.
pub(super) fn root(lang: &str, rtl: bool) -> Result<Element, JsValue> {
    let root = env::document().create_element("div")?;
    root.set_class_name("root");
    root.set_attribute("lang", lang)?;
    root.set_attribute("dir", if rtl { "rtl" } else { "ltr" })?;
    Ok(root)
}

pub(super) fn add(parent: &Element, child: &Element) -> Result<(), JsValue> {
    parent.append_child(child).map(drop)
}

pub(super) fn el(tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = env::document().create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

pub(super) fn button(action: &str, label: &str, class: &str) -> Result<Element, JsValue> {
    let b = el("button", class, label)?;
    b.set_attribute("type", "button")?;
    b.set_attribute("data-action", action)?;
    Ok(b)
}

/// Accept and reject share one class: same size, weight and colours, by construction.
fn choice_buttons(view: &View, parent: &Element) -> Result<(), JsValue> {
    add(&parent, &button("reject-all", &view.reject_all, "choice")?)?;
    add(&parent, &button("accept-all", &view.accept_all, "choice")?)?;
    Ok(())
}

fn banner(view: &View) -> Result<Element, JsValue> {
    let section = el("section", "banner", "")?;
    section.set_attribute("role", "region")?;
    section.set_attribute("aria-label", &view.title)?;
    section.set_attribute("tabindex", "-1")?;
    let title = el("h2", "title", &view.title)?;
    title.set_id("samtykke-title");
    section.append_child(&title)?;
    let notice = el("p", "notice", &view.notice)?;
    notice.append_with_str_1(" ")?;
    let link = el("a", "policy", &view.policy_link)?;
    link.set_attribute("href", &view.policy_url)?;
    notice.append_child(&link)?;
    section.append_child(&notice)?;
    add(&section, &el("p", "dnt", &view.dnt)?)?;
    if let Some(line) = &view.gpc_detected {
        add(&section, &el("p", "dnt gpc-signal", line)?)?;
    }
    if let Some(line) = &view.dnt_detected {
        add(&section, &el("p", "dnt dnt-signal", line)?)?;
    }
    let actions = el("div", "actions", "")?;
    choice_buttons(view, &actions)?;
    add(
        &actions,
        &button("preferences", &view.preferences, "secondary")?,
    )?;
    section.append_child(&actions)?;
    if view.languages.len() > 1 {
        add(&section, &language_switch(view)?)?;
    }
    Ok(section)
}

fn language_switch(view: &View) -> Result<Element, JsValue> {
    let label = el("label", "language", "")?;
    add(&label, &el("span", "", &view.language_label)?)?;
    let select = el("select", "", "")?;
    select.set_attribute("data-action", "language")?;
    for (code, name) in &view.languages {
        let option = el("option", "", name)?;
        option.set_attribute("value", code)?;
        option.set_attribute("lang", code)?;
        if *code == view.lang {
            option.set_attribute("selected", "")?;
        }
        select.append_child(&option)?;
    }
    label.append_child(&select)?;
    Ok(label)
}

fn dialog(view: &View) -> Result<Element, JsValue> {
    let backdrop = el("div", "backdrop", "")?;
    let dialog = el("div", "dialog", "")?;
    dialog.set_attribute("role", "dialog")?;
    dialog.set_attribute("aria-modal", "true")?;
    dialog.set_attribute("aria-labelledby", "samtykke-dialog-title")?;
    dialog.set_attribute("tabindex", "-1")?;
    let head = el("div", "head", "")?;
    let title = el("h2", "title", &view.dialog_title)?;
    title.set_id("samtykke-dialog-title");
    head.append_child(&title)?;
    let close = button("close", "×", "close")?;
    close.set_attribute("aria-label", &view.close)?;
    head.append_child(&close)?;
    dialog.append_child(&head)?;
    add(&dialog, &el("p", "", &view.dialog_intro)?)?;
    let list = el("ul", "categories", "")?;
    for cat in &view.categories {
        let item = el("li", "category", "")?;
        let id = format!("samtykke-cat-{}", cat.id);
        let row = el("div", "row", "")?;
        let input = el("input", "", "")?;
        input.set_attribute("type", "checkbox")?;
        input.set_id(&id);
        input.set_attribute("data-category", &cat.id)?;
        input.set_attribute("aria-describedby", &format!("{id}-desc"))?;
        let input_el: &web_sys::HtmlInputElement = input.unchecked_ref();
        input_el.set_checked(cat.checked || cat.required);
        input_el.set_disabled(cat.required);
        row.append_child(&input)?;
        let label = el("label", "", &cat.title)?;
        label.set_attribute("for", &id)?;
        row.append_child(&label)?;
        if cat.required {
            add(&row, &el("span", "always", &view.always_on)?)?;
        }
        item.append_child(&row)?;
        let desc = el("p", "description", &cat.description)?;
        desc.set_id(&format!("{id}-desc"));
        item.append_child(&desc)?;
        list.append_child(&item)?;
    }
    dialog.append_child(&list)?;
    add(&dialog, &el("p", "rights", &view.rights)?)?;
    let policy = el("a", "policy", &view.policy_link)?;
    policy.set_attribute("href", &view.policy_url)?;
    let p = el("p", "", "")?;
    p.append_child(&policy)?;
    dialog.append_child(&p)?;
    if let Some(status) = &view.status {
        add(&dialog, &el("p", "status", status)?)?;
    }
    let actions = el("div", "actions", "")?;
    choice_buttons(view, &actions)?;
    add(&actions, &button("save", &view.save, "choice save")?)?;
    dialog.append_child(&actions)?;
    if let Some(withdraw) = &view.withdraw {
        add(
            &dialog,
            &button("withdraw", withdraw, "secondary withdraw")?,
        )?;
    }
    backdrop.append_child(&dialog)?;
    Ok(backdrop)
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
