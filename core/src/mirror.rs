//! The mirror cookie (config key `cookie`): the consent record as one first-party cookie, so
//! `www.example.com` and `shop.example.com` share one decision and server code can read it.
//!
//! The value (format 1) is eleven fields joined by `.`, readable with a split and no JSON parser:
//!
//! `1.<id>.<revision>.<given>.<updated>.<expires>.<granted>.<denied>.<method>.<language>.<gpc>`
//!
//! - `id` is the record's UUID only with `"recordId": true` in the config, else empty: the cookie
//!   goes with every request, even after Reject all, so by default it carries nothing unique to the
//!   visitor. Values written before that default (with an id) still read.
//! - `revision` is base64url (no padding) of its UTF-8: any text, and a server that URL-decodes
//!   cookie values (PHP, Express) still gets the same fields.
//! - times are milliseconds since the Unix epoch, in decimal, so the record comes back exactly; a
//!   time past the year 9999 (which an ISO date cannot hold) makes the value unreadable.
//! - `granted` and `denied` are category ids joined by `~` (empty when none).
//! - `method` is `a` (accept all), `r` (reject all), `c` (custom) or `w` (withdrawn: `granted` then
//!   holds only the required categories). `gpc` is `1` or `0`.
//!
//! Every character is a letter, a digit or one of `-_.~`: cookie-safe and unchanged by URL-decoding.

use crate::cookie::domain_levels;
use crate::map::Map;
use crate::read::ConfigError;
use crate::record::{self, Method, Record, SCHEMA_VERSION};
use crate::time::{format_iso, parse_iso, MAX_MS};

/// The cookie's settings are part of the config; they are named here too, where they are used.
pub use crate::config::{CookieConfig, SameSite, DEFAULT_COOKIE_NAME as DEFAULT_NAME};
/// Browsers keep at most 4096 bytes of name and value; a longer value is refused before reading.
pub const MAX_VALUE_LEN: usize = 4000;
const FIELDS: usize = 11;

/// The cookie as this page writes it: the config checked against the page's host and scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    pub name: String,
    pub domain: Option<String>,
    pub same_site: SameSite,
    pub secure: bool,
    /// Write the record's id into the value (`recordId`).
    pub record_id: bool,
}

/// A decision as the cookie holds it: a record, or a withdrawal (which must reach sibling
/// subdomains too, so it is written rather than deleted).
#[derive(Clone, Debug, PartialEq)]
pub struct Mirrored {
    pub record: Record,
    pub withdrawn: bool,
}

// The config module holds the settings; turning them into this page's cookie is the mirror's job.
impl CookieConfig {
    /// The cookie for a page on `host`. A `domain` that is neither the host nor a parent of it is
    /// an error: the browser would refuse the cookie, so the config does not fit this site.
    ///
    /// # Errors
    /// A [`ConfigError`] at `cookie.domain`.
    pub fn for_page(&self, host: &str, https: bool) -> Result<Cookie, ConfigError> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if let Some(domain) = self
            .domain
            .as_ref()
            .filter(|d| !domain_levels(&host).contains(d))
        {
            return Err(ConfigError::new(
                "cookie.domain",
                format!(
                    "`{domain}` is neither this page's host `{host}` nor a parent domain of it"
                ),
            ));
        }
        Ok(Cookie {
            name: self.name.clone(),
            domain: self.domain.clone(),
            same_site: self.same_site,
            secure: self
                .secure
                .unwrap_or(https || self.same_site == SameSite::None),
            record_id: self.record_id,
        })
    }
}

impl Cookie {
    /// The `document.cookie` assignment that stores `value` until `expires` (ms), on path `/`.
    pub fn set(&self, value: &str, expires: i64, now: i64) -> String {
        let max_age = (expires.saturating_sub(now) / 1000).max(0);
        let mut out = format!("{}={value}; Path=/; Max-Age={max_age}", self.name);
        out.push_str(match self.same_site {
            SameSite::Lax => "; SameSite=Lax",
            SameSite::Strict => "; SameSite=Strict",
            SameSite::None => "; SameSite=None",
        });
        if self.secure {
            out.push_str("; Secure");
        }
        if let Some(domain) = &self.domain {
            out.push_str("; Domain=");
            out.push_str(domain);
        }
        out
    }

    /// Assignments that delete copies of this cookie on every other domain level of `host`
    /// (host-only counts as a level): left over from an earlier config, they would shadow ours.
    pub fn delete_elsewhere(&self, host: &str) -> Vec<String> {
        deletions(&self.name, host)
            .into_iter()
            .filter(|(level, _)| *level != self.domain)
            .map(|(_, assignment)| assignment)
            .collect()
    }
}

