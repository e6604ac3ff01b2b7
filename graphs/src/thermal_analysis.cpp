#include "graphs/thermal_analysis.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <numeric>
#include <utility>

#include "thermal/facility.hpp"
#include "thermal/fatigue.hpp"
#include "thermal/network.hpp"
#include "thermal/spreading.hpp"

namespace racklink::graphs {

namespace th = racklink::thermal;

std::string ThermalOptions::validate() const {
    if (inlet_k && !(*inlet_k > 0.0)) return "inlet temperature must be above absolute zero";
    if (delta_t_k && !(*delta_t_k > 0.0)) return "coolant temperature rise must be positive";
    if (pue && !(*pue >= 1.0)) return "PUE must be at least 1";
    if (!(flow_scale > 0.0) || !std::isfinite(flow_scale)) return "flow scale must be positive";
    if (hottest < 0) return "hottest count must not be negative";
    return {};
}

std::string_view to_string(ThermalStatus s) {
    switch (s) {
        case ThermalStatus::ok:
            return "ok";
        case ThermalStatus::limit_exceeded:
            return "limit_exceeded";
        case ThermalStatus::input_error:
            return "input_error";
        case ThermalStatus::solver_error:
            return "solver_error";
    }
    return "?";
}

std::string_view to_string(Verdict v) {
    switch (v) {
        case Verdict::ok:
            return "ok";
        case Verdict::exceeded:
            return "exceeded";
        case Verdict::not_checked:
            return "not_checked";
    }
    return "?";
}

std::string ThermalIssue::render() const {
    return fmt::format("{}: {}: {} [{}]", where, error ? "error" : "warning", message, code);
}

std::string ThermalResult::diagnostics() const {
    std::string s;
    for (const auto& i : issues) s += i.render() + "\n";
    return s;
}

namespace {

constexpr double kKelvinOffset = 273.15;  // ISO 80000-5
constexpr double kSecondsPerDay = 86400.0;

double to_c(double k) { return k - kKelvinOffset; }

// Device kinds that exist only to carry links (their power is interconnect power).
bool is_link_part(Kind k) {
    return k == Kind::retimer || k == Kind::optical_engine || k == Kind::laser_source;
}

// Kinds whose heat must go to a liquid loop (a missing `cooling` is an error for them).
bool needs_liquid(Kind k) {
    return k == Kind::gpu || k == Kind::cpu || k == Kind::switch_chip || k == Kind::network_switch;
}

struct Ctx {
    const Model& m;
    ThermalResult& r;

