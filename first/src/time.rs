//! `samtykke_core::time`: `parse_iso` is the core's own (first compiles core/src/calendar.rs),
//! `format_iso` writes into [`Out`] instead of `format!`.

use crate::calendar::civil_from_days;
pub use crate::calendar::{parse_iso, DAY_MS};
use crate::Out;

/// `2024-06-17T08:30:00.000Z`, as `time::format_iso` writes it; `None` outside years 0 to 9999
/// (first never writes such a time: Date.now() is far from either end).
pub fn format_iso(out: &mut Out, ms: i64) -> Option<()> {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let rem = ms.rem_euclid(DAY_MS);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let fields = [
        (y, 4, b'-'),
        (m, 2, b'-'),
        (d, 2, b'T'),
        (rem / 3_600_000, 2, b':'),
        (rem / 60_000 % 60, 2, b':'),
        (rem / 1000 % 60, 2, b'.'),
        (rem % 1000, 3, b'Z'),
    ];
    for (v, width, sep) in fields {
        out.num(v as u64, width);
        out.byte(sep);
    }
    Some(())
}
