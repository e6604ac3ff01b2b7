// The racklink command-line tool. Exit codes: 0 ok, 1 input or analysis error, 2 usage,
// 3 internal error.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

#include "reports/commands.hpp"
#include "reports/version.hpp"

namespace {

// glibc's malloc serves blocks above 128 KiB (its starting threshold) with fresh mmap(2) pages
// and returns them with munmap(2) on free; a short run that allocates and frees multi-megabyte
// work arrays (a 170 000-point ERL transform, Touchstone data) then pays a page fault and a
// kernel page clear for every 4 KiB of every array, again and again. racklink is a batch
// process: keep such blocks in the heap up to 32 MiB (glibc's largest mmap threshold on 64-bit),
// grow the heap in 64 MiB steps and do not trim it (mallopt(3): M_MMAP_THRESHOLD, M_TOP_PAD,
// M_TRIM_THRESHOLD). Freed memory is reused within the run; the process ends soon anyway.
void tune_malloc_for_batch() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TOP_PAD, 64 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
    // Transparent huge pages for that heap (what GLIBC_TUNABLES=glibc.malloc.hugetlb=1 does):
    // grow it now by one top pad and advise the part aligned to 2 MiB (the x86-64 huge page, a
    // PMD entry; /sys/kernel/mm/transparent_hugepage/hpage_pmd_size), so its first touches fault
    // in 2 MiB at a time (2035 -> ~900 page faults and ~7% of a `com --erl-only` run). Where
    // THP is off ("never") the advice does nothing.
    if (void* block = std::malloc(std::size_t{1} << 20)) {
        constexpr std::uintptr_t k2M = std::uintptr_t{1} << 21;
        const auto lo = (reinterpret_cast<std::uintptr_t>(block) + k2M - 1) & ~(k2M - 1);
        const auto hi = reinterpret_cast<std::uintptr_t>(sbrk(0)) & ~(k2M - 1);
        if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
        std::free(block);
    }
#endif
}

}  // namespace

int main(int argc, char** argv) {
    tune_malloc_for_batch();
    CLI::App app{"racklink: decide how the accelerators of an AI rack are wired together"};
    app.set_version_flag("--version", std::string("racklink ") + racklink::reports::version());
    app.require_subcommand(1);
    int exit_code = 0;
    namespace r = racklink::reports;

    // Foundation.
    r::add_check_command(app, exit_code);
    r::add_stats_command(app, exit_code);
    r::add_export_command(app, exit_code);
    r::add_params_command(app, exit_code);

    // Signal integrity and COM.
    r::add_sigint_commands(app, exit_code);
    r::add_com_command(app, exit_code);  // com

    // Thermal.
    r::add_thermal_command(app, exit_code);

    // Reliability and yield.
    r::add_reliability_command(app, exit_code);
    r::add_yield_command(app, exit_code);

    // Studies.
    r::add_sweep_command(app, exit_code);

    // Review: compare and report.
    r::add_review_commands(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const std::exception& e) {
        std::cerr << "racklink: internal error: " << e.what() << "\n";
        return 3;
    }
    return exit_code;
}
