//! Google Consent Mode as the config sets it up: the default mapping, the options, the errors and
//! the commands the loader pushes.

use samtykke_core::config::{parse_text, Config, ConfigError};
use samtykke_core::consent_mode::TYPES;

fn config(gcm: &str) -> Result<Config, ConfigError> {
    parse_text(&format!(
        r#"{{"revision": "1", "policyUrl": "/p", "googleConsentMode": {gcm}}}"#
    ))
}

#[test]
fn default_mapping_follows_the_issue_table() {
    let mode = config("true").unwrap().google_consent_mode.unwrap();
    let only = |id: &'static str| mode.state(move |c| c == id);
    let granted = |state: [(&'static str, bool); 7]| {
        state
            .iter()
            .filter(|(_, on)| *on)
            .map(|(t, _)| *t)
            .collect::<Vec<_>>()
    };
    assert_eq!(granted(only("analytics")), ["analytics_storage"]);
    assert_eq!(
        granted(only("marketing")),
        ["ad_storage", "ad_user_data", "ad_personalization"]
    );
    assert_eq!(
        granted(only("preferences")),
        ["functionality_storage", "personalization_storage"]
    );
    assert_eq!(granted(only("necessary")), ["security_storage"]);
    assert!(granted(mode.state(|_| false)).is_empty());
}

#[test]
fn false_or_absent_is_off() {
    assert_eq!(config("false").unwrap().google_consent_mode, None);
    assert_eq!(config("null").unwrap().google_consent_mode, None);
}

#[test]
fn options_are_read() {
    let mode = config(
        r#"{"waitForUpdate": 500, "region": ["DK", "US-CA"], "adsDataRedaction": true,
            "urlPassthrough": true, "types": {"analytics_storage": "marketing"}}"#,
    )
    .unwrap()
    .google_consent_mode
    .unwrap();
    assert_eq!(mode.wait_for_update, 500);
    assert_eq!(mode.region, ["DK", "US-CA"]);
    assert!(mode.ads_data_redaction && mode.url_passthrough);
    assert_eq!(mode.categories[3].as_deref(), Some("marketing"));
    assert!(!mode.state(|c| c == "analytics")[3].1);
}

#[test]
fn a_missing_default_category_leaves_its_types_denied() {
    let config = parse_text(
        r#"{"revision": "1", "policyUrl": "/p", "googleConsentMode": true,
            "categories": [{"id": "necessary"}, {"id": "analytics"}]}"#,
    )
    .unwrap();
    let mode = config.google_consent_mode.unwrap();
    assert_eq!(mode.categories[0], None);
    let state = mode.state(|_| true);
    assert!(!state[0].1 && !state[4].1 && state[3].1 && state[6].1);
}

#[test]
fn errors_name_the_key() {
    let key = |gcm: &str| config(gcm).unwrap_err().key;
    assert_eq!(key("1"), "googleConsentMode");
    assert_eq!(key(r#"{"wait": 1}"#), "googleConsentMode.wait");
    assert_eq!(
        key(r#"{"types": {"ad_strage": "marketing"}}"#),
        "googleConsentMode.types.ad_strage"
    );
    assert_eq!(
        key(r#"{"types": {"ad_storage": "ads"}}"#),
        "googleConsentMode.types.ad_storage"
    );
    assert_eq!(
        key(r#"{"waitForUpdate": 20000}"#),
        "googleConsentMode.waitForUpdate"
    );
    assert_eq!(
        key(r#"{"waitForUpdate": 1.5}"#),
        "googleConsentMode.waitForUpdate"
    );
    assert_eq!(key(r#"{"region": ["dk"]}"#), "googleConsentMode.region[0]");
    assert_eq!(key(r#"{"region": ["US-"]}"#), "googleConsentMode.region[0]");
    assert_eq!(key(r#"{"region": "DK"}"#), "googleConsentMode.region");
    assert_eq!(
        key(r#"{"adsDataRedaction": "yes"}"#),
        "googleConsentMode.adsDataRedaction"
    );
}

#[test]
fn commands_are_json_google_reads() {
    let mode =
        config(r#"{"waitForUpdate": 500, "region": ["DK", "US-CA"], "urlPassthrough": true}"#)
            .unwrap()
            .google_consent_mode
            .unwrap();
    let commands = mode.default_commands();
    assert_eq!(commands.len(), 3);
    // Unscoped first, so a visitor outside the regions does not start granted by omission.
    for (i, region) in [
        (0, serde_json::Value::Null),
        (1, serde_json::json!(["DK", "US-CA"])),
    ] {
        assert_eq!((commands[i].0, commands[i].1), ("consent", "default"));
        let value: serde_json::Value = serde_json::from_str(&commands[i].2).unwrap();
        for t in TYPES {
            assert_eq!(value[t], "denied", "{t}");
        }
        assert_eq!(value["wait_for_update"], 500);
        assert_eq!(value["region"], region);
    }
    assert_eq!(commands[2], ("set", "url_passthrough", "true".to_owned()));

    let update: serde_json::Value =
        serde_json::from_str(&mode.update(|c| c == "analytics" || c == "necessary")).unwrap();
    let object = update.as_object().unwrap();
    assert_eq!(object.len(), 7);
    assert_eq!(update["analytics_storage"], "granted");
    assert_eq!(update["security_storage"], "granted");
    assert_eq!(update["ad_storage"], "denied");
}

#[test]
fn wait_for_update_is_500_ms_unless_the_config_says_otherwise() {
    let mode = config("true").unwrap().google_consent_mode.unwrap();
    assert_eq!(mode.wait_for_update, 500);
    let commands = mode.default_commands();
    assert_eq!(commands.len(), 1, "no region: one default");
    let value: serde_json::Value = serde_json::from_str(&commands[0].2).unwrap();
    assert_eq!(value["wait_for_update"], 500);
    assert_eq!(value.get("region"), None);
    let zero = config(r#"{"waitForUpdate": 0}"#)
        .unwrap()
        .google_consent_mode
        .unwrap();
    assert_eq!(zero.wait_for_update, 0);
}
