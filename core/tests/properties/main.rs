//! Property tests of the core, one file per module: every parser takes any text without panicking,
//! written JSON reads back unchanged, times round-trip, a config that parses keeps its invariants,
//! every record a choice produces is consent exactly until it expires and grants nothing the choice
//! denied, and `map` behaves as `BTreeMap`/`BTreeSet` do.
//!
//! Inputs come from proptest ([`gen`]): arbitrary strings, text made of JSON's own punctuation,
//! valid JSON cut or spliced at random, and objects that use the real config and record keys with
//! values of random types, so the checks behind the first byte are reached too. [`check`] holds
//! the plain helpers (a JSON writer, the config's invariants) that the fuzz targets (`fuzz/`)
//! include too. A failure prints the smallest input proptest could shrink it to.

#![cfg(not(target_arch = "wasm32"))]

mod check;
mod gen;

mod any_text;
mod config;
mod decisions;
mod json;
mod language;
mod map;
mod mirror;
mod time;
