//! Languages: which one to show, and the text for each key in it, with the site's overrides.
//!
//! The built-in strings and what is known about them (keys, languages, language files, placeholders)
//! are the [`crate::catalog`]'s; this module chooses among them for a config, and names the
//! catalog's items too, so `i18n::Key` or `i18n::fill` reads as before.

use crate::config::{Category, Config, LocalText};
use crate::read::ConfigError;

pub use crate::catalog::{
    built_in_codes, builtin_text, fill, is_built_in, is_embedded, is_language_code, is_rtl,
    key_index, normalize, placeholders, Key, Pack, PackError, EMBEDDED, KEY_NAMES, LANGUAGES,
};
use crate::catalog::{embedded, english};

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
            return pack.get(i);
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
        let mut notice = fill(self.get(Key::NOTICE), &[("controller", controller)]);
        // Before any choice, the visitor learns it can be changed or withdrawn, and where.
        notice.push(' ');
        notice.push_str(&fill(
            self.get(Key::WITHDRAW_NOTICE),
            &[("reopen", self.get(Key::REOPEN))],
        ));
        notice
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
