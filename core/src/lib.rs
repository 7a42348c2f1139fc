//! The pure core: every consent decision, with no browser in it.
//!
//! Nothing here reads a clock, a random source, storage or the DOM. Values go in (`now` in
//! milliseconds, random bytes, the stored text, the config) and decisions come out (the record to
//! store, the categories granted, the cookies to delete, the texts to show). The browser shell in
//! the wasm crate (`src/`) reads the world, calls these functions, and applies what they return,
//! so everything that matters is tested natively with `cargo test`.
//!
//! Modules point one way (no module imports one that imports it back). Leaves first:
//! - `json`, `map`, `calendar`, `cookie`, `html`, `inert`: use no other module; `time` → calendar;
//!   `embed` → inert. (`calendar` and `inert` need no allocation: first/ compiles them too.)
//! - `read` (typed JSON readers, [`ConfigError`]) → json; `catalog` (built-in strings) → json, map.
//! - `consent_mode` → json, read; `config` → catalog, consent_mode, cookie, json, map, read.
//! - `record` → config, json, map, time; `i18n` (text choice) → catalog, config, read;
//!   `matching` → cookie, map; `audit` → catalog, config, cookie.
//! - `consent` → config, cookie, map, record, time; `receipt` → json, record, time;
//!   `mirror` → config, cookie, map, read, record, time.
//! - What the shell asks: `decide` (merge, dialog boxes, withdrawal, origin) → config, consent,
//!   map, record; `view` (what is drawn) → config, html, i18n, read, record; `transition` (mode and
//!   focus) → html.

pub mod audit;
mod calendar;
pub mod catalog;
pub mod config;
pub mod consent;
pub mod consent_mode;
pub mod cookie;
pub mod decide;
pub mod embed;
pub mod html;
pub mod i18n;
mod inert;
pub mod json;
pub mod map;
pub mod matching;
pub mod mirror;
pub mod read;
pub mod receipt;
pub mod record;
pub mod time;
pub mod transition;
pub mod view;

pub use config::{Category, Config, ConfigError};
pub use consent::{decide, granted, Choice, ChoiceError};
pub use record::{Method, Reason, Record};
