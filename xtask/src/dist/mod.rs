//! `cargo xtask dist` and `cargo xtask demo`.
//!
//! dist: cargo (wasm32, release) -> wasm-bindgen (ES module glue) -> wasm-opt (npm binaryen) ->
//! `samtykke_bg.wasm` and its glue `samtykke_bg.js` (the full module, loaded on demand); the
//! first-paint wasm (first/) the same way without wasm-bindgen, inlined as hex into one classic
//! script `samtykke.js` (js/first.js + js/loader.js in one IIFE, minified by esbuild); plus the ES module entry `samtykke.mjs` (js/samtykke.mjs, minified), the
//! types `samtykke.d.ts` and `samtykke.d.mts`, and `package.json` (see npm.rs): `dist/` is an npm
//! package. Then the size report and budget.
//!
//! This module only runs the steps in order; each step lives in its own module.

mod demo;
mod imports;
mod languages;
mod npm;
mod out_dir;
mod readme;
mod report;
mod scripts;
mod sizes;
mod wasm;

use std::path::Path;

use crate::cmd::rel;
use crate::{files, settings, setup, Result};

pub use demo::demo;

pub fn run(root: &Path) -> Result {
    // A typo in wasm-pack.toml should fail before minutes of setup and compiling.
    settings::load(root)?;
    setup::run(root)?;
    build(root)
}

/// Builds without running setup first (`test` has already done it).
pub fn build(root: &Path) -> Result {
    let settings = settings::load(root)?;
    let out = out_dir::resolve(root, &settings)?;
    println!("dist: building into {}/", rel(root, &out));

    let wasm = wasm::cargo_build(root)?;
    let bindgen = root.join("target/bindgen");
    wasm::bindgen(root, &wasm, &bindgen)?;
    let first = wasm::cargo_build_first(root)?;

    files::recreate_dir(&out)?;

    wasm::opt(
        root,
        &settings,
        &bindgen.join("samtykke_bg.wasm"),
        &out.join(npm::WASM),
    )?;
    let renamed = imports::minify(&out.join(npm::WASM))?;
    let languages = languages::write_all(&out)?;
    let first_opt = bindgen.join("samtykke_first.wasm");
    wasm::opt(root, &settings, &first, &first_opt)?;
    scripts::classic(
        root,
        &files::read_bytes(&first_opt)?,
        &out.join(npm::CLASSIC),
        &languages,
    )?;
    scripts::glue(
        root,
        &bindgen.join("samtykke.js"),
        &out.join(npm::GLUE),
        &renamed,
    )?;

    scripts::esm(root, &out.join(npm::ESM))?;
    for types in [npm::DTS, npm::DMTS] {
        files::copy(&npm::source(root, types)?, &out.join(types))?;
    }
    files::write(&out.join(npm::PACKAGE_JSON), &npm::package_json(root)?)?;

    let tables = report::run(&out, &languages, &settings)?;
    // Only a build within its budget is one the README may describe.
    readme::write_sizes(root, &tables)?;
    // After the README's sizes, which the package copies. What a page fetches: the two shipped files
    // and the language files (runtime.json, read by samtykke/vite and `npx samtykke copy`).
    let runtime: Vec<String> = report::FULL
        .iter()
        .map(|f| f.to_string())
        .chain(languages.iter().map(|c| format!("i18n/{c}.json")))
        .collect();
    npm::package(root, &out, &runtime)
}
