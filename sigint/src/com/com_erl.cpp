// Effective return loss (IEEE Std 802.3-2022 Annex 93A.5), step for step as the IEEE COM
// reference code (com_ieee8023_93a v4.20: process_sxp, get_TDR, get_StepR, get_PulseR; the
// TDR_W_TXPKG branch of process_sxp and SL/R_series2/r_parrelell2 as in the public v4.30)
// computes it, so that results agree with the reference (see tests/golden/com/*erl*.json).
#include "sigint/com_erl.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <new>
#include <stdexcept>

#include "com_detail.hpp"
#include "sigint/com.hpp"

namespace racklink::sigint {

using namespace com_detail;

namespace {

constexpr double kPi = 3.14159265358979323846;

}  // namespace

ComErlParams resolve_com_erl_params(const ComConfig& cfg) {
    const ConfigReader rd{cfg};
    ComErlParams e;
    // Defaults are those of the reference's read_ParamConfigFile.
    const double erl = rd.scalar("ERL", 0);
    if (erl != 0 && erl != 1 && erl != 2)
        rd.fail("ERL", "must be 0 (off), 1 (ERL) or 2 (package ERL), got " + std::to_string(erl));
    e.erl_mode = static_cast<int>(erl);
    e.enabled = e.erl_mode != 0;
    e.erl_only = rd.scalar("ERL_ONLY", 0) != 0;
    e.pass_threshold_db = rd.scalar("ERL Pass threshold", 0);  // e.g. 7.3 dB in the 120G/162 host sheets
    e.fb_hz = rd.scalar("f_b", 0) * 1e9;
    e.samples_per_ui = rd.to_int("M", rd.scalar("M", 32), 2, kComMaxSamplesPerUi);
    e.levels = rd.to_int("L", rd.scalar("L", 2), 2, kComMaxLevels);
    e.der0 = rd.scalar("DER_0", 1e-12);
    e.f_r = rd.scalar("f_r", 4);
    e.port_order.clear();
    for (double x : rd.vec("Port Order", {1, 3, 2, 4})) e.port_order.push_back(rd.to_int("Port Order", x, 1, 4));
    read_port_skews(rd, e.port_skew_s);
    e.bin_size_v = rd.scalar("PDF bin size", kPdfBinDefaultV);
    e.tr_tdr_s = rd.scalar("TR_TDR", 8e-3) * 1e-9;
    auto zt = rd.vec("Z_t", {50});
    e.z_t_ohm = zt.front();
    if (zt.size() > 1) e.z_t_sweep_ohm = zt;  // TDR impedance sweep (process_sxp loops over Z_t)
    for (double z : zt)
        if (!(z > 0)) rd.fail("Z_t", "must be positive");
    e.n_ui = rd.scalar("N", 0);
    e.tdr_duration = rd.scalar("TDR_duration", 5);
    e.auto_tfx = rd.scalar("AUTO_TFX", 0) != 0;
    e.show_brd = rd.scalar("SHOW_BRD", 0) != 0;
    e.ir_truncation = rd.scalar("Impulse response truncation threshold", 1e-3);
    e.fir_interp_mag = rd.text("S-parameter magnitude extrapolation policy", e.fir_interp_mag);
    e.fir_interp_phase = rd.text("S-parameter phase extrapolation policy", e.fir_interp_phase);
    e.causality = resolve_com_causality(cfg);  // s21_to_impulse_DC of the TDR, as COM's
    e.n_bx = rd.to_int(cfg.has("N_bx") ? "N_bx" : "N_b", rd.scalar("N_bx", rd.scalar("N_b", 0)), 0, kComMaxTaps);
    e.beta_x_hz = rd.scalar("beta_x", 0);
    e.rho_x = rd.scalar("rho_x", 0.618);
    auto tfx = rd.vec("fixture delay time", {-1});
    e.tfx_s[0] = tfx[0];
    e.tfx_s[1] = tfx.size() > 1 ? tfx[1] : tfx[0];
    const double grr_limit = rd.scalar("Grr_limit", 1);
    e.grr = rd.to_int(cfg.has("Grr") ? "Grr" : "Grr_limit", rd.scalar("Grr", grr_limit), -kComMaxIndex, kComMaxIndex);
    if (rd.scalar("Gx", 0) == 1) e.grr = 2;
    e.tukey = rd.scalar("Tukey_Window", 0) != 0;
    e.tdr_butterworth = rd.scalar("TDR_Butterworth", 1) != 0;
    e.t_k_s = rd.scalar("T_k", 0.6) * 1e-9;
    e.norm_fom = rd.scalar("ERL_FOM", 1) != 0;
    e.tdr_w_txpkg = rd.scalar("TDR_W_TXPKG", 0) != 0;
    if (e.enabled) {
        if (e.tdr_w_txpkg && e.erl_mode == 2)
            rd.fail("TDR_W_TXPKG", "= 1 cannot be combined with ERL = 2 (package ERL of a return-loss "
                                   "measurement; the reference rejects it too)");
        const bool need_boards = e.show_brd && rd.scalar("Include PCB", 0) != 0;
        if (e.tdr_w_txpkg || need_boards) {
            const ComParams p = resolve_com_params(cfg);
            if (need_boards) {
                // The THRU's boards of add_brd: z_bp (TX) on the transmitter side, z_bp (RX) on
                // the receiver side.
                e.boards = host_boards(p, p.z_bp_tx_mm, p.z_bp_rx_mm);
            }
            if (e.tdr_w_txpkg) {
                // The TX package of the COM tables, as COM resolves it (first `z_p select` case,
                // the THRU lengths; reference process_sxp with package_testcase_i = 1).
                ComErlTxPackage& k = e.tx_pkg;
                k.c_d_f = p.c_d_f[0];
                k.l_s_h = p.l_s_h[0];
                k.c_b_f = p.c_b_f[0];
                k.c_p_f = p.c_p_f[0];
                k.c_v_f = p.c_v_f[0];
                k.z_c_ohm = p.z_c_ohm[0];
                k.z_p_mm = p.z_p_tx_mm[static_cast<std::size_t>(p.pkg_len_select.front() - 1)];
                for (int i = 0; i < 3; ++i) k.gamma0_a1_a2[i] = p.pkg_gamma0_a1_a2[i];
                k.tau_ns_per_mm = p.pkg_tau_ns_per_mm;
                k.z0_ohm = p.z0_ohm;
                k.r_d_ohm = p.r_d_ohm[0];
                if (!(k.r_d_ohm > 0)) rd.fail("R_d", "must be positive for TDR_W_TXPKG (die termination)");
            }
        }
        // Include PCB acts on ERL only with SHOW_BRD = 1: otherwise the reference's process_sxp
        // takes the channel without the host boards (sdd*_orig).
        if (e.fb_hz > kComMaxBaudGBd * 1e9)
            rd.fail("f_b", "must not exceed " + com_detail::num_text(kComMaxBaudGBd) + " GBd, got " +
                               com_detail::num_text(e.fb_hz / 1e9));  // the words of resolve_com_params
        if (e.n_ui < 0) rd.fail("N", "must not be negative (0: gate from the thru delay)");
        if (e.n_ui == 0 && !(e.tdr_duration > 0)) rd.fail("TDR_duration", "must be positive with N = 0");
        if (!cfg.find("fixture delay time"))
            rd.fail("fixture delay time",
                    "is required for ERL: the reference's default -1 only marks an interactive test-fixture "
                    "prompt and, used as T_fx = -1 s, gates the TDR before t = 0 (no meaningful ERL); give "
                    "[port1 port2] in s (with AUTO_TFX = 1 port 2's value is estimated)");
        if (e.grr < 0 || e.grr > 2) rd.fail("Grr", "must be 0, 1 or 2");
    }
    if (std::string err = e.validate(); !err.empty()) throw std::invalid_argument(cfg.source + ": " + err);
    return e;
}

std::string ComErlParams::validate() const {
    if (!enabled) return {};
    if (!(fb_hz > 0 && std::isfinite(fb_hz))) return "f_b must be positive and finite";
    if (samples_per_ui < 2) return "M must be at least 2";
    if (levels < 2) return "L must be at least 2";
    if (!(der0 > 0 && der0 < 1)) return "DER_0 must lie in (0, 1)";
    if (!(tr_tdr_s > 0)) return "TR_TDR must be positive";
    if (!(z_t_ohm > 0)) return "Z_t must be positive";
    for (double z : z_t_sweep_ohm)
        if (!(z > 0)) return "Z_t must be positive";
    if (!z_t_sweep_ohm.empty() && z_t_sweep_ohm.front() != z_t_ohm) return "Z_t sweep must start with z_t_ohm";
    if (!(n_ui >= 0)) return "N must not be negative";
    if (n_ui == 0 && !(tdr_duration > 0)) return "TDR_duration must be positive with N = 0";
    if (!(ir_truncation >= 0)) return "Impulse response truncation threshold must not be negative";
    if (show_brd && boards.include_pcb != 0) {
        if (boards.include_pcb != 1 && boards.include_pcb != 2) return "SHOW_BRD: Include PCB must be 0, 1 or 2";
        if (!(boards.z_c_ohm[0] > 0 && boards.z_c_ohm[1] > 0)) return "SHOW_BRD: board_Z_c must be positive";
        if (!(boards.z0_ohm > 0)) return "SHOW_BRD: R_0 must be positive";
    }
    if (n_bx < 0) return "N_bx must not be negative";
    if (port_order.size() != 4) return "Port Order must list 4 ports";
    if (erl_mode < 0 || erl_mode > 2) return "ERL must be 0, 1 or 2";
    if (tdr_w_txpkg && erl_mode == 2) return "TDR_W_TXPKG = 1 cannot be combined with ERL = 2";
    if (tdr_w_txpkg) {
        const ComErlTxPackage& k = tx_pkg;
        const std::size_t segs = k.z_p_mm.size();
        if (segs != 1 && segs != 4) return "TDR_W_TXPKG: the package needs 1 or 4 segments";
        if (k.z_c_ohm.size() != segs) return "TDR_W_TXPKG: package_Z_c needs one value per segment";
        if (k.c_d_f.empty() || k.l_s_h.size() != k.c_d_f.size()) return "TDR_W_TXPKG: C_d and L_s ladders must agree";
        if (!(k.z0_ohm > 0)) return "TDR_W_TXPKG: R_0 must be positive";
        if (!(k.r_d_ohm > 0)) return "TDR_W_TXPKG: R_d must be positive";
    }
    return {};
}

bool ComErlResult::pass() const {
    if (pass_threshold_db == 0) return true;
    return min_erl_db() >= pass_threshold_db;  // NaN (no rated port) compares false
}

double ComErlResult::min_erl_db() const {
    double m = std::numeric_limits<double>::quiet_NaN();
    for (const auto& sd : side)
        if (sd.rated && !(sd.erl_db >= m)) m = sd.erl_db;  // NaN m takes the first rated port
    return m;
}

namespace {

// The reference's make_full_pkg('TX', f, param, 'THRU') in the differential mode with the die
// (com_detail::package_blocks / package_cascade, shared with COM).
S2 tx_package(const ComErlTxPackage& k, const RVec& f) {
    const PackageBlocks blk = package_blocks(k.c_d_f, k.l_s_h, k.c_b_f, k.c_p_f, k.c_v_f, k.z_c_ohm, k.z_p_mm);
    return package_cascade(f, blk, k.z0_ohm, k.gamma0_a1_a2, k.tau_ns_per_mm);
}

// A frequency-flat 2-port of a resistor against the reference zref (differential, 100 ohm):
// series r (reference R_series2) or shunt r (r_parrelell2); textbook forms (Pozar, Table 4.2).
S2 flat_two_port(std::size_t n, cplx s11, cplx s21) {
    S2 o;
    o.s11.assign(n, s11);
    o.s22.assign(n, s11);
    o.s21.assign(n, s21);
    o.s12.assign(n, s21);
    return o;
}

// The reference's SL(S, f, 2 R_d): the die termination 2 R_d seen against 100 ohm, put in
// front of the package: a series (2 R_d - 100) above 100 ohm, a shunt 100 2R_d/(100 - 2R_d) below,
// nothing at 100 ohm.
S2 die_termination(const S2& s, double r_ohm) {
    constexpr double zref = 100;
    const std::size_t n = s.s11.size();
    if (r_ohm > zref) {
        const double r = r_ohm - zref;
        return cascade(flat_two_port(n, r / (r + 2 * zref), (2 * zref) / (r + 2 * zref)), s);
    }
    if (r_ohm < zref) {
        const double rpad = -r_ohm * zref / (r_ohm - zref);
        return cascade(flat_two_port(n, -zref / (rpad * (zref / rpad + 2)), 2 / (zref / rpad + 2)), s);
    }
    return s;
}

// The reference's get_RAW_FIR: impulse response of a transfer function h times the 4th-order
// Butterworth filter at 0.75 f_b (93A-20 with f_r = 0.75, fixed there), by s21_to_impulse_DC
// with the given policies and truncation threshold; returns the time (s, on the impulse
// response's own axis t = k / (freq_step L)) of its first maximum (max of the signed samples)
// and of its last sample.
// The causality options of the ERL parameters (s21_to_impulse_DC's OP fields).

struct RawFirPeak {
    double t_peak_s = 0;
    double t_end_s = 0;
};
RawFirPeak raw_fir_peak(const CVec& h, const RVec& f, double fb_hz, double dt, const std::string& mag,
                        const std::string& phase, double threshold, const CausalitySpec& causality) {
    const CVec hr = butterworth(f, 0.75 * fb_hz);
    CVec hh(h.size());
    for (std::size_t k = 0; k < h.size(); ++k) hh[k] = h[k] * hr[k];
    const RVec fir = s21_to_impulse(hh, f, dt, mag, phase, threshold, nullptr, causality);
    if (fir.empty()) throw std::invalid_argument("ERL: the thru's impulse response is empty");
    const double freq_step = f[2] - f[1];
    const double len = 2 * std::round(1.0 / dt / 2.0 / freq_step);  // length of the symmetric spectrum
    const std::size_t pix = static_cast<std::size_t>(std::max_element(fir.begin(), fir.end()) - fir.begin());
    return {static_cast<double>(pix) / (freq_step * len), static_cast<double>(fir.size() - 1) / (freq_step * len)};
}

// One side of get_TDR (reference PTDR path). sel = 0 for port 1, 1 for port 2; z_t the
// single-ended TDR impedance, tfx the fixture delay of the port, maxtime the gate after it.
ComErlSide erl_side(const ComErlParams& e, const RVec& f, const CVec s[2][2], int sel, double z_t, double tfx,
                    double maxtime) {
    const int M = e.samples_per_ui;
    const double ui = 1 / e.fb_hz, dt = ui / M;
    const double tr = e.tr_tdr_s, delay = 500e-12;  // reference TDR_results.delay
    const int other = 1 - sel;
    const std::size_t nf = f.size();
    // 1. Reflection with the reference impedance changed from 100 ohm to 2 Z_t at both ports:
    //    S' = (S - G I)(I - G S)^-1, G = (2Z_t - 100)/(2Z_t + 100) (Kurokawa 1965 power waves,
    //    equal real references); this is the reference's TDR_RL closed form.
    const double zin = 100, zout = 2 * z_t;
    const double g = (zout - zin) / (zout + zin);
    CVec rl(nf);
    for (std::size_t k = 0; k < nf; ++k) {
        // ordering (sel, other): X = S - G I = [a b; . .], Y = I - G S = [p q; r u]
        const cplx a = s[sel][sel][k] - g, b = s[sel][other][k];
        const cplx p = 1.0 - g * s[sel][sel][k], q = -g * s[sel][other][k],
                   r = -g * s[other][sel][k], u = 1.0 - g * s[other][other][k];
        const cplx det = p * u - q * r;
        // element (sel, sel) of X inv(Y), inv(Y) = [u -q; -r p] / det
        rl[k] = (a * u - b * r) / det;
    }
    // 2. Gaussian edge (93A-46 form with T_r = TR_TDR) + 500 ps + 3 TR_TDR delays; filters.
    const CVec hbw = e.tdr_butterworth ? butterworth(f, e.f_r * e.fb_hz) : CVec(nf, cplx(1, 0));
    const RVec htw = e.tukey ? tukey(f, e.f_r * e.fb_hz, e.fb_hz) : RVec(nf, 1.0);
    const double tr_ns = tr * 1e9;
    for (std::size_t k = 0; k < nf; ++k) {
        const double f9 = f[k] / 1e9;
        const double mag = std::exp(-2 * std::pow(kPi * f9 * tr_ns / 1.6832, 2));
        const double ph = -2 * kPi * f9 * (delay / 1e-9) - 2 * kPi * f9 * tr_ns * 3;
        rl[k] *= mag * std::polar(1.0, ph) * hbw[k] * htw[k];
    }
    // 3. Impulse response (s21_to_impulse_DC with the TDR truncation threshold 1e-5).
    RVec ir = s21_to_impulse(rl, f, dt, e.interp_mag, e.interp_phase, 1e-5, nullptr, e.causality);
    const double freq_step = f[2] - f[1];
    const double fmax = 1.0 / dt / 2.0;
    const double nsteps = std::round(fmax / freq_step);
    const double len = 2 * nsteps;  // length of the symmetric spectrum
    auto t_at = [&](std::size_t k) { return static_cast<double>(k) / (freq_step * len) - delay; };
    // t_at is nondecreasing in k (correctly rounded division and subtraction are monotone), so
    // the first sample at or after a time is found by bisection, as a scan would find it
    const auto first_at = [&](std::size_t lo, std::size_t hi, double t) {  // hi when none
        while (lo < hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            if (t_at(mid) >= t) hi = mid; else lo = mid + 1;
        }
        return lo;
    };
    std::size_t tend = ir.size();  // 1-based index of the first t >= maxtime + tfx
    if (const std::size_t k = first_at(0, ir.size(), maxtime + tfx); k < ir.size()) tend = k + 1;
    std::size_t tstart = 1;
    bool found = false;
    for (std::size_t k = 0; k < tend; ++k)
        if (t_at(k) >= tr) { tstart = k + 1; found = true; break; }
    // the reference cuts IR and t to tend first, so its fallback tend = length(t) keeps tend
    if (!found || tstart >= tend) tstart = 1;
    const std::size_t n = tend - tstart + 1;
    // the gated segment seg[k] = ir[tstart - 1 + k] at the times tt(k)
    ir.resize(tend);
    ir.erase(ir.begin(), ir.begin() + static_cast<long>(tstart - 1));
    const RVec& seg = ir;
    const auto tt = [&](std::size_t k) { return t_at(tstart - 1 + k); };
    ComErlSide out;
    out.tfx_s = tfx;
    out.gate_s = maxtime;
    // Step response -> impedance profile Z = 2 Z_t (1 + s)/(1 - s) (get_StepR) and its
    // T_k-weighted average from the 3 TR_TDR index on. The reference finds that index on the
    // uncut time axis and applies it to the cut one; kept as is.
    {
        std::size_t tf = 0;
        bool have = false;
        for (std::size_t k = 0; k < tend; ++k)
            if (t_at(k) >= 3 * tr) { tf = k; have = true; break; }
        if (have && tf < n) {
            double acc = 0, sw = 0, swy = 0;
            const double t_tf = tt(tf);
            for (std::size_t k = 0; k < tf; ++k) acc += seg[k];
            // weights exp(-(t - t_tf) / T_k) on the uniform time grid: a geometric sequence, one
            // exp per block of 32 samples and the ratio exp(-dt / T_k) in between (about one
            // rounding per step; the average is a ratio of sums of these weights)
            const double ratio = std::exp(-(tt(tf + 1) - tt(tf)) / e.t_k_s);
            double w = 1;
            for (std::size_t k = tf; k < n; ++k) {
                acc += seg[k];
                const double zsr = (1 + acc) / (1 - acc) * z_t * 2;
                w = (k - tf) % 32 == 0 ? std::exp(-(tt(k) - t_tf) / e.t_k_s) : w * ratio;
                sw += w;
                swy += w * zsr;
            }
            out.avg_z_ohm = swy / sw;
        }
    }
    // 4. PTDR (get_PulseR: running sum over one UI) and the G_loss G_rr weighting (93A-59..61).
    RVec pulse = running_sum(seg, M);
    const double t0 = tfx + 3 * tr;
    std::size_t ntx = n + 1, ndfex = n;  // 1-based
    for (std::size_t k = 0; k < n; ++k)
        if (tt(k) >= t0) { ntx = k + 1; break; }
    for (std::size_t k = 0; k < n; ++k)
        if (tt(k) > (e.n_bx + 1) * ui + t0) { ndfex = k + 1; break; }
    const double tk = ui * (e.n_bx + 1) + t0;
    const double rho = e.rho_x;
    // weight fx: 0 before T_fx + 3 TR_TDR, G_loss G_rr up to the DFE span, then 1 (or
    // (1 + rho_x) rho_x with Grr = 0), applied sample by sample
    const double fx_after = e.grr == 0 ? (1 + rho) * rho : 1.0;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t ii = k + 1;
        double fx = fx_after;
        if (ii < ntx) {
            fx = 0;
        } else if (ii <= ndfex) {
            const double t = tt(k);
            const double gloss = (e.n_bx > 0 && e.beta_x_hz != 0) ? std::pow(10.0, e.beta_x_hz * (t - tk) / 20) : 1.0;
            const double x = (t - t0) / ui;
            const double grr = e.grr == 2 ? rho
                                          : (1 + rho) * rho *
                                                std::exp(-std::pow(x - e.n_bx - 1, 2) / std::pow(1.0 + e.n_bx, 2));
            fx = gloss * grr;
        }
        pulse[k] *= fx;
    }
    double ss = 0;
    for (double v : pulse) ss += v * v;
    out.erl_rms_db = -20 * std::log10(std::sqrt(ss / static_cast<double>(n)));
    // 5. Worst sampling phase and the reflection quantile at DER_0 (93A-62).
    const double bin = e.bin_size_v * 10;
    auto phase_samples = [&](int ki) {
        RVec v;
        for (std::size_t k = static_cast<std::size_t>(ki); k < n; k += static_cast<std::size_t>(M)) v.push_back(pulse[k]);
        return v;
    };
    auto quantile = [&](const RVec& v) {
        Pdf pdf = pdf_from_samples(v, e.levels, bin);
        double cdf = 0;
        for (std::size_t k = 0; k < pdf.y.size(); ++k) {
            cdf += pdf.y[k];
            if (cdf >= e.der0) return -pdf.x(k);
        }
        return -pdf.x(pdf.y.size() - 1);
    };
    double best = -INFINITY, best_erl = 0;
    int best_ki = 0;
    for (int ki = 0; ki < M; ++ki) {
        RVec v = phase_samples(ki);
        double fom;
        double q = 0;
        if (e.norm_fom) {
            double s2 = 0;
            for (double x : v) s2 += x * x;
            fom = std::sqrt(s2);
        } else {
            q = quantile(v);
            fom = q;
        }
        if (fom > best) {
            best = fom;
            best_ki = ki;
        }
        // The reference keeps the quantile of the LAST phase here (ERL_FOM = 0 only).
        if (!e.norm_fom) best_erl = q;
    }
    if (e.norm_fom) best_erl = quantile(phase_samples(best_ki));
    out.erl_db = -20 * std::log10(std::fabs(best_erl));
    out.best_phase = best_ki + 1;
    out.ptdr = std::move(pulse);
    return out;
}

ComErlResult compute_com_erl_impl(const ComErlParams& e, const Network& thru);

}  // namespace

