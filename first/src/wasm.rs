//! The exports js/first.js calls, and the state between calls. Strings come in through `IN` (the
//! glue writes them with `TextEncoder.encodeInto` and passes their byte lengths) and go out through
//! `OUT` (an export returns the length it wrote). The memory never grows: nothing is allocated.
//!
//! Exports: `i`/`o` the two buffers, `c` config, `n` a language candidate, `s` start, `h` markup,
//! `q` isGranted, `g` a gated script, `d` a decision, `x` cookies to delete, `y` the stylesheet,
//! `l` the language select's options.
//! Imports (module `x`): `e` console.error, `k` a `document.cookie` assignment.

use core::ptr::addr_of_mut;

use crate::config::{self, Config};
use crate::gate::{self, Script};
use crate::generated::STYLE;
use crate::lang;
use crate::markup::{self, Mode};
use crate::record;
use crate::Out;

const IN_LEN: usize = 1 << 16;
static mut IN: [u8; IN_LEN] = [0; IN_LEN];
static mut OUT: [u8; 1 << 15] = [0; 1 << 15];
/// The config's text, kept: the parsed config borrows from it.
static mut CONFIG: [u8; 1 << 14] = [0; 1 << 14];
/// The current record's id and `given`, kept for the next decision (it carries them over).
static mut KEPT: [u8; 128] = [0; 128];

struct State {
    config: Option<Config<'static>>,
    lang: lang::Choice,
    mode: Mode,
    dnt: bool,
    granted: u8,
    /// Lengths of the id and `given` in `KEPT`, when a record is consent.
    kept: Option<(usize, usize)>,
}

static mut STATE: State = State {
    config: None,
    lang: lang::Choice::new(),
    mode: Mode::Banner,
    dnt: false,
    granted: 0,
    kept: None,
};

#[link(wasm_import_module = "x")]
extern "C" {
    /// `console.error` of the UTF-8 text at `ptr`.
    fn e(ptr: *const u8, len: usize);
    /// `document.cookie = ` the text at `ptr`.
    fn k(ptr: *const u8, len: usize);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

fn state() -> &'static mut State {
    unsafe { &mut *addr_of_mut!(STATE) }
}

fn input() -> &'static [u8] {
    unsafe { &*addr_of_mut!(IN) }
}

fn out() -> Out<'static> {
    Out::new(unsafe { &mut *addr_of_mut!(OUT) })
}

/// The input's `len` bytes from `at` as text (the glue wrote UTF-8; anything else traps).
fn text(at: usize, len: usize) -> &'static str {
    match input().get(at..at + len) {
        // TextEncoder wrote it: UTF-8. (Checking would bring a validator into the wasm; nothing
        // but the glue can write into this memory.)
        Some(b) => unsafe { core::str::from_utf8_unchecked(b) },
        None => core::arch::wasm32::unreachable(),
    }
}

fn config() -> &'static Config<'static> {
    match &state().config {
        Some(c) => c,
        None => core::arch::wasm32::unreachable(),
    }
}

#[no_mangle]
pub extern "C" fn i() -> *mut u8 {
    addr_of_mut!(IN).cast()
}

#[no_mangle]
pub extern "C" fn o() -> *mut u8 {
    addr_of_mut!(OUT).cast()
}

/// Reads the config (`len` bytes in `IN`). Returns the storage key's length in `OUT`, or 0: defer.
#[no_mangle]
pub extern "C" fn c(len: usize) -> usize {
    let kept = unsafe { &mut *addr_of_mut!(CONFIG) };
    let Some(dst) = kept.get_mut(..len) else {
        return 0;
    };
    dst.copy_from_slice(&input()[..len]);
    // UTF-8, as `text` explains.
    let text = unsafe { core::str::from_utf8_unchecked(&kept[..len]) };
    let Some(parsed) = config::parse(text) else {
        return 0;
    };
    state().config = Some(parsed);
    let mut o = out();
    o.str(parsed.storage_key);
    o.n
}

/// One language candidate, in the full module's order.
#[no_mangle]
pub extern "C" fn n(len: usize) {
    state().lang.offer(text(0, len));
}

/// Starts: the stored record (`len` bytes, or none when `len` is negative), the time, and whether
/// Do Not Track is sent. Returns 0 (defer), 1 (the banner) or 2 (a valid choice: reopen control).
#[no_mangle]
pub extern "C" fn s(len: isize, now: f64, dnt: bool) -> u32 {
    let st = state();
    let Some(c) = &st.config else { return 0 };
    if !st.lang.english() {
        return 0;
    }
    st.dnt = dnt;
    if len < 0 {
        st.granted = c.required;
        st.mode = Mode::Banner;
        return 1;
    }
    let Some(stored) = record::read(text(0, len as usize), c, now as i64) else {
        return 0;
    };
    let Some(kept) = keep(stored.id, stored.given) else {
        return 0;
    };
    st.kept = Some(kept);
    st.granted = stored.granted;
    st.mode = Mode::Closed;
    2
}

