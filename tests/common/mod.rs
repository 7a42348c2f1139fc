//! Shared helpers for the native tests: configs from JSON text, fixed times.
#![allow(dead_code)]

use samtykke::core::config::{self, Config, ConfigError};

/// 2024-06-17T00:00:00Z, the source policy's effective date.
pub const JUNE_17: i64 = 1_718_582_400_000;
pub const DAY: i64 = 86_400_000;

pub fn parse(json: &str) -> Result<Config, ConfigError> {
    config::parse_text(json)
}

/// The smallest valid config, with extra top-level keys spliced in (`, "expiresDays": 30`).
pub fn minimal(extra: &str) -> Result<Config, ConfigError> {
    parse(&format!(
        r#"{{"revision": "2024-06-17", "policyUrl": "/privacy"{extra}}}"#
    ))
}

/// Lets the browser run its queued tasks (MutationObserver callbacks, fetches) for a moment.
#[cfg(target_arch = "wasm32")]
pub async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// `api::boot` as the loader calls it on a page without Google Consent Mode: the config text or the
/// loader's problem, and the language file it fetched ahead (code and text).
#[cfg(target_arch = "wasm32")]
pub fn boot_page(
    config: Option<String>,
    problem: Option<String>,
    lang: Option<String>,
    lang_text: Option<String>,
) -> bool {
    let no_gtag = js_sys::Function::new_no_args("");
    samtykke::shell::api::boot(config, problem, "/".into(), lang, lang_text, no_gtag, false)
        .is_none()
}
