#include "graphs/yield_analysis.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace racklink::graphs {

namespace {
enum class Range { fraction, unit, nonneg, positive, count };

struct Reader {
    const Model& m;
    const ParamSet& ps;
    std::string owner;
    std::string error;

    // Reads `name` (default when absent); records the first error with its location.
    double get(std::string_view name, double def, Range range) {
        const Param* p = ps.find(name);
        if (!p) return def;
        if (!error.empty()) return def;
        const char* what = nullptr;
        double v = p->value;
        if (p->is_text) what = "must be a number";
        else if (!std::isfinite(v)) what = "must be finite";
        else switch (range) {
            case Range::fraction: if (!(v > 0 && v <= 1)) what = "must be a yield in (0, 1]"; break;
            case Range::unit: if (!(v >= 0 && v <= 1)) what = "must be a fraction in [0, 1]"; break;
            case Range::nonneg: if (!(v >= 0)) what = "must be >= 0"; break;
            case Range::positive: if (!(v > 0)) what = "must be > 0"; break;
            case Range::count: if (!(v >= 0 && v == std::floor(v))) what = "must be a whole number >= 0"; break;
        }
        if (what) {
            error = fmt::format("{}: error: {}: '{}' {} [REL-0301]", m.where(p->loc), owner, name, what);
            return def;
        }
        return v;
    }
    double need(std::string_view name, Range range, SourceLoc loc) {
        if (!ps.has(name) && error.empty())
            error = fmt::format("{}: error: {}: '{}' is needed here [REL-0302]", m.where(loc), owner, name);
        return get(name, 0.0, range);
    }
    VarianceSplit var(std::string_view name) {
        std::string n(name);
        return {get(n + ".lot", 0.0, Range::nonneg), get(n + ".layer", 0.0, Range::nonneg),
                get(n + ".local", 0.0, Range::nonneg)};
    }
};

struct Own {
    double yield = 1.0, cost = 0.0;
    std::optional<PcbYield> pcb;
    std::optional<ImpedanceMcResult> imp;
    std::optional<CableTrayYield> tray;
    std::optional<CpoModuleYield> cpo;
    CostInput rework;
};

bool has_yield_data(const ParamSet& ps) {
    for (const char* n : {"yield", "cost", "defect_density", "z_diff", "cables", "engines"})
        if (ps.has(n)) return true;
    return false;
}

std::optional<Own> own_figures(const Model& m, const Element& el, const YieldOptions& o,
                               std::string& error) {
    const ParamSet& ps = m.params(el);
    Reader r{m, ps, el.name, {}};
    Own own;
    own.yield = r.get("yield", 1.0, Range::fraction);
    own.cost = r.get("cost", 0.0, Range::nonneg);
    // PCB yield when a defect density is given (a board may carry `layers` for other analyses).
    if (ps.has("defect_density")) {
        PcbYieldInput in;
        in.layers = static_cast<uint32_t>(r.need("layers", Range::count, el.loc));
        in.cores = static_cast<uint32_t>(r.get("cores", std::max(0.0, in.layers / 2.0 - 1), Range::count));
        in.lamination_cycles = static_cast<uint32_t>(r.get("lamination_cycles", 1, Range::count));
        in.area_m2 = r.need("area", Range::positive, el.loc);
        in.defect_density_per_m2 = r.need("defect_density", Range::nonneg, el.loc);
        std::string_view model = ps.text("yield_model", "negative_binomial");
        std::optional<DefectModel> dm = parse_defect_model(model);
        if (!dm && r.error.empty())
            r.error = fmt::format("{}: error: {}: unknown yield model '{}' (expected poisson, murphy, "
                                  "seeds or negative_binomial) [REL-0303]",
                                  m.where(ps.find("yield_model")->loc), el.name, model);
        in.model = dm.value_or(DefectModel::negative_binomial);
        in.cluster_alpha = r.get("cluster_alpha", 2.0, Range::positive);
        in.core_yield = r.get("core_yield", 1.0, Range::fraction);
        in.lamination_yield = r.get("lamination_yield", 1.0, Range::fraction);
        in.drill_plate_yield = r.get("drill_yield", 1.0, Range::fraction);
        if (r.error.empty()) {
            if (std::string e = in.check(); !e.empty())
                r.error = fmt::format("{}: error: {}: {} [REL-0304]", m.where(el.loc), el.name, e);
            else
                own.pcb = pcb_yield(in), own.yield *= own.pcb->board_yield;
        }
    }
    // Impedance Monte Carlo when a target impedance is given; pairs from `diff_pairs` or `pairs`.
    if (ps.has("z_diff") && r.error.empty()) {
        ImpedanceMcOptions mc;
        mc.pairs = static_cast<uint32_t>(
            ps.has("diff_pairs") ? r.get("diff_pairs", 1, Range::count)
                                 : r.need("pairs", Range::count, el.loc));
        mc.target_ohm = r.need("z_diff", Range::positive, el.loc);
        mc.tolerance = r.get("z_tol", 0.10, Range::unit);
        mc.signal_layers = static_cast<uint32_t>(r.get("signal_layers", 1, Range::count));
        mc.nominal.width_m = r.need("trace_width", Range::positive, el.loc);
        mc.nominal.spacing_m = r.need("trace_spacing", Range::positive, el.loc);
        mc.nominal.thickness_m = r.get("trace_thickness", 17.5e-6, Range::nonneg);
        mc.nominal.height_m = r.need("dielectric_height", Range::positive, el.loc);
        mc.nominal.dk = r.need("dk", Range::positive, el.loc);
        mc.width = r.var("width_var");
        mc.height = r.var("height_var");
        mc.dk = r.var("dk_var");
        mc.thickness = r.var("thickness_var");
        mc.boards = o.samples;
        mc.seed = o.seed;
        mc.threads = o.threads;
        if (r.error.empty()) {
            ImpedanceMcResult res = impedance_monte_carlo(mc);
            if (!res.ok)
                r.error = fmt::format("{}: error: {}: {} [REL-0305]", m.where(el.loc), el.name, res.message);
            else
                own.yield *= res.board_yield, own.imp = res;
        }
    }
    if (ps.has("cables") && r.error.empty()) {
        CableTrayInput in;
        in.cables = static_cast<uint32_t>(r.get("cables", 1, Range::count));
        in.cable_yield = r.need("cable_yield", Range::fraction, el.loc);
        in.test_coverage = r.get("test_coverage", 1.0, Range::unit);
        in.max_replace_loops = static_cast<uint32_t>(r.get("replace_loops", 3, Range::count));
        in.tray_cost = own.cost;
        in.cable_cost = r.get("cable_cost", 0.0, Range::nonneg);
        in.replace_cost = r.get("replace_cost", 0.0, Range::nonneg);
        in.test_cost = r.get("test_cost", 0.0, Range::nonneg);
        if (r.error.empty()) {
            if (std::string e = in.check(); !e.empty())
                r.error = fmt::format("{}: error: {}: {} [REL-0304]", m.where(el.loc), el.name, e);
            else {
                own.tray = cable_tray_yield(in);
                own.yield *= own.tray->good_yield;
                own.cost = own.tray->cost_per_started;
            }
        }
    }
    if (ps.has("engines") && r.error.empty()) {
        CpoModuleInput in;
        in.engines = static_cast<uint32_t>(r.get("engines", 1, Range::count));
        in.die_yield = r.get("die_yield", 1.0, Range::fraction);
        in.die_test_coverage = r.get("die_test_coverage", 1.0, Range::unit);
        in.die_cost = r.get("die_cost", 0.0, Range::nonneg);
        in.engine_yield = r.get("engine_yield", 1.0, Range::fraction);
        in.engine_test_coverage = r.get("engine_test_coverage", 1.0, Range::unit);
        in.engine_cost = r.get("engine_cost", 0.0, Range::nonneg);
        in.attach_yield = r.get("attach_yield", 1.0, Range::fraction);
        in.attach_rework = static_cast<uint32_t>(r.get("attach_rework", 0, Range::count));
        in.rework_yield = r.get("attach_rework_yield", 1.0, Range::unit);
        in.rework_cost = r.get("attach_rework_cost", 0.0, Range::nonneg);
        in.assembly_yield = r.get("assembly_yield", 1.0, Range::fraction);
        in.assembly_cost = r.get("assembly_cost", 0.0, Range::nonneg);
        if (r.error.empty()) {
            own.cpo = cpo_module_yield(in);
            own.yield *= own.cpo->module_yield;
            own.cost += own.cpo->cost_per_started;
        }
    }
    own.rework.reworkable = r.get("reworkable", 0.0, Range::unit);
    own.rework.rework_cost = r.get("rework_cost", 0.0, Range::nonneg);
    own.rework.rework_yield = r.get("rework_yield", 0.0, Range::unit);
    own.rework.salvage = r.get("salvage", 0.0, Range::nonneg);
    if (!r.error.empty()) {
        error = r.error;
        return std::nullopt;
    }
    return own;
}
}  // namespace

