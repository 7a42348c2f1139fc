//! The site owner's JSON config: parsed strictly, validated once, with defaults filled in.
//!
//! An unknown key, a wrong type or an impossible value is a [`ConfigError`] that names the key, so the
//! console message tells the site owner exactly what to fix. A config that fails here means samtykke
//! runs nothing optional and stores nothing (fail closed).

use crate::catalog;
use crate::consent_mode::{self, ConsentMode, RawConsentMode};
use crate::cookie::CookiePattern;
use crate::json::Json;
use crate::map::Map;
use crate::read::{boolean, list, object, optional, string, unknown, wrong};

pub use crate::read::ConfigError;

/// Days a choice is kept when the config does not say.
pub const DEFAULT_EXPIRES_DAYS: u32 = 182;
/// Thirteen months: the longest a choice may be kept before asking again.
pub const MAX_EXPIRES_DAYS: u32 = 395;
/// The localStorage key when the config does not say.
pub const DEFAULT_STORAGE_KEY: &str = "samtykke";
/// A validated config. Build it with [`parse`].
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The policy version the visitor agrees to; a stored choice for another revision is not consent.
    pub revision: String,
    pub policy_url: String,
    pub controller: Option<String>,
    /// `None` means "auto": negotiate from the page and the browser.
    pub language: Option<String>,
    /// Languages offered in the switcher, each one available.
    pub languages: Vec<String>,
    pub expires_days: u32,
    pub storage_key: String,
    pub categories: Vec<Category>,
    /// Per-language overrides (or complete extra languages), keyed by language then text key.
    pub texts: Map<String, Map<String, String>>,
    /// Whether a browser's Global Privacy Control signal is honoured (`"gpc": "honor"`, the default).
    pub honor_gpc: bool,
    /// The site's own endpoint for proof-of-consent receipts; none by default (then samtykke sends
    /// nothing anywhere).
    pub record_url: Option<String>,
    /// Google Consent Mode v2 (`googleConsentMode`): off unless configured.
    pub google_consent_mode: Option<ConsentMode>,
    /// The first-party cookie that mirrors the record (`cookie`); none by default.
    pub cookie: Option<CookieConfig>,
}

/// One consent category.
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    pub id: String,
    /// Always granted, shown checked and disabled.
    pub required: bool,
    /// Cookies deleted when this category is denied.
    pub cookies: Vec<CookiePattern>,
    pub title: Option<LocalText>,
    pub description: Option<LocalText>,
    /// Sells or shares data (`saleOrSharing`, default: `marketing` only): with an honoured Global
    /// Privacy Control signal, accept-all leaves it off.
    pub sale_or_sharing: bool,
    /// Who gets the data (`services`), shown under the category in the preferences dialog. Their
    /// cookies are in `cookies` too, so they are deleted with the category's.
    pub services: Vec<Service>,
}

/// One service in a category: who receives the data, why, and for how long.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub name: String,
    pub provider: Option<String>,
    pub purpose: Option<LocalText>,
    pub retention: Option<LocalText>,
    /// The service's own privacy policy: an absolute http(s) URL.
    pub privacy_url: Option<String>,
    /// Its cookie names and patterns as written, for the visitor to read.
    pub cookies: Vec<String>,
}

/// A text the site owner wrote for a custom category: one string for every language, or one per
/// language code.
#[derive(Clone, Debug, PartialEq)]
pub enum LocalText {
    One(String),
    PerLanguage(Map<String, String>),
}

impl LocalText {
    /// The text for `lang`, if the owner gave one.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match self {
            LocalText::One(s) => Some(s.as_str()),
            LocalText::PerLanguage(map) => map.get(lang).map(String::as_str),
        }
        .filter(|s| !s.trim().is_empty())
    }
}

/// The mirror cookie's name when the config does not say.
pub const DEFAULT_COOKIE_NAME: &str = "samtykke";

/// The cookie's `SameSite` attribute (`cookie.sameSite`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameSite {
    Lax,
    Strict,
    None,
}

