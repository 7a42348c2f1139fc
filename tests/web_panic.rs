//! After a panic the wasm's state cannot be trusted: samtykke must grant nothing and do nothing.
//! (Its own page: the poisoned state lasts for the page, as it does on a site.)
#![cfg(target_arch = "wasm32")]

mod common;
use common::tick;
use samtykke::exports as api;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"revision": "1", "policyUrl": "/p", "storageKey": "samtykke-panic"}"#;

#[wasm_bindgen_test]
async fn after_a_panic_nothing_is_granted_stored_or_run() {
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    storage.remove_item("samtykke-panic").unwrap();
    assert!(common::boot_page(Some(CONFIG.into()), None, None, None));
    api::accept_all();
    assert!(api::is_granted("analytics"));
    let stored = storage.get_item("samtykke-panic").unwrap();

    samtykke::boot::poison_for_tests();
    assert!(!api::is_granted("analytics"), "grants end with the panic");
    assert!(!api::is_granted("necessary"));
    assert!(api::get_consent().is_null());
    api::reject_all();
    api::withdraw();
    assert_eq!(
        storage.get_item("samtykke-panic").unwrap(),
        stored,
        "no call is carried out"
    );

    let doc = window.document().unwrap();
    let holder = doc.create_element("div").unwrap();
    holder.set_inner_html(r#"<script type="text/plain" data-consent="analytics">window.__after_panic = true;</script>"#);
    doc.body().unwrap().append_child(&holder).unwrap();
    tick().await;
    let ran = js_sys::Reflect::get(&window, &"__after_panic".into()).unwrap();
    assert!(
        ran.is_undefined(),
        "a gated script added after the panic does not run"
    );
    assert!(
        holder
            .query_selector("script")
            .unwrap()
            .unwrap()
            .unchecked_into::<web_sys::HtmlScriptElement>()
            .type_()
            == "text/plain"
    );
    storage.remove_item("samtykke-panic").unwrap();
}
