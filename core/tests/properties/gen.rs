//! The generators: proptest strategies for text, JSON, configs, choices, records and cookie values,
//! shared by every property test file.

use proptest::prelude::*;
use proptest::sample::Index;

use samtykke_core::config::{self, Config};
use samtykke_core::consent::{self, Choice, Context};
use samtykke_core::i18n;
use samtykke_core::json::{Json, Number};
use samtykke_core::map::Map;
use samtykke_core::record;
use samtykke_core::time::{format_iso, DAY_MS};

use crate::check::{obj, s, to_text};

/// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the instants a four-digit year can write.
pub const FIRST_MS: i64 = -62_167_219_200_000;
pub const LAST_MS: i64 = 253_402_300_799_999;
/// 2024-06-17T00:00:00Z.
pub const JUNE_17: i64 = 1_718_582_400_000;

pub fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        // Shrinking a deep JSON value can take long; a smaller counterexample is not worth minutes.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

/// Strings heavy on what JSON must escape, plus any Unicode at all.
pub fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "[\"\\\\/\u{0}-\u{1f}\u{7f}a-z0-9 {}:,é😀\u{2028}\u{fffd}]{0,24}",
    ]
}

/// A JSON number literal: integers, floats as Rust writes them, and any form JSON allows (within
/// an f64's range, so serde_json reads it too).
pub fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i32>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |n| n.is_finite())
            .prop_map(|n| format!("{n:?}")),
        (-1000.0f64..1000.0).prop_map(|n| format!("{n:?}")),
        Just("-0".to_owned()),
        "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,24})?([eE][+-]?[0-9]{1,2})?",
    ]
    .prop_map(|text| Number::new(&text).expect("a JSON number"))
}

/// `n` written in one of the forms JSON allows for a whole number: `395`, `395.0`, `3950e-1`.
pub fn whole(n: u32) -> impl Strategy<Value = Json> {
    prop::sample::select(vec![
        n.to_string(),
        format!("{n}.0"),
        format!("{n}0e-1"),
        format!("{n}E0"),
    ])
    .prop_map(|text| Json::Number(Number::new(&text).unwrap()))
}

/// Any JSON value, up to 8 levels deep.
pub fn json_value() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number().prop_map(Json::Number),
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
pub fn jsonish_text() -> impl Strategy<Value = String> {
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
pub fn damaged_json() -> impl Strategy<Value = String> {
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
pub fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        jsonish_text(),
        damaged_json(),
        json_value().prop_map(|v| to_text(&v)),
    ]
}

pub const LANG_CODES: [&str; 16] = [
    "en", "da", "de", "de-AT", "pt_BR", "nn", "no", "nb", "ar", "EN", "xx", "xyz", "auto", "",
    " fr ", "e",
];

pub fn lang_code() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&LANG_CODES[..]).prop_map(str::to_owned),
        1 => "[a-zA-Z_-]{0,5}",
    ]
}