/// The `cookie` config key, as validated by the config parser. The mirror module turns it into the
/// cookie a page writes (`CookieConfig::for_page`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieConfig {
    pub name: String,
    /// `None`: host-only (no `Domain` attribute), shared with no other subdomain.
    pub domain: Option<String>,
    pub same_site: SameSite,
    /// `None`: `Secure` exactly when the page is https.
    pub secure: Option<bool>,
    /// `recordId`: the cookie carries the record's UUID. Off by default: the cookie goes with every
    /// request, so it carries nothing unique to the visitor unless the site asks for it.
    pub record_id: bool,
}

/// The config as written, before defaults and validation.
#[derive(Default)]
struct RawConfig {
    revision: String,
    policy_url: String,
    controller: Option<String>,
    language: Option<String>,
    languages: Option<Vec<String>>,
    expires_days: Option<u32>,
    storage_key: Option<String>,
    categories: Option<Vec<RawCategory>>,
    texts: Map<String, Map<String, String>>,
    gpc: Option<String>,
    record_url: Option<String>,
    google_consent_mode: Option<RawConsentMode>,
    cookie: Option<CookieConfig>,
}

#[derive(Default)]
struct RawCategory {
    id: String,
    required: Option<bool>,
    cookies: Vec<String>,
    title: Option<LocalText>,
    description: Option<LocalText>,
    sale_or_sharing: Option<bool>,
    services: Vec<Service>,
}

const CONFIG_KEYS: &str =
    "revision, policyUrl, controller, language, languages, expiresDays, storageKey, categories, texts, gpc, recordUrl, googleConsentMode, cookie";
const COOKIE_KEYS: &str = "name, domain, sameSite, secure, recordId";
const CATEGORY_KEYS: &str = "id, required, cookies, title, description, saleOrSharing, services";
const SERVICE_KEYS: &str = "name, provider, purpose, retention, privacyUrl, cookies";

/// Validates a parsed config.
///
/// Read by hand rather than through serde: every key is checked, errors name the exact path
/// (`categories[2].cookies[0]`), and the wasm carries no generic deserializer (whose error messages
/// alone pull in float formatting).
///
/// # Errors
/// A [`ConfigError`] naming the first key that is unknown, of the wrong type, or invalid.
pub fn parse(json: Json) -> Result<Config, ConfigError> {
    let mut raw = RawConfig::default();
    let (mut revision, mut policy_url) = (None, None);
    for (key, value) in object(json, "")? {
        match key.as_str() {
            "revision" => revision = Some(string(value, &key)?),
            "policyUrl" => policy_url = Some(string(value, &key)?),
            "controller" => raw.controller = optional(value, &key, string)?,
            "language" => raw.language = optional(value, &key, string)?,
            "languages" => raw.languages = optional(value, &key, |v, at| list(v, at, string))?,
            "expiresDays" => raw.expires_days = optional(value, &key, whole)?,
            "storageKey" => raw.storage_key = optional(value, &key, string)?,
            "categories" => raw.categories = optional(value, &key, |v, at| list(v, at, category))?,
            "texts" => raw.texts = optional(value, &key, texts)?.unwrap_or_default(),
            "gpc" => raw.gpc = optional(value, &key, string)?,
            "recordUrl" => raw.record_url = optional(value, &key, string)?,
            "googleConsentMode" => {
                raw.google_consent_mode = optional(value, &key, consent_mode::read)?.flatten()
            }
            "cookie" => raw.cookie = optional(value, &key, cookie)?,
            _ => return Err(unknown(&key, &key, CONFIG_KEYS)),
        }
    }
    raw.revision = revision
        .ok_or_else(|| ConfigError::new("revision", "is missing: name the policy version"))?;
    raw.policy_url = policy_url
        .ok_or_else(|| ConfigError::new("policyUrl", "is missing: link the privacy policy"))?;
    validate(raw)
}

