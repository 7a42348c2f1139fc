//! `cargo xtask <cmd>`: samtykke's build, test and demo commands.
//!
//! One Rust program instead of shell scripts, so the steps behave the same on every machine and CI
//! runs exactly what a developer runs (`.ci/run` is `cargo xtask test`).

mod bench;
mod cmd;
mod dist;
mod engines;
mod files;
mod postgres;
mod receipts;
mod section;
mod settings;
mod setup;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

/// Every expected failure is a message for the person at the terminal, not a panic.
pub type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  setup   install what the build needs (wasm32 target, wasm-bindgen-cli, chromium, npm packages)
  dist    build the distributable into the out-dir of wasm-pack.toml and print its sizes
  test    run every test layer, fast first: boundary, native, wasm in Chromium, dist, end-to-end
  demo    build, then serve www/ with the build at http://127.0.0.1:8080/
  bench   build, then measure samtykke in headless Chromium and write docs/benchmarks.md's section
          and docs/bench.svg (options: --runs N (9), --latency MS[,MS...] (0,40))
  bench receipts [SECONDS [ROUNDS]]
          the receipts server under load on SQLite and PostgreSQL (1, 16, 64 senders, SECONDS
          each (5)) and ROUNDS (20) kill -9 rounds; writes its section of docs/benchmarks.md
  bench shared <results.json> [--command \"...\"]
          one run of ../shared/bench (samtykke beside its peers) into docs/benchmarks.md's section
          and docs/shared-bench.svg, with issue 12's budget lines evaluated from it";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    cargo_bin_on_path();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::run(&root()),
        Some("dist") => dist::run(&root()),
        Some("test") => test::run(&root()),
        Some("demo") => dist::demo(&root()),
        Some("bench") if args.get(1).map(String::as_str) == Some("receipts") => {
            receipts::bench(&root(), &args[2..])
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("shared") => {
            bench::shared::run(&root(), &args[2..])
        }
        Some("bench") => bench::run(&root(), &args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo install` puts wasm-bindgen and wasm-bindgen-test-runner (cargo's wasm32 runner) in
/// cargo's bin folder, which a fresh shell or CI may not have on PATH.
fn cargo_bin_on_path() {
    let bin = cmd::cargo_home().join("bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    if !std::env::split_paths(&path).any(|p| p == bin) {
        let paths = std::iter::once(bin).chain(std::env::split_paths(&path));
        if let Ok(joined) = std::env::join_paths(paths) {
            std::env::set_var("PATH", joined);
        }
    }
}

/// The workspace root: xtask always lives one level below it, wherever the repo is checked out.
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
