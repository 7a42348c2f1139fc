//! Short import names: wasm-bindgen names each JS function the wasm imports
//! `__wbg_<method>_<16 hex digits>`, in a module `./samtykke_bg.js`, and the wasm's import section and
//! the glue's import object both spell every name out. The hashes do not compress (about 3 KB brotli
//! over both files), so dist renames each import to a short name (`a`, `b`, … `aa`, …) in both.
//!
//! Both sides are rewritten from the same list, and the build fails if the glue does not have each
//! name exactly once in the expected place, so a wasm-bindgen upgrade that changes the glue's shape
//! breaks the build instead of shipping a wasm that cannot link.

use std::fs;
use std::path::Path;

use crate::Result;

/// The module name the imports get (the glue's import object is keyed by it).
const MODULE: &str = "a";

/// One renamed import: the module and name wasm-bindgen gave it, and the new name.
pub struct Renamed {
    pub module: String,
    pub old: String,
    pub new: String,
}

/// Renames every function import of `wasm` (in place) and returns what it renamed.
pub fn minify(wasm: &Path) -> Result<Vec<Renamed>> {
    let bytes = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let (out, renamed) =
        rewrite(&bytes).map_err(|e| format!("{}: cannot rename imports: {e}", wasm.display()))?;
    fs::write(wasm, out).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    Ok(renamed)
}

/// The glue with the same names: `NAME: function(` keys of its import object, and the object's
/// module key `"./samtykke_bg.js": import0`.
pub fn rename_in_glue(glue: &str, renamed: &[Renamed]) -> Result<String> {
    let mut out = glue.to_owned();
    for r in renamed {
        let key = format!("{}: function(", r.old);
        let at = unique(&out, &key, |before| {
            before.map_or(true, |c| c.is_ascii_whitespace())
        })
        .map_err(|n| {
            format!(
                "the wasm-bindgen glue has the import `{}` {n} times, not once",
                r.old
            )
        })?;
        out.replace_range(at..at + r.old.len(), &r.new);
    }
    let mut modules: Vec<&str> = renamed.iter().map(|r| r.module.as_str()).collect();
    modules.sort_unstable();
    modules.dedup();
    for module in modules {
        let key = format!("\"{module}\": import0");
        let at = unique(&out, &key, |_| true).map_err(|n| {
            format!("the wasm-bindgen glue names the import module `{module}` {n} times, not once")
        })?;
        out.replace_range(at..at + key.len(), &format!("\"{MODULE}\": import0"));
    }
    Ok(out)
}

/// Where `needle` occurs exactly once (given what comes before it), or how often it does.
fn unique(
    haystack: &str,
    needle: &str,
    before: impl Fn(Option<char>) -> bool,
) -> std::result::Result<usize, usize> {
    let hits: Vec<usize> = haystack
        .match_indices(needle)
        .map(|(i, _)| i)
        .filter(|&i| before(haystack[..i].chars().next_back()))
        .collect();
    match hits[..] {
        [one] => Ok(one),
        _ => Err(hits.len()),
    }
}

/// `a` … `z`, `A` … `Z`, then two letters, and so on: a valid JavaScript property name each.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8; 52] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % 52]);
        n /= 52;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

fn rewrite(bytes: &[u8]) -> Result<(Vec<u8>, Vec<Renamed>)> {
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err("not a wasm module".into());
    }
    let mut out = bytes[..8].to_vec();
    let mut renamed = Vec::new();
    let mut r = Reader { b: bytes, i: 8 };
    while r.i < bytes.len() {
        let id = r.byte()?;
        let size = r.leb()? as usize;
        let body = r.take(size)?;
        let body = if id == 2 {
            imports(body, &mut renamed)?
        } else {
            body.to_vec()
        };
        out.push(id);
        leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    Ok((out, renamed))
}

