#include "sigint/reach.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace racklink::sigint {

namespace {

double fixed_il(const std::vector<Segment>& fixed, double nyq) {
    double il = 0;
    for (const auto& s : fixed) il += segment_il_db(s, nyq, nyq);
    return il;
}

Segment megtron7_trace(double length_m, double width_m) {
    Segment s;
    s.kind = SegmentKind::pcb_trace;
    s.length_m = length_m;
    s.trace.laminate = *find_laminate("megtron7");
    s.trace.foil = *find_foil("hvlp4");
    s.trace.width_m = width_m;
    return s;
}

Segment lumped(SegmentKind k, double loss_db, double ref_hz, std::string label) {
    Segment s;
    s.kind = k;
    s.loss_db = loss_db;
    s.ref_freq_hz = ref_hz;
    s.label = std::move(label);
    return s;
}

std::string fmt_awg(double awg, const std::string& diel) {
    return std::to_string(static_cast<int>(awg)) + " AWG " + diel;
}

}  // namespace

double reach_m(double budget_db, double fixed_db, double loss_db_per_m, double min_margin_db) {
    const double left = budget_db - min_margin_db - fixed_db;
    if (left <= 0 || loss_db_per_m <= 0) return 0.0;
    return left / loss_db_per_m;
}

double reach_m(const SerdesProfile& p, const std::vector<Segment>& fixed, const Segment& medium, double min_margin_db) {
    Segment unit = medium;
    unit.length_m = 1.0;
    unit.count = 1.0;
    const double per_m = segment_il_db(unit, p.nyquist_hz, p.nyquist_hz);
    return reach_m(p.loss_budget_db, fixed_il(fixed, p.nyquist_hz), per_m, min_margin_db);
}

std::vector<Segment> reference_host_end(const SerdesProfile& p) {
    return {lumped(SegmentKind::package, p.package_loss_db, p.nyquist_hz, "package"),
            megtron7_trace(p.host_trace_m, 127e-6),
            lumped(SegmentKind::connector, p.connector_loss_db, p.nyquist_hz, "connector + paddle card")};
}

std::vector<ReachRow> reach_table(const SerdesProfile& p, const ReachOptions& opt) {
    std::vector<ReachRow> rows;
    const double nyq = p.nyquist_hz;
    auto want = [&](const char* m) { return opt.medium.empty() || opt.medium == m; };
    std::vector<Segment> host = reference_host_end(p);
    std::vector<Segment> two_ends = host;
    two_ends.insert(two_ends.end(), host.begin(), host.end());
    const double fixed_cable = fixed_il(two_ends, nyq);
    const TwinaxDielectric foam = *find_twinax_dielectric("foam_pe");

    if (want("twinax")) {
        for (double awg : {24.0, 26.0, 28.0, 30.0}) {
            Segment s;
            s.kind = SegmentKind::twinax;
            s.twinax.awg = awg;
            s.twinax.dielectric = foam;
            const double per_m = twinax_loss_db_per_m(s.twinax, nyq);
            rows.push_back({"passive twinax", fmt_awg(awg, "foam_pe"), per_m, fixed_cable,
                            reach_m(p.loss_budget_db, fixed_cable, per_m, opt.min_margin_db),
                            "2 x (package + 3 in host trace + connector)"});
        }
    }
    if (want("acc")) {
        for (double awg : {26.0, 28.0, 30.0}) {
            TwinaxSpec t{awg, foam};
            const double per_m = twinax_loss_db_per_m(t, nyq);
            rows.push_back({"ACC (redriver)", fmt_awg(awg, "foam_pe"), per_m, fixed_cable - opt.acc_gain_db,
                            reach_m(p.loss_budget_db, fixed_cable - opt.acc_gain_db, per_m, opt.min_margin_db),
                            "redriver gain " + std::to_string(static_cast<int>(opt.acc_gain_db)) +
                                " dB at Nyquist (assumption); retimer-free"});
        }
    }
    if (want("aec")) {
        // The cable run of an AEC: retimer package + 1 in paddle trace at each plug.
        std::vector<Segment> plug = {lumped(SegmentKind::package, p.package_loss_db, nyq, "retimer package"),
                                     megtron7_trace(0.0254, 127e-6)};
        std::vector<Segment> plugs = plug;
        plugs.insert(plugs.end(), plug.begin(), plug.end());
        const double fixed = fixed_il(plugs, nyq);
        for (double awg : {26.0, 28.0, 30.0}) {
            TwinaxSpec t{awg, foam};
            const double per_m = twinax_loss_db_per_m(t, nyq);
            rows.push_back({"AEC (retimed)", fmt_awg(awg, "foam_pe"), per_m, fixed,
                            reach_m(p.loss_budget_db, fixed, per_m, opt.min_margin_db),
                            "cable run between the two plug retimers; host sides are separate runs"});
        }
    }
    if (want("backplane")) {
        // Line card host end + backplane connector at each side, 4 back-drilled vias.
        std::vector<Segment> fixed = two_ends;
        Segment via;
        via.kind = SegmentKind::via;
        via.count = 4;
        fixed.push_back(via);
        const double fixed_db = fixed_il(fixed, nyq);
        for (const char* lam : {"fr4", "megtron6", "megtron7", "megtron8", "tachyon100g", "m9"}) {
            Segment s;
            s.kind = SegmentKind::backplane_trace;
            s.trace.laminate = *find_laminate(lam);
            const bool fr4 = std::string(lam) == "fr4";
            s.trace.foil = *find_foil(fr4 ? "std" : "hvlp4");
            s.trace.width_m = 177.8e-6;  // 7 mil: a typical backplane differential trace width
            const double per_m = trace_loss_db_per_m(s.trace, nyq);
            rows.push_back({"backplane", std::string(lam) + " / " + (fr4 ? "std" : "hvlp4") + " stripline 7 mil", per_m,
                            fixed_db, reach_m(p.loss_budget_db, fixed_db, per_m, opt.min_margin_db),
                            "2 x (package + 3 in line-card trace + backplane connector) + 4 back-drilled vias"});
        }
    }
    if (want("optics")) {
        OpticalEngineSpec cpo;  // defaults: 16 dBm ELS split over 8 lanes
        FiberSpec smf;
        rows.push_back({"optics", "CPO, external laser 16 dBm / 8 lanes, SMF", smf.attenuation_db_per_m, 0.0,
                        optical_reach_m(cpo, cpo, smf, opt.min_margin_db),
                        "optical margin limited, capped at 2 km (DR/FR class)"});
        OpticalEngineSpec plug = cpo;
        plug.laser_power_dbm = 6.0;  // per-lane EML/DFB class
        plug.laser_split = 1;
        plug.coupling_loss_db = 1.0;
        plug.modulator_loss_db = 3.0;
        rows.push_back({"optics", "pluggable DR, per-lane laser 6 dBm, SMF", smf.attenuation_db_per_m, 0.0,
                        optical_reach_m(plug, plug, smf, opt.min_margin_db),
                        "optical margin limited, capped at 2 km (DR/FR class)"});
    }
    return rows;
}

}  // namespace racklink::sigint
