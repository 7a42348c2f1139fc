//! first against the full module's core, for the same input: whenever first answers, the core
//! accepts the same input and comes to the same answer. Each property also counts how often first
//! answered, so it cannot pass by deferring everything.

mod common;

use common::*;
use proptest::prelude::*;

use samtykke_core::config::{self as full_config, Config as FullConfig};
use samtykke_core::consent::{self, Choice, Context};
use samtykke_core::html;
use samtykke_core::i18n::{self, Texts};
use samtykke_core::map::Set;
use samtykke_core::record::{self as full_record, Record};
use samtykke_core::transition::{self, Focus, Mode as FullMode, Step};
use samtykke_core::view::{self, Signals};
use samtykke_core::{embed, matching, mirror};

use samtykke_first::config::{self, Config};
use samtykke_first::gate::{self, Script, Verdict};
use samtykke_first::generated::IDS;
use samtykke_first::lang;
use samtykke_first::markup::{self, Mode, Options};
use samtykke_first::record;
use samtykke_first::Out;

/// 2024-06-17T00:00:00Z.
const JUNE_17: i64 = 1_718_582_400_000;
const DAY: i64 = 86_400_000;

fn ids_of(bits: u8) -> Vec<String> {
    (0..IDS.len())
        .filter(|i| bits & 1 << i != 0)
        .map(|i| IDS[i].to_owned())
        .collect()
}

fn set_of(bits: u8) -> Set<String> {
    ids_of(bits).into_iter().collect()
}

/// Asserts that first's reading of a config is the full reader's.
fn same_config(text: &str, c: &Config, full: &FullConfig) {
    assert_eq!(c.revision, full.revision, "{text}");
    assert_eq!(c.policy_url, full.policy_url, "{text}");
    assert_eq!(c.controller, full.controller.as_deref(), "{text}");
    assert_eq!(c.storage_key, full.storage_key, "{text}");
    assert_eq!(c.expires_days, full.expires_days, "{text}");
    let ids: Vec<&str> = full.categories.iter().map(|c| c.id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids_of(c.present), sorted, "{text}");
    for (i, cat) in full.categories.iter().enumerate() {
        let bit = config::bit(&cat.id).unwrap();
        assert_eq!(
            c.required & bit != 0,
            cat.required,
            "{text}: categories[{i}]"
        );
        let mine: Vec<(String, bool)> = c
            .patterns()
            .iter()
            .filter(|p| p.cat == bit)
            .map(|p| (p.name.to_owned(), p.prefix))
            .collect();
        let theirs: Vec<(String, bool)> = cat
            .cookies
            .iter()
            .map(|p| (p.text_without_star().to_owned(), p.is_prefix()))
            .collect();
        assert_eq!(mine, theirs, "{text}: categories[{i}].cookies");
        assert!(cat.services.is_empty() && cat.title.is_none() && cat.description.is_none());
    }
    // What the subset leaves at its defaults, which first relies on.
    assert_eq!(full.language, None);
    assert_eq!(
        full.languages,
        i18n::built_in_codes()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    );
    assert!(full.texts.is_empty() && full.honor_gpc && full.record_url.is_none());
    assert!(full.google_consent_mode.is_none() && full.cookie.is_none());
    Texts::new(full, "en", None)
        .check()
        .expect("English texts for every category");
}

#[test]
fn every_config_first_accepts_the_full_reader_accepts_with_the_same_values() {
    run(6000, 200, config_text(), |text| {
        let Some(c) = config::parse(&text) else {
            return false;
        };
        let full = full_config::parse_text(&text)
            .unwrap_or_else(|e| panic!("first took what the full reader refuses: {text}\n{e}"));
        same_config(&text, &c, &full);
        true
    });
}

#[test]
fn the_subset_generator_is_accepted_by_first() {
    run(500, 500, subset_config(), |text| {
        let c = config::parse(&text).unwrap_or_else(|| panic!("deferred: {text}"));
        same_config(&text, &c, &full_config::parse_text(&text).unwrap());
        true
    });
}

