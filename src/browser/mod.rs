//! What the shell reads from and does to the browser, one small module per outside thing. None of
//! them names the app, the UI, the events or the exports.

pub mod cookies;
pub mod env;
pub mod gating;
pub mod google;
mod heap;
pub mod language;
pub mod storage;
