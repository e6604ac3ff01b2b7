#include <catch2/catch.hpp>

#include <string>

#include "sigint/reach.hpp"

using namespace racklink::sigint;

namespace {
double row_reach(const std::vector<ReachRow>& rows, const std::string& medium, const std::string& variant_prefix) {
    for (const auto& r : rows)
        if (r.medium == medium && r.variant.rfind(variant_prefix, 0) == 0) return r.reach_m;
    FAIL("no row " << medium << " " << variant_prefix);
    return 0;
}
}  // namespace

// "Must match" ranges from published practice (the issue): 26 AWG passive twinax reaches about
// 1-1.5 m at 224G and 2-2.5 m at 112G; a low-loss laminate about 0.3-0.5 m of backplane trace at
// 224G, FR-4 only a few cm.
TEST_CASE("passive 26 AWG twinax reaches 1-1.5 m at 224G and 2-2.5 m at 112G") {
    const auto t224 = reach_table(*find_profile("224G"), {.medium = "twinax"});
    const auto t112 = reach_table(*find_profile("112G"), {.medium = "twinax"});
    const double r224 = row_reach(t224, "passive twinax", "26 AWG");
    const double r112 = row_reach(t112, "passive twinax", "26 AWG");
    CHECK(r224 >= 1.0);
    CHECK(r224 <= 1.5);
    CHECK(r112 >= 2.0);
    CHECK(r112 <= 2.5);
    // Thicker wire reaches further.
    CHECK(row_reach(t224, "passive twinax", "24 AWG") > r224);
    CHECK(row_reach(t224, "passive twinax", "30 AWG") < r224);
}

TEST_CASE("at 224G low-loss laminates reach 0.3-0.5 m of backplane trace and FR-4 a few cm") {
    const auto rows = reach_table(*find_profile("224G"), {.medium = "backplane"});
    for (const char* lam : {"megtron7", "megtron8", "m9"}) {
        INFO(lam);
        const double r = row_reach(rows, "backplane", lam);
        CHECK(r >= 0.3);
        CHECK(r <= 0.5);
    }
    const double fr4 = row_reach(rows, "backplane", "fr4");
    CHECK(fr4 > 0.01);
    CHECK(fr4 < 0.1);
}

TEST_CASE("reach is the length at which the channel's IL at Nyquist equals the budget") {
    const SerdesProfile p = *find_profile("224G");
    std::vector<Segment> fixed = reference_host_end(p);
    const auto end = fixed;
    fixed.insert(fixed.end(), end.begin(), end.end());
    Segment cable;
    cable.kind = SegmentKind::twinax;
    cable.twinax = {26, *find_twinax_dielectric("foam_pe")};
    const double r = reach_m(p, fixed, cable);
    cable.length_m = r;
    std::vector<Segment> ch = fixed;
    ch.push_back(cable);
    ChannelResult res = evaluate_channel(ch, {.nyquist_hz = p.nyquist_hz, .budget_db = p.loss_budget_db});
    CHECK(res.runs.size() == 1);
    CHECK(res.worst_margin_db == Approx(0.0).margin(1e-9));
    CHECK(reach_m(40, 45, 10) == 0.0);
    CHECK(reach_m(40, 20, 10, 3.0) == Approx(1.7));
}

TEST_CASE("the built-in profiles carry the stated rates, Nyquist frequencies and budgets") {
    const SerdesProfile p224 = *find_profile("224g-class");
    CHECK(p224.baud_hz == 106.25e9);
    CHECK(p224.nyquist_hz == 53.125e9);
    CHECK(p224.loss_budget_db == 40.0);
    const SerdesProfile p112 = *find_profile("112G");
    CHECK(p112.nyquist_hz == 26.5625e9);
    CHECK(p112.nyquist_hz == p112.baud_hz / 2);
    CHECK(find_profile("448G")->nyquist_hz == 106.25e9);
    CHECK_FALSE(find_profile("999G").has_value());
}

TEST_CASE("optical reach is limited by margin and capped by the fiber's standard reach") {
    const auto rows = reach_table(*find_profile("224G"), {.medium = "optics"});
    REQUIRE(rows.size() == 2);
    for (const auto& r : rows) CHECK(r.reach_m == Approx(2000.0));
    OpticalEngineSpec e;
    FiberSpec f;
    f.max_reach_m = 1e9;
    // margin(0) = 16 - 9.03 - 1.5 - 5 - 1 - 1.5 - 2 + 6 = 1.969 dB -> 1.969 / 0.0005 dB/m.
    CHECK(optical_reach_m(e, e, f) == Approx((16 - 10 * std::log10(8.0) - 1.5 - 5 - 1 - 1.5 - 2 + 6) / 0.0005));
}
