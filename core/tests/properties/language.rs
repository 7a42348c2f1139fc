//! Language files.

use proptest::prelude::*;

use samtykke_core::i18n::{self, Pack};
use samtykke_core::json::{self, Json};

use crate::check::*;
use crate::gen::*;

proptest! {
    #![proptest_config(cases(128))]

    #[test]
    fn a_shipped_language_file_reads_back_and_a_broken_one_is_refused(
        lang in prop::sample::select(i18n::built_in_codes().collect::<Vec<_>>()),
        key in prop::sample::select(&i18n::KEY_NAMES[..]),
        damage in 0..3u8,
    ) {
        let text = Pack::json_for(lang).expect("every language is embedded natively");
        prop_assert!(Pack::from_json(lang, &text).is_ok());
        let Json::Object(mut fields) = json::parse(&text).unwrap() else { unreachable!() };
        let at = fields.iter().position(|(k, _)| k == key).unwrap();
        match damage {
            0 => { fields.remove(at); }
            1 => fields[at].1 = s(" "),
            _ => fields.push(("no_such_key".into(), s("x"))),
        }
        let broken = to_text(&Json::Object(fields));
        prop_assert!(Pack::from_json(lang, &broken).is_err(), "{}", broken);
    }

    #[test]
    fn a_language_file_is_accepted_only_with_every_key(
        fields in prop_oneof![
            full_texts(),
            prop::collection::vec(text_key().prop_flat_map(|k| (Just(k.clone()), text_value(k))), 0..40),
        ],
        lang in lang_code(),
    ) {
        let text = to_text(&Json::Object(fields.clone()));
        if Pack::from_json(&lang, &text).is_ok() {
            for key in i18n::KEY_NAMES {
                prop_assert!(fields.iter().any(|(k, _)| k == key), "{key} missing but accepted");
            }
        }
    }
}
