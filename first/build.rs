//! The first-paint wasm's English markup, drawn at build time by the full module's own code
//! (`samtykke_core::view` and `html::render`), so the two cannot differ: the banner with holes for
//! the config's controller and policy URL (and the Do Not Track line as a separate piece), the
//! reopen control, and the empty roots. Also the stylesheet (the full wasm's, minified the same way),
//! the built-in language codes, and the category ids that have built-in texts.

use std::{env, fmt::Write, fs, path::Path};

use samtykke_core::config;
use samtykke_core::consent::{self, Choice, Context};
use samtykke_core::html;
use samtykke_core::i18n::{self, Texts};
use samtykke_core::transition::Mode;
use samtykke_core::view::{self, Signals};

/// Stand-ins for the config's values: private-use characters, which no template contains and
/// `html::escape` leaves alone.
const URL: char = '\u{e000}';
const CONTROLLER: char = '\u{e001}';

fn main() {
    if env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        // No allocator and no recursion: a small stack is plenty.
        println!("cargo:rustc-link-arg=-zstack-size=16384");
    }
    let css_path = Path::new("../src/ui/style.css");
    println!("cargo:rerun-if-changed={}", css_path.display());
    println!("cargo:rerun-if-changed=../build_css.rs");
    println!("cargo:rerun-if-changed=../translations");
    let text = format!(r#"{{"revision":"r","policyUrl":"{URL}","controller":"{CONTROLLER}"}}"#);
    let cfg = config::parse_text(&text).expect("the template config");
    let t = Texts::new(&cfg, "en", None);
    let draw = |record, mode, dnt| {
        let signals = Signals { dnt, gpc: false };
        let v = view::view(&cfg, &t, record, mode, signals, &|d| d.to_owned()).expect("view");
        html::render(&v)
    };
    let (banner, reopen_banner) = draw(None, Mode::Banner, false);
    let (banner_dnt, _) = draw(None, Mode::Banner, true);
    let ctx = Context {
        now: 0,
        gpc: false,
        new_id: "id".into(),
        language: "en",
    };
    let record = consent::decide(&cfg, None, &Choice::AcceptAll, ctx).expect("a record");
    let (main_closed, reopen_closed) = draw(Some(&record), Mode::Closed, false);
    assert_eq!(
        main_closed, reopen_banner,
        "both empty roots are the same markup"
    );

    // The Do Not Track line: what the drawing with it has in addition.
    let common = banner
        .bytes()
        .zip(banner_dnt.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let extra = banner_dnt.len() - banner.len();
    let dnt_line = &banner_dnt[common..common + extra];
    assert_eq!(
        [&banner[..common], dnt_line, &banner[common..]].concat(),
        banner_dnt
    );
    let (before_dnt, after_dnt) = banner.split_at(common);
    let (p0, rest) = before_dnt
        .split_once(CONTROLLER)
        .expect("the controller in the notice");
    let (p1, p2) = rest.split_once(URL).expect("the policy URL");
    for part in [p0, p1, p2, after_dnt, dnt_line] {
        assert!(
            !part.contains([URL, CONTROLLER]),
            "each value once, in order"
        );
    }

    // The language list. The banner's first frame shows the select with only the English option:
    // measuring thirty names in their own scripts (Arabic, Greek, Cyrillic, Hebrew) sends the layout
    // looking for fallback fonts, which held that frame back by about 5 ms (docs/benchmarks.md). The
    // glue puts all the options in right after that frame, or as soon as the visitor reaches the list.
    let select = "<select data-action=\"language\">";
    let (banner_3, rest) = after_dnt
        .split_once(select)
        .expect("the language select after the Do Not Track line");
    let banner_3 = format!("{banner_3}{select}");
    let (options, banner_4) = rest.split_once("</select>").expect("the select's end");
    let banner_4 = format!("</select>{banner_4}");
    let english = options
        .split_inclusive("</option>")
        .filter(|o| o.contains(" selected"))
        .collect::<Vec<_>>();
    assert_eq!(english.len(), 1, "one option is selected: {options}");
    let english = english[0];
    assert!(
        english.starts_with("<option value=\"en\""),
        "English is the selected option: {english}"
    );
    assert_eq!(
        [banner_3.as_str(), options, banner_4.as_str()].concat(),
        after_dnt,
        "the three pieces are the banner's end"
    );

    let this_site = i18n::builtin_text("en", "this_site").expect("this_site");
    let css = minify_css(&fs::read_to_string(css_path).expect("src/ui/style.css"));
    let languages: Vec<String> = i18n::built_in_codes().map(|c| format!("{c:?}")).collect();
    // Sorted, as the record's `categories` are (`core::map::Map`).
    let mut ids: Vec<String> = [
        "necessary",
        "preferences",
        "security",
        "analytics",
        "marketing",
    ]
    .into_iter()
    .filter(|id| i18n::key_index(&format!("{id}_title")).is_some())
    .map(|id| format!("{id:?}"))
    .collect();
    ids.sort();
    // The categories a config without `categories` gets, as bits over the sorted ids.
    let bit = |id: &str| {
        1u8 << ids
            .iter()
            .position(|i| *i == format!("{id:?}"))
            .expect("a built-in id")
    };
    let default_present: u8 = cfg.categories.iter().map(|c| bit(&c.id)).sum();
    let default_required: u8 = cfg
        .categories
        .iter()
        .filter(|c| c.required)
        .map(|c| bit(&c.id))
        .sum();

    let mut out = String::new();
    for (name, value) in [
        ("BANNER_0", p0),
        ("BANNER_1", p1),
        ("BANNER_2", p2),
        ("DNT_LINE", dnt_line),
        ("BANNER_3", banner_3.as_str()),
        ("ENGLISH_OPTION", english),
        ("OPTIONS", options),
        ("BANNER_4", banner_4.as_str()),
        ("EMPTY_ROOT", &reopen_banner),
        ("REOPEN", &reopen_closed),
        ("THIS_SITE", this_site),
        ("DEFAULT_STORAGE_KEY", config::DEFAULT_STORAGE_KEY),
        ("STYLE", &css),
    ] {
        writeln!(out, "pub const {name}: &str = {value:?};").unwrap();
    }
    writeln!(
        out,
        "pub const DEFAULT_EXPIRES_DAYS: u32 = {};\npub const MAX_EXPIRES_DAYS: u32 = {};",
        config::DEFAULT_EXPIRES_DAYS,
        config::MAX_EXPIRES_DAYS
    )
    .unwrap();
    writeln!(
        out,
        "pub const DEFAULT_PRESENT: u8 = {default_present};\npub const DEFAULT_REQUIRED: u8 = {default_required};"
    )
    .unwrap();
    writeln!(
        out,
        "pub const LANGUAGES: [&str; {}] = [{}];",
        languages.len(),
        languages.join(", ")
    )
    .unwrap();
    writeln!(
        out,
        "pub const IDS: [&str; {}] = [{}];",
        ids.len(),
        ids.join(", ")
    )
    .unwrap();
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("generated.rs"),
        out,
    )
    .unwrap();
}

include!("../build_css.rs");