std::string YieldOptions::validate() const {
    if (samples < 2) return "at least 2 Monte Carlo samples are needed";
    return "";
}

YieldResult analyze_yield(const Model& m, const YieldOptions& o) {
    YieldResult res;
    if (std::string e = o.validate(); !e.empty()) {
        res.ok = false;
        res.message = e;
        return res;
    }
    const Graph& g = m.graph();
    const std::size_t nv = boost::num_vertices(g);
    std::vector<std::vector<uint32_t>> children(nv);
    std::vector<uint32_t> roots;
    for (std::size_t v = 0; v < nv; ++v) {
        int32_t p = g[v].parent;
        if (p >= 0 && static_cast<std::size_t>(p) < nv) children[p].push_back(static_cast<uint32_t>(v));
        else roots.push_back(static_cast<uint32_t>(v));
    }
    // Post-order over the containment tree.
    std::vector<uint32_t> order;
    std::vector<std::pair<uint32_t, bool>> stack;
    for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.push_back({*it, false});
    while (!stack.empty()) {
        auto [v, done] = stack.back();
        stack.pop_back();
        if (done) {
            order.push_back(v);
            continue;
        }
        stack.push_back({v, true});
        for (auto it = children[v].rbegin(); it != children[v].rend(); ++it) stack.push_back({*it, false});
    }
    std::vector<double> cpg(nv, 0.0);
    std::vector<char> has(nv, 0);
    std::map<uint32_t, Own> memo;  // by parameter set: identical parts are computed once
    std::map<std::string, std::size_t> row_of;
    std::vector<std::pair<uint32_t, YieldRow>> rows;  // first vertex, row
    for (uint32_t v : order) {
        const Element& el = g[v];
        double child_cost = 0.0;
        bool child_data = false;
        for (uint32_t c : children[v])
            if (has[c]) child_cost += cpg[c], child_data = true;
        const ParamSet& ps = m.params(el);
        if (!child_data && !has_yield_data(ps)) continue;
        auto it = memo.find(el.params);
        if (it == memo.end()) {
            std::string err;
            std::optional<Own> own = own_figures(m, el, o, err);
            if (!own) {
                res.ok = false;
                res.message = err;
                res.rows.clear();
                return res;
            }
            it = memo.emplace(el.params, *own).first;
        }
        const Own& own = it->second;
        CostInput ci = own.rework;
        ci.cost = own.cost + child_cost;
        ci.yield = own.yield;
        has[v] = 1;
        cpg[v] = cost_per_good_unit(ci);
        std::string key = el.type.empty() ? el.name : el.type;
        auto rit = row_of.find(key);
        if (rit != row_of.end()) {
            ++rows[rit->second].second.count;
            continue;
        }
        YieldRow row;
        row.type = key;
        row.instance = el.name;
        row.kind = std::string(to_string(el.kind));
        row.count = 1;
        row.own_yield = own.yield;
        row.yield = yield_after_rework(ci);
        row.cost = own.cost;
        row.children_cost = child_cost;
        row.cost_per_good_unit = cpg[v];
        row.pcb = own.pcb;
        row.impedance = own.imp;
        row.cable_tray = own.tray;
        row.cpo = own.cpo;
        row_of[key] = rows.size();
        rows.push_back({v, std::move(row)});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [v, row] : rows) res.rows.push_back(std::move(row));
    return res;
}

