//! The wasm itself: cargo builds it for wasm32, wasm-bindgen writes the glue beside it, and the
//! npm binaryen's wasm-opt shrinks it into the output folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, rel};
use crate::settings::Settings;
use crate::{files, setup, Result};

/// Paths are remapped so the wasm (panic locations, if any) and its size do not depend on where
/// the repo or cargo's home is on this machine.
///
/// `cargo rustc --crate-type cdylib`, not `cargo build`: Cargo.toml's crate types are cdylib and
/// rlib (the browser tests link the rlib), and cargo runs link-time optimization only when every
/// crate type of the target can take it, which an rlib cannot. With both, the profile's `lto =
/// true` was silently ignored: each crate was optimized alone and lld only joined the objects,
/// which cost nothing while the core was a module of this crate (one codegen unit) but kept every
/// call from the shell into samtykke-core out of line once the core became its own crate. Built as
/// a cdylib only, the whole program (shell, core, std) is optimized as one (docs/benchmarks.md,
/// "The core as its own crate: size").
pub fn cargo_build(root: &Path) -> Result<PathBuf> {
    cmd::run(&mut cargo_command(root, "samtykke"))?;
    Ok(root.join("target/wasm32-unknown-unknown/release/samtykke.wasm"))
}

/// The first-paint module (first/, crate samtykke-first): no wasm-bindgen, built the same way.
pub fn cargo_build_first(root: &Path) -> Result<PathBuf> {
    cmd::run(&mut cargo_command(root, "samtykke-first"))?;
    Ok(root.join("target/wasm32-unknown-unknown/release/samtykke_first.wasm"))
}

fn cargo_command(root: &Path, package: &str) -> Command {
    let rustflags = format!(
        "--remap-path-prefix={}=samtykke --remap-path-prefix={}=cargo",
        root.display(),
        cmd::cargo_home().display()
    );
    let mut c = Command::new("cargo");
    c.current_dir(root)
        .args(["rustc", "--release", "--target", setup::WASM_TARGET])
        .args(["--lib", "-p", package, "--crate-type", "cdylib"])
        .env("RUSTFLAGS", rustflags)
        // Would win over RUSTFLAGS if a parent cargo had set it.
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    c
}

/// wasm-bindgen's glue `samtykke.js` (an ES module: the loader imports it when it needs the full
/// module) and `samtykke_bg.wasm`, written into `out`.
pub fn bindgen(root: &Path, wasm: &Path, out: &Path) -> Result {
    cmd::run(
        Command::new("wasm-bindgen")
            .current_dir(root)
            .arg(rel(root, wasm))
            .args(["--target", "web", "--no-typescript"])
            .arg("--out-dir")
            .arg(rel(root, out))
            .args(["--out-name", "samtykke"]),
    )
}

/// wasm-opt with the flags of wasm-pack.toml.
pub fn opt(root: &Path, settings: &Settings, input: &Path, output: &Path) -> Result {
    let tool = files::npm_tool(root, "wasm-opt")?;
    cmd::run(
        Command::new(tool)
            .current_dir(root)
            .args(&settings.wasm_opt)
            .arg(rel(root, input))
            .arg("-o")
            .arg(rel(root, output)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The wasm crate still has an rlib for its tests, so only a cdylib-only build gets `-C lto`.
    #[test]
    fn the_wasm_is_built_as_a_cdylib_only_so_lto_runs() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(manifest.contains(r#"crate-type = ["cdylib", "rlib"]"#));
        let c = cargo_command(root, "samtykke");
        let args: Vec<_> = c.get_args().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(args.first(), Some(&"rustc"));
        assert!(
            args.windows(2).any(|w| w == ["--crate-type", "cdylib"]),
            "{args:?}"
        );
        assert!(!args.contains(&"rlib"), "{args:?}");
    }
}
