//! The built-in strings: every language's table, the text keys, the language files the shell
//! loads at run time ([`Pack`]), and the small text tools around them (placeholders, fill).
//!
//! Built-in strings come from `translations/*.toml`, checked against English at build time (see
//! `build.rs`). The wasm embeds English; every other built-in language ships as a [`Pack`]
//! (`i18n/<code>.json` beside the wasm) that the shell fetches only when that language is shown.
//! A leaf beside `json` and `map`: the config checks its `texts` against it, and `i18n` chooses
//! among its strings for a config.

use crate::json::{self, Json};
use crate::map::Set;

include!(concat!(env!("OUT_DIR"), "/translations.rs"));

/// Languages written right to left.
const RTL: [&str; 4] = ["ar", "he", "fa", "ur"];

/// Codes of the built-in languages, sorted.
pub fn built_in_codes() -> impl Iterator<Item = &'static str> {
    LANGUAGES.iter().map(|(code, _)| *code)
}

pub fn is_built_in(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| *c == code)
}

/// Whether a language's strings are compiled in (English always; natively, every language).
pub fn is_embedded(code: &str) -> bool {
    embedded(code).is_some()
}

pub(crate) fn embedded(code: &str) -> Option<&'static [&'static str; KEY_NAMES.len()]> {
    EMBEDDED.iter().find(|(c, _)| *c == code).map(|(_, t)| t)
}

pub(crate) fn english() -> &'static [&'static str; KEY_NAMES.len()] {
    embedded("en").expect("unreachable: English is always embedded")
}

/// The index of a text key, if it is one.
pub fn key_index(name: &str) -> Option<usize> {
    KEY_NAMES.iter().position(|k| *k == name)
}

/// An embedded string by language and key name.
pub fn builtin_text(lang: &str, key: &str) -> Option<&'static str> {
    let i = key_index(key)?;
    embedded(lang).map(|t| t[i])
}

/// The strings of one built-in language, loaded at run time from its JSON file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pack {
    strings: Vec<String>,
}

/// Why a language file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackError {
    pub lang: String,
    pub problem: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "language file `{}`: {}", self.lang, self.problem)
    }
}

impl Pack {
    /// Reads `{"key": "text", …}` and checks it like the build checks the source files: every
    /// English key, nothing else, nothing empty, English's placeholders.
    ///
    /// # Errors
    /// A [`PackError`] naming the language and the first bad key.
    pub fn from_json(lang: &str, text: &str) -> Result<Pack, PackError> {
        let fail = |problem: String| PackError {
            lang: lang.to_owned(),
            problem,
        };
        let json = json::parse(text).map_err(|e| fail(format!("not valid JSON: {e}")))?;
        let Json::Object(fields) = json else {
            return Err(fail("must be a JSON object of key to text".into()));
        };
        let mut strings = vec![None; KEY_NAMES.len()];
        for (key, value) in fields {
            let i = key_index(&key).ok_or_else(|| fail(format!("unknown key `{key}`")))?;
            let Json::String(s) = value else {
                return Err(fail(format!("`{key}` must be a string")));
            };
            if s.trim().is_empty() {
                return Err(fail(format!("`{key}` is empty")));
            }
            if placeholders(&s) != placeholders(english()[i]) {
                return Err(fail(format!(
                    "`{key}` must use the placeholders of: {}",
                    english()[i]
                )));
            }
            strings[i] = Some(s);
        }
        let strings = strings
            .into_iter()
            .enumerate()
            .map(|(i, s)| s.ok_or_else(|| fail(format!("missing key `{}`", KEY_NAMES[i]))))
            .collect::<Result<_, _>>()?;
        Ok(Pack { strings })
    }

    /// The string at `index` in [`KEY_NAMES`] order.
    pub(crate) fn get(&self, index: usize) -> &str {
        &self.strings[index]
    }

    /// The JSON file for an embedded language (what `cargo xtask dist` ships), or `None` if its
    /// strings are not compiled in.
    pub fn json_for(lang: &str) -> Option<String> {
        let table = embedded(lang)?;
        let mut out = String::from("{");
        for (i, key) in KEY_NAMES.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_str(&mut out, key);
            out.push(':');
            json::write_str(&mut out, table[i]);
        }
        out.push('}');
        Some(out)
    }
}

/// A primary language subtag: two or three ASCII letters.
pub fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// Reduces a BCP 47 tag to the language we would show for it: `de-AT` → `de`, `pt_BR` → `pt`,
/// Norwegian `nn` and `no` → `nb`.
pub fn normalize(tag: &str) -> String {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match primary.as_str() {
        "nn" | "no" => "nb".to_owned(),
        _ => primary,
    }
}

/// Right to left for Arabic and Hebrew (and Persian, Urdu if a site adds them).
pub fn is_rtl(lang: &str) -> bool {
    RTL.contains(&lang)
}

/// The `{name}` placeholders in a string.
pub fn placeholders(s: &str) -> Set<&str> {
    let mut set = Set::new();
    let mut rest = s;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            set.insert(after);
            break;
        };
        set.insert(name);
        rest = tail;
    }
    set
}

/// Replaces `{name}` with its value; unknown placeholders stay as they are. One pass per name,
/// in order, like `str::replace` (scanned by hand: the wasm then needs no substring searcher, and
/// `split_once` rather than indexing keeps the panic path for a bad char boundary out).
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        let mut next = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some((head, after)) = rest.split_once('{') {
            next.push_str(head);
            match after.strip_prefix(name).and_then(|t| t.strip_prefix('}')) {
                Some(tail) => {
                    next.push_str(value);
                    rest = tail;
                }
                None => {
                    next.push('{');
                    rest = after;
                }
            }
        }
        next.push_str(rest);
        out = next;
    }
    out
}
