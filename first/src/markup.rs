//! The banner and the reopen control, byte for byte what the full module draws for the same config
//! in English: first/build.rs rendered the templates with `samtykke_core::html::render`, and the
//! config's two values are escaped into their holes here as `html::escape` would.

use crate::config::Config;
use crate::generated::{
    BANNER_0, BANNER_1, BANNER_2, BANNER_3, BANNER_4, DNT_LINE, EMPTY_ROOT, ENGLISH_OPTION,
    OPTIONS, REOPEN, THIS_SITE,
};
use crate::Out;

/// What is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The first layer (no valid choice stored).
    Banner,
    /// Only the reopen control.
    Closed,
}

/// Which options the banner's language select holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Options {
    /// Every built-in language: the full module's markup.
    All,
    /// Only English, the one selected: the banner's first frame (the glue adds [`options`] after it).
    English,
}

/// The markup of `#samtykke`'s shadow root (`reopen` false) or of `#samtykke-reopen`'s. `dnt`: the
/// browser sends Do Not Track (the banner says it is not honoured).
pub fn render(out: &mut Out, c: &Config, mode: Mode, dnt: bool, reopen: bool, options: Options) {
    match (mode, reopen) {
        (Mode::Banner, false) => {
            out.str(BANNER_0);
            out.escape(c.controller.unwrap_or(THIS_SITE));
            out.str(BANNER_1);
            out.escape(c.policy_url);
            out.str(BANNER_2);
            if dnt {
                out.str(DNT_LINE);
            }
            out.str(BANNER_3);
            out.str(match options {
                Options::All => OPTIONS,
                Options::English => ENGLISH_OPTION,
            });
            out.str(BANNER_4);
        }
        (Mode::Closed, true) => out.str(REOPEN),
        _ => out.str(EMPTY_ROOT),
    }
}

/// Every option of the banner's language select, English selected: what the select holds once the
/// banner's first frame is drawn.
pub fn options(out: &mut Out) {
    out.str(OPTIONS);
}
