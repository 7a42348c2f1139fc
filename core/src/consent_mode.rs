//! Google Consent Mode v2: which of Google's seven consent types each samtykke category stands for.
//!
//! Google's tags read `consent` commands from `window.dataLayer`. samtykke only tells them what the
//! visitor decided: a type is `granted` exactly when the category it is mapped to is granted. The
//! shell pushes the commands; this module decides their contents, so the mapping is tested natively.

use crate::json::{write_str, Json, Number};
use crate::read::{boolean, object, optional, string, wrong, ConfigError};

/// Google's consent types, in the order the commands list them.
pub const TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// [`TYPES`] for messages, written out so the wasm needs no `join` (a test keeps it in step).
const TYPE_LIST: &str = "ad_storage, ad_user_data, ad_personalization, analytics_storage, \
                         functionality_storage, personalization_storage, security_storage";

/// The category each type follows unless the config says otherwise (same order as [`TYPES`]).
const DEFAULT_CATEGORIES: [&str; 7] = [
    "marketing",
    "marketing",
    "marketing",
    "analytics",
    "preferences",
    "preferences",
    "necessary",
];

/// `wait_for_update` when the config gives none: the update comes only once the wasm has loaded,
/// and without a wait a consenting visitor's first hits would go out as denied.
pub const DEFAULT_WAIT_MS: u32 = 500;

/// The longest `waitForUpdate` accepted: Google's tags stall that long before their first hit.
pub const MAX_WAIT_MS: u32 = 10_000;

/// The validated `googleConsentMode` config.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentMode {
    /// For each of [`TYPES`], the category it follows; `None` when the config has no such category,
    /// so the type is never granted.
    pub categories: [Option<String>; 7],
    /// `wait_for_update` of the default command, in milliseconds ([`DEFAULT_WAIT_MS`] unless set).
    pub wait_for_update: u32,
    /// `region` of the default command: ISO 3166-1 or 3166-2 codes. Empty means everywhere.
    pub region: Vec<String>,
    pub ads_data_redaction: bool,
    pub url_passthrough: bool,
}

/// `googleConsentMode` as written: `true`, `false`, or an object of options.
#[derive(Debug, Default)]
pub struct RawConsentMode {
    /// (type, category id) overrides, with the index of the type in [`TYPES`].
    types: Vec<(usize, String)>,
    wait_for_update: Option<Number>,
    region: Vec<String>,
    ads_data_redaction: bool,
    url_passthrough: bool,
}

const KEYS: &str = "types, waitForUpdate, region, adsDataRedaction, urlPassthrough";

/// Reads `googleConsentMode`. `Ok(None)` is `false`: switched off.
///
/// # Errors
/// A [`ConfigError`] naming the key that is unknown or of the wrong type.
pub fn read(value: Json, at: &str) -> Result<Option<RawConsentMode>, ConfigError> {
    let fields = match value {
        Json::Bool(on) => return Ok(on.then(RawConsentMode::default)),
        other @ Json::Object(_) => object(other, at)?,
        other => return Err(wrong(at, "true, false or an object", &other)),
    };
    let mut raw = RawConsentMode::default();
    for (key, value) in fields {
        let here = [at, ".", &key].concat();
        match key.as_str() {
            "types" => {
                for (name, category) in optional(value, &here, object)?.unwrap_or_default() {
                    let there = [&here, ".", &name].concat();
                    let Some(index) = TYPES.iter().position(|t| *t == name) else {
                        return Err(ConfigError::new(
                            there,
                            ["is not a Google consent type (known: ", TYPE_LIST, ")"].concat(),
                        ));
                    };
                    raw.types.push((index, string(category, &there)?));
                }
            }
            "waitForUpdate" => {
                raw.wait_for_update = match value {
                    Json::Null => None,
                    Json::Number(n) => Some(n),
                    other => return Err(wrong(&here, "a number of milliseconds", &other)),
                }
            }
            "region" => {
                raw.region = match optional(value, &here, |v, a| match v {
                    Json::Array(items) => Ok(items),
                    other => Err(wrong(a, "an array of region codes", &other)),
                })? {
                    None => Vec::new(),
                    Some(items) => items
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| string(item, &[&here, "[", &i.to_string(), "]"].concat()))
                        .collect::<Result<_, _>>()?,
                };
            }
            "adsDataRedaction" => {
                raw.ads_data_redaction = optional(value, &here, boolean)?.unwrap_or(false)
            }
            "urlPassthrough" => {
                raw.url_passthrough = optional(value, &here, boolean)?.unwrap_or(false)
            }
            _ => {
                return Err(ConfigError::new(
                    here,
                    ["`", &key, "` is not a known key (known: ", KEYS, ")"].concat(),
                ))
            }
        }
    }
    Ok(Some(raw))
}

