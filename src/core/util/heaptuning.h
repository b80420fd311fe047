#pragma once

namespace claudette {

/**
 * Tunes the C library's allocator for a process that holds and streams tens of megabytes
 * (a 50 MB conversation, a 30 MB reply). Call once, first thing in main(), before threads start.
 *
 * Why: with glibc's defaults every large buffer is a fresh mmap() that is unmapped when freed, and
 * the heap is trimmed back after each peak, so memory is faulted in again and again, 4 KiB at a
 * time. On virtual machines a page fault costs several microseconds: loading a 10,000-message
 * file took 55,000 faults and half a second of kernel time (docs/benchmarks.md). apply():
 * - keeps large blocks on the heap and keeps freed memory for reuse (no mmap/munmap churn);
 * - reserves heap address space up front and asks for transparent huge pages there, the same as
 *   glibc's `glibc.malloc.hugetlb=1` tunable, which can only be set from the environment.
 * Resident memory grows only as memory is used; the reserve is address space.
 *
 * Does nothing outside glibc on Linux, under sanitizers (they bring their own allocator), or when
 * the environment variable CLAUDETTE_NO_HEAP_TUNING is set (for comparisons).
 */
class HeapTuning
{
public:
    /// How the threads share the allocator.
    enum class Arenas
    {
        /// One arena for all threads: what the network thread frees is reused by the main thread
        /// instead of faulted in again (claudette-cli: 2,300 page faults for a 30 MB reply
        /// instead of 4,000-8,000). A thread allocating while another holds the arena waits.
        Shared,
        /// glibc's default, an arena per thread (up to 8 per core): for a process whose main
        /// thread must never wait for a worker (the GUI; see apply()).
        PerThread,
    };

    /// Applies the tuning; true if it was applied (false where it does nothing, see above).
    static bool apply(Arenas arenas);
    /// Gives the free memory inside the heap back to the system (resident memory drops; the
    /// address space stays). For after a large, short-lived peak, such as loading a big file.
    static void releaseFreeMemory();
};

} // namespace claudette
