// Structure analyses on a 64-rack GB200 NVL72 cluster (4,608 GPUs, 1,152 switch chips,
// 82,944 NVLink + 4,608 C2C links): the "stats" share of the foundation benchmark
// (parse + elaborate + stats in < 1 s on one core). Run: build/release/bench/structure_bench
#include <benchmark/benchmark.h>

#include "graphs/export.hpp"
#include "graphs/structure.hpp"
#include "nvl72_fixture.hpp"

namespace g = racklink::graphs;

namespace {
const g::Model& cluster(int racks) {
    static const g::Model m64 = g::testing::make_nvl72({.racks = 64});
    static const g::Model m1 = g::testing::make_nvl72({.racks = 1});
    return racks == 64 ? m64 : m1;
}

void BM_BuildFixture64(benchmark::State& st) {
    for (auto _ : st) benchmark::DoNotOptimize(g::testing::make_nvl72({.racks = 64}));
}

void BM_AnalyzeStructure(benchmark::State& st) {
    const g::Model& m = cluster(static_cast<int>(st.range(0)));
    for (auto _ : st) benchmark::DoNotOptimize(g::analyze_structure(m, {}));
    st.counters["gpus"] = static_cast<double>(g::analyze_structure(m, {}).intact.gpus);
}

void BM_AnalyzeStructureWithFailure(benchmark::State& st) {
    const g::Model& m = cluster(static_cast<int>(st.range(0)));
    g::StructureOptions o;
    o.fail = {"rack[0].nvsw[3]", "rack[0].compute[5]"};
    for (auto _ : st) benchmark::DoNotOptimize(g::analyze_structure(m, o));
}

void BM_ExportJson(benchmark::State& st) {
    const g::Model& m = cluster(static_cast<int>(st.range(0)));
    for (auto _ : st) benchmark::DoNotOptimize(g::export_json(m));
}
}  // namespace

BENCHMARK(BM_BuildFixture64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeStructure)->Arg(1)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeStructureWithFailure)->Arg(1)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExportJson)->Arg(1)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
