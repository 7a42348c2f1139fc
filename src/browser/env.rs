//! What the shell reads from the browser: clock, calendar, randomness, the page's language, the
//! DNT and GPC signals, and the console. Each is one small function so the rest of the shell stays
//! declarative.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Window};

pub fn window() -> Window {
    web_sys::window().expect("unreachable: samtykke runs in a window")
}

pub fn document() -> Document {
    window()
        .document()
        .expect("unreachable: a window has a document")
}

/// Milliseconds since the epoch, as `Date.now()`.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// 16 random bytes from `crypto.getRandomValues`, for the consent id.
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        if crypto.get_random_values_with_u8_array(&mut bytes).is_ok() {
            return bytes;
        }
    }
    // No Web Crypto (very old browsers): the id only names a receipt, it guards nothing.
    for b in &mut bytes {
        *b = (js_sys::Math::random() * 256.0) as u8;
    }
    bytes
}

/// `<html lang>`, if set.
pub fn html_lang() -> Option<String> {
    document()
        .document_element()?
        .get_attribute("lang")
        .filter(|l| !l.is_empty())
}

/// `navigator.languages` in the browser's order of preference.
pub fn navigator_languages() -> Vec<String> {
    window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// True when the browser sends Do Not Track (`navigator.doNotTrack === "1"`).
pub fn do_not_track() -> bool {
    js_sys::Reflect::get(&window().navigator(), &JsValue::from_str("doNotTrack"))
        .ok()
        .and_then(|v| v.as_string())
        .is_some_and(|v| v == "1")
}

/// True when the browser sends Global Privacy Control (`navigator.globalPrivacyControl === true`).
pub fn global_privacy_control() -> bool {
    js_sys::Reflect::get(
        &window().navigator(),
        &JsValue::from_str("globalPrivacyControl"),
    )
    .ok()
    .is_some_and(|v| v.as_bool() == Some(true))
}

/// Every message samtykke prints starts with "samtykke:", so a site owner can filter for it.
pub fn error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(&prefixed("samtykke: ", message)));
}

pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&prefixed("samtykke: ", message)));
}

/// `prefix` + `text`, without `format!`.
fn prefixed(prefix: &str, text: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + text.len());
    s.push_str(prefix);
    s.push_str(text);
    s
}

/// Fires `samtykke:<name>` on `window` with `detail`.
pub fn emit(name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    if let Ok(event) =
        web_sys::CustomEvent::new_with_event_init_dict(&prefixed("samtykke:", name), &init)
    {
        let _ = window().dispatch_event(event.unchecked_ref());
    }
}

/// Sends a proof-of-consent receipt to the site's own endpoint: `navigator.sendBeacon`, else a
/// keep-alive `fetch`. Fire and forget: a failure never blocks the visitor and is never retried.
pub fn send_receipt(url: &str, body: &str) {
    if window()
        .navigator()
        .send_beacon_with_opt_str(url, Some(body))
        .unwrap_or(false)
    {
        return;
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    // `keepalive` lets the request outlive the page (web-sys has no setter for it).
    let _ = js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    let sent = window().fetch_with_str_and_init(url, &init);
    // Swallow the rejection so a failed send is not an unhandled error on the site's console.
    let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
    let _ = sent.catch(&ignore);
    ignore.forget();
}

/// A stored ISO time as a date in `lang` (`Intl.DateTimeFormat`, long style).
pub fn format_date(iso: &str, lang: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(iso));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let locales = js_sys::Array::of1(&JsValue::from_str(lang));
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
    format
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| iso.get(..10).unwrap_or(iso).to_owned())
}
