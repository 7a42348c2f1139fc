//! A JSON scanner for the few shapes first reads: objects, arrays, strings without escapes,
//! `true`/`false`, and whole numbers without sign, fraction or exponent. It builds no tree; each
//! reader asks for what it expects next. Anything else is `None`: defer to the full module, whose
//! reader accepts every JSON text this one does, with the same values (first/tests/).

pub struct Scan<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Scan<'a> {
    pub fn new(s: &'a str) -> Self {
        Scan { s, i: 0 }
    }

    fn ws(&mut self) {
        while matches!(
            self.s.as_bytes().get(self.i),
            Some(b' ' | b'\t' | b'\n' | b'\r')
        ) {
            self.i += 1;
        }
    }

    /// The next byte after white space, without taking it.
    pub fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.as_bytes().get(self.i).copied()
    }

    /// Takes `b` if it comes next.
    pub fn eat(&mut self, b: u8) -> bool {
        let next = self.peek() == Some(b);
        if next {
            self.i += 1;
        }
        next
    }

    /// Only white space is left.
    pub fn end(&mut self) -> Option<()> {
        (self.peek().is_none()).then_some(())
    }

    /// A string without escapes or control characters (those defer).
    pub fn string(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let rest = self.s.get(self.i..)?;
        let len = rest
            .bytes()
            .position(|b| b == b'"' || b == b'\\' || b < 0x20)?;
        if rest.as_bytes().get(len) != Some(&b'"') {
            return None;
        }
        self.i += len + 1;
        rest.get(..len)
    }

    pub fn boolean(&mut self) -> Option<bool> {
        self.ws();
        let rest = self.s.get(self.i..)?;
        let (value, len) = if rest.starts_with("true") {
            (true, 4)
        } else if rest.starts_with("false") {
            (false, 5)
        } else {
            return None;
        };
        self.i += len;
        Some(value)
    }

    /// Digits only, no leading zero, at most `max_digits` of them.
    pub fn whole(&mut self, max_digits: usize) -> Option<u32> {
        self.ws();
        let rest = self.s.as_bytes().get(self.i..)?;
        let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if len == 0 || len > max_digits || rest[0] == b'0' {
            return None;
        }
        // What follows must end the number (JSON would read `1.5` or `1e3` on).
        if matches!(rest.get(len), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        self.i += len;
        Some(
            rest[..len]
                .iter()
                .fold(0, |n, d| n * 10 + u32::from(d - b'0')),
        )
    }

    /// An object: `field` is called with each key and reads its value.
    pub fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        if !self.eat(b'{') {
            return None;
        }
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.string()?;
            if !self.eat(b':') {
                return None;
            }
            field(self, key)?;
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// An array: `item` reads each element.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        if !self.eat(b'[') {
            return None;
        }
        if self.eat(b']') {
            return Some(());
        }
        loop {
            item(self)?;
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }
}

/// Marks `bit` in `seen`; `None` if it was marked already (a key given twice defers).
pub fn once(seen: &mut u32, bit: u32) -> Option<()> {
    let fresh = *seen & bit == 0;
    *seen |= bit;
    fresh.then_some(())
}