/// Copies a record's id and `given` into `KEPT`; `None` if they do not fit.
fn keep(id: &str, given: &str) -> Option<(usize, usize)> {
    let kept = unsafe { &mut *addr_of_mut!(KEPT) };
    let mut o = Out::new(kept);
    o.str(id);
    o.str(given);
    (!o.full).then_some((id.len(), given.len()))
}

/// The markup of `#samtykke`'s root (`reopen` false) or `#samtykke-reopen`'s, in `OUT`: the banner's
/// language select with only English in it (`l` gives all the options).
#[no_mangle]
pub extern "C" fn h(reopen: bool) -> usize {
    let st = state();
    let mut o = out();
    markup::render(
        &mut o,
        config(),
        st.mode,
        st.dnt,
        reopen,
        markup::Options::English,
    );
    o.n
}

/// All the options of the banner's language select, in `OUT`.
#[no_mangle]
pub extern "C" fn l() -> usize {
    let mut o = out();
    markup::options(&mut o);
    o.n
}

fn granted(id: &str) -> bool {
    config::bit(id).is_some_and(|b| state().granted & b != 0)
}

/// Whether the category id in `IN` is granted.
#[no_mangle]
pub extern "C" fn q(len: usize) -> bool {
    granted(text(0, len))
}

/// A gated script's verdict (0 skip, 1 run, 2 refused; a refusal is logged). Its attributes are
/// in `IN` one after another: `data-consent`, `data-src`, `src`, `data-type`, `id`, each length
/// negative when the attribute is absent.
#[no_mangle]
pub extern "C" fn g(a: isize, b: isize, c2: isize, d2: isize, e2: isize) -> u32 {
    let mut at = 0;
    let mut field = |len: isize| {
        (len >= 0).then(|| {
            let s = text(at, len as usize);
            at += len as usize;
            s
        })
    };
    let consent = field(a).unwrap_or("");
    let el = Script {
        consent,
        data_src: field(b),
        src: field(c2),
        data_type: field(d2),
        id: field(e2),
    };
    let mut o = out();
    let verdict = gate::verdict(&el, &granted, &mut o);
    if verdict == gate::Verdict::Refuse {
        unsafe { e(o.as_bytes().as_ptr(), o.n) };
    }
    verdict as u32
}

/// Accept all (`accept`) or Reject all at `now`, with 16 random bytes in `IN` for a new id.
/// Writes the record's JSON to `OUT` and returns its length; 0 if it could not be made.
#[no_mangle]
pub extern "C" fn d(accept: bool, now: f64) -> usize {
    let st = state();
    let c = config();
    let mut random = [0u8; 16];
    random.copy_from_slice(&input()[..16]);
    let kept = unsafe { &*addr_of_mut!(KEPT) };
    let current = st.kept.and_then(|(id, given)| {
        // Copied from UTF-8 text at character boundaries.
        let id = unsafe { core::str::from_utf8_unchecked(kept.get(..id)?) };
        let given =
            unsafe { core::str::from_utf8_unchecked(kept.get(id.len()..id.len() + given)?) };
        Some((id, given))
    });
    let mut o = out();
    let Some(granted) = record::decide(&mut o, c, current, accept, now as i64, random) else {
        return 0;
    };
    if current.is_none() {
        // A new consent: its id and `given`, as written into the record, are kept.
        let mut k = Out::new(unsafe { &mut *addr_of_mut!(KEPT) });
        record::uuid_v4(&mut k, random);
        let id = k.n;
        if crate::time::format_iso(&mut k, now as i64).is_none() || k.full {
            return 0;
        }
        st.kept = Some((id, k.n - id));
    }
    st.granted = granted;
    st.mode = Mode::Closed;
    o.n
}

/// Deletes the cookies of what is denied now: `document.cookie` (`jar` bytes) then the page's
/// host (`host` bytes) in `IN`; each assignment goes to the import `k`.
#[no_mangle]
pub extern "C" fn x(jar: usize, host: usize) {
    let c = config();
    let mut o = out();
    crate::cookies::delete_denied(
        c,
        state().granted,
        text(0, jar),
        text(jar, host),
        &mut o,
        &mut |a| unsafe { k(a.as_ptr(), a.len()) },
    );
}

/// The stylesheet, in `OUT`.
#[no_mangle]
pub extern "C" fn y() -> usize {
    let mut o = out();
    o.str(STYLE);
    o.n
}
