//! `cargo xtask setup`: installs what the build needs, through rustup, cargo, apt and npm only.
//!
//! A new machine (or CI on one) has none of it, so every command that needs tools runs this first.
//! Each step checks first and says `ok` when nothing is to do, so a second run costs a second.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;

use crate::cmd;
use crate::Result;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The other engines of the end-to-end subset (tests/e2e/engines/): Firefox ESR, WebKitGTK's
/// WebDriver (its package brings MiniBrowser) and the X server WebKitGTK draws on.
const ENGINE_FILES: [&str; 3] = [
    "/usr/bin/firefox-esr",
    "/usr/bin/WebKitWebDriver",
    "/usr/bin/Xvfb",
];
const ENGINE_PACKAGES: [&str; 3] = ["firefox-esr", "webkit2gtk-driver", "xvfb"];

pub fn run(root: &Path) -> Result {
    wasm_target()?;
    wasm_bindgen_cli(root)?;
    debian_packages()?;
    engine_packages()?;
    crate::postgres::install()?;
    npm_packages(root)?;
    example_packages(root)?;
    Ok(())
}

fn wasm_target() -> Result {
    let installed = cmd::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .is_some_and(|out| out.lines().any(|l| l.trim() == WASM_TARGET));
    if installed {
        println!("setup: rust target {WASM_TARGET}: ok");
        return Ok(());
    }
    println!("setup: rust target {WASM_TARGET}: installing");
    cmd::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in the build, or the glue
/// it writes does not match the wasm; so the version is read from Cargo.lock, never written here.
fn wasm_bindgen_cli(root: &Path) -> Result {
    let version = wasm_bindgen_version(root)?;
    let want = |tool: &str| {
        cmd::output(Command::new(tool).arg("--version"))
            .is_some_and(|out| out.split_whitespace().nth(1) == Some(version.as_str()))
    };
    if want("wasm-bindgen") && want("wasm-bindgen-test-runner") {
        println!("setup: wasm-bindgen-cli {version}: ok");
        return Ok(());
    }
    println!("setup: wasm-bindgen-cli {version}: installing");
    cmd::run(Command::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--locked",
        "--force",
    ]))
}

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

/// The wasm-bindgen version: Cargo.lock's entry, else the `=x.y.z` pin in Cargo.toml.
pub fn wasm_bindgen_version(root: &Path) -> Result<String> {
    if let Ok(text) = std::fs::read_to_string(root.join("Cargo.lock")) {
        let lock: Lock = toml::from_str(&text).map_err(|e| format!("Cargo.lock: {e}"))?;
        let mut versions: Vec<String> = lock
            .package
            .into_iter()
            .filter(|p| p.name == "wasm-bindgen")
            .map(|p| p.version)
            .collect();
        versions.dedup();
        match versions.as_slice() {
            [one] => return Ok(one.clone()),
            [] => {}
            many => {
                return Err(format!(
                    "Cargo.lock has several wasm-bindgen versions ({}); pin one with `=x.y.z`",
                    many.join(", ")
                ))
            }
        }
    }
    let text = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read Cargo.toml: {e}"))?;
    let manifest: toml::Value = toml::from_str(&text).map_err(|e| format!("Cargo.toml: {e}"))?;
    find_pin(&manifest).ok_or_else(|| {
        "no wasm-bindgen version in Cargo.lock, nor `wasm-bindgen = \"=x.y.z\"` in Cargo.toml"
            .to_string()
    })
}

/// Looks through every `*dependencies` table, including `[target.'cfg(..)'.dependencies]`.
fn find_pin(value: &toml::Value) -> Option<String> {
    let table = value.as_table()?;
    for (key, value) in table {
        if key.ends_with("dependencies") {
            let dep = value.get("wasm-bindgen");
            let req = dep.and_then(|d| d.as_str().or_else(|| d.get("version")?.as_str()));
            if let Some(exact) = req.and_then(|r| r.trim().strip_prefix('=')) {
                return Some(exact.trim().to_string());
            }
        } else if let Some(found) = find_pin(value) {
            return Some(found);
        }
    }
    None
}

/// Chromium and its driver for the wasm tests and the end-to-end tests; brotli for checking the
/// size report by hand. Debian's packages, because no browser download works on these machines.
fn debian_packages() -> Result {
    let needed = [CHROMIUM, CHROMEDRIVER, "/usr/bin/brotli"];
    if needed.iter().all(|p| Path::new(p).exists()) {
        println!("setup: debian packages chromium chromium-driver brotli: ok");
        return Ok(());
    }
    println!("setup: debian packages chromium chromium-driver brotli: installing");
    cmd::run(&mut apt(&["update"]))?;
    cmd::run(&mut apt(&[
        "install",
        "-y",
        "chromium",
        "chromium-driver",
        "brotli",
    ]))
}

