//! The two JavaScript entries, minified by esbuild: the classic script `samtykke.js` (wasm-bindgen's
//! glue and js/loader.js in one IIFE) and the ES module `samtykke.mjs`.

use std::path::Path;
use std::process::Command;

use super::{imports, npm};
use crate::cmd::{self, rel};
use crate::{files, Result};

/// One classic script: the no-modules glue declares `let wasm_bindgen` and the loader uses it, all
/// inside one strict IIFE so nothing but `window.samtykke` (set by the loader) leaks into the page.
pub fn classic(
    root: &Path,
    glue: &Path,
    output: &Path,
    languages: &[String],
    renamed: &[imports::Renamed],
) -> Result {
    let loader = files::required(
        root,
        root.join("js/loader.js"),
        ": samtykke.js cannot be built without the loader",
    )?;
    let glue_text = imports::rename_in_glue(&files::read(glue)?, renamed)?;
    // The loader guesses the visitor's language to fetch its file alongside the wasm; it needs the
    // list of files there are.
    let list = languages
        .iter()
        .map(|c| npm::json_string(c))
        .collect::<Vec<_>>()
        .join(",");
    let loader_text = files::read(&loader)?.replacen("/*LANGUAGES*/[]", &format!("[{list}]"), 1);
    let joined = format!("(function(){{\"use strict\";\n{glue_text}\n{loader_text}\n}})();\n");
    // The unminified script stays under target/ for reading and debugging.
    let unminified = root.join("target/bindgen/samtykke.loader.js");
    files::write(&unminified, &joined)?;
    esbuild(root, &unminified, &[], output)
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