/// Every `document.cookie` assignment that deletes cookie `name` on path `/`: host-only, and on
/// each domain level of `host`. Each is a separate cookie to the browser, so each needs its own.
pub fn deletions(name: &str, host: &str) -> Vec<(Option<String>, String)> {
    let expired = format!("{name}=; Max-Age=0; Path=/");
    let mut out = vec![(None, expired.clone())];
    for level in domain_levels(host) {
        let assignment = format!("{expired}; Domain={level}");
        out.push((Some(level), assignment));
    }
    out
}

/// Every value of cookie `name` in a `document.cookie` string: more than one when copies live on
/// several domain levels (the browser does not say which is which).
pub fn values<'a>(document_cookie: &'a str, name: &str) -> Vec<&'a str> {
    document_cookie
        .split(';')
        .filter_map(|pair| {
            let (n, v) = pair.split_once('=')?;
            (n.trim() == name).then(|| v.trim())
        })
        .collect()
}

/// The cookie value for `record` (see the module docs for the format), with the record's id only
/// when `with_id` (and the record has one); `None` for a record with a field the format cannot hold (a date before 1970, an
/// id or language with other characters), which samtykke never writes.
pub fn encode(record: &Record, withdrawn: bool, with_id: bool) -> Option<String> {
    let mut out = String::with_capacity(160);
    out.push_str("1.");
    // A withdrawal read from a cookie without an id has none to write.
    if with_id && !record.id.is_empty() {
        out.push_str(token(&record.id, 64, id_char)?);
    }
    out.push('.');
    base64url(record.revision.as_bytes(), &mut out);
    for iso in [&record.given, &record.updated, &record.expires] {
        out.push('.');
        out.push_str(&parse_iso(iso).filter(|ms| *ms >= 0)?.to_string());
    }
    for on in [true, false] {
        out.push('.');
        for (i, (id, _)) in record
            .categories
            .iter()
            .filter(|(_, v)| **v == on)
            .enumerate()
        {
            if i > 0 {
                out.push('~');
            }
            out.push_str(token(id, 64, category_char)?);
        }
    }
    out.push('.');
    out.push(match (withdrawn, record.method) {
        (true, _) => 'w',
        (_, Method::AcceptAll) => 'a',
        (_, Method::RejectAll) => 'r',
        (_, Method::Custom) => 'c',
    });
    out.push('.');
    out.push_str(token(&record.language, 35, language_char)?);
    out.push_str(if record.gpc == Some(true) { ".1" } else { ".0" });
    (out.len() <= MAX_VALUE_LEN).then_some(out)
}

/// Reads a cookie value back into the record it holds.
///
/// # Errors
/// A phrase saying what is wrong with the value; the value itself is never echoed.
pub fn decode(value: &str) -> Result<Mirrored, &'static str> {
    if value.len() > MAX_VALUE_LEN {
        return Err("it is longer than any value samtykke writes");
    }
    let f: Vec<&str> = value.split('.').collect();
    if f.len() != FIELDS {
        return Err("it does not have the 11 fields of format 1");
    }
    if f[0] != "1" {
        return Err("its format is not 1");
    }
    // An empty id is the default since the id became opt-in; the record's `id` is then empty too,
    // and `sync` gives it one before it is stored.
    let id = match f[1] {
        "" => "",
        id => token(id, 64, id_char).ok_or("its id is not valid")?,
    };
    let revision = unbase64url(f[2]).ok_or("its revision is not base64url")?;
    let mut times = [0i64; 3];
    for (slot, text) in times.iter_mut().zip(&f[3..6]) {
        // Past the year 9999 the record's ISO dates cannot hold the time: such a value is not a
        // record (it would never check out, yet could look newer than a valid one).
        *slot = token(text, 15, |b| b.is_ascii_digit())
            .and_then(|t| t.parse().ok())
            .filter(|ms| *ms <= MAX_MS)
            .ok_or("a time is not whole milliseconds from 1970 to the year 9999")?;
    }
    let mut categories = Map::new();
    for (list, on) in [(f[6], true), (f[7], false)] {
        for id in list.split('~').filter(|_| !list.is_empty()) {
            let id = token(id, 64, category_char).ok_or("a category id is not valid")?;
            if categories.insert(id.to_owned(), on).is_some() {
                return Err("a category is listed twice");
            }
        }
    }
    let (method, withdrawn) = match f[8] {
        "a" => (Method::AcceptAll, false),
        "r" => (Method::RejectAll, false),
        "c" => (Method::Custom, false),
        "w" => (Method::RejectAll, true),
        _ => return Err("its method is not a, r, c or w"),
    };
    let language = token(f[9], 35, language_char).ok_or("its language is not valid")?;
    let gpc = match f[10] {
        "1" => Some(true),
        "0" => None,
        _ => return Err("its gpc flag is not 1 or 0"),
    };
    Ok(Mirrored {
        record: Record {
            v: SCHEMA_VERSION,
            id: id.to_owned(),
            revision,
            given: format_iso(times[0]),
            updated: format_iso(times[1]),
            expires: format_iso(times[2]),
            categories,
            method,
            language: language.to_owned(),
            gpc,
        },
        withdrawn,
    })
}

