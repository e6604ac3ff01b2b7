#pragma once
/// Reliability, availability and maintainability of a system model: failure rates from the
/// parts' parameters (FIT or Weibull life, Arrhenius-accelerated), repair classes from `repair`
/// part definitions (MIL-HDBK-472 steps), failure effects derived from the graph (connectivity
/// on a boost::filtered_graph of the failed system and max-flow bisection bandwidth), a service
/// policy, redundancy found by probing the graph (k-of-n Markov chains with repair), per-domain
/// MTBF / outages / availability / GPU-hours lost, importance ranking, and optionally the fleet
/// Monte Carlo.
///
/// Parameters read (SI): on elements and segment specs `fit` (1/s), `weibull_beta`,
/// `weibull_eta` (s), `lognormal_median` (s), `lognormal_sigma`, `repair` (text), `spare`
/// (0/1), `ea` (eV, activation energy), `t_ref` (K, temperature at which the rate is stated;
/// default 40 degC as Telcordia SR-332), `t_operating` (K, stated operating temperature),
/// `t_junction` (K, from the thermal analysis when it lands); globals `operating_temp` (K);
/// globals or the rack: `min_gpu_fraction`, `min_bisection_fraction` (alias
/// `min_bandwidth_fraction`). See docs/reliability.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graphs/fleet.hpp"
#include "graphs/model.hpp"
#include "graphs/reliability_rbd_model.hpp"
#include "graphs/reliability_repair.hpp"

namespace racklink::graphs {

/// When a failure stops a scale-up domain rather than degrading it.
struct ServicePolicy {
    /// Minimum fraction of the domain's GPUs still mutually reachable.
    double min_gpu_fraction = 0.9;
    /// Minimum fraction of the domain's intact bisection bandwidth.
    double min_bandwidth_fraction = 0.75;
};

struct ReliabilityOptions {
    /// Read from the globals `min_gpu_fraction` / `min_bandwidth_fraction` when present.
    ServicePolicy policy;
    /// Operating temperature for Arrhenius acceleration (K) when a part has `ea` and `t_ref` but
    /// no `t_junction`; NaN = take the global `operating_temp`.
    double operating_temp_k = kNaN;
    /// From the thermal analysis (ThermalResult, indexed by vertex; empty = none): a device's
    /// junction temperature (K, NaN = not computed) is its Arrhenius operating temperature
    /// unless the part states `t_junction` or `t_operating`; its joints' thermal-cycling
    /// failure rate (1/s, Coffin-Manson / Norris-Landzberg) is added to its own rate.
    std::vector<double> junction_k_by_vertex;
    std::vector<double> joint_failure_rate_by_vertex;
    /// Fabric whose connectivity and bandwidth define service.
    Fabric fabric = Fabric::scale_up;
    /// Repair crews per redundancy group in the Markov models (0 = one per unit).
    uint32_t crews = 0;
    /// Largest number of simultaneous failures probed per redundancy group.
    uint32_t max_probe = 8;
    /// Fleet Monte Carlo (racks > 0 to run it). One fleet unit is the model's scale-up domain;
    /// with several domains, the first domain and the parts of its rack.
    std::optional<FleetOptions> fleet;
    std::string validate() const;
};

enum class ReliabilityStatus : uint8_t { ok, error };

/// What the failure of one part costs, from the graph.
struct PartEffect {
    std::string name;             ///< instance path, or "link A -- B"
    std::string group;            ///< redundancy group key (type / route)
    std::string repair;           ///< repair class name
    double failure_rate_per_s = 0.0;
    double mttr_s = 0.0;
    int32_t domain = -1;          ///< the (first) domain it affects, -1 none
    int32_t gpus_lost = 0;        ///< GPUs not reachable while it is repaired (all when outage)
    int32_t links_lost = 0;       ///< fabric links lost
    double gpu_fraction = 1.0;    ///< reachable GPUs / domain GPUs (worst touched domain)
    double bandwidth_fraction = 1.0;  ///< bisection after / before (worst touched domain)
    bool outage = false;          ///< violates the service policy
};

/// A group of identical parts (same definition type and parent type, same domain), with the
/// number of simultaneous failures the policy tolerates found by failing 1, 2, ... of them.
struct GroupFigures {
    std::string name;
    int32_t domain = -1;
    uint32_t count = 0;
    double failure_rate_per_s = 0.0;  ///< per part
    double mttr_s = 0.0;              ///< mean over members
    uint32_t tolerated = 0;           ///< failures tolerated (0 = any failure is an outage)
    bool tolerated_capped = false;    ///< `tolerated` reached max_probe
    double unavailability = 0.0;      ///< P(more than `tolerated` failed), Markov chain
    double outage_rate_per_s = 0.0;   ///< frequency of group-caused outages
    double birnbaum = 0.0;            ///< dU_domain / dU_group (series of groups)
    double criticality = 0.0;         ///< birnbaum * U_group / U_domain
};

/// One repair class as used by the model.
struct ClassFigures {
    std::string name;
    RepairClass repair;
    double mttr_s = 0.0;
    double failure_rate_per_s = 0.0;  ///< summed over parts using it
    std::string dominant_step;
};

/// One scale-up domain (connected component of the fabric holding GPUs).
struct DomainFigures {
    std::string name;          ///< the rack's name when all its GPUs share one, else "domain[i]"
    ServicePolicy policy;      ///< options < globals < the rack's own parameters
    int32_t gpus = 0;
    double bisection_Bps = 0.0;    ///< intact, per direction (bytes/s)
    double failure_rate_per_s = 0.0;
    double mtbf_s = 0.0;           ///< any failure
    double outage_rate_per_s = 0.0;
    double mtbo_s = 0.0;           ///< mean time between service-affecting outages
    double mttr_s = 0.0;           ///< failure-rate-weighted over its parts
    double availability = 1.0;
    double gpu_hours_lost_per_year = 0.0;
};

struct ReliabilityResult {
    ReliabilityStatus status = ReliabilityStatus::ok;
    std::string message;  ///< errors, rendered "file:line:col: error: ... [REL-....]"
    ServicePolicy policy;
    std::vector<PartEffect> parts;      ///< every part with a failure rate, model order
    std::vector<GroupFigures> groups;   ///< sorted by criticality, descending
    std::vector<ClassFigures> classes;  ///< in order of first use
    std::vector<DomainFigures> domains;
    // System (all domains of the model together).
    double failure_rate_per_s = 0.0;
    double mtbf_s = 0.0;
    double mttr_s = 0.0;
    double outages_per_year = 0.0;
    double mtbo_s = 0.0;
    double availability = 1.0;  ///< mean over domains, GPU-weighted
    double gpu_hours_lost_per_year = 0.0;
    std::optional<FleetResult> fleet;
    /// Plain block diagrams described as `rbd` part definitions (see reliability_rbd_model.hpp).
    std::vector<RbdFigures> rbds;
};

/// Runs the analysis. Bad data is a result with status error and a located message.
ReliabilityResult analyze_reliability(const Model& model, const ReliabilityOptions& options);

/// Failure rate of a parameter set (1/s): `fit`, or the long-run renewal rate 1 / mean life of a
/// Weibull (eta * Gamma(1 + 1/beta)) or lognormal (median * exp(sigma^2/2)) life, times the
/// Arrhenius factor when `ea` is set (operating temperature: `t_junction`, `t_operating`, else
/// `t_op_k`). Returns nullopt and sets `error` for invalid data; 0 when the set has no
/// failure data.
std::optional<double> failure_rate(const ParamSet& params, double t_op_k, std::string& error,
                                   SourceLoc& error_loc);

}  // namespace racklink::graphs
