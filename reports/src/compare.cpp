#include "reports/compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "graphs/fleet.hpp"
#include "reports/format.hpp"

namespace racklink::reports {

namespace {

using graphs::Kind;
using graphs::kNaN;

/// The first `max_lines` lines of a message (analysis messages can list every bad link).
std::string first_lines(const std::string& s, std::size_t max_lines = 3) {
    std::istringstream in(s);
    std::string line, out;
    std::size_t n = 0, total = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        ++total;
        if (n < max_lines) {
            if (!out.empty()) out += "\n";
            out += line;
            ++n;
        }
    }
    if (total > n) out += "\n(" + std::to_string(total - n) + " more)";
    return out;
}

bool is_interconnect_kind(std::string_view kind) {
    return kind == "backplane" || kind == "connector" || kind == "retimer" ||
           kind == "optical_engine" || kind == "laser_source";
}

/// True when `inner` is an element path inside `outer` ("a.b[2].c" inside "a.b[2]").
bool inside(const std::string& inner, const std::string& outer) {
    return inner.size() > outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
           (inner[outer.size()] == '.' || inner[outer.size()] == '[');
}

const graphs::ParamSet* study_params(const graphs::Model& m, const std::string& study) {
    for (const auto& p : m.parts())
        if (p.kind == "study" && (study.empty() || p.name == study))
            return &m.param_sets().at(p.params);
    return nullptr;
}

/// Bytes of a value appended to a key.
template <class T>
void put(std::string& key, const T& v) {
    key.append(reinterpret_cast<const char*>(&v), sizeof v);
}

}  // namespace


std::string ReviewOptions::validate() const {
    if (fleet_racks == 0) return "fleet_racks must be > 0";
    if (!(fleet_years > 0.0)) return "fleet_years must be > 0";
    if (fleet_replications < 2) return "fleet_replications must be >= 2";
    if (yield_samples == 0) return "yield_samples must be > 0";
    if (threads > 1024) return "threads must be at most 1024";
    return "";
}

InterconnectYield interconnect_yield(const graphs::YieldResult& y) {
    InterconnectYield iy;
    if (!y.ok) return iy;
    std::vector<const graphs::YieldRow*> picked;
    for (const auto& r : y.rows)
        if (is_interconnect_kind(r.kind) || r.cable_tray || r.cpo) picked.push_back(&r);
    for (const auto* r : picked) {
        bool nested = std::any_of(picked.begin(), picked.end(), [&](const graphs::YieldRow* o) {
            return o != r && inside(r->instance, o->instance);
        });
        if (nested) continue;
        iy.has_data = true;
        iy.yield *= std::pow(r->yield, static_cast<double>(r->count));
        iy.cost_per_good_usd += r->count * r->cost_per_good_unit;
        iy.assemblies.push_back(r->type);
    }
    return iy;
}

std::optional<CostInputs> cost_inputs(const graphs::Model& model, const std::string& study,
                                      std::string& source) {
    // Lookup order: the study part, the description's top-level parameters, the top system
    // (a multi-rack system states the figures of the whole), the first rack.
    std::vector<std::pair<const graphs::ParamSet*, std::string>> sets;
    if (const auto* s = study_params(model, study))
        sets.push_back({s, "study " + (study.empty() ? std::string("(first)") : study)});
    sets.push_back({&model.globals(), "description parameters"});
    for (auto v : boost::make_iterator_range(boost::vertices(model.graph())))
        if (model.element(v).kind == Kind::system && model.element(v).parent < 0) {
            sets.push_back({&model.params(model.element(v)), "system " + model.element(v).name});
            break;
        }
    for (auto v : boost::make_iterator_range(boost::vertices(model.graph())))
        if (model.element(v).kind == Kind::rack) {
            sets.push_back({&model.params(model.element(v)), "rack " + model.element(v).name});
            break;
        }
    auto get = [&](std::string_view name, double fallback, std::string* from = nullptr) {
        for (const auto& [ps, label] : sets)
            if (const auto* p = ps->find(name); p && !p->is_text) {
                if (from) *from = label;
                return p->value;
            }
        return fallback;
    };
    double tokens = get("tokens_per_s", kNaN, &source);
    if (std::isnan(tokens)) return std::nullopt;
    CostInputs in;
    in.throughput_tok_per_s = tokens;
    in.electricity_usd_per_j = get("electricity_price", 0.0);
    in.operations_usd_per_s = get("operations_cost", 0.0);
    in.depreciation_s = get("depreciation_years", in.depreciation_s);
    in.pue = get("pue", 1.0);
    // Capex: every element's own `cost` (assemblies state only their own cost, as in the
    // yield analysis: cost per good unit = (own cost + children) / yield).
    double capex = 0.0;
    for (auto v : boost::make_iterator_range(boost::vertices(model.graph())))
        capex += model.params(model.element(v)).get("cost", 0.0);
    in.capex_usd = capex;
    return in;
}

