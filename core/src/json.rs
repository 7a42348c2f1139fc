//! A small JSON reader for the config and the stored record.
//!
//! Why not serde_json: it costs a third of a small wasm module. Why not `JSON.parse` plus
//! serde-wasm-bindgen: that deserializer reads only the fields a struct names, so an unknown (mistyped)
//! config key would pass silently. [`Json`] keeps every key; the config and the record are read from
//! it by hand (no serde deserializer in the wasm at all), on the same path natively and in the browser.

use std::fmt;

/// Nesting deeper than this is refused rather than risking the stack on hostile input.
const MAX_DEPTH: usize = 64;

/// A parsed JSON value; objects keep their keys in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(Number),
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
        // Characters, not bytes: count every byte that starts one (the input is UTF-8).
        let column = before[line_start..]
            .iter()
            .filter(|&&b| b & 0xc0 != 0x80)
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
        Ok(Json::Number(Number(text.to_owned())))
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

/// A JSON number as written: its literal, checked against JSON's grammar by the reader.
///
/// samtykke reads no fractions: every number in a config or a record is a whole number (days,
/// milliseconds, a version). [`Number::as_u32`] reads one exactly from the digits, so the core
/// carries no decimal-to-float code and no float parser has to be passed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// The number as a JSON literal, if `literal` is exactly one (`"395"`, `"-0.5"`, `"3.95e2"`).
    pub fn new(literal: &str) -> Option<Number> {
        match parse(literal) {
            Ok(Json::Number(n)) if n.0 == literal => Some(n),
            _ => None,
        }
    }

    /// The literal as the text had it.
    pub fn literal(&self) -> &str {
        &self.0
    }

    /// The number's exact value when it is a whole number from 0 to 4294967295, however it is
    /// written (`395`, `395.0`, `3.95e2`, `-0`); `None` for anything else, however close.
    pub fn as_u32(&self) -> Option<u32> {
        let text = self.0.as_bytes();
        let (negative, text) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text),
        };
        let end = text
            .iter()
            .position(|b| matches!(b, b'e' | b'E'))
            .unwrap_or(text.len());
        let (mantissa, exponent) = text.split_at(end);
        // The exponent, saturated: beyond ±10^15 no digit string fits in memory anyway.
        let mut scale: i64 = 0;
        if let Some((_, exp)) = exponent.split_first() {
            let (minus, digits) = match exp.split_first() {
                Some((b'-', rest)) => (true, rest),
                Some((b'+', rest)) => (false, rest),
                _ => (false, exp),
            };
            for &d in digits {
                scale = (scale * 10 + i64::from(d - b'0')).min(1_000_000_000_000_000);
            }
            if minus {
                scale = -scale;
            }
        }
        // Digits without the point; each digit after it lowers the scale by one.
        let mut digits: Vec<u8> = Vec::with_capacity(mantissa.len());
        let mut after_point = false;
        for &b in mantissa {
            if b == b'.' {
                after_point = true;
            } else {
                digits.push(b - b'0');
                if after_point {
                    scale -= 1;
                }
            }
        }
        let first = digits.iter().position(|&d| d != 0);
        let Some(first) = first else {
            return Some(0); // zero, in any form and with either sign
        };
        if negative {
            return None;
        }
        let mut significant = &digits[first..];
        while let Some((&0, rest)) = significant.split_last() {
            significant = rest;
            scale += 1;
        }
        // A fraction is not whole; more than ten digits exceed u32::MAX.
        if scale < 0 || significant.len() as i64 + scale > 10 {
            return None;
        }
        let mut value: u64 = 0;
        for &d in significant {
            value = value * 10 + u64::from(d);
        }
        for _ in 0..scale {
            value *= 10;
        }
        u32::try_from(value).ok()
    }
}

impl From<u32> for Number {
    fn from(n: u32) -> Number {
        Number(n.to_string())
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

impl Json {
    /// What kind of value this is, for error messages ("must be a string, not a number").
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "true or false",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
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
                        Json::Number(Number("1".into())),
                        Json::Number(Number("-2.5".into())),
                        Json::Number(Number("3e2".into())),
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
        let e = parse("{\"æø😀\": tru}").unwrap_err();
        assert_eq!(
            (e.line, e.column),
            (1, 9),
            "columns count characters, not bytes"
        );
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
    fn whole_numbers_are_read_exactly_in_any_form() {
        let whole = |text: &str| match parse(text) {
            Ok(Json::Number(n)) => n.as_u32(),
            other => panic!("{text}: {other:?}"),
        };
        for (text, want) in [
            ("0", 0),
            ("-0", 0),
            ("0.000", 0),
            ("-0e5", 0),
            ("0e400", 0),
            ("395", 395),
            ("395.0", 395),
            ("3.95e2", 395),
            ("3.95E+2", 395),
            ("39500e-2", 395),
            ("1.000000000000000000000e2", 100),
            ("4294967295", u32::MAX),
            ("42949672.95e2", u32::MAX),
        ] {
            assert_eq!(whole(text), Some(want), "{text}");
        }
        for text in [
            "-1",
            "-0.5",
            "0.5",
            "395.5",
            "3.955e2",
            "1.0000000000000000000001e2",
            "4294967296",
            "1e10",
            "1e400",
            "1e-400",
            "1e99999999999999999999",
            "2e-99999999999999999999",
        ] {
            assert_eq!(whole(text), None, "{text}");
        }
        assert_eq!(
            Number::new("3.95e2").map(|n| n.literal().to_owned()),
            Some("3.95e2".into())
        );
        assert_eq!(Number::new(" 1"), None);
        assert_eq!(Number::new("01"), None);
        assert_eq!(Number::new("\"1\""), None);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert_eq!(parse(&deep).unwrap_err().problem, "nested too deeply");
        let ok = "[".repeat(60) + &"]".repeat(60);
        assert!(parse(&ok).is_ok());
    }
}
