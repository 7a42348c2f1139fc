//! Gated scripts: `matching::Gate` (whether `data-consent` lets one run) and `embed::refusal`
//! (whether its URL and type may go live), with the console line the full module prints for a
//! refused one. first handles scripts only: a page with gated iframes defers (their placeholders
//! are the full module's).

use crate::inert::refusal;
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
