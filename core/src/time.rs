//! ISO 8601 timestamps for the stored record, without a date library (it would cost bytes).
//!
//! Times are milliseconds since the Unix epoch (UTC), as `Date.now()` gives them; the shell passes
//! `now` in, the core never asks for it.

use crate::calendar::civil_from_days;
pub use crate::calendar::{parse_iso, DAY_MS};

/// `9999-12-31T23:59:59.999Z`: the last moment a time with a four-digit year can name, so the
/// last one [`format_iso`] writes in a form [`parse_iso`] reads back.
pub const MAX_MS: i64 = 253_402_300_799_999;

/// Formats as `2024-06-17T08:30:00.000Z`, the form `Date.prototype.toISOString` uses.
pub fn format_iso(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let rem = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_to_iso_string() {
        assert_eq!(format_iso(0), "1970-01-01T00:00:00.000Z");
        // 2024-06-17T08:30:05.123Z, the policy's effective date.
        assert_eq!(format_iso(1_718_613_005_123), "2024-06-17T08:30:05.123Z");
        assert_eq!(format_iso(951_782_400_000), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn parse_inverts_format_over_many_days() {
        let mut ms = -10 * 365 * DAY_MS;
        while ms < 200 * 365 * DAY_MS {
            assert_eq!(parse_iso(&format_iso(ms)), Some(ms), "{}", format_iso(ms));
            ms += 7 * DAY_MS + 3_723_456;
        }
    }

    #[test]
    fn rejects_what_is_not_a_utc_timestamp() {
        for bad in [
            "",
            "2024-06-17",
            "2024-06-17T08:30:00",
            "2024-06-17T08:30:00+02:00",
            "2024-02-30T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-06-17T24:00:00Z",
            "2024-06-17T08:30:00.Z",
            "+024-06-17T08:30:00Z",
            "2024-06-17T08:30:00.000Zjunk",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert_eq!(parse_iso("2024-06-17T08:30:05Z"), Some(1_718_613_005_000));
        assert_eq!(
            parse_iso("2024-06-17T08:30:05.5+00:00"),
            Some(1_718_613_005_500)
        );
    }
}
