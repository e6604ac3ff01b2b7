#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "graphs/model.hpp"
#include "graphs/sigint_analysis.hpp"
#include "sigint/media.hpp"

using namespace racklink::graphs;

namespace {

Param num(const char* n, double v) { return {n, v, "", false, {}}; }
Param txt(const char* n, const char* t) { return {n, 0.0, t, true, {}}; }

/// Rack-scale NVLink-style systems at 224G built directly with ModelBuilder:
/// GPU package -> 2 in tray trace -> connector -> twinax spine -> connector -> 2 in trace -> switch package.
struct Builder {
    ModelBuilder b;
    uint32_t file = 0, prof = 0, route_spine = 0, route_xrack = 0;
    uint32_t pkg = 0, trace = 0, conn = 0, cable = 0;

    Builder() {
        file = b.add_file("nvl.rack");
        Profile p;
        p.name = "224G";
        p.baud_hz = 106.25e9;
        p.nyquist_hz = 53.125e9;
        p.loss_budget_db = 40.0;
        p.params = b.add_params({txt("fec", "rs544")});
        prof = b.add_profile(p);
        route_spine = b.add_route({"nvlink_spine", {file, 10, 1}});
        route_xrack = b.add_route({"cross_rack_copper", {file, 20, 1}});
        pkg = b.add_segment_spec({SegKind::package, "GpuPackage", b.add_params({num("loss", 4.0), num("ref_freq", 53.125e9)}), {file, 11, 3}});
        trace = b.add_segment_spec({SegKind::pcb_trace, "TrayTrace",
                                    b.add_params({txt("laminate", "megtron8"), txt("foil", "hvlp4"), num("width", 127e-6)}), {file, 12, 3}});
        conn = b.add_segment_spec({SegKind::connector, "SpineConnector", b.add_params({num("loss", 1.5), num("ref_freq", 26.5625e9)}), {file, 13, 3}});
        cable = b.add_segment_spec({SegKind::twinax, "Twinax26", b.add_params({num("awg", 26), txt("dielectric", "foam_pe")}), {file, 14, 3}});
    }
    void link(int i, double cable_m, uint32_t route) {
        Vertex g = b.add_element({.kind = Kind::gpu, .name = "gpu[" + std::to_string(i) + "]"});
        Vertex s = b.add_element({.kind = Kind::switch_chip, .name = "sw[" + std::to_string(i) + "]"});
        Link l;
        l.profile = prof;
        l.route = route;
        l.port_a = "gpu[" + std::to_string(i) + "].nvl[0]";
        l.port_b = "sw[" + std::to_string(i) + "].p[0]";
        b.add_link(g, s, l,
                   {{pkg, 0, 1, -1}, {trace, 0.0508, 1, -1}, {conn, 0, 1, -1}, {cable, cable_m, 1, -1},
                    {conn, 0, 1, -1}, {trace, 0.0508, 1, -1}, {pkg, 0, 1, -1}});
    }
};

}  // namespace

TEST_CASE("the NVL72 spine (runs under 1 m) closes at 224G with margin") {
    Builder nb;
    for (int i = 0; i < 8; ++i) nb.link(i, 0.3 + 0.09 * i, nb.route_spine);  // 0.30 .. 0.93 m
    Model m = std::move(nb.b).finish();
    SigintResult r = analyze_sigint(m);
    INFO(r.message);
    REQUIRE(r.status == SigintStatus::ok);
    REQUIRE(r.links.size() == 8);
    CHECK(r.failing == 0);
    CHECK(r.worst_margin_db > 3.0);
    REQUIRE(r.classes.size() == 1);
    CHECK(r.classes[0].worst.port_a == "gpu[7].nvl[0]");  // the longest run is the worst
    CHECK(r.classes[0].route_where == "nvl.rack:10:1");
    CHECK(r.classes[0].worst.reach_margin_m > 0.2);
    CHECK(r.classes[0].worst.ber_pre < 2.4e-4);
    // Hand calculation of the worst link: 2 x 4 dB packages, 2 x 1.5 dB connectors scaled to
    // 53.125 GHz ((sqrt 2 + 2)/2 = 1.707), 2 x 2 in Megtron 8 HVLP4 trace, 0.93 m of 26 AWG.
    racklink::sigint::TraceSpec t{*racklink::sigint::find_laminate("megtron8"), *racklink::sigint::find_foil("hvlp4")};
    racklink::sigint::TwinaxSpec tw{26, *racklink::sigint::find_twinax_dielectric("foam_pe")};
    const double expect = 8.0 + 2 * 1.5 * (std::sqrt(2.0) + 2.0) / 2.0 +
                          2 * 0.0508 * racklink::sigint::trace_loss_db_per_m(t, 53.125e9) +
                          0.93 * racklink::sigint::twinax_loss_db_per_m(tw, 53.125e9);
    CHECK(r.classes[0].worst.il_nyquist_db == Approx(expect).epsilon(1e-9));
    CHECK(r.classes[0].worst.margin_db == Approx(40.0 - expect).epsilon(1e-9));
}

