// Writes the measured-channel stand-ins of examples/com_backplane.rack (examples/data/*.s4p)
// from RackLink's own channel model and Touchstone writer; see examples/data/README.md.
// Build and run with scripts/make_com_example_data.sh.
//
// Each file is a single-ended 4-port, port order 1,3,2,4 (input pair on ports 1,3, output pair
// on ports 2,4: the IEEE COM default), of an ideally balanced, matched pair: SCC = SDD and no mode
// conversion, so S21 = S12 = S43 = S34 = SDD21 and every other entry is 0 (Bockelman and
// Eisenstadt 1995, eq. 8-9, inverted).
//   thru:  |SDD21| = 10^(-IL(f)/20) with IL(f) from sigint::channel_il_db over the channel's
//          segments (two line-card traces, two backplane connectors, the backplane trace, four
//          back-drilled vias), phase = pure delay exp(-j 2 pi f tau), tau = l sqrt(dk) / c.
//   FEXT:  synthetic: k_fext (f / f_n) |H_thru(f)| exp(-j 2 pi f tau) -- far-end coupling grows
//          with f and travels with the signal (S. H. Hall and H. L. Heck, "Advanced Signal
//          Integrity for High-Speed Digital Designs", Wiley 2009, sec. 3.6).
//   NEXT:  synthetic: k_next (1 - exp(-f / f_c)) exp(-j 2 pi f tau_c), saturating near-end
//          coupling of the connector region (ibid.).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

#include "sigint/channel.hpp"
#include "sigint/com.hpp"
#include "sigint/com_config.hpp"
#include "sigint/materials.hpp"
#include "sigint/network.hpp"
#include "sigint/touchstone.hpp"

namespace sg = racklink::sigint;

