//! Decisions: a visitor's choice becomes a new record, and a record becomes the set of grants.

use std::fmt;

use crate::config::Config;
use crate::cookie::cookie_names;
use crate::map::{Map, Set};
use crate::record::{Method, Record, SCHEMA_VERSION};
use crate::time::{format_iso, DAY_MS};

/// What the visitor (or the site's code through the API) chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    AcceptAll,
    RejectAll,
    /// Category id → granted. Categories left out are denied; required ones are always granted.
    Custom(Map<String, bool>),
}

/// A choice that names something that is not there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChoiceError {
    UnknownCategory(String),
    /// `setConsent({necessary: false})`: required categories cannot be denied.
    RequiredDenied(String),
}

impl fmt::Display for ChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChoiceError::UnknownCategory(id) => write!(f, "`{id}` is not a configured category"),
            ChoiceError::RequiredDenied(id) => write!(f, "`{id}` is required and cannot be denied"),
        }
    }
}

/// Everything a decision needs from the outside world.
pub struct Context<'a> {
    pub now: i64,
    /// The browser sends Global Privacy Control and the config honours it: accept-all then leaves
    /// sale-or-sharing categories off, and the record says so.
    pub gpc: bool,
    /// A fresh UUID, used when there is no current record to keep the id of.
    pub new_id: String,
    pub language: &'a str,
}

/// The record that `choice` leads to.
///
/// `current` is the stored record if it is still consent ([`Record::check`] passed): its id and
/// `given` time carry over, since the visitor is changing a consent they gave, not giving a new one.
///
/// # Errors
/// A custom choice naming an unknown category, or denying a required one; nothing changes then.
pub fn decide(
    config: &Config,
    current: Option<&Record>,
    choice: &Choice,
    ctx: Context<'_>,
) -> Result<Record, ChoiceError> {
    let (method, categories) = match choice {
        Choice::AcceptAll => (
            Method::AcceptAll,
            config
                .categories
                .iter()
                .map(|c| (c.id.clone(), !(ctx.gpc && c.sale_or_sharing)))
                .collect(),
        ),
        Choice::RejectAll => (
            Method::RejectAll,
            config
                .categories
                .iter()
                .map(|c| (c.id.clone(), c.required))
                .collect(),
        ),
        Choice::Custom(picked) => {
            for (id, &on) in picked {
                match config.category(id) {
                    None => return Err(ChoiceError::UnknownCategory(id.clone())),
                    Some(c) if c.required && !on => {
                        return Err(ChoiceError::RequiredDenied(id.clone()))
                    }
                    Some(_) => {}
                }
            }
            let categories: Map<String, bool> = config
                .categories
                .iter()
                .map(|c| {
                    (
                        c.id.clone(),
                        c.required || picked.get(&c.id).copied().unwrap_or(false),
                    )
                })
                .collect();
            (Method::Custom, categories)
        }
    };
    let now = format_iso(ctx.now);
    let (id, given) = match current {
        Some(r) => (r.id.clone(), r.given.clone()),
        None => (ctx.new_id, now.clone()),
    };
    Ok(Record {
        v: SCHEMA_VERSION,
        id,
        revision: config.revision.clone(),
        given,
        updated: now,
        expires: format_iso(
            ctx.now
                .saturating_add(i64::from(config.expires_days) * DAY_MS),
        ),
        categories,
        method,
        language: ctx.language.to_owned(),
        gpc: ctx.gpc.then_some(true),
    })
}

/// The categories granted by a valid record (or by no record: then only the required ones).
///
/// `gpc`: the browser sends Global Privacy Control now and the config honours it. The signal is an
/// opt-out that wins over an earlier opt-in (CCPA regulations §7025(c)(3)): a sale-or-sharing
/// category that the record granted without the signal is not granted while it is sent. One
/// granted with the signal present (`"gpc": true`, the visitor switched it on knowingly) stays.
pub fn granted(config: &Config, record: Option<&Record>, gpc: bool) -> Set<String> {
    config
        .categories
        .iter()
        .filter(|c| {
            c.required
                || record.is_some_and(|r| {
                    r.categories.get(&c.id) == Some(&true)
                        && !(gpc && c.sale_or_sharing && r.gpc != Some(true))
                })
        })
        .map(|c| c.id.clone())
        .collect()
}

/// Existing cookies that belong to a category not in `granted`: the ones to delete after a
/// rejection, a narrowed choice or a withdrawal. Never the mirror cookie, whatever the patterns
/// say: it holds the decision itself.
pub fn cookies_to_delete<'a>(
    config: &Config,
    granted: &Set<String>,
    document_cookie: &'a str,
) -> Vec<&'a str> {
    let denied: Vec<_> = config
        .categories
        .iter()
        .filter(|c| !granted.contains(&c.id))
        .collect();
    let mirror = config.cookie.as_ref().map(|c| c.name.as_str());
    cookie_names(document_cookie)
        .into_iter()
        .filter(|name| {
            Some(*name) != mirror
                && denied
                    .iter()
                    .any(|c| c.cookies.iter().any(|p| p.matches(name)))
        })
        .collect()
}
