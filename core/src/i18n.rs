//! Languages: which one to show, and the text for each key in it.
//!
//! Built-in strings come from `translations/*.toml`, checked against English at build time (see
//! `build.rs`). The wasm embeds English; every other built-in language ships as a [`Pack`]
//! (`i18n/<code>.json` beside the wasm) that the shell fetches only when that language is shown.
//! Site overrides from the config's `texts` win over built-in strings.

use crate::config::{Category, Config, ConfigError, LocalText};
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

fn embedded(code: &str) -> Option<&'static [&'static str; KEY_NAMES.len()]> {
    EMBEDDED.iter().find(|(c, _)| *c == code).map(|(_, t)| t)
}

fn english() -> &'static [&'static str; KEY_NAMES.len()] {
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
        Self::from_json_with(lang, text, super::json::rust_f64)
    }

    /// [`Pack::from_json`] with another parser for long numbers (see [`super::json::parse_with`]).
    ///
    /// # Errors
    /// As [`Pack::from_json`].
    pub fn from_json_with(
        lang: &str,
        text: &str,
        numbers: super::json::SlowNumbers,
    ) -> Result<Pack, PackError> {
        let fail = |problem: String| PackError {
            lang: lang.to_owned(),
            problem,
        };
        let json = super::json::parse_with(text, numbers)
            .map_err(|e| fail(format!("not valid JSON: {e}")))?;
        let super::json::Json::Object(fields) = json else {
            return Err(fail("must be a JSON object of key to text".into()));
        };
        let mut strings = vec![None; KEY_NAMES.len()];
        for (key, value) in fields {
            let i = key_index(&key).ok_or_else(|| fail(format!("unknown key `{key}`")))?;
            let super::json::Json::String(s) = value else {
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

    /// The JSON file for an embedded language (what `cargo xtask dist` ships), or `None` if its
    /// strings are not compiled in.
    pub fn json_for(lang: &str) -> Option<String> {
        let table = embedded(lang)?;
        let mut out = String::from("{");
        for (i, key) in KEY_NAMES.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            super::json::write_str(&mut out, key);
            out.push(':');
            super::json::write_str(&mut out, table[i]);
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

/// The first candidate that is available, after [`normalize`].
pub fn negotiate<'a>(
    candidates: impl IntoIterator<Item = &'a str>,
    available: &[String],
) -> Option<String> {
    candidates
        .into_iter()
        .map(normalize)
        .find(|code| available.iter().any(|a| a == code))
}

/// A language's name for itself, for the switcher (a site's own language names itself in `texts`).
pub fn language_name<'a>(config: &'a Config, code: &'a str) -> &'a str {
    if let Some(name) = config.texts.get(code).and_then(|t| t.get("language_name")) {
        return name;
    }
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

/// The language to show: the config's own choice, else what the visitor picked in the switcher
/// before (`remembered`), else `<html lang>`, else the browser's `navigator.languages` in order,
/// else English (or the first offered language if English is not offered).
pub fn choose_language(
    config: &Config,
    remembered: Option<&str>,
    html_lang: Option<&str>,
    navigator: &[String],
) -> String {
    if let Some(lang) = &config.language {
        return lang.clone();
    }
    let candidates = remembered
        .into_iter()
        .chain(html_lang)
        .chain(navigator.iter().map(String::as_str));
    negotiate(candidates, &config.languages).unwrap_or_else(|| {
        if config.languages.iter().any(|l| l == "en") {
            "en".to_owned()
        } else {
            config.languages[0].clone()
        }
    })
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

/// The strings of one language, with the site's overrides applied.
#[derive(Clone, Debug)]
pub struct Texts<'c> {
    pub lang: String,
    config: &'c Config,
    pack: Option<&'c Pack>,
}

impl<'c> Texts<'c> {
    /// The texts for `lang` (one of the config's available languages), with its loaded [`Pack`] when
    /// its strings are not embedded (without one, missing strings fall back to English).
    pub fn new(config: &'c Config, lang: &str, pack: Option<&'c Pack>) -> Self {
        Texts {
            lang: lang.to_owned(),
            config,
            pack,
        }
    }

    /// One string: the site's override, else the language's own, else English.
    pub fn get(&self, key: Key) -> &str {
        let i = key.0 as usize;
        if let Some(s) = self
            .config
            .texts
            .get(&self.lang)
            .and_then(|t| t.get(KEY_NAMES[i]))
        {
            return s;
        }
        if let Some(pack) = self.pack {
            return &pack.strings[i];
        }
        embedded(&self.lang).unwrap_or_else(english)[i]
    }

    /// The first-layer notice, naming the controller (or "this website").
    pub fn notice(&self) -> String {
        let controller = self
            .config
            .controller
            .as_deref()
            .unwrap_or_else(|| self.get(Key::THIS_SITE));
        fill(self.get(Key::NOTICE), &[("controller", controller)])
    }

    /// Title and description of a category in this language: the category's own texts, else the
    /// built-in (or overridden) `<id>_title` and `<id>_description`.
    ///
    /// # Errors
    /// A custom category without a title and description for this language.
    pub fn category(&self, cat: &Category, index: usize) -> Result<(String, String), ConfigError> {
        let pick = |own: &Option<LocalText>, suffix: &str| -> Result<String, ConfigError> {
            if let Some(s) = own.as_ref().and_then(|t| t.get(&self.lang)) {
                return Ok(s.to_owned());
            }
            match key_index(&format!("{}_{suffix}", cat.id)) {
                Some(i) => Ok(self.get(Key(i as u8)).to_owned()),
                None => Err(ConfigError::new(
                    format!("categories[{index}].{suffix}"),
                    format!(
                        "custom category `{}` needs a {suffix} in `{}`, the language shown",
                        cat.id, self.lang
                    ),
                )),
            }
        };
        Ok((
            pick(&cat.title, "title")?,
            pick(&cat.description, "description")?,
        ))
    }

    /// The placeholder of an embed of the category titled `category`: its sentence, naming the
    /// provider's host when there is one, and its allow button's label. The host is a bidi
    /// isolate, so a left-to-right name keeps its dots in place in Arabic and Hebrew.
    pub fn embed(&self, category: &str, provider: Option<&str>) -> (String, String) {
        let notice = match provider {
            Some(host) => fill(
                self.get(Key::EMBED_BLOCKED),
                &[
                    ("category", category),
                    ("provider", &format!("\u{2068}{host}\u{2069}")),
                ],
            ),
            None => fill(
                self.get(Key::EMBED_BLOCKED_UNNAMED),
                &[("category", category)],
            ),
        };
        (
            notice,
            fill(self.get(Key::EMBED_ALLOW), &[("category", category)]),
        )
    }

    /// Checks that every category has its texts in this language.
    ///
    /// # Errors
    /// The first category without them.
    pub fn check(&self) -> Result<(), ConfigError> {
        for (i, cat) in self.config.categories.iter().enumerate() {
            self.category(cat, i)?;
        }
        Ok(())
    }
}
