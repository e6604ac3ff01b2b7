#include "graphs/reliability_report.hpp"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace racklink::graphs {

namespace {
using Json = nlohmann::ordered_json;
constexpr double kH = kSecondsPerHour;

Json num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }
double fit_of(double rate_per_s) { return rate_per_s / kFitPerSecond; }

std::string hours(double s) {
    if (std::isnan(s)) return "n/a";
    if (!std::isfinite(s)) return "never";
    double h = s / kH;
    if (h >= 1e7) return fmt::format("{:.3g} h", h);
    if (h >= 48) return fmt::format("{:.0f} h ({:.1f} d)", h, h / 24);
    return fmt::format("{:.2f} h", h);
}
}  // namespace

std::string reliability_json(const ReliabilityResult& r, const FleetOptions* fo) {
    Json j;
    j["status"] = r.status == ReliabilityStatus::ok ? "ok" : "error";
    j["message"] = r.message;
    if (r.status != ReliabilityStatus::ok) return j.dump(2) + "\n";
    j["mtbf_h"] = num(r.mtbf_s / kH);
    j["mttr_h"] = num(r.mttr_s / kH);
    j["availability"] = num(r.availability);
    j["outages_per_year"] = num(r.outages_per_year);
    j["mtbo_h"] = num(r.mtbo_s / kH);
    j["gpu_hours_lost_per_year"] = num(r.gpu_hours_lost_per_year);
    j["policy"] = {{"min_gpu_fraction", r.policy.min_gpu_fraction},
                   {"min_bandwidth_fraction", r.policy.min_bandwidth_fraction}};
    Json classes = Json::array();
    for (const ClassFigures& c : r.classes) {
        Json steps = Json::array();
        for (const RepairStep& s : c.repair.steps)
            steps.push_back({{"name", s.name},
                             {"distribution", s.time.describe()},
                             {"mean_h", num(s.time.mean() / kH)},
                             {"share", num(c.mttr_s > 0 ? s.time.mean() / c.mttr_s : 0.0)}});
        classes.push_back({{"name", c.name},
                           {"mttr_h", num(c.mttr_s / kH)},
                           {"failures_per_year", num(c.failure_rate_per_s * kSecondsPerYear)},
                           {"share", num(r.failure_rate_per_s > 0
                                             ? c.failure_rate_per_s / r.failure_rate_per_s
                                             : 0.0)},
                           {"dominant_step", c.dominant_step},
                           {"needs_spare", c.repair.needs_spare},
                           {"factory", c.repair.factory},
                           {"steps", std::move(steps)}});
    }
    j["repair_classes"] = std::move(classes);
    Json domains = Json::array();
    for (const DomainFigures& d : r.domains)
        domains.push_back({{"name", d.name},
                           {"gpus", d.gpus},
                           {"min_gpu_fraction", d.policy.min_gpu_fraction},
                           {"min_bisection_fraction", d.policy.min_bandwidth_fraction},
                           {"bisection_TBps", num(d.bisection_Bps / 1e12)},
                           {"mtbf_h", num(d.mtbf_s / kH)},
                           {"mtbo_h", num(d.mtbo_s / kH)},
                           {"mttr_h", num(d.mttr_s / kH)},
                           {"availability", num(d.availability)},
                           {"outages_per_year", num(d.outage_rate_per_s * kSecondsPerYear)},
                           {"gpu_hours_lost_per_year", num(d.gpu_hours_lost_per_year)}});
    j["domains"] = std::move(domains);
    Json imp = Json::array();
    for (const GroupFigures& g : r.groups)
        imp.push_back({{"group", g.name},
                       {"count", g.count},
                       {"fit", num(fit_of(g.failure_rate_per_s))},
                       {"mttr_h", num(g.mttr_s / kH)},
                       {"tolerated", g.tolerated},
                       {"tolerated_capped", g.tolerated_capped},
                       {"unavailability", num(g.unavailability)},
                       {"birnbaum", num(g.birnbaum)},
                       {"criticality", num(g.criticality)},
                       {"outages_per_year", num(g.outage_rate_per_s * kSecondsPerYear)}});
    j["importance"] = std::move(imp);
    Json parts = Json::array();
    for (const PartEffect& p : r.parts)
        parts.push_back({{"name", p.name},
                         {"group", p.group},
                         {"repair", p.repair},
                         {"fit", num(fit_of(p.failure_rate_per_s))},
                         {"gpus_lost", p.gpus_lost},
                         {"links_lost", p.links_lost},
                         {"gpu_fraction", num(p.gpu_fraction)},
                         {"bandwidth_fraction", num(p.bandwidth_fraction)},
                         {"outage", p.outage}});
    j["parts"] = std::move(parts);
    Json rbds = Json::array();
    for (const RbdFigures& d : r.rbds) {
        Json units = Json::array();
        for (const Importance& i : d.importance)
            units.push_back({{"unit", i.name},
                           {"unavailability", num(i.probability)},
                           {"birnbaum", num(i.birnbaum)},
                           {"criticality", num(i.criticality)},
                           {"raw", num(i.raw)},
                           {"rrw", num(i.rrw)}});
        rbds.push_back({{"name", d.name},
                        {"availability", num(d.availability)},
                        {"mttf_h", num(d.mttf_s / kH)},
                        {"importance", std::move(units)}});
    }
    j["rbds"] = std::move(rbds);
    if (r.fleet) {
        const FleetResult& f = *r.fleet;
        Json fj;
        if (fo) {
            fj["racks"] = fo->racks;
            fj["years"] = fo->years;
            fj["seed"] = fo->seed;
            fj["replications"] = fo->replications;
        }
        fj["events_per_month"] = num(f.events_per_month);
        fj["events_per_month_ci95"] = num(f.events_per_month_ci95);
        fj["outages_per_month"] = num(f.outages_per_month);
        fj["availability"] = num(f.availability);
        fj["availability_ci95"] = num(f.availability_ci95);
        fj["downtime_per_rack_h"] = {{"mean", num(f.downtime_per_rack_mean_h)},
                                     {"p50", num(f.downtime_per_rack_p50_h)},
                                     {"p95", num(f.downtime_per_rack_p95_h)},
                                     {"p99", num(f.downtime_per_rack_p99_h)}};
        fj["repair_time_mean_h"] = num(f.repair_time_mean_h);
        fj["repair_time_p50_h"] = num(f.repair_time_p50_h);
        fj["repair_time_p95_h"] = num(f.repair_time_p95_h);
        fj["repair_time_p99_h"] = num(f.repair_time_p99_h);
        fj["gpu_hours_lost_per_rack_year"] = num(f.gpu_hours_lost_per_rack_year);
        fj["stockouts"] = f.stockouts;
        Json fc = Json::array();
        for (const FleetClassResult& c : f.classes)
            fc.push_back({{"name", c.name},
                          {"events_per_month", num(c.events_per_month)},
                          {"repair_time_mean_h", num(c.repair_time_mean_h)},
                          {"repair_time_p95_h", num(c.repair_time_p95_h)},
                          {"spare_wait_mean_h", num(c.spare_wait_mean_h)},
                          {"crew_wait_mean_h", num(c.crew_wait_mean_h)},
                          {"factory_wait_mean_h", num(c.factory_wait_mean_h)}});
        fj["classes"] = std::move(fc);
        j["fleet"] = std::move(fj);
    }
    return j.dump(2) + "\n";
}

