//! The browser shell in headless Chromium (wasm-bindgen-test): rendering, storage, gating, API.
//! Each test boots samtykke on a clean page and takes it off again.
#![cfg(target_arch = "wasm32")]

mod common;
use common::tick;
use samtykke::exports as api;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

const CONFIG: &str = r#"{"revision": "2024-06-17", "policyUrl": "/privacy", "controller": "Invantive",
  "storageKey": "samtykke-test",
  "categories": [{"id": "necessary"}, {"id": "analytics", "cookies": ["_ga", "_ga_*"]}, {"id": "marketing"}]}"#;

fn boot(config: &str) -> bool {
    common::boot_page(Some(config.into()), None, None, None)
}

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn clean() {
    samtykke::boot::shutdown();
    storage().remove_item("samtykke-test").unwrap();
    for el in query_all(&doc().body().unwrap(), "[data-test]") {
        el.remove();
    }
}

fn shadow() -> ShadowRoot {
    doc()
        .get_element_by_id("samtykke")
        .expect("#samtykke is on the page")
        .shadow_root()
        .expect("open shadow root")
}

fn query_all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

/// The first match in samtykke's shadow roots: the banner's, then the reopen control's.
fn find(sel: &str) -> Option<Element> {
    shadow().query_selector(sel).unwrap().or_else(|| {
        let host = doc().get_element_by_id("samtykke-reopen")?;
        host.shadow_root()?.query_selector(sel).unwrap()
    })
}

fn click(sel: &str) {
    find(sel)
        .unwrap_or_else(|| panic!("{sel} in the shadow root"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn global(name: &str) -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &name.into()).unwrap()
}

/// Adds markup to the body, marked for clean-up.
fn add(html: &str) -> Element {
    let holder = doc().create_element("div").unwrap();
    holder.set_attribute("data-test", "").unwrap();
    holder.set_inner_html(html);
    doc().body().unwrap().append_child(&holder).unwrap();
    holder
}

#[wasm_bindgen_test]
fn first_visit_shows_the_banner_with_equal_choices_and_grants_nothing() {
    clean();
    assert!(boot(CONFIG));
    let banner = find(".banner").expect("banner shown");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("region"));
    for action in ["accept-all", "reject-all", "preferences"] {
        assert!(
            find(&format!("[data-action=\"{action}\"]")).is_some(),
            "{action}"
        );
    }
    let class = |a: &str| {
        find(&format!("[data-action=\"{a}\"]"))
            .unwrap()
            .class_name()
    };
    assert_eq!(
        class("accept-all"),
        class("reject-all"),
        "same style for accept and reject"
    );
    let text = banner.text_content().unwrap();
    assert!(text.contains("Invantive"), "{text}");
    assert!(text.contains("Do Not Track"), "{text}");
    assert!(!api::is_granted("analytics"));
    assert!(api::is_granted("necessary"));
    assert!(api::get_consent().is_null());
    assert!(
        storage().get_item("samtykke-test").unwrap().is_none(),
        "nothing stored before a choice"
    );
    clean();
}

#[wasm_bindgen_test]
fn accept_all_stores_the_record_closes_the_banner_and_shows_the_reopen_control() {
    clean();
    boot(CONFIG);
    click("[data-action=\"accept-all\"]");
    assert!(find(".banner").is_none());
    let banner_host = shadow().query_selector(".root").unwrap().unwrap();
    assert_eq!(
        banner_host.child_element_count(),
        0,
        "#samtykke shows nothing once a choice is made"
    );
    assert!(find("[data-action=\"reopen\"]").is_some());
    let stored = storage()
        .get_item("samtykke-test")
        .unwrap()
        .expect("record stored");
    let record = js_sys::JSON::parse(&stored).unwrap();
    let get = |k: &str| js_sys::Reflect::get(&record, &k.into()).unwrap();
    assert_eq!(get("v").as_f64(), Some(1.0));
    assert_eq!(get("method").as_string().as_deref(), Some("accept-all"));
    assert_eq!(get("revision").as_string().as_deref(), Some("2024-06-17"));
    assert!(api::is_granted("analytics"));
    assert!(!api::get_consent().is_null());
    clean();
}

