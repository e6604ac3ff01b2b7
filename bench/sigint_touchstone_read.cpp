// Times racklink::sigint::read_touchstone on the files given (best CPU time of repeated reads,
// >= 1 s per file) and prints one line per file: name, ports, points, bytes, ms per read, MB/s.
// With `--make-5001 OUT.s4p IN.s4p` it first writes a 4-port, 5,001-point file resampled
// from IN (the benchmark size), with 10 significant digits as VNA exporters write. Run by bench/sigint_touchstone_vs_skrf.sh.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "sigint/network.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;

// Process CPU time: the benchmark machine is shared, and CPU time is what one read costs
// (the scikit-rf side uses time.process_time likewise).
static double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

int main(int argc, char** argv) {
    std::vector<std::string> files;
    unsigned threads = 0;  // read_touchstone's default: the hardware's concurrency
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--threads=", 0) == 0) {
            threads = static_cast<unsigned>(std::stoul(a.substr(10)));
            continue;
        }
        if (a == "--make-5001" && i + 2 < argc) {
            Network in = read_touchstone(argv[i + 2]);
            std::vector<double> grid;
            for (int k = 0; k < 5001; ++k) grid.push_back(in.f_hz.front() + (in.f_hz.back() - in.f_hz.front()) * k / 5000.0);
            write_touchstone(resample(in, grid), argv[i + 1], {.version = TouchstoneVersion::v1, .format = DataFormat::ma, .freq_unit_hz = 1e9, .significant_digits = 10});
            i += 2;
            continue;
        }
        files.push_back(a);
    }
    for (const auto& f : files) {
        const double bytes = static_cast<double>(std::filesystem::file_size(f));
        double best = 1e30, best_cpu = 1e30;
        int ports = 0;
        std::size_t points = 0;
        auto t_end = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
        int reps = 0;
        do {
            const double c0 = cpu_seconds();
            const auto w0 = std::chrono::steady_clock::now();
            Network n = read_touchstone(f, {.threads = threads});
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count());
            best_cpu = std::min(best_cpu, cpu_seconds() - c0);
            ports = n.ports();
            points = n.points();
            ++reps;
        } while (std::chrono::steady_clock::now() < t_end || reps < 3);
        std::printf("racklink %-45s ports %3d points %6zu bytes %9.0f  %9.3f ms  %8.1f MB/s  cpu %9.3f ms  threads %u\n",
                    std::filesystem::path(f).filename().c_str(), ports, points, bytes, best * 1e3, bytes / best / 1e6,
                    best_cpu * 1e3, threads);
    }
    return 0;
}
