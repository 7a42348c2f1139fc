//! Gated scripts: `matching::Gate` (whether `data-consent` lets one run) and `embed::refusal`
//! (whether its URL and type may go live), with the console line the full module prints for a
//! refused one. first handles scripts only: a page with gated iframes defers (their placeholders
//! are the full module's).

use crate::Out;

/// What becomes of one `script[type="text/plain"][data-consent]` not handled yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// `data-consent` names no category: left alone, unmarked.
    Skip = 0,
    /// Its category is granted (or, negated, not granted) and it is safe: revive it.
    Run = 1,
    /// Allowed but not safe: stays inert, marked `refused`, and the console says why.
    Refuse = 2,
}

/// The attributes of a gated script, `None` when absent.
pub struct Script<'a> {
    pub consent: &'a str,
    pub data_src: Option<&'a str>,
    pub src: Option<&'a str>,
    pub data_type: Option<&'a str>,
    pub id: Option<&'a str>,
}

/// The verdict for `el`; `granted` says whether a category id is granted. For a refusal, `out`
/// gets the console line.
pub fn verdict(el: &Script, granted: &dyn Fn(&str) -> bool, out: &mut Out) -> Verdict {
    let attr = el.consent.trim();
    let (category, negated) = match attr.strip_prefix('!') {
        Some(rest) => (rest.trim(), true),
        None => (attr, false),
    };
    if category.is_empty() {
        return Verdict::Skip;
    }
    if granted(category) == negated {
        return Verdict::Skip;
    }
    let Some(why) = refusal(el.data_src.or(el.src), el.data_type) else {
        return Verdict::Run;
    };
    out.str("samtykke: <script");
    for (name, value) in [
        ("id", el.id),
        ("data-consent", Some(el.consent)),
        ("data-src", el.data_src),
        ("data-type", el.data_type),
    ] {
        if let Some(value) = value {
            out.byte(b' ');
            out.str(name);
            out.str("=\"");
            out.str(value);
            out.byte(b'"');
        }
    }
    out.str(">: stays inert, ");
    out.str(why);
    Verdict::Refuse
}

/// The `type` values a browser runs as script (`embed::SCRIPT_TYPES`).
const SCRIPT_TYPES: [&str; 17] = [
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

/// `embed::refusal`: why a script must stay inert, or `None`.
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
