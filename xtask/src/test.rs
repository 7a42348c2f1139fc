//! `cargo xtask test`: every layer, fastest first, stopping at the first failure so the cheap
//! layers report a bug before the slow ones spend minutes on it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::cmd::{self, rel};
use crate::{dist, postgres, settings, setup, Result};

/// The core is plain Rust, tested natively; these would tie it to the browser.
const FORBIDDEN_IN_CORE: [&str; 5] = [
    "wasm_bindgen",
    "web_sys",
    "js_sys",
    "gloo",
    "cfg(target_arch",
];

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

fn boundary(root: &Path) -> Result {
    scan_core(root, &root.join("core/src"))
}

fn scan_core(root: &Path, core: &Path) -> Result {
    let mut files = Vec::new();
    walk(core, &mut files)?;
    let mut problems = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for word in FORBIDDEN_IN_CORE {
                if line.contains(word) {
                    problems.push(format!("{}:{}: `{word}`", rel(root, file), n + 1));
                }
            }
        }
    }
    if problems.is_empty() {
        println!(
            "{} files under core/src, none uses the browser",
            files.len()
        );
        Ok(())
    } else {
        Err(format!(
            "core/src must not use the browser (keep it in src/shell):\n  {}",
            problems.join("\n  ")
        ))
    }
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
    cmd::run(Command::new("cargo").current_dir(root).args([
        "build",
        "-p",
        "samtykke-receipts",
        "--bin",
        "samtykke-receipts",
    ]))?;
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
    fn boundary_names_the_file_and_line() {
        let dir = std::env::temp_dir().join(format!("xtask-boundary-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("ok.rs"), "pub fn pure() {}\n").unwrap();
        assert!(scan_core(&dir, &dir).is_ok());
        std::fs::write(
            dir.join("sub/bad.rs"),
            "//\n#[cfg(target_arch = \"wasm32\")]\n",
        )
        .unwrap();
        let err = scan_core(&dir, &dir).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(err.contains("sub/bad.rs:2: `cfg(target_arch`"), "{err}");
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
