//! A self-check of the config for what a regulator would flag, beyond what makes it invalid.
//!
//! Parsing already refuses the hard errors (no policy URL, expiry over 13 months, a custom category
//! without texts for the language shown). The audit looks for valid configs that are still wrong.

use std::fmt;

use crate::config::{Config, LocalText};
use crate::consent_mode::TYPES;
use crate::cookie::CookiePattern;

/// Cookies set by well-known trackers; none of them is ever strictly necessary.
const TRACKERS: [&str; 12] = [
    "_ga", "_ga_*", "_gid", "_gat*", "_gcl_*", "_fbp", "_fbc", "_hj*", "_uet*", "_clck", "_clsk",
    "IDE",
];

/// One thing to look at, with the config key it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub key: String,
    pub problem: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.key, self.problem)
    }
}

/// Everything worth a look, in config order; empty for a clean config.
pub fn audit(config: &Config) -> Vec<Finding> {
    let trackers: Vec<CookiePattern> = TRACKERS
        .iter()
        // All valid (a test says so); `ok` rather than `expect`, which would bring a Debug impl.
        .filter_map(|t| CookiePattern::parse(t).ok())
        .collect();
    let mut findings = Vec::new();
    for (i, cat) in config.categories.iter().enumerate() {
        if cat.required && matches!(cat.id.as_str(), "analytics" | "marketing") {
            findings.push(Finding {
                key: format!("categories[{i}].required"),
                problem: format!(
                    "`{}` is marked required: statistics and marketing are never strictly necessary, they need consent",
                    cat.id
                ),
            });
        }
        if cat.required {
            // The mirror cookie belongs under a required category: it is the consent itself.
            let mirror = config.cookie.as_ref().map(|c| c.name.as_str());
            for (j, pattern) in cat.cookies.iter().enumerate() {
                if !pattern.is_prefix() && Some(pattern.text_without_star()) == mirror {
                    continue;
                }
                if let Some(t) = TRACKERS
                    .iter()
                    .zip(&trackers)
                    .find(|(_, t)| overlaps(pattern, t))
                {
                    findings.push(Finding {
                        key: format!("categories[{i}].cookies[{j}]"),
                        problem: format!(
                            "`{}` is a tracker cookie ({}) in the required category `{}`: it needs consent",
                            pattern.text(),
                            t.0,
                            cat.id
                        ),
                    });
                }
            }
        }
        let built_in = crate::catalog::key_index(&format!("{}_title", cat.id)).is_some();
        if !built_in {
            for (field, text) in [("title", &cat.title), ("description", &cat.description)] {
                let missing: Vec<&str> = config
                    .languages
                    .iter()
                    .map(String::as_str)
                    .filter(|lang| text.as_ref().and_then(|t| t.get(lang)).is_none())
                    .collect();
                if !missing.is_empty() && !matches!(text, Some(LocalText::One(_))) {
                    findings.push(Finding {
                        key: format!("categories[{i}].{field}"),
                        problem: format!(
                            "custom category `{}` has no {field} in {}: visitors choosing that language see a config error",
                            cat.id,
                            missing.iter().enumerate().fold(String::new(), |mut s, (i, l)| {
                                if i > 0 {
                                    s.push_str(", ");
                                }
                                s.push_str(l);
                                s
                            })
                        ),
                    });
                }
            }
        }
    }
    // A Consent Mode type that follows a required category is granted without a choice. Security
    // and functionality storage may be necessary; the others never are.
    if let Some(mode) = &config.google_consent_mode {
        for (t, id) in TYPES.iter().zip(&mode.categories) {
            let required = id
                .as_deref()
                .and_then(|id| config.category(id))
                .filter(|c| c.required);
            if let (Some(cat), false) = (
                required,
                matches!(*t, "security_storage" | "functionality_storage"),
            ) {
                findings.push(Finding {
                    key: format!("googleConsentMode.types.{t}"),
                    problem: format!(
                        "`{t}` follows the required category `{}`: Google's tags are told it is granted before any choice",
                        cat.id
                    ),
                });
            }
        }
    }
    findings
}

/// Whether some cookie name matches both patterns.
fn overlaps(a: &CookiePattern, b: &CookiePattern) -> bool {
    match (a.is_prefix(), b.is_prefix()) {
        (false, _) => b.matches(a.text_without_star()),
        (true, false) => a.matches(b.text_without_star()),
        (true, true) => {
            a.text_without_star().starts_with(b.text_without_star())
                || b.text_without_star().starts_with(a.text_without_star())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_tracker_pattern_is_valid() {
        for t in TRACKERS {
            assert!(CookiePattern::parse(t).is_ok(), "{t}");
        }
    }
}
