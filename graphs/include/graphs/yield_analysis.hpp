#pragma once
/// Yield and cost per good unit of every assembly of a system model, from the parts'
/// parameters: `yield`, `cost`, rework (`reworkable`, `rework_cost`, `rework_yield`,
/// `salvage`), PCB board yield when `defect_density` is given (`layers`, `cores`,
/// `lamination_cycles`, `area`, `yield_model`, `cluster_alpha`, `core_yield`,
/// `lamination_yield`, `drill_yield`), impedance Monte Carlo when `z_diff` is given (`pairs` or
/// `diff_pairs`, `z_tol`, `signal_layers`,
/// `trace_width`, `trace_spacing`, `trace_thickness`, `dielectric_height`, `dk`, and the
/// variation calls `width_var`, `height_var`, `dk_var`, `thickness_var` with fields `lot`,
/// `layer`, `local`), cable trays (`cables`, `cable_yield`, `test_coverage`, `replace_loops`,
/// `cable_cost`, `replace_cost`, `test_cost`) and CPO modules (`engines`, `die_yield`,
/// `die_test_coverage`, `die_cost`, `engine_yield`, `engine_test_coverage`, `engine_cost`,
/// `attach_yield`, `attach_rework`, `attach_rework_yield`, `attach_rework_cost`,
/// `assembly_yield`, `assembly_cost`). See docs/reliability.md.
///
/// Assemblies are built from known-good children: an assembly's cost per good unit is
/// (its own cost + the children's cost per good unit) / its own yield, with rework.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graphs/model.hpp"
#include "graphs/yield.hpp"

namespace racklink::graphs {

struct YieldOptions {
    uint32_t samples = 20000;  ///< boards per impedance Monte Carlo
    uint64_t seed = 1;
    uint32_t threads = 0;
    std::string validate() const;
};

/// One row per part definition (type) that carries yield or cost data or contains such parts,
/// computed on its first instance; `count` instances.
struct YieldRow {
    std::string type;
    std::string instance;             ///< the first instance
    std::string kind;
    uint32_t count = 0;
    double own_yield = 1.0;           ///< stated `yield` x PCB x impedance x tray/CPO yields
    double yield = 1.0;               ///< after rework
    double cost = 0.0;                ///< own cost (USD)
    double children_cost = 0.0;       ///< children's cost per good unit, summed (USD)
    double cost_per_good_unit = 0.0;  ///< USD
    std::optional<PcbYield> pcb;
    std::optional<ImpedanceMcResult> impedance;
    std::optional<CableTrayYield> cable_tray;
    std::optional<CpoModuleYield> cpo;
};

struct YieldResult {
    bool ok = true;
    std::string message;  ///< "file:line:col: error: ... [REL-03xx]"
    std::vector<YieldRow> rows;  ///< in model order of first instance
};

YieldResult analyze_yield(const Model& model, const YieldOptions& options);

/// JSON text (2-space indent). Keys: status, message, assemblies: [{type, instance, kind,
/// count, yield, own_yield, cost, children_cost, cost_per_good_unit, pcb {...},
/// impedance {...}, cable_tray {...}, cpo {...}}].
std::string yield_json(const YieldResult& result);
/// Plain-text table, units on every number.
std::string render_yield_text(const YieldResult& result);

}  // namespace racklink::graphs
