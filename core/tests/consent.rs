//! The record's life: what a choice stores, and when a stored record stops being consent.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{minimal, DAY, JUNE_17};
use samtykke_core::consent::{
    self, cookies_to_delete, decide, granted, Choice, ChoiceError, Context,
};
use samtykke_core::map::Map;
use samtykke_core::record::{uuid_v4, Method, Reason, Record};
use samtykke_core::time::format_iso;

fn cfg() -> samtykke_core::Config {
    minimal(r#", "categories": [{"id": "necessary"}, {"id": "analytics", "cookies": ["_ga", "_ga_*", "_gid"]}, {"id": "marketing", "cookies": ["_fbp"]}]"#).unwrap()
}

fn ctx(now: i64) -> Context<'static> {
    Context {
        now,
        new_id: uuid_v4([7; 16]),
        language: "da",
        gpc: false,
    }
}

fn custom(pairs: &[(&str, bool)]) -> Choice {
    Choice::Custom(pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect())
}

#[test]
fn accept_all_grants_every_category_and_records_the_contract_layout() {
    let r = decide(&cfg(), None, &Choice::AcceptAll, ctx(JUNE_17)).unwrap();
    assert_eq!(r.v, 1);
    assert_eq!(r.revision, "2024-06-17");
    assert_eq!(r.method, Method::AcceptAll);
    assert_eq!(r.given, "2024-06-17T00:00:00.000Z");
    assert_eq!(r.updated, r.given);
    assert_eq!(r.expires, format_iso(JUNE_17 + 182 * DAY));
    assert_eq!(r.language, "da");
    assert!(r.categories.values().all(|&v| v));
    let json = serde_json::from_str::<serde_json::Value>(&r.to_json()).unwrap();
    let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys.len(), 9, "{keys:?}");
    assert_eq!(json["method"], "accept-all");
    assert_eq!(json["categories"]["necessary"], true);
}

#[test]
fn reject_all_is_remembered_as_firmly_as_accept() {
    let c = cfg();
    let r = decide(&c, None, &Choice::RejectAll, ctx(JUNE_17)).unwrap();
    assert_eq!(r.method, Method::RejectAll);
    assert_eq!(r.categories["analytics"], false);
    assert_eq!(
        r.categories["necessary"], true,
        "required categories stay granted"
    );
    assert_eq!(r.check(&c, JUNE_17 + DAY), Ok(()));
    assert_eq!(
        granted(&c, Some(&r), false).into_iter().collect::<Vec<_>>(),
        ["necessary"]
    );
}

#[test]
fn nothing_is_granted_but_the_required_without_a_record() {
    assert_eq!(
        granted(&cfg(), None, false).into_iter().collect::<Vec<_>>(),
        ["necessary"]
    );
}

#[test]
fn a_custom_choice_denies_what_it_leaves_out() {
    let c = cfg();
    let r = decide(&c, None, &custom(&[("analytics", true)]), ctx(JUNE_17)).unwrap();
    assert_eq!(r.method, Method::Custom);
    assert_eq!(
        r.categories,
        Map::from([
            ("necessary".into(), true),
            ("analytics".into(), true),
            ("marketing".into(), false)
        ])
    );
}

#[test]
fn a_custom_choice_with_an_unknown_or_denied_required_category_changes_nothing() {
    let c = cfg();
    assert_eq!(
        decide(&c, None, &custom(&[("ads", true)]), ctx(0)),
        Err(ChoiceError::UnknownCategory("ads".into()))
    );
    assert_eq!(
        decide(&c, None, &custom(&[("necessary", false)]), ctx(0)),
        Err(ChoiceError::RequiredDenied("necessary".into()))
    );
}

#[test]
fn changing_a_choice_keeps_its_id_and_first_date() {
    let c = cfg();
    let first = decide(&c, None, &Choice::AcceptAll, ctx(JUNE_17)).unwrap();
    let later = Context {
        now: JUNE_17 + 3 * DAY,
        new_id: "other".into(),
        language: "en",
        gpc: false,
    };
    let second = decide(&c, Some(&first), &Choice::RejectAll, later).unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.given, first.given);
    assert_eq!(second.updated, format_iso(JUNE_17 + 3 * DAY));
    assert_eq!(second.expires, format_iso(JUNE_17 + 185 * DAY));
}

