#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "graphs/export.hpp"
#include "nvl72_fixture.hpp"

using namespace racklink::graphs;

TEST_CASE("the JSON export lists every element and link with its location and parameters") {
    Model m = testing::make_nvl72();
    nlohmann::json j = nlohmann::json::parse(export_json(m));
    CHECK(j["format"] == "racklink-model");
    CHECK(j["version"] == 1);
    REQUIRE(j["elements"].size() == 1 + 27 + 72 + 36 + 18);
    REQUIRE(j["links"].size() == 1296 + 72);
    // Vertex order: rack, compute[0], cpu[0], cpu[1], gpu[0], ...
    CHECK(j["elements"][3]["name"] == "rack[0].compute[0].cpu[1]");
    const auto& g0 = j["elements"][4];
    CHECK(g0["name"] == "rack[0].compute[0].gpu[0]");
    CHECK(g0["kind"] == "gpu");
    CHECK(g0["type"] == "B200");
    CHECK(g0["parent"] == "rack[0].compute[0]");
    CHECK(g0["rack"] == "rack[0]");
    CHECK(g0["params"]["power"] == 1200.0);
    CHECK(g0["params"]["flops_precision"] == "fp4");
    CHECK(g0["loc"] == "tests/graphs/nvl72_fixture.rack:13:5");
    CHECK(j["elements"][1]["u_bottom"] == 1.0);
    const auto& l0 = j["links"][0];
    CHECK(l0["a"] == "rack[0].compute[0].gpu[0]");
    CHECK(l0["b"] == "rack[0].nvsw[0].chip[0]");
    CHECK(l0["port_a"] == "compute[0].gpu[0].nvl[0]");
    CHECK(l0["port_b"] == "nvsw[0].chip[0].port[0]");
    CHECK(l0["profile"] == "nvlink5");
    CHECK(l0["lanes"] == 2);
    CHECK(l0["fabric"] == "scale_up");
    CHECK(l0["route"] == "nvl_spine");
    REQUIRE(l0["segments"].size() == 7);
    CHECK(l0["segments"][3]["kind"] == "twinax");
    // compute[0] at U1, nvsw[0] at U11: 10 U x 44.45 mm + 0.25 m
    CHECK_THAT(l0["segments"][3]["length_m"].get<double>(),
               Catch::Matchers::WithinRel(0.4445 + 0.25, 1e-12));
    std::size_t spec = l0["segments"][3]["spec"];
    CHECK(j["segment_specs"][spec]["params"]["dielectric"] == "foam_pe");
    CHECK(j["profiles"][0]["lane_rate_bps"] == 200e9);
    CHECK(j["profiles"][0]["params"]["fec"] == "rs544");
}

TEST_CASE("the JSON export is deterministic") {
    CHECK(export_json(testing::make_nvl72()) == export_json(testing::make_nvl72()));
}

TEST_CASE("the DOT export nests racks and trays and merges parallel links") {
    ModelBuilder b;
    b.set_name("tiny");
    Vertex rack = b.add_element({.kind = Kind::rack, .name = "r"});
    Vertex tray =
        b.add_element({.kind = Kind::tray, .name = "r.t", .parent = static_cast<int32_t>(rack)});
    Vertex g = b.add_element(
        {.kind = Kind::gpu, .name = "r.t.g", .type = "B200", .parent = static_cast<int32_t>(tray)});
    Vertex s = b.add_element(
        {.kind = Kind::switch_chip, .name = "r.s", .parent = static_cast<int32_t>(rack)});
    Profile p;
    p.name = "nvl5";
    b.add_profile(p);
    Link l;
    l.lanes = 2;
    for (int i = 0; i < 3; ++i) b.add_link(g, s, l, {});
    l.fabric = Fabric::host;
    b.add_link(s, g, l, {});
    std::string dot = export_dot(std::move(b).finish());
    CHECK(dot == R"dot(graph "tiny" {
  graph [fontsize=10, compound=true];
  node [shape=box, fontsize=9];
  subgraph cluster_0 {
    label="r";
    subgraph cluster_1 {
      label="t";
      v2 [label="g\nB200"];
    }
    v3 [label="s", shape=box3d];
  }
  v2 -- v3 [label="3 x (2x nvl5)"];
  v2 -- v3 [label="2x nvl5", style=dotted];
}
)dot");
}
