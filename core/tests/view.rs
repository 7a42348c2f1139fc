//! The view model: config, texts, record, mode and signals in; what is drawn out (then markup).

use samtykke_core::config::{parse_text, Config};
use samtykke_core::consent::{self, Choice, Context};
use samtykke_core::html::{render, Mode, View};
use samtykke_core::i18n::Texts;
use samtykke_core::record::Record;
use samtykke_core::view::{embed, view, Signals};

const JUNE_17: i64 = 1_718_582_400_000;

fn cfg() -> Config {
    parse_text(
        r#"{"revision": "2024-06-17", "policyUrl": "/privacy", "controller": "Acme",
          "languages": ["en", "da"],
          "categories": [{"id": "necessary"}, {"id": "analytics"}, {"id": "marketing"}]}"#,
    )
    .unwrap()
}

fn record(config: &Config, picked: &[(&str, bool)]) -> Record {
    let choice = Choice::Custom(picked.iter().map(|(k, v)| (k.to_string(), *v)).collect());
    let ctx = Context {
        now: JUNE_17,
        gpc: false,
        new_id: "id".into(),
        language: "en",
    };
    consent::decide(config, None, &choice, ctx).unwrap()
}

/// The view, with dates as the test can see them.
fn draw<'a>(
    config: &'a Config,
    t: &'a Texts<'a>,
    record: Option<&Record>,
    mode: Mode,
    signals: Signals,
) -> View<'a> {
    view(config, t, record, mode, signals, &day).unwrap()
}

/// Dates as the test can see them: the ISO day, bracketed.
fn day(iso: &str) -> String {
    format!("[{}]", &iso[..10])
}

#[test]
fn the_boxes_show_what_the_record_grants_and_nothing_more() {
    let config = cfg();
    let t = Texts::new(&config, "en", None);
    let r = record(&config, &[("analytics", true)]);
    let v = draw(&config, &t, Some(&r), Mode::Dialog, Signals::default());
    let checked: Vec<_> = v
        .categories
        .iter()
        .map(|c| (c.id, c.checked, c.required))
        .collect();
    assert_eq!(
        checked,
        [
            ("necessary", true, true),
            ("analytics", true, false),
            ("marketing", false, false)
        ]
    );
    let v = draw(&config, &t, None, Mode::Banner, Signals::default());
    assert!(
        v.categories.iter().all(|c| c.checked == c.required),
        "nothing pre-ticked"
    );
}

#[test]
fn a_stored_choice_brings_its_dates_and_the_withdraw_control() {
    let config = cfg();
    let t = Texts::new(&config, "en", None);
    let r = record(&config, &[]);
    let v = draw(&config, &t, Some(&r), Mode::Dialog, Signals::default());
    let status = v.status.as_deref().unwrap();
    assert!(status.contains("[2024-06-17]"), "{status}");
    assert!(status.contains(&day(&r.expires)), "{status}");
    assert!(v.withdraw.is_some());
    let (main, _) = render(&v);
    assert!(main.contains("data-action=\"withdraw\""));
    let v = draw(&config, &t, None, Mode::Dialog, Signals::default());
    assert!(v.status.is_none() && v.withdraw.is_none());
    assert!(!render(&v).0.contains("data-action=\"withdraw\""));
}

#[test]
fn the_signals_add_their_lines_and_dnt_is_always_stated_as_not_honoured() {
    let config = cfg();
    let t = Texts::new(&config, "en", None);
    let none = draw(&config, &t, None, Mode::Banner, Signals::default());
    assert!(none.dnt_detected.is_none() && none.gpc_detected.is_none());
    assert!(!none.dnt.is_empty());
    let both = Signals {
        dnt: true,
        gpc: true,
    };
    let v = draw(&config, &t, None, Mode::Banner, both);
    assert!(v.dnt_detected.is_some() && v.gpc_detected.is_some());
    let (main, _) = render(&v);
    assert!(main.contains("dnt-signal") && main.contains("gpc-signal"));
}

#[test]
fn the_view_is_in_the_language_of_its_texts_with_the_config_around_it() {
    let config = cfg();
    let en = Texts::new(&config, "en", None);
    let v = draw(&config, &en, None, Mode::Banner, Signals::default());
    assert_eq!((v.lang, v.rtl, v.mode), ("en", false, Mode::Banner));
    assert_eq!(v.policy_url, "/privacy");
    assert!(v.notice.contains("Acme"), "{}", v.notice);
    let codes: Vec<_> = v.languages.iter().map(|(code, _)| *code).collect();
    assert_eq!(codes, ["en", "da"]);
    let ar = Texts::new(&config, "ar", None);
    let v = draw(&config, &ar, None, Mode::Closed, Signals::default());
    assert!(v.rtl);
    assert_eq!(v.mode, Mode::Closed);
}

#[test]
fn a_custom_category_without_texts_in_the_language_shown_is_an_error() {
    let config = parse_text(
        r#"{"revision": "1", "policyUrl": "/p", "languages": ["en", "da"], "categories": [{"id": "necessary"},
          {"id": "video", "title": {"en": "Video"}, "description": {"en": "Films"}}]}"#,
    )
    .unwrap();
    let en = Texts::new(&config, "en", None);
    let v = draw(&config, &en, None, Mode::Dialog, Signals::default());
    assert_eq!(v.categories[1].title, "Video");
    let da = Texts::new(&config, "da", None);
    match view(&config, &da, None, Mode::Dialog, Signals::default(), &day) {
        Ok(_) => panic!("a view without the category's Danish texts"),
        Err(err) => assert!(err.to_string().contains("video"), "{err}"),
    }
}

#[test]
fn an_embed_placeholder_names_the_category_and_the_provider() {
    let config = cfg();
    let t = Texts::new(&config, "en", None);
    let (notice, allow) = embed(&config, &t, "marketing", Some("video.example")).unwrap();
    assert!(notice.contains("video.example"), "{notice}");
    assert!(!allow.is_empty());
    let (unnamed, _) = embed(&config, &t, "marketing", None).unwrap();
    assert!(!unnamed.contains("video.example"));
    assert!(embed(&config, &t, "nope", None).is_none());
}
