#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "run_racklink.hpp"

namespace {

const std::string kData = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";

}  // namespace

// scikit-rf 0.15.4 golden values as in tests/sigint/test_network.cpp.
TEST_CASE("racklink touchstone --json reports ports, points, SDD21 and SDD11 at --at") {
    CliRun r = run_racklink("touchstone " + kData + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p --port-order 1,3,2,4 --at 26.5625GHz --json");
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["ports"] == 4);
    CHECK(j["points"] == 4201);
    CHECK(j["sdd21_db"].get<double>() == Approx(-8.459807).margin(0.01));
    CHECK(j["sdd11_db"].get<double>() == Approx(-18.532084).margin(0.01));
    CHECK(j["freq_hz"].get<double>() == 26.5625e9);
    CHECK(j.contains("fitted_il_db"));
    CHECK(j.contains("ild_db"));
}

TEST_CASE("racklink touchstone without --at uses the fastest profile Nyquist inside the data") {
    CliRun r = run_racklink("touchstone " + kData + "WavePulserDemoBoard.s4p --json");
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["freq_hz"].get<double>() == 26.5625e9);  // 53.125 GHz is beyond its 40 GHz
    CHECK(j["sdd21_db"].get<double>() == Approx(-8.632896).margin(0.01));
}

TEST_CASE("racklink touchstone reports a malformed file with its line and exits 1") {
    const std::string path = "/tmp/racklink_bad_" + std::to_string(::getpid()) + ".s2p";
    std::ofstream(path) << "# GHz S MA R 50\n1 0.5 0 0.5 zz 0.5 0 0.5 0\n";
    CliRun r = run_racklink("touchstone " + path);
    std::remove(path.c_str());
    CHECK(r.code == 1);
    CHECK_THAT(r.out, Catch::Matchers::Contains(path + ":2: expected a number, found 'zz'"));
    CHECK(run_racklink("touchstone " + kData + "cable.s2p --at fast").code == 2);
    CHECK(run_racklink("touchstone " + kData + "cable.s2p --at 30GHz").code == 1);  // outside 0-20 GHz
}

TEST_CASE("racklink reach prints the 224G table and --json has one row per medium variant") {
    CliRun r = run_racklink("reach --profile 224G --medium twinax --json");
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["nyquist_hz"].get<double>() == 53.125e9);
    CHECK(j["loss_budget_db"].get<double>() == 40.0);
    REQUIRE(j["rows"].size() == 4);
    CHECK(j["rows"][1]["variant"] == "26 AWG foam_pe");
    CHECK(j["rows"][1]["reach_m"].get<double>() > 1.0);
    CHECK(j["rows"][1]["reach_m"].get<double>() < 1.5);
    CliRun t = run_racklink("reach --profile 112G");
    CHECK(t.code == 0);
    CHECK_THAT(t.out, Catch::Matchers::Contains("backplane"));
    CHECK(run_racklink("reach --profile 999G").code == 2);
    CHECK(run_racklink("reach --medium copperish").code == 2);
}
