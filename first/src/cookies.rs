//! The cookies of denied categories: `consent::cookies_to_delete` (no mirror cookie in the subset)
//! and `mirror::deletions`, one `document.cookie` assignment at a time.

use crate::config::Config;
use crate::Out;

/// Calls `set` with each assignment that deletes an existing cookie (in `jar`, `document.cookie`)
/// of a category not in `granted`, on `host` and each of its parent domains. `out` is the scratch
/// space each assignment is written into.
pub fn delete_denied(
    c: &Config,
    granted: u8,
    jar: &str,
    host: &str,
    out: &mut Out,
    set: &mut dyn FnMut(&[u8]),
) {
    // `cookie::cookie_names`, by hand: `split` would bring a searcher into the wasm.
    let mut rest = Some(jar);
    while let Some(text) = rest {
        let end = text.bytes().position(|c| c == b';');
        let pair = text.get(..end.unwrap_or(text.len())).unwrap_or("");
        rest = end.and_then(|e| text.get(e + 1..));
        let cut = pair.bytes().position(|c| c == b'=').unwrap_or(pair.len());
        let name = pair.get(..cut).unwrap_or("").trim();
        let denied = c.patterns().iter().any(|p| {
            granted & p.cat == 0
                && if p.prefix {
                    name.starts_with(p.name)
                } else {
                    name == p.name
                }
        });
        if name.is_empty() || !denied {
            continue;
        }
        let host = host.trim_end_matches('.');
        let b = host.as_bytes();
        // `any`, not `contains`: slice::contains brings a searcher into the wasm (345 bytes).
        #[allow(clippy::manual_contains)]
        let has = |x: u8| b.iter().any(|&c| c == x);
        let is_ip = has(b':') || b.iter().all(|&c| c.is_ascii_digit() || c == b'.');
        let plain = b.is_empty() || is_ip || !has(b'.');
        // The host-only cookie, the host, then each parent domain but the top level.
        let mut emit = |domain: Option<&[u8]>| {
            out.n = 0;
            out.full = false;
            out.str(name);
            out.str("=; Max-Age=0; Path=/");
            if let Some(domain) = domain {
                out.str("; Domain=");
                for &c in domain {
                    out.byte(c.to_ascii_lowercase());
                }
            }
            if !out.full {
                set(out.as_bytes());
            }
        };
        emit(None);
        emit(Some(b));
        if !plain {
            let last = b.iter().rposition(|&c| c == b'.');
            for (i, &c) in b.iter().enumerate() {
                if c == b'.' && Some(i) != last {
                    emit(b.get(i + 1..));
                }
            }
        }
    }
}
