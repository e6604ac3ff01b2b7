#include <catch2/catch.hpp>
#include <random>

#include "graphs/structure.hpp"
#include "nvl72_fixture.hpp"

// After the model header: edge_connectivity.hpp does not include adjacency_list.hpp itself.
// GCC 12 warns about an uninitialised local inside boost::edge_connectivity (Boost 1.74): a
// warning in Boost, not here, silenced for that header only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/edge_connectivity.hpp>
#pragma GCC diagnostic pop

using namespace racklink::graphs;
using Catch::Matchers::WithinRel;

namespace {
const Model& nvl72() {
    static const Model m = testing::make_nvl72();
    return m;
}
std::size_t k(Kind kind) { return static_cast<std::size_t>(kind); }
}  // namespace

// Published figures: NVIDIA GB200 NVL72 product page / technical brief (2024): 72 GPUs,
// 18 NVLink switch chips in 9 trays, 1.8 TB/s NVLink bandwidth per GPU, 130 TB/s in all;
// 5,184 differential pairs (NVLink spine: "over 5,000 copper cables").
TEST_CASE("GB200 NVL72 counts come out as published") {
    StructureResult r = analyze_structure(nvl72(), {});
    REQUIRE(r.status == StructureStatus::ok);
    CHECK(r.counts[k(Kind::gpu)] == 72);
    CHECK(r.counts[k(Kind::cpu)] == 36);
    CHECK(r.counts[k(Kind::switch_chip)] == 18);
    CHECK(r.counts[k(Kind::tray)] == 27);
    CHECK(r.counts[k(Kind::rack)] == 1);
    CHECK(r.links == 1296);  // 72 GPUs x 18 links
    CHECK(r.links_by_fabric[static_cast<std::size_t>(Fabric::host)] == 72);
    CHECK(r.lanes == 2592);
    CHECK(r.differential_pairs == 5184);
    CHECK(r.cables == 5184);  // one twinax pair per lane per direction
    CHECK(r.fibers == 0);
}

TEST_CASE("GB200 NVL72 bandwidth, bisection, diameter and connectivity come out as published") {
    StructureResult r = analyze_structure(nvl72(), {});
    REQUIRE(r.status == StructureStatus::ok);
    const FabricFigures& f = r.intact;
    // 18 links x 2 lanes x 200 Gb/s x 2 directions / 8 = 1.8 TB/s
    CHECK_THAT(f.gpu_bandwidth_min_Bps, WithinRel(1.8e12, 1e-9));
    CHECK_THAT(f.gpu_bandwidth_max_Bps, WithinRel(1.8e12, 1e-9));
    CHECK_THAT(f.gpu_bandwidth_mean_Bps, WithinRel(1.8e12, 1e-9));
    CHECK_THAT(f.aggregate_bandwidth_Bps, WithinRel(129.6e12, 1e-9));
    // Each of the 18 chips carries min(36, 36) links x 50 GB/s from half A to half B.
    CHECK_THAT(f.bisection_bandwidth_Bps, WithinRel(32.4e12, 1e-9));
    CHECK_THAT(f.bisection_natural_Bps, WithinRel(32.4e12, 1e-9));
    CHECK_THAT(f.bisection_interleaved_Bps, WithinRel(32.4e12, 1e-9));
    CHECK_THAT(f.domain_bisection_bandwidth_Bps, WithinRel(32.4e12, 1e-9));
    CHECK(f.diameter_hops == 2);
    CHECK(f.edge_connectivity == 18);
    CHECK(f.components == 1);
    CHECK(f.gpus_reachable == 72);
    CHECK(f.largest_component_gpus == 72);
}