#[test]
fn the_consent_id_is_a_uuid_v4() {
    let id = uuid_v4([0xff; 16]);
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");
    assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
    assert_eq!(id.matches('-').count(), 4);
    assert_ne!(uuid_v4([1; 16]), uuid_v4([2; 16]));
}

fn stored(c: &samtykke_core::Config) -> Record {
    decide(c, None, &Choice::AcceptAll, ctx(JUNE_17)).unwrap()
}

#[test]
fn revision_change_asks_again() {
    let r = stored(&cfg());
    let mut newer = cfg();
    newer.revision = "2025-01-01".into();
    assert_eq!(
        r.check(&newer, JUNE_17 + DAY),
        Err(Reason::RevisionChanged {
            stored: "2024-06-17".into()
        })
    );
}

#[test]
fn an_expired_record_is_not_consent() {
    let c = cfg();
    let r = stored(&c);
    assert_eq!(r.check(&c, JUNE_17 + 181 * DAY), Ok(()));
    assert_eq!(r.check(&c, JUNE_17 + 182 * DAY), Err(Reason::Expired));
    let mut past = r.clone();
    past.expires = "2020-01-01T00:00:00Z".into();
    assert!(past.check(&c, JUNE_17).is_err());
}

#[test]
fn tampered_records_are_not_consent() {
    let c = cfg();
    let good = stored(&c);
    let now = JUNE_17 + DAY;
    let mut r = good.clone();
    r.v = 2;
    assert_eq!(r.check(&c, now), Err(Reason::UnknownVersion(2)));
    let mut r = good.clone();
    r.given = format_iso(now + 2 * DAY);
    r.updated = r.given.clone();
    r.expires = format_iso(now + 100 * DAY);
    assert_eq!(r.check(&c, now), Err(Reason::FromTheFuture));
    let mut r = good.clone();
    r.categories.remove("marketing");
    assert_eq!(
        r.check(&c, now),
        Err(Reason::MissingCategory("marketing".into()))
    );
    let mut r = good.clone();
    r.categories.insert("necessary".into(), false);
    assert_eq!(
        r.check(&c, now),
        Err(Reason::RequiredDenied("necessary".into()))
    );
    let mut r = good.clone();
    r.categories.insert("ads".into(), true);
    assert_eq!(r.check(&c, now), Err(Reason::UnknownCategory("ads".into())));
    let mut r = good.clone();
    r.expires = format_iso(JUNE_17 + 400 * DAY);
    assert_eq!(r.check(&c, now), Err(Reason::TooLong));
    let mut r = good.clone();
    r.given = "yesterday".into();
    assert_eq!(r.check(&c, now), Err(Reason::BadDate("given")));
    let mut r = good;
    r.updated = "2020-01-01T00:00:00.000Z".into();
    assert_eq!(r.check(&c, now), Err(Reason::BadDate("updated")));
}