ComErlResult compute_com_erl(const ComErlParams& e, const Network& thru) {
    try {
        return compute_com_erl_impl(e, thru);
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& err) {  // from the thru's data (an anti-causal phase, a PDF too wide): name it
        throw std::invalid_argument(com_detail::at_channel_file(err.what(), {thru.name}));
    }
}

namespace {

ComErlResult compute_com_erl_impl(const ComErlParams& e, const Network& thru) {
    ComErlResult res;
    res.pass_threshold_db = e.pass_threshold_db;
    if (!e.enabled) return res;
    if (thru.ports() != 4 && thru.ports() != 2)
        throw std::invalid_argument(thru.name + ": ERL needs a 4-port thru or a 2-port (one differential port)");
    if (thru.ports() == 2 && e.tdr_w_txpkg)
        throw std::invalid_argument(thru.name + ": TDR_W_TXPKG (TX package in the TDR) needs a 4-port thru");
    bool renorm = false;
    for (double z : thru.z0_ohm) renorm |= z != 50.0;
    const bool skew = thru.ports() == 4 && any_port_skew(e.port_skew_s);
    Network adjusted = renorm ? renormalize(thru, {50.0}) : skew ? thru : Network{};
    if (skew) apply_port_skew(adjusted, e.port_order, e.port_skew_s);
    const Network& net = renorm || skew ? adjusted : thru;  // no copy of the data when already 50 ohm
    if (net.points() < 60) throw std::invalid_argument(thru.name + ": too few frequency points for ERL");
    // SDD of the pairs (Port Order [tx+ tx- rx+ rx-]): SDD_ij = (S_pi,pj - S_pi,qj - S_qi,pj +
    // S_qi,qj) / 2 (Bockelman & Eisenstadt 1995; what sigint::to_mixed_mode computes as
    // M S M^T, here only the four needed terms)
    CVec s[2][2];
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) s[i][j].resize(net.points());
    const double ui = 1 / e.fb_hz, dt = ui / e.samples_per_ui;
    // Z_t values: process_sxp runs get_TDR for each; the reported figures are the first's.
    const std::vector<double> z_ts = e.z_t_sweep_ohm.empty() ? std::vector<double>{e.z_t_ohm} : e.z_t_sweep_ohm;
    // One side over all Z_t values (the side's own figures are those of the first value).
    const auto side_over_zt = [&](const CVec sp[2][2], int sel, double tfx, double maxtime) {
        ComErlSide first;
        for (std::size_t z = 0; z < z_ts.size(); ++z) {
            ComErlSide sd = erl_side(e, net.f_hz, sp, sel, z_ts[z], tfx, maxtime);
            if (z_ts.size() > 1)
                first.z_t_sweep.push_back({z_ts[z], sd.erl_db, sd.erl_rms_db, sd.avg_z_ohm, sd.best_phase});
            if (z == 0) {
                sd.z_t_sweep = std::move(first.z_t_sweep);
                first = std::move(sd);
            }
        }
        return first;
    };
    if (net.ports() == 2) {
        // One differential port (reference read_p2_s2params: ports [1 2] whatever Port Order
        // says; SDD11 = [1 -1] S [1 -1]^T / 2). S12 = S21 = 0 reduce the reflection formula to
        // the reference's one-port (S11 - G)/(1 - G S11). The boards of SHOW_BRD are not added
        // to an .s2p (read_s4p_files: sdd11_raw = sdd11_orig) and AUTO_TFX acts on 4-ports only.
        if (e.n_ui == 0)
            throw std::invalid_argument(thru.name + ": N = 0 (ERL gate from the thru delay) needs a 4-port thru; "
                                                    "the reference warns that N must not be zero for a 2-port");
        for (std::size_t k = 0; k < net.points(); ++k) {
            const Eigen::MatrixXcd& m = net.s[k];
            s[0][0][k] = 0.5 * (m(0, 0) - m(0, 1) - m(1, 0) + m(1, 1));
        }
        res.side[0] = side_over_zt(s, 0, e.tfx_s[0], e.n_ui * ui);
        res.side[1].rated = false;
        res.side[1].erl_db = std::numeric_limits<double>::quiet_NaN();
        res.computed = true;
        return res;
    }
    {
        std::vector<int> sorted = e.port_order;
        std::sort(sorted.begin(), sorted.end());
        if (sorted != std::vector<int>{1, 2, 3, 4})
            throw std::invalid_argument(thru.name + ": Port Order must be a permutation of 1..4");
    }
    const int pp[2] = {e.port_order[0] - 1, e.port_order[2] - 1}, qq[2] = {e.port_order[1] - 1, e.port_order[3] - 1};
    for (std::size_t k = 0; k < net.points(); ++k) {
        const Eigen::MatrixXcd& m = net.s[k];
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j)
                s[i][j][k] = 0.5 * (m(pp[i], pp[j]) - m(pp[i], qq[j]) - m(qq[i], pp[j]) + m(qq[i], qq[j]));
    }
    {
        const CVec* const sdd[2][2] = {{&s[0][0], &s[0][1]}, {&s[1][0], &s[1][1]}};
        com_detail::channel_data_warnings(thru.name, net.f_hz, sdd, e.fb_hz, res.warnings);
    }
    double tfx[2] = {e.tfx_s[0], e.tfx_s[1]};
    if (e.auto_tfx) {
        // Reference process_sxp (v4.50): tfx(2) = 2 x the peak time of get_RAW_FIR(sdd12_orig),
        // with the configuration's interpolation policies and truncation threshold (process_sxp
        // sets the TDR ones only after this).
        const RawFirPeak pk = raw_fir_peak(s[0][1], net.f_hz, e.fb_hz, dt, e.fir_interp_mag, e.fir_interp_phase,
                                           e.ir_truncation, e.causality);
        tfx[1] = 2 * pk.t_peak_s;
        res.tfx_estimate_s = tfx[1];
    }
    const bool boards = e.show_brd && e.boards.include_pcb != 0;
    if (boards || e.tdr_w_txpkg) {
        // SHOW_BRD: the TDR takes sdd*_raw, the channel with the host boards (add_brd).
        S2 ch{s[0][0], s[0][1], s[1][0], s[1][1]};
        if (boards) ch = add_host_boards(e.boards, net.f_hz, ch);
        if (e.tdr_w_txpkg) {
            // Reference process_sxp with TDR_W_TXPKG: S = SL(TX package cascaded with the
            // channel, 2 R_d); then S11 is put back to the bare channel's (sdd11_orig: "when
            // looking at Tx don't include package", nor boards), so both ports' TDRs use
            // [S11_orig, S12, S21, S22 of the cascade]. (Assigned into the existing vectors:
            // fewer fresh pages.)
            const S2 c = die_termination(cascade(tx_package(e.tx_pkg, net.f_hz), ch), 2 * e.tx_pkg.r_d_ohm);
            s[0][1] = c.s12;
            s[1][0] = c.s21;
            s[1][1] = c.s22;
        } else {
            s[0][0] = ch.s11;
            s[0][1] = ch.s12;
            s[1][0] = ch.s21;
            s[1][1] = ch.s22;
        }
    }
    double maxtime = e.n_ui * ui;
    if (e.n_ui == 0) {
        // Reference get_TDR (v4.50) with N = 0: TDR_duration x the peak time of get_RAW_FIR of
        // the TDR's SDD21 (TDR policies, threshold 1e-5) + the 500 ps pre-delay, at most the
        // end of that impulse response.
        const RawFirPeak pk = raw_fir_peak(s[1][0], net.f_hz, e.fb_hz, dt, e.interp_mag, e.interp_phase, 1e-5,
                                            e.causality);
        maxtime = pk.t_peak_s * e.tdr_duration + 500e-12;
        if (maxtime > pk.t_end_s) maxtime = pk.t_end_s;
    }
    for (int sel = 0; sel < 2; ++sel) res.side[sel] = side_over_zt(s, sel, tfx[sel], maxtime);
    if (e.tdr_w_txpkg) {  // reference TDR_ERL_Processing: ERL = [NaN ERL22], min_ERL = ERL22
        res.side[0].rated = false;
        res.side[0].erl_db = std::numeric_limits<double>::quiet_NaN();
        for (auto& z : res.side[0].z_t_sweep) z.erl_db = std::numeric_limits<double>::quiet_NaN();
    }
    res.computed = true;
    return res;
}

}  // namespace

}  // namespace racklink::sigint
