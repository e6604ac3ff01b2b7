#include <catch2/catch.hpp>

#include "graphs/reliability_repair.hpp"

using namespace racklink::graphs;
using Catch::Matchers::WithinRel;

namespace {
Param num(std::string n, double v, uint32_t line) { return {std::move(n), v, "", false, {0, line, 5}}; }
Param txt(std::string n, std::string t, uint32_t line) { return {std::move(n), 0, std::move(t), true, {0, line, 5}}; }

Model repair_model(std::vector<Param> ps) {
    ModelBuilder b;
    b.add_file("lib.rack");
    uint32_t id = b.add_params(std::move(ps));
    b.add_part({"tray_swap", "repair", id, {0, 1, 1}});
    return std::move(b).finish();
}
}  // namespace

TEST_CASE("a repair class is read from flattened named-argument parameters in written order") {
    // repair tray_swap {
    //   detect  = lognormal(median = 10 min, sigma = 0.5)    line 2
    //   drain   = 15 min                                      line 3
    //   replace = triangular(min = 20 min, mode = 30 min, max = 90 min)   line 4
    //   retest  = uniform(min = 1 h, max = 2 h)               line 5
    //   spare = 1; restock = exponential(mean = 2 d)          line 6
    // }
    Model m = repair_model({txt("detect", "lognormal", 2), num("detect.median", 600, 2),
                            num("detect.sigma", 0.5, 2), num("drain", 900, 3),
                            txt("replace", "triangular", 4), num("replace.min", 1200, 4),
                            num("replace.mode", 1800, 4), num("replace.max", 5400, 4),
                            txt("retest", "uniform", 5), num("retest.min", 3600, 5),
                            num("retest.max", 7200, 5), num("spare", 1, 6),
                            txt("restock", "exponential", 6), num("restock.mean", 172800, 6),
                            txt("source", "estimate", 7)});
    RepairRead r = read_repair_class(m, m.parts()[0]);
    REQUIRE(r.error == "");
    const RepairClass& rc = *r.value;
    REQUIRE(rc.steps.size() == 4);
    CHECK(rc.steps[0].name == "detect");
    CHECK(rc.steps[1].name == "drain");
    CHECK(rc.steps[2].name == "replace");
    CHECK(rc.steps[3].name == "retest");
    CHECK(rc.hands_on_from == 2);  // detect and drain precede the hands-on work
    CHECK(rc.needs_spare);
    CHECK(rc.restock->mean() == 172800);
    CHECK(rc.source == "estimate");
    // MTTR = 600 e^0.125 + 900 + (1200+1800+5400)/3 + 5400 s (MIL-HDBK-472: sum of step means).
    double mttr = 600 * std::exp(0.125) + 900 + 2800 + 5400;
    CHECK_THAT(rc.mttr_s(), WithinRel(mttr, 1e-12));
    CHECK(rc.dominant_step() == 3);
}

TEST_CASE("repair-class errors point at the line that gave them") {
    Model m1 = repair_model({txt("detect", "gamma", 4), num("detect.shape", 2, 4)});
    CHECK(read_repair_class(m1, m1.parts()[0]).error ==
          "lib.rack:4:5: error: repair 'tray_swap': 'detect': unknown distribution 'gamma' "
          "(expected fixed, exponential, lognormal, uniform or triangular) [REL-0102]");
    Model m2 = repair_model({txt("detect", "lognormal", 3), num("detect.median", 600, 3),
                             num("detect.sigmaa", 0.5, 3)});
    CHECK(read_repair_class(m2, m2.parts()[0]).error ==
          "lib.rack:3:5: error: repair 'tray_swap': 'detect': a lognormal distribution has no "
          "field 'sigmaa' (expected median, sigma) [REL-0102]");
    Model m3 = repair_model({num("replace", -60, 8)});
    CHECK(read_repair_class(m3, m3.parts()[0]).error ==
          "lib.rack:8:5: error: repair 'tray_swap': 'replace': a fixed time must be >= 0 "
          "[REL-0102]");
    Model m4 = repair_model({txt("source", "x", 2)});
    CHECK(read_repair_class(m4, m4.parts()[0]).error ==
          "lib.rack:1:1: error: repair 'tray_swap': has no steps [REL-0104]");
    Model m5 = repair_model({num("replace", 60, 2), num("spare", 2, 3)});
    CHECK(read_repair_class(m5, m5.parts()[0]).error ==
          "lib.rack:3:5: error: repair 'tray_swap': 'spare' must be 0 or 1 [REL-0105]");
}

TEST_CASE("uniform accepts low/high as written in the standard library") {
    // logistics = uniform(low = 2 weeks, high = 4 weeks)
    Model m = repair_model({txt("logistics", "uniform", 2), num("logistics.low", 1209600, 2),
                            num("logistics.high", 2419200, 2)});
    RepairRead r = read_repair_class(m, m.parts()[0]);
    REQUIRE(r.error == "");
    CHECK_THAT(r.value->mttr_s(), WithinRel(1814400.0, 1e-12));
}

TEST_CASE("a lognormal may be given by its mean instead of its median") {
    Model m = repair_model({txt("replace", "lognormal", 2), num("replace.mean", 3600, 2),
                            num("replace.sigma", 0.8, 2)});
    RepairRead r = read_repair_class(m, m.parts()[0]);
    REQUIRE(r.value);
    CHECK_THAT(r.value->mttr_s(), WithinRel(3600.0, 1e-12));
}

TEST_CASE("system MTTR is the failure-rate-weighted mean of class MTTRs") {
    // 3 classes: rates 1, 2, 7 (relative), MTTR 10, 4, 1 h -> (10 + 8 + 7) / 10 = 2.5 h.
    CHECK_THAT(weighted_mttr({1, 2, 7}, {10, 4, 1}), WithinRel(2.5, 1e-15));
    CHECK(weighted_mttr({0, 0}, {1, 2}) == 0.0);
}
