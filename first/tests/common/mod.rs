//! Generators and helpers shared by first's equivalence tests: config texts that mix the subset
//! with everything else, records written by the core and then bent, and a runner that counts how
//! often first answered (so a property cannot hold only because first deferred every time).

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::test_runner::{Config as RunConfig, TestRunner};
use std::cell::Cell;

use samtykke_first::Out;

/// Runs `check` on `cases` values of `strategy`; `check` returns whether first answered (did not
/// defer). Fails if first answered in fewer than `min_answered` of the cases.
pub fn run<S: Strategy>(
    cases: u32,
    min_answered: u32,
    strategy: S,
    check: impl Fn(S::Value) -> bool,
) where
    S::Value: std::fmt::Debug,
{
    let answered = Cell::new(0u32);
    let mut runner = TestRunner::new(RunConfig {
        cases,
        max_shrink_iters: 500,
        failure_persistence: None,
        ..RunConfig::default()
    });
    runner
        .run(&strategy, |v| {
            if check(v) {
                answered.set(answered.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    assert!(
        answered.get() >= min_answered,
        "first answered only {} of {cases} cases: the generator hardly reaches the subset",
        answered.get()
    );
}

/// What `Out` wrote, as text.
pub fn written(f: impl FnOnce(&mut Out)) -> String {
    let mut buf = vec![0u8; 1 << 16];
    let mut out = Out::new(&mut buf);
    f(&mut out);
    assert!(!out.full);
    String::from_utf8(out.as_bytes().to_vec()).unwrap()
}

/// JSON white space, usually none.
pub fn ws() -> impl Strategy<Value = String> {
    prop_oneof![6 => Just(String::new()), 1 => Just(" ".into()), 1 => Just("\n\t ".into()), 1 => Just("\r\n".into())]
}

/// A JSON string literal (as written, quotes included): plain ones the subset takes, and ones with
/// escapes, control characters, non-ASCII spaces and controls, which it must not take wrongly.
pub fn string_literal(pool: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(pool).prop_map(|s| format!("\"{s}\"")),
        1 => "[a-zA-Z0-9 /:._*\u{a0}\u{85}\u{2028}é-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        1 => prop::sample::select(&[
            "\"a\\\"b\"", "\"\\u0041\"", "\"\\/p\"", "\"\\n\"", "\"a\u{1}b\"", "\"\\u0000\"", "\"x\\\\\"",
        ][..]).prop_map(str::to_owned),
    ]
}

pub const REVISIONS: &[&str] = &[
    "2024-06-17",
    "1",
    "v2",
    "",
    " ",
    "\u{a0}",
    "r é",
    "\u{3000}",
];
pub const URLS: &[&str] = &[
    "/privacy",
    "https://example.com/p",
    "HTTPS://X",
    "http:x",
    "javascript:alert(1)",
    " javascript:x",
    "JavaScript:x",
    "data:text/html,x",
    "",
    "  ",
    "p?a:b",
    "#top",
    "//cdn/p",
    "mailto:x",
    "/p\u{85}",
    "ht\ttp://x",
    "\u{a0}/p",
    "/æøå",
    "a b",
];
pub const CONTROLLERS: &[&str] = &[
    "Acme A/S",
    "",
    " ",
    "<b>&\"'</b>",
    "Ørsted",
    "\u{a0}",
    "a\rb",
    "{controller}",
];
pub const KEYS: &[&str] = &["samtykke", "consent", "", " ", "k-1", "\u{2003}"];
pub const IDS: &[&str] = &[
    "necessary",
    "necessary",
    "preferences",
    "security",
    "analytics",
    "analytics",
    "marketing",
    "custom",
    "Necessary",
    "",
    "ads_2",
];
pub const PATTERNS: &[&str] = &[
    "_ga", "_ga_*", "_gid", "*", "a b", "x=y", "é", "_g*a", "fbp", "id*", "a;b", "\u{a0}x", "{x}",
];

fn number() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "182", "1", "0", "395", "396", "30", "1.0", "3e1", "-1", "007", "1000", "99", "30.5",
        ][..],
    )
    .prop_map(str::to_owned)
}

fn value_other() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "null",
            "true",
            "false",
            "[]",
            "{}",
            "\"en\"",
            "\"auto\"",
            "[\"en\",\"da\"]",
            "\"honor\"",
            "\"ignore\"",
            "{\"en\":{\"title\":\"T\"}}",
            "{\"name\":\"c\"}",
            "\"/r\"",
            "7",
        ][..],
    )
    .prop_map(str::to_owned)
}

fn category() -> impl Strategy<Value = String> {
    let cookies = prop::collection::vec(string_literal(PATTERNS), 0..4)
        .prop_map(|v| format!("[{}]", v.join(",")));
    let field = prop_oneof![
        4 => string_literal(IDS).prop_map(|v| format!("\"id\":{v}")),
        2 => prop::sample::select(&["true", "false", "null", "\"yes\""][..])
            .prop_map(|v| format!("\"required\":{v}")),
        3 => cookies.prop_map(|v| format!("\"cookies\":{v}")),
        1 => prop::sample::select(&[
            "\"title\":\"T\"", "\"saleOrSharing\":false", "\"services\":[]", "\"description\":{\"en\":\"d\"}",
            "\"cookies\":null", "\"extra\":1",
        ][..]).prop_map(str::to_owned),
    ];
    (prop::collection::vec(field, 0..4), ws()).prop_map(|(fields, w)| {
        // Usually an id first; generated fields may repeat keys, which the subset defers.
        format!("{{{w}{}}}", fields.join(&format!(",{w}")))
    })
}

