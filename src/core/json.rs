//! A small JSON reader for the config and the stored record.
//!
//! Why not serde_json: it costs a third of a small wasm module. Why not `JSON.parse` plus
//! serde-wasm-bindgen: that deserializer reads only the fields a struct names, so an unknown (mistyped)
//! config key would pass silently. [`Json`] keeps every key, so `deny_unknown_fields` works, and the
//! same code path runs natively in tests and in the browser.

use std::fmt;

use serde::de::{self, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// Nesting deeper than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 64;

/// A parsed JSON value; objects keep their keys in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Invalid JSON, with the 1-based line and column where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub problem: &'static str,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {}, column {}",
            self.problem, self.line, self.column
        )
    }
}

/// Parses a complete JSON text.
///
/// # Errors
/// A [`JsonError`] for anything that is not exactly one JSON value (surrounded by white space).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let value = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, problem: &'static str) -> JsonError {
        let before = &self.s[..self.i.min(self.s.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        JsonError {
            line,
            column,
            problem,
        }
    }

    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.ws();
        match self.s.get(self.i) {
            None => Err(self.err("unexpected end of input")),
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.eat(b"}") {
                    return Ok(Json::Object(fields));
                }
                loop {
                    self.ws();
                    if self.s.get(self.i) != Some(&b'"') {
                        return Err(self.err("expected a \"key\""));
                    }
                    let key = self.string()?;
                    self.ws();
                    if !self.eat(b":") {
                        return Err(self.err("expected `:` after a key"));
                    }
                    let value = self.value(depth + 1)?;
                    fields.push((key, value));
                    self.ws();
                    if self.eat(b",") {
                        continue;
                    }
                    if self.eat(b"}") {
                        return Ok(Json::Object(fields));
                    }
                    return Err(self.err("expected `,` or `}`"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b"]") {
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    if self.eat(b",") {
                        continue;
                    }
                    if self.eat(b"]") {
                        return Ok(Json::Array(items));
                    }
                    return Err(self.err("expected `,` or `]`"));
                }
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b't') if self.eat(b"true") => Ok(Json::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Json::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.i < p.s.len() && p.s[p.i].is_ascii_digit() {
                p.i += 1;
            }
            p.i > from
        };
        self.eat(b"-");
        if self.s.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else if !digits(self) {
            return Err(self.err("invalid number"));
        }
        if self.eat(b".") && !digits(self) {
            return Err(self.err("invalid number"));
        }
        if matches!(self.s.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.s.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !digits(self) {
                return Err(self.err("invalid number"));
            }
        }
        let text =
            std::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err("invalid number"))?;
        text.parse::<f64>()
            .map(Json::Number)
            .map_err(|_| self.err("invalid number"))
    }

    /// Exactly four hex digits (`from_str_radix` alone would also take a sign).
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let hex = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("bad \\u escape"))?;
        let mut code = 0;
        for &b in hex {
            let digit = (b as char)
                .to_digit(16)
                .ok_or_else(|| self.err("bad \\u escape"))?;
            code = code * 16 + digit;
        }
        self.i += 4;
        Ok(code)
    }

    /// Appends the character of a `\\uXXXX` escape. A high surrogate joins a following low one; any
    /// surrogate left alone becomes U+FFFD, and what follows it is read on its own.
    fn unicode_escape(&mut self, code: u32, out: &mut String) -> Result<(), JsonError> {
        if (0xd800..0xdc00).contains(&code) && self.s[self.i..].starts_with(b"\\u") {
            let at = self.i;
            self.i += 2;
            let low = self.hex4()?;
            if (0xdc00..0xe000).contains(&low) {
                out.push(
                    char::from_u32(0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00))
                        .unwrap_or('\u{fffd}'),
                );
                return Ok(());
            }
            // Not a pair: the high surrogate stands alone; read the next escape afresh.
            self.i = at;
            out.push('\u{fffd}');
            return Ok(());
        }
        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
        Ok(())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // the opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while self.i < self.s.len() && !matches!(self.s[self.i], b'"' | b'\\' | 0..=0x1f) {
                self.i += 1;
            }
            // The input is a &str and we stop only at ASCII bytes, so this slice is valid UTF-8.
            out.push_str(
                std::str::from_utf8(&self.s[start..self.i])
                    .map_err(|_| self.err("invalid UTF-8"))?,
            );
            match self.s.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = *self
                        .s
                        .get(self.i)
                        .ok_or_else(|| self.err("unterminated string"))?;
                    self.i += 1;
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let code = self.hex4()?;
                            self.unicode_escape(code, &mut out)?;
                        }
                        _ => return Err(self.err("bad escape in string")),
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }
}

