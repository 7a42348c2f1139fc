//! Cookies: deleting those of denied categories, and the mirror cookie that shares the decision
//! with sibling subdomains and the site's servers.

use std::cell::{Cell, RefCell};

use wasm_bindgen::JsCast;

use super::env;
use crate::core::config::{Config, ConfigError};
use crate::core::consent::cookies_to_delete;
use crate::core::map::Set;
use crate::core::mirror::{self, Cookie, CookieConfig};
use crate::core::record::Record;
use crate::core::time::parse_iso;

fn document() -> Option<web_sys::HtmlDocument> {
    env::document().dyn_into().ok()
}

/// `document.cookie`, or empty where the page may not read it (a sandboxed frame).
pub fn jar() -> String {
    document().and_then(|d| d.cookie().ok()).unwrap_or_default()
}

fn set(assignment: &str) {
    if let Some(doc) = document() {
        let _ = doc.set_cookie(assignment);
    }
}

fn host() -> String {
    env::window().location().hostname().unwrap_or_default()
}

/// Deletes every existing cookie that belongs to a category outside `granted`.
pub fn delete_denied(config: &Config, granted: &Set<String>) {
    let jar = jar();
    let host = host();
    for name in cookies_to_delete(config, granted, &jar) {
        for (_, assignment) in mirror::deletions(name, &host) {
            set(&assignment);
        }
    }
}

/// The mirror cookie of this page (config key `cookie`).
pub struct Mirror {
    cookie: Cookie,
    host: String,
    /// Warned once that the browser did not keep the cookie.
    refused: Cell<bool>,
    /// What the console was already told about the two copies, so a tab that becomes visible again
    /// does not repeat it.
    said: RefCell<Vec<String>>,
}

impl Mirror {
    /// # Errors
    /// A `cookie.domain` that does not fit this page's host: samtykke then fails closed.
    pub fn open(config: &CookieConfig) -> Result<Mirror, ConfigError> {
        let host = host();
        let https = env::window().location().protocol().ok().as_deref() == Some("https:");
        Ok(Mirror {
            cookie: config.for_page(&host, https)?,
            host,
            refused: Cell::new(false),
            said: RefCell::new(Vec::new()),
        })
    }

    pub fn name(&self) -> &str {
        &self.cookie.name
    }

    /// The cookie as this page writes it, for `mirror::sync`.
    pub fn cookie(&self) -> &Cookie {
        &self.cookie
    }

    /// Warns about the copies once per page for each distinct note.
    pub fn note(&self, note: &str) {
        let mut said = self.said.borrow_mut();
        if !said.iter().any(|s| s == note) {
            env::warn(note);
            said.push(note.to_owned());
        }
    }

    /// Deletes copies on the domain levels that are not the configured one.
    pub fn clean(&self) {
        for assignment in self.cookie.delete_elsewhere(&self.host) {
            set(&assignment);
        }
    }

    /// Writes `record` (a withdrawal when `withdrawn`), kept until the record expires.
    pub fn write(&self, record: &Record, withdrawn: bool) {
        let Some(value) = mirror::encode(record, withdrawn, self.cookie.record_id) else {
            env::warn(&format!(
                "the choice is not mirrored into cookie `{}`: a field has characters the cookie cannot hold",
                self.cookie.name
            ));
            return;
        };
        let now = env::now();
        let expires = parse_iso(&record.expires).unwrap_or(now);
        set(&self.cookie.set(&value, expires, now));
        let kept = mirror::values(&jar(), &self.cookie.name).contains(&value.as_str());
        if expires > now && !kept && !self.refused.replace(true) {
            env::warn(&format!(
                "the browser refused cookie `{}` (Secure on http? a public suffix as domain? cookies blocked?); the choice is not shared",
                self.cookie.name
            ));
        }
    }
}
