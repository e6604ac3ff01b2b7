#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "graphs/reliability.hpp"
#include "graphs/reliability_report.hpp"
#include "graphs/reliability_rbd_model.hpp"
#include "test_reliability_fixture.hpp"

using namespace racklink::graphs;
using namespace racklink::graphs::testing;
using Catch::Matchers::WithinRel;

namespace {
// part Fix : repair { replace = 10 h }
// part Pump : component { fit = 100000 FIT; repair = Fix }
// part Cooling : rbd { top = series(cdu = Pump, loops = k_of_n(k = 2, a = Pump, b = Pump, c = Pump),
//                                   plant = standby(main = Pump, spare = Pump, crews = 1)) }
Model rbd_model(std::vector<Param> top) {
    ModelBuilder b;
    uint32_t f = b.add_file("cool.rack");
    b.add_part({"Fix", "repair", b.add_params({num("replace", 36000, 2)}), {f, 1, 1}});
    b.add_part({"Pump", "component",
                b.add_params({num("fit", 1e5 * kFitPerSecond, 4), txt("repair", "Fix", 4)}), {f, 3, 1}});
    b.add_part({"Cooling", "rbd", b.add_params(std::move(top)), {f, 5, 1}});
    return std::move(b).finish();
}
std::vector<Param> cooling() {
    return {txt("top", "series", 6),          txt("top.cdu", "Pump", 6),
            txt("top.loops", "k_of_n", 6),    num("top.loops.k", 2, 6),
            txt("top.loops.a", "Pump", 6),    txt("top.loops.b", "Pump", 6),
            txt("top.loops.c", "Pump", 6),    txt("top.plant", "standby", 6),
            txt("top.plant.main", "Pump", 6), txt("top.plant.spare", "Pump", 6),
            num("top.plant.crews", 1, 6)};
}
}  // namespace

TEST_CASE("a described block diagram evaluates to the closed form of its blocks") {
    Model m = rbd_model(cooling());
    RbdRead r = read_rbd(m, m.parts()[2]);
    REQUIRE(r.error == "");
    const RbdFigures& f = *r.value;
    REQUIRE(f.rbd.components().size() == 6);
    const double l = 1e5 / 1e9 / 3600, mttr = 36000, x = l * mttr;
    double a1 = 1 / (1 + x), q = 1 - a1;
    double two_of_three = a1 * a1 * a1 + 3 * a1 * a1 * q;
    double cold_pair = 1 - x * x / (1 + x + x * x);  // cold standby, one crew
    CHECK_THAT(f.availability, WithinRel(a1 * two_of_three * cold_pair, 1e-12));
    // Without repair: series of exp(-lt), 2-of-3 and an Erlang-2 pair; MTTF by integration is
    // checked against the reliability Monte Carlo of the same diagram.
    RbdLifeResult mc = simulate_reliability(f.rbd, 1.0 / l, 100000, 3);
    CHECK(std::abs(mc.mttf_s - f.mttf_s) <= 1.68 * mc.mttf_ci95_half_width_s);
    // The single pump in series dominates.
    CHECK(f.importance[0].name == "Cooling.cdu (Pump)");
    CHECK(f.importance[0].criticality > 0.9);
}

TEST_CASE("the reliability analysis reports described diagrams, alone or with a system") {
    ReliabilityResult r = analyze_reliability(rbd_model(cooling()), {});
    REQUIRE(r.message == "");
    REQUIRE(r.rbds.size() == 1);
    CHECK(r.rbds[0].name == "Cooling");
    CHECK(r.parts.empty());
    nlohmann::json j = nlohmann::json::parse(reliability_json(r));
    CHECK(j["rbds"][0]["name"] == "Cooling");
    CHECK(j["rbds"][0]["importance"].size() == 6);
    CHECK(j["rbds"][0]["importance"][0]["unit"] == "Cooling.cdu (Pump)");
}

TEST_CASE("described diagram errors point at their line") {
    std::vector<Param> no_k = {txt("top", "k_of_n", 7), txt("top.a", "Pump", 7), txt("top.b", "Pump", 7)};
    Model m1 = rbd_model(no_k);
    CHECK(read_rbd(m1, m1.parts()[2]).error ==
          "cool.rack:7:3: error: rbd 'Cooling': 'top': a k_of_n block needs 'k' [REL-0403]");
    std::vector<Param> typo = {txt("top", "series", 8), txt("top.a", "Pmup", 8), txt("top.b", "Pump", 8)};
    Model m2 = rbd_model(typo);
    CHECK(read_rbd(m2, m2.parts()[2]).error ==
          "cool.rack:8:3: error: rbd 'Cooling': 'Pmup' is not a block kind (series, parallel, "
          "k_of_n, standby) or a defined part [REL-0404]");
    Model m3 = rbd_model({});
    CHECK(read_rbd(m3, m3.parts()[2]).error ==
          "cool.rack:5:1: error: rbd 'Cooling': needs 'top' = series(...), parallel(...), "
          "k_of_n(...) or standby(...) [REL-0410]");
}
