//! Property tests: every parser takes any text without panicking, written JSON reads back
//! unchanged, times round-trip, a config that parses keeps its invariants, and every record a
//! choice produces is consent exactly until it expires and grants nothing the choice denied.
//!
//! Inputs come from proptest: arbitrary strings, text made of JSON's own punctuation, valid JSON
//! cut or spliced at random, and objects that use the real config and record keys with values of
//! random types, so the checks behind the first byte are reached too. A failure prints the
//! smallest input proptest could shrink it to.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::sample::Index;

use samtykke::core::config::{self, Config};
use samtykke::core::consent::{self, Choice, ChoiceError, Context};
use samtykke::core::i18n::{self, Pack};
use samtykke::core::json::{self, Json};
use samtykke::core::map::{Map, Set};
use samtykke::core::matching::{CookiePattern, Gate};
use samtykke::core::mirror;
use samtykke::core::record::{self, Reason};
use samtykke::core::time::{format_iso, parse_iso, DAY_MS};

/// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants a four-digit year can write.
const FIRST_MS: i64 = -62_167_219_200_000;
const LAST_MS: i64 = 253_402_300_799_999;
/// 2024-06-17T00:00:00Z.
const JUNE_17: i64 = 1_718_582_400_000;

fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        // Shrinking a deep JSON value can take long; a smaller counterexample is not worth minutes.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// A small JSON writer for the tests: strings through the crate's own `json::write_str`.

/// Writes `value` with `gap` (JSON white space) between tokens.
fn write(value: &Json, gap: &str, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // `{:?}` is the shortest text that reads back as the same f64 (`1e300`, `0.1`, `-0.0`).
        Json::Number(n) => out.push_str(&format!("{n:?}")),
        Json::String(s) => json::write_str(out, s),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(gap);
                write(item, gap, out);
                out.push_str(gap);
            }
            out.push(']');
        }
        Json::Object(fields) => {
            out.push('{');
            for (i, (key, item)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(gap);
                json::write_str(out, key);
                out.push_str(gap);
                out.push(':');
                out.push_str(gap);
                write(item, gap, out);
                out.push_str(gap);
            }
            out.push('}');
        }
    }
}

fn to_text(value: &Json) -> String {
    let mut out = String::new();
    write(value, "", &mut out);
    out
}

/// Whether every number in `value` is finite (JSON has no form for infinity).
fn finite(value: &Json) -> bool {
    match value {
        Json::Number(n) => n.is_finite(),
        Json::Array(items) => items.iter().all(finite),
        Json::Object(fields) => fields.iter().all(|(_, v)| finite(v)),
        _ => true,
    }
}

/// Every character as `\uXXXX` (a surrogate pair above U+FFFF), as some JSON writers do.
fn escape_all(s: &str) -> String {
    let mut out = String::from("\"");
    let mut units = [0u16; 2];
    for c in s.chars() {
        for unit in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{unit:04X}"));
        }
    }
    out.push('"');
    out
}

/// The same value as serde_json holds it (numbers are all finite here).
fn to_serde(value: &Json) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(serde_json::Number::from_f64(*n).unwrap()),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().map(to_serde).collect()),
        Json::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_serde(v)))
                .collect(),
        ),
    }
}

/// Keys sorted, the last of a repeated key kept: what a serde_json map holds.
fn normalize(value: Json) -> Json {
    match value {
        Json::Array(items) => Json::Array(items.into_iter().map(normalize).collect()),
        Json::Object(fields) => Json::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, normalize(v)))
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .collect(),
        ),
        other => other,
    }
}

fn obj(fields: Vec<(&str, Json)>) -> Json {
    Json::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

fn s(text: &str) -> Json {
    Json::String(text.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Generators.

/// Strings heavy on what JSON must escape, plus any Unicode at all.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[\"\\\\/\u{0}-\u{1f}\u{7f}a-z0-9 {}:,é😀\u{2028}\u{fffd}]{0,24}",
    ]
}

fn finite_number() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<i32>().prop_map(f64::from),
        any::<i64>().prop_map(|n| n as f64),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |n| n.is_finite()),
        (-1000.0f64..1000.0),
        Just(-0.0),
    ]
}

/// Any JSON value, up to 8 levels deep.
fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        finite_number().prop_map(Json::Number),
        any_text().prop_map(Json::String),
    ];
    leaf.prop_recursive(8, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((any_text(), inner), 0..6).prop_map(Json::Object),
        ]
    })
}

/// Text made of JSON's own punctuation and words, so the reader gets past the first byte.
fn jsonish_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("{"),
            Just("}"),
            Just("["),
            Just("]"),
            Just(","),
            Just(":"),
            Just("\""),
            Just("\\"),
            Just("\\u"),
            Just("\\ud83d"),
            Just("\\ude00"),
            Just("\\u+0041"),
            Just("true"),
            Just("fals"),
            Just("null"),
            Just("-"),
            Just("0"),
            Just("12"),
            Just("."),
            Just("e"),
            Just("E+"),
            Just(" "),
            Just("\n"),
            Just("\t"),
            Just("é"),
            Just("😀"),
            Just("\u{0}"),
            Just("revision"),
            Just("categories"),
        ],
        0..48,
    )
    .prop_map(|parts| parts.concat())
}

