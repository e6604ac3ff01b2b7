#pragma once
/// Renderings of a reliability result: JSON (the `racklink reliability --json` output) and
/// plain text with units on every number.

#include <string>

#include "graphs/reliability.hpp"

namespace racklink::graphs {

/// JSON text (2-space indent). Keys: status, message, mtbf_h, mttr_h, availability,
/// outages_per_year, mtbo_h, gpu_hours_lost_per_year, policy {min_gpu_fraction,
/// min_bandwidth_fraction}, repair_classes [{name, mttr_h, failures_per_year, share,
/// dominant_step, needs_spare, factory, steps [{name, distribution, mean_h, share}]}],
/// domains [{name, gpus, bisection_TBps, mtbf_h, mtbo_h, mttr_h, availability,
/// outages_per_year, gpu_hours_lost_per_year}], importance [{group, count, fit, mttr_h,
/// tolerated, unavailability, birnbaum, criticality, outages_per_year}], parts [{name, group,
/// repair, fit, gpus_lost, links_lost, gpu_fraction, bandwidth_fraction, outage}], and with a
/// fleet run: fleet {racks, years, seed, events_per_month, events_per_month_ci95,
/// outages_per_month, availability, availability_ci95, downtime_per_rack_h {mean, p50, p95,
/// p99}, repair_time_mean_h, repair_time_p50_h, repair_time_p95_h, repair_time_p99_h,
/// gpu_hours_lost_per_rack_year, stockouts, classes [...]}. Infinite times are null.
std::string reliability_json(const ReliabilityResult& result,
                             const FleetOptions* fleet_options = nullptr);

/// Plain-text report: system figures, repair classes with their steps (dominant step marked),
/// domains, the importance ranking (top `top_groups`), the fleet figures.
std::string render_reliability_text(const ReliabilityResult& result, std::size_t top_groups = 10);

}  // namespace racklink::graphs