#[test]
fn records_that_do_not_have_the_layout_do_not_parse() {
    for bad in [
        r#"{}"#,
        r#"{"v":1}"#,
        r#"{"v":1,"id":"x","revision":"r","given":"g","updated":"u","expires":"e","categories":{"a":"yes"},"method":"custom","language":"en"}"#,
        r#"{"v":1,"id":"x","revision":"r","given":"g","updated":"u","expires":"e","categories":{},"method":"maybe","language":"en"}"#,
        r#"[1,2]"#,
    ] {
        assert!(samtykke_core::record::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_stored_text_is_the_documented_layout() {
    let r = stored(&cfg());
    assert_eq!(
        r.to_json(),
        format!(
            "{{\"v\":1,\"id\":\"{}\",\"revision\":\"2024-06-17\",\"given\":\"2024-06-17T00:00:00.000Z\",\
             \"updated\":\"2024-06-17T00:00:00.000Z\",\"expires\":\"{}\",\
             \"categories\":{{\"analytics\":true,\"marketing\":true,\"necessary\":true}},\
             \"method\":\"accept-all\",\"language\":\"da\"}}",
            r.id, r.expires
        )
    );
}

#[test]
fn a_stored_record_round_trips_through_json() {
    let r = stored(&cfg());
    let back = samtykke_core::record::parse(&r.to_json()).unwrap();
    assert_eq!(back, r);
}

#[test]
fn denied_categories_lose_their_cookies_exact_and_by_prefix() {
    let c = cfg();
    let jar = "_ga=1; _ga_ABC=2; _gid=3; _fbp=4; theme=dark; _gac=5";
    let only_necessary = granted(&c, None, false);
    assert_eq!(
        cookies_to_delete(&c, &only_necessary, jar),
        ["_ga", "_ga_ABC", "_gid", "_fbp"]
    );
    let analytics = decide(&c, None, &custom(&[("analytics", true)]), ctx(0)).unwrap();
    assert_eq!(
        cookies_to_delete(&c, &granted(&c, Some(&analytics), false), jar),
        ["_fbp"]
    );
    assert_eq!(
        consent::cookies_to_delete(&c, &granted(&c, Some(&stored(&c)), false), jar),
        Vec::<&str>::new()
    );
}

#[test]
fn with_global_privacy_control_accept_all_leaves_sale_and_sharing_off_and_says_so() {
    let c = cfg();
    let signal = Context {
        now: JUNE_17,
        new_id: "id".into(),
        language: "en",
        gpc: true,
    };
    let r = decide(&c, None, &Choice::AcceptAll, signal).unwrap();
    assert_eq!(r.categories["analytics"], true);
    assert_eq!(
        r.categories["marketing"], false,
        "marketing sells or shares by default"
    );
    assert_eq!(r.gpc, Some(true));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&r.to_json()).unwrap()["gpc"],
        true
    );
    assert_eq!(r.check(&c, JUNE_17 + DAY), Ok(()));
    let explicit = Context {
        now: JUNE_17,
        new_id: "id".into(),
        language: "en",
        gpc: true,
    };
    let r = decide(&c, None, &custom(&[("marketing", true)]), explicit).unwrap();
    assert_eq!(
        r.categories["marketing"], true,
        "turned on explicitly in the preferences"
    );
    let without = decide(&c, None, &Choice::AcceptAll, ctx(JUNE_17)).unwrap();
    assert_eq!(without.categories["marketing"], true);
    assert_eq!(without.gpc, None);
    assert!(
        serde_json::from_str::<serde_json::Value>(&without.to_json())
            .unwrap()
            .get("gpc")
            .is_none(),
        "no gpc key without the signal"
    );
}

#[test]
fn a_stored_gpc_flag_reads_back() {
    let c = cfg();
    let signal = Context {
        now: JUNE_17,
        new_id: "id".into(),
        language: "en",
        gpc: true,
    };
    let r = decide(&c, None, &Choice::RejectAll, signal).unwrap();
    let back = samtykke_core::record::parse(&r.to_json()).unwrap();
    assert_eq!(back.gpc, Some(true));
    let bad = r.to_json().replace("\"gpc\":true", "\"gpc\":\"yes\"");
    assert!(samtykke_core::record::parse(&bad).is_err());
}

#[test]
fn gpc_holds_back_a_sale_or_sharing_grant_made_without_it() {
    let c = cfg();
    // Accepted before the browser sent Global Privacy Control.
    let before = decide(&c, None, &Choice::AcceptAll, ctx(JUNE_17)).unwrap();
    assert_eq!(before.gpc, None);
    let now = |gpc| {
        granted(&c, Some(&before), gpc)
            .into_iter()
            .collect::<Vec<_>>()
    };
    assert_eq!(now(false), ["analytics", "marketing", "necessary"]);
    assert_eq!(
        now(true),
        ["analytics", "necessary"],
        "marketing is not granted while GPC is sent"
    );
    // Switched on again with the signal present: an explicit opt-in, recorded as such, and kept.
    let with_gpc = Context {
        gpc: true,
        ..ctx(JUNE_17 + DAY)
    };
    let again = decide(
        &c,
        Some(&before),
        &custom(&[("analytics", true), ("marketing", true)]),
        with_gpc,
    )
    .unwrap();
    assert_eq!(again.gpc, Some(true));
    assert_eq!(
        granted(&c, Some(&again), true)
            .into_iter()
            .collect::<Vec<_>>(),
        ["analytics", "marketing", "necessary"]
    );
}
