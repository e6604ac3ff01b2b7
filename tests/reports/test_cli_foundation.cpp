// End-to-end: the racklink binary on the shipped examples (each a regression input).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <string>

#include "run_racklink.hpp"

using Catch::Matchers::WithinRel;

namespace {

std::string ex(const char* name) { return std::string(RACKLINK_SOURCE_DIR) + "/examples/" + name; }

nlohmann::json stats(const std::string& args) {
    CliRun r = run_racklink("stats --json " + args, Stderr::dropped);
    INFO(r.out);
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out);
}
}  // namespace

TEST_CASE("every shipped example checks clean") {
    CliRun r = run_racklink("check " + std::string(RACKLINK_SOURCE_DIR) + "/examples/*.rack");
    INFO(r.out);
    CHECK(r.code == 0);
    CHECK(r.out.find("FAILED") == std::string::npos);
}

TEST_CASE("GB200 NVL72 comes out as published") {
    auto j = stats(ex("gb200_nvl72.rack"));
    CHECK(j["gpus"] == 72);
    CHECK(j["switch_chips"] == 18);
    CHECK(j["links"] == 1296);
    CHECK(j["differential_pairs"] == 5184);
    CHECK(j["cables"] == 5184);
    CHECK_THAT(j["gpu_bandwidth_Bps"].get<double>(), WithinRel(1.8e12, 1e-12));
    CHECK_THAT(j["aggregate_bandwidth_Bps"].get<double>(), WithinRel(129.6e12, 1e-12));
    CHECK_THAT(j["bisection_bandwidth_Bps"].get<double>(), WithinRel(32.4e12, 1e-12));
    CHECK(j["diameter_hops"] == 2);
    CHECK(j["edge_connectivity"] == 18);
    // NVIDIA: "2 miles" (3.2 km) of copper; geometry + 0.2 m allowance gives 3.123 km.
    CHECK_THAT(j["cable_length_m"].get<double>(), WithinRel(3123.46, 1e-5));
    CHECK(j["cable_length_m"].get<double>() > 0.95 * 3200 * 0.98);
}

TEST_CASE("GB200 NVL72 with one switch tray failed keeps 16 of 18 links per GPU") {
    auto j = stats(ex("gb200_nvl72.rack") + " --fail nvsw[4]");
    CHECK_THAT(j["failure"]["bisection_bandwidth_Bps"].get<double>(), WithinRel(28.8e12, 1e-12));
    CHECK(j["failure"]["failed_links"] == 144);
}

TEST_CASE("an unknown element to fail is an error with suggestions") {
    CliRun r = run_racklink("stats " + ex("gb200_nvl72.rack") + " --fail nvsww[4]");
    CHECK(r.code == 1);
    CHECK(r.out.find("nvsw[4]") != std::string::npos);
}

TEST_CASE("Vera Rubin NVL72 over the midplane: 3.6 TB/s per GPU, no cables") {
    auto j = stats(ex("vera_rubin_nvl72.rack"));
    CHECK(j["gpus"] == 72);
    CHECK(j["cables"] == 0);
    CHECK(j["differential_pairs"] == 10368);
    CHECK_THAT(j["gpu_bandwidth_Bps"].get<double>(), WithinRel(3.6e12, 1e-12));
    CHECK_THAT(j["aggregate_bandwidth_Bps"].get<double>(), WithinRel(259.2e12, 1e-12));
    CHECK_THAT(j["bisection_bandwidth_Bps"].get<double>(), WithinRel(64.8e12, 1e-12));
}

TEST_CASE("Rubin Ultra NVL576: 144 packages, 54 switch chips, 1.56 PB/s") {
    auto j = stats(ex("rubin_ultra_nvl576.rack"));
    CHECK(j["gpus"] == 144);
    CHECK(j["switch_chips"] == 54);
    CHECK(j["links"] == 7776);
    CHECK_THAT(j["aggregate_bandwidth_Bps"].get<double>(), WithinRel(1555.2e12, 1e-12));
    CHECK_THAT(j["bisection_bandwidth_Bps"].get<double>(), WithinRel(388.8e12, 1e-12));
    CHECK(j["edge_connectivity"] == 54);
    auto cpo = stats(ex("rubin_ultra_nvl576_cpo.rack"));
    CHECK(cpo["links"] == 7776);
    CHECK(cpo["fibers"] == 7776 * 4 * 2);
    CHECK(cpo["cables"] == 0);
    auto set = stats(ex("rubin_ultra_nvl576.rack") + " --set interconnect=cpo");
    CHECK(set["fibers"] == cpo["fibers"]);
}

TEST_CASE("the dual-rack NVL144 is one 144-GPU domain with full bisection") {
    auto j = stats(ex("dual_rack_nvl144.rack"));
    CHECK(j["gpus"] == 144);
    CHECK(j["components"] == 1);
    CHECK(j["links"] == 2592);
    CHECK_THAT(j["bisection_bandwidth_Bps"].get<double>(), WithinRel(64.8e12, 1e-12));
}

TEST_CASE("NVL4: a 4-GPU full mesh, one hop, 24 links across the bisection") {
    auto j = stats(ex("nvl4_server.rack"));
    CHECK(j["gpus"] == 4);
    CHECK(j["links"] == 36);
    CHECK(j["diameter_hops"] == 1);
    CHECK_THAT(j["bisection_bandwidth_Bps"].get<double>(), WithinRel(24 * 50e9, 1e-12));
}