TEST_CASE("GB200 NVL72 twinax length and mass equal the hand sum over the wiring") {
    testing::Nvl72Options o;
    StructureResult r = analyze_structure(nvl72(), {});
    double length_m = 0.0;
    for (int t = 0; t < testing::kNvl72ComputeTrays; ++t)
        for (int s = 0; s < testing::kNvl72SwitchTrays; ++s)
            // 4 GPUs x 2 chips x 2 lanes x 2 directions
            length_m += 4 * 2 * 4 * testing::nvl72_twinax_m(t, s, o.routing_allowance_m);
    CHECK_THAT(r.cable_length_m, WithinRel(length_m, 1e-9));
    CHECK_THAT(r.cable_mass_kg, WithinRel(length_m * o.twinax_mass_per_length_kg_per_m, 1e-9));
    // Mean |dU| between tray centres is 9.06 U: 5,184 x (0.40 m + 0.25 m) = 3.38 km, the order
    // of the "2 miles" (3.2 km) of NVLink spine copper NVIDIA quotes.
    CHECK(r.cable_length_m > 3000.0);
    CHECK(r.cable_length_m < 3600.0);
}

TEST_CASE("failing one NVL72 switch tray leaves 16 of 18 chips: 28.8 TB/s bisection") {
    StructureOptions o;
    o.fail = {"rack[0].nvsw[3]"};
    StructureResult r = analyze_structure(nvl72(), o);
    REQUIRE(r.status == StructureStatus::ok);
    REQUIRE(r.has_failure);
    CHECK(r.failed_elements == 3);  // tray + 2 chips
    CHECK(r.failed_links == 144);   // 2 chips x 72 GPUs
    const FabricFigures& d = r.degraded;
    CHECK(d.gpus == 72);
    CHECK(d.gpus_reachable == 72);
    CHECK_THAT(d.gpu_bandwidth_max_Bps, WithinRel(1.6e12, 1e-9));
    CHECK_THAT(d.aggregate_bandwidth_Bps, WithinRel(115.2e12, 1e-9));
    CHECK_THAT(d.bisection_bandwidth_Bps, WithinRel(28.8e12, 1e-9));
    CHECK(d.edge_connectivity == 16);
    CHECK(d.diameter_hops == 2);
    CHECK(d.components == 1);
    // The intact figures are still reported beside the degraded ones.
    CHECK_THAT(r.intact.bisection_bandwidth_Bps, WithinRel(32.4e12, 1e-9));
}

TEST_CASE("a prefix path fails every element it continues; a failed GPU leaves the count") {
    StructureOptions o;
    o.fail = {"rack[0].nvsw", "rack[0].compute[0].gpu[1]"};
    StructureResult r = analyze_structure(nvl72(), o);
    REQUIRE(r.status == StructureStatus::ok);
    CHECK(r.failed_elements == 27 + 1);
    CHECK(r.degraded.links == 0);
    CHECK(r.degraded.gpus == 71);
    CHECK(r.degraded.gpus_reachable == 0);
    CHECK(r.degraded.components == 71);  // every GPU alone
    CHECK(r.degraded.aggregate_bandwidth_Bps == 0.0);
    CHECK(r.degraded.bisection_bandwidth_Bps == 0.0);
    CHECK(r.degraded.edge_connectivity == -1);
    CHECK(r.degraded.diameter_hops == -1);
}

TEST_CASE("failing more never increases bandwidth, and bisection stays within aggregate / 2") {
    std::vector<std::string> order = {"rack[0].nvsw[0]", "rack[0].compute[5]",
                                      "rack[0].nvsw[4].chip[1]", "rack[0].compute[17].gpu[3]",
                                      "rack[0].nvsw[8]"};
    StructureOptions o;
    double prev_agg = 1e300, prev_bis = 1e300;
    int prev_conn = 1 << 30;
    for (const auto& name : order) {
        o.fail.push_back(name);
        StructureResult r = analyze_structure(nvl72(), o);
        REQUIRE(r.status == StructureStatus::ok);
        const FabricFigures& d = r.degraded;
        CHECK(d.aggregate_bandwidth_Bps <= prev_agg);
        CHECK(d.bisection_bandwidth_Bps <= prev_bis);
        CHECK(d.edge_connectivity <= prev_conn);
        CHECK(d.bisection_bandwidth_Bps <= d.aggregate_bandwidth_Bps / 2.0 + 1e-3);
        prev_agg = d.aggregate_bandwidth_Bps;
        prev_bis = d.bisection_bandwidth_Bps;
        prev_conn = d.edge_connectivity;
    }
    // 5 of 18 chips failed: every remaining GPU keeps 13 links x 100 GB/s = 1.3 TB/s.
    StructureResult r = analyze_structure(nvl72(), o);
    CHECK(r.degraded.gpus == 72 - 4 - 1);
    CHECK_THAT(r.degraded.gpu_bandwidth_min_Bps, WithinRel(1.3e12, 1e-9));
    CHECK_THAT(r.degraded.gpu_bandwidth_max_Bps, WithinRel(1.3e12, 1e-9));
    CHECK(r.degraded.edge_connectivity == 13);
}

