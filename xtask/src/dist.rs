//! `cargo xtask dist` and `cargo xtask demo`.
//!
//! dist: cargo (wasm32, release) -> wasm-bindgen (no-modules glue) -> wasm-opt (npm binaryen) ->
//! one classic script `samtykke.js` (glue + js/loader.js in one IIFE, minified by esbuild) beside
//! `samtykke_bg.wasm`, plus the ES module entry `samtykke.mjs` (js/samtykke.mjs, minified), the
//! types `samtykke.d.ts` and `samtykke.d.mts`, and `package.json` (see npm.rs): `dist/` is an npm
//! package. Then the size report and budget.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, rel};
use crate::settings::{self, Settings};
use crate::{setup, sizes, Result};

/// The two files every page downloads; the budget is on their brotli sizes.
const SHIPPED: [&str; 2] = [npm::CLASSIC, npm::WASM];

#[path = "npm.rs"]
mod npm;

#[path = "imports.rs"]
mod imports;

pub fn run(root: &Path) -> Result {
    // A typo in wasm-pack.toml should fail before minutes of setup and compiling.
    settings::load(root)?;
    setup::run(root)?;
    build(root)
}

/// Builds without running setup first (`test` has already done it).
pub fn build(root: &Path) -> Result {
    let settings = settings::load(root)?;
    let out = out_dir(root, &settings)?;
    println!("dist: building into {}/", rel(root, &out));

    let wasm = cargo_build(root)?;
    let bindgen = root.join("target/bindgen");
    wasm_bindgen(root, &wasm, &bindgen)?;

    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;

    wasm_opt(
        root,
        &settings,
        &bindgen.join("samtykke_bg.wasm"),
        &out.join(SHIPPED[1]),
    )?;
    let renamed = imports::minify(&out.join(SHIPPED[1]))?;
    let languages = language_files(&out)?;
    loader(
        root,
        &bindgen.join("samtykke.js"),
        &out.join(SHIPPED[0]),
        &languages,
        &renamed,
    )?;

    esm(root, &out.join(npm::ESM))?;
    for types in [npm::DTS, npm::DMTS] {
        copy(&source(root, types)?, &out.join(types))?;
    }
    write(&out.join(npm::PACKAGE_JSON), &package_json(root)?)?;

    report(
        root,
        &out,
        &npm::FILES,
        &languages,
        settings.budget_brotli_bytes,
    )?;
    // After the report, which rewrites README.md's sizes. What a page fetches: the two shipped
    // files and the language files.
    let runtime: Vec<String> = SHIPPED
        .iter()
        .map(|f| f.to_string())
        .chain(languages.iter().map(|c| format!("i18n/{c}.json")))
        .collect();
    npm::package(root, &out, &runtime)
}

/// Writes `i18n/<code>.json` for every built-in language but English (which the wasm embeds), so a
/// visitor downloads only the language shown. Returns the codes written.
fn language_files(out: &Path) -> Result<Vec<String>> {
    let dir = out.join("i18n");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut codes = Vec::new();
    for code in samtykke::core::i18n::built_in_codes().filter(|c| *c != "en") {
        let json = samtykke::core::i18n::Pack::json_for(code)
            .ok_or_else(|| format!("language `{code}` has no strings compiled into xtask"))?;
        write(&dir.join(format!("{code}.json")), &json)?;
        codes.push(code.to_owned());
    }
    Ok(codes)
}

fn out_dir(root: &Path, settings: &Settings) -> Result<PathBuf> {
    let dir = Path::new(&settings.out_dir);
    // dist is wiped on every build: refuse anything that could wipe the repo or a source folder.
    let parts: Vec<String> = dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let first = parts.first().map(String::as_str).unwrap_or("");
    let ok = dir.is_relative()
        && dir
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
        && !matches!(
            first,
            "src" | "js" | "tests" | "translations" | "xtask" | "node_modules" | ".git" | ".ci"
        )
        && !(parts.len() == 1 && matches!(first, "www" | "target"));
    if ok {
        Ok(root.join(dir))
    } else {
        Err(format!(
            "{}: `out-dir = {:?}` must be a build folder inside the repo (it is wiped on every build)",
            settings::FILE,
            settings.out_dir
        ))
    }
}

/// Paths are remapped so the wasm (panic locations, if any) and its size do not depend on where
/// the repo or cargo's home is on this machine.
fn cargo_build(root: &Path) -> Result<PathBuf> {
    let rustflags = format!(
        "--remap-path-prefix={}=samtykke --remap-path-prefix={}=cargo",
        root.display(),
        cmd::cargo_home().display()
    );
    let mut c = Command::new("cargo");
    c.current_dir(root)
        .args(["build", "--release", "--target", setup::WASM_TARGET])
        .args(["--lib", "-p", "samtykke"])
        .env("RUSTFLAGS", rustflags)
        // Would win over RUSTFLAGS if a parent cargo had set it.
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    cmd::run(&mut c)?;
    Ok(root.join("target/wasm32-unknown-unknown/release/samtykke.wasm"))
}