/// Valid JSON text, then cut short, or with a piece of other text spliced in at some character.
fn damaged_json() -> impl Strategy<Value = String> {
    (
        json_value(),
        any::<Index>(),
        any::<Index>(),
        jsonish_text(),
        0..3u8,
    )
        .prop_map(|(value, at, len, insert, how)| {
            let text = to_text(&value);
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let a = bounds[at.index(bounds.len())];
            let b = bounds[len.index(bounds.len())].max(a);
            match how {
                0 => text[..a].to_owned(),
                1 => format!("{}{insert}{}", &text[..a], &text[a..]),
                _ => format!("{}{insert}{}", &text[..a], &text[b..]),
            }
        })
}

/// Every kind of hostile or odd text.
fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        jsonish_text(),
        damaged_json(),
        json_value().prop_map(|v| to_text(&v)),
    ]
}

const LANG_CODES: [&str; 16] = [
    "en", "da", "de", "de-AT", "pt_BR", "nn", "no", "nb", "ar", "EN", "xx", "xyz", "auto", "",
    " fr ", "e",
];

fn lang_code() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&LANG_CODES[..]).prop_map(str::to_owned),
        1 => "[a-zA-Z_-]{0,5}",
    ]
}

const URLS: [&str; 20] = [
    "/privacy",
    "privacy.html",
    "https://example.com/privacy",
    "HTTP://example.com",
    "//cdn.example.com/p",
    "?policy",
    "#policy",
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "\u{3000}javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u{1}javascript:alert(1)",
    "data:text/html,<script>",
    "vbscript:x",
    "mailto:a@example.com",
    "http:/x",
    "",
    "   ",
    "\u{feff}javascript:alert(1)",
];

const CATEGORY_IDS: [&str; 10] = [
    "necessary",
    "preferences",
    "security",
    "analytics",
    "marketing",
    "ads-2",
    "video_embeds",
    "Analytics",
    "a b",
    "",
];

const PATTERNS: [&str; 9] = [
    "_ga", "_ga_*", "_gid", "*", "", "x*y", "a b", "sess=1", "é*",
];

/// Mostly `good`, now and then `bad`: each field of a generated object is usually right, so most
/// objects get past the first check and the later ones run too.
fn mostly<T: std::fmt::Debug>(
    good: impl Strategy<Value = T> + 'static,
    bad: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<T> {
    prop_oneof![8 => good, 1 => bad].boxed()
}

/// A value of the wrong kind: a random string or any JSON value.
fn junk() -> impl Strategy<Value = Json> {
    prop_oneof![any_text().prop_map(Json::String), json_value()]
}

/// One of the real text keys, or something close to one.
fn text_key() -> impl Strategy<Value = String> {
    mostly(
        prop::sample::select(&i18n::KEY_NAMES[..]).prop_map(str::to_owned),
        "[a-z_]{1,12}",
    )
}

/// A text for `key`: English's own (so the placeholders agree), or something else.
fn text_value(key: String) -> impl Strategy<Value = Json> {
    let english = i18n::builtin_text("en", &key).unwrap_or("x").to_owned();
    mostly(
        prop_oneof![Just(s(&english)), Just(s(&format!("«{english}»"))),],
        prop_oneof![
            Just(s(&format!("{english} {{extra}}"))),
            Just(s(&english.replace('{', "("))),
            Just(s("  ")),
            junk(),
        ],
    )
}

/// Every text key with English's text, some changed, dropped, or joined by an unknown key.
fn full_texts() -> impl Strategy<Value = Vec<(String, Json)>> {
    let all: Vec<(String, Json)> = i18n::KEY_NAMES
        .iter()
        .map(|k| (k.to_string(), s(i18n::builtin_text("en", k).unwrap())))
        .collect();
    let edits = prop::collection::vec(
        (any::<Index>(), text_key(), 0..4u8).prop_flat_map(|(at, key, how)| {
            (Just(at), Just(key.clone()), text_value(key), Just(how))
        }),
        0..3,
    );
    mostly(Just(Vec::new()), edits).prop_map(move |edits| {
        let mut fields = all.clone();
        for (at, key, value, how) in edits {
            let i = at
                .index(fields.len().max(1))
                .min(fields.len().saturating_sub(1));
            match how {
                0 if !fields.is_empty() => {
                    fields.remove(i);
                }
                1 if !fields.is_empty() => fields[i].1 = value,
                _ => fields.push((key, value)),
            }
        }
        fields
    })
}

/// `texts` for one language: a few keys, or every key (what a language that is not built in needs).
fn texts_for_language() -> impl Strategy<Value = Json> {
    mostly(
        prop_oneof![
            prop::collection::vec(
                text_key().prop_flat_map(|k| (Just(k.clone()), text_value(k))),
                0..4
            ),
            full_texts(),
        ]
        .prop_map(Json::Object),
        junk(),
    )
}

fn local_text() -> impl Strategy<Value = Json> {
    mostly(
        prop_oneof![
            any_text().prop_map(Json::String),
            prop::collection::vec((lang_code(), any_text().prop_map(Json::String)), 0..3)
                .prop_map(Json::Object),
        ],
        junk(),
    )
}

fn category_id() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&CATEGORY_IDS[..]).prop_map(str::to_owned),
        1 => "[a-z0-9_-]{1,8}",
        1 => Just("x".repeat(65)),
    ]
}

