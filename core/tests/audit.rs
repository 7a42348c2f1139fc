//! The config self-check: valid configs that a regulator would still flag.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::minimal;
use samtykke_core::audit::audit;

#[test]
fn a_clean_config_has_no_findings() {
    let cfg = minimal(r#", "categories": [{"id": "necessary", "cookies": ["session"]}, {"id": "analytics", "cookies": ["_ga", "_ga_*"]}]"#).unwrap();
    assert_eq!(audit(&cfg), []);
}

#[test]
fn tracker_cookies_under_a_required_category_are_flagged() {
    let cfg = minimal(r#", "categories": [{"id": "necessary", "cookies": ["session", "_ga", "_gcl_au", "_hj*", "_g*"]}, {"id": "analytics"}]"#).unwrap();
    let keys: Vec<String> = audit(&cfg).into_iter().map(|f| f.key).collect();
    assert_eq!(
        keys,
        [
            "categories[0].cookies[1]",
            "categories[0].cookies[2]",
            "categories[0].cookies[3]",
            "categories[0].cookies[4]"
        ],
        "exact names, names under a tracker prefix, and prefixes overlapping one"
    );
    let found = audit(&cfg);
    assert!(
        found[0].problem.contains("`_ga`") && found[0].problem.contains("`necessary`"),
        "{}",
        found[0]
    );
}

#[test]
fn the_same_cookies_under_an_optional_category_are_fine() {
    let cfg = minimal(r#", "categories": [{"id": "necessary"}, {"id": "stats", "required": false, "title": "Stats", "description": "Counting.", "cookies": ["_ga"]}]"#).unwrap();
    assert_eq!(audit(&cfg), []);
}

#[test]
fn a_custom_category_without_texts_in_an_offered_language_is_flagged() {
    let cfg = minimal(r#", "languages": ["en", "da", "de"], "categories": [{"id": "chat", "title": {"en": "Chat", "da": "Chat"}, "description": "Live chat."}]"#).unwrap();
    let found = audit(&cfg);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].key, "categories[0].title");
    assert!(
        found[0].problem.contains("de") && !found[0].problem.contains("da,"),
        "{}",
        found[0]
    );
    let bare = minimal(r#", "languages": ["en"], "categories": [{"id": "chat"}]"#).unwrap();
    let keys: Vec<String> = audit(&bare).into_iter().map(|f| f.key).collect();
    assert_eq!(keys, ["categories[0].title", "categories[0].description"]);
}

#[test]
fn analytics_or_marketing_marked_required_is_flagged() {
    let cfg = minimal(r#", "categories": [{"id": "necessary", "required": true}, {"id": "analytics", "required": true}, {"id": "marketing", "required": true, "saleOrSharing": false}]"#).unwrap();
    let keys: Vec<String> = audit(&cfg).into_iter().map(|f| f.key).collect();
    assert_eq!(keys, ["categories[1].required", "categories[2].required"]);
}

#[test]
fn a_consent_mode_type_mapped_to_a_required_category_is_flagged() {
    let cfg = minimal(r#", "categories": [{"id": "necessary", "required": true}, {"id": "marketing"}],
        "googleConsentMode": {"types": {"ad_storage": "necessary", "analytics_storage": "necessary", "functionality_storage": "necessary"}}"#).unwrap();
    let found = audit(&cfg);
    let keys: Vec<&str> = found.iter().map(|f| f.key.as_str()).collect();
    // security_storage follows necessary by default, and functionality storage may be necessary.
    assert_eq!(
        keys,
        [
            "googleConsentMode.types.ad_storage",
            "googleConsentMode.types.analytics_storage"
        ]
    );
    assert!(found[0].problem.contains("`necessary`"), "{}", found[0]);
}
