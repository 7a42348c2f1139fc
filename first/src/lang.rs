//! `samtykke_core::i18n::choose_language` for a config without `language` and `languages` (so every
//! built-in language is offered): the first candidate that names a built-in language wins, else
//! English. first shows only English; any other answer defers.

use crate::generated::LANGUAGES;

/// Candidates in the full module's order: the remembered pick, `<html lang>`, `navigator.languages`.
#[derive(Default)]
pub struct Choice {
    /// Some(true): English; Some(false): another language; None: nothing matched yet.
    chosen: Option<bool>,
}

impl Choice {
    pub const fn new() -> Self {
        Choice { chosen: None }
    }

    pub fn offer(&mut self, tag: &str) {
        if self.chosen.is_none() {
            self.chosen = built_in(tag);
        }
    }

    /// Whether the language shown is English.
    pub fn english(&self) -> bool {
        self.chosen.unwrap_or(true)
    }
}

/// `Some(is English)` when `tag` normalizes (`i18n::normalize`) to a built-in language.
fn built_in(tag: &str) -> Option<bool> {
    let tag = tag.trim();
    let cut = tag
        .bytes()
        .position(|b| b == b'-' || b == b'_')
        .unwrap_or(tag.len());
    let primary = tag.get(..cut).unwrap_or("");
    let norwegian = primary.eq_ignore_ascii_case("nn") || primary.eq_ignore_ascii_case("no");
    let primary = if norwegian { "nb" } else { primary };
    LANGUAGES
        .iter()
        .find(|code| primary.eq_ignore_ascii_case(code))
        .map(|code| *code == "en")
}
