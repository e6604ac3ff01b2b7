#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "graphs/yield.hpp"

using namespace racklink::graphs;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("defect yield models at A*D = 0.5 match their closed forms") {
    // Hand calculation (Python): e^-0.5; ((1 - e^-0.5)/0.5)^2; 1/1.5; (1 + 0.25)^-2.
    CHECK_THAT(defect_yield(DefectModel::poisson, 0.05, 10), WithinRel(0.6065306597126334, 1e-12));
    CHECK_THAT(defect_yield(DefectModel::murphy, 0.05, 10), WithinRel(0.6192724869847019, 1e-12));
    CHECK_THAT(defect_yield(DefectModel::seeds, 0.05, 10), WithinRel(2.0 / 3.0, 1e-12));
    CHECK_THAT(defect_yield(DefectModel::negative_binomial, 0.05, 10, 2.0), WithinRel(0.64, 1e-12));
    // Clustering: the negative binomial tends to Poisson as alpha grows (Stapper 1984).
    CHECK_THAT(defect_yield(DefectModel::negative_binomial, 0.05, 10, 1e7),
               WithinRel(0.6065306597126334, 1e-6));
    CHECK(parse_defect_model("murphy") == DefectModel::murphy);
}

TEST_CASE("PCB board yield multiplies layer, core, lamination and drill yields") {
    PcbYieldInput in{.layers = 30, .cores = 14, .lamination_cycles = 3, .area_m2 = 0.25,
                     .defect_density_per_m2 = 0.4, .model = DefectModel::poisson,
                     .core_yield = 0.995, .lamination_yield = 0.97, .drill_plate_yield = 0.95};
    REQUIRE(in.check().empty());
    PcbYield y = pcb_yield(in);
    double expected = std::exp(-0.1 * 30) * std::pow(0.995, 14) * std::pow(0.97, 3) * 0.95;
    CHECK_THAT(y.board_yield, WithinRel(expected, 1e-12));
    in.lamination_cycles = 4;
    CHECK(pcb_yield(in).board_yield < y.board_yield);
    in.core_yield = 1.2;
    CHECK(in.check() == "a yield must be in (0, 1]");
}

TEST_CASE("the AGM elliptic-integral ratio matches std::comp_ellint_1") {
    for (double k : {0.05, 0.3, 0.5, 0.8, 0.99}) {
        double kp = std::sqrt(1 - k * k);
        CHECK_THAT(elliptic_k_ratio(k), WithinRel(std::comp_ellint_1(k) / std::comp_ellint_1(kp), 1e-12));
    }
    CHECK_THAT(elliptic_k_ratio(1 / std::sqrt(2.0)), WithinRel(1.0, 1e-14));
}

TEST_CASE("Wheeler's thick stripline tends to Cohn's exact thin stripline and matches the wide-strip form") {
    for (double wb : {0.25, 0.39, 1.2, 4.0}) {
        INFO("w/b = " << wb);
        double b = 250e-6;
        CHECK_THAT(stripline_z0_wheeler(wb * b, 0.0, b, 3.3),
                   WithinRel(stripline_z0_cohn(wb * b, b, 3.3), 0.005));  // Wheeler: 0.5 %
    }
    // Cohn's thick wide-strip form (w/(b-t) > 0.35; Balanis, Advanced Engineering
    // Electromagnetics, 2nd ed., eq. 8-? after Cohn 1954): Z0 sqrt(er) = 30 pi / (w/(b-t) + Cf/pi
    // ...), written out here as an independent reference.
    auto cohn_wide = [](double w, double t, double b, double er) {
        double x = 1 - t / b;
        double cf = (2 / x * std::log(1 + 1 / x) - (1 / x - 1) * std::log(1 / (x * x) - 1)) / M_PI;
        return 30 * M_PI / std::sqrt(er) / (w / (b * x) + cf);
    };
    CHECK_THAT(stripline_z0_wheeler(150e-6, 17.5e-6, 257e-6, 3.3),
               WithinRel(cohn_wide(150e-6, 17.5e-6, 257e-6, 3.3), 0.01));
    CHECK_THAT(stripline_z0_wheeler(600e-6, 17.5e-6, 257e-6, 3.3),
               WithinRel(cohn_wide(600e-6, 17.5e-6, 257e-6, 3.3), 0.01));
}