namespace {

constexpr double kC0 = 299'792'458.0;    // speed of light in vacuum (m/s), SI definition
constexpr double kFn = 26.5625e9;         // Nyquist of 53.125 GBd (IEEE 802.3ck 100GBASE-KR1)
constexpr double kStepHz = 50e6;          // frequency step
constexpr double kFmaxHz = 40e9;          // last point

std::vector<double> grid() {
    std::vector<double> f;
    for (int k = 1; k * kStepHz <= kFmaxHz + 1; ++k) f.push_back(k * kStepHz);
    return f;
}

/// A balanced matched 4-port (order 1,3,2,4) whose SDD21 is h[k].
sg::Network four_port(const std::string& name, const std::vector<double>& f,
                      const std::vector<sg::cplx>& h) {
    sg::Network n;
    n.name = name;
    n.f_hz = f;
    n.z0_ohm.assign(4, 50.0);
    for (const auto& x : h) {
        Eigen::MatrixXcd s = Eigen::MatrixXcd::Zero(4, 4);
        s(1, 0) = s(0, 1) = x;  // S21 = S12 (+ leg)
        s(3, 2) = s(2, 3) = x;  // S43 = S34 (- leg)
        n.s.push_back(s);
    }
    return n;
}

std::vector<sg::Segment> channel(double backplane_m) {
    const auto lam = *sg::find_laminate("megtron7");
    const auto foil = *sg::find_foil("hvlp4");
    sg::Segment card;
    card.kind = sg::SegmentKind::pcb_trace;
    card.length_m = 0.1;
    card.count = 2;
    card.trace.laminate = lam;
    card.trace.foil = foil;
    sg::Segment bp = card;
    bp.kind = sg::SegmentKind::backplane_trace;
    bp.length_m = backplane_m;
    bp.count = 1;
    bp.trace.width_m = 177.8e-6;
    sg::Segment conn;
    conn.kind = sg::SegmentKind::connector;
    conn.loss_db = 1.2;  // per mated pair at Nyquist: a typical 112G backplane connector
    conn.ref_freq_hz = kFn;
    conn.count = 2;
    sg::Segment via;
    via.kind = sg::SegmentKind::via;
    via.via.stub_m = 0;
    via.count = 4;
    return {card, conn, bp, conn, via};
}

void write(const sg::Network& n, const std::string& path) {
    sg::TouchstoneWriteOptions o;
    o.freq_unit_hz = 1e9;
    o.significant_digits = 5;
    sg::write_touchstone(n, path, o);
    const auto mm = sg::to_mixed_mode(n, {1, 3, 2, 4});
    std::printf("%s: %zu points, |SDD21(%.4g GHz)| = %.2f dB\n", path.c_str(), n.points(), kFn / 1e9,
                20 * std::log10(std::abs(sg::s_at(mm.sdd_network(), 2, 1, kFn))));
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : "examples/data";
    const auto f = grid();
    const double dk = sg::find_laminate("megtron7")->dk;
    struct Spec {
        const char* name;
        double backplane_m;
        double fext_db;  // FEXT coupling at f_n, relative to the thru
    };
    for (const Spec& s : {Spec{"bp_short", 0.25, -46.0}, Spec{"bp_long", 0.45, -44.0}}) {
        const auto segs = channel(s.backplane_m);
        const auto il = sg::channel_il_db(segs, f, kFn);
        const double tau_s = (0.2 + s.backplane_m) * std::sqrt(dk) / kC0;
        std::vector<sg::cplx> thru(f.size()), fext(f.size());
        const double k_fext = std::pow(10.0, s.fext_db / 20.0);
        for (std::size_t k = 0; k < f.size(); ++k) {
            const sg::cplx delay = std::polar(1.0, -2 * std::numbers::pi * f[k] * tau_s);
            const double mag = std::pow(10.0, -il[k] / 20.0);
            thru[k] = mag * delay;
            fext[k] = k_fext * (f[k] / kFn) * mag * delay;
        }
        write(four_port(std::string(s.name) + "_thru", f, thru), dir + "/" + s.name + "_thru.s4p");
        write(four_port(std::string(s.name) + "_fext", f, fext), dir + "/" + s.name + "_fext.s4p");
    }
    // One NEXT aggressor shared by both channels: the connector region on the receiving card.
    std::vector<sg::cplx> next(f.size());
    const double k_next = std::pow(10.0, -54.0 / 20.0), f_c = 8e9, tau_c = 0.3e-9;
    for (std::size_t k = 0; k < f.size(); ++k)
        next[k] = k_next * (1 - std::exp(-f[k] / f_c)) * std::polar(1.0, -2 * std::numbers::pi * f[k] * tau_c);
    write(four_port("card_next", f, next), dir + "/card_next.s4p");
    // The noise path of a receiver interference-tolerance test (racklink com --noise-path,
    // RX_CALIBRATION): the broadband noise source's injection path to the receiver input, here a
    // 50 mm line-card trace and one connector (the same models as the channels).
    {
        auto segs = channel(0);
        segs[0].length_m = 0.05;
        segs[0].count = 1;
        segs = {segs[0], segs[1]};
        const auto il = sg::channel_il_db(segs, f, kFn);
        const double tau_s = 0.05 * std::sqrt(dk) / kC0;
        std::vector<sg::cplx> h(f.size());
        for (std::size_t k = 0; k < f.size(); ++k)
            h[k] = std::pow(10.0, -il[k] / 20.0) * std::polar(1.0, -2 * std::numbers::pi * f[k] * tau_s);
        write(four_port("rx_noise_path", f, h), dir + "/rx_noise_path.s4p");
    }
    // A pulse response for TDMODE (racklink com ... --set TDMODE=1; docs/com.md): the unequalized
    // pulse of bp_short_thru under the ck_kr preset's first package case (packages, H_t, H_r and
    // A_v included, as TDMODE expects), 200 UI of 32 samples (the reference's TD path needs at least
    // 200 UI including its 3 UI of leading zeros), 10 significant digits.
    {
        // the pulse from the file as written (5 significant digits), as a user would compute it
        const sg::Network net = sg::read_touchstone(dir + "/bp_short_thru.s4p");
        sg::ComConfig cfg = sg::load_com_config("ck_kr");
        cfg.set("z_p select", "1");
        const sg::ComResult r = sg::compute_com(sg::resolve_com_params(cfg), net, {}, {});
        if (!r.ok() || r.cases.empty()) {
            std::fprintf(stderr, "bp_short_pulse.csv: COM of bp_short_thru failed: %s\n", r.message.c_str());
            return 1;
        }
        const auto& c = r.cases[0];
        const std::size_t n = 200 * 32;
        std::ofstream out(dir + "/bp_short_pulse.csv");
        out << "% pulse response of bp_short_thru.s4p, ck_kr preset, package case 1 (time s, voltage V)\n";
        char line[64];
        for (std::size_t i = 0; i < n; ++i) {
            const double v = i < c.pulse_uneq_v.size() ? c.pulse_uneq_v[i] : 0.0;
            std::snprintf(line, sizeof line, "%.9e,%.9e\n", static_cast<double>(i) * c.dt_s, v);
            out << line;
        }
        std::printf("%s/bp_short_pulse.csv: %zu samples of %.6g ps, peak %.4g mV\n", dir.c_str(), n, c.dt_s * 1e12,
                    1e3 * *std::max_element(c.pulse_uneq_v.begin(), c.pulse_uneq_v.end()));
    }
    return 0;
}
