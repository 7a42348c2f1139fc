//! The config parser on any text: an error or a config that keeps its invariants, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtykke_core::config;
use samtykke_core::i18n;

/// The property tests' config invariants, shared rather than copied.
#[path = "../../core/tests/properties/check.rs"]
mod check;

fuzz_target!(|text: &str| {
    let Ok(cfg) = config::parse_text(text) else {
        return;
    };
    if let Err(broken) = check::config_invariants(&cfg) {
        panic!("{broken}: {text:?}");
    }
    assert!(config::is_safe_url(&cfg.policy_url));
    // Everything the banner does with a config must not panic either.
    let lang = i18n::choose_language(&cfg, Some("de-AT"), None, &["fr".to_owned()]);
    let texts = i18n::Texts::new(&cfg, &lang, None);
    let _ = texts.notice();
    let _ = texts.check();
});
