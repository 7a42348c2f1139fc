//! The shadow roots samtykke draws into: each gets the stylesheet and the listeners it is given.
//! Styles are constructed stylesheets and events are delegated, so a CSP without 'unsafe-inline'
//! works.

use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, Element, ShadowRoot};

/// `style.css` as build.rs minified it.
const STYLE: &str = include_str!(concat!(std::env!("OUT_DIR"), "/style.css"));

/// The handlers the events module made, attached to every shadow root the UI creates.
pub struct Listeners {
    /// `click`, `keydown` and `change` on the banner's and the reopen control's roots.
    pub click: js_sys::Function,
    pub key: js_sys::Function,
    pub change: js_sys::Function,
    /// `click` on an embed placeholder's root.
    pub embed: js_sys::Function,
}

thread_local! {
    /// One constructed stylesheet for every shadow root samtykke makes (None: not supported).
    static SHEET: Option<CssStyleSheet> = sheet(STYLE);
}

/// A constructed stylesheet (which a CSP without 'unsafe-inline' allows), if the browser has them.
pub fn sheet(css: &str) -> Option<CssStyleSheet> {
    let sheet = CssStyleSheet::new().ok()?;
    sheet.replace_sync(css).ok()?;
    Some(sheet)
}

/// Gives `host` an open shadow root with samtykke's styles, and `own` after them.
pub fn attach(host: &Element, own: Option<&CssStyleSheet>) -> Result<ShadowRoot, JsValue> {
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
pub fn set_root(shadow: &ShadowRoot, mut markup: String) {
    if SHEET.with(Option::is_none) {
        markup.insert_str(0, &["<style>", STYLE, "</style>"].concat());
    }
    shadow.set_inner_html(&markup);
}