fn wasm_bindgen(root: &Path, wasm: &Path, out: &Path) -> Result {
    cmd::run(
        Command::new("wasm-bindgen")
            .current_dir(root)
            .arg(rel(root, wasm))
            .args(["--target", "no-modules", "--no-typescript"])
            .arg("--out-dir")
            .arg(rel(root, out))
            .args(["--out-name", "samtykke"]),
    )
}

fn wasm_opt(root: &Path, settings: &Settings, input: &Path, output: &Path) -> Result {
    let tool = npm_tool(root, "wasm-opt")?;
    cmd::run(
        Command::new(tool)
            .current_dir(root)
            .args(&settings.wasm_opt)
            .arg(rel(root, input))
            .arg("-o")
            .arg(rel(root, output)),
    )
}

/// One classic script: the no-modules glue declares `let wasm_bindgen` and the loader uses it, all
/// inside one strict IIFE so nothing but `window.samtykke` (set by the loader) leaks into the page.
fn loader(
    root: &Path,
    glue: &Path,
    output: &Path,
    languages: &[String],
    renamed: &[imports::Renamed],
) -> Result {
    let loader = root.join("js/loader.js");
    if !loader.exists() {
        return Err(format!(
            "{} is missing: samtykke.js cannot be built without the loader",
            rel(root, &loader)
        ));
    }
    let glue_text = imports::rename_in_glue(&read(glue)?, renamed)?;
    // The loader guesses the visitor's language to fetch its file alongside the wasm; it needs the
    // list of files there are.
    let list = languages
        .iter()
        .map(|c| json_string(c))
        .collect::<Vec<_>>()
        .join(",");
    let loader_text = read(&loader)?.replacen("/*LANGUAGES*/[]", &format!("[{list}]"), 1);
    let joined = format!("(function(){{\"use strict\";\n{glue_text}\n{loader_text}\n}})();\n");
    // The unminified script stays under target/ for reading and debugging.
    let unminified = root.join("target/bindgen/samtykke.loader.js");
    write(&unminified, &joined)?;
    let esbuild = npm_tool(root, "esbuild")?;
    cmd::run(
        Command::new(esbuild)
            .current_dir(root)
            .arg(rel(root, &unminified))
            .args(["--minify", "--log-level=warning"])
            .arg(format!("--outfile={}", rel(root, output))),
    )
}

/// The ES module entry: js/samtykke.mjs, minified. It contains no glue and no wasm: it injects
/// samtykke.js (see the file for why).
fn esm(root: &Path, output: &Path) -> Result {
    let input = source(root, npm::ESM)?;
    let esbuild = npm_tool(root, "esbuild")?;
    cmd::run(
        Command::new(esbuild)
            .current_dir(root)
            .arg(rel(root, &input))
            .args(["--minify", "--format=esm", "--log-level=warning"])
            .arg(format!("--outfile={}", rel(root, output))),
    )
}

/// A file under js/ that the package cannot do without.
fn source(root: &Path, name: &str) -> Result<PathBuf> {
    let path = root.join("js").join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: dist/ is an npm package and needs it",
            rel(root, &path)
        ))
    }
}

