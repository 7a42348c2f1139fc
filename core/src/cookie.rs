//! Cookies by name: the config's cookie patterns, the names in `document.cookie`, and the domain
//! levels a cookie may live on. A leaf: the config, the consent decision, the audit and the mirror
//! cookie all use it, and it uses none of them.

/// A cookie name from the config: exact (`_gid`) or a prefix ending in `*` (`_ga_*`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookiePattern {
    name: String,
    prefix: bool,
}

impl CookiePattern {
    /// # Errors
    /// An empty pattern, a `*` anywhere but at the end, or characters a cookie name cannot have.
    pub fn parse(pattern: &str) -> Result<Self, &'static str> {
        let (name, prefix) = match pattern.strip_suffix('*') {
            Some(p) => (p, true),
            None => (pattern, false),
        };
        if name.is_empty() {
            return Err("a cookie pattern needs at least one character before `*`");
        }
        let bad = |c: char| {
            c.is_control()
                || c.is_whitespace()
                || (c.is_ascii() && b"*=;,\"\\()<>@:/[]?{}".contains(&(c as u8)))
        };
        if name.chars().any(bad) {
            return Err(
                "a cookie name cannot contain `*` (except at the end), spaces, `=`, `;` or `,`",
            );
        }
        Ok(CookiePattern {
            name: name.to_owned(),
            prefix,
        })
    }

    /// Whether this is a prefix pattern (`_ga_*`).
    pub fn is_prefix(&self) -> bool {
        self.prefix
    }

    /// The name, or the prefix without its `*`.
    pub fn text_without_star(&self) -> &str {
        &self.name
    }

    /// The pattern as the config wrote it.
    pub fn text(&self) -> String {
        if self.prefix {
            format!("{}*", self.name)
        } else {
            self.name.clone()
        }
    }

    pub fn matches(&self, cookie: &str) -> bool {
        if self.prefix {
            cookie.starts_with(&self.name)
        } else {
            cookie == self.name
        }
    }
}

/// The names in a `document.cookie` string (`a=1; b=2`).
pub fn cookie_names(document_cookie: &str) -> Vec<&str> {
    document_cookie
        .split(';')
        .filter_map(|pair| {
            let name = pair.split('=').next()?.trim();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// Every domain a cookie for `host` may have been set on: the host itself and each parent level
/// (`www.shop.example.com`, `shop.example.com`, `example.com`). An IP address has only itself.
/// Deleting on a public suffix such as `com` is refused by the browser, so it is left out.
pub fn domain_levels(host: &str) -> Vec<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    // Byte tests, not `str::contains`: the wasm then needs no string searcher for them.
    let has = |byte: u8| host.as_bytes().contains(&byte);
    let is_ip = has(b':') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if host.is_empty() || is_ip || !has(b'.') {
        return vec![host];
    }
    // The host, then what follows each dot but the last (no `join`, which the wasm would carry).
    let mut levels = vec![host.clone()];
    let mut rest = host.as_str();
    while let Some((_, parent)) = rest.split_once('.') {
        levels.push(parent.to_owned());
        rest = parent;
    }
    levels.pop();
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_and_prefix_patterns_match_only_their_cookies() {
        let ga = CookiePattern::parse("_ga_*").unwrap();
        assert!(ga.matches("_ga_ABC123"));
        assert!(ga.matches("_ga_"));
        assert!(!ga.matches("_ga"));
        assert!(!ga.matches("x_ga_1"));
        let gid = CookiePattern::parse("_gid").unwrap();
        assert!(gid.matches("_gid"));
        assert!(!gid.matches("_gidx"));
    }

    #[test]
    fn malformed_patterns_are_rejected() {
        for bad in ["", "*", "_g*a", "a b", "a=b", "a;b"] {
            assert!(CookiePattern::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn cookie_names_are_read_from_document_cookie() {
        assert_eq!(
            cookie_names("_ga=GA1.2; _gid=x;theme=dark"),
            ["_ga", "_gid", "theme"]
        );
        assert_eq!(cookie_names(""), Vec::<&str>::new());
        assert_eq!(cookie_names("flag"), ["flag"]);
    }

    #[test]
    fn domain_levels_cover_host_and_parents_but_not_the_tld() {
        assert_eq!(
            domain_levels("www.shop.example.com"),
            ["www.shop.example.com", "shop.example.com", "example.com"]
        );
        assert_eq!(
            domain_levels("Shop.Example.COM."),
            ["shop.example.com", "example.com"]
        );
        assert_eq!(domain_levels("a..b"), ["a..b", ".b"]);
        assert_eq!(domain_levels("localhost"), ["localhost"]);
        assert_eq!(domain_levels("127.0.0.1"), ["127.0.0.1"]);
    }
}
