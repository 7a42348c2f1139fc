//! The mirror cookie: its config, its value format, and which copy wins when localStorage and the
//! cookie disagree.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{minimal, DAY, JUNE_17};
use samtykke_core::audit::audit;
use samtykke_core::consent::{cookies_to_delete, decide, granted, Choice, Context};
use samtykke_core::mirror::{self, decode, encode, sync, values, CookieConfig, SameSite};
use samtykke_core::record::{uuid_v4, Method, Record};

fn cfg(cookie: &str) -> samtykke_core::Config {
    minimal(&format!(
        r#", "cookie": {cookie}, "categories": [{{"id": "necessary", "cookies": ["samtykke"]}}, {{"id": "analytics", "cookies": ["_ga*", "sam*"]}}, {{"id": "marketing"}}]"#
    ))
    .unwrap()
}

fn chose(choice: &Choice, now: i64) -> Record {
    let ctx = Context {
        now,
        new_id: uuid_v4([7; 16]),
        language: "da",
        gpc: false,
    };
    decide(&cfg("{}"), None, choice, ctx).unwrap()
}

fn json(record: &Record) -> String {
    record.to_json()
}

#[test]
fn the_cookie_is_off_unless_configured_and_has_documented_defaults() {
    assert_eq!(minimal("").unwrap().cookie, None);
    let c = cfg("{}").cookie.unwrap();
    assert_eq!(
        c,
        CookieConfig {
            name: "samtykke".into(),
            domain: None,
            same_site: SameSite::Lax,
            secure: None,
            record_id: false,
        }
    );
    let c = cfg(
        r#"{"name": "consent", "domain": ".Example.COM", "sameSite": "strict", "secure": false}"#,
    )
    .cookie
    .unwrap();
    assert_eq!(c.name, "consent");
    assert_eq!(
        c.domain.as_deref(),
        Some("example.com"),
        "lower-cased, leading dot dropped"
    );
    assert_eq!(c.same_site, SameSite::Strict);
    assert_eq!(c.secure, Some(false));
}