#[wasm_bindgen_test]
fn the_preferences_start_unticked_and_save_only_what_was_ticked() {
    clean();
    boot(CONFIG);
    click("[data-action=\"preferences\"]");
    assert_eq!(
        find(".dialog").unwrap().get_attribute("role").as_deref(),
        Some("dialog")
    );
    let boxes = query_all(&find(".dialog").unwrap(), "input[data-category]");
    let state: Vec<(String, bool, bool)> = boxes
        .iter()
        .map(|b| {
            let i: &web_sys::HtmlInputElement = b.unchecked_ref();
            (
                b.get_attribute("data-category").unwrap(),
                i.checked(),
                i.disabled(),
            )
        })
        .collect();
    assert_eq!(
        state,
        [
            ("necessary".into(), true, true),
            ("analytics".into(), false, false),
            ("marketing".into(), false, false)
        ]
    );
    click("input[data-category=\"analytics\"]");
    click("[data-action=\"save\"]");
    assert!(api::is_granted("analytics"));
    assert!(!api::is_granted("marketing"));
    clean();
}

#[wasm_bindgen_test]
fn closing_the_preferences_without_saving_changes_nothing() {
    clean();
    boot(CONFIG);
    click("[data-action=\"preferences\"]");
    click("input[data-category=\"analytics\"]");
    click("[data-action=\"close\"]");
    assert!(find(".banner").is_some(), "back to the first layer");
    assert!(!api::is_granted("analytics"));
    assert!(storage().get_item("samtykke-test").unwrap().is_none());
    clean();
}

#[wasm_bindgen_test]
fn a_stored_choice_is_read_back_and_a_corrupt_one_is_kept_but_not_used() {
    clean();
    boot(CONFIG);
    api::reject_all();
    let stored = storage().get_item("samtykke-test").unwrap().unwrap();
    samtykke::boot::shutdown();
    boot(CONFIG);
    assert!(find(".banner").is_none(), "a refusal is remembered");
    assert!(!api::is_granted("analytics"));
    assert!(!api::get_consent().is_null());
    samtykke::boot::shutdown();

    storage().set_item("samtykke-test", "{not json").unwrap();
    boot(CONFIG);
    assert!(find(".banner").is_some(), "asks again");
    assert!(!api::is_granted("analytics"));
    assert_eq!(
        storage().get_item("samtykke-test").unwrap().as_deref(),
        Some("{not json"),
        "not silently dropped"
    );
    assert_ne!(stored, "{not json");
    clean();
}

#[wasm_bindgen_test]
async fn gated_scripts_and_iframes_run_only_once_granted_including_ones_added_later() {
    clean();
    add(
        r#"<script type="text/plain" data-consent="analytics">window.__web_a = (window.__web_a || 0) + 1;</script>
           <script type="text/plain" data-consent="!analytics">window.__web_not_a = true;</script>
           <iframe data-consent="marketing" data-src="/samtykke-no-such-page#m"></iframe>"#,
    );
    boot(CONFIG);
    assert!(global("__web_a").is_undefined(), "nothing before consent");
    assert_eq!(
        global("__web_not_a"),
        JsValue::TRUE,
        "the opt-out script runs while analytics is denied"
    );
    api::accept_all();
    assert_eq!(global("__web_a").as_f64(), Some(1.0));
    let iframe = doc()
        .query_selector("iframe[data-consent]")
        .unwrap()
        .unwrap();
    assert_eq!(
        iframe.get_attribute("src").as_deref(),
        Some("/samtykke-no-such-page#m")
    );
    add(r#"<script type="text/plain" data-consent="analytics">window.__web_late = true;</script>"#);
    tick().await;
    assert_eq!(
        global("__web_late"),
        JsValue::TRUE,
        "a script added later runs too"
    );
    api::accept_all();
    assert_eq!(global("__web_a").as_f64(), Some(1.0), "a script runs once");
    clean();
}

#[wasm_bindgen_test]
fn withdraw_deletes_the_record_and_the_listed_cookies_and_asks_again() {
    clean();
    let html: web_sys::HtmlDocument = doc().unchecked_into();
    boot(CONFIG);
    api::accept_all();
    html.set_cookie("_ga=1; path=/").unwrap();
    html.set_cookie("_ga_XYZ=1; path=/").unwrap();
    html.set_cookie("keep=1; path=/").unwrap();
    api::withdraw();
    let jar = html.cookie().unwrap();
    assert!(!jar.contains("_ga"), "{jar}");
    assert!(jar.contains("keep=1"), "{jar}");
    assert!(storage().get_item("samtykke-test").unwrap().is_none());
    assert!(find(".banner").is_some());
    assert!(!api::is_granted("analytics"));
    html.set_cookie("keep=; Max-Age=0; path=/").unwrap();
    clean();
}

#[wasm_bindgen_test]
fn a_broken_config_fails_closed_without_a_banner() {
    clean();
    add(
        r#"<script type="text/plain" data-consent="analytics">window.__web_broken = true;</script>"#,
    );
    assert!(!boot(
        r#"{"revision": "1", "policyUrl": "/p", "colour": "red"}"#
    ));
    assert!(doc().get_element_by_id("samtykke").is_none());
    assert!(!api::is_granted("necessary"));
    api::accept_all();
    assert!(global("__web_broken").is_undefined());
    assert!(storage().get_item("samtykke").unwrap().is_none());
    assert!(!boot("{not json"));
    assert!(!common::boot_page(
        None,
        Some("could not load the config (HTTP 404)".into()),
        None,
        None
    ));
    clean();
}

#[wasm_bindgen_test]
fn whole_numbers_in_any_form_are_read_in_the_browser_too() {
    // 23 significant digits and an exponent: exactly 100 (a valid expiry), read from its digits.
    clean();
    assert!(boot(
        r#"{"revision": "1", "policyUrl": "/p", "storageKey": "samtykke-test",
            "expiresDays": 1.000000000000000000000e2}"#
    ));
    api::accept_all();
    let record =
        samtykke::core::record::parse(&storage().get_item("samtykke-test").unwrap().unwrap());
    let record = record.unwrap();
    let days = (samtykke::core::time::parse_iso(&record.expires).unwrap()
        - samtykke::core::time::parse_iso(&record.updated).unwrap())
        / samtykke::core::time::DAY_MS;
    assert_eq!(days, 100);
    clean();
}