TEST_CASE("an unknown failure name is an error that suggests the nearest names") {
    StructureOptions o;
    o.fail = {"rack[0].nvsx[3]"};
    StructureResult r = analyze_structure(nvl72(), o);
    CHECK(r.status == StructureStatus::error);
    CHECK(r.message ==
          "fail: no element named \"rack[0].nvsx[3]\"; did you mean \"rack[0].nvsw[3]\", "
          "\"rack[0].nvsw[0]\", \"rack[0].nvsw[1]\"?");
    o.fail = {""};
    CHECK(o.validate() == "fail[0]: empty element name");
    CHECK(analyze_structure(nvl72(), o).status == StructureStatus::error);
}

TEST_CASE("a link whose segment crosses a failed element fails with it") {
    // Two GPUs linked twice to one switch: once through a cable cartridge, once directly.
    ModelBuilder b;
    Vertex g0 = b.add_element({.kind = Kind::gpu, .name = "g0"});
    Vertex g1 = b.add_element({.kind = Kind::gpu, .name = "g1"});
    Vertex sw = b.add_element({.kind = Kind::switch_chip, .name = "sw"});
    Vertex cart = b.add_element({.kind = Kind::connector, .name = "cart"});
    Profile p;
    p.lane_rate_bps = 100e9;
    b.add_profile(p);
    uint32_t tw = b.add_segment_spec({.kind = SegKind::twinax});
    Link l;
    l.lanes = 4;
    b.add_link(g0, sw, l, {{tw, 1.0, 1.0, static_cast<int32_t>(cart)}});
    b.add_link(g1, sw, l, {{tw, 1.0, 1.0, static_cast<int32_t>(cart)}});
    b.add_link(g0, sw, l, {{tw, 2.0, 1.0, -1}});
    b.add_link(g1, sw, l, {{tw, 2.0, 1.0, -1}});
    Model m = std::move(b).finish();
    StructureOptions o;
    StructureResult r = analyze_structure(m, o);
    // 2 links per GPU x 4 lanes x 100 Gb/s x 2 / 8 = 200 GB/s
    CHECK_THAT(r.intact.gpu_bandwidth_max_Bps, WithinRel(200e9, 1e-12));
    CHECK_THAT(r.intact.bisection_bandwidth_Bps, WithinRel(100e9, 1e-12));  // 2 x 50 GB/s
    CHECK(r.intact.edge_connectivity == 2);
    CHECK(r.cables == 4 * 4 * 2);
    CHECK_THAT(r.cable_length_m, WithinRel((1.0 + 1.0 + 2.0 + 2.0) * 8, 1e-12));
    CHECK(r.cable_mass_kg == 0.0);  // no mass_per_length
    o.fail = {"cart"};
    r = analyze_structure(m, o);
    CHECK(r.failed_links == 2);
    CHECK_THAT(r.degraded.bisection_bandwidth_Bps, WithinRel(50e9, 1e-12));
    CHECK(r.degraded.edge_connectivity == 1);
}