#[test]
fn cookie_config_mistakes_name_the_key() {
    for (cookie, key, says) in [
        (r#"{"nmae": "x"}"#, "cookie.nmae", "not a known key"),
        (r#"{"name": "a b"}"#, "cookie.name", "cookie name"),
        (r#"{"name": "a*"}"#, "cookie.name", "cookie name"),
        (r#"{"name": "a=b"}"#, "cookie.name", "cookie name"),
        (r#"{"name": ""}"#, "cookie.name", "cookie name"),
        (r#"{"name": "smørrebrød"}"#, "cookie.name", "cookie name"),
        (
            r#"{"domain": "exa mple.com"}"#,
            "cookie.domain",
            "domain name",
        ),
        (
            r#"{"domain": "example..com"}"#,
            "cookie.domain",
            "domain name",
        ),
        (
            r#"{"domain": "example.com."}"#,
            "cookie.domain",
            "domain name",
        ),
        (
            r#"{"domain": "ex_ample.com"}"#,
            "cookie.domain",
            "domain name",
        ),
        (r#"{"domain": 7}"#, "cookie.domain", "a string"),
        (r#"{"sameSite": "Lax"}"#, "cookie.sameSite", "\"lax\""),
        (r#"{"secure": "yes"}"#, "cookie.secure", "true or false"),
        (r#"{"recordId": "yes"}"#, "cookie.recordId", "true or false"),
        (r#"{"id": true}"#, "cookie.id", "not a known key"),
        (
            r#"{"sameSite": "none", "secure": false}"#,
            "cookie.secure",
            "must be true",
        ),
        ("true", "cookie", "an object"),
    ] {
        let err = minimal(&format!(r#", "cookie": {cookie}"#)).unwrap_err();
        assert_eq!(err.key, key, "{cookie}: {err}");
        assert!(err.to_string().contains(says), "{cookie}: {err}");
    }
}

#[test]
fn the_domain_must_be_the_host_or_a_parent_of_it() {
    let c = |domain: &str| CookieConfig {
        name: "samtykke".into(),
        domain: Some(domain.into()),
        same_site: SameSite::Lax,
        secure: None,
        record_id: false,
    };
    for (domain, host) in [
        ("example.com", "www.example.com"),
        ("example.com", "example.com"),
        ("shop.example.com", "a.shop.example.com"),
        ("example.com", "WWW.Example.com."),
        ("localhost", "localhost"),
        ("127.0.0.1", "127.0.0.1"),
    ] {
        assert!(c(domain).for_page(host, true).is_ok(), "{domain} on {host}");
    }
    for (domain, host) in [
        ("example.com", "www.example.org"),
        ("ample.com", "www.example.com"),
        ("com", "www.example.com"),
        ("www.example.com", "example.com"),
        ("0.0.1", "127.0.0.1"),
        ("samtykke.test", "127.0.0.1"),
    ] {
        let err = c(domain).for_page(host, true).unwrap_err();
        assert_eq!(err.key, "cookie.domain");
        assert!(err.to_string().contains("neither"), "{err}");
    }
}

#[test]
fn secure_follows_the_scheme_unless_set_and_samesite_none_forces_it() {
    let auto = cfg("{}").cookie.unwrap();
    assert!(auto.for_page("example.com", true).unwrap().secure);
    assert!(!auto.for_page("example.com", false).unwrap().secure);
    let none = cfg(r#"{"sameSite": "none"}"#).cookie.unwrap();
    assert!(none.for_page("example.com", false).unwrap().secure);
    let on = cfg(r#"{"secure": true}"#).cookie.unwrap();
    assert!(on.for_page("example.com", false).unwrap().secure);
}

#[test]
fn the_set_cookie_string_carries_every_attribute() {
    let c = cfg(r#"{"domain": "example.com", "sameSite": "strict"}"#)
        .cookie
        .unwrap()
        .for_page("www.example.com", true)
        .unwrap();
    assert_eq!(
        c.set("v", JUNE_17 + DAY + 999, JUNE_17),
        "samtykke=v; Path=/; Max-Age=86400; SameSite=Strict; Secure; Domain=example.com"
    );
    let host_only = cfg("{}")
        .cookie
        .unwrap()
        .for_page("localhost", false)
        .unwrap();
    assert_eq!(
        host_only.set("v", JUNE_17 - 5, JUNE_17),
        "samtykke=v; Path=/; Max-Age=0; SameSite=Lax",
        "an expired record deletes the cookie"
    );
}

#[test]
fn copies_on_other_levels_are_deleted_but_never_the_configured_one() {
    let c = cfg(r#"{"domain": "example.com"}"#)
        .cookie
        .unwrap()
        .for_page("www.example.com", true)
        .unwrap();
    assert_eq!(
        c.delete_elsewhere("www.example.com"),
        [
            "samtykke=; Max-Age=0; Path=/",
            "samtykke=; Max-Age=0; Path=/; Domain=www.example.com"
        ]
    );
    let host_only = cfg("{}")
        .cookie
        .unwrap()
        .for_page("www.example.com", true)
        .unwrap();
    assert_eq!(
        host_only.delete_elsewhere("www.example.com"),
        [
            "samtykke=; Max-Age=0; Path=/; Domain=www.example.com",
            "samtykke=; Max-Age=0; Path=/; Domain=example.com"
        ]
    );
}

#[test]
fn the_value_is_the_documented_format() {
    let mut r = chose(
        &Choice::Custom([("analytics".to_owned(), true)].into()),
        JUNE_17,
    );
    r.gpc = Some(true);
    let v = encode(&r, false, false).unwrap();
    assert_eq!(
        v,
        "1..MjAyNC0wNi0xNw.1718582400000.1718582400000.1734307200000.analytics~necessary.marketing.c.da.1"
    );
    assert!(v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)));
    let back = decode(&v).unwrap().record;
    assert_eq!(back.id, "", "no id in, no id out");
    assert_eq!(
        Record {
            id: r.id.clone(),
            ..back
        },
        r
    );
    // With `recordId`, field 1 is the record's UUID and the record comes back whole.
    let with_id = encode(&r, false, true).unwrap();
    assert_eq!(
        with_id,
        "1.07070707-0707-4707-8707-070707070707.MjAyNC0wNi0xNw.1718582400000.1718582400000.1734307200000.analytics~necessary.marketing.c.da.1"
    );
    assert_eq!(decode(&with_id).unwrap().record, r);
    let w = encode(&r, true, false).unwrap();
    assert!(w.ends_with(".w.da.1"), "{w}");
    let back = decode(&w).unwrap();
    assert!(back.withdrawn);
    let rejected = chose(&Choice::RejectAll, JUNE_17);
    assert!(encode(&rejected, false, false)
        .unwrap()
        .contains(".necessary.analytics~marketing.r."));
    let all = chose(&Choice::AcceptAll, JUNE_17);
    assert!(encode(&all, false, false)
        .unwrap()
        .contains(".analytics~marketing~necessary..a.da.0"));
}

#[test]
fn any_revision_text_survives_base64url() {
    for revision in [
        "",
        "a",
        "ab",
        "abc",
        "2024-06-17",
        "v2; path=/",
        "politik/ændret 2024 😀",
    ] {
        let mut r = chose(&Choice::AcceptAll, JUNE_17);
        r.revision = revision.into();
        let v = encode(&r, false, false).unwrap();
        assert!(!v.contains([';', ',', ' ', '"', '=', '%', '+', '/']), "{v}");
        assert_eq!(decode(&v).unwrap().record.revision, revision);
    }
}

#[test]
fn records_that_cannot_be_a_cookie_are_refused() {
    let base = chose(&Choice::AcceptAll, JUNE_17);
    assert!(encode(&base, false, true).is_some());
    let cases: [fn(&mut Record); 6] = [
        |r| r.id = "a;b".into(),
        |r| r.updated = "yesterday".into(),
        |r| r.given = "1960-01-01T00:00:00Z".into(),
        |r| {
            r.categories.insert("Big Cat".into(), true);
        },
        |r| r.language = "da.dk".into(),
        |r| r.revision = "x".repeat(3000),
    ];
    for (i, spoil) in cases.iter().enumerate() {
        let mut r = base.clone();
        spoil(&mut r);
        assert_eq!(encode(&r, false, true), None, "case {i}");
    }
}

#[test]
fn garbage_values_are_errors_with_a_reason() {
    let good = encode(&chose(&Choice::AcceptAll, JUNE_17), false, true).unwrap();
    let swap = |i: usize, with: &str| {
        let mut f: Vec<&str> = good.split('.').collect();
        f[i] = with;
        f.join(".")
    };
    for (value, says) in [
        (String::new(), "11 fields"),
        ("garbage".into(), "11 fields"),
        (format!("{good}.x"), "11 fields"),
        (swap(0, "2"), "format"),
        (swap(1, "a~b"), "id"),
        (swap(1, "a%20b"), "id"),
        (swap(2, "a"), "revision"),
        (swap(2, "/w"), "revision"),
        (swap(2, "_w"), "revision"),
        (swap(2, "@@@@"), "revision"),
        (swap(3, "-1"), "time"),
        (swap(4, "1e9"), "time"),
        (swap(5, "9999999999999999"), "time"),
        (swap(6, "necessary~~analytics"), "category"),
        (swap(6, "Necessary"), "category"),
        (swap(7, "necessary"), "twice"),
        (swap(8, "x"), "method"),
        (swap(9, ""), "language"),
        (swap(10, "true"), "gpc"),
        ("1.".repeat(3000), "longer"),
    ] {
        let err = decode(&value).unwrap_err();
        assert!(err.contains(says), "{value:.60}: {err}");
    }
}

#[test]
fn document_cookie_gives_every_copy_of_the_name() {
    assert_eq!(
        values("a=1; samtykke=x; samtykkeX=2;samtykke=y ; b", "samtykke"),
        ["x", "y"]
    );
    assert_eq!(values("", "samtykke"), Vec::<&str>::new());
}

#[test]
fn the_mirror_cookie_is_never_deleted_nor_flagged() {
    let c = cfg(r#"{"name": "_ga_consent"}"#);
    let none = granted(&c, None, false);
    let doomed = cookies_to_delete(&c, &none, "_ga_consent=1; _ga_x=2; samx=3");
    assert_eq!(doomed, ["_ga_x", "samx"]);
    let flagged = minimal(
        r#", "cookie": {"name": "_ga_consent"}, "categories": [{"id": "necessary", "cookies": ["_ga_consent", "_gid"]}]"#,
    )
    .unwrap();
    let findings = audit(&flagged);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].problem.contains("_gid"));
}

// ---------------------------------------------------------------------------------------------
// Which copy wins.

const KEY: &str = "samtykke";
/// The id the shell would make for a record taken over from a cookie without one.
const FRESH: &str = "09090909-0909-4909-8909-090909090909";

/// The page's cookie, carrying the record id or not (`recordId`).
fn jar(record_id: bool) -> mirror::Cookie {
    cfg(&format!(r#"{{"recordId": {record_id}}}"#))
        .cookie
        .unwrap()
        .for_page("example.com", true)
        .unwrap()
}

/// `r` as localStorage holds it once taken over from a cookie without an id.
fn adopted(r: &Record) -> Record {
    Record {
        id: FRESH.into(),
        ..r.clone()
    }
}

fn at(choice: &Choice, now: i64) -> (Record, String, String) {
    let r = chose(choice, now);
    let (j, c) = (json(&r), encode(&r, false, false).unwrap());
    (r, j, c)
}

#[test]
fn nothing_anywhere_is_no_decision() {
    let s = sync(None, &[], KEY, &jar(false), FRESH);
    assert_eq!(s.winner, None);
    assert!(!s.write_local && !s.write_cookie && !s.clean && s.notes.is_empty());
}

#[test]
fn a_local_record_alone_is_mirrored_into_the_cookie() {
    let (r, j, _) = at(&Choice::AcceptAll, JUNE_17);
    let s = sync(Some(&j), &[], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, r);
    assert!(s.write_cookie && !s.write_local);
}

#[test]
fn a_cookie_alone_is_taken_over_by_local_storage() {
    let (r, _, c) = at(&Choice::AcceptAll, JUNE_17);
    let s = sync(None, &[&c], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, adopted(&r));
    assert!(s.write_local && !s.write_cookie);
    assert!(s.notes.is_empty());
}

#[test]
fn when_both_agree_nothing_is_written() {
    let (r, j, c) = at(&Choice::RejectAll, JUNE_17);
    let s = sync(Some(&j), &[&c], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, r);
    assert!(!s.write_local && !s.write_cookie && s.notes.is_empty());
}

#[test]
fn the_newer_wins_in_both_directions() {
    let (old, old_j, old_c) = at(&Choice::AcceptAll, JUNE_17);
    let (new, new_j, new_c) = at(&Choice::RejectAll, JUNE_17 + DAY);
    let s = sync(Some(&old_j), &[&new_c], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, new, "with the local record's id");
    assert!(s.write_local && !s.write_cookie);
    let s = sync(Some(&new_j), &[&old_c], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record.method, Method::RejectAll);
    assert!(!s.write_local && s.write_cookie);
    // A tie goes to localStorage, and the cookie is made to match it.
    let mut other = old.clone();
    other.categories.insert("analytics".into(), false);
    let s = sync(
        Some(&old_j),
        &[&encode(&other, false, false).unwrap()],
        KEY,
        &jar(false),
        FRESH,
    );
    assert_eq!(s.winner.unwrap().record, old);
    assert!(s.write_cookie);
}

#[test]
fn a_corrupt_cookie_never_overrides_a_record_and_is_repaired() {
    let (r, j, _) = at(&Choice::AcceptAll, JUNE_17);
    let s = sync(Some(&j), &["1.garbage"], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, r);
    assert!(s.write_cookie && !s.write_local);
    assert_eq!(s.notes.len(), 1);
    assert!(
        s.notes[0].contains("cookie `samtykke` is not used"),
        "{}",
        s.notes[0]
    );
    // Alone, it is no decision and stays where it is (the console says why).
    let s = sync(None, &["1.garbage"], KEY, &jar(false), FRESH);
    assert_eq!(s.winner, None);
    assert!(!s.write_cookie && !s.write_local && s.notes.len() == 1);
}

#[test]
fn a_cookie_read_leniently_is_written_back_in_the_form_samtykke_writes() {
    let (r, _, c) = at(&Choice::AcceptAll, JUNE_17);
    let unsorted = c.replace(
        "analytics~marketing~necessary",
        "necessary~analytics~marketing",
    );
    assert_ne!(unsorted, c);
    let s = sync(None, &[&unsorted], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, adopted(&r));
    assert!(s.write_local && s.write_cookie);
}

#[test]
fn a_valid_cookie_replaces_a_corrupt_local_record() {
    let (r, _, c) = at(&Choice::AcceptAll, JUNE_17);
    let s = sync(Some("{not json"), &[&c], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, adopted(&r));
    assert!(s.write_local);
    assert!(
        s.notes[0].contains("under `samtykke` is not used"),
        "{:?}",
        s.notes
    );
}

#[test]
fn a_newer_withdrawal_removes_an_older_local_record() {
    let (_, j, _) = at(&Choice::AcceptAll, JUNE_17);
    let (w, _, _) = at(&Choice::RejectAll, JUNE_17 + DAY);
    let tomb = encode(&w, true, false).unwrap();
    let s = sync(Some(&j), &[&tomb], KEY, &jar(false), FRESH);
    let winner = s.winner.unwrap();
    assert!(winner.withdrawn);
    assert!(s.write_local, "the older local record goes");
    let s = sync(None, &[&tomb], KEY, &jar(false), FRESH);
    assert!(s.winner.unwrap().withdrawn);
    assert!(!s.write_local && !s.write_cookie, "nothing to rewrite");
    // A choice made after the withdrawal wins over it.
    let (_, later, _) = at(&Choice::AcceptAll, JUNE_17 + 2 * DAY);
    let s = sync(Some(&later), &[&tomb], KEY, &jar(false), FRESH);
    assert!(!s.winner.unwrap().withdrawn);
    assert!(s.write_cookie);
}

#[test]
fn of_duplicate_cookies_the_newest_valid_one_wins_and_the_rest_are_cleaned() {
    let (_, _, old_c) = at(&Choice::AcceptAll, JUNE_17);
    let (new, _, new_c) = at(&Choice::RejectAll, JUNE_17 + DAY);
    for cookies in [[&old_c, &new_c, "junk"], ["junk", &new_c, &old_c]] {
        let s = sync(None, &cookies, KEY, &jar(false), FRESH);
        assert_eq!(s.winner.as_ref().unwrap().record, adopted(&new));
        assert!(s.clean && s.write_cookie && s.write_local);
        assert_eq!(s.notes.len(), 1, "the junk copy is noted");
    }
    // Duplicates that agree with localStorage still leave one copy only.
    let (_, j, c) = at(&Choice::AcceptAll, JUNE_17);
    let s = sync(Some(&j), &[&c, &c], KEY, &jar(false), FRESH);
    assert!(s.clean && s.write_cookie && !s.write_local);
}

#[test]
fn the_winner_still_has_to_be_consent() {
    let c = cfg("{}");
    let (_, _, cookie) = at(&Choice::AcceptAll, JUNE_17);
    let winner = sync(None, &[&cookie], KEY, &jar(false), FRESH)
        .winner
        .unwrap()
        .record;
    assert_eq!(winner.check(&c, JUNE_17 + DAY), Ok(()));
    assert!(winner.check(&c, JUNE_17 + 200 * DAY).is_err(), "expired");
    let other = minimal(r#", "revision": "2025-01-01", "categories": [{"id": "necessary"}, {"id": "analytics"}, {"id": "marketing"}]"#).unwrap();
    assert!(
        winner.check(&other, JUNE_17 + DAY).is_err(),
        "another revision"
    );
    let fewer = minimal(r#", "categories": [{"id": "necessary"}, {"id": "analytics"}, {"id": "marketing"}, {"id": "social"}]"#).unwrap();
    assert!(
        winner.check(&fewer, JUNE_17 + DAY).is_err(),
        "a category added since"
    );
}

#[test]
fn deletions_cover_host_only_and_every_level() {
    let d: Vec<String> = mirror::deletions("_ga", "a.example.com")
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    assert_eq!(
        d,
        [
            "_ga=; Max-Age=0; Path=/",
            "_ga=; Max-Age=0; Path=/; Domain=a.example.com",
            "_ga=; Max-Age=0; Path=/; Domain=example.com"
        ]
    );
}

#[test]
fn the_readme_example_is_a_real_value() {
    let readme = include_str!("../../README.md");
    let example = readme
        .lines()
        .find(|l| l.starts_with("1..MjAy"))
        .expect("the README shows a cookie value");
    let m = decode(example).unwrap();
    let r = &m.record;
    assert!(!m.withdrawn);
    assert_eq!(r.revision, "2024-06-17");
    assert_eq!(r.given, "2024-06-17T08:30:05.123Z");
    assert_eq!(r.updated, r.given);
    assert_eq!(
        samtykke_core::time::parse_iso(&r.expires).unwrap(),
        samtykke_core::time::parse_iso(&r.given).unwrap() + 182 * DAY
    );
    assert_eq!(r.method, Method::Custom);
    let on: Vec<&str> = r
        .categories
        .iter()
        .filter(|(_, v)| **v)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(on, ["analytics", "necessary"]);
    assert_eq!(
        encode(r, false, false).as_deref(),
        Some(example),
        "written back the same"
    );
}

/// Found by the `cookie` fuzz target: 15 digits of milliseconds reach past the year 9999, which an
/// ISO date cannot hold. Such a time decoded into a record that did not check out, yet, being
/// "newer", it would have replaced a valid choice in localStorage.
#[test]
fn a_time_past_the_year_9999_is_not_a_time() {
    let (r, j, c) = at(&Choice::AcceptAll, JUNE_17);
    let swap = |i: usize, with: &str| {
        let mut f: Vec<&str> = c.split('.').collect();
        f[i] = with;
        f.join(".")
    };
    // 9999-12-31T23:59:59.999Z is the last moment a record can name; one ms later is not.
    let last = "253402300799999";
    let past = "253402300800000";
    assert!(decode(&swap(5, last)).is_ok());
    for i in 3..=5 {
        let value = swap(i, past);
        let err = decode(&value).unwrap_err();
        assert!(err.contains("time"), "field {i}: {err}");
    }
    // A value whose `updated` is in the present but whose expiry is unwritable never wins.
    let newer = {
        let mut f: Vec<String> = c.split('.').map(str::to_owned).collect();
        f[4] = (JUNE_17 + DAY).to_string();
        f[5] = "880866882399999".into();
        f.join(".")
    };
    let s = sync(Some(&j), &[&newer], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, r, "the valid local record stays");
    assert!(!s.write_local && s.write_cookie, "and repairs the cookie");
}

// ---------------------------------------------------------------------------------------------
// The record id (issue 13, item 9): the cookie goes with every request, even after Reject all,
// so it carries nothing unique to the visitor unless the site sets `"recordId": true`.

/// What the shell writes for `r` under `cookie`: sync's verdict on a local record alone.
fn written(r: &Record, cookie: &mirror::Cookie) -> String {
    let s = sync(Some(&json(r)), &[], KEY, cookie, FRESH);
    assert!(s.write_cookie);
    let winner = s.winner.unwrap();
    encode(&winner.record, winner.withdrawn, cookie.record_id).unwrap()
}

#[test]
fn the_default_cookie_carries_no_record_id_even_after_reject_all() {
    let c = cfg("{}").cookie.unwrap();
    assert!(!c.record_id, "off unless the site asks");
    let cookie = c.for_page("www.example.com", true).unwrap();
    for choice in [Choice::RejectAll, Choice::AcceptAll] {
        let r = chose(&choice, JUNE_17);
        let value = written(&r, &cookie);
        assert!(!value.contains(&r.id), "{value}");
        assert_eq!(value.split('.').nth(1), Some(""), "field 1 is empty");
        assert_eq!(value.split('.').count(), 11, "still format 1");
    }
}

#[test]
fn record_id_true_writes_the_record_id() {
    let cookie = jar(true);
    assert!(!cfg(r#"{"recordId": false}"#).cookie.unwrap().record_id);
    let r = chose(&Choice::RejectAll, JUNE_17);
    let value = written(&r, &cookie);
    assert_eq!(value.split('.').nth(1), Some(r.id.as_str()));
    assert_eq!(decode(&value).unwrap().record, r);
}

#[test]
fn an_old_cookie_with_an_id_still_reads_and_loses_the_id_on_rewrite() {
    let r = chose(&Choice::AcceptAll, JUNE_17);
    let old = encode(&r, false, true).unwrap();
    // Alone, it is taken over with its own id (the same choice as on the subdomain that wrote it),
    // and rewritten without the id.
    let s = sync(None, &[&old], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, r);
    assert!(s.write_local && s.write_cookie);
    // Beside the same record in localStorage: a tie, the local copy wins, the cookie drops the id.
    let s = sync(Some(&json(&r)), &[&old], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, r);
    assert!(!s.write_local && s.write_cookie);
    // With `recordId` on, the same pair already agrees.
    let s = sync(Some(&json(&r)), &[&old], KEY, &jar(true), FRESH);
    assert!(!s.write_local && !s.write_cookie);
}

#[test]
fn a_cookie_without_an_id_round_trips_through_sync() {
    let r = chose(&Choice::RejectAll, JUNE_17);
    let value = encode(&r, false, false).unwrap();
    // Another subdomain's choice, taken over: localStorage gets the record with the fresh id.
    let s = sync(None, &[&value], KEY, &jar(false), FRESH);
    let winner = s.winner.unwrap();
    assert_eq!(winner.record, adopted(&r));
    assert!(
        s.write_local && !s.write_cookie,
        "the cookie is already as written"
    );
    // The next load finds both: they agree although only one has an id.
    let stored = json(&winner.record);
    let s = sync(Some(&stored), &[&value], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, adopted(&r));
    assert!(!s.write_local && !s.write_cookie);
    // An older local record with an id still loses to a newer cookie without one, and a newer
    // local record still wins over it.
    let older = Record {
        id: "0a0a0a0a-0a0a-4a0a-8a0a-0a0a0a0a0a0a".into(),
        ..chose(&Choice::AcceptAll, JUNE_17 - DAY)
    };
    let s = sync(Some(&json(&older)), &[&value], KEY, &jar(false), FRESH);
    let winner = s.winner.unwrap().record;
    assert_eq!(winner.method, Method::RejectAll);
    assert_eq!(winner.id, older.id, "this host's record keeps its id");
    assert!(s.write_local && !s.write_cookie);
    let newer = chose(&Choice::AcceptAll, JUNE_17 + DAY);
    let s = sync(Some(&json(&newer)), &[&value], KEY, &jar(false), FRESH);
    assert_eq!(s.winner.unwrap().record, newer);
    assert!(!s.write_local && s.write_cookie);
    // A site that turns `recordId` on gets the id written into such a cookie.
    let s = sync(Some(&stored), &[&value], KEY, &jar(true), FRESH);
    assert!(!s.write_local && s.write_cookie);
    // A withdrawal without an id is still a withdrawal.
    let tomb = encode(&chose(&Choice::RejectAll, JUNE_17 + DAY), true, false).unwrap();
    let s = sync(Some(&stored), &[&tomb], KEY, &jar(false), FRESH);
    assert!(s.winner.unwrap().withdrawn && s.write_local && !s.write_cookie);
}