    void issue(bool error, const char* code, SourceLoc loc, std::string msg) {
        r.issues.push_back({error, code, m.where(loc), std::move(msg)});
    }
    const Param* num(const ParamSet& ps, std::string_view name) const {
        const Param* p = ps.find(name);
        return (p && !p->is_text) ? p : nullptr;
    }
    // The location of a parameter if written, else the fallback (element instance line).
    static SourceLoc at(const Param* p, SourceLoc fallback) {
        return (p && p->loc.valid()) ? p->loc : fallback;
    }
};

std::string label(const Element& e) {
    return e.type.empty() ? e.name : fmt::format("{} ({})", e.name, e.type);
}

// A value resolved from option / rack / globals / default, with where it came from.
struct Resolved {
    double value = kNaN;
    SourceLoc loc;
    bool from_param = false;
};

Resolved resolve_num(const Ctx& c, std::optional<double> opt, const ParamSet* rack,
                     std::string_view name, double fallback) {
    if (opt) return {*opt, {}, false};
    if (rack)
        if (const Param* p = c.num(*rack, name)) return {p->value, p->loc, true};
    if (const Param* p = c.num(c.m.globals(), name)) return {p->value, p->loc, true};
    return {fallback, {}, false};
}

const Param* resolve_text(const ParamSet* rack, const ParamSet& globals, std::string_view name) {
    if (rack)
        if (const Param* p = rack->find(name); p && p->is_text) return p;
    if (const Param* p = globals.find(name); p && p->is_text) return p;
    return nullptr;
}

// Plain union-find for scale-up domains.
struct Dsu {
    std::vector<int> p;
    explicit Dsu(size_t n) : p(n) { std::iota(p.begin(), p.end(), 0); }
    int find(int x) {
        while (p[static_cast<size_t>(x)] != x) {
            int up = p[static_cast<size_t>(x)];
            p[static_cast<size_t>(x)] = p[static_cast<size_t>(up)];  // path halving
            x = up;
        }
        return x;
    }
    void unite(int a, int b) { p[static_cast<size_t>(find(a))] = find(b); }
};

// Per-device network data.
struct DevNodes {
    int32_t cell = -1;  // coolant cell
    int32_t plate = -1;
    int32_t casen = -1;
    std::vector<int32_t> junctions;
};

struct Loop {
    int tray = -1;  // index into r.trays (-1: rack-level loop)
    int rack = 0;
    std::vector<size_t> devs;  // device indices, in vertex order (series along the loop)
    double heat_w = 0.0;
    double min_plate_flow_m3_s = 0.0;
    double m_dot_kg_s = 0.0;
    std::vector<size_t> adv;  // advection indices: cells in order, then into the return
};

}  // namespace

ThermalResult analyze_thermal(const Model& m, const ThermalOptions& opt) {
    ThermalResult r;
    Ctx c{m, r};
    if (std::string err = opt.validate(); !err.empty()) {
        r.status = ThermalStatus::input_error;
        r.message = err;
        r.issues.push_back({true, "THM-0020", "<command line>", err});
        return r;
    }
    const Graph& g = m.graph();
    const size_t nv = boost::num_vertices(g);
    r.junction_k_by_vertex.assign(nv, kNaN);
    r.joint_failure_rate_by_vertex.assign(nv, 0.0);

    // ---- Racks and trays -------------------------------------------------------------
    std::vector<int> rack_index(nv, -1), tray_index(nv, -1);
    for (Vertex v = 0; v < nv; ++v) {
        const Element& e = g[v];
        if (e.kind != Kind::rack) continue;
        RackThermal rk;
        rk.vertex = static_cast<int>(v);
        rk.name = e.name;
        // `height` is a length in SI (48 U = 2.1336 m); kW/U wants rack units.
        if (const Param* p = c.num(m.params(e), "height")) rk.height_u = p->value / kRackUnitM;
        rack_index[v] = static_cast<int>(r.racks.size());
        r.racks.push_back(std::move(rk));
    }
    auto rack_of = [&](Vertex v) -> int {
        for (int32_t x = static_cast<int32_t>(v); x >= 0; x = g[static_cast<Vertex>(x)].parent)
            if (rack_index[static_cast<size_t>(x)] >= 0) return rack_index[static_cast<size_t>(x)];
        int32_t rv = g[v].rack;
        if (rv >= 0 && rack_index[static_cast<size_t>(rv)] >= 0)
            return rack_index[static_cast<size_t>(rv)];
        return -1;
    };
    int loose_rack = -1;  // synthetic rack for elements outside any rack
    auto rack_for = [&](Vertex v) -> int {
        int k = rack_of(v);
        if (k >= 0) return k;
        if (loose_rack < 0) {
            RackThermal rk;
            rk.name = m.name().empty() ? std::string("(model)") : m.name();
            loose_rack = static_cast<int>(r.racks.size());
            r.racks.push_back(std::move(rk));
        }
        return loose_rack;
    };
    // Elements outside any rack share one synthetic rack, created before the settings below.
    for (Vertex v = 0; v < nv; ++v)
        if (g[v].kind != Kind::rack && g[v].kind != Kind::system &&
            (is_device(g[v].kind) || g[v].kind == Kind::tray || m.params(g[v]).has("power")))
            rack_for(v);
    for (Vertex v = 0; v < nv; ++v) {
        const Element& e = g[v];
        if (e.kind != Kind::tray) continue;
        TrayThermal t;
        t.vertex = v;
        t.name = e.name;
        t.rack = rack_for(v);
        // Element::u_height is in rack units; a bare `height` param is a length in m (1 U = 44.45 mm).
        t.u_height = e.u_height > 0.0 ? e.u_height : m.params(e).get("height", kNaN) / kRackUnitM;
        tray_index[v] = static_cast<int>(r.trays.size());
        r.trays.push_back(std::move(t));
    }
    auto tray_of = [&](Vertex v) -> int {
        for (int32_t x = static_cast<int32_t>(v); x >= 0; x = g[static_cast<Vertex>(x)].parent)
            if (tray_index[static_cast<size_t>(x)] >= 0) return tray_index[static_cast<size_t>(x)];
        return -1;
    };

    // ---- Rack-level settings (coolant, inlet, rise, PUE, CDU) -------------------------
    for (auto& rk : r.racks) {
        const ParamSet* rps =
            rk.vertex >= 0 ? &m.params(g[static_cast<Vertex>(rk.vertex)]) : nullptr;
        SourceLoc rloc = rk.vertex >= 0 ? g[static_cast<Vertex>(rk.vertex)].loc : SourceLoc{};
        Resolved inlet =
            resolve_num(c, opt.inlet_k, rps, "inlet_temp", ThermalOptions::kDefaultInletK);
        if (!(inlet.value > 0.0))
            c.issue(true, "THM-0005", inlet.from_param ? inlet.loc : rloc,
                    fmt::format("{}: inlet temperature {:.2f} K is at or below absolute zero",
                                rk.name, inlet.value));
        rk.t_supply_k = inlet.value;
        Resolved dt =
            resolve_num(c, opt.delta_t_k, rps, "delta_t", ThermalOptions::kDefaultDeltaTK);
        if (!(dt.value > 0.0))
            c.issue(true, "THM-0012", dt.from_param ? dt.loc : rloc,
                    fmt::format("{}: coolant temperature rise delta_t = {} K must be positive",
                                rk.name, dt.value));
        rk.delta_t_k = dt.value;
        if (opt.coolant) {
            rk.coolant = *opt.coolant;
        } else if (const Param* p = resolve_text(rps, m.globals(), "coolant")) {
            std::string name = p->text;
            auto parsed = th::parse_coolant(name);
            if (!parsed)
                c.issue(true, "THM-0011", Ctx::at(p, rloc),
                        fmt::format("{}: unknown coolant '{}' (the library has water, pg25)",
                                    rk.name, name));
            else
                rk.coolant = *parsed;
        }
        for (double t : {rk.t_supply_k, rk.t_supply_k + rk.delta_t_k}) {
            if (rk.t_supply_k > 0.0 && rk.delta_t_k > 0.0 && !th::coolant_properties(rk.coolant, t))
                c.issue(true, "THM-0006", inlet.from_param ? inlet.loc : rloc,
                        fmt::format("{}: coolant {} at {:.2f} degC is outside its property table "
                                    "({:.2f} .. {:.2f} degC)",
                                    rk.name, th::to_string(rk.coolant), to_c(t),
                                    to_c(th::coolant_min_temp_k(rk.coolant)),
                                    to_c(th::coolant_max_temp_k(rk.coolant))));
        }
        Resolved pue = resolve_num(c, opt.pue, rps, "pue", 1.0);
        if (!(pue.value >= 1.0))
            c.issue(true, "THM-0013", pue.from_param ? pue.loc : rloc,
                    fmt::format("{}: PUE {} is below 1", rk.name, pue.value));
        rk.pue = pue.value;
        if (const Param* p = resolve_text(rps, m.globals(), "cdu")) {
            rk.cdu = p->text;
            if (rk.cdu != "in_rack" && rk.cdu != "in_row")
                c.issue(true, "THM-0014", Ctx::at(p, rloc),
                        fmt::format("{}: cdu = '{}' must be in_rack or in_row", rk.name, rk.cdu));
        }
        Resolved cap = resolve_num(c, std::nullopt, rps, "cdu_capacity", kNaN);
        if (cap.from_param && !(cap.value > 0.0))
            c.issue(true, "THM-0014", cap.loc,
                    fmt::format("{}: cdu_capacity = {} W must be positive", rk.name, cap.value));
        rk.cdu_capacity_w = cap.value;
        if (std::isfinite(rk.cdu_capacity_w) && rk.cdu.empty()) rk.cdu = "in_rack";
        if (const Param* p = resolve_text(rps, m.globals(), "ashrae_class")) {
            rk.ashrae_required = p->text;
            if (!th::parse_ashrae_class(p->text))
                c.issue(true, "THM-0015", Ctx::at(p, rloc),
                        fmt::format("{}: unknown ASHRAE class '{}' (W17, W27, W32, W40, W45, W+)",
                                    rk.name, p->text));
        }
    }

    // ---- Devices: power, dies, flux, cooling ------------------------------------------
    std::vector<int> dev_index(nv, -1);
    std::vector<std::pair<const PartDef*, const ParamSet*>> dev_plate;
    for (Vertex v = 0; v < nv; ++v) {
        const Element& e = g[v];
        const ParamSet& ps = m.params(e);
        if (!is_device(e.kind)) {
            // Overhead power of trays and passive / other elements (fans, VRM, power shelves).
            if (e.kind == Kind::rack || e.kind == Kind::system) continue;
            const Param* p = c.num(ps, "power");
            if (!p) continue;
            if (!(p->value >= 0.0)) {
                c.issue(true, "THM-0001", Ctx::at(p, e.loc),
                        fmt::format("{}: power = {} W is negative", label(e), p->value));
                continue;
            }
            int t = tray_of(v);
            int rk = t >= 0 ? r.trays[static_cast<size_t>(t)].rack : rack_for(v);
            if (t >= 0) r.trays[static_cast<size_t>(t)].overhead_power_w += p->value;
            r.racks[static_cast<size_t>(rk)].overhead_power_w += p->value;
            continue;
        }
        DeviceThermal d;
        d.vertex = v;
        d.name = e.name;
        d.type = e.type;
        d.kind = e.kind;
        d.tray = tray_of(v);
        d.rack = d.tray >= 0 ? r.trays[static_cast<size_t>(d.tray)].rack : rack_for(v);
        const Param* pw = c.num(ps, "power");
        const Param* cool = ps.find("cooling");
        d.cooling = cool && cool->is_text ? cool->text : std::string();
        bool wants_liquid = needs_liquid(e.kind) || (!d.cooling.empty() && d.cooling != "air");
        if (!pw) {
            if (wants_liquid)
                c.issue(true, "THM-0002", e.loc,
                        fmt::format("{}: no power given (the thermal analysis needs `power` in W)",
                                    label(e)));
            else
                c.issue(false, "THM-0101", e.loc,
                        fmt::format("{}: no power given; counted as 0 W", label(e)));
        } else if (!(pw->value >= 0.0) || !std::isfinite(pw->value)) {
            c.issue(true, "THM-0001", Ctx::at(pw, e.loc),
                    fmt::format("{}: power = {} W is negative", label(e), pw->value));
        } else {
            d.power_w = pw->value;
        }
        if (const Param* p = c.num(ps, "dies")) {
            if (!(p->value >= 1.0) || p->value != std::floor(p->value))
                c.issue(
                    true, "THM-0004", Ctx::at(p, e.loc),
                    fmt::format("{}: dies = {} must be a whole number >= 1", label(e), p->value));
            else
                d.dies = static_cast<int>(p->value);
        }
        if (const Param* p = c.num(ps, "die_area")) {
            if (!(p->value > 0.0))
                c.issue(true, "THM-0003", Ctx::at(p, e.loc),
                        fmt::format("{}: die_area = {} m^2 must be positive", label(e), p->value));
            else
                d.die_area_m2 = p->value;
        }
        if (const Param* p = c.num(ps, "t_junction_max")) {
            if (!(p->value > 0.0))
                c.issue(true, "THM-0005", Ctx::at(p, e.loc),
                        fmt::format("{}: t_junction_max = {} K is at or below absolute zero",
                                    label(e), p->value));
            else {
                d.t_junction_max_k = p->value;
                d.limit_where = m.where(Ctx::at(p, e.def_loc.valid() ? e.def_loc : e.loc));
            }
        }
        if (const Param* p = c.num(ps, "flops")) {
            if (!(p->value >= 0.0))
                c.issue(true, "THM-0017", Ctx::at(p, e.loc),
                        fmt::format("{}: flops = {} is negative", label(e), p->value));
            else {
                std::string_view prec = ps.text("flops_precision", opt.flops_precision);
                if (prec == opt.flops_precision)
                    d.flops = p->value;
                else
                    c.issue(
                        false, "THM-0102", Ctx::at(ps.find("flops_precision"), e.loc),
                        fmt::format("{}: flops are stated at {} and do not count toward {} EFLOPS",
                                    label(e), prec, opt.flops_precision));
            }
        }
        const PartDef* plate = nullptr;
        if (wants_liquid) {
            if (d.cooling.empty()) {
                c.issue(true, "THM-0007", e.def_loc.valid() ? e.def_loc : e.loc,
                        fmt::format(
                            "{}: no cooling path: a {} needs `cooling` naming a cold_plate part",
                            label(e), to_string(e.kind)));
            } else if (d.cooling != "air") {
                plate = m.find_part(d.cooling);
                if (!plate || plate->kind != "cold_plate") {
                    c.issue(true, "THM-0008", Ctx::at(cool, e.loc),
                            fmt::format("{}: cooling = '{}' is not a cold_plate part", label(e),
                                        d.cooling));
                    plate = nullptr;
                } else {
                    const ParamSet& pp = m.param_sets().at(plate->params);
                    const Param* rth = c.num(pp, "r_th");
                    if (!rth || !(rth->value > 0.0))
                        c.issue(true, "THM-0009", Ctx::at(rth, plate->loc),
                                fmt::format("cold plate {}: r_th (K/W, case to coolant) must be "
                                            "given and positive",
                                            plate->name));
                    if (const Param* rt = c.num(pp, "r_tim");
                        rt && (!(rt->value >= 0.0) || (rth && rt->value >= rth->value)))
                        c.issue(
                            true, "THM-0009", Ctx::at(rt, plate->loc),
                            fmt::format("cold plate {}: r_tim = {} K/W must be >= 0 and below r_th",
                                        plate->name, rt->value));
                    const Param* tjc = c.num(ps, "theta_jc");
                    if (!tjc || !(tjc->value >= 0.0))
                        c.issue(true, "THM-0010",
                                Ctx::at(tjc, e.def_loc.valid() ? e.def_loc : e.loc),
                                fmt::format(
                                    "{}: theta_jc (K/W, junction to case) must be given and >= 0",
                                    label(e)));
                    if (const Param* fl = c.num(pp, "heat_flux_limit")) {
                        d.heat_flux_limit_w_per_m2 = fl->value;
                        d.flux_limit_where = m.where(Ctx::at(fl, plate->loc));
                    }
                    d.liquid = true;
                }
            }
        }
        dev_index[v] = static_cast<int>(r.devices.size());
        dev_plate.emplace_back(plate, plate ? &m.param_sets().at(plate->params) : nullptr);
        r.devices.push_back(std::move(d));
    }

    // ---- Interconnect power ------------------------------------------------------------
    Dsu dsu(nv);
    std::vector<char> on_scale_up(nv, 0);  // endpoint or crossed element of a scale-up link
    std::vector<double> link_power_by_vertex(nv, 0.0);  // for domains: attributed to endpoint a
    auto add_ic_to = [&](Vertex v, double w) {
        int t = tray_of(v);
        int rk = t >= 0 ? r.trays[static_cast<size_t>(t)].rack : rack_for(v);
        if (t >= 0) {
            r.trays[static_cast<size_t>(t)].interconnect_power_w += w;
            r.trays[static_cast<size_t>(t)].link_power_w += w;
        }
        r.racks[static_cast<size_t>(rk)].interconnect_power_w += w;
        r.racks[static_cast<size_t>(rk)].link_power_w += w;
    };
    auto eg = boost::edges(g);
    for (auto it = eg.first; it != eg.second; ++it) {
        const Link& l = g[*it];
        Vertex a = boost::source(*it, g), b = boost::target(*it, g);
        if (l.fabric == Fabric::scale_up && is_device(g[a].kind) && is_device(g[b].kind)) {
            dsu.unite(static_cast<int>(a), static_cast<int>(b));
            on_scale_up[a] = on_scale_up[b] = 1;
            auto [q0, q1] = m.segments(l);
            for (const Segment* s = q0; s != q1; ++s)
                if (s->element >= 0 && is_device(g[static_cast<Vertex>(s->element)].kind)) {
                    dsu.unite(static_cast<int>(a), s->element);
                    on_scale_up[static_cast<size_t>(s->element)] = 1;
                }
        }
        if (l.profile >= m.profiles().size()) continue;
        const Profile& pr = m.profile(l);
        double e_bit = pr.energy_j_per_bit;
        if (!(e_bit >= 0.0) || !(pr.lane_rate_bps >= 0.0)) {
            c.issue(
                true, "THM-0016", pr.loc,
                fmt::format(
                    "profile {}: energy_per_bit = {} J/bit and lane_rate = {} bit/s must be >= 0",
                    pr.name, e_bit, pr.lane_rate_bps));
            continue;
        }
        // Per link: energy/bit (both ends, one direction) x lane rate x lanes x 2 directions.
        const double bits_per_s = pr.lane_rate_bps * l.lanes * 2.0;
        const double serdes_w = e_bit * bits_per_s;
        for (Vertex x : {a, b}) {
            int di = dev_index[x];
            if (di >= 0) r.devices[static_cast<size_t>(di)].serdes_power_w += 0.5 * serdes_w;
            add_ic_to(x, 0.5 * serdes_w);
        }
        const bool scale_up = l.fabric == Fabric::scale_up;
        if (scale_up) link_power_by_vertex[a] += serdes_w;
        auto [s0, s1] = m.segments(l);
        for (const Segment* s = s0; s != s1; ++s) {
            if (s->spec >= m.segment_specs().size()) continue;
            const SegmentSpec& spec = m.segment_specs()[s->spec];
            if (spec.kind != SegKind::retimer && spec.kind != SegKind::optical_engine &&
                spec.kind != SegKind::active_copper)
                continue;
            // A segment that is a modelled device with its own power is counted there.
            if (s->element >= 0 && is_device(g[static_cast<Vertex>(s->element)].kind) &&
                c.num(m.params(g[static_cast<Vertex>(s->element)]), "power"))
                continue;
            const ParamSet& sp = m.params(spec);
            const Param* eb = c.num(sp, "energy_per_bit");
            const Param* pw = c.num(sp, "power");
            if ((eb && !(eb->value >= 0.0)) || (pw && !(pw->value >= 0.0))) {
                c.issue(true, "THM-0016", Ctx::at(eb && !(eb->value >= 0.0) ? eb : pw, spec.loc),
                        fmt::format("{} segment {}: energy_per_bit and power must be >= 0",
                                    to_string(spec.kind), spec.part));
                continue;
            }
            double w = ((eb ? eb->value * bits_per_s : 0.0) + (pw ? pw->value : 0.0)) * s->count;
            if (s->element >= 0) {
                add_ic_to(static_cast<Vertex>(s->element), w);
            } else {
                add_ic_to(a, 0.5 * w);
                add_ic_to(b, 0.5 * w);
            }
            if (scale_up) link_power_by_vertex[a] += w;
        }
    }

    // ---- Roll-up per device / tray / rack ---------------------------------------------
    // The description may declare that device powers already include their SerDes.
    const bool serdes_inside =
        opt.serdes_in_device_power || m.globals().get("serdes_in_device_power", 0.0) != 0.0;
    r.serdes_in_device_power = serdes_inside;
    for (size_t i = 0; i < r.devices.size(); ++i) {
        DeviceThermal& d = r.devices[i];
        d.heat_w = d.power_w + (serdes_inside ? 0.0 : d.serdes_power_w);
        if (std::isfinite(d.die_area_m2)) {
            d.heat_flux_w_per_m2 = d.heat_w / d.dies / d.die_area_m2;
            if (std::isfinite(d.heat_flux_limit_w_per_m2))
                d.flux_verdict = d.heat_flux_w_per_m2 <= d.heat_flux_limit_w_per_m2
                                     ? Verdict::ok
                                     : Verdict::exceeded;
        }
        RackThermal& rk = r.racks[static_cast<size_t>(d.rack)];
        rk.device_power_w += d.power_w;
        rk.flops += d.flops;
        // Parts that exist only for links count toward the interconnect share as well.
        if (is_link_part(d.kind)) {
            rk.interconnect_power_w += d.power_w;
            if (d.tray >= 0) r.trays[static_cast<size_t>(d.tray)].interconnect_power_w += d.power_w;
        }
        if (d.tray >= 0) {
            r.trays[static_cast<size_t>(d.tray)].device_power_w += d.power_w;
            r.trays[static_cast<size_t>(d.tray)].flops += d.flops;
        }
        if (d.liquid) {
            rk.liquid_heat_w += d.heat_w;
            if (d.tray >= 0) r.trays[static_cast<size_t>(d.tray)].liquid_heat_w += d.heat_w;
        }
        if (std::isfinite(d.heat_flux_w_per_m2))
            r.max_heat_flux_w_per_m2 =
                std::isfinite(r.max_heat_flux_w_per_m2)
                    ? std::max(r.max_heat_flux_w_per_m2, d.heat_flux_w_per_m2)
                    : d.heat_flux_w_per_m2;
        if (std::isfinite(d.heat_flux_w_per_m2))
            rk.max_heat_flux_w_per_m2 =
                std::isfinite(rk.max_heat_flux_w_per_m2)
                    ? std::max(rk.max_heat_flux_w_per_m2, d.heat_flux_w_per_m2)
                    : d.heat_flux_w_per_m2;
    }
    // SerDes power already inside the device power is not added again.
    const double serdes_double = serdes_inside ? 1.0 : 0.0;
    for (auto& t : r.trays) {
        double serdes_in = 0.0;
        if (serdes_double > 0.0)
            for (const auto& d : r.devices)
                if (d.tray == static_cast<int>(&t - r.trays.data())) serdes_in += d.serdes_power_w;
        t.total_power_w = t.device_power_w + t.overhead_power_w + t.link_power_w - serdes_in;
        if (t.u_height > 0.0) t.kw_per_u = t.total_power_w / 1e3 / t.u_height;
    }
    for (size_t k = 0; k < r.racks.size(); ++k) {
        RackThermal& rk = r.racks[k];
        double serdes_in = 0.0;
        if (serdes_double > 0.0)
            for (const auto& d : r.devices)
                if (d.rack == static_cast<int>(k)) serdes_in += d.serdes_power_w;
        rk.total_power_w = rk.device_power_w + rk.overhead_power_w + rk.link_power_w - serdes_in;
        // Heat not taken by a cold plate leaves by air (overhead counted above; the rest here).
        rk.air_heat_w = rk.total_power_w - rk.liquid_heat_w;
        if (rk.height_u > 0.0) rk.kw_per_u = rk.total_power_w / 1e3 / rk.height_u;
        if (rk.total_power_w > 0.0)
            rk.interconnect_share = rk.interconnect_power_w / rk.total_power_w;
        if (rk.flops > 0.0) rk.kw_per_eflops = (rk.total_power_w / 1e3) / (rk.flops / 1e18);
        if (rk.pue >= 1.0) rk.facility_power_w = th::facility_power_w(rk.total_power_w, rk.pue);
        r.total_power_w += rk.total_power_w;
        r.interconnect_power_w += rk.interconnect_power_w;
        r.flops += rk.flops;
        r.liquid_heat_w += rk.liquid_heat_w;
        r.facility_power_w += rk.facility_power_w;
    }
    if (r.flops > 0.0) r.kw_per_eflops = (r.total_power_w / 1e3) / (r.flops / 1e18);

    // ---- Scale-up domains ---------------------------------------------------------------
    {
        std::vector<int> dom_of_root(nv, -1);
        for (const auto& d : r.devices) {
            int root = dsu.find(static_cast<int>(d.vertex));
            if (!on_scale_up[d.vertex]) continue;
            int& id = dom_of_root[static_cast<size_t>(root)];
            if (id < 0) {
                id = static_cast<int>(r.domains.size());
                r.domains.push_back({id});
            }
            DomainThermal& dm = r.domains[static_cast<size_t>(id)];
            dm.devices++;
            if (d.kind == Kind::gpu) dm.gpus++;
            dm.power_w += d.power_w;
            dm.flops += d.flops;
            if (is_link_part(d.kind)) dm.interconnect_power_w += d.power_w;
        }
        for (Vertex v = 0; v < nv; ++v) {
            if (link_power_by_vertex[v] == 0.0) continue;
            int id = dom_of_root[static_cast<size_t>(dsu.find(static_cast<int>(v)))];
            if (id < 0) continue;
            r.domains[static_cast<size_t>(id)].interconnect_power_w += link_power_by_vertex[v];
            r.domains[static_cast<size_t>(id)].link_power_w += link_power_by_vertex[v];
        }
        for (auto& dm : r.domains) {
            double total = dm.power_w + dm.link_power_w;
            if (dm.flops > 0.0) dm.kw_per_eflops = (total / 1e3) / (dm.flops / 1e18);
        }
    }

    auto finish_status = [&] {
        bool err = false, exceeded = false;
        for (const auto& i : r.issues) {
            if (i.error && i.code != "THM-0201") err = true;
            if (i.code == "THM-0201") exceeded = true;
        }
        if (err) {
            r.status = ThermalStatus::input_error;
            r.message = "invalid thermal data in the description";
        } else if (exceeded) {
            r.status = ThermalStatus::limit_exceeded;
            r.message = "a thermal limit is exceeded";
        } else {
            r.status = ThermalStatus::ok;
            r.message = "ok";
        }
    };
    for (const auto& i : r.issues)
        if (i.error) {
            finish_status();
            return r;
        }

    // ---- Loops and the thermal network --------------------------------------------------
    std::vector<Loop> loops;
    {
        std::vector<int> loop_of_tray(r.trays.size(), -1), loop_of_rack(r.racks.size(), -1);
        for (size_t i = 0; i < r.devices.size(); ++i) {
            const DeviceThermal& d = r.devices[i];
            if (!d.liquid) continue;
            int& li = d.tray >= 0 ? loop_of_tray[static_cast<size_t>(d.tray)]
                                  : loop_of_rack[static_cast<size_t>(d.rack)];
            if (li < 0) {
                li = static_cast<int>(loops.size());
                loops.push_back({d.tray, d.rack});
            }
            Loop& lp = loops[static_cast<size_t>(li)];
            lp.devs.push_back(i);
            lp.heat_w += d.heat_w;
            if (const ParamSet* pp = dev_plate[i].second)
                lp.min_plate_flow_m3_s = std::max(lp.min_plate_flow_m3_s, pp->get("flow", 0.0));
        }
    }
    th::Network net;
    std::vector<int32_t> supply(r.racks.size(), -1), ret(r.racks.size(), -1);
    std::vector<DevNodes> dn(r.devices.size());
    for (size_t k = 0; k < r.racks.size(); ++k) {
        supply[k] = net.add_fixed(r.racks[k].t_supply_k);
        ret[k] = net.add_node();
    }
    for (auto& lp : loops) {
        const RackThermal& rk = r.racks[static_cast<size_t>(lp.rack)];
        // Flow sized for the design rise with properties at the mean loop temperature,
        // volumetric flow at the supply density; never below a plate's rated flow.
        auto mean = th::coolant_properties(rk.coolant, rk.t_supply_k + 0.5 * rk.delta_t_k);
        auto sup = th::coolant_properties(rk.coolant, rk.t_supply_k);
        double m_dot = lp.heat_w / (mean->cp_j_per_kg_k * rk.delta_t_k);
        m_dot = std::max(m_dot, lp.min_plate_flow_m3_s * sup->density_kg_m3);
        lp.m_dot_kg_s = m_dot * opt.flow_scale;
        int32_t up = supply[static_cast<size_t>(lp.rack)];
        for (size_t i : lp.devs) {
            const DeviceThermal& d = r.devices[i];
            const ParamSet& ps = m.params(g[d.vertex]);
            const ParamSet& pp = *dev_plate[i].second;
            DevNodes& nd = dn[i];
            nd.cell = net.add_node();
            lp.adv.push_back(net.advections().size());
            net.add_advection(up, nd.cell, lp.m_dot_kg_s * sup->cp_j_per_kg_k);
            up = nd.cell;
            double r_th = pp.get("r_th", 0.0);
            double r_tim = pp.get("r_tim", 0.0);
            nd.casen = net.add_node();
            if (r_tim > 0.0) {
                nd.plate = net.add_node();
                net.add_conductance(nd.casen, nd.plate, 1.0 / r_tim);
            } else {
                nd.plate = nd.casen;
            }
            net.add_conductance(nd.plate, nd.cell, 1.0 / (r_th - r_tim));
            // Each die: theta_jc is the package junction-to-case resistance with all dies in
            // parallel, so one die of `dies` sees dies * theta_jc; plus its spreading in the
            // cold-plate base when the base is described (Lee et al. 1995).
            double theta_jc = ps.get("theta_jc", 0.0);
            double r_sp = 0.0;
            double base_a = pp.get("base_area", 0.0), base_t = pp.get("base_thickness", 0.0),
                   base_k = pp.get("base_conductivity", 0.0);
            if (base_a > 0.0 && base_t > 0.0 && base_k > 0.0 && std::isfinite(d.die_area_m2)) {
                double h = 1.0 / ((r_th - r_tim) * base_a);  // convective film over the base
                r_sp = th::spreading_resistance_k_per_w(d.die_area_m2, base_a / d.dies, base_t,
                                                        base_k, h);
            }
            double r_die = theta_jc * d.dies + r_sp;
            for (int k = 0; k < d.dies; ++k) {
                int32_t j = net.add_node();
                nd.junctions.push_back(j);
                net.add_heat(j, d.heat_w / d.dies);
                // A zero resistance would merge the nodes; a tiny one keeps the matrix regular.
                net.add_conductance(j, nd.casen, 1.0 / std::max(r_die, 1e-9));
            }
        }
        lp.adv.push_back(net.advections().size());
        net.add_advection(up, ret[static_cast<size_t>(lp.rack)],
                          lp.m_dot_kg_s * sup->cp_j_per_kg_k);
    }
    r.network_nodes = net.node_count();

    // Fixed point on temperature-dependent cp: each cell's capacity rate uses cp at the mean
    // of its inlet and outlet temperatures; the topology (and the LU pattern) stays fixed.
    th::SparseSolver solver;
    th::NetworkSolution sol;
    std::vector<double> prev;
    std::vector<th::Network::Advection> used = net.advections();  // capacity rates of `sol`
    for (int it = 0; it < 20; ++it) {
        used = net.advections();
        sol = opt.dense_solver ? th::solve_dense(net) : solver.solve(net);
        r.iterations = it + 1;
        if (!sol.ok) break;
        bool out_of_table = false;
        for (const auto& lp : loops) {
            const RackThermal& rk = r.racks[static_cast<size_t>(lp.rack)];
            for (size_t ai : lp.adv) {
                const auto& a = net.advections()[ai];
                double tm = 0.5 * (sol.temp_k[static_cast<size_t>(a.up)] +
                                   sol.temp_k[static_cast<size_t>(a.down)]);
                auto p = th::coolant_properties(rk.coolant, tm);
                if (!p) {
                    std::string tray =
                        lp.tray >= 0 ? r.trays[static_cast<size_t>(lp.tray)].name : rk.name;
                    SourceLoc where = lp.tray >= 0
                                          ? g[r.trays[static_cast<size_t>(lp.tray)].vertex].loc
                                          : SourceLoc{};
                    c.issue(true, "THM-0006", where,
                            fmt::format(
                                "{}: coolant {} reaches {:.2f} degC, outside its property table "
                                "({:.2f} .. {:.2f} degC)",
                                tray, th::to_string(rk.coolant), to_c(tm),
                                to_c(th::coolant_min_temp_k(rk.coolant)),
                                to_c(th::coolant_max_temp_k(rk.coolant))));
                    out_of_table = true;
                    break;
                }
                net.set_advection(ai, lp.m_dot_kg_s * p->cp_j_per_kg_k);
            }
            if (out_of_table) break;
        }
        if (out_of_table) {
            finish_status();
            return r;
        }
        double change = 0.0;
        if (!prev.empty())
            for (size_t i = 0; i < prev.size(); ++i)
                change = std::max(change, std::abs(prev[i] - sol.temp_k[i]));
        if (!prev.empty() && change < 1e-6) break;
        prev = sol.temp_k;
    }
    if (!sol.ok) {
        r.status = ThermalStatus::solver_error;
        r.message = sol.message;
        r.issues.push_back({true, "THM-0030", "<model>", sol.message});
        return r;
    }
    r.network_unknowns = sol.unknowns;
    r.network_nonzeros = sol.nonzeros;
    auto T = [&](int32_t n) { return sol.temp_k[static_cast<size_t>(n)]; };

    // ---- Temperatures back to devices, trays, racks ------------------------------------
    for (auto& lp : loops) {
        double q = 0.0;
        // Heat picked up in each cell: C (T_out - T_in) with the capacity rates of the solve.
        // The last term (into the return manifold) is a mixing balance, not pick-up.
        for (size_t k = 0; k + 1 < lp.adv.size(); ++k) {
            const auto& a = used[lp.adv[k]];
            q += a.c_w_per_k * (T(a.down) - T(a.up));
        }
        const auto& last = used[lp.adv.back()];
        r.heat_to_coolant_w += q;
        const RackThermal& rk = r.racks[static_cast<size_t>(lp.rack)];
        double flow =
            lp.m_dot_kg_s / th::coolant_properties(rk.coolant, rk.t_supply_k)->density_kg_m3;
        if (lp.tray >= 0) {
            TrayThermal& t = r.trays[static_cast<size_t>(lp.tray)];
            t.flow_m3_s = flow;
            t.t_in_k = rk.t_supply_k;
            t.t_out_k = T(last.up);
        }
        r.racks[static_cast<size_t>(lp.rack)].flow_m3_s += flow;
    }
    for (size_t k = 0; k < r.racks.size(); ++k) {
        RackThermal& rk = r.racks[k];
        rk.t_return_k = rk.flow_m3_s > 0.0 ? T(ret[k]) : rk.t_supply_k;
        if (rk.liquid_heat_w > 0.0)
            rk.lpm_per_kw = th::to_lpm(rk.flow_m3_s) / (rk.liquid_heat_w / 1e3);
        rk.ashrae_class = std::string(th::to_string(th::ashrae_class_for_supply(rk.t_supply_k)));
        if (auto req = th::parse_ashrae_class(rk.ashrae_required)) {
            bool ok = rk.t_supply_k <= th::ashrae_max_supply_k(*req) + 1e-9;
            rk.ashrae_verdict = ok ? Verdict::ok : Verdict::exceeded;
            if (!ok)
                c.issue(true, "THM-0201", {},
                        fmt::format("{}: supply {:.1f} degC is above the {} facility class limit",
                                    rk.name, to_c(rk.t_supply_k), rk.ashrae_required));
        }
        double heat = rk.liquid_heat_w;
        if (std::isfinite(rk.cdu_capacity_w) && heat > 0.0) {
            rk.racks_per_cdu = th::racks_per_cdu(rk.cdu_capacity_w, heat);
            bool ok = rk.racks_per_cdu >= 1;
            rk.cdu_verdict = ok ? Verdict::ok : Verdict::exceeded;
            if (!ok)
                c.issue(
                    true, "THM-0201", {},
                    fmt::format("{}: liquid heat {:.1f} kW exceeds the {} CDU capacity {:.1f} kW",
                                rk.name, heat / 1e3, rk.cdu, rk.cdu_capacity_w / 1e3));
        }
        r.coolant_flow_m3_s += rk.flow_m3_s;
    }
    for (size_t i = 0; i < r.devices.size(); ++i) {
        DeviceThermal& d = r.devices[i];
        if (!d.liquid) continue;
        const DevNodes& nd = dn[i];
        d.t_coolant_k = T(nd.cell);
        d.t_plate_k = T(nd.plate);
        d.t_case_k = T(nd.casen);
        d.t_junction_k = T(nd.junctions.front());
        for (int32_t j : nd.junctions) d.t_junction_k = std::max(d.t_junction_k, T(j));
        r.junction_k_by_vertex[d.vertex] = d.t_junction_k;
        auto upd = [](double& acc, double v) { acc = std::isfinite(acc) ? std::max(acc, v) : v; };
        upd(r.max_junction_k, d.t_junction_k);
        upd(r.racks[static_cast<size_t>(d.rack)].max_junction_k, d.t_junction_k);
        if (d.tray >= 0) upd(r.trays[static_cast<size_t>(d.tray)].max_junction_k, d.t_junction_k);
        if (std::isfinite(d.t_junction_max_k)) {
            d.tj_verdict = d.t_junction_k <= d.t_junction_max_k ? Verdict::ok : Verdict::exceeded;
            if (d.tj_verdict == Verdict::exceeded)
                r.issues.push_back(
                    {true, "THM-0201", d.limit_where,
                     fmt::format("{}: junction {:.1f} degC exceeds t_junction_max {:.1f} degC",
                                 label(g[d.vertex]), to_c(d.t_junction_k),
                                 to_c(d.t_junction_max_k))});
        }
        if (d.flux_verdict == Verdict::exceeded)
            r.issues.push_back(
                {true, "THM-0201", d.flux_limit_where,
                 fmt::format("{}: die heat flux {:.3f} W/mm^2 exceeds the {} limit {:.3f} W/mm^2",
                             label(g[d.vertex]), d.heat_flux_w_per_m2 * 1e-6, d.cooling,
                             d.heat_flux_limit_w_per_m2 * 1e-6)});
    }
    for (size_t i = 0; i < r.devices.size(); ++i)
        if (r.devices[i].liquid) r.hottest.push_back(i);
    std::stable_sort(r.hottest.begin(), r.hottest.end(), [&](size_t a, size_t b) {
        return r.devices[a].t_junction_k > r.devices[b].t_junction_k;
    });
    if (r.hottest.size() > static_cast<size_t>(opt.hottest))
        r.hottest.resize(static_cast<size_t>(opt.hottest));

    // ---- CTE fatigue of named joints ----------------------------------------------------
    for (Vertex v = 0; v < nv; ++v) {
        const Element& e = g[v];
        const Param* jp = m.params(e).find("joint");
        if (!jp || !jp->is_text) continue;
        const PartDef* part = m.find_part(jp->text);
        SourceLoc jl = Ctx::at(jp, e.loc);
        if (!part || part->kind != "joint") {
            c.issue(true, "THM-0040", jl,
                    fmt::format("{}: joint = '{}' is not a joint part", label(e), jp->text));
            continue;
        }
        const ParamSet& pp = m.param_sets().at(part->params);
        JointFatigue jf;
        jf.vertex = v;
        jf.element = e.name;
        jf.joint = part->name;
        jf.where = m.where(part->loc);
        jf.model = std::string(pp.text("model", "engelmaier"));
        // Swing: idle at the coolant supply, operating at the device case temperature (or the
        // warmest coolant of its tray / rack for passive parts), unless the joint states delta_t.
        int rk = rack_for(v);
        int di = dev_index[v];
        int t = tray_of(v);
        jf.t_min_k = r.racks[static_cast<size_t>(rk)].t_supply_k;
        if (di >= 0 && r.devices[static_cast<size_t>(di)].liquid)
            jf.t_max_k = r.devices[static_cast<size_t>(di)].t_case_k;
        else if (t >= 0 && std::isfinite(r.trays[static_cast<size_t>(t)].t_out_k))
            jf.t_max_k = r.trays[static_cast<size_t>(t)].t_out_k;
        else
            jf.t_max_k = r.racks[static_cast<size_t>(rk)].t_return_k;
        if (const Param* p = c.num(pp, "delta_t")) jf.t_max_k = jf.t_min_k + p->value;
        jf.delta_t_k = jf.t_max_k - jf.t_min_k;
        jf.count = pp.get("count", 1.0);
        jf.cycle_frequency_per_s = pp.get("cycle_frequency", 1.0 / kSecondsPerDay);
        auto cte = [&](const char* num_name, const char* mat_name, double& out) -> bool {
            if (const Param* p = c.num(pp, num_name)) {
                out = p->value;
                return true;
            }
            if (const Param* p = pp.find(mat_name); p && p->is_text) {
                if (auto v2 = th::material_cte_per_k(p->text)) {
                    out = *v2;
                    return true;
                }
                c.issue(true, "THM-0041", Ctx::at(p, part->loc),
                        fmt::format("joint {}: unknown material '{}'", part->name, p->text));
                return false;
            }
            c.issue(true, "THM-0041", part->loc,
                    fmt::format("joint {}: needs {} (1/K) or {} (material name)", part->name,
                                num_name, mat_name));
            return false;
        };
        auto need = [&](const char* name, double& out) -> bool {
            const Param* p = c.num(pp, name);
            if (!p || !(p->value > 0.0)) {
                c.issue(true, "THM-0041", Ctx::at(p, part->loc),
                        fmt::format("joint {}: {} must be given and positive", part->name, name));
                return false;
            }
            out = p->value;
            return true;
        };
        if (!(jf.cycle_frequency_per_s > 0.0) || !(jf.count > 0.0)) {
            c.issue(
                true, "THM-0041", part->loc,
                fmt::format("joint {}: cycle_frequency and count must be positive", part->name));
            continue;
        }
        if (jf.model == "engelmaier") {
            double a = 0, b = 0, dnp = 0, h = 0;
            bool ok = cte("cte_a", "material_a", a) & cte("cte_b", "material_b", b) &
                      need("dnp", dnp) & need("height", h);
            if (!ok) continue;
            jf.delta_alpha_per_k = std::abs(a - b);
            jf.strain = th::engelmaier_shear_strain(dnp, jf.delta_alpha_per_k, jf.delta_t_k, h,
                                                    pp.get("f_factor", 1.0));
            double cexp =
                th::engelmaier_exponent(0.5 * (jf.t_max_k + jf.t_min_k), jf.cycle_frequency_per_s);
            jf.cycles_to_failure =
                jf.strain > 0.0
                    ? th::coffin_manson_cycles(jf.strain, pp.get("ductility", 0.325), cexp)
                    : std::numeric_limits<double>::infinity();
        } else if (jf.model == "norris_landzberg") {
            double n_t = 0, dt_t = 0, f_t = 0, tmax_t = 0;
            bool ok = need("test_cycles", n_t) & need("test_delta_t", dt_t) &
                      need("test_frequency", f_t) & need("test_t_max", tmax_t);
            if (!ok) continue;
            th::NorrisLandzberg nl;
            nl.n = pp.get("exponent_n", nl.n);
            nl.m = pp.get("exponent_m", nl.m);
            nl.activation_temp_k = pp.get("activation_temp", nl.activation_temp_k);
            jf.cycles_to_failure =
                jf.delta_t_k > 0.0
                    ? n_t * th::norris_landzberg_af(nl, dt_t, f_t, tmax_t, jf.delta_t_k,
                                                    jf.cycle_frequency_per_s, jf.t_max_k)
                    : std::numeric_limits<double>::infinity();
        } else {
            c.issue(true, "THM-0041", Ctx::at(pp.find("model"), part->loc),
                    fmt::format("joint {}: model '{}' must be engelmaier or norris_landzberg",
                                part->name, jf.model));
            continue;
        }
        jf.life_s = jf.cycles_to_failure / jf.cycle_frequency_per_s;
        jf.failure_rate_per_s = std::isfinite(jf.cycles_to_failure)
                                    ? jf.count * jf.cycle_frequency_per_s / jf.cycles_to_failure
                                    : 0.0;
        r.joint_failure_rate_by_vertex[v] += jf.failure_rate_per_s;
        r.joints.push_back(std::move(jf));
    }

    finish_status();
    return r;
}

// ---- Rendering ---------------------------------------------------------------------------

namespace {

std::string num(double v, const char* f = "{:.1f}") {
    return std::isfinite(v) ? fmt::format(fmt::runtime(f), v) : std::string("n/a");
}

nlohmann::ordered_json jnum(double v) {
    return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

}  // namespace

std::string render_thermal_text(const ThermalResult& r) {
    std::string s;
    s += fmt::format("Thermal analysis: {}\n", r.message);
    if (r.status == ThermalStatus::input_error || r.status == ThermalStatus::solver_error) {
        s += r.diagnostics();
        return s;
    }
    s += fmt::format(
        "Total power {} kW, interconnect {} kW ({} %), {} EFLOPS -> {} kW/EFLOPS\n",
        num(r.total_power_w / 1e3, "{:.2f}"), num(r.interconnect_power_w / 1e3, "{:.2f}"),
        num(r.total_power_w > 0 ? 100.0 * r.interconnect_power_w / r.total_power_w : kNaN),
        num(r.flops / 1e18, "{:.3f}"), num(r.kw_per_eflops));
    s += fmt::format(
        "Coolant flow {} L/min, heat into coolant {} kW, max junction {} degC, "
        "max die heat flux {} W/mm^2, facility power {} kW\n\n",
        num(thermal::to_lpm(r.coolant_flow_m3_s)), num(r.heat_to_coolant_w / 1e3, "{:.2f}"),
        num(r.max_junction_k - 273.15), num(r.max_heat_flux_w_per_m2 * 1e-6, "{:.3f}"),
        num(r.facility_power_w / 1e3, "{:.2f}"));
    s +=
        fmt::format("{:<24} {:>10} {:>8} {:>9} {:>7} {:>10} {:>10} {:>9} {:>9} {:>6} {:>8} {:>8}\n",
                    "rack", "power kW", "kW/U", "IC share", "EFLOPS", "kW/EFLOPS", "flow L/min",
                    "L/min/kW", "supply C", "class", "return C", "max Tj C");
    for (const auto& rk : r.racks)
        s += fmt::format(
            "{:<24} {:>10} {:>8} {:>8}% {:>7} {:>10} {:>10} {:>9} {:>9} {:>6} {:>8} {:>8}\n",
            rk.name, num(rk.total_power_w / 1e3, "{:.2f}"), num(rk.kw_per_u, "{:.2f}"),
            num(100.0 * rk.interconnect_share), num(rk.flops / 1e18, "{:.3f}"),
            num(rk.kw_per_eflops), num(thermal::to_lpm(rk.flow_m3_s)), num(rk.lpm_per_kw, "{:.3f}"),
            num(rk.t_supply_k - 273.15), rk.ashrae_class, num(rk.t_return_k - 273.15),
            num(rk.max_junction_k - 273.15));
    for (const auto& rk : r.racks) {
        s += fmt::format("  {}: {} coolant, delta_t {} K, PUE {} -> facility {} kW", rk.name,
                         thermal::to_string(rk.coolant), num(rk.delta_t_k), num(rk.pue, "{:.2f}"),
                         num(rk.facility_power_w / 1e3, "{:.2f}"));
        if (std::isfinite(rk.cdu_capacity_w))
            s += fmt::format(", {} CDU {} kW: {} rack(s) per CDU ({})", rk.cdu,
                             num(rk.cdu_capacity_w / 1e3), rk.racks_per_cdu,
                             to_string(rk.cdu_verdict));
        s += "\n";
    }
    if (!r.trays.empty()) {
        s += fmt::format("\n{:<32} {:>9} {:>9} {:>9} {:>8} {:>10} {:>8} {:>8} {:>8}\n", "tray",
                         "power kW", "IC kW", "ovh kW", "kW/U", "flow L/min", "in C", "out C",
                         "max Tj C");
        for (const auto& t : r.trays)
            s += fmt::format("{:<32} {:>9} {:>9} {:>9} {:>8} {:>10} {:>8} {:>8} {:>8}\n", t.name,
                             num(t.total_power_w / 1e3, "{:.3f}"),
                             num(t.interconnect_power_w / 1e3, "{:.3f}"),
                             num(t.overhead_power_w / 1e3, "{:.3f}"), num(t.kw_per_u, "{:.2f}"),
                             num(thermal::to_lpm(t.flow_m3_s), "{:.2f}"), num(t.t_in_k - 273.15),
                             num(t.t_out_k - 273.15), num(t.max_junction_k - 273.15));
    }
    if (!r.hottest.empty()) {
        s += fmt::format(
            "\nHottest devices\n{:<36} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9}  {}\n", "device",
            "heat W", "W/mm^2", "coolant C", "case C", "Tj C", "Tj max C", "verdict", "limit from");
        for (size_t i : r.hottest) {
            const DeviceThermal& d = r.devices[i];
            s += fmt::format("{:<36} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9}  {}\n", d.name,
                             num(d.heat_w), num(d.heat_flux_w_per_m2 * 1e-6, "{:.3f}"),
                             num(d.t_coolant_k - 273.15), num(d.t_case_k - 273.15),
                             num(d.t_junction_k - 273.15), num(d.t_junction_max_k - 273.15),
                             to_string(d.tj_verdict),
                             d.limit_where.empty() ? std::string("-") : d.limit_where);
        }
    }
    if (!r.domains.empty()) {
        s += fmt::format("\n{:<8} {:>8} {:>6} {:>10} {:>8} {:>10}\n", "domain", "devices", "GPUs",
                         "power kW", "EFLOPS", "kW/EFLOPS");
        for (const auto& d : r.domains)
            s += fmt::format("{:<8} {:>8} {:>6} {:>10} {:>8} {:>10}\n", d.id, d.devices, d.gpus,
                             num((d.power_w + d.link_power_w) / 1e3, "{:.2f}"),
                             num(d.flops / 1e18, "{:.3f}"), num(d.kw_per_eflops));
    }
    if (!r.joints.empty()) {
        s += fmt::format("\n{:<32} {:<16} {:>8} {:>10} {:>12} {:>10} {:>10}\n", "joint of", "part",
                         "dT K", "strain", "cycles", "life y", "FIT");
        for (const auto& j : r.joints)
            s += fmt::format("{:<32} {:<16} {:>8} {:>10} {:>12} {:>10} {:>10}\n", j.element,
                             j.joint, num(j.delta_t_k), num(j.strain, "{:.5f}"),
                             num(j.cycles_to_failure, "{:.4g}"),
                             num(j.life_s / (365.25 * 86400.0), "{:.3g}"),
                             num(j.failure_rate_per_s * 3600.0 * 1e9, "{:.4g}"));
    }
    bool any = false;
    for (const auto& i : r.issues) {
        if (!any) s += "\nLimits and notes\n";
        any = true;
        s += i.render() + "\n";
    }
    return s;
}

std::string render_thermal_json(const ThermalResult& r) {
    using J = nlohmann::ordered_json;
    J j;
    j["status"] = std::string(to_string(r.status));
    j["message"] = r.message;
    double rack_max = kNaN;
    for (const auto& rk : r.racks)
        rack_max =
            std::isfinite(rack_max) ? std::max(rack_max, rk.total_power_w) : rk.total_power_w;
    j["rack_power_w"] = jnum(rack_max);
    j["total_power_w"] = jnum(r.total_power_w);
    j["interconnect_power_w"] = jnum(r.interconnect_power_w);
    j["interconnect_share"] =
        jnum(r.total_power_w > 0 ? r.interconnect_power_w / r.total_power_w : kNaN);
    j["eflops"] = jnum(r.flops / 1e18);
    j["kw_per_eflops"] = jnum(r.kw_per_eflops);
    j["coolant_flow_lpm"] = jnum(thermal::to_lpm(r.coolant_flow_m3_s));
    j["heat_to_coolant_w"] = jnum(r.heat_to_coolant_w);
    j["liquid_heat_w"] = jnum(r.liquid_heat_w);
    j["max_junction_c"] = jnum(r.max_junction_k - 273.15);
    j["max_heat_flux_w_per_mm2"] = jnum(r.max_heat_flux_w_per_m2 * 1e-6);
    j["facility_power_w"] = jnum(r.facility_power_w);
    j["serdes_in_device_power"] = r.serdes_in_device_power;
    j["network"] = {{"nodes", r.network_nodes},
                    {"unknowns", r.network_unknowns},
                    {"nonzeros", r.network_nonzeros},
                    {"iterations", r.iterations}};
    J racks = J::array();
    for (const auto& rk : r.racks)
        racks.push_back({{"name", rk.name},
                         {"rack_power_w", jnum(rk.total_power_w)},
                         {"device_power_w", jnum(rk.device_power_w)},
                         {"overhead_power_w", jnum(rk.overhead_power_w)},
                         {"interconnect_power_w", jnum(rk.interconnect_power_w)},
                         {"link_power_w", jnum(rk.link_power_w)},
                         {"interconnect_share", jnum(rk.interconnect_share)},
                         {"height_u", jnum(rk.height_u)},
                         {"kw_per_u", jnum(rk.kw_per_u)},
                         {"eflops", jnum(rk.flops / 1e18)},
                         {"kw_per_eflops", jnum(rk.kw_per_eflops)},
                         {"liquid_heat_w", jnum(rk.liquid_heat_w)},
                         {"air_heat_w", jnum(rk.air_heat_w)},
                         {"coolant", std::string(thermal::to_string(rk.coolant))},
                         {"coolant_flow_lpm", jnum(thermal::to_lpm(rk.flow_m3_s))},
                         {"lpm_per_kw", jnum(rk.lpm_per_kw)},
                         {"supply_c", jnum(rk.t_supply_k - 273.15)},
                         {"return_c", jnum(rk.t_return_k - 273.15)},
                         {"delta_t_k", jnum(rk.delta_t_k)},
                         {"ashrae_class", rk.ashrae_class},
                         {"ashrae_required", rk.ashrae_required},
                         {"ashrae_verdict", std::string(to_string(rk.ashrae_verdict))},
                         {"pue", jnum(rk.pue)},
                         {"facility_power_w", jnum(rk.facility_power_w)},
                         {"cdu", rk.cdu},
                         {"cdu_capacity_w", jnum(rk.cdu_capacity_w)},
                         {"racks_per_cdu", rk.racks_per_cdu},
                         {"cdu_verdict", std::string(to_string(rk.cdu_verdict))},
                         {"max_junction_c", jnum(rk.max_junction_k - 273.15)},
                         {"max_heat_flux_w_per_mm2", jnum(rk.max_heat_flux_w_per_m2 * 1e-6)}});
    j["racks"] = racks;
    J trays = J::array();
    for (const auto& t : r.trays)
        trays.push_back({{"name", t.name},
                         {"power_w", jnum(t.total_power_w)},
                         {"device_power_w", jnum(t.device_power_w)},
                         {"overhead_power_w", jnum(t.overhead_power_w)},
                         {"interconnect_power_w", jnum(t.interconnect_power_w)},
                         {"link_power_w", jnum(t.link_power_w)},
                         {"kw_per_u", jnum(t.kw_per_u)},
                         {"liquid_heat_w", jnum(t.liquid_heat_w)},
                         {"coolant_flow_lpm", jnum(thermal::to_lpm(t.flow_m3_s))},
                         {"inlet_c", jnum(t.t_in_k - 273.15)},
                         {"outlet_c", jnum(t.t_out_k - 273.15)},
                         {"max_junction_c", jnum(t.max_junction_k - 273.15)}});
    j["trays"] = trays;
    J devs = J::array();
    for (const auto& d : r.devices)
        devs.push_back({{"name", d.name},
                        {"type", d.type},
                        {"kind", std::string(to_string(d.kind))},
                        {"power_w", jnum(d.power_w)},
                        {"serdes_power_w", jnum(d.serdes_power_w)},
                        {"heat_w", jnum(d.heat_w)},
                        {"dies", d.dies},
                        {"die_area_mm2", jnum(d.die_area_m2 * 1e6)},
                        {"heat_flux_w_per_mm2", jnum(d.heat_flux_w_per_m2 * 1e-6)},
                        {"heat_flux_w_per_cm2", jnum(d.heat_flux_w_per_m2 * 1e-4)},
                        {"heat_flux_limit_w_per_mm2", jnum(d.heat_flux_limit_w_per_m2 * 1e-6)},
                        {"flux_verdict", std::string(to_string(d.flux_verdict))},
                        {"cooling", d.cooling},
                        {"coolant_c", jnum(d.t_coolant_k - 273.15)},
                        {"plate_c", jnum(d.t_plate_k - 273.15)},
                        {"case_c", jnum(d.t_case_k - 273.15)},
                        {"junction_c", jnum(d.t_junction_k - 273.15)},
                        {"junction_max_c", jnum(d.t_junction_max_k - 273.15)},
                        {"junction_verdict", std::string(to_string(d.tj_verdict))}});
    j["devices"] = devs;
    J hot = J::array();
    for (size_t i : r.hottest) hot.push_back(r.devices[i].name);
    j["hottest"] = hot;
    J doms = J::array();
    for (const auto& d : r.domains)
        doms.push_back({{"id", d.id},
                        {"devices", d.devices},
                        {"gpus", d.gpus},
                        {"power_w", jnum(d.power_w + d.link_power_w)},
                        {"interconnect_power_w", jnum(d.interconnect_power_w)},
                        {"eflops", jnum(d.flops / 1e18)},
                        {"kw_per_eflops", jnum(d.kw_per_eflops)}});
    j["domains"] = doms;
    J joints = J::array();
    for (const auto& x : r.joints)
        joints.push_back({{"element", x.element},
                          {"joint", x.joint},
                          {"model", x.model},
                          {"delta_t_k", jnum(x.delta_t_k)},
                          {"t_max_c", jnum(x.t_max_k - 273.15)},
                          {"delta_alpha_per_k", jnum(x.delta_alpha_per_k)},
                          {"strain", jnum(x.strain)},
                          {"cycles_to_failure", jnum(x.cycles_to_failure)},
                          {"life_s", jnum(x.life_s)},
                          {"failure_rate_per_s", jnum(x.failure_rate_per_s)}});
    j["joints"] = joints;
    J issues = J::array();
    for (const auto& i : r.issues)
        issues.push_back({{"severity", i.error ? "error" : "warning"},
                          {"code", i.code},
                          {"where", i.where},
                          {"message", i.message}});
    j["issues"] = issues;
    return j.dump(2) + "\n";
}

}  // namespace racklink::graphs