TEST_CASE("two NVL72 racks over InfiniBand are two NVLink domains") {
    auto j = stats(ex("two_nvl72_infiniband.rack"));
    CHECK(j["gpus"] == 144);
    CHECK(j["components"] == 2);
    auto so = stats(ex("two_nvl72_infiniband.rack") + " --fabric scale_out");
    CHECK(so["links"] == 144);
}

TEST_CASE("check exits 1 on a bad description and 2 on a bad --set") {
    CliRun r = run_racklink("check /nonexistent.rack");
    CHECK(r.code == 1);
    CHECK(r.out.find("/nonexistent.rack: error: cannot read description: no such file") != std::string::npos);
    CliRun s = run_racklink("check " + ex("gb200_nvl72.rack") + " --set interconnect");
    CHECK(s.code == 2);
    CliRun u = run_racklink("stats");
    CHECK(u.code == 2);
}

TEST_CASE("export writes JSON and dot; --out writes the file atomically") {
    CliRun j = run_racklink("export " + ex("nvl4_server.rack"), Stderr::dropped);
    REQUIRE(j.code == 0);
    auto doc = nlohmann::json::parse(j.out);
    CHECK(doc.contains("elements"));
    CliRun d = run_racklink("export --format dot " + ex("nvl4_server.rack"), Stderr::dropped);
    CHECK(d.out.rfind("graph", 0) == 0);
    std::string out = "/tmp/racklink_export_test.dot";
    std::remove(out.c_str());
    CliRun w = run_racklink("export --format dot -o " + out + " " + ex("nvl4_server.rack"), Stderr::dropped);
    CHECK(w.code == 0);
    FILE* f = std::fopen(out.c_str(), "r");
    CHECK(f != nullptr);
    if (f) std::fclose(f);
    // A failing run into an unwritable place leaves nothing behind and exits 1.
    CliRun bad = run_racklink("export -o /nonexistent-dir/x.json " + ex("nvl4_server.rack"));
    CHECK(bad.code == 1);
}

TEST_CASE("every command has --help, and the top-level help lists every command") {
    // `racklink NAME` builds only NAME's part of the command tree (reports/src/main.cpp); the
    // top-level help builds all of it.
    const CliRun top = run_racklink("--help", Stderr::dropped);
    CHECK(top.code == 0);
    for (const char* c : {"check", "stats", "export", "params", "sigint", "reach", "touchstone", "com", "thermal",
                          "reliability", "yield", "sweep", "compare", "report"}) {
        INFO(c);
        CliRun r = run_racklink(std::string(c) + " --help", Stderr::dropped);
        CHECK(r.code == 0);
        CHECK(r.out.find("Usage") != std::string::npos);
        CHECK(top.out.find(std::string("\n  ") + c + " ") != std::string::npos);
    }
    // a misspelt command still gets the full tree's error, exit 2
    CHECK(run_racklink("comm", Stderr::dropped).code == 2);
}

TEST_CASE("docs/parameters.md is the current output of racklink params") {
    CliRun r = run_racklink("params", Stderr::dropped);
    REQUIRE(r.code == 0);
    FILE* f = std::fopen((std::string(RACKLINK_SOURCE_DIR) + "/docs/parameters.md").c_str(), "rb");
    REQUIRE(f != nullptr);
    std::string doc;
    std::array<char, 4096> buf;
    std::size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) doc.append(buf.data(), n);
    std::fclose(f);
    // Regenerate with: build/release/reports/racklink params -o docs/parameters.md
    CHECK(doc == r.out);
}

TEST_CASE("the GB200 NVL72 spine closes at 224G; the dual-rack NVL144 cross-rack copper does not") {
    CliRun g = run_racklink("sigint --json " + ex("gb200_nvl72.rack"), Stderr::dropped);
    REQUIRE(g.code == 0);
    auto gj = nlohmann::json::parse(g.out);
    CHECK(gj["failing"] == 0);
    CHECK(gj["worst_margin_db"].get<double>() > 3.0);  // the longest run is 1.0 m of 26 AWG
    CliRun d = run_racklink("sigint --json " + ex("dual_rack_nvl144.rack"), Stderr::dropped);
    CHECK(d.code == 1);
    auto dj = nlohmann::json::parse(d.out);
    CHECK(dj["failing"] == 1296);  // every cross-rack link, and only those
    bool cross_fails = false, local_passes = false;
    for (const auto& c : dj["classes"]) {
        if (c["route"] == "cross") cross_fails = c["failing"] == 1296 && c["worst"]["margin_db"].get<double>() < -20;
        if (c["route"] == "local") local_passes = c["failing"] == 0;
    }
    CHECK(cross_fails);
    CHECK(local_passes);
}

TEST_CASE("thermal: the examples' kW per EFLOPS match the published figures") {
    struct Case {
        const char* file;
        double kw_per_eflops;
    };
    // Issue 4: GB200 ~167, GB300 ~130, Vera Rubin ~56, Rubin Ultra NVL576 ~27 (FP4 dense).
    for (Case c : {Case{"gb200_nvl72.rack", 167}, Case{"gb300_nvl72.rack", 130},
                   Case{"vera_rubin_nvl72.rack", 56}, Case{"rubin_ultra_nvl576.rack", 27}}) {
        CliRun r = run_racklink(std::string("thermal --json ") + ex(c.file), Stderr::dropped);
        INFO(c.file << "\n" << r.out);
        REQUIRE(r.code == 0);
        auto j = nlohmann::json::parse(r.out);
        CHECK_THAT(j["kw_per_eflops"].get<double>(), WithinRel(c.kw_per_eflops, 0.05));
    }
}
