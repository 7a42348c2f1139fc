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

/// Drops comments, joins white space runs into one space, and drops the space around `{`, `}`,
/// `;`, `,` and after `:` (never inside quotes, and never around `+` or `-`, which `calc()` needs).
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                out.push(c);
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                let next = chars.peek().copied();
                let tight = |c: Option<char>| matches!(c, None | Some('{' | '}' | ';' | ',' | ':'));
                let after_tight = matches!(out.chars().last(), None | Some('{' | '}' | ';' | ','));
                // `a :hover` is a descendant selector, so only a space after a colon goes.
                if !(after_tight || out.ends_with(':') || (tight(next) && next != Some(':'))) {
                    out.push(' ');
                }
            }
            '}' if out.ends_with(';') => {
                out.pop();
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out
}
