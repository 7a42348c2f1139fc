//! dist/package.json and the names of the files it lists: `dist/` is an npm package.
//!
//! - `import 'samtykke'` (bundlers, native ES modules) gets `samtykke.mjs`, whose `load()` injects
//!   the classic loader once; its types are `samtykke.d.mts`.
//! - Everything else (`require`, old tools, `<script>` via a CDN's `main`) gets the classic loader
//!   `samtykke.js` with `samtykke.d.ts`.
//! - The wasm and the language files are exported by path, for tools that copy assets.
//! - `samtykke/vite` (a Vite plugin) and `samtykke/react` (hooks), and the bin `samtykke`
//!   (`npx samtykke copy <folder>` for other bundlers). They find the runtime files, the ones a page
//!   fetches, through `runtime.json`, which [`package`] writes from the list dist gives it; so
//!   neither needs a change when that list changes.
//! - README.md and both licence files, as `npm pack` wants them.
//!
//! The manifest is written by hand (xtask has no JSON library); the e2e test
//! `tests/e2e/esm.test.mjs` parses it and checks every path it names exists. Its JSON strings come
//! from the core's writer (`json_string`).

use std::path::{Path, PathBuf};

use crate::files::{self, copy, read, write};
use crate::Result;

pub const CLASSIC: &str = "samtykke.js";
pub const WASM: &str = "samtykke_bg.wasm";
/// The full module's wasm-bindgen glue, an ES module the loader imports when it needs the full wasm.
pub const GLUE: &str = "samtykke_bg.js";
pub const DTS: &str = "samtykke.d.ts";
pub const ESM: &str = "samtykke.mjs";
pub const DMTS: &str = "samtykke.d.mts";
pub const PACKAGE_JSON: &str = "package.json";

/// The files of the package besides `i18n/`, in the order the size report lists them.
pub const FILES: [&str; 7] = [CLASSIC, GLUE, WASM, ESM, DTS, DMTS, PACKAGE_JSON];

pub const RUNTIME: &str = "runtime.json";
pub const VITE: &str = "vite.mjs";
pub const REACT: &str = "react.mjs";
pub const CLI: &str = "cli.mjs";
/// Copied from js/ unchanged (the modules for bundlers and Node are read, not shipped to pages).
const FROM_JS: [&str; 5] = [VITE, "vite.d.mts", REACT, "react.d.mts", CLI];
/// Copied from the repository's root.
const FROM_ROOT: [&str; 3] = ["README.md", "LICENSE-MIT", "LICENSE-APACHE"];
/// Where samtykke.d.mts gets the keys `texts` may override.
const TEXT_KEYS: &str = "/*TEXT_KEYS*/ string";

/// Everything in the package besides [`FILES`] and `i18n/`; `runtime` is what a page fetches
/// (paths inside `out`), in the order dist built them.
pub fn package(root: &Path, out: &Path, runtime: &[String]) -> Result {
    for name in FROM_JS {
        copy(&root.join("js").join(name), &out.join(name))?;
    }
    for name in FROM_ROOT {
        copy(&root.join(name), &out.join(name))?;
    }
    for name in runtime {
        if !out.join(name).is_file() {
            return Err(format!("runtime file {name} is not in {}", out.display()));
        }
    }
    write(&out.join(RUNTIME), &runtime_json(runtime))?;
    let dmts = out.join(DMTS);
    let text = read(&dmts)?;
    if !text.contains(TEXT_KEYS) {
        return Err(format!("js/{DMTS} has no `{TEXT_KEYS}` for the text keys"));
    }
    let keys = text_keys(&read(&root.join("translations/en.toml"))?)?;
    write(&dmts, &text.replacen(TEXT_KEYS, &keys, 1))
}

/// `{"files": [...]}`: the files a page fetches, for samtykke/vite and `npx samtykke copy`.
pub fn runtime_json(files: &[String]) -> String {
    let list = files
        .iter()
        .map(|f| format!("\n    {}", json_string(f)))
        .collect::<Vec<_>>()
        .join(",");
    format!("{{\n  \"files\": [{list}\n  ]\n}}\n")
}

/// The keys of the English strings as a TypeScript union: `\n  | "accept_all"\n  | ...`.
fn text_keys(en: &str) -> Result<String> {
    let table: toml::Table =
        toml::from_str(en).map_err(|e| format!("translations/en.toml: {e}"))?;
    if table.is_empty() {
        return Err("translations/en.toml has no keys".into());
    }
    Ok(table
        .keys()
        .map(|k| format!("\n  | {}", json_string(k)))
        .collect())
}

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
        .chain(&FROM_JS)
        .chain(&[RUNTIME])
        // npm adds README.md by itself, but not licence files named LICENSE-*.
        .chain(&FROM_ROOT)
        .map(|f| json_string(f))
        .chain([json_string("i18n/")])
        .collect::<Vec<_>>()
        .join(", ");
    let s = |f: &str| json_string(&format!("./{f}"));
    let (classic, glue, wasm, dts, esm, dmts, pkg) = (
        s(CLASSIC),
        s(GLUE),
        s(WASM),
        s(DTS),
        s(ESM),
        s(DMTS),
        s(PACKAGE_JSON),
    );
    let (vite, react, runtime) = (s(VITE), s(REACT), s(RUNTIME));
    let types = |f: &str| s(&f.replace(".mjs", ".d.mts"));
    let (vite_types, react_types) = (types(VITE), types(REACT));
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
    "./vite": {{ "types": {vite_types}, "default": {vite} }},
    "./react": {{ "types": {react_types}, "default": {react} }},
    {glue}: {glue},
    {wasm}: {wasm},
    "./i18n/*": "./i18n/*",
    {runtime}: {runtime},
    {pkg}: {pkg}
  }},
  "bin": {{ "samtykke": {cli} }},
  "files": [{files}],
  "sideEffects": [{classic}],
  "peerDependencies": {{ "react": ">=18", "vite": ">=5" }},
  "peerDependenciesMeta": {{ "react": {{ "optional": true }}, "vite": {{ "optional": true }} }}
}}
"#,
        cli = json_string(CLI),
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
        assert!(
            m.contains(r#""./vite": { "types": "./vite.d.mts", "default": "./vite.mjs" }"#),
            "{m}"
        );
        assert!(m.contains(r#""bin": { "samtykke": "cli.mjs" }"#), "{m}");
        // Balanced braces: a cheap guard against a format! slip.
        assert_eq!(m.matches('{').count(), m.matches('}').count(), "{m}");
    }

    #[test]
    fn runtime_lists_the_files_in_order() {
        let files = ["samtykke.js".to_string(), "i18n/da.json".to_string()];
        assert_eq!(
            runtime_json(&files),
            "{\n  \"files\": [\n    \"samtykke.js\",\n    \"i18n/da.json\"\n  ]\n}\n"
        );
    }

    #[test]
    fn text_keys_are_a_union_of_strings() {
        let keys = text_keys("title = \"T\"\naccept_all = \"A\"\n").unwrap();
        assert_eq!(keys, "\n  | \"accept_all\"\n  | \"title\"");
        assert!(text_keys("").is_err());
    }
}
