//! Languages: which one to show, and the text for each key in it.
//!
//! Built-in strings come from `translations/*.toml`, checked against English and embedded at build
//! time (see `build.rs`). Site overrides from the config's `texts` win over built-in strings.

use std::collections::BTreeSet;

use super::config::{Category, Config, ConfigError, LocalText};

include!(concat!(env!("OUT_DIR"), "/translations.rs"));

/// Languages written right to left.
const RTL: [&str; 4] = ["ar", "he", "fa", "ur"];

/// Codes of the built-in languages, sorted.
pub fn built_in_codes() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(code, _)| *code)
}

pub fn is_built_in(code: &str) -> bool {
    BUILT_IN.iter().any(|(c, _)| *c == code)
}

/// The index of a text key, if it is one.
pub fn key_index(name: &str) -> Option<usize> {
    KEY_NAMES.iter().position(|k| *k == name)
}

/// A built-in string by language and key name.
pub fn builtin_text(lang: &str, key: &str) -> Option<&'static str> {
    let i = key_index(key)?;
    BUILT_IN.iter().find(|(c, _)| *c == lang).map(|(_, t)| t[i])
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

/// The language to show: the config's own choice, else `<html lang>`, else the browser's
/// `navigator.languages` in order, else English (or the first offered language if English is not).
pub fn choose_language(config: &Config, html_lang: Option<&str>, navigator: &[String]) -> String {
    if let Some(lang) = &config.language {
        return lang.clone();
    }
    let candidates = html_lang
        .into_iter()
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
pub fn placeholders(s: &str) -> BTreeSet<&str> {
    let mut set = BTreeSet::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            set.insert(after);
            break;
        };
        set.insert(&after[..close]);
        rest = &after[close + 1..];
    }
    set
}

/// Replaces `{name}` with its value; unknown placeholders stay as they are.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The strings of one language, with the site's overrides applied.
#[derive(Clone, Debug)]
pub struct Texts<'c> {
    pub lang: String,
    config: &'c Config,
    builtin: Option<&'static [&'static str; KEY_NAMES.len()]>,
}

impl<'c> Texts<'c> {
    /// The texts for `lang` (which must be one of the config's available languages).
    pub fn new(config: &'c Config, lang: &str) -> Self {
        let builtin = BUILT_IN.iter().find(|(c, _)| *c == lang).map(|(_, t)| t);
        Texts {
            lang: lang.to_owned(),
            config,
            builtin,
        }
    }

    /// One string: the site's override, else the built-in text, else English.
    pub fn get(&self, key: Key) -> &str {
        let name = KEY_NAMES[key.0 as usize];
        if let Some(s) = self.config.texts.get(&self.lang).and_then(|t| t.get(name)) {
            return s;
        }
        match self.builtin {
            Some(table) => table[key.0 as usize],
            None => BUILT_IN
                .iter()
                .find(|(c, _)| *c == "en")
                .map_or(name, |(_, t)| t[key.0 as usize]),
        }
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
