//! samtykke: a cookie and tracking consent banner, compiled to WebAssembly.
//!
//! The crate has two halves:
//! - [`core`]: pure Rust, no browser, its own crate. Config parsing, the consent record and its
//!   validity rules, every decision, the view model and its markup, languages and texts. Tested
//!   natively with `cargo test`.
//! - the browser shell (wasm32 only), thin and one-way: `exports` (the `#[wasm_bindgen]` functions)
//!   → `boot` and `events` (every listener; `data-action` parsed once) → `app` (the page's state:
//!   reads the world, asks the core, applies the answer) → `ui` (draws what the view says) and
//!   `browser` (storage, cookies, gating, clock, language files, Google's `gtag`, the allocator).
//!   Lower modules never name higher ones; docs/architecture.md has the rule.
//!
//! ```
//! use samtykke::core::{config, consent, Choice};
//! let json = r#"{"revision": "2024-06-17", "policyUrl": "/privacy"}"#;
//! let cfg = config::parse_text(json).unwrap();
//! let ctx = consent::Context { now: 0, new_id: "id".into(), language: "da", gpc: false };
//! let record = consent::decide(&cfg, None, &Choice::RejectAll, ctx).unwrap();
//! assert_eq!(record.categories["analytics"], false);
//! assert!(consent::granted(&cfg, Some(&record), false).contains("necessary"));
//! ```

/// The pure core, its own crate (`core/`), so the compiler keeps the browser out of it.
pub use samtykke_core as core;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod boot;
#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod events;
#[cfg(target_arch = "wasm32")]
pub mod exports;
#[cfg(target_arch = "wasm32")]
mod ui;
