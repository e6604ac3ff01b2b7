#include <catch2/catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "graphs/yield_analysis.hpp"
#include "test_reliability_fixture.hpp"

using namespace racklink::graphs;
using namespace racklink::graphs::testing;
using Catch::Matchers::WithinRel;

namespace {
Model yield_model(std::vector<Param> backplane) {
    ModelBuilder b;
    uint32_t f = b.add_file("y.rack");
    Vertex rack = b.add_element({.kind = Kind::rack, .name = "rack[0]", .type = "Rack",
                                 .params = b.add_params({num("cost", 50e3, 2), num("yield", 0.98, 2)}),
                                 .loc = {f, 2, 1}});
    b.add_element({.kind = Kind::backplane, .name = "rack[0].bp", .type = "Backplane",
                   .parent = static_cast<int32_t>(rack), .params = b.add_params(std::move(backplane)),
                   .loc = {f, 3, 1}});
    for (int i = 0; i < 4; ++i)
        b.add_element({.kind = Kind::tray, .name = "rack[0].cab[" + std::to_string(i) + "]",
                       .type = "CableTray", .parent = static_cast<int32_t>(rack),
                       .params = b.add_params({num("cost", 8000, 6), num("cables", 1296, 6),
                                               num("cable_yield", 0.9995, 6), num("test_coverage", 0.99, 6),
                                               num("replace_loops", 2, 6), num("cable_cost", 40, 6),
                                               num("replace_cost", 60, 6), num("test_cost", 300, 6)}),
                       .loc = {f, 6, 1}});
    return std::move(b).finish();
}
}  // namespace

TEST_CASE("assemblies roll up known-good children: a $200k backplane at 70 % inside a rack") {
    YieldResult r = analyze_yield(yield_model({num("cost", 200e3, 3), num("yield", 0.7, 3)}), {});
    REQUIRE(r.ok);
    REQUIRE(r.rows.size() == 3);
    CHECK(r.rows[0].type == "Rack");
    CHECK(r.rows[1].type == "Backplane");
    CHECK_THAT(r.rows[1].cost_per_good_unit, WithinRel(200e3 / 0.7, 1e-12));
    CHECK(r.rows[2].type == "CableTray");
    CHECK(r.rows[2].count == 4);
    REQUIRE(r.rows[2].cable_tray.has_value());
    CableTrayYield t = cable_tray_yield({.cables = 1296, .cable_yield = 0.9995, .test_coverage = 0.99,
                                         .max_replace_loops = 2, .tray_cost = 8000, .cable_cost = 40,
                                         .replace_cost = 60, .test_cost = 300});
    CHECK_THAT(r.rows[2].cost_per_good_unit, WithinRel(t.cost_per_good_unit, 1e-12));
    double rack = (50e3 + 200e3 / 0.7 + 4 * t.cost_per_good_unit) / 0.98;
    CHECK_THAT(r.rows[0].cost_per_good_unit, WithinRel(rack, 1e-12));
    nlohmann::json j = nlohmann::json::parse(yield_json(r));
    CHECK(j["assemblies"][1]["yield"].get<double>() == 0.7);
    CHECK_THAT(j["assemblies"][1]["cost_per_good_unit"].get<double>(), WithinRel(285714.2857, 1e-9));
}

TEST_CASE("a backplane's yield includes its PCB and impedance Monte Carlo") {
    std::vector<Param> bp = {num("cost", 150e3, 3), num("layers", 40, 3), num("cores", 19, 3),
                             num("lamination_cycles", 2, 3), num("area", 0.3, 3),
                             num("defect_density", 0.1, 3), txt("yield_model", "poisson", 3),
                             num("lamination_yield", 0.98, 3), num("pairs", 5184, 4),
                             num("z_diff", 100, 4), num("z_tol", 0.1, 4), num("signal_layers", 12, 4),
                             num("trace_width", 100e-6, 4), num("trace_spacing", 150e-6, 4),
                             num("dielectric_height", 120e-6, 4), num("dk", 3.3, 4),
                             num("width_var.lot", 0.04, 5), num("width_var.layer", 0.02, 5),
                             num("width_var.local", 0.02, 5), num("height_var.lot", 0.02, 5),
                             num("dk_var.lot", 0.01, 5)};
    YieldOptions o;
    o.samples = 3000;
    YieldResult r = analyze_yield(yield_model(bp), o);
    REQUIRE(r.ok);
    const YieldRow& row = r.rows[1];
    REQUIRE(row.pcb.has_value());
    REQUIRE(row.impedance.has_value());
    CHECK_THAT(row.pcb->board_yield, WithinRel(std::exp(-0.03 * 40) * 0.98 * 0.98, 1e-12));
    CHECK(row.impedance->board_yield > 0.1);
    CHECK(row.impedance->board_yield < 1.0);
    CHECK_THAT(row.yield, WithinRel(row.pcb->board_yield * row.impedance->board_yield, 1e-12));
    CHECK_THAT(row.cost_per_good_unit, WithinRel(150e3 / row.yield, 1e-12));
}

TEST_CASE("invalid yield data is an error at its line") {
    YieldResult r = analyze_yield(yield_model({num("cost", 200e3, 3), num("yield", 1.2, 9)}), {});
    CHECK_FALSE(r.ok);
    CHECK(r.message == "y.rack:9:3: error: rack[0].bp: 'yield' must be a yield in (0, 1] [REL-0301]");
    YieldResult r2 = analyze_yield(yield_model({num("layers", 20, 3), num("defect_density", 1, 3)}), {});
    CHECK(r2.message == "y.rack:3:1: error: rack[0].bp: 'area' is needed here [REL-0302]");
    CHECK(render_yield_text(r2) == r2.message + "\n");
}

TEST_CASE("a yield that underflows gives no good units, not an astronomical price") {
    CHECK(per_good(100.0, 0.5) == 200.0);
    CHECK(std::isinf(per_good(100.0, 1e-13)));
    YieldResult r = analyze_yield(yield_model({num("cost", 200e3, 3), num("yield", 1e-15, 3)}), {});
    REQUIRE(r.ok);
    CHECK(std::isinf(r.rows[1].cost_per_good_unit));
    CHECK(std::isinf(r.rows[0].cost_per_good_unit));  // the rack is built from the backplane
    CHECK(std::isfinite(r.rows[2].cost_per_good_unit));
    const std::string text = render_yield_text(r);
    CHECK_THAT(text, Catch::Matchers::Contains("no good units"));
    CHECK_THAT(text, !Catch::Matchers::Contains("inf"));
    nlohmann::json j = nlohmann::json::parse(yield_json(r));
    CHECK(j["assemblies"][1]["cost_per_good_unit"].is_null());
    CHECK(j["assemblies"][1]["no_good_units"].get<bool>());
    CHECK_FALSE(j["assemblies"][2]["no_good_units"].get<bool>());
}
