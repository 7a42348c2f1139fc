//! Matching: gated elements against the grants (cookie patterns live in [`crate::cookie`]).

use crate::map::Set;

pub use crate::cookie::{cookie_names, domain_levels, CookiePattern};

/// The `data-consent` attribute of a gated element: `analytics`, or `!analytics` for "only while
/// analytics is not granted".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    pub category: String,
    pub negated: bool,
}

impl Gate {
    pub fn parse(attr: &str) -> Option<Gate> {
        let attr = attr.trim();
        let (category, negated) = match attr.strip_prefix('!') {
            Some(rest) => (rest.trim(), true),
            None => (attr, false),
        };
        (!category.is_empty()).then(|| Gate {
            category: category.to_owned(),
            negated,
        })
    }

    /// Whether the element may run, given the categories granted.
    pub fn allows(&self, granted: &Set<String>) -> bool {
        granted.contains(&self.category) != self.negated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gates_run_on_grant_and_negated_gates_on_denial() {
        let granted: Set<String> = ["necessary".to_owned(), "analytics".to_owned()].into();
        assert!(Gate::parse("analytics").unwrap().allows(&granted));
        assert!(!Gate::parse("!analytics").unwrap().allows(&granted));
        assert!(!Gate::parse("marketing").unwrap().allows(&granted));
        assert!(Gate::parse(" ! marketing ").unwrap().allows(&granted));
        assert_eq!(Gate::parse("  "), None);
        assert_eq!(Gate::parse("!"), None);
    }
}
