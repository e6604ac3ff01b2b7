#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

#include "thermal/facility.hpp"
#include "thermal/fatigue.hpp"
#include "thermal/spreading.hpp"

using namespace racklink::thermal;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("Engelmaier strain and Coffin-Manson life match a hand calculation") {
    // Silicon die-size BGA on FR-4: L_D = 10 mm, delta_alpha = (16 - 2.6) ppm/K, dT = 40 K,
    // h = 0.4 mm: delta_gamma = 10e-3 * 13.4e-6 * 40 / 0.4e-3 = 0.0134.
    double da = *material_cte_per_k("fr4_xy") - *material_cte_per_k("silicon");
    double g = engelmaier_shear_strain(10e-3, da, 40.0, 0.4e-3);
    CHECK_THAT(g, WithinRel(0.0134, 1e-12));
    // c at T_sj = 50 degC, 1 cycle/day: -0.442 - 0.03 + 0.0174 ln 2 = -0.459939.
    double c = engelmaier_exponent(323.15, 1.0 / 86400.0);
    CHECK_THAT(c, WithinAbs(-0.442 - 0.03 + 1.74e-2 * std::log(2.0), 1e-12));
    // N_f = 1/2 (0.01 / 0.65)^(1/-0.5) = 0.5 * 65^2 = 2112.5.
    CHECK_THAT(coffin_manson_cycles(0.01, 0.325, -0.5), WithinRel(2112.5, 1e-12));
    // Larger swing -> fewer cycles.
    CHECK(coffin_manson_cycles(0.02, 0.325, c) < coffin_manson_cycles(0.01, 0.325, c));
}

TEST_CASE("Norris-Landzberg acceleration factor matches a hand calculation") {
    // SnPb parameters (n 1.9, m 1/3, Ea/k 1414 K); test -40..125 degC (165 K) at 2 cycles/h,
    // field 40 K swing at 1 cycle/day with Tmax 75 degC.
    NorrisLandzberg snpb{1.9, 1.0 / 3.0, 1414.0};
    double af = norris_landzberg_af(snpb, 165.0, 2.0 / 3600.0, 398.15, 40.0, 1.0 / 86400.0, 348.15);
    double hand = std::pow(165.0 / 40.0, 1.9) * std::pow((1.0 / 86400.0) / (2.0 / 3600.0), 1.0 / 3.0) *
                  std::exp(1414.0 * (1.0 / 348.15 - 1.0 / 398.15));
    CHECK_THAT(af, WithinRel(hand, 1e-12));
    // 14.767 * 0.27516 * 1.66536 = 6.767
    CHECK_THAT(af, WithinRel(6.767, 1e-3));
}

TEST_CASE("every material in the CTE library has a positive CTE and a source") {
    for (const auto& m : material_table()) {
        CHECK(m.cte_per_k > 0.0);
        CHECK(m.cte_per_k < 1e-4);
        CHECK_FALSE(m.source.empty());
    }
    CHECK_FALSE(material_cte_per_k("unobtainium").has_value());
}

TEST_CASE("spreading resistance vanishes for a full-plate source and approaches the half-space limit") {
    CHECK(spreading_resistance_k_per_w(1e-4, 1e-4, 2e-3, 390.0, 1e4) == 0.0);
    // A tiny source on a thick, well-cooled plate: Lee et al. give 1/(2 sqrt(pi) k a); the exact
    // half-space value for a uniform-flux disc (average temperature) is 8/(3 pi^2 k a)
    // (Carslaw & Jaeger; Yovanovich): they agree within 5 %.
    double k = 390.0, a = 1e-3;
    double as = std::numbers::pi * a * a;
    double r = spreading_resistance_k_per_w(as, 1e4 * as, 0.5, k, 1e6);
    CHECK_THAT(r, WithinRel(8.0 / (3.0 * std::numbers::pi * std::numbers::pi * k * a), 0.05));
    // A thicker, more conductive base spreads better.
    double thin = spreading_resistance_k_per_w(8e-4, 4e-3, 1e-3, 390.0, 2e4);
    double thick = spreading_resistance_k_per_w(8e-4, 4e-3, 3e-3, 390.0, 2e4);
    CHECK(thick < thin);
}

TEST_CASE("ASHRAE liquid classes, PUE and CDU sizing") {
    CHECK(ashrae_class_for_supply(318.15) == AshraeClass::w45);
    CHECK(ashrae_class_for_supply(313.15) == AshraeClass::w40);
    CHECK(ashrae_class_for_supply(290.15) == AshraeClass::w17);
    CHECK(ashrae_class_for_supply(320.0) == AshraeClass::w_plus);
    CHECK(to_string(AshraeClass::w_plus) == "W+");
    CHECK(parse_ashrae_class("w32") == AshraeClass::w32);
    CHECK_THAT(ashrae_max_supply_k(AshraeClass::w27), WithinAbs(300.15, 1e-12));
    // 200 kW of IT at PUE 1.1 needs 220 kW of facility power.
    CHECK_THAT(facility_power_w(200e3, 1.1), WithinRel(220e3, 1e-12));
    CHECK(racks_per_cdu(1.2e6, 132e3) == 9);
    CHECK(racks_per_cdu(100e3, 132e3) == 0);
}