#[wasm_bindgen_test]
fn config_strings_are_shown_as_text_never_as_html() {
    clean();
    let cfg = r#"{"revision": "1", "policyUrl": "/p", "controller": "<img src=x onerror=\"window.__web_xss=1\">"}"#;
    boot(cfg);
    let banner = find(".banner").unwrap();
    assert!(query_all(&banner, "img").is_empty());
    assert!(banner.text_content().unwrap().contains("<img src=x"));
    clean();
}

#[wasm_bindgen_test]
fn set_consent_changes_only_the_named_categories_and_rejects_unknown_ones() {
    clean();
    boot(CONFIG);
    let choice = js_sys::Object::new();
    js_sys::Reflect::set(&choice, &"analytics".into(), &JsValue::TRUE).unwrap();
    api::set_consent(choice.into());
    assert!(api::is_granted("analytics") && !api::is_granted("marketing"));
    let bad = js_sys::Object::new();
    js_sys::Reflect::set(&bad, &"ads".into(), &JsValue::TRUE).unwrap();
    api::set_consent(bad.into());
    assert!(api::is_granted("analytics"), "a bad call changes nothing");
    let marketing = js_sys::Object::new();
    js_sys::Reflect::set(&marketing, &"marketing".into(), &JsValue::TRUE).unwrap();
    api::set_consent(marketing.into());
    assert!(
        api::is_granted("analytics") && api::is_granted("marketing"),
        "earlier grants are kept"
    );
    clean();
}

/// A Danish language file as the loader would have prefetched it (here: English with one change,
/// since the wasm embeds English only).
fn danish_file() -> String {
    samtykke::core::i18n::Pack::json_for("en")
        .unwrap()
        .replace("Reject all", "Afvis alle")
}

#[wasm_bindgen_test]
fn the_language_switch_redraws_in_the_chosen_language() {
    clean();
    common::boot_page(
        Some(CONFIG.into()),
        None,
        Some("da".into()),
        Some(danish_file()),
    );
    assert_eq!(
        find(".root").unwrap().get_attribute("lang").as_deref(),
        Some("en")
    );
    assert!(api::set_language("da"));
    let root = find(".root").unwrap();
    assert_eq!(root.get_attribute("lang").as_deref(), Some("da"));
    assert_eq!(
        find("[data-action=\"reject-all\"]")
            .unwrap()
            .text_content()
            .as_deref(),
        Some("Afvis alle")
    );
    assert!(!api::set_language("xx"));
    storage().remove_item("samtykke-test-language").unwrap();
    clean();
}

#[wasm_bindgen_test]
async fn a_language_file_that_cannot_be_fetched_falls_back_to_english() {
    clean();
    assert!(api::set_language("de") == false, "nothing started yet");
    boot(CONFIG);
    assert!(api::set_language("de"));
    for _ in 0..50 {
        tick().await;
        if find(".root")
            .and_then(|r| r.get_attribute("lang"))
            .as_deref()
            == Some("en")
        {
            break;
        }
    }
    assert!(find("[data-action=\"reject-all\"]")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("Reject all"));
    assert_eq!(
        find(".root").unwrap().get_attribute("lang").as_deref(),
        Some("en")
    );
    storage().remove_item("samtykke-test-language").unwrap();
    clean();
}

