#pragma once
/// Repair classes built from maintenance steps, in the manner of MIL-HDBK-472 (Maintainability
/// Prediction, 1966), Procedure II/V: each corrective-maintenance task is a sequence of steps
/// (detection and fault isolation, drain/requeue of jobs, access, spare logistics, replacement,
/// re-test and burn-in, or a factory return), each with its own time distribution; the task's
/// mean time to repair is the sum of the step means, and the system MTTR is the failure-rate-
/// weighted mean over classes:  MTTR = sum(lambda_i * MTTR_i) / sum(lambda_i)  (MIL-HDBK-472
/// Procedure II, eq. for Mct; also MIL-HDBK-338B sec. 11.4).
///
/// A repair class is read from a `repair` PartDef whose parameters arrive flattened from
/// named-argument call values: `detect = lognormal(median = 10 min, sigma = 0.5)` gives
/// `detect` (text "lognormal"), `detect.median` (600 s), `detect.sigma` (0.5). A plain number
/// (`replace = 30 min`) is a fixed time. Reserved (non-step) names: see `kRepairReserved`.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graphs/model.hpp"
#include "graphs/reliability_dist.hpp"

namespace racklink::graphs {

/// One maintenance step.
struct RepairStep {
    std::string name;  ///< e.g. "detect", "drain", "access", "replace", "retest"
    Distribution time;
    SourceLoc loc;
};

/// A repair class: its steps in order and the resources it needs.
struct RepairClass {
    std::string name;
    std::vector<RepairStep> steps;
    /// Index of the first hands-on step (needs a crew and, with `needs_spare`, a spare). Steps
    /// before it (detection, isolation, drain) run as soon as the failure happens.
    uint32_t hands_on_from = 0;
    bool needs_spare = false;  ///< `spare = 1`: a spare part from the pool is consumed
    bool needs_crew = true;    ///< `crew = 0` for remote fixes (reboot, reseat by automation)
    bool factory = false;      ///< `factory = 1`: the whole rack goes to the factory queue
    /// `restock = dist(...)`: depot lead time to replace a used spare (one-for-one reorder).
    std::optional<Distribution> restock;
    /// `pool = N`: spares on the shelf for the whole fleet at the start (fleet simulation).
    uint32_t pool = 0;
    std::string source;  ///< citation of the times
    SourceLoc loc;

    /// Sum of the step means (s).
    double mttr_s() const;
    /// The step with the largest mean (index), or -1 without steps.
    int dominant_step() const;
};

/// Parameter names of a `repair` PartDef that are not steps.
inline constexpr std::array<std::string_view, 7> kRepairReserved = {
    "crew", "factory", "hands_on", "pool", "restock", "source", "spare"};

/// Outcome of reading a repair class: the class, or one error with its location.
struct RepairRead {
    std::optional<RepairClass> value;
    std::string error;  ///< "file:line:col: error: message [REL-0101]" when it failed
};

/// Reads a `repair` PartDef. Steps are ordered by their source location (the order written).
/// Errors: unknown distribution kind, missing or negative field, unknown field, no steps.
RepairRead read_repair_class(const Model& model, const PartDef& part);

/// Reads a distribution written as the value of `name` in `params` (a number = fixed time,
/// or text kind + `name.field` values). Error text without location on failure.
std::optional<Distribution> read_distribution(const ParamSet& params, std::string_view name,
                                              std::string& error);

/// Failure-rate-weighted mean of repair times: sum(rate_i * mttr_i) / sum(rate_i) (s).
/// 0 when the total rate is 0.
double weighted_mttr(const std::vector<double>& rates_per_s, const std::vector<double>& mttr_s);

}  // namespace racklink::graphs
