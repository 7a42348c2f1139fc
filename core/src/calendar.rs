//! Days since 1970-01-01 and proleptic Gregorian dates, both ways: whole-number arithmetic only.
//!
//! A leaf that needs nothing but `core`, so that the first-paint wasm (first/, no std) compiles
//! this very file too (`#[path]`) instead of a copy: its record times are then the core's by
//! construction. `time` re-exports what the rest of the core uses.

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;

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
    // Digits by hand, not `str::parse`: the same value for digits only, and less code in a wasm.
    let num = |from: usize, to: usize| digits(b.get(from..to)?);
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let mut rest = b.get(19..)?;
    let mut milli = 0;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        // Milliseconds from the first three digits; more are read but not kept.
        let first3 = n.min(3);
        milli = digits(frac.get(..first3)?)? * [100, 10, 1][first3 - 1];
        rest = frac.get(n..)?;
    }
    if rest != b"Z" && rest != b"+00:00" {
        return None;
    }
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59
    {
        return None;
    }
    Some(days_from_civil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + milli)
}

/// A run of ASCII digits as a number; `None` if empty or anything else is in it.
fn digits(b: &[u8]) -> Option<i64> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// Days in month `m` (1 to 12) of year `y`.
pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (eras of 400 years).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, i64, i64) {
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
