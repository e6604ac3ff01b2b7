// Times `analyze_com` over every link of examples/com_backplane.rack (120 links, 2 distinct
// measured channels) with 1 and 2 threads, against the per-link cost without memoization
// (one compute_com per link, projected from the measured cost of one call).
// Usage: com_system_bench [FILE.rack] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "graphs/com_analysis.hpp"
#include "hdl/load.hpp"
#include "sigint/com.hpp"
#include "sigint/com_config.hpp"

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
    using namespace racklink;
    const std::string file = argc > 1 ? argv[1] : std::string(RACKLINK_SOURCE_DIR) + "/examples/com_backplane.rack";
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    hdl::LoadResult lr = hdl::load_file(file);
    if (!lr.ok()) {
        std::fprintf(stderr, "%s", lr.diagnostics.c_str());
        return 1;
    }
    double t_serial = 0;
    std::size_t links = 0, evals = 0;
    for (unsigned threads : {1u, 2u}) {
        std::vector<double> t;
        for (int i = 0; i < repeats; ++i) {
            graphs::ComAnalysisOptions o;
            o.threads = threads;
            const auto t0 = std::chrono::steady_clock::now();
            graphs::ComAnalysis r = graphs::analyze_com(*lr.model, o);
            t.push_back(seconds_since(t0));
            links = r.links.size();
            evals = r.evaluations;
        }
        std::sort(t.begin(), t.end());
        const double median = t[t.size() / 2];
        if (threads == 1) t_serial = median;
        std::printf("analyze_com, %u thread(s): median %.3f s over %d runs (%zu links, %zu COM evaluations)%s\n",
                    threads, median, repeats, links, evals,
                    threads == 1 ? "" : (" speed-up " + std::to_string(t_serial / median)).c_str());
    }
    // Without memoization: one compute_com per link.
    graphs::ComAnalysisOptions o;
    graphs::ComAnalysis r = graphs::analyze_com(*lr.model, o);
    if (r.channels.empty()) return 0;
    const auto& ch = r.channels.front();
    const sigint::ComParams p = sigint::resolve_com_params(sigint::load_com_config(ch.config));
    const auto t0 = std::chrono::steady_clock::now();
    (void)sigint::compute_com_files(p, ch.thru, ch.fext, ch.next);
    const double one = seconds_since(t0);
    std::printf("one compute_com (with file reads): %.3f s -> %zu links without memoization ~ %.1f s "
                "(memoized serial run is %.0fx faster)\n",
                one, links, one * static_cast<double>(links), one * static_cast<double>(links) / t_serial);
    return 0;
}
