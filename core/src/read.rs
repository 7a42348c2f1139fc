//! Typed readers over parsed JSON, and the one error they give: [`ConfigError`], naming the key.
//!
//! A leaf: it knows [`Json`] and nothing of the config's shape, so every module that reads part of
//! the config (`config`, `consent_mode`) uses it without importing the other.

use std::fmt;

use crate::json::Json;

/// A config problem, naming the key (`categories[2].id`) and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub key: String,
    pub problem: String,
}

impl ConfigError {
    pub fn new(key: impl Into<String>, problem: impl Into<String>) -> Self {
        ConfigError {
            key: key.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() || self.key == "." {
            write!(f, "config: {}", self.problem)
        } else {
            write!(f, "config key `{}`: {}", self.key, self.problem)
        }
    }
}

impl std::error::Error for ConfigError {}

/// `` `key` is not a known key (known: …) `` at `at`.
pub fn unknown(at: &str, key: &str, known: &str) -> ConfigError {
    ConfigError::new(at, format!("`{key}` is not a known key (known: {known})"))
}

/// "must be `expected`, not (the kind found)" at `at`.
pub fn wrong(at: &str, expected: &str, found: &Json) -> ConfigError {
    ConfigError::new(at, format!("must be {expected}, not {}", found.kind()))
}

pub fn object(value: Json, at: &str) -> Result<Vec<(String, Json)>, ConfigError> {
    match value {
        Json::Object(fields) => Ok(fields),
        other => Err(wrong(at, "an object", &other)),
    }
}

pub fn string(value: Json, at: &str) -> Result<String, ConfigError> {
    match value {
        Json::String(s) => Ok(s),
        other => Err(wrong(at, "a string", &other)),
    }
}

pub fn boolean(value: Json, at: &str) -> Result<bool, ConfigError> {
    match value {
        Json::Bool(b) => Ok(b),
        other => Err(wrong(at, "true or false", &other)),
    }
}

/// `null` counts as absent, as it does for every optional key.
pub fn optional<T>(
    value: Json,
    at: &str,
    read: impl FnOnce(Json, &str) -> Result<T, ConfigError>,
) -> Result<Option<T>, ConfigError> {
    match value {
        Json::Null => Ok(None),
        other => read(other, at).map(Some),
    }
}

/// An array, each item read by `read` at `at[i]`.
pub fn list<T>(
    value: Json,
    at: &str,
    read: impl Fn(Json, &str) -> Result<T, ConfigError>,
) -> Result<Vec<T>, ConfigError> {
    match value {
        Json::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| read(v, &format!("{at}[{i}]")))
            .collect(),
        other => Err(wrong(at, "an array", &other)),
    }
}
