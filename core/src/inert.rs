//! What may go live when a gated element's category is granted: its URL's scheme and its script
//! type. A leaf that needs nothing but `core` (no allocation), so that the first-paint wasm
//! (first/, no std) compiles this very file too (`#[path]`); `embed` re-exports it.

/// The `type` values under which a browser runs a script: the JavaScript MIME types of the HTML
/// standard, and `module`. (An empty type is JavaScript too.)
pub const SCRIPT_TYPES: [&str; 17] = [
    "",
    "module",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-javascript",
];

/// Why a gated script or iframe must stay inert once its category is granted, or `None` when its
/// `data-src` (and, for a script, its `src`) and `data-type` may go live.
///
/// Sanitizers keep `data-*` attributes, so markup a site lets through, such as
/// `<iframe data-consent="marketing" data-src="javascript:…">`, must not become code: a URL goes
/// live only when it is `http:`, `https:` or relative, a type only when it is JavaScript's or
/// `module` (never `importmap`, which would redirect the site's own modules).
pub fn refusal(src: Option<&str>, kind: Option<&str>) -> Option<&'static str> {
    if let Some(src) = src {
        // As a URL parser reads it: no tabs or newlines, no spaces or controls at either end.
        let b = src.as_bytes();
        let start = b
            .iter()
            .position(|&c| c > b' ' && !matches!(c, b'\t' | b'\n' | b'\r'));
        let mut url = [0u8; 8];
        let mut n = 0;
        let mut scheme = None;
        if let Some(start) = start {
            for &c in &b[start..] {
                if matches!(c, b'\t' | b'\n' | b'\r') {
                    continue;
                }
                if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.') {
                    if n < url.len() {
                        url[n] = c;
                    }
                    n += 1;
                    continue;
                }
                // A scheme is a letter, then letters, digits, + - ., then `:`.
                if c == b':' && n > 0 && url[0].is_ascii_alphabetic() {
                    scheme = Some(url.get(..n).unwrap_or(b"-"));
                }
                break;
            }
        }
        let live = match scheme {
            Some(s) => s.eq_ignore_ascii_case(b"http") || s.eq_ignore_ascii_case(b"https"),
            None => start.is_some(),
        };
        if !live {
            return Some("its data-src is not an http:, https: or relative URL");
        }
    }
    if let Some(kind) = kind {
        let kind = kind.trim_ascii();
        if !SCRIPT_TYPES.iter().any(|t| t.eq_ignore_ascii_case(kind)) {
            return Some("its data-type is neither a JavaScript type nor \"module\"");
        }
    }
    None
}
