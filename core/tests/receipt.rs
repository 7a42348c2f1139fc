//! Proof-of-consent receipts: one per decision, the documented fields, nothing that identifies.

#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::{minimal, JUNE_17};
use samtykke_core::consent::{decide, Choice, Context};
use samtykke_core::receipt::{receipt, Decision, VERSION};

#[test]
fn a_receipt_has_exactly_the_documented_fields() {
    let cfg = minimal(r#", "recordUrl": "/consent-receipts""#).unwrap();
    assert_eq!(cfg.record_url.as_deref(), Some("/consent-receipts"));
    let ctx = Context {
        now: JUNE_17,
        new_id: "3f2a".into(),
        language: "da",
        gpc: true,
    };
    let record = decide(&cfg, None, &Choice::AcceptAll, ctx).unwrap();
    let required = |id: &str| id == "necessary";
    let json: serde_json::Value = serde_json::from_str(&receipt(
        &record,
        Decision::Chose(record.method),
        JUNE_17,
        &required,
    ))
    .unwrap();
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "categories",
            "expires",
            "given",
            "gpc",
            "id",
            "language",
            "method",
            "revision",
            "samtykke",
            "updated"
        ]
    );
    assert_eq!(json["id"], "3f2a");
    assert_eq!(json["method"], "accept-all");
    assert_eq!(json["gpc"], true);
    assert_eq!(
        json["categories"]["marketing"], false,
        "gpc kept marketing off"
    );
    assert_eq!(json["categories"]["analytics"], true);
    assert_eq!(json["samtykke"], VERSION);
    assert_eq!(json["revision"], "2024-06-17");
}

#[test]
fn a_withdrawal_receipt_grants_only_what_is_required() {
    let cfg = minimal("").unwrap();
    let ctx = Context {
        now: JUNE_17,
        new_id: "id".into(),
        language: "en",
        gpc: false,
    };
    let record = decide(&cfg, None, &Choice::AcceptAll, ctx).unwrap();
    let later = JUNE_17 + 60_000;
    let required = |id: &str| id == "necessary";
    let json: serde_json::Value =
        serde_json::from_str(&receipt(&record, Decision::Withdrew, later, &required)).unwrap();
    assert_eq!(json["method"], "withdraw");
    assert_eq!(json["categories"]["necessary"], true);
    assert_eq!(json["categories"]["analytics"], false);
    assert_eq!(json["updated"], "2024-06-17T00:01:00.000Z");
    assert_eq!(json["given"], record.given);
    assert_eq!(json["gpc"], false);
}

#[test]
fn record_url_must_be_http_https_or_relative() {
    assert!(minimal(r#", "recordUrl": "https://example.com/receipts""#).is_ok());
    assert_eq!(
        minimal(r#", "recordUrl": "javascript:alert(1)""#)
            .unwrap_err()
            .key,
        "recordUrl"
    );
    assert_eq!(minimal(r#", "recordUrl": 5"#).unwrap_err().key, "recordUrl");
    assert_eq!(
        minimal("").unwrap().record_url,
        None,
        "no endpoint unless configured"
    );
}
