//! samtykke's first-paint module: a strict subset of the full module, small enough to be inlined in
//! `samtykke.js`.
//!
//! It handles the common case completely (a simple config, English, the banner, Accept all, Reject
//! all, a return visit's gating) and answers `None` ("defer") for anything it does not fully
//! understand; the full module then starts exactly as it would without this one. Every function here
//! is pure; `wasm` (wasm32 only) holds the state and the exports that js/first.js calls.
//!
//! No std, no allocator, no `core::fmt`: strings are slices of the input, and output goes into a
//! fixed buffer ([`Out`]). The tests (first/tests/) hold each answer to the full module's
//! (samtykke-core's) for the same input.

#![cfg_attr(target_arch = "wasm32", no_std)]

/// The core's own calendar arithmetic, compiled here too (it uses nothing but integers).
#[path = "../../core/src/calendar.rs"]
mod calendar;
pub mod config;
pub mod cookies;
pub mod gate;
/// The core's rules for what may go live, compiled here too (no allocation in them).
#[path = "../../core/src/inert.rs"]
mod inert;
pub mod lang;
pub mod markup;
pub mod record;
pub mod scan;
pub mod time;
#[cfg(target_arch = "wasm32")]
mod wasm;

/// What first/build.rs drew and read with samtykke-core at build time.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

/// A fixed buffer that output is appended to. Running out of room sets `full`; the caller then
/// gives up (a decision hands over to the full module).
pub struct Out<'a> {
    buf: &'a mut [u8],
    pub n: usize,
    pub full: bool,
}

impl<'a> Out<'a> {
    pub fn new(buf: &'a mut [u8]) -> Self {
        Out {
            buf,
            n: 0,
            full: false,
        }
    }

    pub fn bytes(&mut self, b: &[u8]) {
        match self.buf.get_mut(self.n..self.n + b.len()) {
            Some(dst) => {
                dst.copy_from_slice(b);
                self.n += b.len();
            }
            None => self.full = true,
        }
    }

    pub fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    pub fn byte(&mut self, b: u8) {
        self.bytes(&[b]);
    }

    /// What was written.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.n).unwrap_or_default()
    }

    /// A whole number in decimal, at least `width` digits.
    pub fn num(&mut self, mut v: u64, width: usize) {
        let mut digits = [b'0'; 20];
        let mut i = digits.len();
        while v > 0 || digits.len() - i < width.max(1) {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        self.bytes(&digits[i..]);
    }

    /// `s` as HTML text, the way `samtykke_core::html::escape` writes it.
    pub fn escape(&mut self, s: &str) {
        for &b in s.as_bytes() {
            match b {
                b'&' => self.str("&amp;"),
                b'<' => self.str("&lt;"),
                b'>' => self.str("&gt;"),
                b'"' => self.str("&quot;"),
                b'\'' => self.str("&#39;"),
                b'\r' => self.str("&#13;"),
                _ => self.byte(b),
            }
        }
    }

    /// `s` as a JSON string, the way `samtykke_core::json::write_str` writes it.
    pub fn json(&mut self, s: &str) {
        self.byte(b'"');
        for &b in s.as_bytes() {
            match b {
                b'"' => self.str("\\\""),
                b'\\' => self.str("\\\\"),
                b'\n' => self.str("\\n"),
                b'\r' => self.str("\\r"),
                b'\t' => self.str("\\t"),
                0..=0x1f => {
                    self.str("\\u00");
                    self.byte(HEX[usize::from(b >> 4)]);
                    self.byte(HEX[usize::from(b & 15)]);
                }
                _ => self.byte(b),
            }
        }
        self.byte(b'"');
    }
}

pub(crate) const HEX: &[u8; 16] = b"0123456789abcdef";
