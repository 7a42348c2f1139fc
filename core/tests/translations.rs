//! Every built-in language is complete: same keys as English, nothing empty, same placeholders,
//! and the Do Not Track sentence names the signal untranslated. (build.rs refuses to build otherwise;
//! this test checks the embedded tables themselves.)

#![cfg(not(target_arch = "wasm32"))]

use samtykke_core::i18n::{self, placeholders, Pack, EMBEDDED, KEY_NAMES};

#[test]
fn every_language_has_every_key_non_empty_with_englishs_placeholders() {
    let english = EMBEDDED
        .iter()
        .find(|(c, _)| *c == "en")
        .expect("English is built in")
        .1;
    for (code, table) in EMBEDDED.iter() {
        for (i, key) in KEY_NAMES.iter().enumerate() {
            assert!(!table[i].trim().is_empty(), "{code}: `{key}` is empty");
            assert_eq!(
                placeholders(table[i]),
                placeholders(english[i]),
                "{code}: `{key}` placeholders"
            );
        }
    }
}

#[test]
fn every_language_says_do_not_track_is_not_honoured_by_name() {
    for (code, table) in EMBEDDED.iter() {
        let dnt = table[KEY_NAMES.iter().position(|k| *k == "dnt").unwrap()];
        assert!(dnt.contains("Do Not Track"), "{code}: {dnt}");
    }
}

#[test]
fn translation_files_and_built_in_languages_are_the_same_set() {
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../translations"))
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".toml").map(str::to_owned)
            })
            .collect();
    files.sort();
    let built_in: Vec<&str> = i18n::built_in_codes().collect();
    assert_eq!(files, built_in);
    assert!(built_in.contains(&"en") && built_in.contains(&"da"));
}

#[test]
fn accept_and_reject_labels_are_of_similar_length_in_every_language() {
    // Equal prominence: neither button may be a sentence while the other is a word.
    let at = |k: &str| KEY_NAMES.iter().position(|n| *n == k).unwrap();
    for (code, table) in EMBEDDED.iter() {
        let (a, r) = (
            table[at("accept_all")].chars().count(),
            table[at("reject_all")].chars().count(),
        );
        assert!(
            a.max(r) <= 2 * a.min(r) + 4,
            "{code}: {a} vs {r} characters"
        );
    }
}

#[test]
fn every_language_file_reads_back_as_the_strings_it_was_written_from() {
    for (code, table) in EMBEDDED.iter() {
        let json = Pack::json_for(code).unwrap();
        let pack = Pack::from_json(code, &json).unwrap_or_else(|e| panic!("{e}"));
        let cfg =
            samtykke_core::config::parse_text(r#"{"revision": "1", "policyUrl": "/p"}"#).unwrap();
        let t = i18n::Texts::new(&cfg, code, Some(&pack));
        assert_eq!(
            t.get(i18n::Key::ACCEPT_ALL),
            table[KEY_NAMES.iter().position(|k| *k == "accept_all").unwrap()]
        );
    }
}

#[test]
fn a_broken_language_file_is_refused_naming_language_and_key() {
    let good = Pack::json_for("da").unwrap();
    let missing = good.replace("\"title\":", "\"titel\":");
    assert!(Pack::from_json("da", &missing)
        .unwrap_err()
        .to_string()
        .contains("`titel`"));
    let empty = good.replace("\"Afvis alle\"", "\" \"");
    assert!(Pack::from_json("da", &empty)
        .unwrap_err()
        .to_string()
        .contains("`reject_all` is empty"));
    let placeholder = good.replace("{controller}", "{firma}");
    let err = Pack::from_json("da", &placeholder).unwrap_err();
    assert!(
        err.to_string().contains("language file `da`") && err.to_string().contains("`notice`"),
        "{err}"
    );
    assert!(Pack::from_json("da", "[]").is_err());
    assert!(Pack::from_json("da", "{").is_err());
}
