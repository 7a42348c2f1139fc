//! The wasm's linear memory on the demo page's normal use (issue 5, budget line 5): it must not
//! grow beyond the initial memory, and the deepest JSON the reader accepts must fit the stack that
//! build.rs gives the wasm. Its own page, so no other test's allocations land in this memory.
#![cfg(target_arch = "wasm32")]

mod common;

use samtykke::core::json;
use samtykke::exports as api;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The demo site's own config, as the demo page uses it.
const DEMO: &str = include_str!("../www/consent.json");

/// The heap build.rs asks the linker to leave in the initial memory.
fn heap() -> usize {
    env!("SAMTYKKE_WASM_HEAP").parse().unwrap()
}
const PAGE: usize = 65536;

extern "C" {
    /// Defined by the linker: the first byte after the stack and the static data.
    static __heap_base: u8;
}

/// The module's initial memory: the heap's start plus `heap()`, rounded up to whole pages.
fn initial() -> usize {
    #[allow(unused_unsafe)] // needed before Rust 1.82
    let base = unsafe { core::ptr::addr_of!(__heap_base) } as usize;
    (base + heap()).div_ceil(PAGE) * PAGE
}

fn memory_bytes() -> usize {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as usize
}

fn boot() -> bool {
    common::boot_page(Some(DEMO.into()), None, None, None)
}

/// `[[…[1]…]]` with `depth` brackets, or the same with objects.
fn nested(depth: usize, object: bool) -> String {
    let (open, close) = if object { ("{\"a\":", "}") } else { ("[", "]") };
    open.repeat(depth) + "1" + &close.repeat(depth)
}

#[wasm_bindgen_test]
fn the_memory_does_not_grow_and_the_deepest_json_fits_the_stack() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = samtykke::core::config::DEFAULT_STORAGE_KEY;
    storage.remove_item(key).unwrap();
    // dlmalloc would already have grown the memory for the test harness's own allocations.
    let initial = initial();
    assert_eq!(memory_bytes(), initial, "grew before the test started");

    // First visit, the preferences dialog, accept all, then a return visit reading the record.
    assert!(boot());
    api::show_preferences();
    api::accept_all();
    assert!(api::is_granted("analytics"));
    samtykke::boot::shutdown();
    assert!(boot());
    assert!(api::is_granted("analytics"));
    api::withdraw();
    samtykke::boot::shutdown();
    storage.remove_item(key).unwrap();
    assert_eq!(
        memory_bytes(),
        initial,
        "the demo page's use grew the memory"
    );

    // The deepest nesting the reader accepts parses (and drops) within the stack; one more level
    // is refused with a message. A trap here would mean the stack in build.rs is too small.
    for object in [false, true] {
        let mut deepest = None;
        for depth in 1..200 {
            match json::parse(&nested(depth, object)) {
                Ok(_) => deepest = Some(depth),
                Err(e) => {
                    assert_eq!(e.problem, "nested too deeply");
                    break;
                }
            }
        }
        assert!(
            deepest.is_some_and(|d| d >= 64),
            "deepest accepted: {deepest:?}"
        );
    }
    // The same nesting through the shell's config path fails closed with a message.
    let deep = format!(
        r#"{{"revision": "1", "policyUrl": "/p", "x": {}}}"#,
        nested(64, true)
    );
    assert!(!common::boot_page(Some(deep), None, None, None));
    samtykke::boot::shutdown();

    // Past the initial memory the allocator grows it and keeps working.
    let big = vec![7u8; 4 * initial];
    assert!(memory_bytes() > initial);
    assert_eq!(
        big.iter().map(|&b| b as usize).sum::<usize>(),
        7 * 4 * initial
    );
    drop(big);
    let again: Vec<u64> = (0..initial as u64).collect();
    assert_eq!(again[initial - 1], initial as u64 - 1);
}