/// The import section with each function import renamed.
fn imports(body: &[u8], renamed: &mut Vec<Renamed>) -> Result<Vec<u8>> {
    let mut r = Reader { b: body, i: 0 };
    let count = r.leb()?;
    let mut out = Vec::with_capacity(body.len());
    leb(&mut out, count);
    for _ in 0..count {
        let module = r.name()?;
        let field = r.name()?;
        let start = r.i;
        match r.byte()? {
            0 => {
                r.leb()?;
            }
            1 => {
                r.byte()?;
                r.limits()?;
            }
            2 => r.limits()?,
            3 => {
                r.take(2)?;
            }
            kind => return Err(format!("unknown import kind {kind}")),
        }
        let function = body[start] == 0;
        let (module, field) = if function {
            let new = short_name(renamed.len());
            renamed.push(Renamed {
                module,
                old: field,
                new: new.clone(),
            });
            (MODULE.to_owned(), new)
        } else {
            (module, field)
        };
        for s in [&module, &field] {
            leb(&mut out, s.len() as u64);
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&body[start..r.i]);
    }
    if r.i != body.len() {
        return Err("the import section has trailing bytes".into());
    }
    Ok(out)
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let b = *self.b.get(self.i).ok_or("unexpected end")?;
        self.i += 1;
        Ok(b)
    }

    fn leb(&mut self) -> Result<u64> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
            shift += 7;
            if shift > 63 {
                return Err("LEB128 number too long".into());
            }
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let part = self.b.get(self.i..self.i + n).ok_or("unexpected end")?;
        self.i += n;
        Ok(part)
    }

    fn name(&mut self) -> Result<String> {
        let len = self.leb()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| "a name is not UTF-8".into())
    }

    fn limits(&mut self) -> Result<()> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }
}

fn leb(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing two functions and a memory.
    fn module() -> Vec<u8> {
        let mut section = vec![3];
        for (module, field, desc) in [
            ("./m_bg.js", "__wbg_get_0123456789abcdef", &[0u8, 0][..]),
            ("env", "memory", &[2, 0, 1][..]),
            ("./m_bg.js", "__wbg_set_fedcba9876543210", &[0, 1][..]),
        ] {
            for s in [module, field] {
                section.push(s.len() as u8);
                section.extend_from_slice(s.as_bytes());
            }
            section.extend_from_slice(desc);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // a type section: one () -> () type
        wasm.push(2);
        wasm.push(section.len() as u8);
        wasm.extend(section);
        wasm
    }

    #[test]
    fn function_imports_get_short_names_in_the_wasm_and_the_glue() {
        let (wasm, renamed) = rewrite(&module()).unwrap();
        let names: Vec<_> = renamed
            .iter()
            .map(|r| (r.old.as_str(), r.new.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("__wbg_get_0123456789abcdef", "a"),
                ("__wbg_set_fedcba9876543210", "b")
            ]
        );
        let text = String::from_utf8_lossy(&wasm);
        assert!(!text.contains("__wbg_") && !text.contains("m_bg") && text.contains("memory"));
        // Renaming is deterministic and keeps the section readable.
        assert_eq!(rewrite(&wasm).unwrap().0.len(), wasm.len());

        let glue = "const import0 = {\n  __wbg_get_0123456789abcdef: function(a) {},\n  \
                    __wbg_set_fedcba9876543210: function() {},\n};\nreturn { \"./m_bg.js\": import0 };";
        let glue = rename_in_glue(glue, &renamed).unwrap();
        assert_eq!(
            glue,
            "const import0 = {\n  a: function(a) {},\n  b: function() {},\n};\nreturn { \"a\": import0 };"
        );
    }

    #[test]
    fn a_glue_without_the_names_fails_the_build() {
        let (_, renamed) = rewrite(&module()).unwrap();
        assert!(rename_in_glue("{ \"./m_bg.js\": import0 }", &renamed).is_err());
    }

    #[test]
    fn short_names_are_letters_and_unique() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(
            (names[0].as_str(), names[51].as_str(), names[52].as_str()),
            ("a", "Z", "aa")
        );
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_alphabetic())));
    }
}
