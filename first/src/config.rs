//! The config subset: `revision`, `policyUrl`, `controller`, `storageKey`, `expiresDays` (a plain
//! whole number) and `categories` of the ids with built-in texts, each with `id`, `required` and
//! `cookies`. Everything else (another key, `null`, an escape, a key twice, a value the full reader
//! would refuse) is `None`: the full module reads the config and names the problem if there is one.
//!
//! Categories are sets of bits, one per id in [`IDS`] (sorted, as the record writes them). Their
//! order in the config matters only to the preferences dialog, which is the full module's.

use crate::generated::{
    DEFAULT_EXPIRES_DAYS, DEFAULT_PRESENT, DEFAULT_REQUIRED, DEFAULT_STORAGE_KEY, IDS,
    MAX_EXPIRES_DAYS,
};
use crate::scan::{once, Scan};

/// The most cookie patterns first keeps; a config with more defers.
pub const MAX_PATTERNS: usize = 48;

/// A cookie name (`_gid`) or prefix (`_ga_*`, without its star) of the category whose bit is `cat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pattern<'a> {
    pub name: &'a str,
    pub prefix: bool,
    pub cat: u8,
}

#[derive(Clone, Copy, Debug)]
pub struct Config<'a> {
    pub revision: &'a str,
    pub policy_url: &'a str,
    /// `None` when unset or blank, as in the full reader.
    pub controller: Option<&'a str>,
    pub storage_key: &'a str,
    pub expires_days: u32,
    /// The categories configured, and the required ones among them.
    pub present: u8,
    pub required: u8,
    pub patterns: [Pattern<'a>; MAX_PATTERNS],
    pub n_patterns: usize,
}

/// The bit of category `id`, if it is one of [`IDS`].
pub fn bit(id: &str) -> Option<u8> {
    IDS.iter().position(|k| *k == id).map(|i| 1 << i)
}

impl<'a> Config<'a> {
    /// The cookie patterns in use.
    pub fn patterns(&self) -> &[Pattern<'a>] {
        self.patterns.get(..self.n_patterns).unwrap_or_default()
    }
}

/// The config, if `text` is in the subset and valid; `None` defers.
pub fn parse(text: &str) -> Option<Config<'_>> {
    let mut c = Config {
        revision: "",
        policy_url: "",
        controller: None,
        storage_key: DEFAULT_STORAGE_KEY,
        expires_days: DEFAULT_EXPIRES_DAYS,
        present: 0,
        required: 0,
        patterns: [Pattern {
            name: "",
            prefix: false,
            cat: 0,
        }; MAX_PATTERNS],
        n_patterns: 0,
    };
    let mut s = Scan::new(text);
    let mut seen = 0;
    s.object(|s, key| {
        match key {
            "revision" => {
                once(&mut seen, 1)?;
                c.revision = s.string()?;
            }
            "policyUrl" => {
                once(&mut seen, 2)?;
                c.policy_url = s.string()?;
            }
            "controller" => {
                once(&mut seen, 4)?;
                c.controller = Some(s.string()?).filter(|c| !c.trim().is_empty());
            }
            "storageKey" => {
                once(&mut seen, 8)?;
                c.storage_key = s.string()?;
            }
            "expiresDays" => {
                once(&mut seen, 16)?;
                c.expires_days = s.whole(3)?;
            }
            "categories" => {
                once(&mut seen, 32)?;
                s.array(|s| category(s, &mut c))?;
                // `[]` is an error in the full reader.
                (c.present != 0).then_some(())?;
            }
            _ => return None,
        }
        Some(())
    })?;
    s.end()?;
    if seen & 3 != 3
        || c.revision.trim().is_empty()
        || !is_safe_url(c.policy_url)
        || c.expires_days == 0
        || c.expires_days > MAX_EXPIRES_DAYS
        || c.storage_key.trim().is_empty()
    {
        return None;
    }
    if seen & 32 == 0 {
        c.present = DEFAULT_PRESENT;
        c.required = DEFAULT_REQUIRED;
    }
    Some(c)
}

/// One `{"id", "required", "cookies"}` of a standard id not listed before.
fn category<'a>(s: &mut Scan<'a>, c: &mut Config<'a>) -> Option<()> {
    let (mut id, mut required, mut seen) = (None, None, 0);
    // Patterns are read before the id may be known: they get the id's bit once it is.
    let first_pattern = c.n_patterns;
    s.object(|s, key| {
        match key {
            "id" => {
                once(&mut seen, 1)?;
                id = Some(s.string()?);
            }
            "required" => {
                once(&mut seen, 2)?;
                required = Some(s.boolean()?);
            }
            "cookies" => {
                once(&mut seen, 4)?;
                s.array(|s| {
                    let text = s.string()?;
                    let (name, prefix) = match text.strip_suffix('*') {
                        Some(name) => (name, true),
                        None => (text, false),
                    };
                    if name.is_empty() || name.chars().any(bad_in_cookie_name) {
                        return None;
                    }
                    let slot = c.patterns.get_mut(c.n_patterns)?;
                    *slot = Pattern {
                        name,
                        prefix,
                        cat: 0,
                    };
                    c.n_patterns += 1;
                    Some(())
                })?;
            }
            _ => return None,
        }
        Some(())
    })?;
    let id = id?;
    let bit = bit(id)?;
    if c.present & bit != 0 {
        return None;
    }
    let required = required.unwrap_or(id == "necessary");
    // Marketing is a sale or sharing of data by default, which a required category cannot be.
    if required && id == "marketing" {
        return None;
    }
    c.present |= bit;
    if required {
        c.required |= bit;
    }
    for p in c.patterns.get_mut(first_pattern..c.n_patterns)? {
        p.cat = bit;
    }
    Some(())
}

/// What `samtykke_core::cookie::CookiePattern::parse` refuses in a name.
fn bad_in_cookie_name(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '*' | '='
                | ';'
                | ','
                | '"'
                | '\\'
                | '('
                | ')'
                | '<'
                | '>'
                | '@'
                | ':'
                | '/'
                | '['
                | ']'
                | '?'
                | '{'
                | '}'
        )
}

/// `samtykke_core::config::is_safe_url`: http, https and relative URLs only.
pub fn is_safe_url(url: &str) -> bool {
    if url.chars().any(char::is_control) {
        return false;
    }
    let url = url.trim();
    if url.is_empty() {
        return false;
    }
    match url
        .bytes()
        .position(|b| matches!(b, b':' | b'/' | b'?' | b'#'))
    {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = &url.as_bytes()[..i];
            scheme.eq_ignore_ascii_case(b"http") || scheme.eq_ignore_ascii_case(b"https")
        }
        _ => true,
    }
}