/// What load found in localStorage and the cookie, and what to rewrite so they agree.
#[derive(Debug, PartialEq)]
pub struct Sync {
    /// The newer of the two (by `updated`); `None` when neither could be read.
    pub winner: Option<Mirrored>,
    /// Overwrite localStorage with the winner (remove it, for a withdrawal).
    pub write_local: bool,
    /// Overwrite the cookie with the winner.
    pub write_cookie: bool,
    /// The cookie was there more than once: delete the copies on other domain levels.
    pub clean: bool,
    /// What was not used and why, for the console.
    pub notes: Vec<String>,
}

/// Decides between the localStorage record (`local`, its text) and the cookie's values
/// (`cookies`, more than one when copies sit on several domain levels) of `cookie`.
///
/// The newer by `updated` wins (localStorage on a tie); the id plays no part, so a cookie with or
/// without one compares the same. Whatever cannot be read never wins and is said so in `notes`.
/// The winner still has to pass [`Record::check`] to be consent. A record that wins from a cookie
/// without an id is stored in localStorage, which needs one: it keeps the id of the readable local
/// record it replaces, else takes `fresh_id` (a new UUID from the caller: the core makes no
/// randomness). A withdrawal is never stored and keeps none. The cookie is rewritten whenever it is not as `cookie`
/// writes it, so one with an id loses it when `recordId` is off and gains it when it is on.
pub fn sync(
    local: Option<&str>,
    cookies: &[&str],
    storage_key: &str,
    cookie: &Cookie,
    fresh_id: &str,
) -> Sync {
    let (name, with_id) = (&cookie.name, cookie.record_id);
    let mut notes = Vec::new();
    let had_local = local.is_some();
    let local = local.and_then(|text| match record::parse(text) {
        Ok(r) => Some(r),
        Err(problem) => {
            notes.push(format!(
                "the stored choice under `{storage_key}` is not used: {problem}"
            ));
            None
        }
    });
    let mut best: Option<(i64, &str, Mirrored)> = None;
    for value in cookies {
        match decode(value) {
            Ok(m) => {
                let t = updated_ms(&m.record);
                if best.as_ref().map_or(true, |(b, ..)| t > *b) {
                    best = Some((t, value, m));
                }
            }
            Err(problem) => notes.push(format!("the cookie `{name}` is not used: {problem}")),
        }
    }
    let clean = cookies.len() > 1;
    // A record taken over from a cookie without an id keeps this host's id, if it had a record.
    let id = local
        .as_ref()
        .map_or(fresh_id, |r| r.id.as_str())
        .to_owned();
    let (winner, write_local, write_cookie) = match (local, best) {
        (None, None) => (None, false, false),
        (Some(r), None) => {
            let cookie = encode(&r, false, with_id).is_some();
            (
                Some(Mirrored {
                    record: r,
                    withdrawn: false,
                }),
                false,
                cookie,
            )
        }
        (Some(r), Some((t, value, _))) if updated_ms(&r) >= t => {
            let mine = encode(&r, false, with_id);
            let cookie = mine.is_some() && (mine.as_deref() != Some(value) || clean);
            (
                Some(Mirrored {
                    record: r,
                    withdrawn: false,
                }),
                false,
                cookie,
            )
        }
        (_, Some((_, value, mut m))) => {
            // A withdrawal and an empty localStorage already agree. A value read leniently
            // (unsorted ids, leading zeros) is written back as samtykke writes it.
            let write = !m.withdrawn || had_local;
            if m.record.id.is_empty() && !m.withdrawn {
                m.record.id = id;
            }
            let canonical = encode(&m.record, m.withdrawn, with_id).as_deref() == Some(value);
            (Some(m), write, clean || !canonical)
        }
    };
    Sync {
        winner,
        write_local,
        write_cookie,
        clean,
        notes,
    }
}

fn updated_ms(record: &Record) -> i64 {
    parse_iso(&record.updated).unwrap_or(i64::MIN)
}

fn id_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn language_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

fn category_char(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
}

/// `text` if it is 1 to `max` bytes, each allowed by `ok`.
fn token(text: &str, max: usize, ok: fn(u8) -> bool) -> Option<&str> {
    (!text.is_empty() && text.len() <= max && text.bytes().all(ok)).then_some(text)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
}

fn unbase64url(text: &str) -> Option<String> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = B64.iter().position(|b| b == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        let out = chunk.len() - 1;
        // Bits beyond the last whole byte must be zero, so each text has exactly one encoding.
        if n & ((1 << (24 - 8 * out)) - 1) != 0 {
            return None;
        }
        bytes.extend((0..out).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    String::from_utf8(bytes).ok()
}
