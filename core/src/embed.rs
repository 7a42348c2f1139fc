//! Embeds: which provider a gated iframe would contact, for the placeholder that stands in for it.
//!
//! The placeholder tells the visitor where the content comes from, so the host must be the one the
//! browser would really contact. This reads `data-src` the way a URL parser does for what matters
//! here (scheme, authority, user info, port) and gives up rather than guess.

pub use crate::inert::{refusal, SCRIPT_TYPES};

/// Bytes that cannot be in a host we name (a URL parser's forbidden host code points, plus `{` and
/// `}` so a host can never look like a text placeholder).
const FORBIDDEN: &[u8] = b"#%/:<>?@[\\]^|{}";

/// The host an iframe's `data-src` loads from, resolved against `page` (the page's own URL).
///
/// - `https://user@Video.Example.com:8443/x` → `video.example.com` (no user info, no port, lower case)
/// - `//cdn.example.net/x` (protocol-relative) → `cdn.example.net`
/// - `/video.html`, `embed?id=1`, `not a url` (relative) → the page's own host
/// - an IPv6 address keeps its brackets: `[2001:db8::1]`
/// - international names are shown as written: `bücher.example` stays Unicode and
///   `xn--bcher-kva.example` stays ASCII (never decoded, so no look-alike letters can hide in it);
///   only ASCII letters are lower-cased
/// - `None` when no host can be named: an empty `data-src` (it loads nothing), `data:`,
///   `javascript:`, `about:` and other schemes without a network host, an empty or malformed host
///
/// Byte by byte (every byte that matters is ASCII, and ASCII bytes never occur inside a UTF-8
/// sequence): that keeps this small in the wasm.
pub fn provider(src: &str, page: &str) -> Option<String> {
    let is_slash = |b: &u8| *b == b'/' || *b == b'\\';
    let url = &as_parsed(src);
    let rest = match scheme_len(url) {
        Some(n) => {
            let scheme = &url[..n];
            if !scheme.eq_ignore_ascii_case(b"http") && !scheme.eq_ignore_ascii_case(b"https") {
                return None;
            }
            let rest = &url[n + 1..];
            // `https:embed` (no slash) is relative to a page of the same scheme.
            let page = page.as_bytes();
            let same = scheme_len(page).is_some_and(|m| page[..m].eq_ignore_ascii_case(scheme));
            if same && !rest.first().is_some_and(is_slash) {
                return page_host(page);
            }
            rest
        }
        None if url.is_empty() => return None,
        // Two slashes of either kind start an authority; anything else is a path on the page's host.
        None if url.len() > 1 && is_slash(&url[0]) && is_slash(&url[1]) => url,
        None => return page_host(page.as_bytes()),
    };
    let rest = &rest[rest.iter().take_while(|b| is_slash(b)).count()..];
    let end = rest.iter().position(|b| b"/\\?#".contains(b));
    let authority = &rest[..end.unwrap_or(rest.len())];
    let host = match authority.iter().rposition(|&b| b == b'@') {
        Some(at) => &authority[at + 1..],
        None => authority,
    };
    let mut host = if host.first() == Some(&b'[') {
        let close = host.iter().position(|&b| b == b']')?;
        let inside = &host[1..close];
        if inside.is_empty()
            || !inside
                .iter()
                .all(|&b| b.is_ascii_hexdigit() || b".:".contains(&b))
        {
            return None;
        }
        host[..=close].to_vec()
    } else {
        let mut host =
            percent_decode(&host[..host.iter().position(|&b| b == b':').unwrap_or(host.len())]);
        while host.last() == Some(&b'.') {
            host.pop();
        }
        let bad = |&b: &u8| b <= b' ' || b == 0x7f || FORBIDDEN.contains(&b);
        if host.is_empty()
            || host.iter().any(bad)
            || host.split(|&b| b == b'.').any(<[u8]>::is_empty)
        {
            return None;
        }
        host
    };
    host.make_ascii_lowercase();
    String::from_utf8(host).ok()
}

/// The length of the scheme `url` starts with (`[A-Za-z][A-Za-z0-9+.-]*:`), if it has one.
/// `src` as a URL parser reads it: tabs and newlines go anywhere, spaces and controls at either end.
fn as_parsed(src: &str) -> Vec<u8> {
    let mut url: Vec<u8> = src
        .bytes()
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .collect();
    while url.last().is_some_and(|&b| b <= b' ') {
        url.pop();
    }
    let start = url.iter().take_while(|&&b| b <= b' ').count();
    url.split_off(start)
}

fn scheme_len(url: &[u8]) -> Option<usize> {
    let n = url
        .iter()
        .position(|&b| !b.is_ascii_alphanumeric() && !b"+-.".contains(&b))?;
    (n > 0 && url[n] == b':' && url[0].is_ascii_alphabetic()).then_some(n)
}

/// The host of the page itself (an absolute URL); `None` if it has none (a `file:` page).
fn page_host(page: &[u8]) -> Option<String> {
    scheme_len(page)?;
    provider(std::str::from_utf8(page).ok()?, "")
}

/// `%65` → `e`, as a URL parser does for hosts (the result is checked to be UTF-8 later).
fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: Option<&u8>| b.and_then(|&b| (b as char).to_digit(16));
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match (s[i], hex(s.get(i + 1)), hex(s.get(i + 2))) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
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
