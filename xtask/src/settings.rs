//! `wasm-pack.toml`: samtykke's own build settings, read only by xtask.
//!
//! The name sits where a wasm-pack user looks for build settings, but wasm-pack itself never reads
//! it (wasm-pack reads only Cargo.toml's `[package.metadata.wasm-pack]`). Unknown keys are errors so
//! that a typo (`budget-brotli-byte`) cannot silently switch a check off.

use std::path::Path;

use serde::Deserialize;

use crate::Result;

pub const FILE: &str = "wasm-pack.toml";

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Folder the distributable is written to, relative to the repo root.
    #[serde(default = "default_out_dir")]
    pub out_dir: String,
    /// Flags for binaryen's wasm-opt (from npm, pinned in package.json).
    #[serde(default = "default_wasm_opt")]
    pub wasm_opt: Vec<String>,
    /// `dist` fails when brotli(samtykke.js), all a first visit with an inline config needs through
    /// Accept all, is larger than this.
    #[serde(default = "default_budget")]
    pub budget_brotli_bytes: u64,
    /// `dist` fails when what a page that needs the full module downloads (samtykke.js, the full
    /// module's glue and wasm, the largest language file), brotli, is larger than this.
    #[serde(default = "default_full_budget")]
    pub budget_full_brotli_bytes: u64,
}

fn default_out_dir() -> String {
    "dist".into()
}

fn default_wasm_opt() -> Vec<String> {
    [
        "-Oz",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-reference-types",
        "--enable-multivalue",
    ]
    .map(String::from)
    .to_vec()
}

fn default_budget() -> u64 {
    14_400
}

fn default_full_budget() -> u64 {
    80_000
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            out_dir: default_out_dir(),
            wasm_opt: default_wasm_opt(),
            budget_brotli_bytes: default_budget(),
            budget_full_brotli_bytes: default_full_budget(),
        }
    }
}

/// Reads `wasm-pack.toml` from the repo root; the defaults apply when the file is absent.
pub fn load(root: &Path) -> Result<Settings> {
    let path = root.join(FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            println!("note: no {FILE}, using the default settings");
            Ok(Settings::default())
        }
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

pub fn parse(text: &str) -> Result<Settings> {
    let settings: Settings = toml::from_str(text).map_err(|e| format!("{FILE}: {e}"))?;
    if settings.out_dir.trim().is_empty() {
        return Err(format!("{FILE}: `out-dir` must not be empty"));
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_that_names_it() {
        let err = parse("out-dir = \"dist\"\nbudget-brotli-byte = 1\n").unwrap_err();
        assert!(err.contains("wasm-pack.toml"), "{err}");
        assert!(err.contains("budget-brotli-byte"), "{err}");
    }

    #[test]
    fn unknown_table_is_an_error() {
        let err = parse("[package]\nname = \"x\"\n").unwrap_err();
        assert!(err.contains("package"), "{err}");
    }

    #[test]
    fn missing_keys_take_defaults() {
        assert_eq!(parse("").unwrap(), Settings::default());
        let s = parse("budget-brotli-bytes = 123").unwrap();
        assert_eq!(s.budget_brotli_bytes, 123);
        assert_eq!(s.out_dir, "dist");
    }

    #[test]
    fn wrong_type_is_an_error() {
        let err = parse("wasm-opt = \"-Oz\"").unwrap_err();
        assert!(err.contains("wasm-opt"), "{err}");
    }

    /// The file in the repo must always parse: `dist` reads it on every build.
    #[test]
    fn repo_file_parses() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        load(root).unwrap();
    }
}
