// Timing program for the reliability Monte Carlo engines (see bench/reliability_bench.sh, which
// runs it beside the NumPy implementations of the same models and prints the ratio).
//   reliability_bench fleet [racks] [years] [replications]
//   reliability_bench impedance [boards] [pairs]
// Prints one line of `key=value` pairs: the figures and the wall time in seconds.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "graphs/fleet.hpp"
#include "graphs/yield.hpp"

using namespace racklink::graphs;

namespace {
double hours(double h) { return h * 3600.0; }
double fit(double f) { return f * kFitPerSecond; }

// A Rubin-Ultra-NVL576-like rack as a parts list (estimates for benchmarking, not library
// data): 144 GPU packages (4 dies + HBM each), 72 CPUs, 72 compute blades, 144 switch chips on
// 72 switch blades, 4 midplanes (factory return), 10,368 scale-up links (cable/connector),
// 36 power supplies. Shared with bench/numpy_fleet.py (same numbers).
void nvl576(std::vector<FleetRepair>& rep, std::vector<FleetPart>& parts) {
    FleetRepair blade;
    blade.repair.name = "blade_swap";
    blade.repair.steps = {{"detect", Distribution::lognormal(600, 0.5), {}},
                          {"drain", Distribution::fixed(1800), {}},
                          {"replace", Distribution::triangular(1800, 3600, 7200), {}},
                          {"retest", Distribution::fixed(hours(2)), {}}};
    blade.repair.hands_on_from = 2;
    blade.repair.needs_spare = true;
    blade.repair.restock = Distribution::fixed(hours(24 * 7));
    blade.spares = 400;
    FleetRepair cable;
    cable.repair.name = "cable_reseat";
    cable.repair.steps = {{"detect", Distribution::exponential(1800), {}},
                          {"replace", Distribution::uniform(1800, 5400), {}}};
    cable.repair.hands_on_from = 1;
    FleetRepair factory;
    factory.repair.name = "factory_return";
    factory.repair.steps = {{"detect", Distribution::fixed(3600), {}},
                            {"ship_repair", Distribution::uniform(hours(14 * 24), hours(28 * 24)), {}}};
    factory.repair.hands_on_from = 1;
    factory.repair.factory = true;
    FleetRepair psu;
    psu.repair.name = "psu_hot_swap";
    psu.repair.steps = {{"replace", Distribution::lognormal(1800, 0.4), {}}};
    rep = {blade, cable, factory, psu};
    parts = {{"gpu_package", 144, fit(10000), 0, false, 1},
             {"cpu", 72, fit(500), 0, false, 2},
             {"compute_blade", 72, fit(3000), 0, false, 2},
             {"switch_chip", 144, fit(600), 0, false, 0},
             {"switch_blade", 72, fit(2000), 0, false, 0},
             {"midplane", 4, fit(300), 2, true, 576},
             {"link", 10368, fit(10), 1, false, 0},
             {"psu", 36, fit(1500), 3, false, 0}};
}
}  // namespace

int main(int argc, char** argv) {
    std::string what = argc > 1 ? argv[1] : "fleet";
    auto t0 = std::chrono::steady_clock::now();
    auto secs = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    if (what == "fleet") {
        FleetOptions o;
        o.racks = argc > 2 ? std::atoi(argv[2]) : 1000;
        o.years = argc > 3 ? std::atof(argv[3]) : 5.0;
        o.replications = argc > 4 ? std::atoi(argv[4]) : 8;
        o.seed = 1;
        o.gpus_per_rack = 576;
        std::vector<FleetRepair> rep;
        std::vector<FleetPart> parts;
        nvl576(rep, parts);
        t0 = std::chrono::steady_clock::now();
        FleetResult r = simulate_fleet(rep, parts, o);
        double t = secs();
        if (!r.ok) {
            std::fprintf(stderr, "%s\n", r.message.c_str());
            return 1;
        }
        std::printf("engine=racklink fleet racks=%u years=%g replications=%u events=%llu "
                    "events_per_month=%.2f availability=%.6f availability_ci95=%.6f "
                    "repair_p50_h=%.2f repair_p95_h=%.2f seconds=%.3f\n",
                    o.racks, o.years, o.replications, static_cast<unsigned long long>(r.events),
                    r.events_per_month, r.availability, r.availability_ci95, r.repair_time_p50_h,
                    r.repair_time_p95_h, t);
        return 0;
    }
    if (what == "impedance") {
        ImpedanceMcOptions o;
        o.boards = argc > 2 ? std::atoi(argv[2]) : 100000;
        o.pairs = argc > 3 ? std::atoi(argv[3]) : 5184;
        o.signal_layers = 12;
        o.target_ohm = 100.0;
        o.tolerance = 0.10;
        o.nominal = DiffStripline{};  // 100/150 um, 0.5 oz, 120 um, Dk 3.3: 102.07 ohm
        o.width = {0.04, 0.02, 0.02};
        o.height = {0.02, 0.01, 0.01};
        o.dk = {0.01, 0.005, 0.01};
        o.thickness = {0.05, 0.02, 0.02};
        o.seed = 1;
        if (argc > 4 && std::string(argv[4]) == "per_pair") o.method = ImpedanceMethod::per_pair;
        t0 = std::chrono::steady_clock::now();
        ImpedanceMcResult r = impedance_monte_carlo(o);
        double t = secs();
        std::printf("engine=racklink impedance boards=%u pairs=%u method=%s board_yield=%.5f "
                    "board_yield_ci95=%.5f pair_fail_fraction=%.3e z_mean=%.3f z_sigma=%.3f "
                    "seconds=%.3f\n",
                    o.boards, o.pairs, o.method == ImpedanceMethod::per_pair ? "per_pair" : "conditional",
                    r.board_yield, r.board_yield_ci95, r.pair_fail_fraction, r.z_mean_ohm,
                    r.z_sigma_ohm, t);
        return 0;
    }
    std::fprintf(stderr, "usage: reliability_bench fleet|impedance [...]\n");
    return 2;
}
