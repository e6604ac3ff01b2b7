#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "graphs/reliability_report.hpp"
#include "test_reliability_fixture.hpp"

using namespace racklink::graphs;
using namespace racklink::graphs::testing;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

TEST_CASE("reliability JSON carries the documented keys with the result's numbers") {
    ReliabilityOptions o;
    FleetOptions fo{.racks = 50, .years = 1, .seed = 2, .replications = 3};
    o.fleet = fo;
    ReliabilityResult r = analyze_reliability(build_nvl72(), o);
    REQUIRE(r.message == "");
    nlohmann::json j = nlohmann::json::parse(reliability_json(r, &fo));
    CHECK(j["status"] == "ok");
    CHECK_THAT(j["mtbf_h"].get<double>(), WithinRel(r.mtbf_s / 3600, 1e-12));
    CHECK_THAT(j["mttr_h"].get<double>(), WithinRel(r.mttr_s / 3600, 1e-12));
    CHECK(j["availability"].get<double>() == r.availability);
    CHECK(j["outages_per_year"].get<double>() == r.outages_per_year);
    REQUIRE(j["repair_classes"].size() == 3);
    const auto& tray = j["repair_classes"][1];
    CHECK(tray["name"] == "tray_swap");
    CHECK(tray["dominant_step"] == "retest");
    REQUIRE(tray["steps"].size() == 4);
    CHECK(tray["steps"][0]["name"] == "detect");
    CHECK(tray["steps"][0]["distribution"] == "lognormal(median = 600 s, sigma = 0.5)");
    CHECK_THAT(tray["mttr_h"].get<double>(), WithinRel(r.classes[1].mttr_s / 3600, 1e-12));
    for (const char* k : {"events_per_month", "availability", "availability_ci95",
                          "repair_time_p50_h", "repair_time_p95_h"})
        CHECK(j["fleet"][k].is_number());
    CHECK(j["fleet"]["racks"] == 50);
    CHECK(j["importance"][0]["group"].get<std::string>().rfind("CableSpine", 0) == 0);
    CHECK(j["parts"].size() == r.parts.size());
}

TEST_CASE("the text report shows the classes, their dominant step and the ranking") {
    ReliabilityResult r = analyze_reliability(build_nvl72(), {});
    std::string t = render_reliability_text(r, 3);
    CHECK_THAT(t, Contains("service policy              rack[0]: >= 90% GPUs reachable, >= 75% bisection\n"));
    CHECK_THAT(t, Contains("    * retest                   2.00 h  fixed(7200 s)\n"));
    CHECK_THAT(t, Contains("    * ship_repair      504 h (21.0 d)  uniform(min = 1.2096e+06 s, max = 2.4192e+06 s)\n"));
    CHECK_THAT(t, Contains("  rack[0]            72 GPUs  bisection 32.40 TB/s"));
    CHECK_THAT(t, Contains("importance (by criticality)\n  CableSpine in GB200NVL72 x1 in rack[0]"));
}

TEST_CASE("an error result renders as its located message in both forms") {
    Nvl72Fits f;
    f.gpu_fit = -1;
    ReliabilityResult r = analyze_reliability(build_nvl72(f), {});
    CHECK(render_reliability_text(r) == r.message + "\n");
    nlohmann::json j = nlohmann::json::parse(reliability_json(r));
    CHECK(j["status"] == "error");
    CHECK(j["message"] == r.message);
}
