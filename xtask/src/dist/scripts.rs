//! The JavaScript files, minified by esbuild: the classic script `samtykke.js` (js/first.js, the
//! first-paint wasm as hex and js/loader.js in one IIFE), the full module's glue `samtykke_bg.js`
//! (wasm-bindgen's ES module, with short import names) and the ES module entry `samtykke.mjs`.

use std::path::Path;
use std::process::Command;

use super::{imports, npm};
use crate::cmd::{self, rel};
use crate::{files, Result};

/// One classic script: js/first.js defines `firstPrepare` and the loader uses it, all inside one strict
/// IIFE so nothing but `window.samtykke` (set by the loader) leaks into the page. `first` is the
/// first-paint wasm, written into the loader as hex (brotli compresses hex to about 1.08 times the
/// wasm's own brotli size; base64 to 1.3 times, since its 6-bit groups break the byte patterns).
pub fn classic(root: &Path, first: &[u8], output: &Path, languages: &[String]) -> Result {
    let loader = files::required(
        root,
        root.join("js/loader.js"),
        ": samtykke.js cannot be built without the loader",
    )?;
    let first_glue = files::required(
        root,
        root.join("js/first.js"),
        ": samtykke.js cannot be built without the first-paint module's glue",
    )?;
    // The loader guesses the visitor's language to fetch its file alongside the wasm; it needs the
    // list of files there are.
    let list = languages
        .iter()
        .map(|c| npm::json_string(c))
        .collect::<Vec<_>>()
        .join(",");
    let loader_text = fill(
        &files::read(&loader)?,
        "/*LANGUAGES*/[]",
        &format!("[{list}]"),
    )?;
    let loader_text = fill(&loader_text, "/*FIRST*/''", &format!("'{}'", hex(first)))?;
    let first_text = files::read(&first_glue)?;
    let joined = format!("(function(){{\"use strict\";\n{first_text}\n{loader_text}\n}})();\n");
    // The unminified script stays under target/ for reading and debugging.
    let unminified = root.join("target/bindgen/samtykke.loader.js");
    files::write(&unminified, &joined)?;
    esbuild(root, &unminified, &[], output)
}

/// The full module's glue: wasm-bindgen's ES module with the short import names, minified.
pub fn glue(root: &Path, glue: &Path, output: &Path, renamed: &[imports::Renamed]) -> Result {
    let text = imports::rename_in_glue(&files::read(glue)?, renamed)?;
    let renamed_glue = root.join("target/bindgen/samtykke_bg.renamed.js");
    files::write(&renamed_glue, &text)?;
    esbuild(root, &renamed_glue, &["--format=esm"], output)
}

/// `text` with its one `marker` replaced; a loader without the marker fails the build.
fn fill(text: &str, marker: &str, with: &str) -> Result<String> {
    match text.matches(marker).count() {
        1 => Ok(text.replacen(marker, with, 1)),
        n => Err(format!("js/loader.js has `{marker}` {n} times, not once")),
    }
}

/// Lower-case hex, two digits per byte.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// The ES module entry: js/samtykke.mjs, minified. It contains no glue and no wasm: it injects
/// samtykke.js (see the file for why).
pub fn esm(root: &Path, output: &Path) -> Result {
    let input = npm::source(root, npm::ESM)?;
    esbuild(root, &input, &["--format=esm"], output)
}

/// `esbuild <input> --minify [flags] --outfile=<output>`, warnings and errors only.
fn esbuild(root: &Path, input: &Path, flags: &[&str], output: &Path) -> Result {
    let esbuild = files::npm_tool(root, "esbuild")?;
    cmd::run(
        Command::new(esbuild)
            .current_dir(root)
            .arg(rel(root, input))
            .arg("--minify")
            .args(flags)
            .arg("--log-level=warning")
            .arg(format!("--outfile={}", rel(root, output))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_writes_two_digits_per_byte() {
        assert_eq!(hex(&[0, 1, 0x7f, 0xab, 0xff]), "00017fabff");
    }

    #[test]
    fn a_marker_must_be_there_once() {
        assert_eq!(fill("a /*X*/ b", "/*X*/", "1").unwrap(), "a 1 b");
        assert!(fill("a b", "/*X*/", "1").is_err());
        assert!(fill("/*X*//*X*/", "/*X*/", "1").is_err());
    }
}
