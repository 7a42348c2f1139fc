//! The global allocator: talc, fed first with the initial linear memory above the static data.
//!
//! Rust's default wasm allocator (dlmalloc) takes heap only through `memory.grow`, so the memory
//! grew by a page on every first visit while the initial memory above `__heap_base` stayed unused
//! (issue 5, budget line 5). This source hands talc that unused tail first and grows the memory
//! only once it is full; how big it is is set by `--initial-heap` in `build.rs`.

use core::alloc::Layout;
use core::arch::wasm32::{memory_grow, memory_size};
use core::ptr::{addr_of_mut, NonNull};
use talc::base::{binning::Binning, Talc};
use talc::cell::TalcSyncCell;
use talc::source::Source;
use talc::wasm::WasmBinning;

const PAGE: usize = 65536;

extern "C" {
    /// Defined by the linker: the first byte after the stack and the static data.
    static mut __heap_base: u8;
}

/// The end of the heap once one exists; `None` until the first allocation claims the initial tail.
#[derive(Debug)]
pub struct InitialThenGrow(Option<NonNull<u8>>);

// SAFETY: `acquire` uses only `talc` and the wasm memory instructions, never an allocator.
unsafe impl Source for InitialThenGrow {
    fn acquire<B: Binning>(talc: &mut Talc<Self, B>, layout: Layout) -> Result<(), ()> {
        let Some(end) = talc.source.0 else {
            // `unsafe` for Rust before 1.82 (the crate's rust-version is 1.81).
            #[allow(unused_unsafe)]
            let base = unsafe { addr_of_mut!(__heap_base) };
            let top = memory_size::<0>() * PAGE;
            // SAFETY: nothing but the allocator uses the memory from `__heap_base` to the end of
            // the memory (the stack and the data lie below it); base + size is the memory's end.
            talc.source.0 = unsafe { talc.claim(base, top.saturating_sub(base as usize)) };
            if talc.source.0.is_some() {
                return Ok(());
            }
            return grow(talc, layout, None);
        };
        grow(talc, layout, Some(end))
    }
}

/// Grows the memory by enough pages for `layout` (talc asks again if it still does not fit) and
/// extends the heap when the new pages follow it, as they do when nothing else grows the memory.
fn grow<B: Binning>(
    talc: &mut Talc<InitialThenGrow, B>,
    layout: Layout,
    end: Option<NonNull<u8>>,
) -> Result<(), ()> {
    // Only an absurd layout could wrap this sum; that grows too little, and talc asks again until
    // `memory.grow` fails. (saturating_add costs 121 bytes brotli.)
    let pages = (layout.size() + layout.align() + 256).div_ceil(PAGE);
    let prev = memory_grow::<0>(pages);
    if prev == usize::MAX {
        return Err(());
    }
    let base = (prev * PAGE) as *mut u8;
    let size = pages * PAGE;
    talc.source.0 = match end {
        // SAFETY: the pages were just added to the memory and belong to no one.
        Some(end) if end.as_ptr() == base => Some(unsafe { talc.extend(end, base.add(size)) }),
        _ => unsafe { talc.claim(base, size) },
    };
    talc.source.0.map(|_| ()).ok_or(())
}

#[global_allocator]
static ALLOC: TalcSyncCell<InitialThenGrow, WasmBinning> =
    TalcSyncCell::new_wasm(InitialThenGrow(None));