TEST_CASE("edge connectivity counts GPU pairs, not a weakly attached switch") {
    // g0 = g1 through 3 parallel links to s0; a spare switch s1 hangs off g0 by one link. The
    // global min cut (1) isolates s1; the GPU-pair connectivity is 3.
    ModelBuilder b;
    Vertex g0 = b.add_element({.kind = Kind::gpu, .name = "g0"});
    Vertex g1 = b.add_element({.kind = Kind::gpu, .name = "g1"});
    Vertex s0 = b.add_element({.kind = Kind::switch_chip, .name = "s0"});
    Vertex s1 = b.add_element({.kind = Kind::switch_chip, .name = "s1"});
    Profile p;
    p.lane_rate_bps = 8e9;
    b.add_profile(p);
    Link l;
    for (int i = 0; i < 3; ++i) {
        b.add_link(g0, s0, l, {});
        b.add_link(g1, s0, l, {});
    }
    b.add_link(g0, s1, l, {});
    StructureResult r = analyze_structure(std::move(b).finish(), {});
    CHECK(r.intact.edge_connectivity == 3);
    CHECK(r.intact.diameter_hops == 2);
    CHECK_THAT(r.intact.bisection_bandwidth_Bps, WithinRel(3e9, 1e-12));  // 3 links x 1 GB/s
}

TEST_CASE("a chain of switches gives the hop diameter and a single-link connectivity") {
    // g0 - s0 - s1 - s2 - g1 and g2 on s1: diameter g0..g1 = 4 hops.
    ModelBuilder b;
    std::vector<Vertex> v;
    for (const char* n : {"g0", "g1", "g2"})
        v.push_back(b.add_element({.kind = Kind::gpu, .name = n}));
    for (const char* n : {"s0", "s1", "s2"})
        v.push_back(b.add_element({.kind = Kind::switch_chip, .name = n}));
    Profile p;
    p.lane_rate_bps = 8e9;
    b.add_profile(p);
    Link l;
    b.add_link(v[0], v[3], l, {});
    b.add_link(v[3], v[4], l, {});
    b.add_link(v[4], v[5], l, {});
    b.add_link(v[5], v[1], l, {});
    b.add_link(v[2], v[4], l, {});
    StructureResult r = analyze_structure(std::move(b).finish(), {});
    CHECK(r.intact.diameter_hops == 4);
    CHECK(r.intact.edge_connectivity == 1);
    CHECK(r.intact.components == 1);
}

TEST_CASE("a cluster of NVL72 racks is one scale-up domain per rack") {
    Model m = testing::make_nvl72({.racks = 3});
    StructureResult r = analyze_structure(m, {});
    REQUIRE(r.status == StructureStatus::ok);
    CHECK(r.intact.gpus == 216);
    CHECK(r.intact.components == 3);
    CHECK(r.intact.gpus_reachable == 216);
    CHECK_THAT(r.intact.aggregate_bandwidth_Bps, WithinRel(3 * 129.6e12, 1e-9));
    // Natural split: rack 0 + half of rack 1 vs the rest: only rack 1 carries flow.
    CHECK_THAT(r.intact.bisection_natural_Bps, WithinRel(32.4e12, 1e-9));
    // Interleaved: every rack splits 36/36.
    CHECK_THAT(r.intact.bisection_interleaved_Bps, WithinRel(3 * 32.4e12, 1e-9));
    CHECK_THAT(r.intact.domain_bisection_bandwidth_Bps, WithinRel(32.4e12, 1e-9));
    CHECK(r.intact.edge_connectivity == 18);
    CHECK(r.intact.diameter_hops == 2);
}

TEST_CASE("the JSON carries the agreed keys and the text has units on every figure") {
    StructureOptions o;
    o.fail = {"rack[0].nvsw[3]"};
    StructureResult r = analyze_structure(nvl72(), o);
    nlohmann::json j = to_json(r);
    for (const char* key : {"gpus", "switch_chips", "links", "differential_pairs", "cables",
                            "cable_length_m", "cable_mass_kg", "gpu_bandwidth_Bps",
                            "aggregate_bandwidth_Bps", "bisection_bandwidth_Bps", "diameter_hops",
                            "edge_connectivity", "components", "counts", "failure"})
        CHECK(j.contains(key));
    CHECK(j["gpus"] == 72);
    CHECK(j["switch_chips"] == 18);
    CHECK(j["links"] == 1296);
    CHECK(j["counts"]["cpu"] == 36);
    CHECK_THAT(j["gpu_bandwidth_max_Bps"].get<double>(), WithinRel(1.8e12, 1e-9));
    CHECK_THAT(j["failure"]["bisection_bandwidth_Bps"].get<double>(), WithinRel(28.8e12, 1e-9));
    CHECK(j["failure"]["failed"][0] == "rack[0].nvsw[3]");
    std::string text = render_structure_text(nvl72(), r);
    CHECK_THAT(text, Catch::Contains("aggregate GPU bandwidth: 129.6 TB/s"));
    CHECK_THAT(text, Catch::Contains("bisection bandwidth (per direction): 32.4 TB/s"));
    CHECK_THAT(text, Catch::Contains("bisection bandwidth (per direction): 28.8 TB/s"));
    CHECK_THAT(text, Catch::Contains("min 1.8 TB/s"));
    CHECK_THAT(text, Catch::Contains("diameter: 2 hops, edge connectivity: 18 links"));
    CHECK_THAT(text, Catch::Contains(" km, "));
}

