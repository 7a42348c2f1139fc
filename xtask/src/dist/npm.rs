//! dist/package.json and the names of the files it lists: `dist/` is an npm package.
//!
//! - `import 'samtykke'` (bundlers, native ES modules) gets `samtykke.mjs`, whose `load()` injects
//!   the classic loader once; its types are `samtykke.d.mts`.
//! - Everything else (`require`, old tools, `<script>` via a CDN's `main`) gets the classic loader
//!   `samtykke.js` with `samtykke.d.ts`.
//! - The wasm and the language files are exported by path, for tools that copy assets.
//!
//! The manifest is written by hand (xtask has no JSON library); the e2e test
//! `tests/e2e/esm.test.mjs` parses it and checks every path it names exists. Its JSON strings come
//! from the core's writer (`json_string`).

use std::path::{Path, PathBuf};

use crate::{files, Result};

pub const CLASSIC: &str = "samtykke.js";
pub const WASM: &str = "samtykke_bg.wasm";
pub const DTS: &str = "samtykke.d.ts";
pub const ESM: &str = "samtykke.mjs";
pub const DMTS: &str = "samtykke.d.mts";
pub const PACKAGE_JSON: &str = "package.json";

/// The files of the package besides `i18n/`, in the order the size report lists them.
pub const FILES: [&str; 6] = [CLASSIC, WASM, ESM, DTS, DMTS, PACKAGE_JSON];

/// A file under js/ that the package cannot do without.
pub fn source(root: &Path, name: &str) -> Result<PathBuf> {
    files::required(
        root,
        root.join("js").join(name),
        ": dist/ is an npm package and needs it",
    )
}

/// package.json, with the version and description of the root Cargo.toml's `[package]`.
pub fn package_json(root: &Path) -> Result<String> {
    let text = files::read(&root.join("Cargo.toml"))?;
    let cargo: toml::Value = toml::from_str(&text).map_err(|e| format!("Cargo.toml: {e}"))?;
    let field = |key: &str| {
        cargo
            .get("package")
            .and_then(|p| p.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let version = field("version").ok_or("Cargo.toml has no [package] version")?;
    let description = field("description").unwrap_or_default();
    Ok(manifest(&version, &description))
}

pub fn manifest(version: &str, description: &str) -> String {
    let files = FILES
        .iter()
        .map(|f| json_string(f))
        .chain([json_string("i18n/")])
        .collect::<Vec<_>>()
        .join(", ");
    let s = |f: &str| json_string(&format!("./{f}"));
    let (classic, wasm, dts, esm, dmts, pkg) = (
        s(CLASSIC),
        s(WASM),
        s(DTS),
        s(ESM),
        s(DMTS),
        s(PACKAGE_JSON),
    );
    format!(
        r#"{{
  "name": "samtykke",
  "version": {version},
  "description": {description},
  "license": "MIT OR Apache-2.0",
  "main": {classic},
  "module": {esm},
  "types": {dts},
  "exports": {{
    ".": {{
      "import": {{ "types": {dmts}, "default": {esm} }},
      "default": {{ "types": {dts}, "default": {classic} }}
    }},
    {classic}: {{ "types": {dts}, "default": {classic} }},
    {esm}: {{ "types": {dmts}, "default": {esm} }},
    {wasm}: {wasm},
    "./i18n/*": "./i18n/*",
    {pkg}: {pkg}
  }},
  "files": [{files}],
  "sideEffects": [{classic}]
}}
"#,
        version = json_string(version),
        description = json_string(description),
    )
}

/// A JSON string literal, written by the core's own writer (the one that writes language files).
pub fn json_string(s: &str) -> String {
    let mut out = String::new();
    samtykke::core::json::write_str(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a \"b\" \\"), r#""a \"b\" \\""#);
    }

    #[test]
    fn manifest_names_both_entries_and_escapes() {
        let m = manifest("1.2.3", "a \"quoted\" banner");
        assert!(m.contains(r#""version": "1.2.3""#), "{m}");
        assert!(m.contains(r#""description": "a \"quoted\" banner""#), "{m}");
        assert!(
            m.contains(r#""import": { "types": "./samtykke.d.mts", "default": "./samtykke.mjs" }"#),
            "{m}"
        );
        assert!(
            m.contains(r#""default": { "types": "./samtykke.d.ts", "default": "./samtykke.js" }"#),
            "{m}"
        );
        assert!(m.contains(r#""i18n/""#), "{m}");
        // Balanced braces: a cheap guard against a format! slip.
        assert_eq!(m.matches('{').count(), m.matches('}').count(), "{m}");
    }
}