/// One category object: `id` first, then the other real keys, each usually of the right type.
fn raw_category(id: Json) -> impl Strategy<Value = Json> {
    let required = prop::option::weighted(0.5, mostly(any::<bool>().prop_map(Json::Bool), junk()));
    let cookies = prop::option::weighted(
        0.5,
        mostly(
            prop::collection::vec(prop::sample::select(&PATTERNS[..3]).prop_map(s), 0..4)
                .prop_map(Json::Array),
            prop_oneof![
                prop::collection::vec(prop::sample::select(&PATTERNS[..]).prop_map(s), 0..4)
                    .prop_map(Json::Array),
                junk(),
            ],
        ),
    );
    let title = prop::option::weighted(0.6, local_text());
    let description = prop::option::weighted(0.6, local_text());
    let unknown = prop::option::weighted(0.05, junk());
    (required, cookies, title, description, unknown).prop_map(
        move |(required, cookies, title, description, unknown)| {
            let mut fields = vec![("id".to_owned(), id.clone())];
            let optional = [
                ("required", required),
                ("cookies", cookies),
                ("title", title),
                ("description", description),
                ("colour", unknown),
            ];
            for (key, value) in optional {
                if let Some(value) = value {
                    fields.push((key.to_owned(), value));
                }
            }
            Json::Object(fields)
        },
    )
}

/// A category list: usually distinct valid ids, sometimes repeated or malformed ones.
fn categories() -> impl Strategy<Value = Json> {
    let good_ids = prop::sample::subsequence(&CATEGORY_IDS[..7], 1..=7)
        .prop_map(|ids| ids.into_iter().map(s).collect::<Vec<_>>());
    let any_ids = prop::collection::vec(mostly(category_id().prop_map(Json::String), junk()), 0..5);
    mostly(good_ids, any_ids)
        .prop_flat_map(|ids| ids.into_iter().map(raw_category).collect::<Vec<_>>())
        .prop_map(Json::Array)
}

const SAFE_URLS: [&str; 5] = [
    "/privacy",
    "privacy.html",
    "https://example.com/privacy",
    "HTTP://example.com",
    "//cdn.example.com/p",
];

/// A config object: each real key present or not, its value usually right, now and then wrong,
/// and rarely an unknown key.
fn config_json() -> impl Strategy<Value = Json> {
    let revision = prop::option::weighted(
        0.97,
        mostly(
            prop_oneof![
                Just(s("2024-06-17")),
                "[a-z0-9.-]{1,12}".prop_map(Json::String)
            ],
            prop_oneof![Just(s(" ")), junk()],
        ),
    );
    let policy_url = prop::option::weighted(
        0.97,
        mostly(
            prop::sample::select(&SAFE_URLS[..]).prop_map(s),
            prop_oneof![
                3 => prop::sample::select(&URLS[..]).prop_map(s),
                1 => junk(),
            ],
        ),
    );
    let controller = prop::option::weighted(0.3, mostly(any_text().prop_map(Json::String), junk()));
    let language = prop::option::weighted(0.3, mostly(lang_code().prop_map(Json::String), junk()));
    let languages = prop::option::weighted(
        0.3,
        mostly(
            prop::collection::vec(lang_code().prop_map(Json::String), 0..4).prop_map(Json::Array),
            junk(),
        ),
    );
    let expires_days = prop::option::weighted(
        0.4,
        mostly(
            (1u32..=395).prop_map(|n| Json::Number(f64::from(n))),
            prop_oneof![
                (-5i64..500).prop_map(|n| Json::Number(n as f64)),
                finite_number().prop_map(Json::Number),
                junk(),
            ],
        ),
    );
    let storage_key = prop::option::weighted(
        0.3,
        mostly(
            "[a-z_]{1,8}".prop_map(Json::String),
            prop_oneof![Just(s("")), junk()],
        ),
    );
    let texts = prop::option::weighted(
        0.4,
        mostly(
            prop::collection::vec(
                (
                    prop::sample::select(vec!["da", "de", "en", "xx", "nn", "EN", "x"])
                        .prop_map(str::to_owned),
                    texts_for_language(),
                ),
                0..3,
            )
            .prop_map(Json::Object),
            junk(),
        ),
    );
    let cookie = prop::option::weighted(0.2, mostly(cookie_json(), junk()));
    let unknown = prop::option::weighted(
        0.05,
        (
            prop::sample::select(vec!["policy_url", "expires", "Revision", "category"]),
            junk(),
        ),
    );
    (
        (revision, policy_url, controller, language, languages),
        (
            expires_days,
            storage_key,
            prop::option::weighted(0.6, categories()),
            texts,
            (cookie, unknown),
        ),
    )
        .prop_map(
            |(
                (revision, policy_url, controller, language, languages),
                (expires_days, storage_key, categories, texts, (cookie, unknown)),
            )| {
                let fields = [
                    ("revision", revision),
                    ("policyUrl", policy_url),
                    ("controller", controller),
                    ("language", language),
                    ("languages", languages),
                    ("expiresDays", expires_days),
                    ("storageKey", storage_key),
                    ("categories", categories),
                    ("texts", texts),
                    ("cookie", cookie),
                ];
                let mut all: Vec<(String, Json)> = fields
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.to_owned(), v?)))
                    .collect();
                if let Some((k, v)) = unknown {
                    all.push((k.to_owned(), v));
                }
                Json::Object(all)
            },
        )
}

