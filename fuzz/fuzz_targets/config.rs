//! The config parser on any text: an error or a config that keeps its invariants, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use samtykke::core::config::{self, MAX_EXPIRES_DAYS};
use samtykke::core::i18n;

fuzz_target!(|text: &str| {
    let Ok(cfg) = config::parse_text(text) else {
        return;
    };
    assert!((1..=MAX_EXPIRES_DAYS).contains(&cfg.expires_days));
    assert!(!cfg.categories.is_empty());
    for (i, cat) in cfg.categories.iter().enumerate() {
        assert!(
            cfg.categories[..i].iter().all(|c| c.id != cat.id),
            "{} twice",
            cat.id
        );
    }
    assert!(config::is_safe_url(&cfg.policy_url));
    assert!(!cfg.languages.is_empty());
    for code in cfg.languages.iter().chain(&cfg.language) {
        assert!(
            i18n::is_built_in(code) || cfg.texts.contains_key(code),
            "{code}"
        );
    }
    // Everything the banner does with a config must not panic either.
    let lang = i18n::choose_language(&cfg, Some("de-AT"), None, &["fr".to_owned()]);
    let texts = i18n::Texts::new(&cfg, &lang, None);
    let _ = texts.notice();
    let _ = texts.check();
});
