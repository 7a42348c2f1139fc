//! Plain helpers for the property tests and the fuzz targets (`fuzz/fuzz_targets/*.rs` include this
//! file): a JSON writer over the core's [`Json`], and the invariants of a parsed config. No
//! proptest here, so the fuzz crate needs none.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use samtykke_core::config::{self, Config};
use samtykke_core::i18n;
use samtykke_core::json::{self, Json, Number};

/// `Err(message)` from the enclosing function unless `cond` holds.
macro_rules! ensure {
    ($cond:expr) => {
        if !$cond {
            return Err(format!("does not hold: {}", stringify!($cond)));
        }
    };
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

// ---------------------------------------------------------------------------------------------
// A small JSON writer for the tests: strings through the crate's own `json::write_str`.

/// Writes `value` with `gap` (JSON white space) between tokens.
pub fn write(value: &Json, gap: &str, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n.literal()),
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

pub fn to_text(value: &Json) -> String {
    let mut out = String::new();
    write(value, "", &mut out);
    out
}

/// Whether every number in `value` is a finite f64 (serde_json refuses `1e400`).
pub fn finite(value: &Json) -> bool {
    match value {
        Json::Number(n) => f64_of(n).is_finite(),
        Json::Array(items) => items.iter().all(finite),
        Json::Object(fields) => fields.iter().all(|(_, v)| finite(v)),
        _ => true,
    }
}

/// Every character as `\uXXXX` (a surrogate pair above U+FFFF), as some JSON writers do.
pub fn escape_all(s: &str) -> String {
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

/// The f64 nearest a number (Rust's own parser, exactly rounded).
pub fn f64_of(n: &Number) -> f64 {
    n.literal()
        .parse()
        .expect("a JSON number is a Rust float literal")
}

/// The same value as serde_json holds it (numbers are all finite here).
pub fn to_serde(value: &Json) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(serde_json::Number::from_f64(f64_of(n)).unwrap()),
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

/// Keys sorted, the last of a repeated key kept, numbers written as the shortest text of their f64:
/// what a serde_json map holds, however either side writes it.
pub fn normalize(value: Json) -> Json {
    match value {
        Json::Number(n) => Json::Number(Number::new(&format!("{:?}", f64_of(&n))).unwrap()),
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

pub fn obj(fields: Vec<(&str, Json)>) -> Json {
    Json::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

pub fn s(text: &str) -> Json {
    Json::String(text.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Invariants.

/// What a browser takes as the link's scheme (WHATWG URL: leading and trailing C0 controls and
/// spaces stripped, tabs and newlines removed anywhere, then `alpha *(alnum / + - .)` before `:`).
pub fn browser_scheme(url: &str) -> Option<String> {
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

/// What holds for every config that parses; the first broken rule, said, if not.
///
/// # Errors
/// A sentence naming the rule and the value that breaks it.
pub fn config_invariants(cfg: &Config) -> Result<(), String> {
    ensure!(
        (1..=config::MAX_EXPIRES_DAYS).contains(&cfg.expires_days),
        "expires_days {}",
        cfg.expires_days
    );
    ensure!(!cfg.revision.trim().is_empty());
    ensure!(!cfg.storage_key.trim().is_empty());
    ensure!(!cfg.categories.is_empty());
    let mut ids = BTreeSet::new();
    for cat in &cfg.categories {
        ensure!(ids.insert(cat.id.as_str()), "category `{}` twice", cat.id);
        ensure!(
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
        ensure!(
            scheme == "http" || scheme == "https",
            "policy_url {:?} is a `{scheme}:` link",
            cfg.policy_url
        );
    }
    ensure!(!cfg.policy_url.chars().any(char::is_control));
    let available = |code: &str| {
        i18n::is_built_in(code)
            || cfg
                .texts
                .get(code)
                .is_some_and(|t| i18n::KEY_NAMES.iter().all(|k| t.contains_key(*k)))
    };
    ensure!(!cfg.languages.is_empty());
    let mut seen = BTreeSet::new();
    for code in &cfg.languages {
        ensure!(
            available(code),
            "languages has {code:?}, which is not available"
        );
        ensure!(seen.insert(code), "languages has {code:?} twice");
    }
    if let Some(code) = &cfg.language {
        ensure!(available(code), "language {code:?} is not available");
    }
    for (lang, strings) in &cfg.texts {
        ensure!(i18n::is_language_code(lang), "texts.{lang}");
        for (key, text) in strings {
            ensure!(i18n::key_index(key).is_some(), "texts.{lang}.{key}");
            ensure!(!text.trim().is_empty(), "texts.{lang}.{key} is empty");
        }
    }
    Ok(())
}
