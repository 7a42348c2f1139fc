//! The stored consent record, and the rules that say whether it is still consent.
//!
//! Layout (localStorage under the config's `storageKey`):
//! `{"v":1,"id":"<uuid v4>","revision":"…","given":"<ISO 8601>","updated":"<ISO 8601>",
//!   "expires":"<ISO 8601>","categories":{"necessary":true,…},"method":"accept-all","language":"da"}`

use std::fmt;

use crate::json::{write_str, Json};

use crate::config::{Config, MAX_EXPIRES_DAYS};
use crate::map::Map;
use crate::time::{parse_iso, DAY_MS};

/// The record layout this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;
/// How far in the future a `given` or `updated` time may lie before the record is taken as tampered
/// (clocks get adjusted a little; days ahead is not an adjustment).
const CLOCK_SLACK_MS: i64 = 10 * 60 * 1000;

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub v: u32,
    /// A random UUID v4 that names this consent (for receipts); kept across updates.
    pub id: String,
    pub revision: String,
    /// When consent was first given under this revision.
    pub given: String,
    /// When it was last changed.
    pub updated: String,
    pub expires: String,
    pub categories: Map<String, bool>,
    pub method: Method,
    /// The language the notice was shown in when the visitor chose.
    pub language: String,
    /// `true` when the browser sent an honoured Global Privacy Control signal at the choice.
    pub gpc: Option<bool>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    AcceptAll,
    RejectAll,
    Custom,
}

impl Method {
    /// The name stored in the record.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::AcceptAll => "accept-all",
            Method::RejectAll => "reject-all",
            Method::Custom => "custom",
        }
    }
}

/// Why a stored record is not consent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A schema version this build does not know (written by a newer or older samtykke).
    UnknownVersion(u32),
    /// The policy changed since the visitor chose: ask again.
    RevisionChanged {
        stored: String,
    },
    Expired,
    /// A date that does not parse, or dates in an impossible order.
    BadDate(&'static str),
    /// `given` or `updated` lies in the future.
    FromTheFuture,
    /// The choice is kept for longer than any config allows.
    TooLong,
    MissingCategory(String),
    UnknownCategory(String),
    /// A required category recorded as denied: not a record samtykke wrote.
    RequiredDenied(String),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::UnknownVersion(v) => write!(f, "schema version {v} is not {SCHEMA_VERSION}"),
            Reason::RevisionChanged { stored } => {
                write!(
                    f,
                    "it was given for policy revision `{stored}`, which has since changed"
                )
            }
            Reason::Expired => f.write_str("it has expired"),
            Reason::BadDate(field) => write!(f, "`{field}` is not a valid UTC ISO 8601 time"),
            Reason::FromTheFuture => f.write_str("it is dated in the future"),
            Reason::TooLong => write!(f, "it is kept for longer than {MAX_EXPIRES_DAYS} days"),
            Reason::MissingCategory(id) => write!(f, "it has no choice for category `{id}`"),
            Reason::UnknownCategory(id) => {
                write!(f, "it names category `{id}`, which is not configured")
            }
            Reason::RequiredDenied(id) => write!(f, "it denies required category `{id}`"),
        }
    }
}

impl Record {
    /// The stored form (the layout at the top of this file; `gpc` only when set). Written by the
    /// core's own JSON writer, so the wasm needs no serializer.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"v\":");
        out.push_str(&self.v.to_string());
        for (key, value) in [
            ("id", &self.id),
            ("revision", &self.revision),
            ("given", &self.given),
            ("updated", &self.updated),
            ("expires", &self.expires),
        ] {
            out.push(',');
            write_str(&mut out, key);
            out.push(':');
            write_str(&mut out, value);
        }
        out.push_str(",\"categories\":{");
        for (i, (id, on)) in self.categories.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_str(&mut out, id);
            out.push_str(if *on { ":true" } else { ":false" });
        }
        out.push_str("},\"method\":");
        write_str(&mut out, self.method.as_str());
        out.push_str(",\"language\":");
        write_str(&mut out, &self.language);
        match self.gpc {
            Some(true) => out.push_str(",\"gpc\":true"),
            Some(false) => out.push_str(",\"gpc\":false"),
            None => {}
        }
        out.push('}');
        out
    }

    /// Whether this record is consent under `config` at `now`.
    ///
    /// # Errors
    /// The first [`Reason`] it is not: then the banner shows again and nothing optional runs.
    pub fn check(&self, config: &Config, now: i64) -> Result<(), Reason> {
        if self.v != SCHEMA_VERSION {
            return Err(Reason::UnknownVersion(self.v));
        }
        if self.revision != config.revision {
            return Err(Reason::RevisionChanged {
                stored: self.revision.clone(),
            });
        }
        let given = parse_iso(&self.given).ok_or(Reason::BadDate("given"))?;
        let updated = parse_iso(&self.updated).ok_or(Reason::BadDate("updated"))?;
        let expires = parse_iso(&self.expires).ok_or(Reason::BadDate("expires"))?;
        if updated < given {
            return Err(Reason::BadDate("updated"));
        }
        let latest = now.saturating_add(CLOCK_SLACK_MS);
        if given > latest || updated > latest {
            return Err(Reason::FromTheFuture);
        }
        if expires > updated + i64::from(MAX_EXPIRES_DAYS) * DAY_MS {
            return Err(Reason::TooLong);
        }
        if expires <= now {
            return Err(Reason::Expired);
        }
        for cat in &config.categories {
            match self.categories.get(&cat.id) {
                None => return Err(Reason::MissingCategory(cat.id.clone())),
                Some(false) if cat.required => return Err(Reason::RequiredDenied(cat.id.clone())),
                Some(_) => {}
            }
        }
        if let Some(id) = self
            .categories
            .keys()
            .find(|id| config.category(id).is_none())
        {
            return Err(Reason::UnknownCategory(id.clone()));
        }
        Ok(())
    }
}

