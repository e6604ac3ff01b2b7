#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "hdl/load.hpp"
#include "hdl/units.hpp"

using namespace racklink;
using Catch::Matchers::WithinRel;

namespace {
std::string example(const char* name) { return std::string(RACKLINK_SOURCE_DIR) + "/examples/" + name; }

int count_kind(const graphs::Model& m, graphs::Kind k) {
    int n = 0;
    for (auto [vi, ve] = boost::vertices(m.graph()); vi != ve; ++vi) n += m.element(*vi).kind == k;
    return n;
}
}  // namespace

TEST_CASE("GB200 NVL72 elaborates to 72 GPUs, 18 switch chips and 1,296 links") {
    auto r = hdl::load_file(example("gb200_nvl72.rack"));
    INFO(r.diagnostics);
    REQUIRE(r.ok());
    const graphs::Model& m = *r.model;
    CHECK(m.name() == "GB200_NVL72");
    CHECK(count_kind(m, graphs::Kind::gpu) == 72);
    CHECK(count_kind(m, graphs::Kind::switch_chip) == 18);
    CHECK(count_kind(m, graphs::Kind::tray) == 27);
    CHECK(boost::num_edges(m.graph()) == 1296);
    // Every link: 2 lanes/direction of NVLink5 at 200 Gb/s, 7 segments.
    for (auto [ei, ee] = boost::edges(m.graph()); ei != ee; ++ei) {
        const auto& l = m.link(*ei);
        REQUIRE(l.lanes == 2);
        REQUIRE(m.profile(l).name == "NVLink5");
        REQUIRE(l.seg_count == 7);
    }
    CHECK(m.profiles().size() >= 1);
    CHECK_THAT(m.profiles()[0].nyquist_hz, WithinRel(53.125e9, 1e-12));
}

TEST_CASE("auto cable length is the vertical distance between tray centres plus the allowance") {
    auto r = hdl::load_file(example("gb200_nvl72.rack"));
    REQUIRE(r.ok());
    const graphs::Model& m = *r.model;
    // compute[0] sits in U1, nvsw[8] in U19: 18 U apart = 0.8001 m, + 0.2 m allowance.
    bool found = false;
    double total = 0.0;
    for (auto [ei, ee] = boost::edges(m.graph()); ei != ee; ++ei) {
        const auto& l = m.link(*ei);
        auto [s0, s1] = m.segments(l);
        const auto& twinax = s0[3];
        REQUIRE(m.segment_specs()[twinax.spec].kind == graphs::SegKind::twinax);
        total += twinax.length_m * l.lanes * 2;
        if (l.port_a == "compute[0].gpu[0].nvl[16]") {
            CHECK(l.port_b == "nvsw[8].chip[0].port[0]");
            CHECK_THAT(twinax.length_m, WithinRel(18 * hdl::kRackUnitM + 0.2, 1e-12));
            found = true;
        }
    }
    CHECK(found);
    // 5,184 pairs x (mean 9.0556 U x 44.45 mm + 0.2 m) = 3.124 km (hand calculation).
    CHECK_THAT(total, WithinRel(5184 * (9.0555555556 * 0.04445 + 0.2), 1e-6));
}

TEST_CASE("setting the interconnect option switches the route without copying the system") {
    hdl::LoadOptions o;
    o.set = {{"interconnect", "cpo"}};
    auto r = hdl::load_file(example("gb200_nvl72.rack"), o);
    INFO(r.diagnostics);
    REQUIRE(r.ok());
    const auto& m = *r.model;
    auto e = *boost::edges(m.graph()).first;
    auto [s0, s1] = m.segments(m.link(e));
    REQUIRE(s1 - s0 == 5);
    CHECK(m.segment_specs()[s0[1].spec].kind == graphs::SegKind::optical_engine);
    CHECK(m.segment_specs()[s0[2].spec].kind == graphs::SegKind::fiber);
    CHECK(m.globals().text("interconnect") == "cpo");
}

TEST_CASE("parameters are stored in SI units") {
    auto r = hdl::load_file(example("gb200_nvl72.rack"));
    REQUIRE(r.ok());
    const auto& m = *r.model;
    for (auto [vi, ve] = boost::vertices(m.graph()); vi != ve; ++vi) {
        const auto& el = m.element(*vi);
        if (el.type != "B200") continue;
        const auto& p = m.params(el);
        CHECK(p.get("power", 0) == 1200.0);
        CHECK_THAT(p.get("die_area", 0), WithinRel(800e-6, 1e-12));
        CHECK_THAT(p.get("flops", 0), WithinRel(10e15, 1e-12));
        CHECK_THAT(p.get("t_junction_max", 0), WithinRel(358.15, 1e-12));
        CHECK_THAT(p.get("fit", 0), WithinRel(10400e-9 / 3600.0, 1e-12));
        CHECK(p.text("cooling") == "ColdPlateGPU");
        CHECK(p.get("spare", 0) == 1.0);
        break;
    }
    const auto* tray = m.find_part("TraySwap");
    REQUIRE(tray != nullptr);
    CHECK(tray->kind == "repair");
    const auto& tp = m.param_sets()[tray->params];
    CHECK(tp.text("detect") == "lognormal");
    CHECK(tp.get("detect.median", 0) == 600.0);
    CHECK(tp.get("detect.sigma", 0) == 0.8);
}

TEST_CASE("a rack instance's geometry overrides reach the auto-length cables inside it") {
    // Two GB200 NVL72 racks, the second with a 0.5 m routing allowance instead of 0.2 m: every
    // one of its 5,184 twinax pairs is 0.3 m longer (hand calculation), the first rack's are not.
    const std::string text = "import \"gb200_nvl72.rack\"\nsystem Two {\n  a: GB200_NVL72\n"
                             "  b: GB200_NVL72(routing_allowance = 0.5 m)\n}\n";
    auto r = hdl::load_string(text, example("two_racks_test.rack"));
    INFO(r.diagnostics);
    REQUIRE(r.ok());
    const graphs::Model& m = *r.model;
    double total_a = 0.0, total_b = 0.0;
    for (auto [ei, ee] = boost::edges(m.graph()); ei != ee; ++ei) {
        const auto& l = m.link(*ei);
        auto [s0, s1] = m.segments(l);
        (l.port_a.rfind("a.", 0) == 0 ? total_a : total_b) += s0[3].length_m * l.lanes * 2;
    }
    const double rack = 5184 * (9.0555555556 * 0.04445 + 0.2);
    CHECK_THAT(total_a, WithinRel(rack, 1e-6));
    CHECK_THAT(total_b, WithinRel(rack + 5184 * 0.3, 1e-6));
}
