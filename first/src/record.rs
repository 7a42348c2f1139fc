//! The stored record: read and checked as `samtykke_core::record::{parse, Record::check}` do, but
//! strictly (a key first does not know, a key twice, an escape: defer), and written as
//! `consent::decide` + `Record::to_json` write it for Accept all and Reject all.

use crate::config::Config;
use crate::generated::MAX_EXPIRES_DAYS;
use crate::scan::{once, Scan};
use crate::time::{format_iso, parse_iso, DAY_MS};
use crate::{Out, HEX};

/// `record::CLOCK_SLACK_MS`: how far ahead a stored time may lie.
const CLOCK_SLACK_MS: i64 = 10 * 60 * 1000;

/// A stored record that is consent: what a new decision keeps of it, and what it grants (a bit per
/// config category).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored<'a> {
    pub id: &'a str,
    pub given: &'a str,
    pub granted: u8,
}

/// The record in `text` if the full module would use it, with what it grants; `None` for anything
/// else (the full module then reads it again and says why it is not consent).
pub fn read<'a>(text: &'a str, c: &Config, now: i64) -> Option<Stored<'a>> {
    let mut f: [&str; 6] = [""; 6]; // id, revision, given, updated, expires, language
    let (mut seen, mut present, mut on) = (0u32, 0u8, 0u8);
    let mut s = Scan::new(text);
    s.object(|s, key| {
        let slot = match key {
            "id" => 0,
            "revision" => 1,
            "given" => 2,
            "updated" => 3,
            "expires" => 4,
            "language" => 5,
            "v" => {
                once(&mut seen, 1 << 6)?;
                return (s.whole(1)? == 1).then_some(());
            }
            "method" => {
                once(&mut seen, 1 << 7)?;
                return matches!(s.string()?, "accept-all" | "reject-all" | "custom").then_some(());
            }
            "gpc" => {
                once(&mut seen, 1 << 8)?;
                return s.boolean().map(drop);
            }
            "categories" => {
                once(&mut seen, 1 << 9)?;
                return s.object(|s, id| {
                    let bit = 1 << c.index(id)?;
                    if present & bit != 0 {
                        return None;
                    }
                    present |= bit;
                    if s.boolean()? {
                        on |= bit;
                    }
                    Some(())
                });
            }
            _ => return None,
        };
        once(&mut seen, 1 << slot)?;
        f[slot] = s.string()?;
        Some(())
    })?;
    s.end()?;
    // Every key but `gpc` is required; `gpc` only matters while the signal is sent, which defers.
    if seen | 1 << 8 != 0x3ff || f[1] != c.revision {
        return None;
    }
    let given = parse_iso(f[2])?;
    let updated = parse_iso(f[3])?;
    let expires = parse_iso(f[4])?;
    let latest = now.saturating_add(CLOCK_SLACK_MS);
    if updated < given
        || given > latest
        || updated > latest
        || expires > updated + i64::from(MAX_EXPIRES_DAYS) * DAY_MS
        || expires <= now
    {
        return None;
    }
    let required = c.required_bits();
    if present != c.all_bits() || on & required != required {
        return None;
    }
    Some(Stored {
        id: f[0],
        given: f[2],
        granted: on | required,
    })
}

/// `record::uuid_v4`.
pub fn uuid_v4(out: &mut Out, mut bytes: [u8; 16]) {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.byte(b'-');
        }
        out.byte(HEX[usize::from(b >> 4)]);
        out.byte(HEX[usize::from(b & 15)]);
    }
}

/// Writes the record Accept all (`accept`) or Reject all leads to, from `current` (the stored
/// record, if it is consent: its id and `given` carry over) or a fresh id from `random`. Returns what
/// it grants; `None` if `out` ran out of room or `now` is beyond year 9999.
pub fn decide(
    out: &mut Out,
    c: &Config,
    current: Option<(&str, &str)>,
    accept: bool,
    now: i64,
    random: [u8; 16],
) -> Option<u8> {
    out.str("{\"v\":1,\"id\":");
    match current {
        Some((id, _)) => out.json(id),
        None => {
            out.byte(b'"');
            uuid_v4(out, random);
            out.byte(b'"');
        }
    }
    out.str(",\"revision\":");
    out.json(c.revision);
    out.str(",\"given\":\"");
    match current {
        // A stored `given` has no character JSON escapes (it parsed as a time).
        Some((_, given)) => out.str(given),
        None => format_iso(out, now)?,
    }
    out.str("\",\"updated\":\"");
    format_iso(out, now)?;
    out.str("\",\"expires\":\"");
    format_iso(out, now.saturating_add(i64::from(c.expires_days) * DAY_MS))?;
    out.str("\",\"categories\":{");
    let granted = if accept { c.all_bits() } else { c.required_bits() };
    for i in 0..c.n {
        if i > 0 {
            out.byte(b',');
        }
        out.json(c.id(i));
        out.str(if granted & 1 << i != 0 { ":true" } else { ":false" });
    }
    out.str("},\"method\":");
    out.str(if accept { "\"accept-all\"" } else { "\"reject-all\"" });
    out.str(",\"language\":\"en\"}");
    (!out.full).then_some(granted)
}
