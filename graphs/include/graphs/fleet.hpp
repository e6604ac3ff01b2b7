#pragma once
/// Fleet Monte Carlo: N racks over T years with random failures (constant rates), repair times
/// drawn from each repair class's steps, shared spare pools with one-for-one reorders (an
/// (S-1, S) policy, Sherbrooke, "Optimal Inventory Modeling of Systems", 2nd ed., 2004, ch. 2),
/// repair crews (FIFO) and a factory-return queue with limited slots.
///
/// Replications are independent (own std::mt19937_64 stream from `stream_seed(seed, r)`) and
/// run in parallel on std::threads; results are merged in replication order, so the output for a
/// given seed does not depend on the number of threads.
/// Units: seconds inside; results in hours where the name says `_h`.

#include <cstdint>
#include <string>
#include <vector>

#include "graphs/reliability_repair.hpp"

namespace racklink::graphs {

/// A group of identical parts in every rack.
struct FleetPart {
    std::string name;
    double count = 1.0;               ///< parts of this kind per rack
    double failure_rate_per_s = 0.0;  ///< per part
    uint32_t repair_class = 0;        ///< index into the repair classes
    bool outage = true;               ///< a failure stops the rack's service until repaired
    double gpus_lost = 0.0;           ///< GPUs unavailable while it is repaired (degraded case)
    bool needs_spare = false;         ///< needs a spare even if its repair class does not say so
};

/// Resources of a repair class in the fleet.
struct FleetRepair {
    RepairClass repair;
    /// Spares on the shelf at time 0 for the whole fleet (only when repair.needs_spare).
    uint32_t spares = 0;
};

struct FleetOptions {
    uint32_t racks = 1000;
    double years = 5.0;
    uint64_t seed = 1;
    uint32_t replications = 8;
    uint32_t crews = 0;          ///< repair crews for the fleet (0 = unlimited)
    uint32_t factory_slots = 0;  ///< racks repaired at once by the factory (0 = unlimited)
    uint32_t threads = 0;        ///< 0 = sigint::available_cpus() (the CPUs this process may run on)
    double gpus_per_rack = 0.0;  ///< for GPU-hours lost
    std::string check() const;
};

/// Per repair class figures.
struct FleetClassResult {
    std::string name;
    double events_per_month = 0.0;
    double repair_time_mean_h = 0.0;  ///< failure to restore, including waits
    double repair_time_p95_h = 0.0;
    double spare_wait_mean_h = 0.0;
    double crew_wait_mean_h = 0.0;
    double factory_wait_mean_h = 0.0;
};

struct FleetResult {
    bool ok = false;
    std::string message;
    double events_per_month = 0.0;       ///< failure events in the fleet per month (730.5 h)
    double events_per_month_ci95 = 0.0;  ///< half width over replications
    double outages_per_month = 0.0;      ///< service-affecting events per month
    double availability = 0.0;           ///< 1 - rack outage time / (racks * T), mean
    double availability_ci95 = 0.0;      ///< half width (Student t over replications)
    double gpu_hours_lost_per_rack_year = 0.0;
    double downtime_per_rack_mean_h = 0.0;  ///< outage hours per rack over the horizon
    double downtime_per_rack_p50_h = 0.0;
    double downtime_per_rack_p95_h = 0.0;
    double downtime_per_rack_p99_h = 0.0;
    double repair_time_mean_h = 0.0;  ///< failure to restore, all events, including waits
    double repair_time_p50_h = 0.0;
    double repair_time_p95_h = 0.0;
    double repair_time_p99_h = 0.0;
    uint64_t events = 0;     ///< total over all replications
    uint64_t stockouts = 0;  ///< events that waited for a spare
    std::vector<FleetClassResult> classes;
};

/// Runs the simulation. Invalid input gives ok = false and a message (no exceptions).
FleetResult simulate_fleet(const std::vector<FleetRepair>& repairs,
                           const std::vector<FleetPart>& parts, const FleetOptions& options);

/// Two-sided 95 % Student t quantile for `dof` degrees of freedom (table, dof >= 1).
double student_t95(uint32_t dof);

}  // namespace racklink::graphs
