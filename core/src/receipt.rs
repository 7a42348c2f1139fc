//! Proof of consent: the one JSON receipt sent to the site's own `recordUrl` for each decision.
//!
//! It holds what the visitor decided and under which policy, and nothing that identifies them: no IP
//! address, no user agent, no page URL (the server sees its own request, samtykke adds nothing).

use crate::json::write_str;
use crate::record::{Method, Record};
use crate::time::format_iso;

/// The samtykke version that wrote a receipt.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What happened: a choice stored, or a withdrawal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Chose(Method),
    Withdrew,
}

/// The receipt for `record` (for a withdrawal: the record withdrawn, with `now` as its time and only
/// required categories granted).
///
/// `{"id","revision","given","updated","expires","method","categories","language","gpc","samtykke"}`
pub fn receipt(
    record: &Record,
    decision: Decision,
    now: i64,
    required: &dyn Fn(&str) -> bool,
) -> String {
    let method = match decision {
        Decision::Chose(Method::AcceptAll) => "accept-all",
        Decision::Chose(Method::RejectAll) => "reject-all",
        Decision::Chose(Method::Custom) => "custom",
        Decision::Withdrew => "withdraw",
    };
    let withdrew = decision == Decision::Withdrew;
    let updated = if withdrew {
        format_iso(now)
    } else {
        record.updated.clone()
    };
    let mut out = String::from("{");
    let field = |out: &mut String, key: &str, value: &str| {
        if out.len() > 1 {
            out.push(',');
        }
        write_str(out, key);
        out.push(':');
        write_str(out, value);
    };
    field(&mut out, "id", &record.id);
    field(&mut out, "revision", &record.revision);
    field(&mut out, "given", &record.given);
    field(&mut out, "updated", &updated);
    field(
        &mut out,
        "expires",
        if withdrew { &updated } else { &record.expires },
    );
    field(&mut out, "method", method);
    out.push_str(",\"categories\":{");
    for (i, (id, on)) in record.categories.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(&mut out, id);
        out.push_str(if (*on && !withdrew) || required(id) {
            ":true"
        } else {
            ":false"
        });
    }
    out.push('}');
    field(&mut out, "language", &record.language);
    out.push_str(if record.gpc == Some(true) {
        ",\"gpc\":true"
    } else {
        ",\"gpc\":false"
    });
    field(&mut out, "samtykke", VERSION);
    out.push('}');
    out
}