TEST_CASE("a failure in one rack of a cluster changes only that rack's domain") {
    Model m = testing::make_nvl72({.racks = 3});
    StructureOptions o;
    o.fail = {"rack[1].nvsw[0]"};
    StructureResult r = analyze_structure(m, o);
    REQUIRE(r.status == StructureStatus::ok);
    const FabricFigures& d = r.degraded;
    CHECK(r.failed_links == 144);
    CHECK(d.edge_connectivity == 16);
    CHECK_THAT(d.domain_bisection_bandwidth_Bps, WithinRel(28.8e12, 1e-9));
    // Natural split: rack 0 + half of rack 1 vs the rest; only rack 1 carries flow.
    CHECK_THAT(d.bisection_natural_Bps, WithinRel(28.8e12, 1e-9));
    CHECK_THAT(d.bisection_interleaved_Bps, WithinRel(32.4e12 + 28.8e12 + 32.4e12, 1e-9));
    CHECK_THAT(d.gpu_bandwidth_min_Bps, WithinRel(1.6e12, 1e-9));
    CHECK_THAT(d.gpu_bandwidth_max_Bps, WithinRel(1.8e12, 1e-9));
    CHECK_THAT(d.aggregate_bandwidth_Bps, WithinRel(2 * 129.6e12 + 115.2e12, 1e-9));
}

TEST_CASE("GPU edge connectivity agrees with boost::edge_connectivity on NVL72") {
    // Independent method: Boost's Esfahanian-Hakimi max-flow algorithm on a copy of the
    // scale-up subgraph (here every global min cut separates GPUs, so the two must agree).
    for (int failed_trays = 0; failed_trays <= 2; ++failed_trays) {
        StructureOptions o;
        for (int s = 0; s < failed_trays; ++s)
            o.fail.push_back("rack[0].nvsw[" + std::to_string(s) + "]");
        StructureResult r = analyze_structure(nvl72(), o);
        const Graph& g = nvl72().graph();
        using U = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
        std::vector<int> id(boost::num_vertices(g), -1);
        int n = 0;
        for (auto [it, end] = boost::vertices(g); it != end; ++it) {
            const Element& e = g[*it];
            bool dead = e.kind == Kind::switch_chip && e.name.substr(0, 12) == "rack[0].nvsw" &&
                        e.name[13] - '0' < failed_trays;
            if ((e.kind == Kind::gpu || e.kind == Kind::switch_chip) && !dead) id[*it] = n++;
        }
        U u(static_cast<std::size_t>(n));
        for (auto [it, end] = boost::edges(g); it != end; ++it) {
            int a = id[boost::source(*it, g)], b = id[boost::target(*it, g)];
            if (g[*it].fabric == Fabric::scale_up && a >= 0 && b >= 0)
                boost::add_edge(static_cast<std::size_t>(a), static_cast<std::size_t>(b), u);
        }
        std::vector<U::edge_descriptor> cut;
        auto boost_lambda =
            static_cast<int32_t>(boost::edge_connectivity(u, std::back_inserter(cut)));
        const FabricFigures& f = failed_trays ? r.degraded : r.intact;
        CHECK(f.edge_connectivity == boost_lambda);
        CHECK(f.edge_connectivity == 18 - 2 * failed_trays);
    }
}

