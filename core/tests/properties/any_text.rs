//! Any text: every parser answers, none panics.

use proptest::prelude::*;

use samtykke_core::config::{self};
use samtykke_core::i18n::Pack;
use samtykke_core::json::{self};
use samtykke_core::map::Set;
use samtykke_core::matching::{CookiePattern, Gate};
use samtykke_core::record::{self};
use samtykke_core::time::parse_iso;

use crate::check::*;
use crate::gen::*;

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn json_parse_answers_any_text_without_panicking(text in any_input()) {
        match json::parse(&text) {
            // What it read, written again, reads the same (numbers keep their literal, so `1e400`
            // too).
            Ok(value) => {
                prop_assert_eq!(json::parse(&to_text(&value)), Ok(value));
            }
            Err(e) => {
                prop_assert!(e.line >= 1 && e.column >= 1);
                prop_assert!(e.line <= text.split('\n').count(), "{e} in {text:?}");
            }
        }
    }

    #[test]
    fn config_parse_text_answers_any_text_without_panicking(text in any_input()) {
        if let Ok(cfg) = config::parse_text(&text) {
            config_invariants(&cfg).map_err(TestCaseError::fail)?;
        }
    }

    #[test]
    fn record_parse_and_check_answer_any_text_without_panicking(
        text in any_input(),
        now in instant(),
    ) {
        if let Ok(record) = record::parse(&text) {
            let _ = record.check(&default_config(), now);
        }
    }

    #[test]
    fn pack_from_json_answers_any_text_without_panicking(lang in lang_code(), text in any_input()) {
        let _ = Pack::from_json(&lang, &text);
    }

    #[test]
    fn parse_iso_answers_any_text_without_panicking(text in any::<String>()) {
        let _ = parse_iso(&text);
    }

    #[test]
    fn cookie_patterns_parse_any_text_and_match_their_own_name(text in any_text()) {
        if let Ok(pattern) = CookiePattern::parse(&text) {
            match text.strip_suffix('*') {
                Some(prefix) => {
                    prop_assert!(pattern.matches(prefix));
                    let longer = format!("{prefix}_anything");
                    prop_assert!(pattern.matches(&longer));
                    prop_assert!(!prefix.contains(['*', '=', ';', ',', ' ']));
                }
                None => {
                    prop_assert!(pattern.matches(&text));
                    let longer = format!("{text}x");
                    prop_assert!(!pattern.matches(&longer));
                    prop_assert!(!text.contains(['*', '=', ';', ',', ' ']));
                }
            }
        }
    }

    #[test]
    fn gates_parse_any_text_and_negation_flips_the_answer(text in any_text(), other in "[a-z]{1,6}") {
        if let Some(gate) = Gate::parse(&text) {
            prop_assert!(!gate.category.is_empty());
            prop_assert_eq!(gate.category.trim(), gate.category.as_str());
            prop_assert_eq!(gate.negated, text.trim().starts_with('!'));
            let with: Set<String> = [gate.category.clone()].into();
            let without: Set<String> =
                [other].into_iter().filter(|o| *o != gate.category).collect();
            prop_assert_eq!(gate.allows(&with), !gate.negated);
            prop_assert_eq!(gate.allows(&without), gate.negated);
        } else {
            let attr = text.trim();
            prop_assert!(attr.strip_prefix('!').unwrap_or(attr).trim().is_empty());
        }
    }
}
