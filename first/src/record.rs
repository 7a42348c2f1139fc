//! The stored record: read and checked as `samtykke_core::record::{parse, Record::check}` do, but
//! strictly (a key first does not know, a key twice, an escape, any layout but the one
//! `Record::to_json` writes: defer), and written as `consent::decide` + `Record::to_json` write it
//! for Accept all and Reject all.

use crate::config::Config;
use crate::generated::{IDS, MAX_EXPIRES_DAYS};
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

/// Reads a record laid out exactly as `Record::to_json` writes it, piece by piece.
struct Layout<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Layout<'a> {
    /// Takes `lit` if it comes next.
    fn take(&mut self, lit: &str) -> bool {
        let next = self
            .s
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(lit.as_bytes()));
        if next {
            self.i += lit.len();
        }
        next
    }

    fn lit(&mut self, lit: &str) -> Option<()> {
        self.take(lit).then_some(())
    }

    /// A string's characters up to its closing quote (taken too); none that JSON escapes, since
    /// `to_json` would have escaped them.
    fn string(&mut self) -> Option<&'a str> {
        let rest = self.s.get(self.i..)?;
        let len = rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest[len] != b'"' {
            return None;
        }
        self.i += len + 1;
        // The text is a &str and the cut is at an ASCII quote.
        Some(unsafe { core::str::from_utf8_unchecked(&rest[..len]) })
    }
}

/// The record in `text` if the full module would use it, with what it grants; `None` for anything
/// else (the full module then reads it again and says why it is not consent). Only a text laid out
/// exactly as `Record::to_json` writes it is taken (keys in its order, no white space, categories
/// sorted), so `getConsent()` gives the same object as the full module's; samtykke writes no other.
pub fn read<'a>(text: &'a str, c: &Config, now: i64) -> Option<Stored<'a>> {
    let mut m = Layout {
        s: text.as_bytes(),
        i: 0,
    };
    m.lit("{\"v\":1,\"id\":\"")?;
    let id = m.string()?;
    m.lit(",\"revision\":\"")?;
    m.lit(c.revision)?;
    m.lit("\",\"given\":\"")?;
    let given_text = m.string()?;
    m.lit(",\"updated\":\"")?;
    let updated = parse_iso(m.string()?)?;
    m.lit(",\"expires\":\"")?;
    let expires = parse_iso(m.string()?)?;
    m.lit(",\"categories\":{")?;
    let mut on = 0;
    let mut first = true;
    for (i, id) in IDS.iter().enumerate() {
        if c.present & 1 << i == 0 {
            continue;
        }
        if !first {
            m.lit(",")?;
        }
        first = false;
        m.lit("\"")?;
        m.lit(id)?;
        m.lit("\":")?;
        if m.take("true") {
            on |= 1 << i;
        } else {
            m.lit("false")?;
        }
    }
    m.lit("},\"method\":\"")?;
    if !matches!(m.string()?, "accept-all" | "reject-all" | "custom") {
        return None;
    }
    m.lit(",\"language\":\"")?;
    m.string()?;
    // `gpc` only matters while the signal is sent, which defers.
    let _ = m.take(",\"gpc\":true") || m.take(",\"gpc\":false");
    m.lit("}")?;
    let given = parse_iso(given_text)?;
    let latest = now.saturating_add(CLOCK_SLACK_MS);
    if m.i != text.len()
        || updated < given
        || given > latest
        || updated > latest
        || expires > updated + i64::from(MAX_EXPIRES_DAYS) * DAY_MS
        || expires <= now
        || on & c.required != c.required
    {
        return None;
    }
    Some(Stored {
        id,
        given: given_text,
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
    format_iso(
        &mut t,
        now.saturating_add(i64::from(c.expires_days) * DAY_MS),
    )?;
    // ASCII, written just now: a uuid and two times of 24 characters each.
    let text = t.as_bytes();
    let ascii = |r: core::ops::Range<usize>| {
        text.get(r)
            .map(|b| unsafe { core::str::from_utf8_unchecked(b) })
    };
    let (uuid, now_iso, expires) = (ascii(0..36)?, ascii(36..60)?, ascii(60..84)?);
    let (id, given) = current.unwrap_or((uuid, now_iso));
    let granted = if accept { c.present } else { c.required };
    // `Record::to_json`, for a record first makes: no `gpc` (the signal defers), language `en`.
    out.str("{\"v\":1");
    for (key, value) in [
        (",\"id\":", id),
        (",\"revision\":", c.revision),
        (",\"given\":", given),
        (",\"updated\":", now_iso),
        (",\"expires\":", expires),
    ] {
        out.str(key);
        out.json(value);
    }
    out.str(",\"categories\":{");
    let mut first = true;
    for (i, name) in IDS.iter().enumerate() {
        if c.present & 1 << i != 0 {
            if !first {
                out.byte(b',');
            }
            first = false;
            out.json(name);
            out.str(if granted & 1 << i != 0 {
                ":true"
            } else {
                ":false"
            });
        }
    }
    out.str(if accept {
        "},\"method\":\"accept-all\",\"language\":\"en\"}"
    } else {
        "},\"method\":\"reject-all\",\"language\":\"en\"}"
    });
    (!out.full).then_some(granted)
}