std::string render_reliability_text(const ReliabilityResult& r, std::size_t top_groups) {
    if (r.status != ReliabilityStatus::ok) return r.message + "\n";
    std::string o;
    o += fmt::format("MTBF (any failure)          {}\n", hours(r.mtbf_s));
    o += fmt::format("MTTR (rate-weighted)        {}\n", hours(r.mttr_s));
    o += fmt::format("service outages             {:.3f} per year (MTBO {})\n", r.outages_per_year,
                     hours(r.mtbo_s));
    o += fmt::format("availability                {:.6f}\n", r.availability);
    o += fmt::format("GPU-hours lost               {:.1f} per year\n", r.gpu_hours_lost_per_year);
    for (const DomainFigures& d : r.domains)
        o += fmt::format("service policy              {}: >= {:.0f}% GPUs reachable, >= {:.0f}% bisection\n",
                         d.name, 100 * d.policy.min_gpu_fraction, 100 * d.policy.min_bandwidth_fraction);
    o += "\nrepair classes\n";
    for (const ClassFigures& c : r.classes) {
        o += fmt::format("  {:<20} MTTR {:>16}  {:5.1f}% of failures{}{}\n", c.name, hours(c.mttr_s),
                         r.failure_rate_per_s > 0 ? 100 * c.failure_rate_per_s / r.failure_rate_per_s : 0.0,
                         c.repair.needs_spare ? ", spare" : "", c.repair.factory ? ", factory" : "");
        for (const RepairStep& s : c.repair.steps)
            o += fmt::format("    {} {:<14} {:>16}  {}\n", s.name == c.dominant_step ? "*" : " ", s.name,
                             hours(s.time.mean()), s.time.describe());
    }
    o += "\ndomains\n";
    for (const DomainFigures& d : r.domains)
        o += fmt::format("  {:<16} {:>4} GPUs  bisection {:.2f} TB/s  MTBF {}  MTBO {}  A {:.6f}  "
                         "{:.1f} GPU-h/yr lost\n",
                         d.name, d.gpus, d.bisection_Bps / 1e12, hours(d.mtbf_s), hours(d.mtbo_s),
                         d.availability, d.gpu_hours_lost_per_year);
    o += "\nimportance (by criticality)\n";
    for (std::size_t i = 0; i < r.groups.size() && i < top_groups; ++i) {
        const GroupFigures& g = r.groups[i];
        o += fmt::format("  {:<48} {:>9.0f} FIT  tolerates {}{}  U {:.3e}  Birnbaum {:.4f}  "
                         "criticality {:.4f}\n",
                         g.name, fit_of(g.failure_rate_per_s), g.tolerated,
                         g.tolerated_capped ? "+" : "", g.unavailability, g.birnbaum, g.criticality);
    }
    for (const RbdFigures& d : r.rbds) {
        o += fmt::format("\nblock diagram {}: availability {:.8f}, MTTF without repair {}\n", d.name,
                         d.availability, hours(d.mttf_s));
        for (const Importance& i : d.importance)
            o += fmt::format("  {:<40} U {:.3e}  Birnbaum {:.4e}  criticality {:.4f}\n", i.name,
                             i.probability, i.birnbaum, i.criticality);
    }
    if (r.fleet) {
        const FleetResult& f = *r.fleet;
        o += "\nfleet Monte Carlo\n";
        o += fmt::format("  failure events     {:.1f} +- {:.1f} per month\n", f.events_per_month,
                         f.events_per_month_ci95);
        o += fmt::format("  outages            {:.1f} per month\n", f.outages_per_month);
        o += fmt::format("  availability       {:.6f} +- {:.6f}\n", f.availability, f.availability_ci95);
        o += fmt::format("  downtime per rack  mean {:.1f} h, P50 {:.1f} h, P95 {:.1f} h, P99 {:.1f} h\n",
                         f.downtime_per_rack_mean_h, f.downtime_per_rack_p50_h,
                         f.downtime_per_rack_p95_h, f.downtime_per_rack_p99_h);
        o += fmt::format("  repair time        mean {:.1f} h, P50 {:.1f} h, P95 {:.1f} h, P99 {:.1f} h\n",
                         f.repair_time_mean_h, f.repair_time_p50_h, f.repair_time_p95_h,
                         f.repair_time_p99_h);
        for (const FleetClassResult& c : f.classes)
            o += fmt::format("    {:<20} {:8.2f}/month  mean {:.1f} h  P95 {:.1f} h  waits: spare "
                             "{:.1f} h, crew {:.1f} h, factory {:.1f} h\n",
                             c.name, c.events_per_month, c.repair_time_mean_h, c.repair_time_p95_h,
                             c.spare_wait_mean_h, c.crew_wait_mean_h, c.factory_wait_mean_h);
    }
    return o;
}

}  // namespace racklink::graphs