fn package_json(root: &Path) -> Result<String> {
    let text = read(&root.join("Cargo.toml"))?;
    let manifest: toml::Value = toml::from_str(&text).map_err(|e| format!("Cargo.toml: {e}"))?;
    let field = |key: &str| {
        manifest
            .get("package")
            .and_then(|p| p.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let version = field("version").ok_or("Cargo.toml has no [package] version")?;
    let description = field("description").unwrap_or_default();
    Ok(npm::manifest(&version, &description))
}

/// A JSON string literal, written by the core's own writer (the one that writes language files).
fn json_string(s: &str) -> String {
    let mut out = String::new();
    samtykke::core::json::write_str(&mut out, s);
    out
}

/// Marks README.md's size tables, which every build rewrites from what it just measured.
const README_START: &str =
    "<!-- sizes:start: written by `cargo xtask dist`, edits in here are overwritten -->";
const README_END: &str = "<!-- sizes:end -->";

fn report(root: &Path, out: &Path, files: &[&str], languages: &[String], budget: u64) -> Result {
    let mut rows = files
        .iter()
        .map(|f| sizes::measure(f, &out.join(f)))
        .collect::<Result<Vec<_>>>()?;
    let packs = languages
        .iter()
        .map(|c| {
            sizes::measure(
                &format!("i18n/{c}.json"),
                &out.join(format!("i18n/{c}.json")),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let largest = packs.iter().max_by_key(|r| r.brotli).cloned();
    let files_table = sizes::table(&rows);
    println!("\n{files_table}");
    let all = sizes::Row {
        name: format!("all {} language files together", packs.len()),
        raw: packs.iter().map(|r| r.raw).sum(),
        gzip: packs.iter().map(|r| r.gzip).sum(),
        brotli: packs.iter().map(|r| r.brotli).sum(),
    };
    let typical: Vec<sizes::Row> = packs
        .iter()
        .filter(|r| r.name == "i18n/da.json")
        .cloned()
        .chain(largest.clone())
        .collect();
    let languages_table =
        sizes::table_without_total(&typical.iter().cloned().chain([all]).collect::<Vec<_>>());
    println!("Languages other than English (each fetched only when shown):\n\n{languages_table}");
    // A first visit downloads the loader, the wasm and at most one language file.
    rows.retain(|r| SHIPPED.contains(&r.name.as_str()));
    let shipped: u64 = rows.iter().map(|r| r.brotli).sum::<u64>() + largest.map_or(0, |r| r.brotli);
    if shipped > budget {
        return Err(format!(
            "size budget exceeded: brotli of {} + the largest language file is {shipped} bytes, \
             over the budget of {budget} (`budget-brotli-bytes` in {})",
            SHIPPED.join(" + "),
            settings::FILE
        ));
    }
    println!(
        "size budget: {shipped} of {budget} bytes brotli ({} + {} + the largest language file)",
        SHIPPED[0], SHIPPED[1]
    );
    // Only a build within its budget is one the README may describe.
    write_readme_sizes(root, &files_table, &languages_table)
}

/// The README's size tables are this build's, so they cannot go stale by hand. A README without
/// the markers is left alone, with a note.
fn write_readme_sizes(root: &Path, files_table: &str, languages_table: &str) -> Result {
    let path = root.join("README.md");
    let doc = read(&path)?;
    let section = format!(
        "{README_START}\n{}\n\nLanguages other than English, each fetched only when it is shown:\n\n{}\n{README_END}\n",
        files_table.trim_end(),
        languages_table.trim_end()
    );
    match crate::section::replace(&doc, README_START, README_END, &section) {
        Some(new) if new != doc => {
            std::fs::write(&path, new).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        Some(_) => Ok(()),
        None => {
            println!("note: README.md has no `{README_END}` size section; not updated");
            Ok(())
        }
    }
}

/// Tools from node_modules only: the pinned npm binaryen, never a system wasm-opt.
fn npm_tool(root: &Path, name: &str) -> Result<PathBuf> {
    let path = root.join("node_modules/.bin").join(name);
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing; run `cargo xtask setup`",
            rel(root, &path)
        ))
    }
}

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// `cargo xtask demo`: the build served with the demo pages, until Ctrl-C.
///
/// The server runs in the foreground process group, so Ctrl-C reaches it and xtask alike and
/// nothing is left behind; xtask waits for it rather than exiting first.
pub fn demo(root: &Path) -> Result {
    let server = root.join("tests/e2e/server.mjs");
    if !server.exists() {
        return Err(format!(
            "{} is missing: the demo needs the e2e test server",
            rel(root, &server)
        ));
    }
    run(root)?;
    let mut c = Command::new("node");
    c.current_dir(root)
        .arg(rel(root, &server))
        .args(["--port", "8080"])
        .env("SAMTYKKE_DIST", root.join(settings::load(root)?.out_dir));
    println!("$ {}", cmd::show(&c));
    let mut child = c.spawn().map_err(|e| format!("cannot start node: {e}"))?;
    println!("samtykke demo: http://127.0.0.1:8080/  (Ctrl-C stops it)");
    let status = child
        .wait()
        .map_err(|e| format!("waiting for the demo server: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the demo server stopped: {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_dir_must_stay_a_build_folder() {
        let root = Path::new("/repo");
        let with = |dir: &str| {
            let s = Settings {
                out_dir: dir.into(),
                ..Settings::default()
            };
            out_dir(root, &s)
        };
        assert!(with("dist").is_ok());
        assert!(with("www/samtykke").is_ok());
        assert!(with("www").is_err());
        assert!(with("dist/../src").is_err());
        assert!(with(".").is_err());
        assert!(with("..").is_err());
        assert!(with("/tmp/x").is_err());
        assert!(with("src").is_err());
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a \"b\" \\"), r#""a \"b\" \\""#);
    }
}
