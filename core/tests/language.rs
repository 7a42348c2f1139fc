//! Which language a visitor sees, and the texts in it.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::minimal;
use samtykke_core::i18n::{self, choose_language, negotiate, normalize, Key, Texts};

#[test]
fn config_language_wins_then_html_lang_then_navigator_then_english() {
    let auto = minimal("").unwrap();
    let nav = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        choose_language(
            &minimal(r#", "language": "da""#).unwrap(),
            Some("en"),
            Some("en"),
            &nav(&["en"])
        ),
        "da"
    );
    assert_eq!(
        choose_language(&auto, None, Some("da-DK"), &nav(&["en-US"])),
        "da"
    );
    assert_eq!(
        choose_language(&auto, None, None, &nav(&["zz", "da", "en"])),
        "da"
    );
    assert_eq!(
        choose_language(&auto, None, Some("zz"), &nav(&["zz-ZZ"])),
        "en"
    );
    assert_eq!(choose_language(&auto, None, None, &[]), "en");
}

#[test]
fn a_language_outside_the_switcher_list_is_not_chosen() {
    let cfg = minimal(r#", "languages": ["da"]"#).unwrap();
    assert_eq!(
        choose_language(&cfg, None, Some("en"), &[]),
        "da",
        "English is not offered, so the first offered"
    );
}

#[test]
fn a_language_picked_in_the_switcher_beats_the_page_and_the_browser() {
    let auto = minimal("").unwrap();
    assert_eq!(
        choose_language(&auto, Some("da"), Some("en"), &["en".to_owned()]),
        "da"
    );
    assert_eq!(
        choose_language(&auto, Some("xx"), Some("en"), &[]),
        "en",
        "an unavailable pick is skipped"
    );
    let forced = minimal(r#", "language": "en""#).unwrap();
    assert_eq!(
        choose_language(&forced, Some("da"), None, &[]),
        "en",
        "the site's own choice wins"
    );
}

#[test]
fn regional_variants_resolve_to_their_language() {
    assert_eq!(normalize("de-AT"), "de");
    assert_eq!(normalize("pt_BR"), "pt");
    assert_eq!(normalize("nn"), "nb");
    assert_eq!(normalize("no-NO"), "nb");
    assert_eq!(normalize(" DA "), "da");
    let available = vec!["en".to_owned(), "da".to_owned()];
    assert_eq!(
        negotiate(["zh-CN", "da-DK"], &available).as_deref(),
        Some("da")
    );
    assert_eq!(negotiate(["zh-CN"], &available), None);
}

#[test]
fn site_overrides_win_over_built_in_texts() {
    let cfg = minimal(
        r#", "controller": "Invantive", "texts": {"da": {"title": "Cookies hos Invantive"}}"#,
    )
    .unwrap();
    let da = Texts::new(&cfg, "da", None);
    assert_eq!(da.get(Key::TITLE), "Cookies hos Invantive");
    assert_eq!(da.get(Key::REJECT_ALL), "Afvis alle");
    assert!(da.notice().starts_with("Invantive "), "{}", da.notice());
    assert_eq!(
        Texts::new(&cfg, "en", None).get(Key::TITLE),
        "Your privacy choices"
    );
}

#[test]
fn the_notice_names_this_website_without_a_controller() {
    let cfg = minimal("").unwrap();
    assert!(Texts::new(&cfg, "en", None)
        .notice()
        .starts_with("This website uses"));
    assert!(!Texts::new(&cfg, "da", None).notice().contains('{'));
}

#[test]
fn custom_categories_need_texts_in_the_language_shown() {
    let cfg = minimal(r#", "categories": [{"id": "necessary"}, {"id": "chat", "title": {"en": "Chat"}, "description": {"en": "Live chat."}}]"#).unwrap();
    assert!(Texts::new(&cfg, "en", None).check().is_ok());
    let err = Texts::new(&cfg, "da", None).check().unwrap_err();
    assert_eq!(err.key, "categories[1].title");
    assert!(err.problem.contains("`da`"), "{err}");
    let one = minimal(
        r#", "categories": [{"id": "chat", "title": "Chat", "description": "Live chat."}]"#,
    )
    .unwrap();
    assert!(Texts::new(&one, "da", None).check().is_ok());
    let bare = minimal(r#", "categories": [{"id": "chat"}]"#).unwrap();
    assert!(Texts::new(&bare, "en", None).check().is_err());
}

#[test]
fn built_in_categories_have_texts_in_every_language() {
    let cfg = minimal(r#", "categories": [{"id": "necessary"}, {"id": "preferences"}, {"id": "security"}, {"id": "analytics"}, {"id": "marketing"}]"#).unwrap();
    for lang in i18n::built_in_codes() {
        let t = Texts::new(&cfg, lang, None);
        for (i, cat) in cfg.categories.iter().enumerate() {
            let (title, desc) = t.category(cat, i).unwrap();
            assert!(!title.is_empty() && !desc.is_empty(), "{lang} {}", cat.id);
        }
    }
}

#[test]
fn a_complete_extra_language_can_be_added_by_config() {
    let strings: Vec<String> = i18n::KEY_NAMES
        .iter()
        .map(|k| {
            format!(
                "{k:?}: {:?}",
                i18n::builtin_text("en", k)
                    .unwrap()
                    .replace("Accept all", "Godkänn")
            )
        })
        .collect();
    let cfg = minimal(&format!(
        r#", "language": "fo", "texts": {{"fo": {{{}}}}}"#,
        strings.join(", ")
    ))
    .unwrap();
    assert_eq!(cfg.language.as_deref(), Some("fo"));
    assert!(cfg.languages.contains(&"fo".to_owned()));
    assert_eq!(Texts::new(&cfg, "fo", None).get(Key::ACCEPT_ALL), "Godkänn");
}

#[test]
fn arabic_and_hebrew_are_right_to_left() {
    assert!(i18n::is_rtl("ar") && i18n::is_rtl("he"));
    assert!(!i18n::is_rtl("da"));
}

#[test]
fn an_embed_placeholder_names_the_category_and_the_isolated_host_in_every_language() {
    let cfg = minimal("").unwrap();
    let (en, allow) = Texts::new(&cfg, "en", None).embed("Marketing", Some("video.example.com"));
    assert_eq!(
        en,
        "This content is provided by \u{2068}video.example.com\u{2069}. It loads only if you allow the category “Marketing”."
    );
    assert_eq!(allow, "Allow everything in “Marketing”");
    let (unnamed, _) = Texts::new(&cfg, "en", None).embed("Marketing", None);
    assert_eq!(
        unnamed,
        "This content loads only if you allow the category “Marketing”."
    );
    let (da, allow) =
        Texts::new(&cfg, "da", None).embed("Markedsføring", Some("video.example.com"));
    assert!(
        da.starts_with("Dette indhold leveres af \u{2068}video.example.com\u{2069}."),
        "{da}"
    );
    assert_eq!(allow, "Tillad alt i »Markedsføring«");
    for code in i18n::built_in_codes() {
        let t = Texts::new(&cfg, code, None);
        let (named, allow) = t.embed("CAT", Some("host.example"));
        let (unnamed, _) = t.embed("CAT", None);
        assert!(
            named.contains("CAT") && named.contains("\u{2068}host.example\u{2069}"),
            "{code}: {named}"
        );
        assert!(
            unnamed.contains("CAT") && !unnamed.contains("host"),
            "{code}: {unnamed}"
        );
        assert!(allow.contains("CAT"), "{code}: {allow}");
        assert!(
            !format!("{named}{unnamed}{allow}").contains('{'),
            "{code}: a placeholder was left unfilled"
        );
    }
}

#[test]
fn placeholders_are_filled_in_order_and_unknown_ones_stay() {
    let args = [("given", "1 June"), ("expires", "1 December")];
    assert_eq!(
        i18n::fill("{given} – {expires}, {given}; {other} {given", &args),
        "1 June – 1 December, 1 June; {other} {given"
    );
    assert_eq!(i18n::fill("{{given}}", &args), "{1 June}");
    // One pass per name, as `str::replace` would do it: a value may hold a later placeholder.
    assert_eq!(
        i18n::fill("{given}", &[("given", "{expires}"), ("expires", "x")]),
        "x"
    );
    assert_eq!(i18n::fill("æ{given}ø", &args), "æ1 Juneø");
}
