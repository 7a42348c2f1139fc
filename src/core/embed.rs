//! Embeds: which provider a gated iframe would contact, for the placeholder that stands in for it.
//!
//! The placeholder tells the visitor where the content comes from, so the host must be the one the
//! browser would really contact. This reads `data-src` the way a URL parser does for what matters
//! here (scheme, authority, user info, port) and gives up rather than guess.

/// Characters that cannot be in a host we name (a URL parser's forbidden host code points, plus
/// `{` and `}` so a host can never look like a text placeholder).
const FORBIDDEN: &str = "#%/:<>?@[\\]^|{}";

/// The host an iframe's `data-src` loads from, resolved against `page` (the page's own URL).
///
/// - `https://user@Video.Example.com:8443/x` → `video.example.com` (no user info, no port, lower case)
/// - `//cdn.example.net/x` (protocol-relative) → `cdn.example.net`
/// - `/video.html`, `embed?id=1`, `not a url` (relative) → the page's own host
/// - an IPv6 address keeps its brackets: `[2001:db8::1]`
/// - international names are shown as written: `bücher.example` stays Unicode and
///   `xn--bcher-kva.example` stays ASCII (never decoded, so no look-alike letters can hide in it);
///   only ASCII letters are lower-cased
/// - `None` when no host can be named: an empty `data-src` (it loads nothing), `data:`, `javascript:`, `about:` and other schemes without
///   a network host, an empty or malformed host
pub fn provider(src: &str, page: &str) -> Option<String> {
    let is_slash = |c: char| c == '/' || c == '\\';
    // As a URL parser does: leading and trailing spaces and controls go, tabs and newlines anywhere.
    let src: String = src
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let authority = match split_scheme(&src) {
        Some((scheme, rest)) => {
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return None;
            }
            // `https:embed` (no slash) is relative to a page of the same scheme.
            if !rest.starts_with(is_slash) && same_scheme(scheme, page) {
                return page_host(page);
            }
            rest.trim_start_matches(is_slash)
        }
        // Two slashes of either kind start an authority; anything else is a path on the page's host.
        None if src.is_empty() => return None,
        None if src.chars().take(2).filter(|&c| is_slash(c)).count() == 2 => {
            src.trim_start_matches(is_slash)
        }
        None => return page_host(page),
    };
    let end = authority
        .find(['/', '\\', '?', '#'])
        .unwrap_or(authority.len());
    let authority = &authority[..end];
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if host.starts_with('[') {
        let close = host.find(']')?;
        let inside = &host[1..close];
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || ".:".contains(c))
        {
            return None;
        }
        host[..=close].to_ascii_lowercase()
    } else {
        let host = percent_decode(host.split(':').next().unwrap_or(""))?;
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let bad = |c: char| c <= ' ' || c == '\u{7f}' || FORBIDDEN.contains(c);
        if host.is_empty() || host.chars().any(bad) || host.split('.').any(str::is_empty) {
            return None;
        }
        host
    };
    Some(host)
}

/// `(scheme, rest after the colon)` if `url` starts with a scheme (`[A-Za-z][A-Za-z0-9+.-]*:`).
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_ok && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then(|| (scheme, &url[colon + 1..]))
}

fn same_scheme(scheme: &str, page: &str) -> bool {
    split_scheme(page).is_some_and(|(s, _)| s.eq_ignore_ascii_case(scheme))
}

/// The host of the page itself (an absolute URL); `None` if it has none (a `file:` page).
fn page_host(page: &str) -> Option<String> {
    split_scheme(page)?;
    provider(page, "")
}