fn categories() -> impl Strategy<Value = String> {
    prop::collection::vec(category(), 0..6).prop_map(|v| format!("[{}]", v.join(",")))
}

/// One `"key": value` of a config.
fn member() -> impl Strategy<Value = (u8, String)> {
    prop_oneof![
        4 => string_literal(REVISIONS).prop_map(|v| (0, format!("\"revision\":{v}"))),
        4 => string_literal(URLS).prop_map(|v| (1, format!("\"policyUrl\":{v}"))),
        2 => string_literal(CONTROLLERS).prop_map(|v| (2, format!("\"controller\":{v}"))),
        2 => string_literal(KEYS).prop_map(|v| (3, format!("\"storageKey\":{v}"))),
        2 => number().prop_map(|v| (4, format!("\"expiresDays\":{v}"))),
        3 => categories().prop_map(|v| (5, format!("\"categories\":{v}"))),
        1 => (
            prop::sample::select(&[
                "language", "languages", "texts", "gpc", "recordUrl", "cookie", "googleConsentMode",
                "unknown", "revision", "policyUrl", "controller", "storageKey", "expiresDays", "categories",
            ][..]),
            value_other(),
        )
            .prop_map(|(k, v)| (9, format!("\"{k}\":{v}"))),
    ]
}

/// A config text: mostly objects with a revision and a policy URL and a few other members in any
/// order; sometimes mutated by a byte edit.
pub fn config_text() -> impl Strategy<Value = String> {
    let members = prop::collection::vec(member(), 0..6);
    let base = (
        string_literal(REVISIONS),
        string_literal(URLS),
        members,
        ws(),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(rev, url, rest, w, at)| {
            let mut all: Vec<String> = vec![
                format!("\"revision\":{rev}"),
                format!("\"policyUrl\":{url}"),
            ];
            all.extend(rest.into_iter().map(|(_, m)| m));
            let n = all.len();
            all.swap(0, at.index(n));
            format!("{w}{{{w}{}{w}}}{w}", all.join(&format!(",{w}")))
        });
    (
        base,
        prop::option::weighted(0.15, (any::<prop::sample::Index>(), 0u8..4)),
    )
        .prop_map(|(text, edit)| match edit {
            None => text,
            Some((at, kind)) => mutate(&text, at.index(text.len() + 1), kind),
        })
}

/// One small edit at byte `at` (moved to a character boundary).
pub fn mutate(text: &str, mut at: usize, kind: u8) -> String {
    while !text.is_char_boundary(at.min(text.len())) {
        at += 1;
    }
    let at = at.min(text.len());
    let (a, b) = text.split_at(at);
    match kind {
        0 => format!("{a}{}", b.chars().skip(1).collect::<String>()),
        1 => format!("{a},{b}"),
        2 => format!("{a}\"{b}"),
        _ => format!("{a} x{b}"),
    }
}

/// The subset's configs only (each accepted by first): for the tests of what happens after start.
pub fn subset_config() -> impl Strategy<Value = String> {
    let cat = (
        prop::sample::select(
            &[
                "necessary",
                "preferences",
                "security",
                "analytics",
                "marketing",
            ][..],
        ),
        prop::option::of(any::<bool>()),
        prop::collection::vec(
            prop::sample::select(&["_ga", "_ga_*", "_gid", "fbp", "id*", "x"][..]),
            0..3,
        ),
    );
    (
        prop::sample::select(&["2024-06-17", "v2", "r\u{e9}"][..]),
        prop::sample::select(
            &[
                "/privacy",
                "https://example.com/p?a=1&b=<2>'",
                "HTTP://x/\u{e6}",
            ][..],
        ),
        prop::option::of(prop::sample::select(
            &["Acme A/S", "<b>&'</b>", " \u{a0}x"][..],
        )),
        prop::option::of(1u32..=395),
        prop::option::of(prop::collection::vec(cat, 1..6)),
    )
        .prop_map(|(rev, url, controller, days, cats)| {
            let esc = |s: &str| format!("\"{s}\"");
            let mut out = format!("{{\"revision\":{},\"policyUrl\":{}", esc(rev), esc(url));
            if let Some(c) = controller {
                out += &format!(",\"controller\":{}", esc(c));
            }
            if let Some(d) = days {
                out += &format!(",\"expiresDays\":{d}");
            }
            if let Some(cats) = cats {
                let mut seen = Vec::new();
                let list: Vec<String> = cats
                    .into_iter()
                    .filter(|(id, req, _)| {
                        let fresh =
                            !(seen.contains(id) || *id == "marketing" && *req == Some(true));
                        seen.push(*id);
                        fresh
                    })
                    .map(|(id, req, cookies)| {
                        let mut c = format!("{{\"id\":\"{id}\"");
                        if let Some(r) = req {
                            c += &format!(",\"required\":{r}");
                        }
                        let list: Vec<String> =
                            cookies.iter().map(|c| format!("\"{c}\"")).collect();
                        c += &format!(",\"cookies\":[{}]}}", list.join(","));
                        c
                    })
                    .collect();
                // All filtered out: no `categories` key (the defaults) rather than `[]`.
                if !list.is_empty() {
                    out += &format!(",\"categories\":[{}]", list.join(","));
                }
            }
            out + "}"
        })
}