/// A whole number from 0 to 4294967295.
fn whole(value: Json, at: &str) -> Result<u32, ConfigError> {
    match value {
        Json::Number(n) => n
            .as_u32()
            .ok_or_else(|| ConfigError::new(at, "must be a whole number of days")),
        other => Err(wrong(at, "a number", &other)),
    }
}

fn category(value: Json, at: &str) -> Result<RawCategory, ConfigError> {
    let mut raw = RawCategory::default();
    let mut id = None;
    for (key, value) in object(value, at)? {
        let here = format!("{at}.{key}");
        match key.as_str() {
            "id" => id = Some(string(value, &here)?),
            "required" => raw.required = optional(value, &here, boolean)?,
            "cookies" => {
                raw.cookies = optional(value, &here, |v, a| list(v, a, string))?.unwrap_or_default()
            }
            "title" => raw.title = optional(value, &here, local_text)?,
            "description" => raw.description = optional(value, &here, local_text)?,
            "saleOrSharing" => raw.sale_or_sharing = optional(value, &here, boolean)?,
            "services" => {
                raw.services =
                    optional(value, &here, |v, a| list(v, a, service))?.unwrap_or_default()
            }
            _ => return Err(unknown(&here, &key, CATEGORY_KEYS)),
        }
    }
    raw.id = id.ok_or_else(|| ConfigError::new(format!("{at}.id"), "is missing"))?;
    Ok(raw)
}

/// `{"name", "provider", "purpose", "retention", "privacyUrl", "cookies"}`: `name` is required.
fn service(value: Json, at: &str) -> Result<Service, ConfigError> {
    let mut out = Service {
        name: String::new(),
        provider: None,
        purpose: None,
        retention: None,
        privacy_url: None,
        cookies: Vec::new(),
    };
    let mut name = None;
    for (key, value) in object(value, at)? {
        let here = format!("{at}.{key}");
        match key.as_str() {
            "name" => name = Some(string(value, &here)?),
            "provider" => out.provider = optional(value, &here, string)?,
            "purpose" => out.purpose = optional(value, &here, local_text)?,
            "retention" => out.retention = optional(value, &here, local_text)?,
            "privacyUrl" => {
                let url = optional(value, &here, string)?;
                // Another site's page: only an absolute http(s) link, never javascript: or data:.
                let absolute = |u: &str| {
                    let u = u.trim().to_ascii_lowercase();
                    u.starts_with("https://") || u.starts_with("http://")
                };
                if url
                    .as_deref()
                    .is_some_and(|u| !is_safe_url(u) || !absolute(u))
                {
                    return Err(ConfigError::new(here, "must be an http: or https: URL"));
                }
                out.privacy_url = url;
            }
            "cookies" => {
                out.cookies = optional(value, &here, |v, a| list(v, a, string))?.unwrap_or_default()
            }
            _ => return Err(unknown(&here, &key, SERVICE_KEYS)),
        }
    }
    out.name = name
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| ConfigError::new(format!("{at}.name"), "is missing"))?;
    Ok(out)
}

/// `{"name", "domain", "sameSite", "secure", "recordId"}`, every key optional (`{}` is the defaults).
fn cookie(value: Json, at: &str) -> Result<CookieConfig, ConfigError> {
    let mut out = CookieConfig {
        name: DEFAULT_COOKIE_NAME.to_owned(),
        domain: None,
        same_site: SameSite::Lax,
        secure: None,
        record_id: false,
    };
    for (key, value) in object(value, at)? {
        let here = format!("{at}.{key}");
        match key.as_str() {
            "name" => {
                let name = string(value, &here)?;
                // An RFC 6265 token: visible ASCII without separators.
                let token = |b: u8| b.is_ascii_graphic() && !b"*=;,\"\\()<>@:/[]?{}".contains(&b);
                if name.is_empty() || name.len() > 64 || !name.bytes().all(token) {
                    return Err(ConfigError::new(
                        here,
                        "must be a cookie name: up to 64 ASCII characters, without spaces, `*`, `=`, `;`, `,` or brackets",
                    ));
                }
                out.name = name;
            }
            "domain" => out.domain = optional(value, &here, domain)?,
            "sameSite" => {
                out.same_site = match string(value, &here)?.as_str() {
                    "lax" => SameSite::Lax,
                    "strict" => SameSite::Strict,
                    "none" => SameSite::None,
                    _ => {
                        return Err(ConfigError::new(
                            here,
                            "must be \"lax\", \"strict\" or \"none\"",
                        ))
                    }
                }
            }
            "secure" => out.secure = optional(value, &here, boolean)?,
            "recordId" => out.record_id = optional(value, &here, boolean)?.unwrap_or(false),
            _ => return Err(unknown(&here, &key, COOKIE_KEYS)),
        }
    }
    if out.same_site == SameSite::None && out.secure == Some(false) {
        return Err(ConfigError::new(
            format!("{at}.secure"),
            "must be true with sameSite \"none\": browsers refuse such a cookie otherwise",
        ));
    }
    Ok(out)
}