namespace {

/// Runs one analysis; an exception (an internal fault, e.g. a model the analysis does not
/// support) becomes an error status instead of ending the whole review.
template <class F>
bool guarded(std::vector<AnalysisStatus>& statuses, const char* analysis, F f) {
    try {
        f();
        return true;
    } catch (const std::exception& e) {
        statuses.push_back({analysis, false, "error", std::string("internal error: ") + e.what()});
        return false;
    }
}

/// COM of the system's measured channels (graphs/com_analysis.hpp). Only a link with a
/// `touchstone` segment can be a COM link, so a model without one skips the analysis (no
/// status, no cost); one whose touchstone links carry no COM data gets no status either.
void analyze_system_com(const graphs::Model& model, const ReviewOptions& options,
                        SystemAnalysis& a) {
    const auto& specs = model.segment_specs();
    if (std::none_of(specs.begin(), specs.end(), [](const graphs::SegmentSpec& s) {
            return s.kind == graphs::SegKind::touchstone;
        }))
        return;
    graphs::ComAnalysisOptions co;
    co.threads = options.threads;
    if (!guarded(a.statuses, "com", [&] { a.com = graphs::analyze_com(model, co); })) {
        a.com_links = true;
        a.com.status = graphs::ComAnalysisStatus::error;
        a.com.message = a.statuses.back().message;
        return;
    }
    using graphs::ComAnalysisStatus;
    a.com_links = !a.com.links.empty() || a.com.status == ComAnalysisStatus::error;
    if (!a.com_links) return;
    std::string msg;
    if (a.com.status == ComAnalysisStatus::error) {
        msg = first_lines(a.com.message);
    } else if (a.com.failing) {
        msg = std::to_string(a.com.failing) + " of " + std::to_string(a.com.links.size()) +
              " COM link(s) below the COM threshold";
        // A channel whose equalization failed has no COM: say why once per channel.
        std::string why;
        for (const auto& ch : a.com.channels)
            if (ch.links && ch.status != sigint::ComStatus::ok)
                why += ch.where + ": " + ch.message + "\n";
        if (!why.empty()) msg += "\n" + first_lines(why);
    }
    // COM below the threshold still gives usable numbers (like sigint's "fail").
    a.statuses.push_back({"com", a.com.status != ComAnalysisStatus::error,
                          std::string(graphs::to_string(a.com.status)), msg});
}

}  // namespace

