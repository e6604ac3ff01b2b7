#pragma once
/// The analyses behind `racklink compare` and `racklink report`: every analysis of one system
/// (structure, signal integrity, thermal, reliability with a fleet Monte Carlo, yield, cost per
/// token, and Channel Operating Margin when the system has measured COM channels) run once into a
/// `SystemAnalysis`, and the comparison table built from several of them
/// (one row per figure, units on every number, the better value marked, a one-line verdict).
/// An analysis that fails keeps its status and message; its rows show `n/a` for that system and
/// the message is listed under the table. See docs/compare.md.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graphs/com_analysis.hpp"
#include "graphs/model.hpp"
#include "graphs/reliability.hpp"
#include "graphs/sigint_analysis.hpp"
#include "graphs/structure.hpp"
#include "graphs/thermal_analysis.hpp"
#include "graphs/yield_analysis.hpp"
#include "reports/cost.hpp"
#include "reports/table.hpp"

namespace racklink::reports {

/// Options of `analyze_system`.
struct ReviewOptions {
    /// Fleet Monte Carlo size in racks: the fleet has ceil(fleet_racks / racks of the model)
    /// units (one unit = the whole model), so systems of different size see the same rack count.
    uint32_t fleet_racks = 128;
    double fleet_years = 5.0;
    uint64_t seed = 1;              ///< fleet and impedance Monte Carlo seed (determinism)
    uint32_t fleet_replications = 4;
    uint32_t yield_samples = 2000;  ///< boards per impedance Monte Carlo
    /// Models with more GPUs than this run in the cheaper mode: fleet of at most 4 units with 2
    /// replications, no failure-effect bisection probing beyond 2 simultaneous failures.
    uint32_t heavy_gpus = 1024;
    /// Name of the `study` part holding the cost inputs ("" = the first study part, if any).
    std::string study;
    /// Worker threads of each parallel stage: the analyses of the systems, the fleet and
    /// impedance Monte Carlo, COM over distinct channels (0 = sigint::available_cpus(); results
    /// do not depend on it: every stage merges in a fixed order).
    unsigned threads = 0;
    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// One analysis's outcome as shown in the reports.
struct AnalysisStatus {
    /// "structure", "sigint", "thermal", "reliability", "yield", "cost", and "com" (only for a
    /// system with COM links)
    std::string analysis;
    bool ok = true;        ///< numbers usable (thermal limit exceeded still counts as ok)
    std::string status;    ///< analysis status text ("ok", "fail", "limit_exceeded", "error")
    std::string message;   ///< first lines of the analysis message (located errors)
};

/// Interconnect share of the yield analysis: the assemblies of interconnect kind (backplane,
/// connector, retimer, optical engine, laser source) or with cable-tray or CPO yield data,
/// outermost only (an assembly inside another listed one is counted through its parent).
struct InterconnectYield {
    bool has_data = false;
    double yield = 1.0;                ///< product of yield^count
    double cost_per_good_usd = 0.0;    ///< sum of count x cost per good unit
    std::vector<std::string> assemblies;  ///< the types counted
};

/// Everything the review needs from one system.
struct SystemAnalysis {
    std::string label;  ///< column name (option value, model name or file stem)
    std::string path;
    bool cheap_mode = false;  ///< heavy model: reduced fleet/probing (see ReviewOptions)
    int64_t racks = 0;
    int64_t gpus = 0;
    graphs::StructureResult structure;
    graphs::SigintResult sigint;
    graphs::ThermalResult thermal;
    graphs::ReliabilityResult reliability;
    uint32_t fleet_units = 0;
    graphs::YieldResult yield;
    InterconnectYield interconnect_yield;
    CostInputs cost_inputs;
    CostResult cost;
    bool cost_available = false;  ///< tokens_per_s given (else cost rows are n/a)
    std::string cost_source;      ///< where the cost inputs were read ("globals", "study X")
    std::vector<AnalysisStatus> statuses;
    /// Worst reach margin over links with a reach medium (m), NaN when none.
    double worst_reach_margin_m = graphs::kNaN;
    std::string worst_reach_medium;
    /// Rack power of the largest rack (W) and its power density (W per rack unit).
    double max_rack_power_w = graphs::kNaN;
    double max_rack_w_per_u = graphs::kNaN;
    /// Availability used for cost per token: the fleet's when it ran, else the analytic one.
    double availability = graphs::kNaN;
    /// Channel Operating Margin (IEEE 802.3 Annex 93A) of the links whose channel is a measured
    /// Touchstone file (graphs::analyze_com with the description's own configurations; relative
    /// files next to the description). Run only when the model has a `touchstone` segment.
    graphs::ComAnalysis com;
    /// The system has COM links: the COM analysis found some, or failed on them (then the
    /// "com" status is error and `com` holds only the message and warnings). False: no "com"
    /// status, no COM section, the COM rows are n/a ("no COM links").
    bool com_links = false;
};

/// Runs every analysis of `model` (never throws for bad data: failures are statuses).
SystemAnalysis analyze_system(const graphs::Model& model, std::string label, std::string path,
                              const ReviewOptions& options = {});

/// Interconnect part of a yield result (see InterconnectYield).
InterconnectYield interconnect_yield(const graphs::YieldResult& y);

/// Cost-per-token inputs of a model: `electricity_price` (USD/J), `operations_cost` (USD/s),
/// `depreciation_years` (s), `tokens_per_s` (tok/s), `pue` and `cost` (USD) read from the
/// study part (named `study` or the first one), else the globals, else the first rack; capex
/// is the description's `annual`-free roll-up: the sum of every element's own `cost` (USD).
/// `it_power_w` and `availability` are filled by the caller. Returns nullopt when no
/// `tokens_per_s` is given; `source` names where the inputs came from.
std::optional<CostInputs> cost_inputs(const graphs::Model& model, const std::string& study,
                                      std::string& source);

/// Link classes merged by displayed name ("route / profile"; a hall repeats each rack's routes,
/// giving many classes of one name): the worst of each name is kept (`classes` is worst first),
/// links and failing links summed; `merged` counts the classes behind each entry. For the
/// sigint and the COM link classes (any type with route, profile, links and failing).
template <class Class>
struct NamedLinkClass {
    Class c;
    std::size_t merged = 1;
};
template <class Class>
std::vector<NamedLinkClass<Class>> merge_classes_by_name(const std::vector<Class>& classes) {
    std::vector<NamedLinkClass<Class>> out;
    std::map<std::string, std::size_t> index;
    for (const auto& c : classes) {
        auto [it, fresh] = index.emplace(c.route + " / " + c.profile, out.size());
        if (fresh) {
            out.push_back({c, 1});
            continue;
        }
        auto& n = out[it->second];
        n.c.links += c.links;
        n.c.failing += c.failing;
        ++n.merged;
    }
    return out;
}
using NamedComClass = NamedLinkClass<graphs::LinkClassCom>;
inline std::vector<NamedComClass> named_com_classes(const graphs::ComAnalysis& com) {
    return merge_classes_by_name(com.classes);
}

/// The comparison table: one column per system, the rows listed in docs/compare.md (the COM rows
/// only when some system has COM links).
Table comparison_table(const std::vector<const SystemAnalysis*>& systems);

/// Lines "label: analysis: status: message" for every analysis that is not ok (sorted by
/// column, then analysis order), for printing under the table.
std::vector<std::string> analysis_notes(const std::vector<const SystemAnalysis*>& systems);

}  // namespace racklink::reports
