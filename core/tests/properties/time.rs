//! ISO 8601 times.

use proptest::prelude::*;

use samtykke_core::time::{format_iso, parse_iso, DAY_MS};

use crate::gen::*;

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
