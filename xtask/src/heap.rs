//! The process's peak heap: the bytes the generator holds at its busiest,
//! which `cargo xtask codegen --heap` reports (`cargo xtask bench` puts it
//! beside the peak resident set, which also counts the binary's code and
//! the allocator's own pages, a fixed cost that dwarfs a small spec).
//!
//! Counting is off until [`start_counting`]: it costs about 5 % of the
//! generator's instructions, which no timed run should carry. Each thread counts its allocations locally and adds them to the shared
//! count in steps of [`STEP`] bytes, so that two threads allocating at
//! once do not fight over one counter; the peak is exact to within
//! `STEP` per thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};

/// The system allocator, counting.
pub struct Counting;

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const STEP: isize = 16 * 1024;

static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

thread_local! {
    /// Bytes allocated (or, negative, freed) by this thread and not yet in `CURRENT`.
    static PENDING: Cell<isize> = const { Cell::new(0) };
}

/// Counts from now on: what is freed later but was allocated before is
/// subtracted too, so start before the work to be measured allocates.
pub fn start_counting() {
    COUNTING.store(true, Ordering::Relaxed);
}

/// The most bytes allocated at once since [`start_counting`].
pub fn peak_bytes() -> usize {
    PEAK.load(Ordering::Relaxed).max(0).unsigned_abs()
}

fn record(change: isize) {
    if !COUNTING.load(Ordering::Relaxed) {
        return;
    }
    // A thread that is being torn down has no counter left: count directly.
    let flushed = PENDING
        .try_with(|pending| {
            let total = pending.get() + change;
            if total.abs() < STEP {
                pending.set(total);
                0
            } else {
                pending.set(0);
                total
            }
        })
        .unwrap_or(change);
    if flushed != 0 {
        let now = CURRENT.fetch_add(flushed, Ordering::Relaxed) + flushed;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every call is passed to the system allocator unchanged; the
// counting around it neither allocates nor touches the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees about `layout` hold for `System` too.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            record(signed(layout.size()));
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            record(signed(layout.size()));
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` came from this allocator, that is from `System`, with `layout`.
        unsafe { System.dealloc(pointer, layout) };
        record(-signed(layout.size()));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and the caller's guarantees about `new_size`.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            record(signed(new_size) - signed(layout.size()));
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_covers_a_large_allocation_while_it_is_held() {
        start_counting();
        let held = vec![1u8; 8 << 20];
        assert!(peak_bytes() >= held.len(), "peak {} < {}", peak_bytes(), held.len());
        drop(held);
        assert!(peak_bytes() >= 8 << 20);
    }
}