TEST_CASE("coupled stripline: far-apart strips decouple, odd < Z0 < even, IPC-2141 close in range") {
    double w = 100e-6, b = 257.5e-6;
    double z0 = stripline_z0_cohn(w, b, 3.3);
    CHECK_THAT(stripline_zodd_cohn(w, 5e-3, b, 3.3), WithinRel(z0, 1e-9));
    CHECK_THAT(stripline_zeven_cohn(w, 5e-3, b, 3.3), WithinRel(z0, 1e-9));
    CHECK(stripline_zodd_cohn(w, 150e-6, b, 3.3) < z0);
    CHECK(stripline_zeven_cohn(w, 150e-6, b, 3.3) > z0);
    DiffStripline g;  // 100 um / 150 um / 0.5 oz / 120 um cores, Dk 3.3
    // Python re-implementation of the same formulas gave 102.0746 ohm; IPC-2141A 99.74 ohm.
    CHECK_THAT(diff_stripline_z(g), WithinRel(102.07455414134394, 1e-9));
    CHECK_THAT(diff_stripline_z_ipc2141(g), WithinRel(diff_stripline_z(g), 0.03));
    // 1/sqrt(Dk) scaling.
    DiffStripline g2 = g;
    g2.dk = 4 * g.dk;
    CHECK_THAT(diff_stripline_z(g2), WithinRel(diff_stripline_z(g) / 2, 1e-12));
}

namespace {
ImpedanceMcOptions small_mc() {
    ImpedanceMcOptions o;
    o.target_ohm = 100.0;
    o.tolerance = 0.07;
    o.signal_layers = 4;
    o.pairs = 200;
    o.width = {0.02, 0.02, 0.03};
    o.height = {0.02, 0.01, 0.01};
    o.dk = {0.01, 0.005, 0.01};
    o.thickness = {0.05, 0.02, 0.02};
    o.boards = 4000;
    o.seed = 12;
    return o;
}
}  // namespace

TEST_CASE("conditional impedance Monte Carlo agrees with per-pair sampling") {
    ImpedanceMcOptions o = small_mc();
    ImpedanceMcResult c = impedance_monte_carlo(o);
    o.method = ImpedanceMethod::per_pair;
    ImpedanceMcResult p = impedance_monte_carlo(o);
    REQUIRE(c.ok);
    REQUIRE(p.ok);
    INFO("conditional " << c.board_yield << " +- " << c.board_yield_ci95 << ", per pair "
                        << p.board_yield << " +- " << p.board_yield_ci95);
    CHECK(c.board_yield > 0.2);
    CHECK(c.board_yield < 0.95);
    CHECK(std::abs(c.board_yield - p.board_yield) <= 1.68 * std::hypot(c.board_yield_ci95, p.board_yield_ci95));
    CHECK_THAT(c.pair_fail_fraction, WithinRel(p.pair_fail_fraction, 0.1));
    CHECK_THAT(c.z_mean_ohm, WithinRel(p.z_mean_ohm, 1e-3));
    CHECK_THAT(c.z_sigma_ohm, WithinRel(p.z_sigma_ohm, 0.03));
}

TEST_CASE("with local variation alone a 5,184-pair board almost never passes") {
    // Same total sigma per quantity, split two ways: lot-dominated versus purely local.
    ImpedanceMcOptions o = small_mc();
    o.pairs = 5184;
    o.signal_layers = 12;
    o.boards = 2000;
    o.width = {0.045, 0.0, 0.0};
    o.height = {0.025, 0.0, 0.0};
    o.dk = {0.015, 0.0, 0.0};
    o.thickness = {0.06, 0.0, 0.0};
    ImpedanceMcResult lot = impedance_monte_carlo(o);
    std::swap(o.width.lot, o.width.local);
    std::swap(o.height.lot, o.height.local);
    std::swap(o.dk.lot, o.dk.local);
    std::swap(o.thickness.lot, o.thickness.local);
    ImpedanceMcResult local = impedance_monte_carlo(o);
    INFO("lot-only: pairs out " << lot.pair_fail_fraction << ", yield " << lot.board_yield
                                << "; local-only: pairs out " << local.pair_fail_fraction
                                << ", yield " << local.board_yield);
    // Nearly the same fraction of pairs out of tolerance ...
    CHECK_THAT(local.pair_fail_fraction, WithinRel(lot.pair_fail_fraction, 0.15));
    CHECK(lot.pair_fail_fraction > 1e-3);
    // ... but a lot-only board passes with 1 - P(lot out), a local-only board with (1-p)^5184.
    CHECK_THAT(lot.board_yield, WithinAbs(1 - lot.pair_fail_fraction, 0.03));
    CHECK(local.board_yield < 1e-3);
}

TEST_CASE("the impedance Monte Carlo is repeatable per seed across thread counts") {
    ImpedanceMcOptions o = small_mc();
    o.boards = 500;
    o.threads = 1;
    ImpedanceMcResult a = impedance_monte_carlo(o);
    o.threads = 2;
    ImpedanceMcResult b = impedance_monte_carlo(o);
    CHECK(a.board_yield == b.board_yield);
    CHECK(a.z_sigma_ohm == b.z_sigma_ohm);
    o.tolerance = 1.5;
    CHECK(impedance_monte_carlo(o).message == "the impedance tolerance must be in (0, 1)");
}

