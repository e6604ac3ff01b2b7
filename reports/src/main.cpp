// The racklink command-line tool. Exit codes: 0 ok, 1 input or analysis error, 2 usage,
// 3 internal error.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <initializer_list>
#include <iostream>
#include <string_view>

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

    // The subcommands, in help order, by the names each adder registers. `racklink NAME ...`
    // builds only NAME's group: the whole CLI11 tree (some 300 options) is ~1.6 M instructions,
    // most of a short run's start-up. Anything else (`--help`, `--version`, a typo) builds all,
    // so the top-level help and the "did you mean" errors are unchanged.
    struct Group {
        std::initializer_list<std::string_view> names;
        void (*add)(CLI::App&, int&);
    };
    const Group groups[] = {
        // Foundation.
        {{"check"}, r::add_check_command},
        {{"stats"}, r::add_stats_command},
        {{"export"}, r::add_export_command},
        {{"params"}, r::add_params_command},
        // Signal integrity and COM.
        {{"sigint", "reach", "touchstone"}, r::add_sigint_commands},
        {{"com"}, r::add_com_command},
        // Thermal.
        {{"thermal"}, r::add_thermal_command},
        // Reliability and yield.
        {{"reliability"}, r::add_reliability_command},
        {{"yield"}, r::add_yield_command},
        // Studies.
        {{"sweep"}, r::add_sweep_command},
        // Review: compare and report.
        {{"compare", "report"}, r::add_review_commands},
    };
    const Group* only = nullptr;
    if (argc > 1)
        for (const Group& g : groups)
            for (std::string_view name : g.names)
                if (name == argv[1]) only = &g;
    if (only) {
        only->add(app, exit_code);
    } else {
        for (const Group& g : groups) g.add(app, exit_code);
    }

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