#[test]
fn plain_configs_are_in_the_subset_and_others_defer() {
    for text in [
        r#"{"revision":"1","policyUrl":"/p"}"#,
        r#" { "revision" : "1" , "policyUrl" : "/p" , "controller" : "A" , "storageKey" : "k" , "expiresDays" : 30 } "#,
        r#"{"revision":"1","policyUrl":"/p","categories":[{"id":"necessary"},{"id":"analytics","cookies":["_ga","_ga_*"]}]}"#,
    ] {
        assert!(config::parse(text).is_some(), "{text}");
    }
    for text in [
        r#"{"revision":"1"}"#,
        r#"{"revision":"1","policyUrl":"/p","language":"en"}"#,
        r#"{"revision":"1","policyUrl":"/p","revision":"2"}"#,
        r#"{"revision":"1","policyUrl":"/p","controller":null}"#,
        r#"{"revision":"1","policyUrl":"javascript:x"}"#,
        r#"{"revision":" ","policyUrl":"/p"}"#,
        r#"{"revision":"1","policyUrl":"\/p"}"#,
        r#"{"revision":"1","policyUrl":"/p","expiresDays":396}"#,
        r#"{"revision":"1","policyUrl":"/p","expiresDays":30.0}"#,
        r#"{"revision":"1","policyUrl":"/p","categories":[]}"#,
        r#"{"revision":"1","policyUrl":"/p","categories":[{"id":"custom"}]}"#,
        r#"{"revision":"1","policyUrl":"/p","categories":[{"id":"analytics"},{"id":"analytics"}]}"#,
        r#"{"revision":"1","policyUrl":"/p","categories":[{"id":"marketing","required":true}]}"#,
        r#"{"revision":"1","policyUrl":"/p","categories":[{"id":"analytics","cookies":["*"]}]}"#,
        r#"{"revision":"1","policyUrl":"/p"} x"#,
        r#"[{"revision":"1","policyUrl":"/p"}]"#,
    ] {
        assert!(config::parse(text).is_none(), "{text}");
    }
}