/// A domain name for the cookie's `Domain` attribute, lower-cased, a leading `.` dropped (browsers
/// ignore it anyway). Whether it fits the page's host is checked at start-up.
fn domain(value: Json, at: &str) -> Result<String, ConfigError> {
    let text = string(value, at)?.to_ascii_lowercase();
    let name = text.strip_prefix('.').unwrap_or(&text);
    let ok = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    if name.len() > 253 || !name.split('.').all(|l| !l.is_empty() && l.bytes().all(ok)) {
        return Err(ConfigError::new(
            at,
            format!("`{text}` is not a domain name like \"example.com\""),
        ));
    }
    Ok(name.to_owned())
}

/// One string for every language, or `{"en": "…", "da": "…"}`.
fn local_text(value: Json, at: &str) -> Result<LocalText, ConfigError> {
    match value {
        Json::String(s) => Ok(LocalText::One(s)),
        Json::Object(fields) => {
            let mut map = Map::new();
            for (lang, text) in fields {
                let text = string(text, &format!("{at}.{lang}"))?;
                map.insert(lang, text);
            }
            Ok(LocalText::PerLanguage(map))
        }
        other => Err(wrong(
            at,
            "a string or an object of language to string",
            &other,
        )),
    }
}

fn texts(value: Json, at: &str) -> Result<Map<String, Map<String, String>>, ConfigError> {
    let mut out = Map::new();
    for (lang, strings) in object(value, at)? {
        let here = format!("{at}.{lang}");
        let mut map = Map::new();
        for (key, text) in object(strings, &here)? {
            let text = string(text, &format!("{here}.{key}"))?;
            map.insert(key, text);
        }
        out.insert(lang, map);
    }
    Ok(out)
}

/// Parses and validates the config's JSON text: the one entry point the browser and the tests share.
///
/// # Errors
/// Invalid JSON (with line and column), or any error of [`parse`].
pub fn parse_text(text: &str) -> Result<Config, ConfigError> {
    let json = crate::json::parse(text)
        .map_err(|e| ConfigError::new("", format!("not valid JSON: {e}")))?;
    if !matches!(json, Json::Object(_)) {
        return Err(ConfigError::new(
            "",
            "must be a JSON object, `{ \"revision\": …, \"policyUrl\": … }`",
        ));
    }
    parse(json)
}