/// `%65` → `e`, as a URL parser does for hosts. `None` for escapes that do not make UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::provider;

    const PAGE: &str = "https://shop.example.dk/products/1?x#y";

    fn p(src: &str) -> Option<String> {
        provider(src, PAGE)
    }

    #[test]
    fn absolute_urls_name_their_host_without_user_port_or_case() {
        assert_eq!(
            p("https://www.youtube-nocookie.com/embed/x").as_deref(),
            Some("www.youtube-nocookie.com")
        );
        assert_eq!(
            p("HTTPS://Video.Example.COM:8443/x?y#z").as_deref(),
            Some("video.example.com")
        );
        assert_eq!(
            p("http://video.example.com").as_deref(),
            Some("video.example.com")
        );
        assert_eq!(
            p("https://video.example.com.").as_deref(),
            Some("video.example.com")
        );
        assert_eq!(
            p("https://v.example.com?x=https://other.example").as_deref(),
            Some("v.example.com")
        );
        assert_eq!(
            p("https://v.example.com#@other.example").as_deref(),
            Some("v.example.com")
        );
    }

    #[test]
    fn user_info_cannot_pose_as_the_host() {
        assert_eq!(
            p("https://trusted.example@evil.example/x").as_deref(),
            Some("evil.example")
        );
        assert_eq!(
            p("https://a:b@c@evil.example:80/").as_deref(),
            Some("evil.example")
        );
        // A backslash ends the authority like a slash does, so this host is trusted.example.
        assert_eq!(
            p("https://trusted.example\\@evil.example/").as_deref(),
            Some("trusted.example")
        );
    }

    #[test]
    fn relative_urls_are_the_pages_own_host() {
        for src in [
            "/video.html",
            "video.html",
            "?id=1",
            "#x",
            "not a url",
            "../a/b",
            "€",
        ] {
            assert_eq!(p(src).as_deref(), Some("shop.example.dk"), "{src:?}");
        }
        assert_eq!(
            p("https:embed/1").as_deref(),
            Some("shop.example.dk"),
            "same scheme, no slash"
        );
        assert_eq!(
            provider("http:video.example.com/x", PAGE).as_deref(),
            Some("video.example.com")
        );
        assert_eq!(
            provider("/video.html", "http://127.0.0.1:8080/").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(provider("/video.html", "file:///home/me/index.html"), None);
        assert_eq!(provider("/video.html", ""), None);
    }

    #[test]
    fn protocol_relative_and_sloppy_slashes_name_the_host() {
        assert_eq!(
            p("//cdn.example.net/player").as_deref(),
            Some("cdn.example.net")
        );
        assert_eq!(
            p("\\\\cdn.example.net/player").as_deref(),
            Some("cdn.example.net")
        );
        assert_eq!(
            p("https:///cdn.example.net").as_deref(),
            Some("cdn.example.net")
        );
        assert_eq!(
            p(" \t https://cdn.exa\nmple.net/\n").as_deref(),
            Some("cdn.example.net")
        );
    }

    #[test]
    fn ip_addresses_are_shown_as_written() {
        assert_eq!(p("http://192.0.2.7:8080/x").as_deref(), Some("192.0.2.7"));
        assert_eq!(
            p("http://[2001:DB8::1]:8080/x").as_deref(),
            Some("[2001:db8::1]")
        );
        assert_eq!(p("http://[]/x"), None);
        assert_eq!(p("http://[2001:db8::1/x"), None);
        assert_eq!(p("http://[evil.example]/x"), None);
    }

    #[test]
    fn international_names_stay_as_written() {
        assert_eq!(
            p("https://bücher.example/x").as_deref(),
            Some("bücher.example")
        );
        assert_eq!(
            p("https://xn--bcher-kva.example/x").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(
            p("https://BÜCHER.Example/").as_deref(),
            Some("bÜcher.example"),
            "only ASCII is lower-cased"
        );
        assert_eq!(
            p("https://%62%C3%BCcher.example/").as_deref(),
            Some("bücher.example")
        );
    }

    #[test]
    fn no_host_can_be_named_for_other_schemes_or_garbage() {
        for src in [
            "",
            " \n ",
            "data:text/html,<p>hi",
            "javascript:alert(1)",
            "about:blank",
            "blob:https://shop.example.dk/1",
            "mailto:a@b.example",
            "localhost:8080/x",
            "https://",
            "https:///",
            "https://@/",
            "https://:443/",
            "https://exa mple.com/",
            "https://a..b/",
            "https://.",
            "https://a<b>.example/",
            "https://{provider}/",
            "https://%zz.example/",
            "https://%ff.example/",
            "https://%2f.example/",
            "//",
        ] {
            assert_eq!(p(src), None, "{src:?}");
        }
    }
}
