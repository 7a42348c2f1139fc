//! What is open, and where focus goes, after each thing that can happen to the UI. The shell
//! applies the answer: it draws the mode and moves focus; it decides neither.

pub use crate::html::Mode;

/// Where focus goes after a render.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Leave it (nothing the visitor did moved it).
    Keep,
    /// Into the newly shown banner or dialog, remembering where it was.
    Into,
    /// To the banner's control that opens the preferences.
    Preferences,
    /// Back to where it was before samtykke took it (or to the control that opens the dialog again).
    Return,
}

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// samtykke started; `record`: a valid choice is stored.
    Start { record: bool },
    /// The preferences were asked for (a control, a page element, the API).
    Open,
    /// The dialog was closed without saving. `opener`: a page element opened it and is still there.
    Close { record: bool, opener: bool },
    /// A choice was stored.
    Chose,
    /// Consent was withdrawn.
    Withdrew,
    /// Another tab (or subdomain) changed the stored choice; `record`: one is stored now.
    Elsewhere { record: bool },
    /// The language changed: the same UI, redrawn.
    Language,
}

/// The mode and focus after `step`, from the mode shown before it.
pub fn next(shown: Mode, step: Step) -> (Mode, Focus) {
    let asks = |record: bool| if record { Mode::Closed } else { Mode::Banner };
    match step {
        Step::Start { record: false } => (Mode::Banner, Focus::Into),
        Step::Start { record: true } => (Mode::Closed, Focus::Keep),
        Step::Open => (Mode::Dialog, Focus::Into),
        // Closing changes nothing: back to the banner if no choice is stored. Focus goes back to
        // the page element that opened the dialog, else to the control that leads to it again.
        Step::Close { record, opener } => (
            asks(record),
            if record || opener {
                Focus::Return
            } else {
                Focus::Preferences
            },
        ),
        Step::Chose => (Mode::Closed, Focus::Return),
        Step::Withdrew => (Mode::Banner, Focus::Into),
        // The visitor's open dialog stays open; focus stays with them.
        Step::Elsewhere { record } => match shown {
            Mode::Dialog => (Mode::Dialog, Focus::Keep),
            _ => (asks(record), Focus::Keep),
        },
        Step::Language => (shown, Focus::Keep),
    }
}