#[wasm_bindgen_test]
async fn a_choice_stored_by_another_tab_reaches_this_one() {
    clean();
    boot(CONFIG);
    let events = js_sys::Array::new();
    let log = events.clone();
    let on_change = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        log.push(&e.type_().into());
    });
    let window = web_sys::window().unwrap();

    // What the other tab's accept-all wrote, then the event the browser fires in this tab.
    api::accept_all();
    let record = storage().get_item("samtykke-test").unwrap().unwrap();
    samtykke::boot::shutdown();
    storage().remove_item("samtykke-test").unwrap();
    add(
        r#"<script type="text/plain" data-consent="analytics">window.__web_other_tab = true;</script>"#,
    );
    boot(CONFIG);
    assert!(find(".banner").is_some());
    assert!(global("__web_other_tab").is_undefined());
    window
        .add_event_listener_with_callback("samtykke:change", on_change.as_ref().unchecked_ref())
        .unwrap();
    storage().set_item("samtykke-test", &record).unwrap();
    let init = web_sys::StorageEventInit::new();
    init.set_key(Some("samtykke-test"));
    let event = web_sys::StorageEvent::new_with_event_init_dict("storage", &init).unwrap();
    window.dispatch_event(&event).unwrap();

    assert!(api::is_granted("analytics"));
    assert!(find(".banner").is_none(), "the banner goes here too");
    assert_eq!(
        global("__web_other_tab"),
        JsValue::TRUE,
        "what the other tab allowed runs here"
    );
    assert!(events.length() >= 1, "samtykke:change fired in this tab");
    window
        .remove_event_listener_with_callback("samtykke:change", on_change.as_ref().unchecked_ref())
        .unwrap();
    clean();
}

/// The loader's `googlePush` stand-in: records each command, its value parsed, in `window.__gtag`.
fn recording_gtag() -> js_sys::Function {
    js_sys::Function::new_with_args(
        "c, n, v",
        "(window.__gtag = window.__gtag || []).push([c, n, JSON.parse(v)])",
    )
}

fn gtag_calls() -> Vec<(String, String, JsValue)> {
    let calls = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__gtag".into()).unwrap();
    let calls: js_sys::Array = calls.dyn_into().unwrap_or_default();
    calls
        .iter()
        .map(|c| {
            let c: js_sys::Array = c.unchecked_into();
            (
                c.get(0).as_string().unwrap(),
                c.get(1).as_string().unwrap(),
                c.get(2),
            )
        })
        .collect()
}

fn type_state(value: &JsValue, t: &str) -> Option<String> {
    js_sys::Reflect::get(value, &t.into()).ok()?.as_string()
}

