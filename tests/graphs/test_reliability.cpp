#include <catch2/catch.hpp>

#include "graphs/reliability.hpp"
#include "graphs/reliability_rbd.hpp"
#include "test_reliability_fixture.hpp"

using namespace racklink::graphs;
using namespace racklink::graphs::testing;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
const PartEffect& part(const ReliabilityResult& r, const std::string& name) {
    for (const PartEffect& p : r.parts)
        if (p.name == name) return p;
    FAIL("no part " << name);
    return r.parts.front();
}
const GroupFigures& group(const ReliabilityResult& r, const std::string& prefix) {
    for (const GroupFigures& g : r.groups)
        if (g.name.rfind(prefix, 0) == 0) return g;
    FAIL("no group " << prefix);
    return r.groups.front();
}
// MIL-HDBK-472 sum of step means of the fixture's tray_swap class (s).
const double kTraySwapS = 600 * std::exp(0.125) + 1800 + (1800 + 3600 + 7200) / 3.0 + 7200;
}  // namespace

TEST_CASE("losing one switch tray of an NVL72 leaves 16/18 of the bisection bandwidth") {
    Model m = build_nvl72();
    ReliabilityResult r = analyze_reliability(m, {});
    REQUIRE(r.message == "");
    REQUIRE(r.domains.size() == 1);
    CHECK(r.domains[0].name == "rack[0]");
    CHECK(r.domains[0].gpus == 72);
    // 36 GPUs x 18 links x 2 lanes x 200 Gb/s / 8 = 32.4 TB/s per direction.
    CHECK_THAT(r.domains[0].bisection_Bps, WithinRel(32.4e12, 1e-12));
    const PartEffect& sw = part(r, "rack[0].nvswitch[3]");
    CHECK_THAT(sw.bandwidth_fraction, WithinRel(16.0 / 18.0, 1e-12));
    CHECK(sw.gpu_fraction == 1.0);
    CHECK(sw.links_lost == 144);  // 72 GPUs x 2 chips
    CHECK_FALSE(sw.outage);
    const PartEffect& chip = part(r, "rack[0].nvswitch[3].chip[1]");
    CHECK_THAT(chip.bandwidth_fraction, WithinRel(17.0 / 18.0, 1e-12));
}

TEST_CASE("GPU, CPU, tray and spine failures have the effects the graph implies") {
    ReliabilityResult r = analyze_reliability(build_nvl72(), {});
    REQUIRE(r.message == "");
    const PartEffect& gpu = part(r, "rack[0].compute[0].gpu[0]");
    CHECK(gpu.gpus_lost == 1);
    CHECK_THAT(gpu.gpu_fraction, WithinRel(71.0 / 72.0, 1e-12));
    CHECK_THAT(gpu.bandwidth_fraction, WithinRel(35.0 / 36.0, 1e-12));
    // A CPU serves two GPUs over host links: both are lost with it.
    const PartEffect& cpu = part(r, "rack[0].compute[17].cpu[1]");
    CHECK(cpu.gpus_lost == 2);
    CHECK_THAT(cpu.gpu_fraction, WithinRel(70.0 / 72.0, 1e-12));
    const PartEffect& tray = part(r, "rack[0].compute[5]");
    CHECK(tray.gpus_lost == 4);
    CHECK_THAT(tray.bandwidth_fraction, WithinRel(32.0 / 36.0, 1e-12));
    CHECK_FALSE(tray.outage);
    const PartEffect& link = part(r, "link rack[0].compute[0].gpu[0] -- rack[0].nvswitch[0].chip[0]");
    CHECK(link.links_lost == 1);
    CHECK_THAT(link.bandwidth_fraction, WithinRel((36.0 * 18 - 1) / (36.0 * 18), 1e-12));
    // Every link crosses the cable spine: its failure stops the domain (factory return).
    const PartEffect& spine = part(r, "rack[0].spine");
    CHECK(spine.outage);
    CHECK(spine.gpus_lost == 72);
    CHECK(spine.links_lost == 1296);
    CHECK(spine.repair == "factory_return");
}