/// A `cookie` config: each key present or not, its value usually right.
fn cookie_json() -> impl Strategy<Value = Json> {
    let key = |name: &'static str, good: BoxedStrategy<Json>| {
        prop::option::weighted(0.5, mostly(good, junk())).prop_map(move |v| v.map(|v| (name, v)))
    };
    (
        key(
            "name",
            "[a-z_]{1,8}|__Host-x|a b".prop_map(Json::String).boxed(),
        ),
        key(
            "domain",
            prop::sample::select(vec!["example.com", ".example.com", "x..y", "localhost"])
                .prop_map(s)
                .boxed(),
        ),
        key(
            "sameSite",
            prop::sample::select(vec!["lax", "strict", "none", "Lax"])
                .prop_map(s)
                .boxed(),
        ),
        key("secure", any::<bool>().prop_map(Json::Bool).boxed()),
    )
        .prop_map(|(a, b, c, d)| obj([a, b, c, d].into_iter().flatten().collect()))
}

/// Configs that parse.
fn valid_config() -> impl Strategy<Value = Config> {
    config_json().prop_filter_map("only configs that parse", |json| {
        config::parse_text(&to_text(&json)).ok()
    })
}

/// A choice over the config's categories, now and then naming one that is not configured.
fn choice_for(config: &Config) -> impl Strategy<Value = Choice> {
    let ids: Vec<String> = config.categories.iter().map(|c| c.id.clone()).collect();
    let picked = prop::collection::btree_map(
        prop_oneof![
            8 => prop::sample::select(ids),
            1 => Just("not-configured".to_owned()),
        ],
        any::<bool>(),
        0..8,
    );
    prop_oneof![
        1 => Just(Choice::AcceptAll),
        1 => Just(Choice::RejectAll),
        3 => picked.prop_map(|map| Choice::Custom(map.into_iter().collect())),
    ]
}

/// Any instant whose expiry still has a four-digit year.
fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        FIRST_MS..LAST_MS - 400 * DAY_MS,
        JUNE_17 - 3650 * DAY_MS..JUNE_17 + 3650 * DAY_MS,
    ]
}

/// A time as the record writes it, sometimes in another accepted form, sometimes not a time.
fn iso(ms: i64) -> impl Strategy<Value = Json> {
    let iso = format_iso(ms);
    mostly(
        Just(Json::String(iso.clone())),
        prop_oneof![
            // The same second in another form samtykke reads (no milliseconds, `+00:00`).
            Just(Json::String(format!("{}+00:00", &iso[..19]))),
            junk(),
        ],
    )
}

/// A stored record's text for `cfg` at `now`: the real keys, usually with plausible values (dates
/// around now, the config's revision and categories), sometimes wrong, missing or extra.
fn record_json(cfg: &Config, now: i64) -> impl Strategy<Value = Json> {
    // given <= updated <= now < expires, usually: a few days either way of each.
    let dates = (
        -200 * DAY_MS..=DAY_MS,
        -DAY_MS..=200 * DAY_MS,
        -10 * DAY_MS..=400 * DAY_MS,
    )
        .prop_flat_map(move |(a, b, c)| {
            let given = now + a;
            (iso(given), iso((given + b).min(now)), iso(now + c))
        });
    let categories = {
        let ids: Vec<String> = cfg.categories.iter().map(|c| c.id.clone()).collect();
        let n = ids.len();
        (
            prop::collection::vec(prop::bool::weighted(0.8).prop_map(Json::Bool), n),
            prop::option::weighted(0.1, any::<Index>()),
            prop::option::weighted(
                0.1,
                (
                    category_id(),
                    mostly(any::<bool>().prop_map(Json::Bool), junk()),
                ),
            ),
        )
            .prop_map(move |(on, drop, extra)| {
                let mut fields: Vec<(String, Json)> = ids.iter().cloned().zip(on).collect();
                if let Some(i) = drop {
                    fields.remove(i.index(fields.len()));
                }
                if let Some((id, v)) = extra {
                    fields.push((id, v));
                }
                Json::Object(fields)
            })
    };
    let method = mostly(
        prop::sample::select(vec!["accept-all", "reject-all", "custom"]).prop_map(s),
        prop_oneof![Just(s("AcceptAll")), junk()],
    );
    let v = mostly(
        Just(Json::Number(1.0)),
        prop_oneof![finite_number().prop_map(Json::Number), junk()],
    );
    let revision = mostly(Just(s(&cfg.revision)), junk());
    let text = || mostly("[a-z0-9-]{1,36}".prop_map(Json::String), junk());
    (
        (v, text(), revision, dates),
        (
            categories,
            method,
            text(),
            prop::option::weighted(0.1, any::<Index>()),
        ),
    )
        .prop_map(
            |(
                (v, id, revision, (given, updated, expires)),
                (categories, method, language, drop),
            )| {
                let mut fields = vec![
                    ("v", v),
                    ("id", id),
                    ("revision", revision),
                    ("given", given),
                    ("updated", updated),
                    ("expires", expires),
                    ("categories", categories),
                    ("method", method),
                    ("language", language),
                ];
                // Now and then a key is missing.
                if let Some(i) = drop {
                    fields.remove(i.index(fields.len()));
                }
                obj(fields)
            },
        )
}