/// Firefox ESR, WebKitWebDriver and Xvfb for the end-to-end subset in the other engines. In CI a
/// failed install fails setup; on a developer's machine (no sudo, say) it is a warning, and
/// `cargo xtask test` then skips those engines with a line that says so.
fn engine_packages() -> Result {
    let names = ENGINE_PACKAGES.join(" ");
    if ENGINE_FILES.iter().all(|p| Path::new(p).exists()) {
        println!("setup: debian packages {names}: ok");
        return Ok(());
    }
    println!("setup: debian packages {names}: installing");
    let mut install = vec!["install", "-y"];
    install.extend(ENGINE_PACKAGES);
    let done = cmd::run(&mut apt(&["update"])).and_then(|()| cmd::run(&mut apt(&install)));
    match done {
        Err(e) if !ci() => {
            println!("setup: warning: {e}; the end-to-end subset will skip the engines missing");
            Ok(())
        }
        done => done,
    }
}

/// Whether this run is CI's (`.ci/run` has CI=true): there nothing may be skipped.
pub fn ci() -> bool {
    is_set(std::env::var("CI").ok().as_deref())
}

fn is_set(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// apt-get as root, or through sudo for a developer who is not.
pub fn apt(args: &[&str]) -> Command {
    let root = cmd::output(Command::new("id").arg("-u")).is_some_and(|id| id.trim() == "0");
    let mut c = if root {
        Command::new("apt-get")
    } else {
        let mut c = Command::new("sudo");
        c.arg("--preserve-env=DEBIAN_FRONTEND").arg("apt-get");
        c
    };
    c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
    c
}

/// binaryen (wasm-opt), esbuild and the browser clients (playwright-core, puppeteer-core,
/// selenium-webdriver), at the versions package-lock.json pins. None of them downloads a browser.
fn npm_packages(root: &Path) -> Result {
    let lock = root.join("package-lock.json");
    let tools_there = ["wasm-opt", "esbuild"]
        .iter()
        .all(|t| root.join("node_modules/.bin").join(t).exists());
    if !stale(root) && tools_there {
        println!("setup: npm packages: ok");
        return Ok(());
    }
    let mut npm = Command::new("npm");
    npm.current_dir(root);
    if lock.exists() {
        println!("setup: npm packages: npm ci");
        npm.args(["ci", "--no-audit", "--no-fund"]);
    } else {
        println!("setup: npm packages: no package-lock.json, npm install");
        npm.args(["install", "--no-audit", "--no-fund"]);
    }
    cmd::run(&mut npm)?;
    Ok(())
}

/// Whether `dir`'s node_modules is missing or older than its package-lock.json.
fn stale(dir: &Path) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    match (
        modified(&dir.join("package-lock.json")),
        modified(&dir.join("node_modules/.package-lock.json")),
    ) {
        (_, None) => true,
        (Some(lock), Some(installed)) => lock > installed,
        (None, Some(_)) => false,
    }
}

/// The example app's React, Vite and TypeScript, exactly as its package-lock.json pins them (no
/// install scripts: it needs none). Its `samtykke` is a link to dist/, which may not be built yet.
pub const EXAMPLE: &str = "examples/react-vite";

fn example_packages(root: &Path) -> Result {
    let dir = root.join(EXAMPLE);
    if !stale(&dir) {
        println!("setup: npm packages of {EXAMPLE}: ok");
        return Ok(());
    }
    println!("setup: npm packages of {EXAMPLE}: npm ci");
    cmd::run(Command::new("npm").current_dir(&dir).args([
        "ci",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_is_found_in_a_target_table() {
        let manifest: toml::Value = toml::from_str(
            "[dependencies]\nserde = \"1\"\n\
             [target.'cfg(target_arch = \"wasm32\")'.dependencies]\nwasm-bindgen = \"=0.2.129\"\n",
        )
        .unwrap();
        assert_eq!(find_pin(&manifest).as_deref(), Some("0.2.129"));
    }

    #[test]
    fn ci_is_set_unless_empty_zero_or_false() {
        for v in ["true", "1", "yes"] {
            assert!(is_set(Some(v)), "{v}");
        }
        for v in [None, Some(""), Some("0"), Some("false")] {
            assert!(!is_set(v), "{v:?}");
        }
    }

    #[test]
    fn repo_has_one_wasm_bindgen_version() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let v = wasm_bindgen_version(root).unwrap();
        assert!(v.split('.').count() == 3, "{v}");
    }
}
