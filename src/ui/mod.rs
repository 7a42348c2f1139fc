//! What samtykke draws: the banner, the dialog and the reopen control (`dom`), the placeholders of
//! gated iframes (`embeds`), and the shadow roots both live in (`shadow`). They draw what the core's
//! view says and hand clicks to the listeners they were given; they never name the app or the exports.

pub mod dom;
pub mod embeds;
pub mod shadow;