fn default_config() -> Config {
    config::parse_text(r#"{"revision": "2024-06-17", "policyUrl": "/privacy"}"#).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Invariants.

/// What a browser takes as the link's scheme (WHATWG URL: leading and trailing C0 controls and
/// spaces stripped, tabs and newlines removed anywhere, then `alpha *(alnum / + - .)` before `:`).
fn browser_scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = url.find(':')?;
    let scheme = &url[..end];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

fn assert_config_invariants(cfg: &Config) -> Result<(), TestCaseError> {
    prop_assert!(
        (1..=config::MAX_EXPIRES_DAYS).contains(&cfg.expires_days),
        "expires_days {}",
        cfg.expires_days
    );
    prop_assert!(!cfg.revision.trim().is_empty());
    prop_assert!(!cfg.storage_key.trim().is_empty());
    prop_assert!(!cfg.categories.is_empty());
    let mut ids = BTreeSet::new();
    for cat in &cfg.categories {
        prop_assert!(ids.insert(cat.id.as_str()), "category `{}` twice", cat.id);
        prop_assert!(
            !cat.id.is_empty()
                && cat.id.len() <= 64
                && cat.id.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'_'),
            "category id {:?}",
            cat.id
        );
    }
    if let Some(scheme) = browser_scheme(&cfg.policy_url) {
        prop_assert!(
            scheme == "http" || scheme == "https",
            "policy_url {:?} is a `{scheme}:` link",
            cfg.policy_url
        );
    }
    prop_assert!(!cfg.policy_url.chars().any(char::is_control));
    let available = |code: &str| {
        i18n::is_built_in(code)
            || cfg
                .texts
                .get(code)
                .is_some_and(|t| i18n::KEY_NAMES.iter().all(|k| t.contains_key(*k)))
    };
    prop_assert!(!cfg.languages.is_empty());
    let mut seen = BTreeSet::new();
    for code in &cfg.languages {
        prop_assert!(
            available(code),
            "languages has {code:?}, which is not available"
        );
        prop_assert!(seen.insert(code), "languages has {code:?} twice");
    }
    if let Some(code) = &cfg.language {
        prop_assert!(available(code), "language {code:?} is not available");
    }
    for (lang, strings) in &cfg.texts {
        prop_assert!(i18n::is_language_code(lang), "texts.{lang}");
        for (key, text) in strings {
            prop_assert!(i18n::key_index(key).is_some(), "texts.{lang}.{key}");
            prop_assert!(!text.trim().is_empty(), "texts.{lang}.{key} is empty");
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Any text: every parser answers, none panics.

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn json_parse_answers_any_text_without_panicking(text in any_input()) {
        match json::parse(&text) {
            // What it read, written again, reads the same (`1e400` reads as infinity, which JSON
            // cannot write).
            Ok(value) if finite(&value) => {
                prop_assert_eq!(json::parse(&to_text(&value)), Ok(value));
            }
            Ok(_) => {}
            Err(e) => {
                prop_assert!(e.line >= 1 && e.column >= 1);
                prop_assert!(e.line <= text.split('\n').count(), "{e} in {text:?}");
            }
        }
    }

    #[test]
    fn config_parse_text_answers_any_text_without_panicking(text in any_input()) {
        if let Ok(cfg) = config::parse_text(&text) {
            assert_config_invariants(&cfg)?;
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

// ---------------------------------------------------------------------------------------------
// JSON.

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn written_json_values_read_back_unchanged(value in json_value(), gap in "[ \t\n\r]{0,2}") {
        let mut text = String::new();
        write(&value, &gap, &mut text);
        prop_assert_eq!(json::parse(&text), Ok(value.clone()), "{}", text);
        // With white space around the whole value too.
        prop_assert_eq!(json::parse(&format!("{gap}{text}{gap}")), Ok(value));
    }

    #[test]
    fn strings_written_by_write_str_read_back_unchanged(text in any_text()) {
        let mut out = String::new();
        json::write_str(&mut out, &text);
        prop_assert_eq!(json::parse(&out), Ok(Json::String(text)));
    }

    #[test]
    fn strings_escaped_as_utf16_units_read_back_unchanged(text in any_text()) {
        prop_assert_eq!(json::parse(&escape_all(&text)), Ok(Json::String(text)));
    }

    #[test]
    fn json_reads_what_serde_json_writes_and_serde_json_reads_what_it_writes(value in json_value()) {
        // serde_json keeps one of a repeated key (the last) and sorts keys: compare after the same.
        let theirs = serde_json::to_string(&to_serde(&value)).unwrap();
        prop_assert_eq!(json::parse(&theirs), Ok(normalize(value.clone())), "{}", theirs);
        let ours = to_text(&value);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&ours).is_ok(), "{}", ours);
    }

    #[test]
    fn a_unicode_escape_is_read_only_with_four_hex_digits(
        digits in prop_oneof![
            "[0-9a-fA-F]{4}",
            "[+-][0-9a-fA-F]{3}",
            "[0-9a-fA-F+. éxg-]{4}",
        ],
    ) {
        let text = format!("\"\\u{digits}\"");
        let hex = digits.bytes().all(|b| b.is_ascii_hexdigit());
        prop_assert_eq!(json::parse(&text).is_ok(), hex, "{} -> {:?}", text, json::parse(&text));
    }

    #[test]
    fn a_lone_surrogate_becomes_one_replacement_character_and_nothing_else_is_lost(
        before in any_text(),
        surrogate in 0xd800u32..0xe000,
        after in any_text(),
    ) {
        // JavaScript's JSON.stringify writes a lone surrogate as `\udXXX`; reading it may replace
        // it, but the text around it must stay.
        let inner = |t: &str| {
            let quoted = escape_all(t);
            quoted[1..quoted.len() - 1].to_owned()
        };
        let text = format!("\"{}\\u{surrogate:04x}{}\"", inner(&before), inner(&after));
        // (`after` is a Rust string, so it never starts with a lone low surrogate that would pair.)
        prop_assert_eq!(
            json::parse(&text),
            Ok(Json::String(format!("{before}\u{fffd}{after}"))),
            "{}",
            text
        );
    }

    #[test]
    fn nesting_is_refused_with_a_message_never_a_stack_overflow(depth in 0usize..20_000) {
        let text = "[".repeat(depth) + "1" + &"]".repeat(depth);
        match json::parse(&text) {
            Ok(_) => prop_assert!(depth <= 1_000),
            Err(e) => {
                prop_assert_eq!(e.problem, "nested too deeply");
                prop_assert!(depth > 32, "refused at only {} levels", depth);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Time.

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn format_iso_then_parse_iso_gives_the_same_instant(ms in FIRST_MS..=LAST_MS) {
        let text = format_iso(ms);
        prop_assert_eq!(text.len(), 24, "{}", text);
        prop_assert_eq!(parse_iso(&text), Some(ms), "{}", text);
    }

    #[test]
    fn parse_iso_never_reads_a_formatted_time_as_another_instant(
        ms in prop_oneof![any::<i64>(), FIRST_MS - 400 * DAY_MS..LAST_MS + 400 * DAY_MS],
    ) {
        // Outside the four-digit years the text is not a timestamp samtykke reads back, but it must
        // never be taken for a different instant.
        let got = parse_iso(&format_iso(ms));
        prop_assert!(got.is_none() || got == Some(ms), "{} -> {:?}", format_iso(ms), got);
        prop_assert_eq!(got.is_some(), (FIRST_MS..=LAST_MS).contains(&ms));
    }

    #[test]
    fn parse_iso_accepts_exactly_the_real_utc_times(
        y in 0i64..=9999,
        mo in 0i64..=13,
        d in 0i64..=32,
        h in 0i64..=25,
        mi in 0i64..=61,
        sec in 0i64..=61,
        frac in prop::option::of("[0-9]{0,10}"),
        zone in prop::sample::select(vec!["Z", "+00:00", "z", "+01:00", "-00:00", "", " Z", "Z "]),
    ) {
        let text = format!(
            "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}{}{zone}",
            frac.as_ref().map(|f| format!(".{f}")).unwrap_or_default()
        );
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let month_days = match mo {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let valid = (1..=12).contains(&mo)
            && (1..=month_days).contains(&d)
            && h <= 23
            && mi <= 59
            && sec <= 59
            && match &frac {
                None => true,
                Some(f) => (1..=9).contains(&f.len()),
            }
            && (zone == "Z" || zone == "+00:00");
        let got = parse_iso(&text);
        prop_assert_eq!(got.is_some(), valid, "{} -> {:?}", text, got);
        if let Some(ms) = got {
            // Formatting the instant writes the same fields, milliseconds cut to three digits.
            let millis = frac.map(|f| format!("{:0<3}", &f[..f.len().min(3)])).unwrap_or("000".into());
            let canonical = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{sec:02}.{millis}Z");
            prop_assert_eq!(format_iso(ms), canonical);
        }
    }

    #[test]
    fn any_text_parse_iso_accepts_names_the_instant_format_iso_writes(
        ms in FIRST_MS..=LAST_MS,
        at in 0usize..24,
        c in any::<char>(),
    ) {
        // A formatted time with one character replaced: read as None, or as an instant whose
        // formatted date and time fields are exactly the ones in the text.
        let mut chars: Vec<char> = format_iso(ms).chars().collect();
        chars[at] = c;
        let text: String = chars.into_iter().collect();
        if let Some(got) = parse_iso(&text) {
            prop_assert_eq!(&format_iso(got)[..19], &text[..19], "{}", text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Config.

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn a_config_that_parses_keeps_its_invariants(config in config_json(), gap in "[ \n]{0,1}") {
        let mut text = String::new();
        write(&config, &gap, &mut text);
        if let Ok(cfg) = config::parse_text(&text) {
            assert_config_invariants(&cfg)?;
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

// ---------------------------------------------------------------------------------------------
// Records and decisions.

proptest! {
    #![proptest_config(cases(192))]

    #[test]
    fn a_decided_record_is_consent_until_it_expires_and_grants_only_what_was_chosen(
        (cfg, choice) in valid_config().prop_flat_map(|cfg| {
            let choice = choice_for(&cfg);
            (Just(cfg), choice)
        }),
        now in instant(),
    ) {
        let ctx = Context { now, new_id: "id-1".into(), language: "en", gpc: false };
        let record = match consent::decide(&cfg, None, &choice, ctx) {
            Ok(record) => record,
            Err(ChoiceError::UnknownCategory(id)) => {
                let Choice::Custom(picked) = &choice else { panic!("{choice:?}") };
                prop_assert!(picked.contains_key(&id) && cfg.category(&id).is_none());
                return Ok(());
            }
            Err(ChoiceError::RequiredDenied(id)) => {
                let Choice::Custom(picked) = &choice else { panic!("{choice:?}") };
                prop_assert_eq!(picked.get(&id), Some(&false));
                prop_assert!(cfg.category(&id).is_some_and(|c| c.required));
                return Ok(());
            }
        };

        let expiry = now + i64::from(cfg.expires_days) * DAY_MS;
        prop_assert_eq!(record.check(&cfg, now), Ok(()));
        prop_assert_eq!(record.check(&cfg, expiry - 1), Ok(()));
        prop_assert_eq!(record.check(&cfg, expiry), Err(Reason::Expired));
        prop_assert_eq!(record.check(&cfg, expiry + 1 + (now & 0xffff_ffff)), Err(Reason::Expired));

        // Exactly the configured categories, required ones on, the rest as chosen.
        let ids: BTreeSet<&String> = cfg.categories.iter().map(|c| &c.id).collect();
        prop_assert_eq!(record.categories.keys().collect::<BTreeSet<_>>(), ids);
        for cat in &cfg.categories {
            let on = record.categories[&cat.id];
            let chosen = match &choice {
                Choice::AcceptAll => true,
                Choice::RejectAll => false,
                Choice::Custom(picked) => picked.get(&cat.id).copied().unwrap_or(false),
            };
            prop_assert_eq!(on, cat.required || chosen, "category {}", cat.id);
        }
        let granted = consent::granted(&cfg, Some(&record));
        let on: Set<String> =
            record.categories.iter().filter(|(_, on)| **on).map(|(id, _)| id.clone()).collect();
        prop_assert_eq!(granted, on);

        // What the shell stores reads back as the same record, still consent.
        let stored = record.to_json();
        let read = record::parse(&stored);
        prop_assert_eq!(read.as_ref(), Ok(&record));
        prop_assert_eq!(read.unwrap().check(&cfg, now), Ok(()));

        // Under a new policy revision it is not consent.
        let mut newer = cfg.clone();
        newer.revision.push_str("-2");
        prop_assert!(
            matches!(record.check(&newer, now), Err(Reason::RevisionChanged { .. })),
            "{:?}",
            record.check(&newer, now)
        );
    }

    #[test]
    fn changing_a_choice_keeps_its_id_and_first_date_and_is_consent_again(
        (cfg, first, second) in valid_config().prop_flat_map(|cfg| {
            let a = choice_for(&cfg);
            let b = choice_for(&cfg);
            (Just(cfg), a, b)
        }),
        now in instant(),
        later in 0i64..395 * DAY_MS,
    ) {
        let ctx = Context { now, new_id: "first".into(), language: "en", gpc: false };
        let Ok(current) = consent::decide(&cfg, None, &first, ctx) else { return Ok(()) };
        let then = now + later % (i64::from(cfg.expires_days) * DAY_MS);
        prop_assume!(current.check(&cfg, then).is_ok());
        let ctx = Context { now: then, new_id: "second".into(), language: "da", gpc: false };
        let Ok(changed) = consent::decide(&cfg, Some(&current), &second, ctx) else { return Ok(()) };
        prop_assert_eq!(&changed.id, "first");
        prop_assert_eq!(&changed.given, &current.given);
        prop_assert_eq!(&changed.updated, &format_iso(then));
        prop_assert_eq!(changed.check(&cfg, then), Ok(()));
    }

    #[test]
    fn a_stored_record_that_checks_out_grants_required_categories_and_has_not_expired(
        (cfg, now, text) in (prop_oneof![Just(default_config()), valid_config()], instant())
            .prop_flat_map(|(cfg, now)| (Just(cfg.clone()), Just(now), record_json(&cfg, now))),
    ) {
        let Ok(record) = record::parse(&to_text(&text)) else { return Ok(()) };
        if record.check(&cfg, now).is_ok() {
            prop_assert!(parse_iso(&record.expires).unwrap() > now);
            prop_assert!(parse_iso(&record.given).unwrap() <= parse_iso(&record.updated).unwrap());
            for cat in &cfg.categories {
                let on = record.categories.get(&cat.id).copied();
                prop_assert!(on.is_some(), "no choice for {}", cat.id);
                if cat.required {
                    prop_assert_eq!(on, Some(true), "required {} denied", cat.id);
                }
            }
            for id in record.categories.keys() {
                prop_assert!(cfg.category(id).is_some(), "unknown category {}", id);
            }
            let granted = consent::granted(&cfg, Some(&record));
            for cat in &cfg.categories {
                prop_assert_eq!(
                    granted.contains(&cat.id),
                    cat.required || record.categories[&cat.id],
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Language files.

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

// ---------------------------------------------------------------------------------------------
// The mirror cookie.

/// A cookie value: one samtykke wrote, the same cut, spliced or with a field swapped, or any text.
fn cookie_value(valid: String) -> impl Strategy<Value = String> {
    let fields: Vec<String> = valid.split('.').map(str::to_owned).collect();
    let n = valid.len();
    prop_oneof![
        3 => Just(valid.clone()),
        1 => (0..=n).prop_map({ let v = valid.clone(); move |i| v[..i].to_owned() }),
        1 => (0..=n, "[.~0-9a-z_-]{0,3}").prop_map({
            let v = valid.clone();
            move |(i, junk)| format!("{}{junk}{}", &v[..i], &v[i..])
        }),
        1 => (0..fields.len(), any_text()).prop_map(move |(i, junk)| {
            let mut f = fields.clone();
            f[i] = junk;
            f.join(".")
        }),
        1 => any::<String>(),
    ]
}

/// A decided record for `cfg` at a time after 1970 (the cookie writes epoch milliseconds).
fn decided(cfg: &Config, choice: &Choice, now: i64, gpc: bool) -> Option<record::Record> {
    let ctx = Context {
        now,
        new_id: record::uuid_v4([(now & 0xff) as u8; 16]),
        language: "da",
        gpc,
    };
    consent::decide(cfg, None, choice, ctx).ok()
}

proptest! {
    #![proptest_config(cases(192))]

    #[test]
    fn every_decided_record_round_trips_through_the_cookie(
        (cfg, choice) in valid_config().prop_flat_map(|cfg| {
            let choice = choice_for(&cfg);
            (Just(cfg), choice)
        }),
        revision in any::<String>(),
        now in 0..LAST_MS - 400 * DAY_MS,
        gpc in any::<bool>(),
        withdrawn in any::<bool>(),
    ) {
        let mut cfg = cfg;
        cfg.revision = revision;
        let Some(mut record) = decided(&cfg, &choice, now, gpc) else { return Ok(()) };
        if withdrawn {
            record.method = record::Method::RejectAll;
        }
        let value = mirror::encode(&record, withdrawn).expect("a decided record is a cookie");
        prop_assert!(value.len() <= mirror::MAX_VALUE_LEN);
        prop_assert!(
            value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)),
            "not cookie-safe: {}", value
        );
        let back = mirror::decode(&value).expect("what encode wrote decodes");
        prop_assert_eq!(&back.record, &record);
        prop_assert_eq!(back.withdrawn, withdrawn);
        prop_assert_eq!(back.record.check(&cfg, now), record.check(&cfg, now));
    }

    #[test]
    fn decoding_any_value_gives_a_record_or_a_reason_and_never_panics(
        value in valid_config().prop_flat_map(|cfg| {
            let record = decided(&cfg, &Choice::AcceptAll, JUNE_17, false).unwrap();
            cookie_value(mirror::encode(&record, false).unwrap())
        }),
    ) {
        match mirror::decode(&value) {
            // What decodes writes back as a value that decodes to the same.
            Ok(m) => {
                let again = mirror::encode(&m.record, m.withdrawn).unwrap();
                prop_assert_eq!(mirror::decode(&again).unwrap(), m);
            }
            Err(reason) => prop_assert!(!reason.is_empty()),
        }
    }

    #[test]
    fn one_sync_makes_local_storage_and_cookie_agree(
        (local, cookies) in valid_config().prop_flat_map(|cfg| {
            let times = prop::collection::vec((JUNE_17..JUNE_17 + 3 * DAY_MS, any::<bool>()), 3);
            (Just(cfg), times)
        }).prop_flat_map(|(cfg, times)| {
            let candidates: Vec<(String, String)> = times
                .iter()
                .map(|&(t, accept)| {
                    let choice = if accept { Choice::AcceptAll } else { Choice::RejectAll };
                    let r = decided(&cfg, &choice, t, false).unwrap();
                    (r.to_json(), mirror::encode(&r, !accept && t % 3 == 0).unwrap())
                })
                .collect();
            let (l, c0, c1) = (candidates[0].0.clone(), candidates[1].1.clone(), candidates[2].1.clone());
            (
                prop::option::of(prop_oneof![3 => Just(l), 1 => damaged_json()]),
                prop::collection::vec(prop_oneof![cookie_value(c0), cookie_value(c1)], 0..3),
            )
        }),
    ) {
        let refs: Vec<&str> = cookies.iter().map(String::as_str).collect();
        let first = mirror::sync(local.as_deref(), &refs, "k", "c");
        let newest = refs
            .iter()
            .filter_map(|v| mirror::decode(v).ok())
            .map(|m| m.record)
            .chain(local.as_deref().and_then(|t| record::parse(t).ok()))
            .filter_map(|r| parse_iso(&r.updated))
            .max();
        let Some(winner) = &first.winner else {
            prop_assert_eq!(newest, None, "something readable always wins");
            prop_assert!(!first.write_local && !first.write_cookie);
            return Ok(());
        };
        prop_assert_eq!(parse_iso(&winner.record.updated), newest, "the newest wins");
        // Apply what sync asked for, as the shell does; then a second sync has nothing to do.
        let local = match (first.write_local, winner.withdrawn) {
            (true, true) => None,
            (true, false) => Some(winner.record.to_json()),
            (false, _) => local,
        };
        let value = mirror::encode(&winner.record, winner.withdrawn).unwrap();
        let cookies: Vec<&str> = if first.write_cookie { vec![&value] } else { refs };
        let second = mirror::sync(local.as_deref(), &cookies, "k", "c");
        prop_assert_eq!(second.winner.as_ref(), Some(winner));
        prop_assert!(!second.write_local && !second.write_cookie && !second.clean, "{:?}", second);
    }
}

#[test]
fn the_config_keys_the_generators_use_are_the_real_ones() {
    // If a key is renamed, the generators above would only test unknown-key errors: catch that.
    let cfg = config::parse_text(
        r#"{"revision": "r", "policyUrl": "/p", "controller": "C", "language": "da",
            "languages": ["da", "en"], "expiresDays": 30, "storageKey": "k",
            "categories": [{"id": "necessary", "required": true, "cookies": ["_ga_*"],
                            "title": "T", "description": {"da": "D"}}],
            "texts": {"da": {"title": "Cookies"}}}"#,
    );
    assert!(cfg.is_ok(), "{cfg:?}");
    let record = record::parse(
        r#"{"v":1,"id":"x","revision":"r","given":"2024-06-17T00:00:00.000Z",
            "updated":"2024-06-17T00:00:00.000Z","expires":"2024-07-17T00:00:00.000Z",
            "categories":{"necessary":true},"method":"accept-all","language":"da"}"#,
    );
    assert!(record.is_ok(), "{record:?}");
    let _: Map<String, bool> = record.unwrap().categories;
}