fn validate(raw: RawConfig) -> Result<Config, ConfigError> {
    let honor_gpc = match raw.gpc.as_deref() {
        None | Some("honor") => true,
        Some("ignore") => false,
        Some(other) => {
            return Err(ConfigError::new(
                "gpc",
                format!("must be \"honor\" or \"ignore\", not \"{other}\""),
            ))
        }
    };
    if raw.revision.trim().is_empty() {
        return Err(ConfigError::new(
            "revision",
            "must name the policy version, e.g. \"2024-06-17\"",
        ));
    }
    if !is_safe_url(&raw.policy_url) {
        return Err(ConfigError::new(
            "policyUrl",
            "must be an http(s) or relative URL of the privacy policy",
        ));
    }
    if raw.record_url.as_deref().is_some_and(|u| !is_safe_url(u)) {
        return Err(ConfigError::new(
            "recordUrl",
            "must be an http(s) or relative URL of your own endpoint",
        ));
    }
    let expires_days = raw.expires_days.unwrap_or(DEFAULT_EXPIRES_DAYS);
    if expires_days == 0 || expires_days > MAX_EXPIRES_DAYS {
        return Err(ConfigError::new(
            "expiresDays",
            format!("must be from 1 to {MAX_EXPIRES_DAYS} (13 months), not {expires_days}"),
        ));
    }
    let storage_key = raw
        .storage_key
        .unwrap_or_else(|| DEFAULT_STORAGE_KEY.to_owned());
    if storage_key.trim().is_empty() {
        return Err(ConfigError::new("storageKey", "must not be empty"));
    }

    // Texts first: they decide which languages exist.
    for (lang, strings) in &raw.texts {
        let key = |k: &str| format!("texts.{lang}.{k}");
        if !catalog::is_language_code(lang) {
            return Err(ConfigError::new(
                format!("texts.{lang}"),
                "is not a language code",
            ));
        }
        for (k, v) in strings {
            if catalog::key_index(k).is_none() {
                return Err(ConfigError::new(key(k), "is not a known text key"));
            }
            if v.trim().is_empty() {
                return Err(ConfigError::new(key(k), "must not be empty"));
            }
            // Held to what the build holds every built-in language to: the notice says, by the
            // signal's name, that Do Not Track is not honoured.
            // By hand, not `str::contains`: that would bring a substring searcher into the wasm.
            if k == "dnt" && !v.as_bytes().windows(12).any(|w| w == b"Do Not Track") {
                return Err(ConfigError::new(
                    key(k),
                    "must name \"Do Not Track\" untranslated (it says the signal is not honoured)",
                ));
            }
            let english = catalog::builtin_text("en", k).unwrap_or_default();
            if catalog::placeholders(v) != catalog::placeholders(english) {
                return Err(ConfigError::new(
                    key(k),
                    format!("must use the same {{placeholders}} as the English text: {english}"),
                ));
            }
        }
        if !catalog::is_built_in(lang) {
            if let Some(missing) = catalog::KEY_NAMES
                .iter()
                .find(|k| !strings.contains_key(**k))
            {
                return Err(ConfigError::new(
                    key(missing),
                    format!(
                        "is missing: `{lang}` is not built in, so its texts must give every key"
                    ),
                ));
            }
        }
    }
    let available = |code: &str| catalog::is_built_in(code) || raw.texts.contains_key(code);

    let language = match raw.language.as_deref() {
        None | Some("auto") => None,
        Some(code) => {
            let code = catalog::normalize(code);
            if !available(&code) {
                return Err(ConfigError::new(
                    "language",
                    format!("`{code}` is neither built in nor given in full under `texts`"),
                ));
            }
            Some(code)
        }
    };
    let languages = match raw.languages {
        None => {
            let mut all: Vec<String> = catalog::built_in_codes().map(str::to_owned).collect();
            all.extend(
                raw.texts
                    .keys()
                    .filter(|c| !catalog::is_built_in(c))
                    .cloned(),
            );
            all
        }
        Some(list) => {
            let mut out: Vec<String> = Vec::new();
            for (i, code) in list.iter().enumerate() {
                let code = catalog::normalize(code);
                if !available(&code) {
                    return Err(ConfigError::new(
                        format!("languages[{i}]"),
                        format!("`{code}` is neither built in nor given in full under `texts`"),
                    ));
                }
                if !out.contains(&code) {
                    out.push(code);
                }
            }
            if out.is_empty() {
                return Err(ConfigError::new(
                    "languages",
                    "must list at least one language",
                ));
            }
            out
        }
    };

    let categories = match raw.categories {
        None => default_categories(),
        Some(list) => validate_categories(list)?,
    };

    let google_consent_mode = match raw.google_consent_mode {
        None => None,
        Some(gcm) => Some(consent_mode::validate(gcm, |id| {
            categories.iter().any(|c| c.id == id)
        })?),
    };

    Ok(Config {
        revision: raw.revision,
        policy_url: raw.policy_url,
        controller: raw.controller.filter(|c| !c.trim().is_empty()),
        language,
        languages,
        expires_days,
        storage_key,
        categories,
        texts: raw.texts,
        honor_gpc,
        record_url: raw.record_url,
        google_consent_mode,
        cookie: raw.cookie,
    })
}

