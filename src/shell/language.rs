//! Fetching a language file (`i18n/<code>.json` beside samtykke.js) when a language that is not
//! compiled in is shown, and remembering the visitor's pick from the switcher.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{env, with_app, App};
use crate::core::config::Config;
use crate::core::i18n::Pack;

/// Where the switcher's choice is kept: beside the record, never inside it (it is not consent).
pub fn remembered_key(config: &Config) -> String {
    format!("{}-language", config.storage_key)
}

/// Fetches `code`'s file, stores it in the app, then runs `then` with the app. If the file cannot be
/// had, the UI is shown in English with a warning rather than not at all.
pub fn fetch_then(dir: &str, code: String, then: impl FnOnce(&mut App, String) + 'static) {
    let url = format!("{dir}i18n/{code}.json");
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = match fetch_text(&url).await {
            Ok(text) => Pack::from_json(&code, &text).map_err(|e| e.to_string()),
            Err(problem) => Err(format!("could not load {url} ({problem})")),
        };
        with_app(|app| match loaded {
            Ok(pack) => {
                app.packs.insert(code.clone(), pack);
                then(app, code);
            }
            Err(problem) => {
                env::warn(&format!("{problem}; showing English instead"));
                then(app, "en".to_owned());
            }
        });
    });
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let response = JsFuture::from(env::window().fetch_with_str(url))
        .await
        .map_err(|_| "network error".to_owned())?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| "unreadable".to_owned())?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "unreadable".to_owned())
}
