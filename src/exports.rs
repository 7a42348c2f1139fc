//! The functions the loader calls: `boot`, and one per `window.samtykke` method. Only
//! `#[wasm_bindgen]` functions, each handing over to `boot`, `events` or the app.
//!
//! The loader (js/loader.js) owns `window.samtykke` so it exists before the wasm has loaded; these
//! exports are what its methods forward to.

use wasm_bindgen::prelude::*;

use crate::app::{self, with_app};
use crate::boot::BootArgs;
use crate::core::decide::Origin;
use crate::events::{self, Action};

/// Starts samtykke with the config text, or with the problem that kept the loader from getting it
/// (see [`BootArgs`]; the loader passes its fields in order). Returns why samtykke failed closed
/// (nothing optional will run), or None when it started.
#[wasm_bindgen]
pub fn boot(
    config_text: Option<String>,
    problem: Option<String>,
    dir: String,
    lang: Option<String>,
    lang_text: Option<String>,
    gtag: js_sys::Function,
    google_default_pushed: bool,
    takeover: bool,
) -> Option<String> {
    crate::boot::boot(BootArgs {
        config_text,
        problem,
        dir,
        lang,
        lang_text,
        gtag,
        google_default_pushed,
        takeover,
    })
}

/// `samtykke.isGranted(id)`: false for unknown ids and before start.
#[wasm_bindgen(js_name = isGranted)]
pub fn is_granted(id: &str) -> bool {
    app::is_granted(id)
}

/// `samtykke.getConsent()`: a copy of the valid stored record, or null.
#[wasm_bindgen(js_name = getConsent)]
pub fn get_consent() -> JsValue {
    app::consent_value()
}

#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    events::act(Action::AcceptAll, Origin::Api);
}

#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    events::act(Action::RejectAll, Origin::Api);
}

/// `samtykke.setConsent({analytics: true})`: changes the named categories and keeps the rest as
/// they are (ungranted when nothing was chosen yet).
#[wasm_bindgen(js_name = setConsent)]
pub fn set_consent(choices: JsValue) {
    events::set_consent(&choices);
}

/// `samtykke.audit()`: what in the config a regulator would flag, as sentences (empty when clean).
#[wasm_bindgen]
pub fn audit() -> js_sys::Array {
    let findings = with_app(|a| crate::core::audit::audit(&a.config)).unwrap_or_default();
    findings
        .iter()
        .map(|f| JsValue::from_str(&f.to_string()))
        .collect()
}

#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    events::act(Action::Preferences, Origin::Api);
}

#[wasm_bindgen]
pub fn withdraw() {
    events::act(Action::Withdraw, Origin::Api);
}

#[wasm_bindgen(js_name = setLanguage)]
pub fn set_language(code: &str) -> bool {
    with_app(|a| a.set_language(code)).unwrap_or(false)
}
