//! Google Consent Mode: hands the `consent` commands the core writes to the loader's `gtag`.
//!
//! Google's tags only accept commands pushed as an `arguments` object, which Rust cannot make; so the
//! loader passes a function that parses the JSON value and pushes the command with its own `gtag`.

use std::cell::RefCell;

use js_sys::Function;

use super::env;
use crate::core::consent_mode::ConsentMode;

thread_local! {
    static GTAG: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Keeps the loader's function for later updates. When the loader could not push the default
/// itself (the config was not inline above it), it is pushed now, late, and the console says so.
pub fn start(gtag: Function, mode: &ConsentMode, default_pushed: bool) {
    GTAG.with(|g| *g.borrow_mut() = Some(gtag));
    if default_pushed {
        return;
    }
    env::warn(
        "googleConsentMode: the default command is pushed only now that the config has arrived, \
         so Google tags that started earlier saw none. Put the config inline, in \
         <script type=\"application/json\" id=\"samtykke-config\">, above samtykke.js",
    );
    for (command, name, value) in mode.default_commands() {
        push(command, name, &value);
    }
}

/// Pushes `consent update` with `value` (see [`ConsentMode::update`]).
pub fn update(value: &str) {
    push("consent", "update", value);
}

fn push(command: &str, name: &str, json: &str) {
    GTAG.with(|g| {
        let Some(gtag) = g.borrow().clone() else {
            return;
        };
        if gtag
            .call3(
                &wasm_bindgen::JsValue::NULL,
                &command.into(),
                &name.into(),
                &json.into(),
            )
            .is_err()
        {
            env::error("googleConsentMode: could not push to window.dataLayer");
        }
    });
}