fn validate_categories(list: Vec<RawCategory>) -> Result<Vec<Category>, ConfigError> {
    if list.is_empty() {
        return Err(ConfigError::new(
            "categories",
            "must list at least one category (leave the key out for the defaults)",
        ));
    }
    let mut out: Vec<Category> = Vec::with_capacity(list.len());
    for (i, raw) in list.into_iter().enumerate() {
        let at = |k: &str| format!("categories[{i}].{k}");
        let valid_id = !raw.id.is_empty()
            && raw.id.len() <= 64
            && raw
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid_id {
            return Err(ConfigError::new(
                at("id"),
                format!(
                    "`{}` must be lower-case letters, digits, `-` or `_`",
                    raw.id
                ),
            ));
        }
        if out.iter().any(|c| c.id == raw.id) {
            return Err(ConfigError::new(
                at("id"),
                format!("`{}` is listed twice", raw.id),
            ));
        }
        let mut cookies = Vec::with_capacity(raw.cookies.len());
        for (j, pattern) in raw.cookies.iter().enumerate() {
            cookies.push(CookiePattern::parse(pattern).map_err(|problem| {
                ConfigError::new(format!("categories[{i}].cookies[{j}]"), problem)
            })?);
        }
        for (j, service) in raw.services.iter().enumerate() {
            for (k, pattern) in service.cookies.iter().enumerate() {
                cookies.push(CookiePattern::parse(pattern).map_err(|problem| {
                    ConfigError::new(
                        format!("categories[{i}].services[{j}].cookies[{k}]"),
                        problem,
                    )
                })?);
            }
        }
        // "necessary" is required unless the owner says otherwise; nothing else is.
        let required = raw.required.unwrap_or(raw.id == "necessary");
        let sale_or_sharing = raw.sale_or_sharing.unwrap_or(raw.id == "marketing");
        if required && sale_or_sharing {
            return Err(ConfigError::new(
                at("saleOrSharing"),
                format!(
                    "category `{}` cannot be both required and a sale or sharing of data",
                    raw.id
                ),
            ));
        }
        out.push(Category {
            id: raw.id,
            required,
            cookies,
            title: raw.title,
            description: raw.description,
            sale_or_sharing,
            services: raw.services,
        });
    }
    Ok(out)
}

fn default_categories() -> Vec<Category> {
    ["necessary", "preferences", "analytics", "marketing"]
        .into_iter()
        .map(|id| Category {
            id: id.to_owned(),
            required: id == "necessary",
            cookies: Vec::new(),
            title: None,
            description: None,
            sale_or_sharing: id == "marketing",
            services: Vec::new(),
        })
        .collect()
}

/// Only http, https and relative URLs may become a link: `javascript:` and `data:` never do.
pub fn is_safe_url(url: &str) -> bool {
    // Control characters anywhere, even at the ends that trim would drop: the URL is stored and
    // used as written, and browsers strip tabs and newlines inside URLs before they parse them.
    if url.chars().any(|c| c.is_control()) {
        return false;
    }
    let url = url.trim();
    if url.is_empty() {
        return false;
    }
    // A scheme is letters, digits, + - . before the first ':' that comes before any / ? #.
    let scheme_end = url.find(|c: char| matches!(c, ':' | '/' | '?' | '#'));
    match scheme_end.and_then(|i| url.split_at_checked(i)) {
        Some((scheme, rest)) if rest.starts_with(':') => {
            let scheme = scheme.to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

impl Config {
    /// The category with this id, if configured.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}
