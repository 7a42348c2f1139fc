//! The decisions the browser shell used to make itself: what `setConsent` keeps, what the dialog's
//! checkboxes mean, what a withdrawal leaves in the mirror cookie, and where each decision came
//! from. The shell reads the world (clock, random bytes, checkboxes), asks here, and stores what
//! comes back.

use crate::config::Config;
use crate::consent::{self, Choice, ChoiceError, Context};
use crate::map::{Map, Set};
use crate::record::Record;

/// Where a decision was made. Carried from the click or the API call into [`decide`], so the
/// receipt can name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The first layer's buttons.
    Banner,
    /// The preferences dialog.
    Dialog,
    /// The allow button of a gated iframe's placeholder.
    Embed,
    /// Page code through `window.samtykke`.
    Api,
}

/// One decision asked of the core: the choice, where it came from, the record it replaces (if it
/// is still consent) and what the shell read from the world.
pub struct Ask<'a> {
    pub choice: Choice,
    pub origin: Origin,
    pub current: Option<&'a Record>,
    pub ctx: Context<'a>,
}

/// What a decision leads to: the record to store and mirror, and what it grants.
#[derive(Debug)]
pub struct Decided {
    pub record: Record,
    pub granted: Set<String>,
    pub origin: Origin,
}

/// The record and grants `ask` leads to.
///
/// # Errors
/// A choice naming an unknown category or denying a required one: nothing changes then.
pub fn decide(config: &Config, ask: Ask<'_>) -> Result<Decided, ChoiceError> {
    let record = consent::decide(config, ask.current, &ask.choice, ask.ctx)?;
    // A record made now carries `gpc: true` when the signal is sent, so nothing is held back.
    let granted = consent::granted(config, Some(&record), false);
    Ok(Decided {
        record,
        granted,
        origin: ask.origin,
    })
}

/// `setConsent({analytics: true})` and an embed's allow button: the named categories change, every
/// other one keeps what is granted now (nothing, when nothing was chosen yet).
pub fn keep_the_rest(granted: &Set<String>, picked: Map<String, bool>) -> Choice {
    let mut merged: Map<String, bool> = granted.iter().map(|id| (id.clone(), true)).collect();
    merged.extend(picked);
    Choice::Custom(merged)
}

/// The dialog's checkboxes (category id, checked) as a choice. Required categories are granted
/// whatever their (disabled) box says, and a box whose id the config does not have is ignored:
/// the dialog's markup is on the page, where page code can add to it.
pub fn from_dialog(config: &Config, checked: impl IntoIterator<Item = (String, bool)>) -> Choice {
    Choice::Custom(
        checked
            .into_iter()
            .filter(|(id, _)| config.category(id).is_some_and(|c| !c.required))
            .collect(),
    )
}

/// What the mirror cookie keeps after a withdrawal: a record dated now that grants only the
/// required categories, so it also wins over an older choice a sibling subdomain still holds.
/// Never marked as sent with Global Privacy Control: it records no choice of the visitor's.
pub fn withdrawal(config: &Config, current: Option<&Record>, ctx: Context<'_>) -> Option<Record> {
    let ctx = Context { gpc: false, ..ctx };
    consent::decide(config, current, &Choice::RejectAll, ctx).ok()
}
