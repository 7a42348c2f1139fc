//! The JSON reader on any bytes that are UTF-8: an answer, never a panic; what it reads, written
//! again, reads the same; and it agrees with serde_json on what is JSON and what it means.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use samtykke_core::json::{self, Json};
use serde_json::Value;

/// The property tests' JSON writer (`to_text`, `finite`, `f64_of`), shared rather than copied.
#[path = "../../core/tests/properties/check.rs"]
mod check;
use check::{f64_of, finite, to_text};

/// The same value, taking an object's last value for a repeated key as serde_json does.
fn same(ours: &Json, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::Number(a), Value::Number(b)) => b.as_f64() == Some(f64_of(a)),
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Json::Object(a), Value::Object(b)) => {
            let last: BTreeMap<&String, &Json> = a.iter().map(|(k, v)| (k, v)).collect();
            last.len() == b.len()
                && last
                    .iter()
                    .all(|(k, v)| b.get(*k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

/// A `\uD800`-`\uDFFF` escape: serde_json refuses a lone one, samtykke reads it as U+FFFD.
fn has_surrogate_escape(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        w[0] == b'\\'
            && w[1] == b'u'
            && (w[2] | 0x20) == b'd'
            && matches!(w[3] | 0x20, b'8'..=b'9' | b'a'..=b'f')
    })
}

fuzz_target!(|text: &str| {
    let ours = json::parse(text);
    if let Ok(value) = &ours {
        // Numbers keep their literal, so everything read writes back the same.
        let again = to_text(value);
        assert_eq!(json::parse(&again).as_ref(), Ok(value), "{again}");
    }
    if has_surrogate_escape(text) {
        return;
    }
    match (&ours, serde_json::from_str::<Value>(text)) {
        (Ok(a), Ok(b)) => assert!(
            same(a, &b),
            "{text:?}: samtykke reads {a:?}, serde_json {b:?}"
        ),
        // samtykke refuses nesting deeper than 64 levels, serde_json deeper than 128.
        (Err(e), Ok(_)) => assert_eq!(e.problem, "nested too deeply", "{text:?}"),
        // `1e400` is beyond an f64 (JavaScript's JSON.parse reads Infinity); serde_json refuses it.
        (Ok(a), Err(_)) if !finite(a) => {}
        (Ok(a), Err(e)) => panic!("{text:?}: samtykke reads {a:?}, serde_json refuses it: {e}"),
        (Err(_), Err(_)) => {}
    }
});