#[test]
fn the_language_is_english_exactly_when_the_full_module_chooses_english() {
    let full = full_config::parse_text(r#"{"revision":"1","policyUrl":"/p"}"#).unwrap();
    let tag = prop_oneof![
        prop::sample::select(
            &[
                "en", "EN-us", "en_GB", "da", "nn", "no-NO", "NB", " de ", "xx", "", "zh-Hant",
                "pt_BR", "fil", "-en", "en-", "\u{a0}en", "e", "english", "sv", "ar",
            ][..]
        )
        .prop_map(str::to_owned),
        "[a-zA-Z_ -]{0,6}",
    ];
    let inputs = (
        prop::option::of(tag.clone()),
        prop::option::of(tag.clone()),
        prop::collection::vec(tag, 0..4),
    );
    run(3000, 500, inputs, |(remembered, html_lang, nav)| {
        let mut choice = lang::Choice::new();
        for t in remembered.iter().chain(html_lang.iter()).chain(nav.iter()) {
            choice.offer(t);
        }
        let chosen =
            i18n::choose_language(&full, remembered.as_deref(), html_lang.as_deref(), &nav);
        assert_eq!(
            choice.english(),
            chosen == "en",
            "{remembered:?} {html_lang:?} {nav:?}"
        );
        choice.english()
    });
}

/// A record text for `config`: one the core wrote (for a random choice, at a random time), then
/// perhaps bent.
fn record_text() -> impl Strategy<Value = (String, String, i64)> {
    let choice = prop_oneof![Just(0u8), Just(1), Just(2)];
    (
        subset_config(),
        choice,
        -400 * DAY..400 * DAY,
        any::<[u8; 16]>(),
        any::<Vec<bool>>(),
        prop::option::of(any::<bool>()),
        prop::option::weighted(0.5, (any::<prop::sample::Index>(), 0u8..12)),
        -20 * 60_000..20 * 60_000i64,
    )
        .prop_map(|(text, choice, ago, bytes, picks, gpc, edit, skew)| {
            let full = full_config::parse_text(&text).unwrap();
            let picked = full
                .categories
                .iter()
                .zip(picks.iter().chain(std::iter::repeat(&false)))
                .map(|(c, &on)| (c.id.clone(), on || c.required))
                .collect();
            let choice = match choice {
                0 => Choice::AcceptAll,
                1 => Choice::RejectAll,
                _ => Choice::Custom(picked),
            };
            let ctx = Context {
                now: JUNE_17 - ago,
                gpc: gpc == Some(true),
                new_id: full_record::uuid_v4(bytes),
                language: "en",
            };
            let mut record = consent::decide(&full, None, &choice, ctx).unwrap();
            if gpc == Some(false) {
                record.gpc = Some(false);
            }
            let json = record.to_json();
            let json = match edit {
                None => json,
                Some((at, kind)) => bend(&json, &record, at.index(json.len() + 1), kind),
            };
            (text, json, JUNE_17 + skew)
        })
}

/// Bends a record's JSON: another revision, dates, categories, keys, layout.
fn bend(json: &str, r: &Record, at: usize, kind: u8) -> String {
    let mut r = r.clone();
    match kind {
        0 => r.revision.push('x'),
        1 => r.given = "2099-01-01T00:00:00.000Z".into(),
        2 => r.expires = "2024-06-16T23:59:59.999Z".into(),
        3 => {
            let first = r.categories.keys().next().unwrap().clone();
            r.categories.remove(&first);
        }
        4 => {
            r.categories.insert("custom".into(), true);
        }
        5 => {
            // The first category flipped: a required one denied, or a different choice.
            let (id, on) = r
                .categories
                .iter()
                .next()
                .map(|(k, v)| (k.clone(), *v))
                .unwrap();
            r.categories.insert(id, !on);
        }
        6 => return json.replacen(",\"", ", \"", 1),
        7 => return json.replacen("{\"v\":1,", "{\"x\":0,\"v\":1,", 1),
        8 => r.updated = "2024-06-17T00:00:00+00:00".into(),
        9 => r.id = "a\"b".into(),
        10 => r.v = 2,
        _ => return mutate(json, at, (at % 4) as u8),
    }
    r.to_json()
}

#[test]
fn first_uses_a_stored_record_only_as_the_full_module_would_and_grants_the_same() {
    run(6000, 600, record_text(), |(config_text, json, now)| {
        let c = config::parse(&config_text).unwrap();
        let full = full_config::parse_text(&config_text).unwrap();
        let Some(stored) = record::read(&json, &c, now) else {
            return false;
        };
        let r = full_record::parse(&json)
            .unwrap_or_else(|e| panic!("first used a record the core cannot read: {json}: {e}"));
        r.check(&full, now)
            .unwrap_or_else(|e| panic!("first used a record the core rejects: {json}: {e}"));
        assert_eq!(
            set_of(stored.granted),
            consent::granted(&full, Some(&r), false),
            "{json}"
        );
        assert_eq!(
            r.to_json(),
            json,
            "getConsent() must be the full module's object"
        );
        assert_eq!((stored.id, stored.given), (r.id.as_str(), r.given.as_str()));
        true
    });
}

#[test]
fn accept_all_and_reject_all_write_the_full_modules_record() {
    let inputs = (
        subset_config(),
        any::<bool>(),
        any::<[u8; 16]>(),
        0..4_000_000_000_000i64,
        prop::option::of((any::<[u8; 16]>(), 1..100 * DAY)),
    );
    run(3000, 3000, inputs, |(text, accept, bytes, now, current)| {
        let c = config::parse(&text).unwrap();
        let full = full_config::parse_text(&text).unwrap();
        let ctx = |now, bytes| Context {
            now,
            gpc: false,
            new_id: full_record::uuid_v4(bytes),
            language: "en",
        };
        let choice = if accept {
            Choice::AcceptAll
        } else {
            Choice::RejectAll
        };
        let current = current.map(|(b, ago)| {
            consent::decide(&full, None, &Choice::AcceptAll, ctx(now - ago, b)).unwrap()
        });
        let expected = consent::decide(&full, current.as_ref(), &choice, ctx(now, bytes)).unwrap();
        let mut granted = None;
        let json = written(|o| {
            let kept = current.as_ref().map(|r| (r.id.as_str(), r.given.as_str()));
            granted = record::decide(o, &c, kept, accept, now, bytes);
        });
        assert_eq!(json, expected.to_json());
        assert_eq!(
            set_of(granted.unwrap()),
            consent::granted(&full, Some(&expected), false)
        );
        true
    });
}

#[test]
fn the_cookies_deleted_are_the_full_modules() {
    let name = prop::sample::select(
        &[
            "_ga", "_ga_X1", "_gid", "_gidx", "fbp", "id", "idx", "x", "samtykke", " _ga", "é", "",
        ][..],
    );
    let jar = prop::collection::vec(
        (name, prop::sample::select(&["=1", "=", "", "=a=b"][..])),
        0..6,
    )
    .prop_map(|v| {
        v.iter()
            .map(|(n, v)| format!("{n}{v}"))
            .collect::<Vec<_>>()
            .join("; ")
    });
    let host = prop::sample::select(
        &[
            "www.shop.example.com",
            "Shop.Example.COM.",
            "localhost",
            "127.0.0.1",
            "a..b",
            "",
            "[::1]",
            "x.y",
            "example.com",
        ][..],
    );
    run(
        3000,
        3000,
        (subset_config(), any::<u8>(), jar, host),
        |(text, bits, jar, host)| {
            let c = config::parse(&text).unwrap();
            let full = full_config::parse_text(&text).unwrap();
            let granted = (bits & c.present) | c.required;
            let mut mine = Vec::new();
            let mut buf = vec![0u8; 4096];
            samtykke_first::cookies::delete_denied(
                &c,
                granted,
                &jar,
                host,
                &mut Out::new(&mut buf),
                &mut |a| mine.push(String::from_utf8(a.to_vec()).unwrap()),
            );
            let theirs: Vec<String> = consent::cookies_to_delete(&full, &set_of(granted), &jar)
                .into_iter()
                .flat_map(|name| mirror::deletions(name, host))
                .map(|(_, a)| a)
                .collect();
            assert_eq!(mine, theirs, "{jar:?} on {host:?}");
            true
        },
    );
}

#[test]
fn gated_scripts_get_the_full_modules_verdict_and_console_line() {
    let attr = |pool: &'static [&'static str]| prop::option::of(prop::sample::select(pool));
    let inputs = (
        prop::sample::select(
            &[
                "analytics",
                " ! analytics ",
                "!analytics",
                "!",
                "",
                " ",
                "marketing",
                "\u{a0}analytics",
                "necessary",
                "custom",
                "!marketing",
            ][..],
        ),
        attr(&[
            "https://x/a.js",
            "javascript:alert(1)",
            " JaVaScRiPt:1",
            "\tjava\nscript:1",
            "//cdn/a.js",
            "",
            "  ",
            "data:x",
            "http:x",
            "h ttp:",
            "ftp://x",
            "a.js",
            "1http:x",
            "http",
            "\u{1}https://x",
            "verylongscheme:x",
            "HTTPS:x",
        ]),
        attr(&["/a.js", "javascript:x", ""]),
        attr(&[
            "",
            "module",
            "importmap",
            " text/javascript ",
            "TEXT/JAVASCRIPT",
            "text/plain",
            "\u{a0}module",
        ]),
        attr(&["tag", "a\"b"]),
        any::<u8>(),
    );
    run(
        4000,
        1000,
        inputs,
        |(consent, data_src, src, data_type, id, bits)| {
            let granted = bits & 0b11111;
            let mut line = String::new();
            let mut buf = vec![0u8; 4096];
            let mut out = Out::new(&mut buf);
            let is_granted = |id: &str| config::bit(id).is_some_and(|b| granted & b != 0);
            let el = Script {
                consent,
                data_src,
                src,
                data_type,
                id,
            };
            let verdict = gate::verdict(&el, &is_granted, &mut out);
            line.push_str(std::str::from_utf8(out.as_bytes()).unwrap());
            // src/browser/gating.rs `apply` and `refused`, for a script.
            let expected = match matching::Gate::parse(consent) {
                None => Verdict::Skip,
                Some(g) if !g.allows(&set_of(granted)) => Verdict::Skip,
                Some(_) => match embed::refusal(data_src.or(src), data_type) {
                    None => Verdict::Run,
                    Some(why) => {
                        let mut name = "<script".to_owned();
                        for (attr, value) in [
                            ("id", id),
                            ("data-consent", Some(consent)),
                            ("data-src", data_src),
                            ("data-type", data_type),
                        ] {
                            if let Some(v) = value {
                                name += &format!(" {attr}=\"{v}\"");
                            }
                        }
                        assert_eq!(line, format!("samtykke: {name}>: stays inert, {why}"));
                        Verdict::Refuse
                    }
                },
            };
            assert_eq!(
                verdict, expected,
                "{consent:?} {data_src:?} {src:?} {data_type:?}"
            );
            verdict != Verdict::Skip
        },
    );
}

