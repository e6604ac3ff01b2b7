// Thermal network benchmarks (Google Benchmark): the whole thermal analysis of a Rubin Ultra
// NVL576-sized rack (576 GPU dies) and of a 64-rack hall, with the sparse LU (ours) and the
// dense LU baseline (Eigen::PartialPivLU on the same matrix, single rack only: O(n^3)).
// Targets (issue): NVL576 rack < 50 ms, 64-rack hall < 1 s.
// (No DoNotOptimize on a double: benchmark 1.7.1 may corrupt it through a "+m,r" constraint;
// the result is used after the loop, so the call cannot be elided.)
#include <benchmark/benchmark.h>

#include "graphs/thermal_analysis.hpp"
#include "thermal_fixture.hpp"

using namespace racklink;

namespace {

const graphs::Model& nvl576() {
    static const graphs::Model m = bench::build_racks(bench::rack_spec_nvl576());
    return m;
}

const graphs::Model& hall64() {
    static const graphs::Model m = [] {
        bench::RackSpec s = bench::rack_spec_nvl576();
        s.racks = 64;
        s.links_per_gpu = 4;  // keeps the model small; the network does not depend on links
        return bench::build_racks(s);
    }();
    return m;
}

void report(benchmark::State& state, const graphs::ThermalResult& r) {
    state.counters["nodes"] = static_cast<double>(r.network_nodes);
    state.counters["unknowns"] = static_cast<double>(r.network_unknowns);
    state.counters["nonzeros"] = static_cast<double>(r.network_nonzeros);
    state.counters["iterations"] = r.iterations;
    state.counters["max_tj_c"] = r.max_junction_k - 273.15;
}

void BM_ThermalNvl576Sparse(benchmark::State& state) {
    const graphs::Model& m = nvl576();
    graphs::ThermalResult r;
    for (auto _ : state) {
        r = graphs::analyze_thermal(m, {});
        benchmark::ClobberMemory();
    }
    if (!r.ok()) state.SkipWithError(r.message.c_str());
    report(state, r);
}
BENCHMARK(BM_ThermalNvl576Sparse)->Unit(benchmark::kMillisecond);

void BM_ThermalNvl576Dense(benchmark::State& state) {
    const graphs::Model& m = nvl576();
    graphs::ThermalOptions o;
    o.dense_solver = true;
    graphs::ThermalResult r;
    for (auto _ : state) {
        r = graphs::analyze_thermal(m, o);
        benchmark::ClobberMemory();
    }
    if (!r.ok()) state.SkipWithError(r.message.c_str());
    report(state, r);
}
BENCHMARK(BM_ThermalNvl576Dense)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_ThermalHall64Sparse(benchmark::State& state) {
    const graphs::Model& m = hall64();
    graphs::ThermalResult r;
    for (auto _ : state) {
        r = graphs::analyze_thermal(m, {});
        benchmark::ClobberMemory();
    }
    if (!r.ok()) state.SkipWithError(r.message.c_str());
    report(state, r);
}
BENCHMARK(BM_ThermalHall64Sparse)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
