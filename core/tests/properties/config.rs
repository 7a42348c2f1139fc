//! The config parser.

use proptest::prelude::*;

use samtykke_core::config::{self};
use samtykke_core::i18n::{self};
use samtykke_core::json::Json;

use crate::check::*;
use crate::gen::*;

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn a_config_that_parses_keeps_its_invariants(config in config_json(), gap in "[ \n]{0,1}") {
        let mut text = String::new();
        write(&config, &gap, &mut text);
        if let Ok(cfg) = config::parse_text(&text) {
            config_invariants(&cfg).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn a_config_that_parses_always_chooses_one_of_its_languages(
        config in config_json(),
        remembered in prop::option::of(lang_code()),
        html in prop::option::of(lang_code()),
        navigator in prop::collection::vec(lang_code(), 0..3),
    ) {
        if let Ok(cfg) = config::parse_text(&to_text(&config)) {
            let lang = i18n::choose_language(&cfg, remembered.as_deref(), html.as_deref(), &navigator);
            prop_assert!(
                cfg.languages.contains(&lang) || cfg.language.as_deref() == Some(lang.as_str()),
                "{lang:?} not in {:?}",
                cfg.languages
            );
        }
    }

    #[test]
    fn an_error_names_a_key_that_is_in_the_config_or_none(config in config_json()) {
        if let Err(e) = config::parse_text(&to_text(&config)) {
            // The first path segment of the key, if any, is a top-level key the config uses or one
            // it needs; it is never made up.
            let top = e.key.split(['.', '[']).next().unwrap_or("");
            let Json::Object(fields) = &config else { unreachable!() };
            prop_assert!(
                top.is_empty()
                    || top == "revision"
                    || top == "policyUrl"
                    || top == "languages"
                    || top == "categories"
                    || top == "expiresDays"
                    || top == "storageKey"
                    || fields.iter().any(|(k, _)| k == top),
                "error key {:?} ({})",
                e.key,
                e
            );
        }
    }
}
