//! The language files `i18n/<code>.json`: one per built-in language but English (which the wasm
//! embeds), written from the core's own tables, so a visitor downloads only the language shown.

use std::path::Path;

use crate::{files, Result};

/// Writes `i18n/<code>.json` under `out` and returns the codes written.
pub fn write_all(out: &Path) -> Result<Vec<String>> {
    let dir = out.join("i18n");
    files::create_dir(&dir)?;
    let mut codes = Vec::new();
    for code in samtykke::core::i18n::built_in_codes().filter(|c| *c != "en") {
        let json = samtykke::core::i18n::Pack::json_for(code)
            .ok_or_else(|| format!("language `{code}` has no strings compiled into xtask"))?;
        files::write(&dir.join(format!("{code}.json")), &json)?;
        codes.push(code.to_owned());
    }
    Ok(codes)
}

/// Where the language file of `code` is, relative to the output folder.
pub fn path(code: &str) -> String {
    format!("i18n/{code}.json")
}