TEST_CASE("a dual-rack NVL144 joined by cross-rack copper fails, and says which links and by how much") {
    Builder nb;
    for (int i = 0; i < 4; ++i) nb.link(i, 0.5 + 0.1 * i, nb.route_spine);
    for (int i = 4; i < 8; ++i) nb.link(i, 2.0 + 0.25 * (i - 4), nb.route_xrack);  // 2.0 .. 2.75 m between racks
    Model m = std::move(nb.b).finish();
    SigintResult r = analyze_sigint(m);
    INFO(r.message);
    CHECK(r.status == SigintStatus::fail);
    CHECK(r.failing == 4);
    REQUIRE(r.classes.size() == 2);
    // Worst class first: the cross-rack copper, failing by more than 5 dB on its longest link.
    CHECK(r.classes[0].route == "cross_rack_copper");
    CHECK(r.classes[0].route_where == "nvl.rack:20:1");
    CHECK(r.classes[0].failing == 4);
    CHECK(r.classes[0].worst.port_a == "gpu[7].nvl[0]");
    CHECK(r.classes[0].worst.margin_db < -5.0);
    CHECK(r.classes[0].worst.reach_margin_m < -0.5);  // the cable must shrink by that much
    CHECK(r.classes[0].worst.reach_medium == "Twinax26");
    CHECK(r.classes[0].worst.ber_pre > 2.4e-4);
    CHECK_FALSE(r.classes[0].worst.pass);
    CHECK(r.classes[1].route == "nvlink_spine");
    CHECK(r.classes[1].failing == 0);
}

TEST_CASE("bad segment parameters give an error naming the file, line and column") {
    ModelBuilder b;
    uint32_t f = b.add_file("bad.rack");
    Profile p;
    p.name = "224G";
    p.nyquist_hz = 53.125e9;
    p.loss_budget_db = 40;
    uint32_t prof = b.add_profile(p);
    uint32_t route = b.add_route({"r", {f, 1, 1}});
    uint32_t spec = b.add_segment_spec({SegKind::backplane_trace, "Bp", b.add_params({txt("laminate", "megtron99")}), {f, 7, 5}});
    uint32_t ts = b.add_segment_spec({SegKind::touchstone, "Meas", b.add_params({txt("file", "missing.s4p")}), {f, 8, 5}});
    Vertex a = b.add_element({.kind = Kind::gpu, .name = "a"});
    Vertex c = b.add_element({.kind = Kind::gpu, .name = "c"});
    Link l;
    l.profile = prof;
    l.route = route;
    b.add_link(a, c, l, {{spec, 0.2, 1, -1}, {ts, 0, 1, -1}});
    Model m = std::move(b).finish();
    SigintResult r = analyze_sigint(m);
    CHECK(r.status == SigintStatus::error);
    CHECK_THAT(r.message, Catch::Matchers::Contains("bad.rack:7:5: unknown laminate 'megtron99' (expected fr4, megtron6"));
    CHECK_THAT(r.message, Catch::Matchers::Contains("bad.rack:8:5: cannot find Touchstone file 'missing.s4p'"));
}

