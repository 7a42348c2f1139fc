//! The wasm crate's build: link settings for the wasm's memory, and the shell's stylesheet minified
//! into the wasm. The translations are the core crate's (core/build.rs).

use std::{env, fs, path::Path};

/// The wasm's shadow stack. The deepest recursion is the JSON reader, capped at 64 levels; the
/// browser test `the_deepest_accepted_config_fits_the_stack` parses that nesting. The stack lies
/// below the static data, so an overflow traps instead of overwriting it.
const WASM_STACK: usize = 64 * 1024;
/// At least this much heap in the initial linear memory, above the stack and the static data; the
/// allocator (src/browser/heap.rs) takes all of it, up to the page boundary, before it grows the
/// memory. The demo page's first visit, preferences, accept and return visit need less than 40 KB
/// (`cargo xtask bench` reports the memory; tests/web_memory.rs checks it does not grow).
const WASM_HEAP: usize = 64 * 1024;

fn main() {
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        // build.rs, not .cargo/config.toml: `cargo xtask dist` sets RUSTFLAGS, which would replace
        // the config's rustflags. These reach the cdylib and the browser tests alike.
        println!("cargo:rustc-link-arg=-zstack-size={WASM_STACK}");
        println!("cargo:rustc-link-arg=--initial-heap={WASM_HEAP}");
        println!("cargo:rustc-env=SAMTYKKE_WASM_HEAP={WASM_HEAP}");
    }
    style();
}

/// The shell's stylesheet without comments and needless white space: the wasm carries it as text.
fn style() {
    let path = Path::new("src/ui/style.css");
    println!("cargo:rerun-if-changed={}", path.display());
    let css = fs::read_to_string(path).expect("src/ui/style.css");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("style.css");
    fs::write(dest, minify_css(&css)).expect("write style.css");
}

include!("build_css.rs");
