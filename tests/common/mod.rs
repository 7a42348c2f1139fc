//! Shared helpers for the browser tests (tests/web_*.rs); the core's tests have their own in core/tests.
#![allow(dead_code)]

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

/// `exports::boot` as the loader calls it on a page without Google Consent Mode: the config text or the
/// loader's problem, and the language file it fetched ahead (code and text).
#[cfg(target_arch = "wasm32")]
pub fn boot_page(
    config: Option<String>,
    problem: Option<String>,
    lang: Option<String>,
    lang_text: Option<String>,
) -> bool {
    let no_gtag = js_sys::Function::new_no_args("");
    samtykke::exports::boot(
        config,
        problem,
        "/".into(),
        lang,
        lang_text,
        no_gtag,
        false,
        false,
    )
    .is_none()
}
