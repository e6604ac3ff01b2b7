// Foundation benchmark (issue 2): parse + elaborate + structure stats of the 64-rack GB200
// NVL72 hall (examples/hall_64_nvl72.rack: 4,608 GPUs, 91,648 links) on one core.
// Target: < 1 s per run, peak memory < 500 MB. Prints wall and CPU time per run and peak RSS.
//   build/release/bench/foundation_bench [FILE] [RUNS]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "graphs/structure.hpp"
#include "hdl/load.hpp"

int main(int argc, char** argv) {
    std::string file = argc > 1 ? argv[1] : std::string(RACKLINK_SOURCE_DIR) + "/examples/hall_64_nvl72.rack";
    int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    std::vector<double> wall, cpu;
    long gpus = 0, links = 0;
    for (int i = 0; i < runs; ++i) {
        auto w0 = std::chrono::steady_clock::now();
        std::clock_t c0 = std::clock();
        auto r = racklink::hdl::load_file(file);
        if (!r.ok()) {
            std::fprintf(stderr, "%s", r.diagnostics.c_str());
            return 1;
        }
        auto s = racklink::graphs::analyze_structure(*r.model, {});
        std::clock_t c1 = std::clock();
        auto w1 = std::chrono::steady_clock::now();
        wall.push_back(std::chrono::duration<double>(w1 - w0).count());
        cpu.push_back(static_cast<double>(c1 - c0) / CLOCKS_PER_SEC);
        gpus = s.intact.gpus;
        links = static_cast<long>(boost::num_edges(r.model->graph()));
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("foundation_bench: %s\n", file.c_str());
    std::printf("  %ld GPUs, %ld links; %d runs (parse + elaborate + stats, one thread)\n", gpus, links, runs);
    std::printf("  wall: min %.3f s, median %.3f s\n", wall.front(), wall[wall.size() / 2]);
    std::printf("  cpu:  min %.3f s, median %.3f s   (target < 1 s)\n", cpu.front(), cpu[cpu.size() / 2]);
    std::printf("  peak RSS: %.1f MB   (target < 500 MB)\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
    return 0;
}