SystemAnalysis analyze_system(const graphs::Model& model, std::string label, std::string path,
                              const ReviewOptions& options) {
    SystemAnalysis a;
    a.label = std::move(label);
    a.path = std::move(path);

    // Structure: only the counts, cables and bandwidth are needed here.
    graphs::StructureOptions so;
    so.diameter = false;
    so.connectivity = false;
    so.interleaved_bisection = false;
    if (!guarded(a.statuses, "structure", [&] { a.structure = graphs::analyze_structure(model, so); }))
        a.structure.status = graphs::StructureStatus::error;
    // Counted from the model itself so that they exist even when an analysis fails.
    for (auto v : boost::make_iterator_range(boost::vertices(model.graph()))) {
        a.racks += model.element(v).kind == Kind::rack;
        a.gpus += model.element(v).kind == Kind::gpu;
    }
    a.racks = std::max<int64_t>(1, a.racks);
    a.cheap_mode = a.gpus > static_cast<int64_t>(options.heavy_gpus);
    if (a.statuses.empty())
        a.statuses.push_back({"structure", a.structure.status == graphs::StructureStatus::ok,
                          std::string(to_string(a.structure.status)),
                          first_lines(a.structure.message)});

    bool sigint_ran =
        guarded(a.statuses, "sigint", [&] { a.sigint = graphs::analyze_sigint(model); });
    if (!sigint_ran) a.sigint.status = graphs::SigintStatus::error;
    if (sigint_ran)
        a.statuses.push_back({"sigint", a.sigint.status != graphs::SigintStatus::error,
                          std::string(to_string(a.sigint.status)),
                          a.sigint.status == graphs::SigintStatus::error
                              ? first_lines(a.sigint.message)
                              : (a.sigint.failing ? std::to_string(a.sigint.failing) +
                                                        " link(s) below the margin"
                                                  : std::string())});
    for (const auto& l : a.sigint.links) {
        if (l.reach_medium.empty()) continue;
        if (std::isnan(a.worst_reach_margin_m) || l.reach_margin_m < a.worst_reach_margin_m) {
            a.worst_reach_margin_m = l.reach_margin_m;
            a.worst_reach_medium = l.reach_medium;
        }
    }

    analyze_system_com(model, options, a);

    bool thermal_ran =
        guarded(a.statuses, "thermal", [&] { a.thermal = graphs::analyze_thermal(model, {}); });
    if (!thermal_ran) a.thermal.status = graphs::ThermalStatus::input_error;
    if (thermal_ran) {
        std::string msg;
        for (const auto& i : a.thermal.issues)
            if (i.error || a.thermal.status != graphs::ThermalStatus::ok) msg += i.render() + "\n";
        if (msg.empty() && a.thermal.status != graphs::ThermalStatus::ok) msg = a.thermal.message;
        a.statuses.push_back({"thermal", a.thermal.ok(), std::string(to_string(a.thermal.status)),
                              first_lines(msg)});
    }
    // The largest real rack (the synthetic rack -1 holds elements outside any rack, e.g. a
    // hall's network switches); the synthetic one only when there is no rack element.
    bool has_real_rack = std::any_of(a.thermal.racks.begin(), a.thermal.racks.end(),
                                     [](const graphs::RackThermal& r) { return r.vertex >= 0; });
    if (a.thermal.ok())
        for (const auto& r : a.thermal.racks) {
            if (has_real_rack && r.vertex < 0) continue;
            if (std::isnan(a.max_rack_power_w) || r.total_power_w > a.max_rack_power_w) {
                a.max_rack_power_w = r.total_power_w;
                // Rack units from the rack's `height` (SI metres; 1 U = 44.45 mm, EIA-310-E).
                double height_m =
                    r.vertex >= 0 ? model.params(model.element(static_cast<graphs::Vertex>(r.vertex)))
                                        .get("height", kNaN)
                                  : kNaN;
                a.max_rack_w_per_u = height_m > 0 ? r.total_power_w / (height_m / graphs::kRackUnitM) : kNaN;
            }
        }

    // Reliability with a fleet of about `fleet_racks` racks (fewer units in the cheap mode).
    graphs::ReliabilityOptions ro;
    graphs::FleetOptions fo;
    a.fleet_units = static_cast<uint32_t>(
        (options.fleet_racks + static_cast<uint32_t>(a.racks) - 1) / static_cast<uint32_t>(a.racks));
    fo.replications = options.fleet_replications;
    if (a.cheap_mode) {
        a.fleet_units = std::min<uint32_t>(a.fleet_units, 4);
        fo.replications = 2;
        ro.max_probe = 2;
    }
    fo.racks = std::max<uint32_t>(1, a.fleet_units);
    fo.years = options.fleet_years;
    fo.seed = options.seed;
    fo.threads = options.threads;
    fo.gpus_per_rack = static_cast<double>(a.gpus);
    ro.fleet = fo;
    bool rel_ran = guarded(a.statuses, "reliability",
                           [&] { a.reliability = graphs::analyze_reliability(model, ro); });
    if (!rel_ran) a.reliability.status = graphs::ReliabilityStatus::error;
    bool rel_ok = a.reliability.status == graphs::ReliabilityStatus::ok;
    std::string rel_msg = rel_ok ? std::string() : first_lines(a.reliability.message);
    if (rel_ok && a.reliability.fleet && !a.reliability.fleet->ok)
        rel_msg = "fleet: " + first_lines(a.reliability.fleet->message);
    if (rel_ran) a.statuses.push_back({"reliability", rel_ok, rel_ok ? "ok" : "error", rel_msg});
    if (rel_ok) {
        a.availability = a.reliability.fleet && a.reliability.fleet->ok
                             ? a.reliability.fleet->availability
                             : a.reliability.availability;
    }

    graphs::YieldOptions yo;
    yo.samples = options.yield_samples;
    yo.seed = options.seed;
    yo.threads = options.threads;
    bool yield_ran = guarded(a.statuses, "yield", [&] { a.yield = graphs::analyze_yield(model, yo); });
    if (!yield_ran) a.yield.ok = false;
    a.interconnect_yield = interconnect_yield(a.yield);
    if (yield_ran)
        a.statuses.push_back({"yield", a.yield.ok, a.yield.ok ? "ok" : "error",
                          a.yield.ok ? (a.interconnect_yield.has_data
                                            ? std::string()
                                            : "no yield/cost data on interconnect parts")
                                     : first_lines(a.yield.message)});

    std::string source;
    if (auto in = cost_inputs(model, options.study, source)) {
        a.cost_available = true;
        a.cost_source = source;
        // IT power: the thermal roll-up, else (thermal failed) every element's stated `power`.
        double stated_w = 0.0;
        for (auto v : boost::make_iterator_range(boost::vertices(model.graph())))
            stated_w += model.params(model.element(v)).get("power", 0.0);
        in->it_power_w = a.thermal.ok() ? a.thermal.total_power_w : stated_w;
        if (!a.thermal.ok()) a.cost_source += "; IT power: sum of stated element power (thermal failed)";
        in->availability = std::isnan(a.availability) ? 1.0 : a.availability;
        a.cost_inputs = *in;
        a.cost = cost_per_token(*in);
        a.statuses.push_back({"cost", a.cost.ok(), a.cost.ok() ? "ok" : "invalid_input",
                              a.cost.message});
    } else {
        a.cost.status = CostStatus::invalid_input;
        a.cost.message = "no tokens_per_s in a study part, the description or its rack";
        a.statuses.push_back({"cost", false, "missing", a.cost.message});
    }
    return a;
}

