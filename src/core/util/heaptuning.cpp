#include "core/util/heaptuning.h"

#include <QtGlobal>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                         \
    __has_feature(memory_sanitizer)
#define CLAUDETTE_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CLAUDETTE_SANITIZED 1
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(CLAUDETTE_SANITIZED)
#define CLAUDETTE_HEAP_TUNING 1
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#endif

namespace claudette {

#ifdef CLAUDETTE_HEAP_TUNING
namespace {

constexpr std::size_t kMiB = 1024 * 1024;
constexpr std::uintptr_t kHugePage = 2 * kMiB;
// Address space reserved for the heap and marked for huge pages: a 10,000-message conversation
// peaks at about 240 MB while it loads.
constexpr std::size_t kReserve = 512 * kMiB;
// The largest mmap threshold glibc accepts on 64-bit systems; larger blocks still get their own
// mapping.
constexpr int kMmapThreshold = 32 * kMiB;

} // namespace
#endif

bool HeapTuning::apply(Arenas arenas)
{
#ifdef CLAUDETTE_HEAP_TUNING
    if (qEnvironmentVariableIsSet("CLAUDETTE_NO_HEAP_TUNING"))
        return false;
    // Not for the GUI: with one arena, its thread was held for up to 120 ms of wall time (with
    // 3-6 ms of CPU time) while a worker saved a 54 MB file (bench_file_load). The arena's lock
    // is shared, and glibc holds it while a realloc copies a buffer.
    if (arenas == Arenas::Shared)
        mallopt(M_ARENA_MAX, 1);
    // Setting these also turns off glibc's adaptive threshold, which would otherwise start at
    // 128 KiB and hand each large QByteArray its own mapping until the first one is freed.
    mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
    // Memory freed at the top of the heap stays for the next large load instead of being returned
    // (and faulted in again); only what exceeds the reserve is given back.
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(kReserve));

    // Grow the heap once by the reserve, mark that range for transparent huge pages (one fault per
    // 2 MiB instead of per 4 KiB, and fewer TLB misses), and keep it as free heap. A later growth
    // of the heap beyond it gets ordinary pages; the kernel may also ignore the advice.
    mallopt(M_TOP_PAD, static_cast<int>(kReserve));
    const auto start = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // The volatile store keeps the compiler from removing this malloc/free pair as unused.
    static void *volatile probe = nullptr;
    probe = std::malloc(kMmapThreshold / 2);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    const std::uintptr_t from = (start + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t to = end & ~(kHugePage - 1);
    if (to > from)
        madvise(reinterpret_cast<void *>(from), to - from, MADV_HUGEPAGE);
    std::free(probe);
    mallopt(M_TOP_PAD, static_cast<int>(16 * kMiB));
    return true;
#else
    Q_UNUSED(arenas);
    return false;
#endif
}

void HeapTuning::releaseFreeMemory()
{
#ifdef CLAUDETTE_HEAP_TUNING
    malloc_trim(0);
#endif
}

} // namespace claudette
