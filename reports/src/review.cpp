#include "reports/review.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <future>
#include <map>
#include <ostream>
#include <set>
#include <thread>

#include "graphs/yield.hpp"
#include "hdl/load.hpp"
#include "reports/format.hpp"
#include "reports/version.hpp"
#include "sigint/cpus.hpp"
#include "sigint/profiles.hpp"
#include "sigint/reach.hpp"

namespace racklink::reports {

namespace {

using graphs::kNaN;

std::string file_stem(const std::string& path) {
    auto slash = path.find_last_of('/');
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    auto dot = base.find_last_of('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

/// Figure/file name from a label: [A-Za-z0-9_-], others become `_`.
std::string slug(const std::string& s) {
    std::string out;
    for (char c : s)
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    return out.empty() ? "system" : out;
}

std::string fq(double v, std::string_view unit) { return format_quantity(v, unit); }

/// Trays shown in per-tray plots: those of the first rack that holds trays (a hall repeats the
/// same racks), at most `max_trays`.
std::vector<std::size_t> plotted_trays(const graphs::ThermalResult& t, std::size_t max_trays = 40) {
    std::vector<std::size_t> out;
    int rack = t.trays.empty() ? -1 : t.trays.front().rack;
    for (std::size_t i = 0; i < t.trays.size() && out.size() < max_trays; ++i)
        if (t.trays[i].rack == rack) out.push_back(i);
    return out;
}

/// Tray label without the rack prefix when all plotted trays share it.
std::string tray_label(const std::string& name) {
    auto dot = name.find('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

std::vector<NamedLinkClass<graphs::LinkClassSigint>> named_classes(const graphs::SigintResult& r) {
    return merge_classes_by_name(r.classes);
}

/// Link classes listed per system (sigint and COM), worst first; the rest are summed up.
constexpr std::size_t kMaxClassesShown = 12;

/// "route / profile", and how many classes of that name were merged.
template <class Class>
std::string class_label(const NamedLinkClass<Class>& nc) {
    return nc.c.route + " / " + nc.c.profile +
           (nc.merged > 1 ? " (" + std::to_string(nc.merged) + " routes)" : "");
}

void add_system_figures(Section& sec, const graphs::Model& m, const SystemAnalysis& a,
                        const std::string& prefix) {
    const auto classes = named_classes(a.sigint);
    // Link classes (worst first) as name/value lines.
    if (!classes.empty()) {
        KeyValues kv;
        std::size_t shown = 0;
        for (const auto& nc : classes) {
            if (++shown > kMaxClassesShown) break;
            const auto& c = nc.c;
            const auto& w = c.worst;
            kv.items.push_back(
                {class_label(nc),
                 std::to_string(c.links) + " links (" + std::to_string(c.failing) +
                     " failing): IL " + fq(w.il_nyquist_db, "dB") + " at " +
                     fq(w.nyquist_hz, "Hz") + " vs budget " + fq(w.budget_db, "dB") +
                     ", margin " + fq(w.margin_db, "dB") +
                     (w.reach_medium.empty() ? std::string()
                                             : ", reach margin " + fq(w.reach_margin_m, "m") +
                                                   " (" + w.reach_medium + ")")});
        }
        if (classes.size() > kMaxClassesShown)
            kv.items.push_back({"...", std::to_string(classes.size() - kMaxClassesShown) +
                                           " more link classes"});
        sec.blocks.push_back(Paragraph{"Link classes (route / SerDes profile), worst first:"});
        sec.blocks.push_back(kv);
    }

    // Insertion loss vs frequency per link class (worst link of each), against the budgets.
    if (!classes.empty() && a.sigint.status != graphs::SigintStatus::error) {
        std::size_t n = std::min<std::size_t>(classes.size(), 6);
        double f_max = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            f_max = std::max(f_max, classes[i].c.worst.nyquist_hz);
        if (f_max > 0) {
            std::vector<double> grid;
            const int kPoints = 48;
            for (int k = 0; k < kPoints; ++k)
                grid.push_back(f_max * 1.5 * (k + 1) / kPoints);
            auto il = graphs::link_il_curves(m, grid);
            LinePlot p;
            p.title = "Insertion loss vs frequency per link class";
            p.x_label = "frequency";
            p.x_unit = "Hz";
            p.y_label = "insertion loss";
            p.y_unit = "dB";
            std::set<std::string> budgets;
            for (std::size_t i = 0; i < n; ++i) {
                const auto& c = classes[i].c;
                Series s;
                s.name = c.route + " / " + c.profile;
                s.x = grid;
                std::size_t off = c.worst.link * grid.size();
                if (off + grid.size() <= il.size())
                    s.y.assign(il.begin() + static_cast<std::ptrdiff_t>(off),
                               il.begin() + static_cast<std::ptrdiff_t>(off + grid.size()));
                else
                    continue;
                p.series.push_back(std::move(s));
                std::string lbl = "budget " + c.profile + " at " + fq(c.worst.nyquist_hz, "Hz");
                if (budgets.insert(lbl).second) p.ref_lines.push_back({c.worst.budget_db, lbl});
            }
            if (!p.series.empty())
                sec.blocks.push_back(FigureBlock{
                    prefix + "il", p,
                    a.label + ": insertion loss (dB) vs frequency of the worst link of each link "
                              "class (electrical segments), dashed: the profiles' loss budgets at "
                              "Nyquist."});
        }
    }

    // Margin histogram over all links.
    if (!a.sigint.links.empty() && a.sigint.status != graphs::SigintStatus::error) {
        Histogram h;
        h.title = "Link-loss margin over all links";
        h.x_label = "margin at Nyquist";
        h.x_unit = "dB";
        h.y_label = "links";
        for (const auto& l : a.sigint.links) h.values.push_back(l.margin_db);
        h.marker = RefLine{0.0, "0 dB margin"};
        sec.blocks.push_back(FigureBlock{
            prefix + "margin", h,
            a.label + ": histogram of the link-loss margin (dB) of all " +
                std::to_string(a.sigint.links.size()) + " links; left of the marker fails."});
    }

    if (!a.thermal.ok() || a.thermal.trays.empty()) return;
    auto trays = plotted_trays(a.thermal);
    std::vector<std::string> cats;
    for (auto i : trays) cats.push_back(tray_label(a.thermal.trays[i].name));
    std::string rack_note = a.thermal.racks.size() > 1
                                ? " (trays of " + a.thermal.racks.front().name + ")"
                                : std::string();

    BarChart pw;
    pw.title = "Power per tray";
    pw.categories = cats;
    pw.y_label = "power";
    pw.y_unit = "W";
    BarChart::Group dev{"devices", {}}, ovh{"overhead", {}}, lnk{"links (SerDes, retimers, optics)", {}};
    for (auto i : trays) {
        dev.values.push_back(a.thermal.trays[i].device_power_w);
        ovh.values.push_back(a.thermal.trays[i].overhead_power_w);
        lnk.values.push_back(a.thermal.trays[i].link_power_w);
    }
    pw.groups = {dev, ovh, lnk};
    sec.blocks.push_back(FigureBlock{prefix + "tray_power", pw,
                                     a.label + ": power (W) per tray by part" + rack_note + "."});

    // Heat flux: the hottest die of each tray against its cold-plate limit.
    BarChart hf;
    hf.title = "Die heat flux per tray";
    hf.categories = cats;
    hf.y_label = "max die heat flux";
    hf.y_unit = "W/m^2";
    BarChart::Group flux{"max die heat flux", std::vector<double>(trays.size(), 0.0)};
    double limit = kNaN;
    for (const auto& d : a.thermal.devices) {
        auto it = std::find(trays.begin(), trays.end(), static_cast<std::size_t>(d.tray));
        if (d.tray < 0 || it == trays.end() || std::isnan(d.heat_flux_w_per_m2)) continue;
        auto k = static_cast<std::size_t>(it - trays.begin());
        flux.values[k] = std::max(flux.values[k], d.heat_flux_w_per_m2);
        if (!std::isnan(d.heat_flux_limit_w_per_m2))
            limit = std::isnan(limit) ? d.heat_flux_limit_w_per_m2
                                      : std::min(limit, d.heat_flux_limit_w_per_m2);
    }
    hf.groups = {flux};
    if (!std::isnan(limit)) hf.ref_lines.push_back({limit, "cold-plate limit"});
    sec.blocks.push_back(FigureBlock{
        prefix + "tray_heat_flux", hf,
        a.label + ": highest die heat flux (W/m^2) per tray" + rack_note +
            ", dashed: the lowest cold-plate heat-flux limit."});

    // Coolant and junction temperatures per tray.
    BarChart tc;
    tc.title = "Coolant and junction temperatures per tray";
    tc.categories = cats;
    tc.y_label = "temperature";
    tc.y_unit = "degC";
    BarChart::Group tin{"coolant in", {}}, tout{"coolant out", {}}, tj{"max junction", {}};
    for (auto i : trays) {
        const auto& t = a.thermal.trays[i];
        tin.values.push_back(t.t_in_k);
        tout.values.push_back(t.t_out_k);
        tj.values.push_back(t.max_junction_k);
    }
    tc.groups = {tin, tout, tj};
    double tj_max = kNaN;
    for (const auto& d : a.thermal.devices)
        if (!std::isnan(d.t_junction_max_k))
            tj_max = std::isnan(tj_max) ? d.t_junction_max_k : std::min(tj_max, d.t_junction_max_k);
    if (!std::isnan(tj_max)) tc.ref_lines.push_back({tj_max, "lowest junction limit"});
    sec.blocks.push_back(FigureBlock{
        prefix + "tray_temps", tc,
        a.label + ": coolant inlet/outlet and hottest junction temperature (degC) per tray" +
            rack_note + "."});
}

/// `path` relative to the directory of the description `description` when it lies inside it
/// (the resolved Touchstone and configuration paths), else unchanged.
std::string shown_path(const std::string& path, const std::string& description) {
    namespace fs = std::filesystem;
    const fs::path rel = fs::path(path).lexically_relative(fs::path(description).parent_path());
    const std::string r = rel.generic_string();
    return r.empty() || r.rfind("..", 0) == 0 ? path : r;
}

/// The COM section of a system with COM links (graphs/com_analysis.hpp): the link classes as a
/// table (columns: classes, worst first; also written as tables/<system>_com.csv), the worst
/// link of each class and its channel, the configurations and the configuration warnings.
Section com_section(const SystemAnalysis& a, const std::string& prefix) {
    const graphs::ComAnalysis& r = a.com;
    Section sec{a.label + ": Channel Operating Margin", {}, {}};
    const bool error = r.status == graphs::ComAnalysisStatus::error;
    if (error) {
        sec.blocks.push_back(Paragraph{
            "COM (IEEE 802.3 Annex 93A) could not be computed for the measured channels of this "
            "system; the COM rows of the comparison are n/a. The analysis said:"});
        sec.blocks.push_back(Preformatted{r.message, true});
    } else {
        sec.blocks.push_back(Paragraph{
            "Channel Operating Margin (IEEE 802.3-2022 Annex 93A, eq. 93A-1: COM = 20 log10(A_s / "
            "A_ni)) of the " + std::to_string(r.links.size()) +
            " links whose channel is a measured Touchstone file, " + std::to_string(r.evaluations) +
            " distinct channel(s) evaluated (graphs::analyze_com); " + std::to_string(r.failing) +
            " link(s) below the COM threshold; links without COM data (not included): " +
            std::to_string(r.skipped) + ". A link's COM is the worst package case "
            "of its channel; it passes when every case reaches the configuration's COM pass "
            "threshold. Columns: link classes (route / SerDes profile), worst COM first."});
        const auto classes = named_com_classes(r);
        const std::size_t n = std::min(classes.size(), kMaxClassesShown);
        Table t;
        t.key = prefix + "com";
        t.title = a.label + ": COM per link class";
        std::vector<const graphs::ComChannel*> ch;
        std::vector<int> case_ids;
        for (std::size_t i = 0; i < n; ++i) {
            const auto& c = classes[i];
            t.columns.push_back(class_label(c));
            ch.push_back(&r.channels.at(c.c.worst.channel));
            for (const auto& k : ch.back()->cases) case_ids.push_back(k.package_case);
        }
        std::sort(case_ids.begin(), case_ids.end());
        case_ids.erase(std::unique(case_ids.begin(), case_ids.end()), case_ids.end());
        auto values = [&](auto f) {
            std::vector<double> v;
            for (std::size_t i = 0; i < n; ++i) v.push_back(f(classes[i].c, *ch[i]));
            return v;
        };
        using Class = graphs::LinkClassCom;
        using Channel = graphs::ComChannel;
        t.add("links", "", values([](const Class& c, const Channel&) {
                  return static_cast<double>(c.links);
              }), Better::none, "COM links of the class");
        t.add("links below threshold", "", values([](const Class& c, const Channel&) {
                  return static_cast<double>(c.failing);
              }), Better::none, "links whose COM is below the threshold in some package case");
        for (int k : case_ids)
            t.add("COM, package case " + std::to_string(k), "dB",
                  values([k](const Class&, const Channel& h) {
                      for (const auto& c : h.cases)
                          if (c.package_case == k) return c.com_db;
                      return kNaN;
                  }),
                  Better::none,
                  "entry " + std::to_string(k) + " of the configuration's z_p select (package "
                  "trace lengths), worst link of the class");
        std::string pass, fail;
        for (std::size_t i = 0; i < n; ++i) {
            std::string& list = ch[i]->pass ? pass : fail;
            list += (list.empty() ? "" : ", ") + t.columns[i];
        }
        t.add("COM (worst case)", "dB", values([](const Class& c, const Channel&) {
                  return c.worst.com_db;
              }), Better::none,
              (pass.empty() ? "" : "PASS: " + pass) + (pass.empty() || fail.empty() ? "" : "; ") +
                  (fail.empty() ? "" : "FAIL: " + fail));
        t.add("COM threshold", "dB", values([](const Class&, const Channel& h) {
                  return h.threshold_db;
              }), Better::none, "the configuration's COM pass threshold");
        t.add("IL at Nyquist", "dB", values([](const Class&, const Channel& h) {
                  return h.il_nyquist_db;
              }), Better::none, "thru insertion loss at f_b/2 (ball to ball, no packages)");
        t.add("FOM_ILD", "dB", values([](const Class&, const Channel& h) {
                  return h.fom_ild_db;
              }), Better::none, "insertion-loss deviation figure of merit (93A-56)");
        // In mV, as COM reports amplitudes (the IEEE reference code; "V" would print µV here).
        t.add("ICN", "mV", values([](const Class&, const Channel& h) {
                  return h.icn_mv;
              }), Better::none, "integrated crosstalk noise (93A-57)");
        sec.blocks.push_back(TableBlock{t});
        if (classes.size() > n) {
            std::size_t links = 0, failing = 0;
            for (std::size_t i = n; i < classes.size(); ++i) {
                links += classes[i].c.links;
                failing += classes[i].c.failing;
            }
            sec.blocks.push_back(Paragraph{
                std::to_string(classes.size() - n) + " more link class(es) not shown: " +
                std::to_string(links) + " links, " + std::to_string(failing) +
                " below the threshold."});
        }

        KeyValues worst;
        for (std::size_t i = 0; i < n; ++i) {
            const auto& c = classes[i].c;
            const auto& h = *ch[i];
            worst.items.push_back(
                {t.columns[i],
                 c.worst.port_a + " -- " + c.worst.port_b + "; channel " +
                     shown_path(h.thru, a.path) + " (" + std::to_string(h.next.size()) +
                     " NEXT, " + std::to_string(h.fext.size()) + " FEXT" +
                     (h.port_order.empty() ? "" : ", port order " + h.port_order) + ") at " +
                     h.where + (h.status == sigint::ComStatus::ok ? "" : "; " + h.message)});
        }
        sec.blocks.push_back(Paragraph{"Worst link of each class and its measured channel:"});
        sec.blocks.push_back(worst);

        // Configurations in order of first use, with the channels that use each.
        std::vector<std::pair<std::string, std::size_t>> configs;
        for (const auto& h : r.channels) {
            auto it = std::find_if(configs.begin(), configs.end(),
                                   [&](const auto& p) { return p.first == h.config; });
            if (it == configs.end())
                configs.push_back({h.config, 1});
            else
                ++it->second;
        }
        std::string used;
        for (const auto& [cfg, count] : configs)
            used += (used.empty() ? "" : ", ") + shown_path(cfg, a.path) + " (" +
                    std::to_string(count) + " channel" + (count == 1 ? "" : "s") + ")";
        sec.blocks.push_back(Paragraph{"COM configuration(s): " + used + "."});
    }
    if (!r.warnings.empty()) {
        std::string text;
        for (const auto& w : r.warnings) text += w + "\n";
        sec.blocks.push_back(Paragraph{
            "COM warnings (entries the configuration sets that COM does not read; channel data to check):"});
        sec.blocks.push_back(Preformatted{text, false});
    }
    return sec;
}

/// Reach vs lane data rate per electrical medium, from the built-in SerDes profiles' reach
/// tables (sigint/reach.hpp, reference host ends): per medium the variant with the longest reach
/// at the 224G-class profile, on a linear axis; optics (km-class reach) are named in `optics`.
std::optional<LinePlot> reach_plot(std::string& optics) {
    auto profiles = sigint::serdes_profiles();
    std::map<std::string, std::string> variant;  // medium -> chosen variant
    std::vector<std::string> order;
    for (const auto& p : profiles) {
        if (p.name != "224G") continue;
        std::map<std::string, double> best;
        for (const auto& r : sigint::reach_table(p)) {
            if (r.medium == "optics") continue;
            if (!best.count(r.medium)) order.push_back(r.medium);
            if (!best.count(r.medium) || r.reach_m > best[r.medium]) {
                best[r.medium] = r.reach_m;
                variant[r.medium] = r.variant;
            }
        }
    }
    if (order.empty()) return std::nullopt;
    LinePlot lp;
    lp.title = "Reach vs lane data rate per medium";
    lp.x_label = "lane data rate";
    lp.x_unit = "bit/s";
    lp.y_label = "reach";
    lp.y_unit = "m";
    for (const auto& m : order) {
        Series s;
        s.name = m + " (" + variant[m] + ")";
        s.style = Series::Style::linespoints;
        for (const auto& p : profiles)
            for (const auto& r : sigint::reach_table(p))
                if (r.medium == m && r.variant == variant[m]) {
                    s.x.push_back(p.lane_rate_bps);
                    s.y.push_back(r.reach_m);
                }
        lp.series.push_back(std::move(s));
    }
    std::string last;
    for (const auto& p : profiles)
        for (const auto& r : sigint::reach_table(p))
            if (r.medium == "optics") {
                std::string what = format_quantity(r.reach_m, "m") + " (" + r.variant + ")";
                if (what != last)
                    optics += (optics.empty() ? "" : ", ") + std::string(p.name) + ": " + what;
                else
                    optics += ", " + std::string(p.name) + ": same";
                last = what;
                break;
            }
    return lp;
}

/// PCB yield vs layer count: a reference board and every system's first backplane (its stated
/// area, defect density and lamination cycles; defaults of graphs::PcbYieldInput otherwise).
LinePlot yield_vs_layers(const std::vector<const graphs::Model*>& models,
                         const std::vector<std::string>& labels, std::string& details) {
    LinePlot lp;
    lp.title = "Board yield vs layer count";
    lp.x_label = "copper layers";
    lp.x_unit = "";
    lp.y_label = "board yield";
    lp.y_unit = "%";
    auto curve = [](graphs::PcbYieldInput in, std::string name) {
        Series s;
        s.name = std::move(name);
        for (uint32_t layers = 8; layers <= 64; layers += 4) {
            in.layers = layers;
            in.cores = layers / 2 - 1;
            s.x.push_back(layers);
            s.y.push_back(graphs::pcb_yield(in).board_yield);
        }
        return s;
    };
    lp.series.push_back(curve({}, "reference board"));
    for (std::size_t i = 0; i < models.size(); ++i) {
        const auto& m = *models[i];
        for (auto v : boost::make_iterator_range(boost::vertices(m.graph()))) {
            const auto& e = m.element(v);
            if (e.kind != graphs::Kind::backplane) continue;
            const auto& ps = m.params(e);
            graphs::PcbYieldInput in;
            in.area_m2 = ps.get("area", in.area_m2);
            in.lamination_cycles =
                static_cast<uint32_t>(ps.get("lamination_cycles", in.lamination_cycles));
            in.lamination_yield = ps.get("lamination_yield", in.lamination_yield);
            std::string how = "stated defect density";
            if (ps.has("defect_density")) {
                in.defect_density_per_m2 = ps.get("defect_density", in.defect_density_per_m2);
            } else if (ps.has("yield") && ps.has("layers")) {
                // No defect density: calibrate it (bisection; yield falls with density) so
                // that the stated layer count gives the stated yield.
                in.layers = static_cast<uint32_t>(ps.get("layers", in.layers));
                in.cores = in.layers / 2 - 1;
                double target = ps.get("yield", 1.0), lo = 0.0, hi = 1e4;
                for (int it = 0; it < 100; ++it) {
                    in.defect_density_per_m2 = 0.5 * (lo + hi);
                    (graphs::pcb_yield(in).board_yield > target ? lo : hi) =
                        in.defect_density_per_m2;
                }
                how = "defect density calibrated to its stated " + format_quantity(target, "%") +
                      " at " + std::to_string(in.layers) + " layers";
            }
            if (!in.check().empty()) break;
            lp.series.push_back(curve(in, labels[i]));
            details += "; " + labels[i] + ": " + e.type + ", " + how + " (" +
                       format_quantity(in.defect_density_per_m2, "") + " per m^2)";
            break;
        }
    }
    return lp;
}

}  // namespace

std::string parse_sets(const std::vector<std::string>& sets,
                       std::vector<std::pair<std::string, std::string>>& overrides,
                       std::vector<std::string>& import_dirs) {
    for (const auto& s : sets) {
        if (s.rfind("-I", 0) == 0) {
            import_dirs.push_back(s.substr(2));
            continue;
        }
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0) return "--set " + s + ": expected NAME=VALUE";
        overrides.emplace_back(s.substr(0, eq), s.substr(eq + 1));
    }
    return "";
}

namespace {

/// Calls `f(i)` for i in [0, n) on up to `threads` threads (0 = sigint::available_cpus()); each
/// call writes only its own slot, so results do not depend on scheduling.
template <class F>
void parallel_for(std::size_t n, unsigned threads, F f) {
    std::size_t workers = std::min<std::size_t>(n, threads ? threads : sigint::available_cpus());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < n; i = next++) f(i);
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
}

}  // namespace

void load_inputs(std::vector<ReviewInput>& inputs, const std::vector<std::string>& import_dirs,
                 unsigned threads) {
    parallel_for(inputs.size(), threads, [&](std::size_t i) {
        auto& in = inputs[i];
        hdl::LoadOptions lo;
        lo.set = in.set;
        lo.import_dirs = import_dirs;
        hdl::LoadResult r = hdl::load_file(in.path, lo);
        in.diagnostics = r.diagnostics;
        if (r.ok()) in.model = std::move(r.model);
    });
    std::map<std::string, int> used;
    for (auto& in : inputs) {
        if (in.label.empty())
            in.label = in.model && !in.model->name().empty() ? in.model->name() : file_stem(in.path);
        int n = ++used[in.label];
        if (n > 1) in.label += " (" + std::to_string(n) + ")";
    }
}

std::vector<std::optional<SystemAnalysis>> analyze_inputs(const std::vector<ReviewInput>& inputs,
                                                          const ReviewOptions& options) {
    std::vector<std::optional<SystemAnalysis>> out(inputs.size());
    // The heaviest inputs first would balance better, but input order keeps it simple; the
    // analyses' own Monte Carlo threads share the cores.
    parallel_for(inputs.size(), options.threads, [&](std::size_t i) {
        if (inputs[i].model)
            out[i] = analyze_system(*inputs[i].model, inputs[i].label, inputs[i].path, options);
    });
    return out;
}

Document build_review_document(const std::vector<ReviewInput>& inputs,
                               const std::vector<std::optional<SystemAnalysis>>& analyses,
                               const std::string& racklink_version) {
    Document d;
    std::vector<const SystemAnalysis*> good;
    std::vector<const graphs::Model*> models;
    std::vector<std::string> labels;
    std::vector<const ReviewInput*> bad;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (analyses[i]) {
            good.push_back(&*analyses[i]);
            models.push_back(&*inputs[i].model);
            labels.push_back(analyses[i]->label);
        } else {
            bad.push_back(&inputs[i]);
        }
    }
    d.title = "RackLink design review";
    d.subtitle = "racklink " + racklink_version + " — " + std::to_string(good.size()) + " of " +
                 std::to_string(inputs.size()) + " descriptions loaded";

    if (!good.empty()) {
        Section summary{"System summary", {}, {}};
        summary.blocks.push_back(Paragraph{
            "Each system below was analysed for structure, signal integrity, thermal, "
            "reliability (with a seeded fleet Monte Carlo), manufacturing yield and cost per "
            "token. An analysis that could not run shows its status and message; its figures are "
            "n/a in the comparison."});
        for (std::size_t i = 0; i < good.size(); ++i) {
            const auto& a = *good[i];
            Section one{a.label, {}, {}};
            KeyValues kv;
            kv.items.push_back({"file", a.path});
            kv.items.push_back({"racks / GPUs", std::to_string(a.racks) + " / " +
                                                    std::to_string(a.gpus)});
            kv.items.push_back({"scale-up links / lanes per direction",
                                std::to_string(a.structure.links) + " / " +
                                    std::to_string(a.structure.lanes)});
            if (a.thermal.ok())
                kv.items.push_back({"total power / interconnect",
                                    fq(a.thermal.total_power_w, "W") + " / " +
                                        fq(a.thermal.interconnect_power_w, "W")});
            if (a.reliability.status == graphs::ReliabilityStatus::ok)
                kv.items.push_back({"MTBF / MTTR / availability",
                                    fq(a.reliability.mtbf_s, "h") + " / " +
                                        fq(a.reliability.mttr_s, "h") + " / " +
                                        fq(a.availability, "%")});
            if (a.cost_available && a.cost.ok())
                kv.items.push_back({"cost per million tokens",
                                    fq(a.cost.usd_per_million_tokens, "USD") + " (" +
                                        a.cost_source + ")"});
            for (const auto& st : a.statuses)
                kv.items.push_back({"analysis: " + st.analysis,
                                    st.status + (st.message.empty() ? "" : " — " + st.message)});
            if (a.cheap_mode)
                kv.items.push_back({"mode", "cheaper mode: fleet of " +
                                                std::to_string(a.fleet_units) +
                                                " unit(s), 2 replications, probing up to 2"});
            one.blocks.push_back(kv);
            summary.subsections.push_back(std::move(one));
        }
        // Load warnings of the loaded inputs.
        for (std::size_t i = 0, k = 0; i < inputs.size(); ++i) {
            if (!analyses[i]) continue;
            if (!inputs[i].diagnostics.empty())
                summary.subsections[k].blocks.push_back(
                    Preformatted{inputs[i].diagnostics, false});
            ++k;
        }
        d.sections.push_back(std::move(summary));

        Section cmp{"Comparison", {}, {}};
        Table t = comparison_table(good);
        t.title = "Interconnect comparison";
        cmp.blocks.push_back(TableBlock{t});
        auto notes = analysis_notes(good);
        if (!notes.empty()) {
            std::string text;
            for (const auto& n : notes) text += n + "\n";
            cmp.blocks.push_back(Paragraph{"Notes (analyses that did not run cleanly):"});
            cmp.blocks.push_back(Preformatted{text, false});
        }
        d.sections.push_back(std::move(cmp));

        Section across{"Across systems", {}, {}};
        std::string optics;
        if (auto rp = reach_plot(optics))
            across.blocks.push_back(FigureBlock{
                "reach_vs_rate", *rp,
                "Reach (m) vs lane data rate (bit/s) per electrical medium (best variant at "
                "224G), from the built-in SerDes profiles (112G, 224G, 448G classes) with their "
                "reference host ends (sigint reach tables). Optics reach: " +
                    (optics.empty() ? std::string("n/a") : optics) + "."});
        std::string yield_details;
        LinePlot yl = yield_vs_layers(models, labels, yield_details);
        across.blocks.push_back(FigureBlock{
            "yield_vs_layers", yl,
            "PCB board yield (%) vs copper layer count (cores = layers/2 - 1, negative-binomial "
            "defect model, graphs::pcb_yield): the reference board of graphs::PcbYieldInput "
            "and each system's first backplane (its area and lamination data; its defect "
            "density, else one calibrated to its stated yield at its layer count). Reference "
            "board: 0.1 m^2, 5 killer defects per m^2 per layer image" +
                yield_details + "."});
        {
            LinePlot av;
            av.title = "Availability vs MTTR";
            av.x_label = "mean time to repair";
            av.x_unit = "h";
            av.y_label = "availability (every failure stops service)";
            av.y_unit = "%";
            av.log_x = true;
            for (const auto* a : good) {
                if (a->reliability.status != graphs::ReliabilityStatus::ok) continue;
                double lambda = a->reliability.failure_rate_per_s;
                Series s;
                s.name = a->label;
                for (int k = 0; k <= 24; ++k) {
                    double mttr_s = 1800.0 * std::pow(2.0, k / 4.0);  // 0.5 h .. 32 h
                    s.x.push_back(mttr_s);
                    // Steady-state availability of an alternating renewal process,
                    // A = MTBF / (MTBF + MTTR) = 1 / (1 + lambda MTTR) (Barlow & Proschan 1975).
                    s.y.push_back(1.0 / (1.0 + lambda * mttr_s));
                }
                av.series.push_back(std::move(s));
            }
            if (!av.series.empty())
                across.blocks.push_back(FigureBlock{
                    "availability_vs_mttr", av,
                    "Availability (%) vs MTTR (h, log scale) when every failure stops the "
                    "system: A = 1 / (1 + lambda MTTR), lambda the system failure rate."});
        }
        {
            BarChart dt;
            dt.title = "Fleet downtime per rack-unit over the horizon";
            dt.categories = {"mean", "p50", "p95", "p99"};
            dt.y_label = "downtime per unit";
            dt.y_unit = "h";
            for (const auto* a : good) {
                const auto& f = a->reliability.fleet;
                if (!f || !f->ok) continue;
                dt.groups.push_back({a->label,
                                     {f->downtime_per_rack_mean_h * 3600.0,
                                      f->downtime_per_rack_p50_h * 3600.0,
                                      f->downtime_per_rack_p95_h * 3600.0,
                                      f->downtime_per_rack_p99_h * 3600.0}});
            }
            if (!dt.groups.empty())
                across.blocks.push_back(FigureBlock{
                    "fleet_downtime", dt,
                    "Distribution of the service downtime (h) per fleet unit over the simulated "
                    "horizon (mean, median, 95th and 99th percentiles), seeded fleet Monte "
                    "Carlo."});
        }
        {
            BarChart rt;
            rt.title = "Fleet repair time per failure event";
            rt.categories = {"mean", "p50", "p95", "p99"};
            rt.y_label = "failure to restore";
            rt.y_unit = "h";
            for (const auto* a : good) {
                const auto& f = a->reliability.fleet;
                if (!f || !f->ok) continue;
                rt.groups.push_back({a->label,
                                     {f->repair_time_mean_h * 3600.0,
                                      f->repair_time_p50_h * 3600.0,
                                      f->repair_time_p95_h * 3600.0,
                                      f->repair_time_p99_h * 3600.0}});
            }
            if (!rt.groups.empty())
                across.blocks.push_back(FigureBlock{
                    "fleet_repair_time", rt,
                    "Distribution of the time from failure to restore (h) over every failure "
                    "event of the fleet simulation, including waits for crews and spares."});
        }
        d.sections.push_back(std::move(across));

        for (std::size_t i = 0; i < good.size(); ++i) {
            Section sec{good[i]->label + ": details", {}, {}};
            add_system_figures(sec, *models[i], *good[i], slug(good[i]->label) + "_");
            if (!sec.blocks.empty()) d.sections.push_back(std::move(sec));
            if (good[i]->com_links)
                d.sections.push_back(com_section(*good[i], slug(good[i]->label) + "_"));
        }
    }
    if (!bad.empty()) {
        Section failed{"Failed inputs",
                       {Paragraph{std::to_string(bad.size()) +
                                  " description(s) could not be loaded; they are left out of the "
                                  "tables and figures above."}},
                       {}};
        for (const auto* in : bad)
            failed.subsections.push_back(
                Section{in->path, {Preformatted{in->diagnostics, true}}, {}});
        d.sections.push_back(std::move(failed));
    }
    return d;
}

int run_review_report(const ReviewReportOptions& o, std::ostream& out, std::ostream& err) {
    if (o.out_dir.empty()) {
        err << "racklink report: --out DIR is required\n";
        return 2;
    }
    if (auto msg = o.review.validate(); !msg.empty()) {
        err << "racklink report: " << msg << "\n";
        return 2;
    }
    std::vector<std::pair<std::string, std::string>> overrides;
    std::vector<std::string> import_dirs;
    if (auto msg = parse_sets(o.sets, overrides, import_dirs); !msg.empty()) {
        err << "racklink report: " << msg << "\n";
        return 2;
    }
    std::vector<ReviewInput> inputs;
    for (const auto& f : o.files) inputs.push_back(ReviewInput{f, "", overrides, {}, {}});
    load_inputs(inputs, import_dirs, o.review.threads);
    int rc = 0;
    std::size_t failed = 0;
    for (const auto& in : inputs) {
        if (!in.model) {
            rc = 1;
            ++failed;
        }
        err << in.diagnostics;
    }
    auto analyses = analyze_inputs(inputs, o.review);
    if (o.strict)
        for (const auto& a : analyses)
            if (a)
                for (const auto& st : a->statuses)
                    if (!st.ok && st.analysis != "cost") rc = 1;

    ReportWriteOptions wo;
    wo.png = o.png;
    wo.threads = o.review.threads;
    wo.racklink_version = version();
    ReportWriteResult w = write_report(build_review_document(inputs, analyses, version()),
                                       o.out_dir, wo);
    for (const auto& warning : w.warnings) err << "report: warning: " << warning << "\n";
    for (const auto& e : w.errors) err << "report: error: " << e << "\n";
    for (const auto& f : w.files) out << f << "\n";
    if (!w.ok()) rc = 1;
    if (failed)
        err << "report: " << failed << " of " << inputs.size() << " files failed to load\n";
    return rc;
}

}  // namespace racklink::reports
