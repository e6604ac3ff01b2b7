#include <catch2/catch.hpp>

#include "graphs/fleet.hpp"

using namespace racklink::graphs;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
FleetRepair fixed_repair(const std::string& name, double hours) {
    FleetRepair r;
    r.repair.name = name;
    r.repair.steps.push_back({"replace", Distribution::fixed(hours * 3600.0), {}});
    return r;
}
double per_hour(double mtbf_h) { return 1.0 / (mtbf_h * 3600.0); }
}  // namespace

TEST_CASE("1,000 racks with an 8,000 h MTBF see about 91 failure events a month") {
    FleetOptions o{.racks = 1000, .years = 2, .seed = 3, .replications = 8};
    FleetResult r = simulate_fleet({fixed_repair("swap", 4)}, {{"rack", 1, per_hour(8000)}}, o);
    REQUIRE(r.ok);
    // Expected: 1000 * 730.5 h / 8000 h = 91.31 events per month (Poisson superposition).
    INFO(r.events_per_month << " +- " << r.events_per_month_ci95);
    CHECK(std::abs(r.events_per_month - 91.3125) <= 1.68 * r.events_per_month_ci95);
    CHECK_THAT(r.events_per_month, WithinRel(91.3125, 0.02));
    CHECK(r.events_per_month_ci95 < 3.5);  // t(7) * sqrt(2191) / 24 / sqrt(8) = 1.6 expected
}

TEST_CASE("fleet availability matches the closed form for a rack-level Poisson process") {
    // Rack failures keep arriving during repair (a rack of many parts), so the outage fraction
    // is that of an M/G/infinity queue: 1 - exp(-lambda * MTTR); ~ MTTR / (MTBF + MTTR).
    const double mtbf_h = 500, mttr_h = 20;
    FleetOptions o{.racks = 200, .years = 5, .seed = 5, .replications = 10};
    FleetResult r = simulate_fleet({fixed_repair("swap", mttr_h)}, {{"rack", 1, per_hour(mtbf_h)}}, o);
    REQUIRE(r.ok);
    double exact = std::exp(-mttr_h / mtbf_h);
    INFO(r.availability << " +- " << r.availability_ci95 << " exact " << exact);
    CHECK(std::abs(r.availability - exact) <= 1.68 * r.availability_ci95);
    CHECK_THAT(r.availability, WithinAbs(mtbf_h / (mtbf_h + mttr_h), 2e-3));
    CHECK_THAT(r.repair_time_p50_h, WithinRel(20.0, 1e-9));
    CHECK_THAT(r.repair_time_p95_h, WithinRel(20.0, 1e-9));
    // Mean downtime per rack over 5 years = 5 y * (1 - A).
    CHECK_THAT(r.downtime_per_rack_mean_h, WithinRel(5 * 8766 * (1 - r.availability), 1e-6));
}

TEST_CASE("one repair crew behaves as an M/M/1 queue: mean wait rho/(mu - lambda)") {
    // 100 racks, each failing every 20,000 h: fleet arrivals 1/200 per hour; exponential
    // hands-on repair with mean 100 h: rho = 0.5, Wq = rho * s / (1 - rho) = 100 h.
    FleetRepair r;
    r.repair.name = "crew";
    r.repair.steps.push_back({"replace", Distribution::exponential(100 * 3600.0), {}});
    FleetOptions o{.racks = 100, .years = 200, .seed = 9, .replications = 8, .crews = 1};
    FleetResult f = simulate_fleet({r}, {{"rack", 1, per_hour(20000)}}, o);
    REQUIRE(f.ok);
    CHECK_THAT(f.classes[0].crew_wait_mean_h, WithinRel(100.0, 0.08));
    CHECK_THAT(f.repair_time_mean_h, WithinRel(200.0, 0.05));
    // Unlimited crews: no wait.
    o.crews = 0;
    CHECK(simulate_fleet({r}, {{"rack", 1, per_hour(20000)}}, o).classes[0].crew_wait_mean_h == 0);
}

TEST_CASE("an empty spare shelf makes every repair wait its reorder lead time") {
    FleetRepair r = fixed_repair("tray", 2);
    r.repair.needs_spare = true;
    r.repair.restock = Distribution::fixed(336 * 3600.0);  // 2 weeks from the depot
    r.spares = 0;
    FleetOptions o{.racks = 50, .years = 1, .seed = 2, .replications = 4};
    FleetResult f = simulate_fleet({r}, {{"tray", 18, per_hour(50000)}}, o);
    REQUIRE(f.ok);
    CHECK_THAT(f.classes[0].spare_wait_mean_h, WithinRel(336.0, 1e-9));
    CHECK(f.stockouts == f.events);
    // A deep shelf never runs out: (S-1, S) with S far above lead-time demand.
    r.spares = 200;
    FleetResult g = simulate_fleet({r}, {{"tray", 18, per_hour(50000)}}, o);
    CHECK(g.stockouts == 0);
    CHECK_THAT(g.repair_time_mean_h, WithinRel(2.0, 1e-9));
}

TEST_CASE("the fleet result is the same for a seed whatever the number of threads") {
    FleetOptions o{.racks = 300, .years = 3, .seed = 77, .replications = 6, .threads = 1};
    std::vector<FleetRepair> rep = {fixed_repair("a", 3)};
    rep[0].repair.steps.push_back({"retest", Distribution::lognormal(3600, 0.7), {}});
    std::vector<FleetPart> parts = {{"gpu", 72, per_hour(100000), 0, false, 1.0},
                                    {"switch", 9, per_hour(200000), 0, true}};
    FleetResult a = simulate_fleet(rep, parts, o);
    o.threads = 2;
    FleetResult b = simulate_fleet(rep, parts, o);
    CHECK(a.events == b.events);
    CHECK(a.availability == b.availability);
    CHECK(a.repair_time_p95_h == b.repair_time_p95_h);
    CHECK(a.gpu_hours_lost_per_rack_year == b.gpu_hours_lost_per_rack_year);
    o.seed = 78;
    CHECK(simulate_fleet(rep, parts, o).events != a.events);
}

TEST_CASE("invalid fleet input is a message, not a NaN") {
    FleetOptions o;
    o.replications = 1;
    CHECK_FALSE(simulate_fleet({fixed_repair("a", 1)}, {{"x", 1, 1e-6}}, o).ok);
    o.replications = 4;
    FleetResult r = simulate_fleet({fixed_repair("a", 1)}, {{"x", 1, -1e-6}}, o);
    CHECK_FALSE(r.ok);
    CHECK(r.message == "part 'x': the failure rate and count must be >= 0");
    CHECK(student_t95(7) == 2.365);
}