std::string yield_json(const YieldResult& r) {
    nlohmann::ordered_json j;
    j["status"] = r.ok ? "ok" : "error";
    j["message"] = r.message;
    j["assemblies"] = nlohmann::ordered_json::array();
    for (const YieldRow& row : r.rows) {
        nlohmann::ordered_json a;
        a["type"] = row.type;
        a["instance"] = row.instance;
        a["kind"] = row.kind;
        a["count"] = row.count;
        a["yield"] = row.yield;
        a["own_yield"] = row.own_yield;
        a["cost"] = row.cost;
        if (std::isfinite(row.children_cost))
            a["children_cost"] = row.children_cost;
        else
            a["children_cost"] = nullptr;
        // +inf (no good units) is written as null with no_good_units = true.
        if (std::isfinite(row.cost_per_good_unit))
            a["cost_per_good_unit"] = row.cost_per_good_unit;
        else
            a["cost_per_good_unit"] = nullptr;
        a["no_good_units"] = !std::isfinite(row.cost_per_good_unit);
        if (row.pcb)
            a["pcb"] = {{"layer_yield", row.pcb->layer_yield}, {"layers_yield", row.pcb->layers_yield},
                        {"cores_yield", row.pcb->cores_yield},
                        {"lamination_yield", row.pcb->lamination_yield},
                        {"board_yield", row.pcb->board_yield}};
        if (row.impedance)
            a["impedance"] = {{"nominal_ohm", row.impedance->nominal_ohm},
                              {"z_mean_ohm", row.impedance->z_mean_ohm},
                              {"z_sigma_ohm", row.impedance->z_sigma_ohm},
                              {"pair_fail_fraction", row.impedance->pair_fail_fraction},
                              {"board_yield", row.impedance->board_yield},
                              {"board_yield_ci95", row.impedance->board_yield_ci95}};
        if (row.cable_tray)
            a["cable_tray"] = {{"first_pass_yield", row.cable_tray->first_pass_yield},
                               {"shipped_yield", row.cable_tray->shipped_yield},
                               {"good_yield", row.cable_tray->good_yield},
                               {"escape_per_tray", row.cable_tray->escape_per_tray},
                               {"replacements_per_tray", row.cable_tray->replacements_per_tray},
                               {"test_passes_per_tray", row.cable_tray->test_passes_per_tray},
                               {"cost_per_started", row.cable_tray->cost_per_started}};
        if (row.cpo)
            a["cpo"] = {{"die_escape", row.cpo->die_escape}, {"engine_escape", row.cpo->engine_escape},
                        {"engine_attached", row.cpo->engine_attached},
                        {"module_yield", row.cpo->module_yield},
                        {"cost_per_started", row.cpo->cost_per_started}};
        j["assemblies"].push_back(std::move(a));
    }
    return j.dump(2) + "\n";
}