/// Appends `s` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 15] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Why a [`Json`] value does not fit the type asked for, and where: serde's message plus the path to
/// the value (`categories[2].cookies`), so a config error can name the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError {
    /// Innermost first; [`DeError::path`] turns it around.
    at: Vec<Step>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

impl DeError {
    fn within(mut self, step: Step) -> Self {
        self.at.push(step);
        self
    }

    /// The path from the root, e.g. `categories[0].id`; empty for the root itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for step in self.at.iter().rev() {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path().as_str() {
            "" => f.write_str(&self.message),
            path => write!(f, "{path}: {}", self.message),
        }
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError {
            at: Vec::new(),
            message: msg.to_string(),
        }
    }
}

/// Lets serde derives read a [`Json`] value, keeping every object key (so unknown ones are seen)
/// and recording the path to any value that does not fit.
impl<'de> de::Deserializer<'de> for Json {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(b),
            // Whole numbers go in as integers so integer fields accept them.
            Json::Number(n) if n.fract() == 0.0 && n >= 0.0 && n < 1.8e19 => {
                visitor.visit_u64(n as u64)
            }
            Json::Number(n) if n.fract() == 0.0 && n < 0.0 && n > -9.2e18 => {
                visitor.visit_i64(n as i64)
            }
            // Nothing samtykke reads is fractional. Refusing here, rather than handing serde an f64,
            // keeps float formatting (14 KB of wasm, for error messages alone) out of the build.
            Json::Number(_) => Err(de::Error::custom("expected a whole number")),
            Json::String(s) => visitor.visit_string(s),
            Json::Array(items) => {
                let len = items.len();
                let mut access = Items {
                    items: items.into_iter(),
                    index: 0,
                };
                let value = visitor.visit_seq(&mut access)?;
                if access.index < len {
                    return Err(de::Error::invalid_length(len, &"fewer elements"));
                }
                Ok(value)
            }
            Json::Object(fields) => visitor.visit_map(Fields {
                fields: fields.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self {
            Json::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self {
            Json::String(s) => visitor.visit_enum(s.into_deserializer()),
            other => other.deserialize_any(visitor),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, DeError> for Json {
    type Deserializer = Json;
    fn into_deserializer(self) -> Json {
        self
    }
}

/// An array's elements, each error marked with its index.
struct Items {
    items: std::vec::IntoIter<Json>,
    index: usize,
}

impl<'de> de::SeqAccess<'de> for &mut Items {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(item)
            .map(Some)
            .map_err(|e| e.within(Step::Index(index)))
    }
}

/// An object's fields, each error marked with its key (an unknown key included).
struct Fields {
    fields: std::vec::IntoIter<(String, Json)>,
    value: Option<(String, Json)>,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.fields.next() else {
            return Ok(None);
        };
        let read = seed.deserialize(de::value::StringDeserializer::<DeError>::new(key.clone()));
        let read = read.map_err(|e| e.within(Step::Key(key.clone())))?;
        self.value = Some((key, value));
        Ok(Some(read))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value without a key"))?;
        seed.deserialize(value)
            .map_err(|e| e.within(Step::Key(key)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_of_value() {
        let v =
            parse(r#" {"a": [1, -2.5, 3e2, true, false, null], "b": "x\"\u00e6\ud83d\ude00\n"} "#)
                .unwrap();
        assert_eq!(
            v,
            Json::Object(vec![
                (
                    "a".into(),
                    Json::Array(vec![
                        Json::Number(1.0),
                        Json::Number(-2.5),
                        Json::Number(300.0),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null
                    ])
                ),
                ("b".into(), Json::String("x\"æ😀\n".into())),
            ])
        );
    }

    #[test]
    fn rejects_what_json_does_not_allow_and_says_where() {
        for bad in [
            "",
            "{",
            "{\"a\" 1}",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "'x'",
            "\"a\nb\"",
            "tru",
            "[1] 2",
            "{a:1}",
            "\"\\x\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let e = parse("{\n  \"a\": tru\n}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
    }

    #[test]
    fn written_strings_read_back_unchanged() {
        for s in [
            "",
            "plain",
            "quote \" and \\ back",
            "line\nbreak\ttab\u{1}",
            "æøå 😀 عربي",
        ] {
            let mut out = String::new();
            write_str(&mut out, s);
            assert_eq!(parse(&out), Ok(Json::String(s.to_owned())), "{out}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(&deep).unwrap_err().problem, "nested too deeply");
        let ok = "[".repeat(60) + &"]".repeat(60);
        assert!(parse(&ok).is_ok());
    }
}
