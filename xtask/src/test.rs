//! `cargo xtask test`: every layer, fastest first, stopping at the first failure so the cheap
//! layers report a bug before the slow ones spend minutes on it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::cmd::{self, rel};
use crate::{dist, postgres, settings, setup, Result};

/// The core crate: plain Rust, tested natively.
const CORE: &str = "samtykke-core";

pub fn run(root: &Path) -> Result {
    let start = Instant::now();
    layer("setup", || setup::run(root))?;
    layer("boundary: core/ stays browser-free", || boundary(root))?;
    layer(
        "native tests (workspace; receipts on SQLite and PostgreSQL)",
        || {
            // Stopped when dropped, also when a test fails.
            let pg = postgres::Cluster::start()?;
            cmd::run(
                Command::new("cargo")
                    .current_dir(root)
                    .args(["test", "--workspace"])
                    .env(postgres::URL_VAR, &pg.url),
            )
        },
    )?;
    layer("wasm tests in headless Chromium", || wasm_tests(root))?;
    layer("dist", || dist::build(root))?;
    layer("types (tsc)", || types(root))?;
    layer("end-to-end tests", || e2e(root))?;
    for (engine, name) in crate::engines::ENGINES {
        layer(&format!("end-to-end subset in {name}"), || {
            crate::engines::run(root, engine)
        })?;
    }
    println!(
        "\nxtask test: all layers passed in {:.1}s",
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn layer(name: &str, f: impl FnOnce() -> Result) -> Result {
    println!("\n=== {name}");
    let start = Instant::now();
    let result = f();
    let took = start.elapsed().as_secs_f64();
    match &result {
        Ok(()) => println!("=== {name}: ok in {took:.1}s"),
        Err(_) => println!("=== {name}: FAILED after {took:.1}s"),
    }
    result.map_err(|e| format!("{name}: {e}"))
}

/// The core may not depend on the browser: cargo lists every crate the core's normal build links,
/// for every target, and none may be a browser crate. (Code in core/ cannot name one that is not
/// in this tree, so the compiler enforces the rest.)
fn boundary(root: &Path) -> Result {
    let mut tree = Command::new("cargo");
    tree.current_dir(root).args([
        "tree", "-p", CORE, "-e", "normal", "--target", "all", "--prefix", "none", "--format",
        "{p}",
    ]);
    println!("$ {}", cmd::show(&tree));
    let listing = cmd::output(&mut tree)
        .ok_or_else(|| format!("`{}` failed; run it to see why", cmd::show(&tree)))?;
    let crates = crate_names(&listing);
    if !crates.contains(&CORE) {
        return Err(format!("`cargo tree` did not list {CORE}:\n{listing}"));
    }
    let browser: Vec<&str> = crates.into_iter().filter(|c| is_browser_crate(c)).collect();
    if browser.is_empty() {
        println!("{CORE} and its normal dependencies name no browser crate");
        Ok(())
    } else {
        Err(format!(
            "{CORE} depends on browser crates (keep them in the wasm crate's shell): {}",
            browser.join(", ")
        ))
    }
}

/// The package names in `cargo tree --prefix none --format {p}` output, one per line
/// (`name v1.2.3 (/path)`, ` (*)` after a repeat), each once, in order.
fn crate_names(listing: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for line in listing.lines() {
        if let Some(name) = line.split_whitespace().next() {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// Crates that exist to reach the browser: web-sys, js-sys, wasm-bindgen (and its helpers), gloo-*.
fn is_browser_crate(name: &str) -> bool {
    name == "web-sys"
        || name == "js-sys"
        || name == "wasm-bindgen"
        || name.starts_with("wasm-bindgen-")
        || name == "gloo"
        || name.starts_with("gloo-")
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// wasm-bindgen-test-runner starts chromedriver, which starts Debian's Chromium. The runner adds
/// `headless`, `no-sandbox` and `disable-dev-shm-usage` itself, which is enough as root.
fn wasm_tests(root: &Path) -> Result {
    cmd::run(
        Command::new("cargo")
            .current_dir(root)
            .args([
                "test",
                "--target",
                setup::WASM_TARGET,
                "--tests",
                "-p",
                "samtykke",
            ])
            .env("CHROMEDRIVER", setup::CHROMEDRIVER),
    )
}

/// The shipped declarations (dist/samtykke.d.ts, dist/samtykke.d.mts), type-checked by the pinned
/// npm `typescript` against tests/types/, which uses every member and proves wrong usage fails.
fn types(root: &Path) -> Result {
    let tsc = root.join("node_modules/.bin/tsc");
    if !tsc.exists() {
        return Err(format!(
            "{} is missing; run `cargo xtask setup`",
            rel(root, &tsc)
        ));
    }
    cmd::run(Command::new(tsc).current_dir(root).args([
        "--noEmit",
        "--strict",
        "-p",
        "tests/types/tsconfig.json",
    ]))
}

/// Node's runner picks these names when given a folder; server.mjs and helpers are not tests.
fn is_node_test(name: &str) -> bool {
    let stem = [".mjs", ".cjs", ".js"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext));
    stem.is_some_and(|s| {
        s == "test"
            || s.starts_with("test-")
            || s.ends_with(".test")
            || s.ends_with("-test")
            || s.ends_with("_test")
    })
}

fn e2e(root: &Path) -> Result {
    let folder = root.join("tests/e2e");
    let mut files = Vec::new();
    if folder.is_dir() {
        walk(&folder, &mut files)?;
    }
    let tests = files
        .iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "node_modules"))
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| is_node_test(&n.to_string_lossy()))
        })
        .count();
    if tests == 0 {
        println!("note: no end-to-end tests under tests/e2e/ yet (*.test.mjs); skipped");
        return Ok(());
    }
    let dist = root.join(settings::load(root)?.out_dir);
    // The beacon test runs the receipts server's binary.
    crate::receipts::build_binary(root)?;
    cmd::run(
        Command::new("node")
            .current_dir(root)
            .args(["--test", "--test-concurrency=1", "tests/e2e/"])
            .env("SAMTYKKE_DIST", dist)
            .env(
                "SAMTYKKE_RECEIPTS_BIN",
                root.join("target/debug/samtykke-receipts"),
            ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boundary_reads_cargo_tree_and_finds_browser_crates() {
        let clean = "samtykke-core v0.1.0 (/repo/core)\n";
        assert_eq!(crate_names(clean), ["samtykke-core"]);
        assert!(crate_names(clean).iter().all(|c| !is_browser_crate(c)));
        let tainted = "samtykke-core v0.1.0 (/repo/core)\n\
                       wasm-bindgen v0.2.129\n\
                       cfg-if v1.0.5\n\
                       wasm-bindgen-macro v0.2.129 (proc-macro)\n\
                       gloo-timers v0.3.0\n\
                       cfg-if v1.0.5 (*)\n\
                       \n\
                       js-sys v0.3.106\n";
        let names = crate_names(tainted);
        assert_eq!(
            names,
            [
                "samtykke-core",
                "wasm-bindgen",
                "cfg-if",
                "wasm-bindgen-macro",
                "gloo-timers",
                "js-sys"
            ]
        );
        let browser: Vec<&str> = names.into_iter().filter(|c| is_browser_crate(c)).collect();
        assert_eq!(
            browser,
            [
                "wasm-bindgen",
                "wasm-bindgen-macro",
                "gloo-timers",
                "js-sys"
            ]
        );
        for not in ["web-sysx", "gloom", "wasm-bindgenx", "serde", "js"] {
            assert!(!is_browser_crate(not), "{not}");
        }
        assert!(is_browser_crate("web-sys") && is_browser_crate("gloo"));
    }

    #[test]
    fn node_test_names() {
        for name in [
            "banner.test.mjs",
            "test-x.js",
            "a_test.cjs",
            "test.mjs",
            "b-test.mjs",
        ] {
            assert!(is_node_test(name), "{name}");
        }
        for name in ["server.mjs", "helpers.mjs", "testing.mjs", "fixture.json"] {
            assert!(!is_node_test(name), "{name}");
        }
    }
}
