#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "run_racklink.hpp"

TEST_CASE("racklink thermal refuses a temperature without a unit as a usage error") {
    CliRun r = run_racklink("thermal x.rack --inlet 45");
    CHECK(r.code == 2);
    CHECK(r.out == "racklink thermal: --inlet: '45' needs a unit (K, degC or degF)\n");
}

TEST_CASE("racklink thermal refuses an unknown coolant and a negative rise") {
    CliRun a = run_racklink("thermal x.rack --coolant eg30");
    CHECK(a.code == 2);
    CHECK(a.out == "racklink thermal: --coolant: unknown coolant 'eg30' (water, pg25)\n");
    CliRun b = run_racklink("thermal x.rack --delta-t -3K");
    CHECK(b.code == 2);
    CHECK(b.out.find("--delta-t") != std::string::npos);
}

TEST_CASE("racklink thermal reports a description that does not load with exit code 1") {
    CliRun r = run_racklink("thermal " RACKLINK_SOURCE_DIR
                "/no/such/file.rack --inlet 45degC --coolant pg25 --delta-t 10K");
    CHECK(r.code == 1);
    CHECK(r.out.find("error") != std::string::npos);
}

TEST_CASE("racklink thermal runs end to end on the GB200 NVL72 example") {
    CliRun r = run_racklink("thermal " RACKLINK_SOURCE_DIR "/examples/gb200_nvl72.rack --json");
    REQUIRE(r.code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK((j["status"] == "ok" || j["status"] == "limit_exceeded"));
    // Invariants that hold whatever the example's figures: energy balance, kW/EFLOPS definition.
    CHECK_THAT(j["heat_to_coolant_w"].get<double>(),
               Catch::Matchers::WithinRel(j["liquid_heat_w"].get<double>(), 1e-9));
    CHECK_THAT(j["kw_per_eflops"].get<double>(),
               Catch::Matchers::WithinRel(
                   j["total_power_w"].get<double>() / 1e3 / j["eflops"].get<double>(), 1e-12));
    CHECK_THAT(j["eflops"].get<double>(),
               Catch::Matchers::WithinRel(0.72, 1e-9));  // 72 x 10 PFLOPS
    CHECK(j["devices"].size() >= 72 + 36 + 18);
    CHECK(j["coolant_flow_lpm"].get<double>() > 0.0);
    // The same run with the text report and command-line overrides.
    CliRun t = run_racklink("thermal " RACKLINK_SOURCE_DIR
                "/examples/gb200_nvl72.rack --inlet 30degC --coolant water --delta-t 8K");
    CHECK(t.code == 0);
    CHECK(t.out.find("water coolant, delta_t 8.0 K") != std::string::npos);
    CHECK(t.out.find("W32") != std::string::npos);
}
