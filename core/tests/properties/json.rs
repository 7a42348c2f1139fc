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
        prop_assert_eq!(json::parse(&theirs).map(normalize), Ok(normalize(value.clone())), "{}", theirs);
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

    #[test]
    fn a_short_number_is_whole_exactly_when_its_f64_is(
        int in "-?(0|[1-9][0-9]{0,9})",
        frac in prop::option::of("[0-9]{1,5}"),
        exp in prop::option::of(-22i32..=22),
    ) {
        // With at most 15 significant digits and a power of ten within ±22, the f64 reader never
        // rounded a fraction to a whole number: the old reader and `as_u32` agree on every number
        // a config or a record is likely to hold.
        let text = format!(
            "{int}{}{}",
            frac.map(|f| format!(".{f}")).unwrap_or_default(),
            exp.map(|e| format!("e{e}")).unwrap_or_default()
        );
        let Json::Number(n) = json::parse(&text).unwrap() else { unreachable!() };
        let f = f64_of(&n);
        let by_float = (f.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&f)).then_some(f as u32);
        prop_assert_eq!(n.as_u32(), by_float, "{}", text);
    }

    #[test]
    fn a_whole_number_reads_back_in_any_form_and_a_nudged_one_never(
        value in 1u32..,
        zeros in 0usize..30,
        point in 0usize..12,
        nudge in 1u32..10,
    ) {
        // `value` followed by `zeros` zeros, the point moved `point + zeros` places left and the
        // exponent making up for it: the same whole number, however long the literal.
        let digits = format!("{value}{}", "0".repeat(zeros));
        let shift = point.min(digits.len() - 1);
        let (int, frac) = digits.split_at(digits.len() - shift);
        let exp = shift as i64 - zeros as i64;
        let text = if frac.is_empty() { format!("{int}e{exp}") } else { format!("{int}.{frac}e{exp}") };
        let read = |t: &str| match json::parse(t) {
            Ok(Json::Number(n)) => n.as_u32(),
            other => panic!("{t}: {other:?}"),
        };
        prop_assert_eq!(read(&text), Some(value), "{}", text);
        // One more digit far beyond the point: not whole, however close.
        let nudged = format!("{int}.{frac}{}{nudge}e{exp}", "0".repeat(20));
        prop_assert_eq!(read(&nudged), None, "{}", nudged);
    }
}