/// Checks the options against the config's categories (`known` says whether a category id is
/// configured) and fills in the default mapping.
///
/// # Errors
/// A [`ConfigError`] for a type mapped to a category that is not configured, a wait out of range,
/// or a region that is not an ISO 3166 code.
pub fn validate(
    raw: RawConsentMode,
    known: impl Fn(&str) -> bool,
) -> Result<ConsentMode, ConfigError> {
    let mut mapped: [Option<String>; 7] = Default::default();
    for (slot, default) in mapped.iter_mut().zip(DEFAULT_CATEGORIES) {
        // A default that names a category the site does not have leaves the type denied.
        *slot = known(default).then(|| default.to_owned());
    }
    for (index, id) in raw.types {
        if !known(&id) {
            return Err(ConfigError::new(
                ["googleConsentMode.types.", TYPES[index]].concat(),
                ["`", &id, "` is not a configured category"].concat(),
            ));
        }
        mapped[index] = Some(id);
    }
    let wait_for_update = match raw.wait_for_update {
        None => DEFAULT_WAIT_MS,
        Some(ms) => match ms.as_u32().filter(|ms| *ms <= MAX_WAIT_MS) {
            Some(ms) => ms,
            None => {
                return Err(ConfigError::new(
                    "googleConsentMode.waitForUpdate",
                    "must be a whole number of milliseconds from 0 to 10000",
                ))
            }
        },
    };
    for (i, code) in raw.region.iter().enumerate() {
        if !is_region(code) {
            return Err(ConfigError::new(
                ["googleConsentMode.region[", &i.to_string(), "]"].concat(),
                [
                    "`",
                    code,
                    "` is not an ISO 3166 code such as \"DK\" or \"US-CA\"",
                ]
                .concat(),
            ));
        }
    }
    Ok(ConsentMode {
        categories: mapped,
        wait_for_update,
        region: raw.region,
        ads_data_redaction: raw.ads_data_redaction,
        url_passthrough: raw.url_passthrough,
    })
}

/// `DK` (ISO 3166-1 alpha-2) or `US-CA` (ISO 3166-2: country, hyphen, one to three letters or digits).
fn is_region(code: &str) -> bool {
    let (country, sub) = match code.split_once('-') {
        Some((c, s)) => (c, Some(s)),
        None => (code, None),
    };
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && sub.map_or(true, |s| {
            (1..=3).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

impl ConsentMode {
    /// Each type with whether it is granted now. A type follows its category; one without a
    /// category is never granted.
    pub fn state(&self, granted: impl Fn(&str) -> bool) -> [(&'static str, bool); 7] {
        let mut out = TYPES.map(|t| (t, false));
        for ((_, on), category) in out.iter_mut().zip(&self.categories) {
            *on = category.as_deref().is_some_and(&granted);
        }
        out
    }

    /// The commands the loader pushes when it could not push them itself: `consent default`
    /// (every type denied) and the `set` options, each as (command, name, value as JSON). With
    /// `region`, an unscoped default comes first: visitors outside the listed regions must not
    /// start granted by omission.
    pub fn default_commands(&self) -> Vec<(&'static str, &'static str, String)> {
        let mut state = String::from("{");
        for t in TYPES {
            field(&mut state, t, "\"denied\"");
        }
        field(
            &mut state,
            "wait_for_update",
            &self.wait_for_update.to_string(),
        );
        let mut out = vec![("consent", "default", [&state, "}"].concat())];
        if !self.region.is_empty() {
            let mut list = String::from("[");
            for (i, code) in self.region.iter().enumerate() {
                if i > 0 {
                    list.push(',');
                }
                write_str(&mut list, code);
            }
            list.push(']');
            field(&mut state, "region", &list);
            state.push('}');
            out.push(("consent", "default", state));
        }
        if self.ads_data_redaction {
            out.push(("set", "ads_data_redaction", "true".to_owned()));
        }
        if self.url_passthrough {
            out.push(("set", "url_passthrough", "true".to_owned()));
        }
        out
    }

    /// The value of a `consent update` command, as JSON, for what is granted now.
    pub fn update(&self, granted: impl Fn(&str) -> bool) -> String {
        let mut out = String::from("{");
        for (t, on) in self.state(granted) {
            field(&mut out, t, if on { "\"granted\"" } else { "\"denied\"" });
        }
        out.push('}');
        out
    }
}

/// Appends `"key":value` to a JSON object being written (`out` starts with `{`).
fn field(out: &mut String, key: &str, value: &str) {
    if out.len() > 1 {
        out.push(',');
    }
    write_str(out, key);
    out.push(':');
    out.push_str(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_out_type_list_matches_the_types() {
        assert_eq!(TYPE_LIST, TYPES.join(", "));
    }

    #[test]
    fn region_codes() {
        for ok in ["DK", "US-CA", "GB-ENG", "FR-75"] {
            assert!(is_region(ok), "{ok}");
        }
        for bad in ["", "D", "DNK", "dk", "US-", "US-CALI", "US_CA", "DK-ø"] {
            assert!(!is_region(bad), "{bad}");
        }
    }
}
