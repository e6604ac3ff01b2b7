// Times sweeps of the closed-form twinax reach stand-in (the lead plugs in the sigint reach
// evaluator later): 10,000 points (the issue's target: under 10 s) and 1,000,000 points, on
// 1 thread and on all cores, writing the HDF5 file.
// Usage: sweep_bench OUT_DIR
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "reports/sweep.hpp"

using namespace racklink::reports;

namespace {

const char* kStudy10k = R"([sweep]
evaluator = twinax_reach
baud = 25 GBd .. 224 GBd points 100
awg = 24, 26, 28, 30, 32
fixed_loss = 4 dB .. 22 dB points 20
output = reach [m]
output = loss_per_m
)";

const char* kStudy1M = R"([sweep]
evaluator = twinax_reach
baud = 25 GBd .. 224 GBd points 1000
awg = 24, 26, 28, 30, 32
fixed_loss = 4 dB .. 22 dB points 200
output = reach [m]
)";

double run(const char* text, const std::string& out, unsigned threads, std::size_t* points) {
    StudyParseResult pr = parse_study(text, "bench.ini");
    if (!pr.ok()) {
        std::fprintf(stderr, "%s", pr.render().c_str());
        return -1;
    }
    EvaluatorRegistry reg = builtin_evaluators();
    if (!check_study(pr.study, reg.at("twinax_reach")).empty()) return -1;
    auto t0 = std::chrono::steady_clock::now();
    SweepResult r = run_sweep(pr.study, bind_evaluator(pr.study, reg.at("twinax_reach")),
                              {.threads = threads, .output_path = out});
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok()) {
        std::fprintf(stderr, "sweep failed: %s\n", r.message.c_str());
        return -1;
    }
    *points = r.points;
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = argc > 1 ? argv[1] : "/tmp";
    unsigned cores = std::thread::hardware_concurrency();
    for (const char* study : {kStudy10k, kStudy1M}) {
        for (unsigned t : {1u, cores}) {
            std::size_t n = 0;
            double s = run(study, dir + "/sweep_bench.h5", t, &n);
            if (s < 0) return 1;
            std::printf("sweep %8zu points, %u thread(s): %.3f s (%.0f points/s), HDF5 written\n",
                        n, t, s, n / s);
        }
    }
    std::remove((dir + "/sweep_bench.h5").c_str());
    return 0;
}