TEST_CASE("a Touchstone connector segment is read once and contributes its SDD21") {
    ModelBuilder b;
    uint32_t f = b.add_file(std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/model.rack");
    Profile p;
    p.name = "112G";
    p.nyquist_hz = 26.5625e9;
    p.loss_budget_db = 32;
    uint32_t prof = b.add_profile(p);
    uint32_t route = b.add_route({"r", {f, 1, 1}});
    uint32_t spec = b.add_segment_spec({SegKind::connector, "TE", b.add_params({txt("touchstone", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p"), txt("port_order", "1,3,2,4")}), {f, 3, 1}});
    Vertex a = b.add_element({.kind = Kind::gpu, .name = "a"});
    Vertex c = b.add_element({.kind = Kind::gpu, .name = "c"});
    Link l;
    l.profile = prof;
    l.route = route;
    b.add_link(a, c, l, {{spec, 0, 1, -1}});
    Model m = std::move(b).finish();
    SigintResult r = analyze_sigint(m);
    INFO(r.message);
    REQUIRE(r.status == SigintStatus::ok);
    // scikit-rf: SDD21 = -16.256357 dB at 26.5625 GHz (tests/sigint/test_network.cpp).
    CHECK(r.links[0].il_nyquist_db == Approx(16.256357).margin(1e-3));
}

TEST_CASE("IL curves of every link agree with the channel evaluation at Nyquist") {
    Builder nb;
    for (int i = 0; i < 5; ++i) nb.link(i, 0.4 + 0.2 * i, nb.route_spine);
    for (int i = 5; i < 8; ++i) nb.link(i, 0.4 + 0.2 * 1, nb.route_spine);  // repeats link 1 (memoized rows)
    Model m = std::move(nb.b).finish();
    SigintResult r = analyze_sigint(m);
    std::vector<double> grid = {1e9, 26.5625e9, 53.125e9};
    std::vector<double> il = link_il_curves(m, grid);
    REQUIRE(il.size() == 24);
    for (std::size_t li = 5; li < 8; ++li)
        for (std::size_t k = 0; k < 3; ++k) CHECK(il[li * 3 + k] == il[1 * 3 + k]);
    for (std::size_t li = 0; li < 8; ++li) {
        CHECK(il[li * 3 + 2] == Approx(r.links[li].il_nyquist_db).epsilon(1e-12));
        CHECK(il[li * 3 + 0] < il[li * 3 + 1]);
    }
}

namespace {
Model one_link_model(const Profile& prof) {
    ModelBuilder b;
    uint32_t f = b.add_file("p.rack");
    uint32_t p = b.add_profile(prof);
    uint32_t route = b.add_route({"r", {f, 1, 1}});
    uint32_t pkg = b.add_segment_spec({SegKind::package, "P", b.add_params({num("loss", 5.0)}), {f, 2, 1}});
    Vertex a = b.add_element({.kind = Kind::gpu, .name = "a"});
    Vertex c = b.add_element({.kind = Kind::gpu, .name = "c"});
    Link l;
    l.profile = p;
    l.route = route;
    b.add_link(a, c, l, {{pkg, 0, 1, -1}});
    return std::move(b).finish();
}
}  // namespace

TEST_CASE("a profile without budget or rate takes the built-in profile of its name, else an error") {
    Profile named;
    named.name = "112G";  // no baud, no budget: built-in 26.5625 GHz, 32 dB
    SigintResult r = analyze_sigint(one_link_model(named));
    REQUIRE(r.status == SigintStatus::ok);
    CHECK(r.links[0].budget_db == 32.0);
    CHECK(r.links[0].nyquist_hz == 26.5625e9);
    CHECK(r.links[0].margin_db == Approx(27.0));  // the lumped 5 dB is given at the profile's Nyquist
    Profile anon;
    anon.name = "mystery";
    anon.loc = {0, 4, 2};
    SigintResult e = analyze_sigint(one_link_model(anon));
    CHECK(e.status == SigintStatus::error);
    CHECK_THAT(e.message, Catch::Matchers::Contains("p.rack:4:2: profile 'mystery' needs loss_budget and baud"));
}
