//! samtykke: a cookie and tracking consent banner, compiled to WebAssembly.
//!
//! The crate has two halves:
//! - [`core`]: pure Rust, no browser. Config parsing, the consent record and its validity rules,
//!   category and cookie matching, languages and texts. Tested natively with `cargo test`.
//! - `shell` (wasm32 only): the thin browser layer. It renders the banner in a shadow root, reads and
//!   writes storage, revives gated scripts, and exposes `window.samtykke` through the loader.
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
pub mod shell;