#[test]
fn the_banner_and_the_reopen_control_are_the_full_modules_markup() {
    run(
        1500,
        1500,
        (subset_config(), any::<bool>()),
        |(text, dnt)| {
            let c = config::parse(&text).unwrap();
            let full = full_config::parse_text(&text).unwrap();
            let t = Texts::new(&full, "en", None);
            let record = consent::decide(
                &full,
                None,
                &Choice::RejectAll,
                Context {
                    now: JUNE_17,
                    gpc: false,
                    new_id: "id".into(),
                    language: "en",
                },
            )
            .unwrap();
            for (mode, full_mode, rec) in [
                (Mode::Banner, FullMode::Banner, None),
                (Mode::Closed, FullMode::Closed, Some(&record)),
            ] {
                let signals = Signals { dnt, gpc: false };
                let v = view::view(&full, &t, rec, full_mode, signals, &|d| d.to_owned()).unwrap();
                let (main, reopen) = html::render(&v);
                assert_eq!(
                    written(|o| markup::render(o, &c, mode, dnt, false, Options::All)),
                    main,
                    "{text}"
                );
                assert_eq!(
                    written(|o| markup::render(o, &c, mode, dnt, true, Options::All)),
                    reopen,
                    "{text}"
                );
                // The first frame: the same markup but for the select's other options, which
                // `options` gives (the glue sets them as the select's content).
                let first_frame =
                    written(|o| markup::render(o, &c, mode, dnt, false, Options::English));
                let all = written(markup::options);
                match mode {
                    Mode::Banner => {
                        let (head, tail) = first_frame
                            .split_once(
                                r#"<option value="en" lang="en" selected="">English</option>"#,
                            )
                            .expect("the first frame selects English");
                        assert!(!head.contains("<option") && !tail.contains("<option"));
                        assert_eq!(
                            main.replacen(&all, "", 1),
                            [head, tail].concat(),
                            "the full markup less the options"
                        );
                        assert_eq!(all.matches("<option ").count(), 30);
                    }
                    Mode::Closed => assert_eq!(first_frame, main),
                }
                assert_eq!(
                    written(|o| markup::render(o, &c, mode, dnt, true, Options::English)),
                    reopen,
                    "{text}"
                );
            }
            true
        },
    );
}

