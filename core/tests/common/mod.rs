//! Shared helpers for the core's tests: configs from JSON text, fixed times.
#![allow(dead_code)]

use samtykke_core::config::{self, Config, ConfigError};

/// 2024-06-17T00:00:00Z, the source policy's effective date.
pub const JUNE_17: i64 = 1_718_582_400_000;
pub const DAY: i64 = 86_400_000;

pub fn parse(json: &str) -> Result<Config, ConfigError> {
    config::parse_text(json)
}

/// The smallest valid config, with extra top-level keys spliced in (`, "expiresDays": 30`).
pub fn minimal(extra: &str) -> Result<Config, ConfigError> {
    parse(&format!(
        r#"{{"revision": "2024-06-17", "policyUrl": "/privacy"{extra}}}"#
    ))
}