TEST_CASE("redundancy found by probing the graph under the service policy") {
    ReliabilityResult r = analyze_reliability(build_nvl72(), {});
    REQUIRE(r.message == "");
    // Policy: >= 90 % of GPUs reachable and >= 75 % of the bisection bandwidth.
    CHECK(group(r, "SwitchTray in GB200NVL72").tolerated == 2);   // 14/18 ok, 12/18 not
    CHECK(group(r, "NVSwitch5 in SwitchTray").tolerated == 4);    // 14/18 ok, 13/18 not
    CHECK(group(r, "ComputeTray in GB200NVL72").tolerated == 1);  // 64/72 GPUs < 90 %
    CHECK(group(r, "B200 in ComputeTray").tolerated == 7);        // 65/72 ok, 64/72 not
    CHECK(group(r, "Grace in ComputeTray").tolerated == 3);       // 66/72 ok, 64/72 not
    CHECK(group(r, "CableSpine in GB200NVL72").tolerated == 0);
    const GroupFigures& links = group(r, "link via spine");
    CHECK(links.tolerated == 8);
    CHECK(links.tolerated_capped);
    // The policy tightened from the description's globals: a switch tray is now an outage.
    Model strict = build_nvl72({}, {num("min_bisection_fraction", 0.9, 3)});
    ReliabilityResult s = analyze_reliability(strict, {});
    CHECK(part(s, "rack[0].nvswitch[0]").outage);
    CHECK(group(s, "SwitchTray in GB200NVL72").tolerated == 0);
    // The rack's own policy wins over the globals: every GPU must stay reachable.
    ReliabilityResult all = analyze_reliability(
        build_nvl72({}, {num("min_gpu_fraction", 0.5, 3)}, {num("min_gpu_fraction", 1.0, 30)}), {});
    REQUIRE(all.message == "");
    CHECK(all.domains[0].policy.min_gpu_fraction == 1.0);
    CHECK(part(all, "rack[0].compute[0].gpu[0]").outage);
    CHECK(group(all, "B200 in ComputeTray").tolerated == 0);
}

TEST_CASE("rack MTBF, MTTR and availability follow from the parts and their repair classes") {
    Nvl72Fits f;
    ReliabilityResult r = analyze_reliability(build_nvl72(f), {});
    REQUIRE(r.message == "");
    // Total FIT: 72*4000 + 36*500 + 18*3000 + 9*2000 + 18*600 + 1296*20 + 300 = 415,020.
    const double fit_total = 415020;
    CHECK_THAT(r.mtbf_s / 3600, WithinRel(1e9 / fit_total, 1e-9));
    CHECK_THAT(r.domains[0].mtbf_s, WithinRel(r.mtbf_s, 1e-12));
    // MTTR: failure-rate-weighted over tray_swap, cable_reseat (9,000 s) and factory return
    // (2 h + 21 d mean).
    double tray_fit = fit_total - 1296 * 20 - 300;
    double mttr = (tray_fit * kTraySwapS + 1296 * 20 * 9000.0 + 300 * (7200 + 21 * 86400.0)) / fit_total;
    CHECK_THAT(r.mttr_s, WithinRel(mttr, 1e-9));
    REQUIRE(r.classes.size() == 3);
    // Classes in order of first use: the spine is the first part with failure data.
    CHECK(r.classes[0].name == "factory_return");
    CHECK(r.classes[0].dominant_step == "ship_repair");
    CHECK(r.classes[1].name == "tray_swap");
    CHECK(r.classes[1].dominant_step == "retest");
    CHECK_THAT(r.classes[1].mttr_s, WithinRel(kTraySwapS, 1e-12));
    // Availability: series of groups, each a k-of-n Markov chain with repair.
    double a = 1.0;
    auto chain = [&](uint32_t n, uint32_t tol, double fit, double mttr_s) {
        return availability(RedundancyChain{.n = n, .k = n - tol, .failure_rate_per_s = fit * kFitPerSecond,
                                            .mttr_s = mttr_s});
    };
    a *= chain(1, 0, 300, 7200 + 21 * 86400.0);
    a *= chain(18, 1, 3000, kTraySwapS) * chain(36, 3, 500, kTraySwapS) * chain(72, 7, 4000, kTraySwapS);
    a *= chain(9, 2, 2000, kTraySwapS) * chain(18, 4, 600, kTraySwapS) * chain(1296, 8, 20, 9000);
    CHECK_THAT(r.availability, WithinRel(a, 1e-12));
    // The spine (factory return) dominates unavailability: it ranks first.
    CHECK(r.groups.front().name.rfind("CableSpine", 0) == 0);
    CHECK(r.groups.front().criticality > 0.5);
}