/// Reads a stored record from its JSON text. Keys this version does not know are ignored (the
/// version number `v` is what tells layouts apart).
///
/// # Errors
/// A sentence saying why it is not a record (not JSON, or not the record's shape).
pub fn parse(text: &str) -> Result<Record, String> {
    let json = crate::json::parse(text).map_err(|e| format!("it is not JSON ({e})"))?;
    from_json(json).map_err(|problem| format!("it does not have the record's shape ({problem})"))
}

fn from_json(json: Json) -> Result<Record, String> {
    let Json::Object(fields) = json else {
        return Err(format!("it is {}, not an object", json.kind()));
    };
    let shape = |key: &str, expected: &str| format!("`{key}` is missing or not {expected}");
    let mut v = None;
    let (mut id, mut revision, mut given, mut updated, mut expires, mut language) =
        (None, None, None, None, None, None);
    let (mut categories, mut method, mut gpc) = (None, None, None);
    for (key, value) in fields {
        let slot = match key.as_str() {
            "id" => &mut id,
            "revision" => &mut revision,
            "given" => &mut given,
            "updated" => &mut updated,
            "expires" => &mut expires,
            "language" => &mut language,
            "v" => {
                v = match &value {
                    Json::Number(n) => n.as_u32(),
                    _ => None,
                };
                if v.is_none() {
                    return Err(shape("v", "a whole number"));
                }
                continue;
            }
            "method" => {
                method = match &value {
                    Json::String(m) if m == "accept-all" => Some(Method::AcceptAll),
                    Json::String(m) if m == "reject-all" => Some(Method::RejectAll),
                    Json::String(m) if m == "custom" => Some(Method::Custom),
                    _ => return Err(shape("method", "accept-all, reject-all or custom")),
                };
                continue;
            }
            "gpc" => {
                gpc = match value {
                    Json::Bool(b) => Some(b),
                    _ => return Err(shape("gpc", "true or false")),
                };
                continue;
            }
            "categories" => {
                let Json::Object(pairs) = value else {
                    return Err(shape("categories", "an object"));
                };
                let mut map = Map::new();
                for (id, on) in pairs {
                    let Json::Bool(on) = on else {
                        return Err(format!("category `{id}` is not true or false"));
                    };
                    map.insert(id, on);
                }
                categories = Some(map);
                continue;
            }
            _ => continue,
        };
        let Json::String(s) = value else {
            return Err(shape(&key, "a string"));
        };
        *slot = Some(s);
    }
    Ok(Record {
        v: v.ok_or_else(|| shape("v", "a whole number"))?,
        id: id.ok_or_else(|| shape("id", "a string"))?,
        revision: revision.ok_or_else(|| shape("revision", "a string"))?,
        given: given.ok_or_else(|| shape("given", "a string"))?,
        updated: updated.ok_or_else(|| shape("updated", "a string"))?,
        expires: expires.ok_or_else(|| shape("expires", "a string"))?,
        categories: categories.ok_or_else(|| shape("categories", "an object"))?,
        method: method.ok_or_else(|| shape("method", "accept-all, reject-all or custom"))?,
        language: language.ok_or_else(|| shape("language", "a string"))?,
        gpc,
    })
}

/// A random UUID v4 from 16 random bytes (the shell supplies them from `crypto.getRandomValues`).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        const HEX: &[u8; 16] = b"0123456789abcdef";
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 15)] as char);
    }
    s
}