pub const URLS: [&str; 20] = [
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

pub const CATEGORY_IDS: [&str; 10] = [
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

pub const PATTERNS: [&str; 9] = [
    "_ga", "_ga_*", "_gid", "*", "", "x*y", "a b", "sess=1", "é*",
];

/// Mostly `good`, now and then `bad`: each field of a generated object is usually right, so most
/// objects get past the first check and the later ones run too.
pub fn mostly<T: std::fmt::Debug>(
    good: impl Strategy<Value = T> + 'static,
    bad: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<T> {
    prop_oneof![8 => good, 1 => bad].boxed()
}

/// A value of the wrong kind: a random string or any JSON value.
pub fn junk() -> impl Strategy<Value = Json> {
    prop_oneof![any_text().prop_map(Json::String), json_value()]
}

/// One of the real text keys, or something close to one.
pub fn text_key() -> impl Strategy<Value = String> {
    mostly(
        prop::sample::select(&i18n::KEY_NAMES[..]).prop_map(str::to_owned),
        "[a-z_]{1,12}",
    )
}

/// A text for `key`: English's own (so the placeholders agree), or something else.
pub fn text_value(key: String) -> impl Strategy<Value = Json> {
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
pub fn full_texts() -> impl Strategy<Value = Vec<(String, Json)>> {
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
pub fn texts_for_language() -> impl Strategy<Value = Json> {
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

pub fn local_text() -> impl Strategy<Value = Json> {
    mostly(
        prop_oneof![
            any_text().prop_map(Json::String),
            prop::collection::vec((lang_code(), any_text().prop_map(Json::String)), 0..3)
                .prop_map(Json::Object),
        ],
        junk(),
    )
}

pub fn category_id() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(&CATEGORY_IDS[..]).prop_map(str::to_owned),
        1 => "[a-z0-9_-]{1,8}",
        1 => Just("x".repeat(65)),
    ]
}

/// One category object: `id` first, then the other real keys, each usually of the right type.
pub fn raw_category(id: Json) -> impl Strategy<Value = Json> {
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
pub fn categories() -> impl Strategy<Value = Json> {
    let good_ids = prop::sample::subsequence(&CATEGORY_IDS[..7], 1..=7)
        .prop_map(|ids| ids.into_iter().map(s).collect::<Vec<_>>());
    let any_ids = prop::collection::vec(mostly(category_id().prop_map(Json::String), junk()), 0..5);
    mostly(good_ids, any_ids)
        .prop_flat_map(|ids| ids.into_iter().map(raw_category).collect::<Vec<_>>())
        .prop_map(Json::Array)
}

pub const SAFE_URLS: [&str; 5] = [
    "/privacy",
    "privacy.html",
    "https://example.com/privacy",
    "HTTP://example.com",
    "//cdn.example.com/p",
];

/// A config object: each real key present or not, its value usually right, now and then wrong,
/// and rarely an unknown key.
pub fn config_json() -> impl Strategy<Value = Json> {
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
            (1u32..=395).prop_flat_map(whole),
            prop_oneof![
                (-5i64..500).prop_map(|n| Json::Number(Number::new(&n.to_string()).unwrap())),
                number().prop_map(Json::Number),
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
pub fn cookie_json() -> impl Strategy<Value = Json> {
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
pub fn valid_config() -> impl Strategy<Value = Config> {
    config_json().prop_filter_map("only configs that parse", |json| {
        config::parse_text(&to_text(&json)).ok()
    })
}

/// A choice over the config's categories, now and then naming one that is not configured.
pub fn choice_for(config: &Config) -> impl Strategy<Value = Choice> {
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
pub fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        FIRST_MS..LAST_MS - 400 * DAY_MS,
        JUNE_17 - 3650 * DAY_MS..JUNE_17 + 3650 * DAY_MS,
    ]
}

/// A time as the record writes it, sometimes in another accepted form, sometimes not a time.
pub fn iso(ms: i64) -> impl Strategy<Value = Json> {
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
pub fn record_json(cfg: &Config, now: i64) -> impl Strategy<Value = Json> {
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
        whole(1),
        prop_oneof![number().prop_map(Json::Number), junk()],
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

pub fn default_config() -> Config {
    config::parse_text(r#"{"revision": "2024-06-17", "policyUrl": "/privacy"}"#).unwrap()
}

/// A cookie value: one samtykke wrote, the same cut, spliced or with a field swapped, or any text.
pub fn cookie_value(valid: String) -> impl Strategy<Value = String> {
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
pub fn decided(cfg: &Config, choice: &Choice, now: i64, gpc: bool) -> Option<record::Record> {
    let ctx = Context {
        now,
        new_id: record::uuid_v4([(now & 0xff) as u8; 16]),
        language: "da",
        gpc,
    };
    consent::decide(cfg, None, choice, ctx).ok()
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
