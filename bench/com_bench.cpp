// COM timing: single-threaded time per channel (including the Touchstone reads), and
// throughput of std::thread workers over many channels. Used by bench/com_vs_octave.sh.
//
// usage: com_bench CONFIG THRU.s4p [--fext F ...] [--next N ...] [--repeat K]
//                  [--parallel THREADS COPIES]
//        com_bench CONFIG THRU.s4p --erl-only [--repeat K]
//   --erl-only times ERL alone in-process (single-threaded Touchstone read + both ERL sides), the
//   same span the reference's own cputime covers in an ERL_ONLY run (its Octave start-up is
//   excluded there, so process start-up is excluded here).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "sigint/com.hpp"
#include "sigint/com_erl.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: com_bench CONFIG THRU.s4p [--fext F..] [--next N..] [--repeat K] [--parallel T COPIES]\n");
        return 2;
    }
    const std::string thru = argv[2];
    using clk = std::chrono::steady_clock;
    bool erl_only = false;
    int erl_repeat = 20;
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--erl-only")) erl_only = true;
        else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) erl_repeat = std::atoi(argv[i + 1]);
    }
    if (erl_only) {
        ComConfig cfg = load_com_config(argv[1]);
        cfg.set("ERL", "1");
        cfg.set("ERL_ONLY", "1");
        const ComErlParams ep = resolve_com_erl_params(cfg);
        TouchstoneReadOptions ro;
        ro.threads = 1;
        std::vector<double> cpu;
        double best = 1e300, erl_db = NAN;
        for (int k = 0; k < erl_repeat; ++k) {
            auto t0 = clk::now();
            const std::clock_t c0 = std::clock();
            const ComErlResult r = compute_com_erl(ep, read_touchstone(thru, ro));
            cpu.push_back(static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
            best = std::min(best, std::chrono::duration<double>(clk::now() - t0).count());
            erl_db = r.min_erl_db();
        }
        std::sort(cpu.begin(), cpu.end());
        std::printf("erl_only_s %.4f  cpu_best_s %.4f  cpu_median_s %.4f  erl_db %.4f\n", best, cpu.front(),
                    cpu[cpu.size() / 2], erl_db);
        return 0;
    }
    const ComParams p = resolve_com_params(load_com_config(argv[1]));
    std::vector<std::string> fext, next;
    int repeat = 3, threads = 0, copies = 0;
    std::vector<std::string>* list = nullptr;
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--fext")) list = &fext;
        else if (!std::strcmp(argv[i], "--next")) list = &next;
        else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--erl-only")) continue;
        else if (!std::strcmp(argv[i], "--parallel") && i + 2 < argc) {
            threads = std::atoi(argv[++i]);
            copies = std::atoi(argv[++i]);
        } else if (list) list->push_back(argv[i]);
    }
    double best = 1e300, best_cpu = 1e300;
    ComResult r;
    for (int k = 0; k < repeat; ++k) {
        auto t0 = clk::now();
        const std::clock_t c0 = std::clock();
        r = compute_com_files(p, thru, fext, next);
        best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
        best = std::min(best, std::chrono::duration<double>(clk::now() - t0).count());
    }
    std::printf("single_thread_s %.4f  cases %zu  min_com_db %.4f  cpu_s %.4f\n", best, r.cases.size(),
                r.ok() ? r.min_com_db() : NAN, best_cpu);
    for (const auto& c : r.cases)
        std::printf("  case %d com_db %.4f fom_db %.4f as_mv %.4f ani_mv %.4f\n", c.package_case,
                    c.com_db, c.fom_db, c.as_mv, c.ani_mv);
    if (threads > 0 && copies > 0) {
        std::atomic<int> job{0};
        auto t0 = clk::now();
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&] {
                while (job++ < copies) (void)compute_com_files(p, thru, fext, next);
            });
        for (auto& t : pool) t.join();
        const double s = std::chrono::duration<double>(clk::now() - t0).count();
        std::printf("parallel threads %d channels %d wall_s %.3f per_channel_s %.4f\n", threads, copies, s, s / copies);
    }
    return r.ok() ? 0 : 1;
}