std::string render_yield_text(const YieldResult& r) {
    if (!r.ok) return r.message + "\n";
    std::string out = fmt::format("{:<28} {:>5} {:>9} {:>14} {:>18}\n", "assembly", "count",
                                  "yield", "cost", "cost per good");
    for (const YieldRow& row : r.rows) {
        const std::string per_good_text = std::isfinite(row.cost_per_good_unit)
                                              ? fmt::format("{:>14.0f} USD", row.cost_per_good_unit)
                                              : fmt::format("{:>18}", "no good units");
        const double cost = row.cost + row.children_cost;  // +inf when a child has no good units
        const std::string cost_text =
            std::isfinite(cost) ? fmt::format("{:>10.0f} USD", cost) : fmt::format("{:>14}", "no good parts");
        out += fmt::format("{:<28} {:>5} {:>8.2f}% {} {}\n", row.type, row.count, 100 * row.yield, cost_text,
                           per_good_text);
        if (row.pcb)
            out += fmt::format("  PCB: layer image {:.4f}, all layers {:.4f}, cores {:.4f}, "
                               "lamination {:.4f}, board {:.4f}\n",
                               row.pcb->layer_yield, row.pcb->layers_yield, row.pcb->cores_yield,
                               row.pcb->lamination_yield, row.pcb->board_yield);
        if (row.impedance)
            out += fmt::format("  impedance: nominal {:.2f} ohm, mean {:.2f} ohm, sigma {:.2f} ohm, "
                               "pairs out {:.3g}%, board yield {:.4f} +- {:.4f}\n",
                               row.impedance->nominal_ohm, row.impedance->z_mean_ohm,
                               row.impedance->z_sigma_ohm, 100 * row.impedance->pair_fail_fraction,
                               row.impedance->board_yield, row.impedance->board_yield_ci95);
        if (row.cable_tray)
            out += fmt::format("  cable tray: first pass {:.4f}, shipped {:.4f}, good {:.4f}, "
                               "{:.2f} replacements, {:.2f} test passes\n",
                               row.cable_tray->first_pass_yield, row.cable_tray->shipped_yield,
                               row.cable_tray->good_yield, row.cable_tray->replacements_per_tray,
                               row.cable_tray->test_passes_per_tray);
        if (row.cpo)
            out += fmt::format("  CPO: die escape {:.3g}, engine escape {:.3g}, engine attached "
                               "{:.4f}, module {:.4f}\n",
                               row.cpo->die_escape, row.cpo->engine_escape,
                               row.cpo->engine_attached, row.cpo->module_yield);
    }
    return out;
}

}  // namespace racklink::graphs