#[wasm_bindgen_test]
fn consent_mode_pushes_a_late_default_then_an_update_per_change() {
    clean();
    let _ = js_sys::Reflect::delete_property(&web_sys::window().unwrap().into(), &"__gtag".into());
    let config = CONFIG.replace(
        "\"storageKey\"",
        // No region: with one, an unscoped default comes first (core/tests/consent_mode.rs).
        "\"googleConsentMode\": {\"waitForUpdate\": 300}, \"storageKey\"",
    );
    assert!(api::boot(
        Some(config),
        None,
        "/".into(),
        None,
        None,
        recording_gtag(),
        false,
        false
    )
    .is_none());
    let calls = gtag_calls();
    assert_eq!(
        calls.len(),
        2,
        "the default (pushed late) and the first update"
    );
    assert_eq!(
        (calls[0].0.as_str(), calls[0].1.as_str()),
        ("consent", "default")
    );
    assert_eq!(
        type_state(&calls[0].2, "security_storage").as_deref(),
        Some("denied")
    );
    assert_eq!(
        js_sys::Reflect::get(&calls[0].2, &"wait_for_update".into())
            .unwrap()
            .as_f64(),
        Some(300.0)
    );
    assert_eq!(
        (calls[1].0.as_str(), calls[1].1.as_str()),
        ("consent", "update")
    );
    assert_eq!(
        type_state(&calls[1].2, "security_storage").as_deref(),
        Some("granted")
    );
    assert_eq!(
        type_state(&calls[1].2, "analytics_storage").as_deref(),
        Some("denied")
    );
    api::set_consent(js_sys::JSON::parse(r#"{"analytics": true}"#).unwrap());
    let calls = gtag_calls();
    assert_eq!(calls.len(), 3);
    assert_eq!(
        type_state(&calls[2].2, "analytics_storage").as_deref(),
        Some("granted")
    );
    assert_eq!(
        type_state(&calls[2].2, "ad_storage").as_deref(),
        Some("denied")
    );
    api::withdraw();
    let calls = gtag_calls();
    assert_eq!(calls.len(), 4);
    assert_eq!(
        type_state(&calls[3].2, "analytics_storage").as_deref(),
        Some("denied")
    );
    clean();
}

#[wasm_bindgen_test]
fn consent_mode_off_pushes_nothing() {
    clean();
    let _ = js_sys::Reflect::delete_property(&web_sys::window().unwrap().into(), &"__gtag".into());
    assert!(api::boot(
        Some(CONFIG.into()),
        None,
        "/".into(),
        None,
        None,
        recording_gtag(),
        false,
        false
    )
    .is_none());
    api::accept_all();
    assert!(gtag_calls().is_empty());
    clean();
}

const WITH_COOKIE: &str = r#"{"revision": "2024-06-17", "policyUrl": "/privacy", "storageKey": "samtykke-test",
  "cookie": {"name": "samtykke-web"},
  "categories": [{"id": "necessary"}, {"id": "analytics", "cookies": ["samtykke*"]}]}"#;

fn mirror_values() -> Vec<String> {
    let html: web_sys::HtmlDocument = doc().unchecked_into();
    let jar = html.cookie().unwrap();
    samtykke::core::mirror::values(&jar, "samtykke-web")
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[wasm_bindgen_test]
fn the_mirror_cookie_follows_every_decision_and_a_foreign_domain_fails_closed() {
    clean();
    assert!(boot(WITH_COOKIE));
    api::reject_all();
    let stored = storage().get_item("samtykke-test").unwrap().unwrap();
    let record = samtykke::core::record::parse(&stored).unwrap();
    // No `recordId` in the config: the cookie carries no id.
    let expected = samtykke::core::mirror::encode(&record, false, false).unwrap();
    assert!(!expected.contains(&record.id));
    assert_eq!(
        mirror_values(),
        [expected],
        "rejecting denies `samtykke*` but keeps the mirror"
    );
    api::withdraw();
    let values = mirror_values();
    assert_eq!(values.len(), 1);
    let tomb = samtykke::core::mirror::decode(&values[0]).unwrap();
    assert!(tomb.withdrawn && tomb.record.id.is_empty());
    // A fresh localStorage takes the cookie's decision over: here, the withdrawal, so no consent.
    samtykke::boot::shutdown();
    storage().remove_item("samtykke-test").unwrap();
    assert!(boot(WITH_COOKIE));
    assert!(find(".banner").is_some());
    assert!(storage().get_item("samtykke-test").unwrap().is_none());
    samtykke::boot::shutdown();
    let foreign = WITH_COOKIE.replace(r#""name": "samtykke-web""#, r#""domain": "example.com""#);
    assert!(
        !boot(&foreign),
        "a domain that is not this host's fails closed"
    );
    assert!(doc().get_element_by_id("samtykke").is_none());
    let html: web_sys::HtmlDocument = doc().unchecked_into();
    html.set_cookie("samtykke-web=; Max-Age=0; Path=/").unwrap();
    clean();
}

/// How many `samtykke:ready` events one boot sends, taking over from the first-paint module or not.
fn ready_events(takeover: bool) -> u32 {
    clean();
    let heard = js_sys::Array::new();
    let log = heard.clone();
    let on_ready = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        log.push(&e.type_().into());
    });
    let window = web_sys::window().unwrap();
    window
        .add_event_listener_with_callback("samtykke:ready", on_ready.as_ref().unchecked_ref())
        .unwrap();
    let no_gtag = js_sys::Function::new_no_args("");
    let started = api::boot(
        Some(CONFIG.into()),
        None,
        "/".into(),
        None,
        None,
        no_gtag,
        false,
        takeover,
    );
    assert!(started.is_none(), "{started:?}");
    assert!(find(".banner").is_some(), "it draws either way");
    window
        .remove_event_listener_with_callback("samtykke:ready", on_ready.as_ref().unchecked_ref())
        .unwrap();
    clean();
    heard.length()
}

/// The first-paint module already told the page it is ready; the full module taking over must not
/// say it again (listeners that count on one `samtykke:ready` would run twice).
#[wasm_bindgen_test]
fn a_takeover_does_not_send_ready_twice() {
    assert_eq!(ready_events(false), 1);
    assert_eq!(ready_events(true), 0);
}