TEST_CASE("cable-tray test-and-replace yields agree with a direct simulation") {
    CableTrayInput in{.cables = 100, .cable_yield = 0.98, .test_coverage = 0.9,
                      .max_replace_loops = 2, .tray_cost = 1000, .cable_cost = 10,
                      .replace_cost = 5, .test_cost = 50};
    REQUIRE(in.check().empty());
    CableTrayYield y = cable_tray_yield(in);
    std::mt19937_64 rng(4);
    std::bernoulli_distribution bad(1 - in.cable_yield), detect(in.test_coverage);
    const int trays = 40000;
    double good = 0, shipped = 0, repl = 0, rounds = 0;
    for (int t = 0; t < trays; ++t) {
        std::vector<int> state(in.cables);  // 0 good, 1 bad
        for (int& s : state) s = bad(rng);
        bool escaped = false, scrapped = false;
        for (uint32_t round = 0;; ++round) {
            ++rounds;
            std::vector<int> found;
            for (std::size_t i = 0; i < state.size(); ++i)
                if (state[i] == 1 && detect(rng)) found.push_back(static_cast<int>(i));
            // A bad cable that this round misses escapes (it is never found later).
            for (std::size_t i = 0; i < state.size(); ++i)
                if (state[i] == 1 && std::find(found.begin(), found.end(), int(i)) == found.end())
                    state[i] = 2, escaped = true;
            if (found.empty()) break;
            if (round == in.max_replace_loops) {
                scrapped = true;
                break;
            }
            for (int i : found) state[i] = bad(rng), ++repl;
        }
        shipped += !scrapped;
        good += !scrapped && !escaped;
    }
    auto se = [&](double p) { return std::sqrt(p * (1 - p) / trays); };
    CHECK_THAT(good / trays, WithinAbs(y.good_yield, 4 * se(y.good_yield)));
    CHECK_THAT(shipped / trays, WithinAbs(y.shipped_yield, 4 * se(y.shipped_yield) + 1e-4));
    CHECK_THAT(repl / trays, WithinRel(y.replacements_per_tray, 0.02));
    CHECK_THAT(rounds / trays, WithinRel(y.test_passes_per_tray, 0.01));
    CHECK_THAT(y.first_pass_yield, WithinRel(std::pow(0.98, 100), 1e-12));
}

TEST_CASE("CPO module yield from KGD escapes and engine attach, by hand") {
    CpoModuleInput in{.die_yield = 0.8, .die_test_coverage = 0.9, .die_cost = 8000,
                      .engines = 2, .engine_yield = 0.9, .engine_test_coverage = 1.0,
                      .engine_cost = 1000, .attach_yield = 0.95, .attach_rework = 1,
                      .rework_yield = 0.8, .rework_cost = 100, .assembly_yield = 0.99,
                      .assembly_cost = 2000};
    REQUIRE(in.check().empty());
    CpoModuleYield y = cpo_module_yield(in);
    // Die: pass = 0.8 + 0.2*0.1 = 0.82; escape = 0.02/0.82. Engines: no escape (coverage 1).
    CHECK_THAT(y.die_escape, WithinRel(0.02 / 0.82, 1e-12));
    CHECK(y.engine_escape == 0.0);
    // Attach: 1 - 0.05 * 0.2 = 0.99.
    CHECK_THAT(y.engine_attached, WithinRel(0.99, 1e-12));
    double module = (1 - 0.02 / 0.82) * 0.99 * 0.99 * 0.99;
    CHECK_THAT(y.module_yield, WithinRel(module, 1e-12));
    double spent = 8000 / 0.82 + 2000 + 2 * (1.05 * 1000 / 0.9 + 0.05 * 100);
    CHECK_THAT(y.cost_per_started, WithinRel(spent, 1e-12));
    CHECK_THAT(y.cost_per_good_unit, WithinRel(spent / module, 1e-12));
}

TEST_CASE("a $200k backplane at 60-70 % yield costs $285-333k per good board") {
    CHECK_THAT(cost_per_good_unit({.cost = 200e3, .yield = 0.7}), WithinRel(285714.2857, 1e-9));
    CHECK_THAT(cost_per_good_unit({.cost = 200e3, .yield = 0.6}), WithinRel(333333.3333, 1e-9));
    // Rework of half the failures at $20k, 80 % successful: yield 0.6 + 0.4*0.5*0.8 = 0.76.
    CostInput rw{.cost = 200e3, .yield = 0.6, .reworkable = 0.5, .rework_cost = 20e3,
                 .rework_yield = 0.8};
    CHECK_THAT(yield_after_rework(rw), WithinRel(0.76, 1e-12));
    CHECK_THAT(cost_per_good_unit(rw), WithinRel((200e3 + 0.2 * 20e3) / 0.76, 1e-12));
    CHECK(CostInput{.cost = 1, .yield = 0}.check() == "the yield must be in (0, 1]");
}
