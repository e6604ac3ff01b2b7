#include <catch2/catch.hpp>

#include "graphs/model.hpp"

using namespace racklink::graphs;

TEST_CASE("a parameter set keeps the last value written for a name and finds by name") {
    ModelBuilder b;
    uint32_t id = b.add_params({{"power", 1000.0, "", false, {}},
                                {"area", 8e-4, "", false, {}},
                                {"power", 1200.0, "", false, {}},
                                {"laminate", 0.0, "megtron7", true, {}}});
    Model m = std::move(b).finish();
    const ParamSet& p = m.param_sets().at(id);
    REQUIRE(p.items.size() == 3);
    CHECK(p.get("power", 0.0) == 1200.0);
    CHECK(p.get("area", 0.0) == 8e-4);
    CHECK(p.text("laminate") == "megtron7");
    CHECK(p.get("missing", -1.0) == -1.0);
    CHECK(p.get("laminate", -2.0) == -2.0);  // text is not a number
}

TEST_CASE("kind, segment kind and fabric names round-trip") {
    for (int k = 0; k <= static_cast<int>(Kind::other); ++k)
        CHECK(parse_kind(to_string(static_cast<Kind>(k))) == static_cast<Kind>(k));
    for (int k = 0; k <= static_cast<int>(SegKind::touchstone); ++k)
        CHECK(parse_segkind(to_string(static_cast<SegKind>(k))) == static_cast<SegKind>(k));
    CHECK(parse_fabric("scale_out") == Fabric::scale_out);
    CHECK_FALSE(parse_kind("gpux").has_value());
    CHECK(is_device(Kind::gpu));
    CHECK_FALSE(is_device(Kind::tray));
}

TEST_CASE("links keep their segments in route order") {
    ModelBuilder b;
    uint32_t f = b.add_file("x.rack");
    Vertex a = b.add_element({.kind = Kind::gpu, .name = "g0"});
    Vertex c = b.add_element({.kind = Kind::switch_chip, .name = "s0"});
    uint32_t spec = b.add_segment_spec({.kind = SegKind::twinax});
    Link l;
    l.lanes = 2;
    l.loc = {f, 3, 5};
    b.add_link(a, c, l, {{spec, 0.5, 1.0, -1}, {spec, 0.25, 1.0, -1}});
    Model m = std::move(b).finish();
    auto [e, ok] = boost::edge(a, c, m.graph());
    REQUIRE(ok);
    auto [s0, s1] = m.segments(m.link(e));
    REQUIRE(s1 - s0 == 2);
    CHECK(s0[0].length_m == 0.5);
    CHECK(s0[1].length_m == 0.25);
    CHECK(m.where(m.link(e).loc) == "x.rack:3:5");
    CHECK(m.where({}) == "<command line>");
}