/// js/first.js applies these without asking: they are the full module's transitions for the steps
/// first handles.
#[test]
fn the_glues_focus_rules_are_the_cores_transitions() {
    assert_eq!(
        transition::next(FullMode::Banner, Step::Start { record: false }),
        (FullMode::Banner, Focus::Into)
    );
    assert_eq!(
        transition::next(FullMode::Banner, Step::Start { record: true }),
        (FullMode::Closed, Focus::Keep)
    );
    for shown in [FullMode::Banner, FullMode::Closed] {
        assert_eq!(
            transition::next(shown, Step::Chose),
            (FullMode::Closed, Focus::Return)
        );
    }
}

/// The record's time limits at their edges (random times seldom land on them): first uses the
/// record exactly when the core does.
#[test]
fn record_times_at_their_limits_are_read_as_the_core_reads_them() {
    let text = r#"{"revision":"1","policyUrl":"/p","expiresDays":30}"#;
    let c = config::parse(text).unwrap();
    let full = full_config::parse_text(text).unwrap();
    let ctx = Context {
        now: JUNE_17,
        gpc: false,
        new_id: "id".into(),
        language: "en",
    };
    let base = consent::decide(&full, None, &Choice::AcceptAll, ctx).unwrap();
    let slack = 10 * 60_000;
    let iso = samtykke_core::time::format_iso;
    let mut longest = base.clone();
    longest.expires = iso(JUNE_17 + 395 * DAY);
    let mut too_long = base.clone();
    too_long.expires = iso(JUNE_17 + 395 * DAY + 1);
    let mut later = base.clone();
    later.updated = iso(JUNE_17 + 5);
    let mut before = base.clone();
    before.updated = iso(JUNE_17 - 1);
    let expires = JUNE_17 + 30 * DAY;
    let mut used = 0;
    for (record, now) in [
        (&base, expires - 1),
        (&base, expires),
        (&base, expires + 1),
        (&base, JUNE_17 - slack),
        (&base, JUNE_17 - slack - 1),
        (&later, JUNE_17 + 5 - slack),
        (&later, JUNE_17 + 4 - slack),
        (&before, JUNE_17),
        (&longest, JUNE_17),
        (&too_long, JUNE_17),
    ] {
        let json = record.to_json();
        let mine = record::read(&json, &c, now).is_some();
        let theirs = full_record::parse(&json).unwrap().check(&full, now).is_ok();
        assert_eq!(mine, theirs, "{json} at {}", iso(now));
        used += usize::from(mine);
    }
    assert_eq!(
        used, 4,
        "used at four of the ten edges (a valid record on its side of each limit)"
    );
}