TEST_CASE("a single non-redundant part gives MTBO = MTBF + MTTR and GPU-hours = rate*MTTR*GPUs") {
    Nvl72Fits f{.gpu_fit = 0, .cpu_fit = 0, .compute_tray_fit = 0, .switch_tray_fit = 0,
                .switch_chip_fit = 0, .cable_fit = 0, .spine_fit = 1000};
    ReliabilityResult r = analyze_reliability(build_nvl72(f), {});
    REQUIRE(r.message == "");
    const double lambda = 1000 * kFitPerSecond, mttr = 7200 + 21 * 86400.0;
    CHECK_THAT(r.mtbo_s, WithinRel(1 / lambda + mttr, 1e-9));
    CHECK_THAT(r.availability, WithinRel((1 / lambda) / (1 / lambda + mttr), 1e-12));
    CHECK_THAT(r.gpu_hours_lost_per_year,
               WithinRel(lambda * kSecondsPerYear * mttr / 3600 * 72, 1e-12));
    CHECK_THAT(r.outages_per_year, WithinRel(kSecondsPerYear / (1 / lambda + mttr), 1e-9));
}

namespace {
/// A rack with two linked GPUs; g0 has 1000 FIT stated at t_ref 55 degC with Ea 0.7 eV.
/// `operating_temp_k` > 0 sets the global operating temperature.
Model arrhenius_model(double operating_temp_k, Vertex& g0) {
    ModelBuilder b;
    uint32_t file = b.add_file("t.rack");
    b.add_part({"swap", "repair", b.add_params({num("replace", 3600, 2)}), {file, 1, 1}});
    if (operating_temp_k > 0) b.set_globals(b.add_params({num("operating_temp", operating_temp_k, 3)}));
    b.add_profile({.name = "p", .lane_rate_bps = 100e9});
    Vertex rack = b.add_element({.kind = Kind::rack, .name = "r"});
    g0 = b.add_element({.kind = Kind::gpu, .name = "r.g0", .parent = static_cast<int32_t>(rack),
                        .params = b.add_params({num("fit", 1000 * kFitPerSecond, 4),
                                                txt("repair", "swap", 4),
                                                num("ea", 0.7, 4),
                                                num("t_ref", 328.15, 4)}),
                        .loc = {file, 4, 1}});
    Vertex g1 = b.add_element({.kind = Kind::gpu, .name = "r.g1", .parent = static_cast<int32_t>(rack)});
    b.add_link(g0, g1, Link{}, {});
    return std::move(b).finish();
}
// Arrhenius factor from 55 degC to 85 degC at Ea = 0.7 eV: exp(Ea/k (1/328.15 - 1/358.15)).
constexpr double kAf55to85 = 7.952798519753488;
}  // namespace

TEST_CASE("Arrhenius acceleration uses the stated operating temperature") {
    Vertex g0;
    ReliabilityResult r = analyze_reliability(arrhenius_model(358.15, g0), {});
    REQUIRE(r.message == "");
    CHECK_THAT(r.parts[0].failure_rate_per_s, WithinRel(1000 * kFitPerSecond * kAf55to85, 1e-9));
}

TEST_CASE("junction temperatures and joint fatigue from the thermal analysis reach the part rates") {
    Vertex g0;
    Model m = arrhenius_model(0, g0);
    ReliabilityOptions o;
    o.junction_k_by_vertex.assign(boost::num_vertices(m.graph()), kNaN);
    o.joint_failure_rate_by_vertex.assign(boost::num_vertices(m.graph()), 0.0);
    o.junction_k_by_vertex[g0] = 358.15;                      // 85 degC junction from the thermal network
    o.joint_failure_rate_by_vertex[g0] = 50 * kFitPerSecond;  // its joints' thermal-cycling rate
    ReliabilityResult r = analyze_reliability(m, o);
    REQUIRE(r.message == "");
    // Same Arrhenius factor as the stated-temperature case, plus the joints' rate.
    CHECK_THAT(r.parts[0].failure_rate_per_s,
               WithinRel(1000 * kFitPerSecond * kAf55to85 + 50 * kFitPerSecond, 1e-9));
}


