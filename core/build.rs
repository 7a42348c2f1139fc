//! Embeds `../translations/*.toml` as static tables, so the wasm carries no parser for them (natively
//! every language; in the wasm English only, the others being fetched on demand).
//!
//! English is the reference: a language whose keys differ from English, with an empty string, or with
//! other `{placeholders}` than English fails the build with a message naming the language and key.
//!
//! Three jobs, one function each: [`read`] the files, [`check`] them against English, [`generate`]
//! the tables.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// Every language's strings by key, by language code.
type Languages = BTreeMap<String, BTreeMap<String, String>>;

fn main() {
    let dir = Path::new("../translations");
    println!("cargo:rerun-if-changed=../translations");
    let langs = read(dir);
    let english = langs
        .get("en")
        .expect("translations/en.toml is the reference and must exist");
    let keys: Vec<&String> = english.keys().collect();
    let problems = check(&langs, english);
    if !problems.is_empty() {
        panic!(
            "translations are inconsistent:\n  {}",
            problems.join("\n  ")
        );
    }
    // The wasm embeds English only (the reference and the fallback); every other language ships as
    // its own file (dist/i18n/<code>.json) fetched when chosen. Native builds embed all, so the
    // core's tests see every language.
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    let out = generate(&langs, &keys, wasm);
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("translations.rs");
    fs::write(dest, out).expect("write translations.rs");
}

/// Reads every `<code>.toml` in `dir`: a table of key to string.
fn read(dir: &Path) -> Languages {
    let mut langs = Languages::new();
    for entry in fs::read_dir(dir).expect("translations/ folder") {
        let path = entry.expect("readable entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let code = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        langs.insert(code.clone(), read_table(&code, &text));
    }
    langs
}

/// One language file's strings.
fn read_table(code: &str, text: &str) -> BTreeMap<String, String> {
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("translations/{code}.toml does not parse: {e}"));
    let mut strings = BTreeMap::new();
    for (key, value) in table {
        let Some(s) = value.as_str() else {
            panic!("translations/{code}.toml: `{key}` must be a string");
        };
        strings.insert(key, s.to_owned());
    }
    strings
}

/// What is wrong with the languages, measured against English; empty when nothing is.
fn check(langs: &Languages, english: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (code, strings) in langs {
        check_language(code, strings, english, &mut problems);
    }
    problems
}

/// One language: every English key, no other, none empty, English's placeholders, the Do Not
/// Track notice naming "Do Not Track" untranslated, and the withdrawal sentence naming the Privacy
/// settings control (`{reopen}`).
fn check_language(
    code: &str,
    strings: &BTreeMap<String, String>,
    english: &BTreeMap<String, String>,
    problems: &mut Vec<String>,
) {
    for (key, reference) in english {
        match strings.get(key) {
            None => problems.push(format!("{code}: missing key `{key}`")),
            Some(s) if s.trim().is_empty() => problems.push(format!("{code}: `{key}` is empty")),
            Some(s) => {
                let want = placeholders(reference);
                let got = placeholders(s);
                if want != got {
                    problems.push(format!(
                        "{code}: `{key}` has placeholders {got:?}, English has {want:?}"
                    ));
                }
            }
        }
    }
    for key in strings.keys() {
        if !english.contains_key(key) {
            problems.push(format!("{code}: extra key `{key}` (not in en.toml)"));
        }
    }
    if !strings
        .get("dnt")
        .is_some_and(|s| s.contains("Do Not Track"))
    {
        problems.push(format!(
            "{code}: `dnt` must name \"Do Not Track\" untranslated"
        ));
    }
    // The first layer says, before any choice, that it can be changed or withdrawn and where:
    // `{reopen}` is filled with the Privacy settings control's label in the same language.
    if !strings
        .get("withdraw_notice")
        .is_some_and(|s| s.contains("{reopen}"))
    {
        problems.push(format!(
            "{code}: `withdraw_notice` must name the control by its label, `{{reopen}}`"
        ));
    }
}

/// The Rust source of the tables: `Key` and its constants, `KEY_NAMES`, `LANGUAGES` (code and name
/// for itself) and `EMBEDDED` (every language natively, English only in the wasm).
fn generate(langs: &Languages, keys: &[&String], wasm: bool) -> String {
    let mut out = String::new();
    out.push_str("// @generated by build.rs from translations/*.toml\n");
    generate_keys(&mut out, keys);
    generate_languages(&mut out, langs, keys);
    let embedded: Vec<_> = langs
        .iter()
        .filter(|(code, _)| !wasm || code.as_str() == "en")
        .collect();
    writeln!(
        out,
        "/// The languages whose strings are compiled in, in `KEY_NAMES` order."
    )
    .unwrap();
    writeln!(
        out,
        "pub static EMBEDDED: [(&str, [&str; {}]); {}] = [",
        keys.len(),
        embedded.len()
    )
    .unwrap();
    for (code, strings) in embedded {
        let row: Vec<&String> = keys.iter().map(|k| &strings[*k]).collect();
        writeln!(out, "    ({code:?}, {row:?}),").unwrap();
    }
    out.push_str("];\n");
    out
}

/// `Key`, one constant per key, and `KEY_NAMES`.
fn generate_keys(out: &mut String, keys: &[&String]) {
    out.push_str("/// A translatable string, an index into every language's table.\n");
    out.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub struct Key(pub(crate) u8);\n");
    out.push_str("impl Key {\n");
    for (i, key) in keys.iter().enumerate() {
        writeln!(out, "    pub const {}: Key = Key({i});", key.to_uppercase()).unwrap();
    }
    out.push_str("}\n");
    writeln!(out, "/// Key names in table order (English file, sorted).").unwrap();
    writeln!(
        out,
        "pub static KEY_NAMES: [&str; {}] = {:?};",
        keys.len(),
        keys
    )
    .unwrap();
}

/// `LANGUAGES`: each built-in language's code and its name for itself.
fn generate_languages(out: &mut String, langs: &Languages, keys: &[&String]) {
    let name_at = keys
        .iter()
        .position(|k| k.as_str() == "language_name")
        .expect("language_name key");
    writeln!(
        out,
        "/// Every built-in language, sorted by code, with its name for itself (for the switcher)."
    )
    .unwrap();
    writeln!(
        out,
        "pub static LANGUAGES: [(&str, &str); {}] = [",
        langs.len()
    )
    .unwrap();
    for (code, strings) in langs {
        writeln!(out, "    ({code:?}, {:?}),", strings[keys[name_at]]).unwrap();
    }
    out.push_str("];\n");
}

/// `{name}` placeholders of a string, as a sorted set.
fn placeholders(s: &str) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                set.insert(after[..close].to_owned());
                rest = &after[close + 1..];
            }
            None => {
                set.insert(format!("unclosed {{{after}"));
                break;
            }
        }
    }
    set
}