Table comparison_table(const std::vector<const SystemAnalysis*>& systems) {
    Table t;
    t.key = "compare";
    t.title = "Comparison";
    for (const auto* s : systems) t.columns.push_back(s->label);

    auto status_ok = [](const SystemAnalysis& s, std::string_view analysis) {
        if (analysis == "model") return true;  // counted from the model, always available
        // No COM links: nothing to run, the COM rows say "no COM links" (not a failure).
        if (analysis == "com" && !s.com_links) return true;
        for (const auto& st : s.statuses)
            if (st.analysis == analysis) return st.ok;
        return false;
    };
    // One row: `f` gives the value for a system whose `analysis` is usable, else n/a.
    // A value that is NaN although its analysis ran is "not applicable" (`why_na`).
    auto row = [&](std::string name, std::string unit, Better better, std::string_view analysis,
                   auto f, std::string why_na = "not applicable") -> Row& {
        std::vector<double> v;
        std::string failed, not_applicable;
        for (const auto* s : systems) {
            bool ok = status_ok(*s, analysis);
            double x = ok ? f(*s) : kMissing;
            if (std::isnan(x)) (ok ? not_applicable : failed) += ", " + s->label;
            v.push_back(x);
        }
        Row& r = t.add(std::move(name), std::move(unit), std::move(v), better);
        // Name the columns when few, else count them (the notes list each one).
        auto who = [](const std::string& list) {
            std::size_t n = static_cast<std::size_t>(std::count(list.begin(), list.end(), ','));
            return n <= 2 ? list.substr(2) : std::to_string(n) + " columns";
        };
        if (!failed.empty())
            r.note = "n/a for " + who(failed) + ": " + std::string(analysis) +
                     " unavailable, see notes";
        if (!not_applicable.empty())
            r.note += (r.note.empty() ? "" : "; ") + ("n/a for " + who(not_applicable) + ": " +
                                                      why_na);
        return r;
    };
    auto d = [](int64_t n) { return static_cast<double>(n); };

    row("GPUs", "", Better::none, "model", [&](const SystemAnalysis& s) { return d(s.gpus); });
    row("scale-up links", "", Better::none, "structure",
        [&](const SystemAnalysis& s) { return d(s.structure.links); });
    row("lanes per direction", "", Better::none, "structure",
        [&](const SystemAnalysis& s) { return d(s.structure.lanes); });
    row("aggregate GPU bandwidth", "B/s", Better::higher, "structure",
        [](const SystemAnalysis& s) { return s.structure.intact.aggregate_bandwidth_Bps; });
    row("copper cable pairs", "", Better::lower, "structure",
        [&](const SystemAnalysis& s) { return d(s.structure.cables); });
    row("total cable length", "m", Better::lower, "structure",
        [](const SystemAnalysis& s) { return s.structure.cable_length_m; });
    row("cable mass", "kg", Better::lower, "structure",
        [](const SystemAnalysis& s) { return s.structure.cable_mass_kg; });
    row("fibers", "", Better::lower, "structure",
        [&](const SystemAnalysis& s) { return d(s.structure.fibers); });
    row("worst link-loss margin", "dB", Better::higher, "sigint", [](const SystemAnalysis& s) {
        return s.sigint.links.empty() ? kNaN : s.sigint.worst_margin_db;
    });
    row("worst reach margin", "m", Better::higher, "sigint",
        [](const SystemAnalysis& s) { return s.worst_reach_margin_m; },
        "no reach-limited medium");
    row("links below margin", "", Better::lower, "sigint",
        [&](const SystemAnalysis& s) { return d(static_cast<int64_t>(s.sigint.failing)); });
    // COM rows only when some system has COM links, so other comparisons are unchanged.
    if (std::any_of(systems.begin(), systems.end(),
                    [](const SystemAnalysis* s) { return s->com_links; })) {
        const std::string no_com = "no COM links";
        auto worst_class = [](const SystemAnalysis& s) -> const graphs::LinkClassCom* {
            return s.com_links && !s.com.classes.empty() ? &s.com.classes.front() : nullptr;
        };
        // A channel whose equalization failed has no COM (NaN): the notes say why.
        const bool uncomputed =
            std::any_of(systems.begin(), systems.end(), [&](const SystemAnalysis* s) {
                const auto* c = worst_class(*s);
                return c && status_ok(*s, "com") && std::isnan(c->worst.com_db);
            });
        Row& worst = row("worst COM", "dB", Better::higher, "com",
            [&](const SystemAnalysis& s) {
                const auto* c = worst_class(s);
                return c ? c->worst.com_db : kNaN;
            }, uncomputed ? no_com + ", or equalization failed (see notes)" : no_com);
        // The link class holding the worst COM and its pass threshold, per column.
        std::string where;
        for (const auto* s : systems) {
            const auto* c = worst_class(*s);
            if (!c || !status_ok(*s, "com")) continue;
            where += (where.empty() ? "" : ", ") + c->route + " / " + c->profile + " at " +
                     format_quantity(s->com.channels.at(c->worst.channel).threshold_db, "dB") +
                     " threshold" + (systems.size() > 1 ? " (" + s->label + ")" : "");
        }
        if (!where.empty())
            worst.note =
                "worst link class: " + where + (worst.note.empty() ? "" : "; " + worst.note);
        row("COM links", "", Better::none, "com", [&](const SystemAnalysis& s) {
            return s.com_links ? d(static_cast<int64_t>(s.com.links.size())) : kNaN;
        }, no_com);
        row("COM links below threshold", "", Better::lower, "com", [&](const SystemAnalysis& s) {
            return s.com_links ? d(static_cast<int64_t>(s.com.failing)) : kNaN;
        }, no_com);
        // FOM_ILD (IEEE 802.3 eq. 93A-56): RMS insertion-loss deviation, lower is better.
        row("worst COM channel FOM_ILD", "dB", Better::lower, "com", [](const SystemAnalysis& s) {
            double worst_db = kNaN;
            for (const auto& ch : s.com.channels)
                if (ch.links > 0 && (std::isnan(worst_db) || ch.fom_ild_db > worst_db))
                    worst_db = ch.fom_ild_db;
            return s.com_links ? worst_db : kNaN;
        }, no_com);
    }
    row("interconnect power", "W", Better::lower, "thermal",
        [](const SystemAnalysis& s) { return s.thermal.interconnect_power_w; });
    row("interconnect share of power", "%", Better::lower, "thermal", [](const SystemAnalysis& s) {
        return s.thermal.total_power_w > 0 ? s.thermal.interconnect_power_w / s.thermal.total_power_w
                                           : kNaN;
    });
    row("rack power (largest rack)", "W", Better::lower, "thermal",
        [](const SystemAnalysis& s) { return s.max_rack_power_w; });
    // kW per rack unit: `U` takes no SI prefix, so the value is stored in kW/U.
    row("thermal density (largest rack)", "kW/U", Better::lower, "thermal",
        [](const SystemAnalysis& s) { return s.max_rack_w_per_u / 1e3; }, "no rack height");
    row("power per EFLOPS", "kW/EFLOPS", Better::lower, "thermal",
        [](const SystemAnalysis& s) { return s.thermal.kw_per_eflops; }, "no flops");
    row("max die heat flux", "W/m^2", Better::lower, "thermal",
        [](const SystemAnalysis& s) { return s.thermal.max_heat_flux_w_per_m2; });
    row("max junction temperature", "degC", Better::lower, "thermal",
        [](const SystemAnalysis& s) { return s.thermal.max_junction_k; });
    row("interconnect yield", "%", Better::higher, "yield", [](const SystemAnalysis& s) {
        return s.interconnect_yield.has_data ? s.interconnect_yield.yield : kNaN;
    }, "no yield data on interconnect parts");
    row("interconnect cost per good unit", "USD", Better::lower, "yield",
        [](const SystemAnalysis& s) {
            // An infinite cost means yield below graphs' kNoGoodUnitsYield: no good unit at all.
            const double usd = s.interconnect_yield.cost_per_good_usd;
            return s.interconnect_yield.has_data && std::isfinite(usd) ? usd : kNaN;
        }, "no cost data on interconnect parts, or no good units (yield < " + [] {
            std::ostringstream o;
            o << graphs::kNoGoodUnitsYield;
            return o.str();
        }() + ")");
    row("MTBF (any failure)", "h", Better::higher, "reliability",
        [](const SystemAnalysis& s) { return s.reliability.mtbf_s; });
    row("MTTR", "h", Better::lower, "reliability",
        [](const SystemAnalysis& s) { return s.reliability.mttr_s; });
    row("availability", "%", Better::higher, "reliability",
        [](const SystemAnalysis& s) { return s.availability; });
    row("fleet events per month per 100 racks", "events/month", Better::lower, "reliability",
        [](const SystemAnalysis& s) {
            if (!s.reliability.fleet || !s.reliability.fleet->ok || s.fleet_units == 0)
                return kNaN;
            return s.reliability.fleet->events_per_month * 100.0 /
                   (static_cast<double>(s.fleet_units) * static_cast<double>(s.racks));
        });
    row("cost per million tokens", "USD", Better::lower, "cost",
        [](const SystemAnalysis& s) { return s.cost.usd_per_million_tokens; });

    // Verdicts: the table's best-vs-runner-up sentence, or for reference rows whether the
    // systems agree; a row with n/a values says so.
    for (auto& r : t.rows) {
        if (r.better == Better::none) {
            std::vector<double> finite;
            for (double v : r.values)
                if (std::isfinite(v)) finite.push_back(v);
            bool same = !finite.empty() && std::all_of(finite.begin(), finite.end(), [&](double v) {
                return v == finite.front();
            });
            r.verdict = finite.size() < 2 ? "reference figure"
                        : same            ? "same in all columns (like for like)"
                                          : "differs: reference figure, not ranked";
        } else {
            r.verdict = auto_verdict(r, t.columns);
        }
        if (!r.note.empty()) r.verdict += "; " + r.note;
    }
    return t;
}

std::vector<std::string> analysis_notes(const std::vector<const SystemAnalysis*>& systems) {
    std::vector<std::string> out;
    for (const auto* s : systems) {
        if (s->cheap_mode)
            out.push_back(s->label + ": reliability: cheaper mode (" + std::to_string(s->gpus) +
                          " GPUs): fleet of " + std::to_string(s->fleet_units) +
                          " unit(s), 2 replications, failure probing up to 2");
        for (const auto& st : s->statuses) {
            if (st.ok && st.message.empty()) continue;
            std::string msg = st.message;
            for (auto& c : msg)
                if (c == '\n') c = ' ';
            out.push_back(s->label + ": " + st.analysis + ": " + st.status +
                          (msg.empty() ? "" : ": " + msg));
        }
    }
    return out;
}

}  // namespace racklink::reports