TEST_CASE("a part's stated operating temperature overrides the global and t_ref defaults to 40 degC") {
    Param ea = num("ea", 0.7, 4), t_op = num("t_operating", 358.15, 4);
    ParamSet ps{{ea, num("fit", 1e-12, 4), t_op}};
    std::string err;
    SourceLoc loc;
    // Reference 313.15 K (Telcordia SR-332 40 degC) to 358.15 K: exp(0.7/k (1/313.15 - 1/358.15)).
    double af = std::exp(0.7 / 8.617333262e-5 * (1 / 313.15 - 1 / 358.15));
    CHECK_THAT(*failure_rate(ps, 300.0, err, loc), WithinRel(1e-12 * af, 1e-12));
    ParamSet cold{{ea, num("fit", 1e-12, 4), num("t_operating", -1, 9)}};
    CHECK_FALSE(failure_rate(cold, 300.0, err, loc).has_value());
    CHECK(err == "'t_operating' must be a temperature above absolute zero");
    CHECK(loc.line == 9);
    ParamSet life{{num("lognormal_median", 1e6, 2), num("lognormal_sigma", 1.0, 2)}};
    CHECK_THAT(*failure_rate(life, kNaN, err, loc), WithinRel(1 / (1e6 * std::exp(0.5)), 1e-12));
}

TEST_CASE("invalid failure data is an error at the line that gave it") {
    SECTION("negative FIT") {
        Nvl72Fits f;
        f.gpu_fit = -5;
        ReliabilityResult r = analyze_reliability(build_nvl72(f), {});
        CHECK(r.status == ReliabilityStatus::error);
        CHECK(r.message == "nvl72.rack:34:3: error: rack[0].compute[0].gpu[0]: 'fit' must be a "
                           "failure rate >= 0 [REL-0201]");
    }
    SECTION("temperature below absolute zero") {
        ReliabilityResult r = analyze_reliability(build_nvl72({}, {num("operating_temp", -3, 7)}), {});
        CHECK(r.message == "nvl72.rack:7:3: error: 'operating_temp' must be a temperature above "
                           "absolute zero [REL-0205]");
    }
    SECTION("service policy outside [0, 1]") {
        ReliabilityResult r = analyze_reliability(build_nvl72({}, {num("min_gpu_fraction", 1.5, 5)}), {});
        CHECK(r.message == "nvl72.rack:5:3: error: 'min_gpu_fraction' must be in [0, 1] [REL-0204]");
    }
    SECTION("no failure data at all") {
        Nvl72Fits f{0, 0, 0, 0, 0, 0, 0};
        ReliabilityResult r = analyze_reliability(build_nvl72(f), {});
        CHECK(r.message == "nvl72.rack: error: no part has failure data (`fit` or "
                           "`weibull_beta`/`weibull_eta`) [REL-0203]");
    }
}

TEST_CASE("the fleet option runs the Monte Carlo over the model's groups") {
    ReliabilityOptions o;
    o.fleet = FleetOptions{.racks = 200, .years = 1, .seed = 4, .replications = 4};
    ReliabilityResult r = analyze_reliability(build_nvl72(), o);
    REQUIRE(r.message == "");
    REQUIRE(r.fleet.has_value());
    // 200 racks x 730.5 h / MTBF.
    double expected = 200 * 730.5 / (r.mtbf_s / 3600);
    CHECK(std::abs(r.fleet->events_per_month - expected) <= 1.68 * r.fleet->events_per_month_ci95 + 1e-9);
    CHECK(r.fleet->availability < 1.0);
    CHECK(r.fleet->repair_time_p95_h > r.fleet->repair_time_p50_h);
}
