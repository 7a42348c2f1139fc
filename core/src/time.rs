//! ISO 8601 timestamps for the stored record, without a date library (it would cost bytes).
//!
//! Times are milliseconds since the Unix epoch (UTC), as `Date.now()` gives them; the shell passes
//! `now` in, the core never asks for it.

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

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

/// Parses the UTC forms the record uses: `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or `+00:00`).
///
/// Anything else (local times, other offsets, out-of-range fields) is `None`: a record whose dates do
/// not parse is not consent.
pub fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // `get`, not indexing: nothing here can panic (num has checked these bytes are digits).
    let mut rest = s.get(19..)?;
    let mut milli = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        let first3 = frac.get(..digits.min(3))?;
        milli = first3.parse::<i64>().ok()? * 10_i64.pow(3 - first3.len() as u32);
        rest = frac.get(digits..)?;
    }
    if rest != "Z" && rest != "+00:00" {
        return None;
    }
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59
    {
        return None;
    }
    Some(days_from_civil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + milli)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (eras of 400 years).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
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
