//! The JSON reader and writer.

use proptest::prelude::*;

use samtykke_core::json::{self, Json};

use crate::check::*;
use crate::gen::*;

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
