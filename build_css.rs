// The stylesheet minifier both build scripts use: build.rs (the full wasm) and first/build.rs (the
// first-paint wasm), so the two carry the same CSS byte for byte. Included with include!, not a module.

/// Drops comments, joins white space runs into one space, and drops the space around `{`, `}`,
/// `;`, `,` and after `:` (never inside quotes, and never around `+` or `-`, which `calc()` needs).
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                out.push(c);
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
            }
            c if c.is_whitespace() => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                let next = chars.peek().copied();
                let tight = |c: Option<char>| matches!(c, None | Some('{' | '}' | ';' | ',' | ':'));
                let after_tight = matches!(out.chars().last(), None | Some('{' | '}' | ';' | ','));
                // `a :hover` is a descendant selector, so only a space after a colon goes.
                if !(after_tight || out.ends_with(':') || (tight(next) && next != Some(':'))) {
                    out.push(' ');
                }
            }
            '}' if out.ends_with(';') => {
                out.pop();
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out
}