TEST_CASE("bisection and connectivity agree with brute-force cut enumeration on random fabrics") {
    // Seeded random small fabrics (6 GPUs, 4 switches): every bipartition is enumerated and the
    // cheapest cut is compared with the max-flow / Stoer-Wagner figures (max-flow = min-cut).
    std::mt19937 rng(20261121);
    for (int trial = 0; trial < 25; ++trial) {
        ModelBuilder b;
        const int ng = 6, ns = 4, n = ng + ns;
        std::vector<Vertex> v;
        for (int i = 0; i < ng; ++i)
            v.push_back(b.add_element(
                {.kind = Kind::gpu, .name = std::string("g").append(std::to_string(i))}));
        for (int i = 0; i < ns; ++i)
            v.push_back(b.add_element(
                {.kind = Kind::switch_chip, .name = std::string("s").append(std::to_string(i))}));
        Profile p;
        p.lane_rate_bps = 8e9;  // 1 GB/s per lane per direction
        b.add_profile(p);
        struct L {
            int a, b, lanes;
        };
        std::vector<L> links;
        for (int i = 0; i < ng; ++i)  // every GPU on at least one switch, so all connected
            links.push_back({i, ng + std::uniform_int_distribution<int>(0, ns - 1)(rng), 1});
        for (int i = 0; i < ns - 1; ++i) links.push_back({ng + i, ng + i + 1, 1});
        for (int k = 0; k < 10; ++k) {
            int a = std::uniform_int_distribution<int>(0, n - 1)(rng);
            int c = std::uniform_int_distribution<int>(ng, n - 1)(rng);
            if (a != c) links.push_back({a, c, std::uniform_int_distribution<int>(1, 4)(rng)});
        }
        for (const L& l : links) {
            Link lk;
            lk.lanes = static_cast<uint16_t>(l.lanes);
            b.add_link(v[static_cast<std::size_t>(l.a)], v[static_cast<std::size_t>(l.b)], lk, {});
        }
        StructureResult r = analyze_structure(std::move(b).finish(), {});
        REQUIRE(r.status == StructureStatus::ok);
        // Brute force: side bit per vertex.
        double natural = 1e300, interleaved = 1e300;
        int lambda = 1 << 30;
        for (int mask = 0; mask < (1 << n); ++mask) {
            auto side = [&](int x) { return (mask >> x) & 1; };
            double cap = 0.0;
            int cut = 0;
            for (const L& l : links)
                if (side(l.a) != side(l.b)) {
                    cap += l.lanes * 1e9;
                    ++cut;
                }
            bool nat_ok = true, int_ok = true, both = false, seen0 = false, seen1 = false;
            for (int i = 0; i < ng; ++i) {
                nat_ok = nat_ok && side(i) == (i >= ng / 2 ? 1 : 0);
                int_ok = int_ok && side(i) == i % 2;
                (side(i) ? seen1 : seen0) = true;
            }
            both = seen0 && seen1;
            if (nat_ok) natural = std::min(natural, cap);
            if (int_ok) interleaved = std::min(interleaved, cap);
            if (both) lambda = std::min(lambda, cut);
        }
        INFO("trial " << trial);
        CHECK_THAT(r.intact.bisection_natural_Bps, WithinRel(natural, 1e-12));
        CHECK_THAT(r.intact.bisection_interleaved_Bps, WithinRel(interleaved, 1e-12));
        CHECK(r.intact.edge_connectivity == lambda);
        CHECK(r.intact.bisection_bandwidth_Bps <= r.intact.aggregate_bandwidth_Bps / 2.0);
    }
}

