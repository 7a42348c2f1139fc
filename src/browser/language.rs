//! Fetching a language file (`i18n/<code>.json` beside samtykke.js) when a language that is not
//! compiled in is shown, and where the visitor's pick from the switcher is remembered.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::env;
use crate::core::config::Config;

/// Where the switcher's choice is kept: beside the record, never inside it (it is not consent).
pub fn remembered_key(config: &Config) -> String {
    format!("{}-language", config.storage_key)
}

/// Fetches `url` (a language file), then runs `then` with its text, or with why there is none.
///
/// A promise chain with three small closures rather than an `async` block: no futures executor in
/// the wasm for the one request it makes.
pub fn fetch(url: &str, then: Box<dyn FnOnce(Result<String, String>)>) {
    let finish: Finish = Rc::new(RefCell::new(Some(then)));
    // A response becomes its text, or a rejection that says why there is none.
    let read = Closure::once_into_js(|response: web_sys::Response| -> Result<JsValue, JsValue> {
        if !response.ok() {
            return Err(format!("HTTP {}", response.status()).into());
        }
        let unreadable = Closure::once_into_js(|_: JsValue| -> Result<JsValue, JsValue> {
            Err("unreadable".into())
        });
        match response.text() {
            Ok(text) => Ok(text
                .unchecked_into::<Thenable>()
                .on_settle(&JsValue::UNDEFINED, &unreadable)
                .into()),
            Err(_) => Err("unreadable".into()),
        }
    });
    let done = finish.clone();
    let ok = Closure::once_into_js(move |text: JsValue| {
        settle(
            &done,
            text.as_string().ok_or_else(|| "unreadable".to_owned()),
        );
    });
    // A rejection of fetch itself is a TypeError: the network failed.
    let failed = Closure::once_into_js(move |why: JsValue| {
        settle(
            &finish,
            Err(why
                .as_string()
                .unwrap_or_else(|| "network error".to_owned())),
        );
    });
    env::window()
        .fetch_with_str(url)
        .unchecked_into::<Thenable>()
        .on_settle(&read, &JsValue::UNDEFINED)
        .on_settle(&ok, &failed);
}

#[wasm_bindgen]
extern "C" {
    /// A promise, to chain with plain functions (js-sys's typed `then` wants one closure type per
    /// stage).
    type Thenable;
    /// `promise.then(fulfilled, rejected)`.
    #[wasm_bindgen(method, js_name = then)]
    fn on_settle(this: &Thenable, fulfilled: &JsValue, rejected: &JsValue) -> Thenable;
}

/// What to do with the file's text (or the reason there is none), taken by whichever side of the
/// promise settles.
type Finish = Rc<RefCell<Option<Box<dyn FnOnce(Result<String, String>)>>>>;

fn settle(finish: &Finish, fetched: Result<String, String>) {
    let f = finish.borrow_mut().take();
    if let Some(f) = f {
        f(fetched);
    }
}
