//! Config validation: defaults, and a clear error naming the key for every kind of mistake.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{minimal, parse};

#[test]
fn minimal_config_gets_the_documented_defaults() {
    let cfg = minimal("").unwrap();
    assert_eq!(cfg.expires_days, 182);
    assert_eq!(cfg.storage_key, "samtykke");
    assert_eq!(cfg.language, None);
    let ids: Vec<_> = cfg
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.required))
        .collect();
    assert_eq!(
        ids,
        [
            ("necessary", true),
            ("preferences", false),
            ("analytics", false),
            ("marketing", false)
        ]
    );
    assert!(cfg.languages.contains(&"en".to_owned()) && cfg.languages.contains(&"da".to_owned()));
}

#[test]
fn an_unknown_key_is_an_error_naming_it() {
    let err = minimal(r#", "expireDays": 30"#).unwrap_err();
    assert!(err.to_string().contains("expireDays"), "{err}");
    let err = minimal(r#", "categories": [{"id": "analytics", "cookie": ["_ga"]}]"#).unwrap_err();
    assert!(err.key.starts_with("categories[0]"), "{err}");
    assert!(err.to_string().contains("cookie"), "{err}");
}

#[test]
fn a_wrong_type_is_an_error_naming_the_key() {
    let err = minimal(r#", "expiresDays": "thirty""#).unwrap_err();
    assert_eq!(err.key, "expiresDays", "{err}");
    let err = minimal(r#", "categories": [{"id": "analytics", "required": "yes"}]"#).unwrap_err();
    assert_eq!(err.key, "categories[0].required", "{err}");
    let err = parse(r#"{"revision": 2024, "policyUrl": "/p"}"#).unwrap_err();
    assert_eq!(err.key, "revision", "{err}");
}

#[test]
fn revision_and_policy_url_are_required() {
    let err = parse(r#"{"policyUrl": "/p"}"#).unwrap_err();
    assert!(err.to_string().contains("revision"), "{err}");
    let err = parse(r#"{"revision": "1"}"#).unwrap_err();
    assert!(err.to_string().contains("policyUrl"), "{err}");
    let err = parse(r#"{"revision": " ", "policyUrl": "/p"}"#).unwrap_err();
    assert_eq!(err.key, "revision");
}

#[test]
fn policy_url_must_be_http_https_or_relative() {
    for ok in [
        "/privacy",
        "privacy.html",
        "https://example.com/p",
        "HTTP://example.com",
        "#privacy",
        "//cdn.example.com/p",
    ] {
        assert!(
            parse(&format!(r#"{{"revision": "1", "policyUrl": "{ok}"}}"#)).is_ok(),
            "{ok}"
        );
    }
    for bad in [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "",
        // A control character is refused at the ends too, where trimming would have hidden it.
        "/privacy\\t",
        "\\n/privacy",
    ] {
        let err = parse(&format!(r#"{{"revision": "1", "policyUrl": "{bad}"}}"#)).unwrap_err();
        assert_eq!(err.key, "policyUrl", "{bad}");
    }
}

#[test]
fn expiry_is_limited_to_thirteen_months() {
    assert_eq!(
        minimal(r#", "expiresDays": 395"#).unwrap().expires_days,
        395
    );
    assert_eq!(
        minimal(r#", "expiresDays": 396"#).unwrap_err().key,
        "expiresDays"
    );
    assert_eq!(
        minimal(r#", "expiresDays": 0"#).unwrap_err().key,
        "expiresDays"
    );
    assert_eq!(
        minimal(r#", "expiresDays": -1"#).unwrap_err().key,
        "expiresDays"
    );
}

#[test]
fn a_whole_number_is_read_from_its_digits_in_any_form_and_a_fraction_never() {
    for form in ["30", "30.0", "3e1", "300e-1", "3.000000000000000000000e1"] {
        let cfg = minimal(&format!(r#", "expiresDays": {form}"#));
        assert_eq!(cfg.map(|c| c.expires_days), Ok(30), "{form}");
    }
    // Closer to 30 than an f64 can tell (the float reader rounded it to 30 and took it).
    for form in [
        "30.5",
        "3.0000000000000000000001e1",
        "30.000000000000000000001",
    ] {
        let err = minimal(&format!(r#", "expiresDays": {form}"#)).unwrap_err();
        assert_eq!(err.key, "expiresDays", "{form}");
        assert_eq!(err.problem, "must be a whole number of days", "{form}");
    }
    let err = minimal(r#", "googleConsentMode": {"waitForUpdate": 5.00000000000000000001e2}"#)
        .unwrap_err();
    assert_eq!(err.key, "googleConsentMode.waitForUpdate");
    assert_eq!(
        minimal(r#", "googleConsentMode": {"waitForUpdate": 5e2}"#)
            .unwrap()
            .google_consent_mode
            .unwrap()
            .wait_for_update,
        500
    );
}

#[test]
fn categories_must_be_non_empty_unique_and_well_named() {
    assert_eq!(
        minimal(r#", "categories": []"#).unwrap_err().key,
        "categories"
    );
    let err = minimal(r#", "categories": [{"id": "analytics"}, {"id": "analytics"}]"#).unwrap_err();
    assert_eq!(err.key, "categories[1].id");
    let err = minimal(r#", "categories": [{"id": "Ads & more"}]"#).unwrap_err();
    assert_eq!(err.key, "categories[0].id");
    let err = minimal(r#", "categories": [{"id": "analytics", "cookies": ["_g*a"]}]"#).unwrap_err();
    assert_eq!(err.key, "categories[0].cookies[0]");
}

#[test]
fn necessary_is_required_by_default_and_others_are_not() {
    let cfg = minimal(r#", "categories": [{"id": "necessary"}, {"id": "security", "required": true}, {"id": "analytics"}]"#).unwrap();
    let req: Vec<_> = cfg.categories.iter().map(|c| c.required).collect();
    assert_eq!(req, [true, true, false]);
}

#[test]
fn texts_must_use_known_keys_and_keep_placeholders() {
    assert!(minimal(r#", "texts": {"da": {"title": "Cookies hos os"}}"#).is_ok());
    let err = minimal(r#", "texts": {"da": {"titel": "x"}}"#).unwrap_err();
    assert_eq!(err.key, "texts.da.titel");
    let err = minimal(r#", "texts": {"en": {"notice": "We use cookies."}}"#).unwrap_err();
    assert_eq!(
        err.key, "texts.en.notice",
        "the {{controller}} placeholder went missing"
    );
    let err = minimal(r#", "texts": {"en": {"title": ""}}"#).unwrap_err();
    assert_eq!(err.key, "texts.en.title");
}

#[test]
fn a_language_that_is_not_built_in_needs_every_text() {
    let err = minimal(r#", "texts": {"xx": {"title": "x"}}"#).unwrap_err();
    assert!(err.key.starts_with("texts.xx."), "{err}");
    assert!(err.problem.contains("not built in"), "{err}");
    let err = minimal(r#", "language": "xx""#).unwrap_err();
    assert_eq!(err.key, "language");
    let err = minimal(r#", "languages": ["en", "xx"]"#).unwrap_err();
    assert_eq!(err.key, "languages[1]");
}

#[test]
fn language_codes_in_config_are_normalized() {
    let cfg = minimal(r#", "language": "da-DK", "languages": ["en-GB", "da", "da"]"#).unwrap();
    assert_eq!(cfg.language.as_deref(), Some("da"));
    assert_eq!(cfg.languages, ["en", "da"]);
    assert_eq!(minimal(r#", "language": "auto""#).unwrap().language, None);
}

#[test]
fn gpc_is_honoured_by_default_and_marketing_is_the_default_sale_or_sharing_category() {
    let cfg = minimal("").unwrap();
    assert!(cfg.honor_gpc);
    let flagged: Vec<_> = cfg
        .categories
        .iter()
        .filter(|c| c.sale_or_sharing)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(flagged, ["marketing"]);
    assert!(!minimal(r#", "gpc": "ignore""#).unwrap().honor_gpc);
    assert_eq!(minimal(r#", "gpc": "respect""#).unwrap_err().key, "gpc");
    let own = minimal(r#", "categories": [{"id": "necessary"}, {"id": "analytics", "saleOrSharing": true}, {"id": "marketing", "saleOrSharing": false}]"#).unwrap();
    let flagged: Vec<_> = own
        .categories
        .iter()
        .filter(|c| c.sale_or_sharing)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(flagged, ["analytics"]);
    let err =
        minimal(r#", "categories": [{"id": "necessary", "saleOrSharing": true}]"#).unwrap_err();
    assert_eq!(err.key, "categories[0].saleOrSharing");
}

#[test]
fn a_category_lists_its_services_and_their_cookies_join_its_own() {
    let cfg = minimal(r#", "categories": [{"id": "necessary"}, {"id": "analytics", "cookies": ["_ga"], "services": [
        {"name": "PostHog", "provider": "PostHog Inc.", "purpose": {"en": "Product analytics", "da": "Produktanalyse"},
         "privacyUrl": "https://posthog.com/privacy", "cookies": ["ph_*"], "retention": "1 year"},
        {"name": "Plausible"}]}]"#).unwrap();
    let analytics = cfg.category("analytics").unwrap();
    assert_eq!(analytics.services.len(), 2);
    let s = &analytics.services[0];
    assert_eq!(s.name, "PostHog");
    assert_eq!(s.provider.as_deref(), Some("PostHog Inc."));
    assert_eq!(
        s.purpose.as_ref().and_then(|p| p.get("da")),
        Some("Produktanalyse")
    );
    assert_eq!(
        s.retention.as_ref().and_then(|p| p.get("fr")),
        Some("1 year")
    );
    assert_eq!(
        s.privacy_url.as_deref(),
        Some("https://posthog.com/privacy")
    );
    assert_eq!(s.cookies, ["ph_*"]);
    let patterns: Vec<String> = analytics.cookies.iter().map(|p| p.text()).collect();
    assert_eq!(
        patterns,
        ["_ga", "ph_*"],
        "the service's cookies are deleted with the category's"
    );
}

#[test]
fn service_errors_name_the_key_path() {
    let key = |services: &str| {
        minimal(&format!(r#", "categories": [{{"id": "necessary"}}, {{"id": "analytics", "services": {services}}}]"#))
            .unwrap_err()
            .key
    };
    assert_eq!(
        key(r#"[{"provider": "X"}]"#),
        "categories[1].services[0].name"
    );
    assert_eq!(key(r#"[{"name": " "}]"#), "categories[1].services[0].name");
    assert_eq!(
        key(r#"[{"name": "X", "owner": "Y"}]"#),
        "categories[1].services[0].owner"
    );
    assert_eq!(
        key(r#"[{"name": "X"}, {"name": "Y", "cookies": ["a*b"]}]"#),
        "categories[1].services[1].cookies[0]"
    );
    assert_eq!(
        key(r#"[{"name": "X", "purpose": 3}]"#),
        "categories[1].services[0].purpose"
    );
    assert_eq!(key(r#"{"name": "X"}"#), "categories[1].services");
    for url in [
        "javascript:alert(1)",
        "data:text/html,x",
        "/privacy",
        "//evil.example/p",
        "ftp://x/y",
        "https://x/\n",
    ] {
        assert_eq!(
            key(&format!(
                r#"[{{"name": "X", "privacyUrl": {}}}]"#,
                serde_json::to_string(url).unwrap()
            )),
            "categories[1].services[0].privacyUrl",
            "{url:?}"
        );
    }
}