TEST_CASE("the text rendering of GB200 NVL72 is exact") {
    std::string text = render_structure_text(nvl72(), analyze_structure(nvl72(), {}));
    CHECK(text == R"(structure of gb200_nvl72 (fabric scale_up)
  elements: rack: 1, tray: 27, gpu: 72, cpu: 36, switch_chip: 18
  links: 1296 scale_up, 0 scale_out, 72 host
  scale_up fabric: 1296 links, 2592 lanes per direction, 5184 differential pairs
  copper cable pairs: 5184, 3.383 km, 67.653 kg
  fibers: 0, 0 m
  GPUs: 72 (72 reachable over the fabric), fabric links: 1296
  GPU bandwidth (both directions): min 1.8 TB/s, mean 1.8 TB/s, max 1.8 TB/s
  aggregate GPU bandwidth: 129.6 TB/s
  bisection bandwidth (per direction): 32.4 TB/s (natural order 32.4 TB/s, interleaved 32.4 TB/s; smallest domain 32.4 TB/s)
  diameter: 2 hops, edge connectivity: 18 links
  components: 1 (72 to 72 GPUs each)
)");
    StructureOptions bad;
    bad.fail = {"rack[0].gpu"};
    CHECK(render_structure_text(nvl72(), analyze_structure(nvl72(), bad)) ==
          "error: fail: no element named \"rack[0].gpu\"; did you mean \"rack[0]\", "
          "\"rack[0].nvsw[0]\", \"rack[0].nvsw[1]\"?\n");
}

TEST_CASE("with NIC endpoints a scale-out fat tree gives its bisection and 4-hop diameter") {
    // 8 NICs on 2 leaves (4 each), each leaf one uplink to each of 2 spines; 1 GB/s per
    // direction per link. Natural split = leaf 0 vs leaf 1: limited by 2 uplinks = 2 GB/s.
    // Interleaved split: half of every leaf's NICs on each side, served locally = 4 GB/s.
    ModelBuilder b;
    Profile p;
    p.lane_rate_bps = 8e9;
    b.add_profile(p);
    std::vector<Vertex> nic, leaf, spine;
    for (int i = 0; i < 2; ++i)
        leaf.push_back(b.add_element(
            {.kind = Kind::network_switch, .name = std::string("leaf").append(std::to_string(i))}));
    for (int i = 0; i < 2; ++i)
        spine.push_back(b.add_element({.kind = Kind::network_switch,
                                       .name = std::string("spine").append(std::to_string(i))}));
    for (int i = 0; i < 8; ++i)
        nic.push_back(b.add_element(
            {.kind = Kind::nic, .name = std::string("nic").append(std::to_string(i))}));
    Link l;
    l.fabric = Fabric::scale_out;
    for (int i = 0; i < 8; ++i) b.add_link(nic[static_cast<std::size_t>(i)], leaf[i / 4], l, {});
    for (Vertex lf : leaf)
        for (Vertex sp : spine) b.add_link(lf, sp, l, {});
    Model m = std::move(b).finish();
    StructureOptions o;
    o.fabric = Fabric::scale_out;
    o.endpoint = Kind::nic;
    StructureResult r = analyze_structure(m, o);
    REQUIRE(r.status == StructureStatus::ok);
    CHECK(r.intact.gpus == 8);
    CHECK_THAT(r.intact.gpu_bandwidth_max_Bps, WithinRel(2e9, 1e-12));
    CHECK_THAT(r.intact.bisection_natural_Bps, WithinRel(2e9, 1e-12));
    CHECK_THAT(r.intact.bisection_interleaved_Bps, WithinRel(4e9, 1e-12));
    CHECK_THAT(r.intact.bisection_bandwidth_Bps, WithinRel(2e9, 1e-12));
    CHECK(r.intact.diameter_hops == 4);
    CHECK(r.intact.edge_connectivity == 1);
    CHECK(to_json(r)["endpoint"] == "nic");
    CHECK_THAT(render_structure_text(m, r), Catch::Contains("edge connectivity: 1 link\n"));
    CHECK_THAT(render_structure_text(m, r), Catch::Contains("aggregate nic bandwidth: 16 GB/s"));
    // GPUs as endpoints of a model without GPUs: nothing to measure, no error.
    StructureResult none = analyze_structure(m, {.fabric = Fabric::scale_out});
    CHECK(none.intact.gpus == 0);
    CHECK(none.intact.components == 0);
    CHECK(none.intact.diameter_hops == -1);
    o.endpoint = Kind::tray;
    CHECK(o.validate() == "endpoint: tray is not a device kind");
}
