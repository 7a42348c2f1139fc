//! The stored record: read and checked as `samtykke_core::record::{parse, Record::check}` do, but
//! strictly (a key first does not know, a key twice, an escape, any layout but the one
//! `Record::to_json` writes: defer), and written as `consent::decide` + `Record::to_json` write it
//! for Accept all and Reject all.

use crate::config::{bit, Config};
use crate::generated::{IDS, MAX_EXPIRES_DAYS};
use crate::scan::{once, Scan};
use crate::time::{format_iso, parse_iso, DAY_MS};
use crate::{Out, HEX};

/// `record::CLOCK_SLACK_MS`: how far ahead a stored time may lie.
const CLOCK_SLACK_MS: i64 = 10 * 60 * 1000;

/// A stored record that is consent: what a new decision keeps of it, and what it grants (a bit per
/// category, as in [`Config`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stored<'a> {
    pub id: &'a str,
    pub given: &'a str,
    pub granted: u8,
}

/// A record's fields, for [`write`].
struct Fields<'a> {
    id: &'a str,
    revision: &'a str,
    given: &'a str,
    updated: &'a str,
    expires: &'a str,
    categories: u8,
    on: u8,
    method: &'a str,
    language: &'a str,
    gpc: Option<bool>,
}

/// `Record::to_json`.
fn write(out: &mut Out, f: &Fields) {
    out.str("{\"v\":1");
    for (key, value) in [
        (",\"id\":", f.id),
        (",\"revision\":", f.revision),
        (",\"given\":", f.given),
        (",\"updated\":", f.updated),
        (",\"expires\":", f.expires),
    ] {
        out.str(key);
        out.json(value);
    }
    out.str(",\"categories\":{");
    let mut first = true;
    for (i, id) in IDS.iter().enumerate() {
        if f.categories & 1 << i == 0 {
            continue;
        }
        if !first {
            out.byte(b',');
        }
        first = false;
        out.json(id);
        out.str(if f.on & 1 << i != 0 { ":true" } else { ":false" });
    }
    out.str("},\"method\":");
    out.json(f.method);
    out.str(",\"language\":");
    out.json(f.language);
    match f.gpc {
        Some(true) => out.str(",\"gpc\":true"),
        Some(false) => out.str(",\"gpc\":false"),
        None => {}
    }
    out.byte(b'}');
}

/// The record in `text` if the full module would use it, with what it grants; `None` for anything
/// else (the full module then reads it again and says why it is not consent). `scratch` is room to
/// write it again: only a text exactly as `Record::to_json` writes it is taken, so
/// `getConsent()` gives the same object as the full module's.
pub fn read<'a>(text: &'a str, c: &Config, now: i64, scratch: &mut Out) -> Option<Stored<'a>> {
    let mut f: [&str; 7] = [""; 7]; // id, revision, given, updated, expires, language, method
    let (mut seen, mut present, mut on, mut gpc) = (0u32, 0u8, 0u8, None);
    let mut s = Scan::new(text);
    s.object(|s, key| {
        let slot = match key {
            "id" => 0,
            "revision" => 1,
            "given" => 2,
            "updated" => 3,
            "expires" => 4,
            "language" => 5,
            "method" => 6,
            "v" => {
                once(&mut seen, 1 << 7)?;
                return (s.whole(1)? == 1).then_some(());
            }
            "gpc" => {
                once(&mut seen, 1 << 8)?;
                gpc = Some(s.boolean()?);
                return Some(());
            }
            "categories" => {
                once(&mut seen, 1 << 9)?;
                return s.object(|s, id| {
                    let bit = bit(id)?;
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
    // Every key but `gpc` is required (`gpc` only matters while the signal is sent, which defers).
    if seen | 1 << 8 != 0x3ff
        || f[1] != c.revision
        || !matches!(f[6], "accept-all" | "reject-all" | "custom")
    {
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
        || present != c.present
        || on & c.required != c.required
    {
        return None;
    }
    write(
        scratch,
        &Fields {
            id: f[0],
            revision: f[1],
            given: f[2],
            updated: f[3],
            expires: f[4],
            categories: present,
            on,
            method: f[6],
            language: f[5],
            gpc,
        },
    );
    (!scratch.full && scratch.as_bytes() == text.as_bytes()).then_some(Stored {
        id: f[0],
        given: f[2],
        granted: on,
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
/// record if it is consent: its id and `given` carry over) or a fresh id from `random`. Returns
/// what it grants; `None` if `out` ran out of room or a time lies beyond year 9999.
pub fn decide(
    out: &mut Out,
    c: &Config,
    current: Option<(&str, &str)>,
    accept: bool,
    now: i64,
    random: [u8; 16],
) -> Option<u8> {
    let mut buf = [0u8; 36 + 3 * 24];
    let mut t = Out::new(&mut buf);
    uuid_v4(&mut t, random);
    format_iso(&mut t, now)?;
    format_iso(&mut t, now.saturating_add(i64::from(c.expires_days) * DAY_MS))?;
    // ASCII, written just now: a uuid and two times of 24 characters each.
    let text = t.as_bytes();
    let ascii = |r: core::ops::Range<usize>| text.get(r).map(|b| unsafe { core::str::from_utf8_unchecked(b) });
    let (uuid, now_iso, expires) = (ascii(0..36)?, ascii(36..60)?, ascii(60..84)?);
    let (id, given) = current.unwrap_or((uuid, now_iso));
    let granted = if accept { c.present } else { c.required };
    write(
        out,
        &Fields {
            id,
            revision: c.revision,
            given,
            updated: now_iso,
            expires,
            categories: c.present,
            on: granted,
            method: if accept { "accept-all" } else { "reject-all" },
            language: "en",
            gpc: None,
        },
    );
    (!out.full).then_some(granted)
}
