// Channel Operating Margin (IEEE Std 802.3-2022 Annex 93A), following the IEEE COM reference
// code com_ieee8023_93a (v4.20) step by step; function names in comments are the reference's.
#include "sigint/com.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "com_detail.hpp"
#include "com_iln.hpp"
#include "com_mlse.hpp"
#include "com_rxffe.hpp"
#include "sigint/touchstone.hpp"

namespace racklink::sigint {

using namespace com_detail;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kEps = 2.220446049250313e-16;
const cplx kJ{0.0, 1.0};

double db20(cplx x) { return 20 * std::log10(std::abs(x)); }

struct Channel {
    std::string name;  // the network's name (its file), for messages
    std::string type;  // THRU, FEXT, NEXT
    double ftr = 0;
    RVec f;
    CVec sdd11, sdd12, sdd21, sdd22;  // raw differential data (sdd*_raw)
    CVec sdc11, sdc12, sdc21, sdc22;  // raw mode conversion (sdc*_raw)
    S2 brd;                           // sdd with the host boards (Include PCB), else empty
    CVec vtf;                         // sdd21 after packages, H_t and receiver filters
    CVec vtf_nodie;                   // sdd21p_nodie
    double a = 0, a_icn = 0;
    double delta_f = 0;
    RVec uneq_imp, uneq_pulse;
    RVec eq_pulse;
    Pdf pdf;
    // TDMODE: the pulse response as given (3 UI of zeros first, read_PR_files) and the impulse
    // the reference derives from it (step differences), for the COM-time equalization
    RVec td_pulse, td_imp;
};

// TDMODE inputs (compute_com_pulses); null for S-parameters.
struct TdInputs {
    const PulseResponse* thru;
    const std::vector<PulseResponse>* fext;
    const std::vector<PulseResponse>* next;
};

// ---- package (s21_pkg, make_full_pkg; make_pkg is com_detail::package_cascade) ----------------------------------------------

S2 make_full_pkg(bool tx, const RVec& f, const ComParams& p, const std::string& channel_type,
                 int pkg_case, bool dc, bool include_die) {
    const int side = tx ? 0 : 1;
    RVec cd = p.c_d_f[side], ls = p.l_s_h[side];
    double cb = p.c_b_f[side];
    if (!include_die) {
        for (auto& v : cd) v *= 0;
        for (auto& v : ls) v *= 0;
        cb *= 0;
    }
    const std::vector<double>* len = &p.z_p_rx_mm[pkg_case - 1];
    if (tx) {
        if (channel_type == "NEXT")
            len = &p.z_p_next_mm[pkg_case - 1];
        else if (channel_type == "FEXT")
            len = &p.z_p_fext_mm[pkg_case - 1];
        else
            len = &p.z_p_tx_mm[pkg_case - 1];
    }
    PackageBlocks blk = package_blocks(cd, ls, cb, p.c_p_f[side], p.c_v_f[side], p.z_c_ohm[side], *len);
    double zref = p.z0_ohm;
    if (dc) {  // the common-mode (half-circuit) view of the same package
        zref /= 2;
        for (auto& v : blk.c_pad_f) v *= 2;
        for (auto& v : blk.c_ball_f) v *= 2;
        for (auto& v : blk.z_c_ohm) v *= 2;
        for (auto& v : blk.l_comp_h) v /= 2;
        for (auto& v : blk.c_bump_f) v *= 2;
    }
    return package_cascade(f, blk, zref, p.pkg_gamma0_a1_a2, p.pkg_tau_ns_per_mm);
}

// add_brd of the reference: host boards around the measured channel (Include PCB). Per side a
// shunt C_0 (device side), the board line (93A-9..93A-14 with board_tl_gamma0_a1_a2,
// board_tl_tau, board_Z_c; IEEE 802.3 Table 92-12) and a shunt C_1 (connector side). As in the
// reference, a NEXT aggressor's transmitter board has the length z_bp (RX) and its receiver
// board z_bp (NEXT); a FEXT aggressor's transmitter board z_bp (FEXT).
S2 add_board(const Channel& ch, const ComParams& p) {
    double len_tx = p.z_bp_tx_mm, len_rx = p.z_bp_rx_mm;
    if (ch.type == "NEXT") {
        len_tx = p.z_bp_rx_mm;
        len_rx = p.z_bp_next_mm;
    } else if (ch.type == "FEXT") {
        len_tx = p.z_bp_fext_mm;
    }
    return add_host_boards(host_boards(p, len_tx, len_rx), ch.f, S2{ch.sdd11, ch.sdd12, ch.sdd21, ch.sdd22});
}

// The transmitter edge filter H_t of s21_pkg at f (Hz), T_r in ns (reference s21_pkg: applied
// with IDEAL_TX_TERM or T_r_filter_type 1).
cplx tx_edge_filter(double f_hz, const ComParams& p) {
    const double f9 = f_hz / 1e9, tr = p.t_r_ns;
    if (p.t_r_filter_type == 0) return std::exp(-std::pow(kPi * f9 * tr / 1.6832, 2));  // 93A-46
    if (p.t_r_meas_point == 1) {
        // fourth-order Bessel-Thomson response 105 / (s^4 + 10 s^3 + 45 s^2 + 105 s + 105) at
        // s = j f9 k T_r (the reference's polynomial, with its k = 1.9466 + 7.12 sqrt(1 - 6.51e-3 / T_r)).
        // Below T_r = 6.51 ps the root is imaginary; MATLAB's sqrt then returns a complex k and
        // the reference goes on with it, so this does too.
        const cplx k = 1.9466 + 7.12 * std::sqrt(cplx(1 - 6.51e-3 / tr, 0));
        const cplx x = k * tr;
        return 105.0 / (std::pow(f9, 4) * std::pow(x, 4) - std::pow(f9, 3) * std::pow(x, 3) * 10.0 * kJ -
                        45 * f9 * f9 * x * x + f9 * x * 105.0 * kJ + 105.0);
    }
    // FORCE_TR: the Gaussian of 93A-46 squared, delayed by 3 T_r
    return std::exp(-2 * std::pow(kPi * f9 * tr / 1.6832, 2)) * std::exp(-kJ * 2.0 * kPi * f9 * tr * 3.0);
}

// Gamma_tx of 93A-17 (dc: the common-mode view, R_d / 2 against R_0 / 2). The reference's
// s21_pkg takes the TX as matched with IDEAL_TX_TERM or the receiver-side board only (Include PCB = 2).
double gamma_tx(const ComParams& p, bool dc) {
    if (p.ideal_tx_term || p.include_pcb == 2) return 0.0;
    const double rtx = dc ? p.r_d_ohm[0] / 2 : p.r_d_ohm[0], z0g = dc ? p.z0_ohm / 2 : p.z0_ohm;
    return (rtx - z0g) / (rtx + z0g);
}

// PKG_Tx_FFE_preset of package case `ci` (reference Tx_FFE_Filter):
// sum_i c_i exp(-j 2 pi (i - i_max) f / f_b), i_max the largest tap; 1 without a preset.
CVec pkg_txffe_response(const RVec& f, const ComParams& p, int ci) {
    CVec h(f.size(), cplx(1.0, 0.0));
    if (p.pkg_tx_ffe_preset.empty()) return h;
    const std::vector<double>& c = p.pkg_tx_ffe_preset[static_cast<std::size_t>(ci - 1)];
    const double icur = static_cast<double>(std::max_element(c.begin(), c.end()) - c.begin());
    for (std::size_t k = 0; k < f.size(); ++k) {
        cplx sum = 0.0;
        for (std::size_t i = 0; i < c.size(); ++i)
            sum = c[i] * std::exp(-kJ * 2.0 * kPi * (static_cast<double>(i) - icur) * f[k] / p.fb_hz) + sum;
        h[k] = sum;
    }
    return h;
}

// sigma_TX of 93A-30, (L - 1) A_s / R_LM 10^(-SNR_TX / 20), for the TX FFE cursor c0: with
// SNR_TXwC0 the reference divides by it (its operation order, so that without the option the
// figure is bit for bit the plain formula).
double sigma_tx_9330(const ComParams& p, double a_s, double c0, double snr_tx_db) {
    return (p.levels - 1) * a_s / (p.snr_tx_w_c0 ? c0 : 1.0) / p.r_lm * std::pow(10.0, -snr_tx_db / 20);
}

// s21_pkg: the voltage transfer function (93A-18) with H_t.
CVec s21_pkg(const Channel& ch, const ComParams& p, bool dc, bool include_die, const S2& txp, const S2& rxp) {
    const bool brd = !dc && !ch.brd.s21.empty();  // Include PCB: the differential data with boards
    S2 c{dc ? ch.sdc11 : brd ? ch.brd.s11 : ch.sdd11, dc ? ch.sdc12 : brd ? ch.brd.s12 : ch.sdd12,
         dc ? ch.sdc21 : brd ? ch.brd.s21 : ch.sdd21, dc ? ch.sdc22 : brd ? ch.brd.s22 : ch.sdd22};
    if (!dc) {
        for (auto& v : c.s11) v *= p.kappa1;
        for (auto& v : c.s22) v *= p.kappa2;
    }
    const double z0g = dc ? p.z0_ohm / 2 : p.z0_ohm;
    const double rrx = dc ? p.r_d_ohm[1] / 2 : p.r_d_ohm[1];
    // 93A-17; IDEAL_TX_TERM / IDEAL_RX_TERM: no package and a matched die on that side
    const double gtx = gamma_tx(p, dc);
    const double grx = p.ideal_rx_term ? 0.0 : (rrx - z0g) / (rrx + z0g);
    S2 s = p.ideal_tx_term ? c : cascade(txp, c);
    if (!p.ideal_rx_term) s = cascade(s, S2{rxp.s22, rxp.s21, rxp.s12, rxp.s11});
    const bool edge = p.ideal_tx_term || p.t_r_filter_type == 1;
    CVec out(ch.f.size());
    for (std::size_t k = 0; k < ch.f.size(); ++k) {
        const cplx ht = edge ? tx_edge_filter(ch.f[k], p) : cplx(1.0);
        if (include_die)
            out[k] = ht * s.s21[k] * (1 - gtx) * (1 + grx) /
                     (1.0 - s.s11[k] * gtx - s.s22[k] * grx - s.s21[k] * s.s12[k] * gtx * grx +
                      s.s11[k] * s.s22[k] * gtx * grx);
        else
            out[k] = s.s21[k];
    }
    return out;
}

CVec rx_filter(const RVec& f, const ComParams& p) {
    CVec h(f.size(), cplx(1, 0));
    if (p.butterworth) {
        CVec b = butterworth(f, p.f_r * p.fb_hz);
        for (std::size_t k = 0; k < f.size(); ++k) h[k] *= b[k];
    }
    if (p.bessel_thomson) {
        CVec b = bessel_thomson(f, p.bt_order, 0.473037 * p.f_r * p.fb_hz);
        for (std::size_t k = 0; k < f.size(); ++k) h[k] *= b[k];
    }
    if (p.raised_cosine) {
        RVec t = tukey(f, p.rc_start_hz, p.rc_end_hz);
        for (std::size_t k = 0; k < f.size(); ++k) h[k] *= t[k];
    }
    return h;
}

// H_ctf of CTLE setting (ic, il): 93A-22 times the low-frequency stage of CL120d (g_DC_HP,
// f_HP_PZ) or of CL120e (f_HP_Z, f_HP_P), as the reference's CTLE_type switch. One definition
// for the search grid, the WIENER-HOPF noise grid and the receiver calibration's noise path.
struct CtleResponse {
    double kacdc, fz, fp1, fp2;
    int low_type = 0;   // 0: none (CL93), 1: CL120d, 2: CL120e
    double k_low = 1, f_lz = 0, f_lp = 0;
    CtleResponse(const ComParams& p, std::size_t ic, std::size_t il)
        : kacdc(std::pow(10.0, p.g_dc_db[ic] / 20.0)), fz(p.f_z_hz[ic]), fp1(p.f_p1_hz[ic]), fp2(p.f_p2_hz[ic]) {
        if (p.ctle_type == "CL120d") {
            low_type = 1;
            k_low = std::pow(10.0, p.g_dc_hp_db[il] / 20.0);
            f_lz = f_lp = p.f_hp_hz[il];
        } else if (p.ctle_type == "CL120e") {
            low_type = 2;
            f_lz = p.f_hp_z_hz[ic];
            f_lp = p.f_hp_p_hz[ic];
        }
    }
    cplx at(double f_hz) const {
        const cplx g = (kacdc + kJ * f_hz / fz) / ((1.0 + kJ * f_hz / fp1) * (1.0 + kJ * f_hz / fp2));
        cplx low = 1.0;
        if (low_type == 1)
            low = (k_low + kJ * f_hz / f_lz) / (1.0 + kJ * f_hz / f_lp);
        else if (low_type == 2)
            low = (1.0 + kJ * f_hz / f_lz) / (1.0 + kJ * f_hz / f_lp);
        return low * g;
    }
};

// Receiver calibration noise path (reference get_sigma_noise): sigma_ne = sigma_bn
// sqrt(mean |H_np|^2) over the frequency points from the first up to the first at or above
// f_b/2, with H_np = H_noise H_ctf H_r H_hp (93A-47, 162-12) and sigma_ne of 93A-48. H_noise is
// the noise path's SDD21 as read (with the host boards under Include PCB; no package, no
// amplitude: the reference's "rx package is already included tx is not"), H_r the 93A-20
// Butterworth at f_r f_b whatever the filter switches, H_hp = (-j f/f_hp)/(1 + j f/f_hp) when
// f_hp != 0.
struct BbnPath {
    RVec w;               // |H_noise H_r H_hp|^2 per point 0 .. n-1
    double hp_mean = 1;   // mean |H_hp|^2 over the same points (the reference's sigma_HP / sigma_bn)
    double sigma_ne(double sigma_bn, const CVec& hctf) const {
        double acc = 0;
        for (std::size_t k = 0; k < w.size(); ++k) acc += w[k] * std::norm(hctf[k]);
        return sigma_bn * std::sqrt(acc / static_cast<double>(w.size()));
    }
};

BbnPath bbn_path(const CVec& h_noise, const RVec& f, const ComParams& p) {
    std::size_t n = 0;
    while (n < f.size() && f[n] < p.fb_hz / 2) ++n;
    if (n == f.size())
        throw std::invalid_argument("the receiver calibration's noise path data end at " + num_text(f.back() / 1e9) +
                                    " GHz, below f_b/2 = " + num_text(p.fb_hz / 2e9) + " GHz");
    ++n;  // 1:idxfbby2 includes the first point at or above f_b/2
    const CVec hr = butterworth(RVec(f.begin(), f.begin() + static_cast<std::ptrdiff_t>(n)), p.f_r * p.fb_hz);
    BbnPath b;
    b.w.resize(n);
    double hp = 0;
    for (std::size_t k = 0; k < n; ++k) {
        cplx h_hp = 1.0;
        if (p.bbn_f_hp_hz != 0) h_hp = (-kJ * f[k] / p.bbn_f_hp_hz) / (1.0 + kJ * f[k] / p.bbn_f_hp_hz);
        b.w[k] = std::norm(h_noise[k] * hr[k] * h_hp);
        hp += std::norm(h_hp);
    }
    b.hp_mean = hp / static_cast<double>(n);
    return b;
}

// get_ILN: least-squares fit of IL(f) = a0 + a1 sqrt(f) + a2 f + a3 f^2 weighted by |S21|
// (93A-55); returns the fitted IL in dB (negative numbers, as the reference's efit).
RVec fitted_il(const CVec& s, const RVec& f, std::size_t i0, std::size_t i1) {
    Eigen::MatrixXd a(i1 - i0, 4);
    Eigen::VectorXd b(i1 - i0);
    for (std::size_t k = i0; k < i1; ++k) {
        const double m = std::abs(s[k]), fg = f[k] / 1e9;  // GHz keeps the system well scaled
        a(k - i0, 0) = m;
        a(k - i0, 1) = m * std::sqrt(fg);
        a(k - i0, 2) = m * fg;
        a(k - i0, 3) = m * fg * fg;
        b(k - i0) = m * db20(s[k]);
    }
    Eigen::VectorXd al = a.colPivHouseholderQr().solve(b);
    RVec fit(f.size());
    for (std::size_t k = 0; k < f.size(); ++k) {
        const double fg = f[k] / 1e9;
        fit[k] = al(0) + al(1) * std::sqrt(fg) + al(2) * fg + al(3) * fg * fg;
    }
    return fit;
}

// y at t by linear interpolation; NaN outside [x.front(), x.back()], as MATLAB's interp1
// without 'extrap' gives the reference's IL, fitted IL, VTF and die-to-die losses at f_b/2 when
// the data end below it (an extrapolated loss there can even come out negative).
double interp_at(const RVec& x, const RVec& y, double t) {
    if (x.empty() || t < x.front() || t > x.back()) return std::numeric_limits<double>::quiet_NaN();
    return interp_linear(x, y, {t})[0];
}

RVec power_weight(const Channel& ch, const ComParams& p) {  // 93A-57
    RVec w(ch.f.size());
    const double ui = 1 / p.fb_hz, fr = p.f_r * p.fb_hz;
    for (std::size_t k = 0; k < ch.f.size(); ++k) {
        double ang = ui * kPi * ch.f[k];
        if (k == 0 && ch.f[0] == 0) ang = 1e-20;
        const double sinc = std::sin(ang) / ang;
        w[k] = sinc * sinc / (1 + std::pow(ch.f[k] / ch.ftr, 4)) / (1 + std::pow(ch.f[k] / fr, 8));
    }
    return w;
}

struct Best {
    bool found = false;
    double fom = -INFINITY;
    int ctle = 0, glp = 0;   // 0-based
    RVec txffe;
    std::vector<int> tx_index;
    int cursor_i = 0;        // 1-based
    double a_s = 0, a_p = 0, sigma_n = 0, isi_n = 0, tail_rss = 0;
    RVec h_j, dfetaps, bmax, bmin;
    double sigma_isi = 0, sigma_j = 0, sigma_xt = 0, sigma_tx = 0;
    int cur = 1;
    RVec rxffe;               // MMSE receiver FFE taps (802.3dj)
    double sigma_accm = 0;    // AC common-mode part of sigma_n
    std::vector<int> floating;  // floating DFE / RxFFE tap locations
    std::vector<int> iphase;  // crosstalk sampling phases of the PSDs (1-based, per aggressor)
    // MMSE: R_n (autocorrelation) of the candidate's S_rn, S_tn and S_rj_jn, for the COM noise
    RVec rn_rn, rn_tn, rn_rj;
    RVec psd_n;  // MMSE with MLSE = 3: S_rn + S_tn + S_xn + S_jn of the candidate (V^2/Hz, num_ui bins)
};

// R_n = f_b ifft(S_n,rho) for MLSE = 3 (reference v4.50 get_PSDs with COMPUTE_COM, 178A-28):
// S_n,rho = S_isi + (S_rn + S_tn + S_xn + S_jn) |H_rxffe|^2, where S_isi = sigma_X^2 |fft(h_isi)|^2
// / f_b of the equalized thru pulse sampled from the cursor's phase over num_ui UI, the cursor
// removed and the first N_b postcursors reduced by what the DFE (b_max, b_min) cancels.
RVec mlse_rho_autocorr(const ComParams& p, const MmseSpec& s, const Best& best, const RVec& eq_pulse, long ts) {
    const long M = s.M, nu = s.num_ui;
    const double fb = s.fb_hz, sx2 = (p.levels * p.levels - 1.0) / (3.0 * (p.levels - 1) * (p.levels - 1));
    // hisi = h(mod(cursor_i-1, M)+1 : M : end), padded or cut to num_ui (Commit request 4p4_6)
    RVec hisi(static_cast<std::size_t>(nu), 0.0);
    const long off = (ts - 1) % M;  // 0-based first sample
    for (long i = 0; i < nu; ++i) {
        const long k = off + i * M;
        if (k < static_cast<long>(eq_pulse.size())) hisi[static_cast<std::size_t>(i)] = eq_pulse[static_cast<std::size_t>(k)];
    }
    const long cn = ts / M;  // 0-based index of cursor_n = floor(cursor_i/M) + 1
    if (cn < nu) {
        const double cursor = hisi[static_cast<std::size_t>(cn)];
        hisi[static_cast<std::size_t>(cn)] = 0;
        for (long b = 1; b <= p.ndfe && cn + b < nu; ++b) {
            double& v = hisi[static_cast<std::size_t>(cn + b)];
            const double hi = p.bmax[static_cast<std::size_t>(b - 1)] * cursor, lo = p.bmin[static_cast<std::size_t>(b - 1)] * cursor;
            v = v >= hi ? v - hi : v <= lo ? v - lo : 0.0;
        }
    }
    // num_ui is even (checked with the MMSE options): half spectra, bins 0 .. num_ui/2
    const CVec hf = fft_real_half(hisi);
    // |H_rxffe|^2 on the num_ui-point grid (the taps' phase reference drops out of the magnitude)
    RVec w(static_cast<std::size_t>(nu), 0.0);
    for (std::size_t n = 0; n < best.rxffe.size() && n < w.size(); ++n) w[n] = best.rxffe[n];
    const CVec wf = fft_real_half(w);
    CVec sn(hf.size());
    for (std::size_t k = 0; k < sn.size(); ++k) sn[k] = sx2 * std::norm(hf[k]) / fb + best.psd_n[k] * std::norm(wf[k]);
    RVec rn = ifft_hermitian(sn, static_cast<std::size_t>(nu));
    for (double& v : rn) v *= fb;
    return rn;
}

// sum_f S(f) |H_rxffe(f)|^2 delta_f over the num_ui-point PSD S whose autocorrelation is rn, for
// the receiver FFE taps c: by the DFT Wiener-Khinchin identity, c' toeplitz(rn) c.
double rxffe_shaped_power(const RVec& c, const RVec& rn) {
    double acc = 0;
    for (std::size_t i = 0; i < c.size(); ++i)
        for (std::size_t j = 0; j < c.size(); ++j) acc += c[i] * c[j] * rn[i > j ? i - j : j - i];
    return acc;
}

// AC common-mode noise of one package case (AC_CM_RMS; reference s21_pkg with mode 'dc' and
// get_sigma_eta_ACCM_noise): |SDC21| of every channel's common-to-differential VTF on the
// integration band f <= ACCM_MAX_Freq.
struct AccmCase {
    double a_cm_v = 0;         // AC_CM_RMS of the case (V rms)
    std::size_t n_int = 0;     // number of points with f <= ACCM_MAX_Freq (f_int)
    double f_end_hz = 0;       // f_int(end)
    std::vector<RVec> h_dc;    // |SDC21 VTF| per channel, first n_int points
};

// sigma_ACCM = norm over channels of sqrt(2 AC_CM_RMS^2 sum |H_r H_ctf H_dc|^2 df / f_int(end))
// (reference get_sigma_eta_ACCM_noise; H_sy = 1).
double sigma_accm(const AccmCase& a, const RVec& f, const CVec& hr, const CVec& hctf) {
    double sigma = 0;
    for (const RVec& hdc : a.h_dc) {
        double acc = 0;
        for (std::size_t k = 1; k < a.n_int; ++k) acc += std::norm(hr[k] * hctf[k] * hdc[k]) * (f[k] - f[k - 1]);
        sigma = std::hypot(std::sqrt(2 * a.a_cm_v * a.a_cm_v * acc / a.f_end_hz), sigma);
    }
    return sigma;
}

// The floating receiver-FFE banks of the configuration (N_bg, N_bf, N_f, N_tail_start, bmaxg).
RxFfeBanks rxffe_banks(const ComParams& p) {
    RxFfeBanks b;
    b.n_bg = p.n_bg;
    b.n_bf = p.n_bf;
    b.n_bmax = p.n_bmax;
    b.n_tail_start = p.n_tail_start;
    b.bmaxg = p.bmaxg;
    return b;
}

// Parameters of the MMSE receiver FFE (802.3dj, Annex 178A) for one package case.
MmseSpec mmse_spec(const ComParams& p, double snr_tx_db) {
    MmseSpec s;
    s.cmx = p.rxffe_pre;
    s.cpx = p.rxffe_post;
    s.ndfe = p.ndfe;
    s.levels = p.levels;
    s.M = p.samples_per_ui;
    s.num_ui = p.num_ui_rxff_noise;
    s.fb_hz = p.fb_hz;
    s.r_lm = p.r_lm;
    s.bmax = p.bmax;
    s.bmin = p.bmin;
    s.pre1_max = p.ffe_pre_tap1_max;
    s.post1_max = p.ffe_post_tap1_max;
    s.tapn_max = p.ffe_tapn_max;
    s.snr_tx_db = snr_tx_db;
    s.a_dd_ui = p.a_dd_ui;
    s.sigma_rj_ui = p.sigma_rj_ui;
    s.limit_jitter_to_dfe_span = p.limit_jitter_to_dfe_span;
    if (p.floating_rxffe()) static_cast<RxFfeBanks&>(s) = rxffe_banks(p);
    s.float_by_isi = p.rxffe_float_on_isi();
    if (p.rxffe() && p.ffe_opt_method == "MMSE") s.prepare();
    return s;
}

// Parameters of the FV-LMS receiver FFE (the reference's force and RXFFE_Illegal).
FvLmsSpec fvlms_spec(const ComParams& p) {
    FvLmsSpec s;
    s.cmx = p.rxffe_pre;
    s.cpx = p.rxffe_post;
    s.force_post1 = p.ndfe != 0;
    s.bmax1 = p.ndfe != 0 ? p.bmax[0] : 0.0;
    s.step = p.ffe_tap_step_size;
    s.main_min = p.ffe_main_cursor_min;
    s.pre1_max = p.ffe_pre_tap1_max;
    s.post1_max = p.ffe_post_tap1_max;
    s.tapn_max = p.ffe_tapn_max;
    if (p.floating_rxffe()) {
        static_cast<RxFfeBanks&>(s) = rxffe_banks(p);
        s.float_on_taps = p.rxffe_float_on_taps();
    }
    s.unity_cursor = p.rxffe_unity_cursor;
    s.wiener_hopf = p.ffe_opt_method == "WIENER-HOPF";
    s.ndfe = p.ndfe;
    s.white_snr = !p.wh_colored_noise && !p.wh_xt_noise;
    s.ffe_snr_db = p.wh_ffe_snr_db;
    return s;
}

// The C2M eye's parameters (reference COM_eye_width / get_pdf_full fields).
C2mSpec c2m_spec_of(const ComParams& p) {
    C2mSpec s;
    s.samples = p.samples_for_c2m;
    s.samples_per_ui = p.samples_per_ui;
    s.t_o_mui = p.t_o_mui;
    s.window = p.histogram_window;
    s.ql = p.ql;
    s.levels = p.levels;
    s.r_lm = p.r_lm;
    s.sigma_rj_ui = p.sigma_rj_ui;
    s.a_dd_ui = p.a_dd_ui;
    s.sigma_x = std::sqrt((p.levels * p.levels - 1.0) / (3.0 * (p.levels - 1) * (p.levels - 1)));
    s.der0 = p.der0;
    s.ndfe = p.ndfe;
    s.bmax = p.bmax;
    s.bmin = p.bmin;
    s.dfe_delta = p.dfe_delta;
    return s;
}

}  // namespace

double ComResult::min_com_db() const {
    double m = INFINITY;
    for (const auto& c : cases) m = std::min(m, c.com_db);
    return m;
}

namespace {

// s21_to_impulse of a transfer function of channel `ch`; an error from its data (an
// anti-causal phase: std::runtime_error) names the channel's file.
RVec channel_impulse(const Channel& ch, const CVec& h, const RVec& f, double dt, const ComParams& p,
                     const CausalitySpec& causality, double* trunc_db = nullptr, double* causal_db = nullptr) {
    try {
        return s21_to_impulse(h, f, dt, p.interp_mag, p.interp_phase, p.ir_truncation, trunc_db, causality, causal_db);
    } catch (const std::runtime_error& e) {
        throw std::invalid_argument(ch.name + ": " + e.what());
    }
}

// Fills `res` (the caller's, so that the channel warnings gathered before an input error are
// kept when it is reported).
// sigma_bn: the receiver calibration's BBN rms (V; ComParams::rx_calibration, where fext[0] is
// the noise path and the crosstalk lists are otherwise empty).
void compute_com_impl(const ComParams& p, const Network& thru, const std::vector<Network>& fext,
                      const std::vector<Network>& next, double sigma_bn, ComResult& res, const TdInputs* td = nullptr) {
    const int M = p.samples_per_ui;
    const double ui = 1 / p.fb_hz, dt = ui / M;
    const double sigma_x = std::sqrt((p.levels * p.levels - 1.0) / (3.0 * (p.levels - 1) * (p.levels - 1)));

    // ---- read_s4p_files / read_p4_s4params: differential and mode-conversion terms ----
    std::vector<Channel> chans;
    // ---- TDMODE (read_PR_files, TD_FD_fillin): the pulse with 3 UI of zeros in front, the
    // impulse of its step response, and the frequency grid 0 : 1/max(T) : 1/dt of the noise sums
    auto make_td_channel = [&](const PulseResponse& pr, const std::string& type, double ftr) {
        if (!(std::fabs(pr.dt_s * M * p.fb_hz - 1) < 1e-6))
            throw std::invalid_argument(pr.name + ": the samples are " + num_text(pr.dt_s * 1e12) +
                                        " ps apart; TDMODE needs 1/(M f_b) = " + num_text(dt * 1e12) +
                                        " ps (M = " + std::to_string(M) + ")");
        Channel ch;
        ch.name = pr.name;
        ch.type = type;
        ch.ftr = ftr;
        ch.td_pulse.assign(static_cast<std::size_t>(3 * M), 0.0);
        ch.td_pulse.insert(ch.td_pulse.end(), pr.v.begin(), pr.v.end());
        const std::size_t L = ch.td_pulse.size(), K = L / static_cast<std::size_t>(M);
        // step = filter(kron(ones(1, floor(L/M)), [1 zeros(1, M-1)]), 1, pulse)
        RVec step(L, 0.0);
        for (std::size_t n = 0; n < L; ++n) {
            double acc = 0;
            for (std::size_t j = 0; j < K && j * static_cast<std::size_t>(M) <= n; ++j)
                acc += ch.td_pulse[n - j * static_cast<std::size_t>(M)];
            step[n] = acc;
        }
        // uneq_imp_response = step - circshift(step, 1); its first sample set to the second
        ch.td_imp.resize(L);
        for (std::size_t n = 1; n < L; ++n) ch.td_imp[n] = step[n] - step[n - 1];
        ch.td_imp[0] = L > 1 ? ch.td_imp[1] : 0.0;
        // T = [(0:3M-1) dt; t + 3M dt]; f = 0 : 1/max(T) : 1/dt
        const double t_max = pr.t_s.back() + 3 * M * pr.dt_s;
        const double df = 1 / t_max;
        const std::size_t nfreq = static_cast<std::size_t>(std::floor(t_max / pr.dt_s + 1e-9)) + 1;
        for (std::size_t k = 0; k < nfreq; ++k) ch.f.push_back(static_cast<double>(k) * df);
        if (ch.f.size() < 11) throw std::invalid_argument(pr.name + ": too short a pulse response for COM");
        return ch;
    };
    if (td) {
        chans.push_back(make_td_channel(*td->thru, "THRU", p.fb_hz * p.f_v));
        for (const auto& pr : *td->fext) chans.push_back(make_td_channel(pr, "FEXT", p.fb_hz * p.f_f));
        for (const auto& pr : *td->next) chans.push_back(make_td_channel(pr, "NEXT", p.fb_hz * p.f_n));
        // The reference has no working TDMODE crosstalk: its figure of merit's crosstalk noise
        // (93A-33/34) multiplies a column estimate of each aggressor's SDD21 by H_ctf on the pulse's
        // grid (an outer product), and its MMSE crosstalk PSD reads ctle_imp_response, which its TD
        // path never forms ("structure has no member").
        if (chans.size() > 1)
            throw std::invalid_argument(
                "TDMODE takes the thru pulse only: the reference's TD path has no working crosstalk (its crosstalk "
                "noise needs the aggressors' SDD21, and with the MMSE receiver FFE it stops on a missing field)");
    }
    auto make_channel = [&](const Network& net, const std::string& type, double ftr) {
        Network n = net;
        if (n.ports() != 4) throw std::invalid_argument(net.name + ": COM needs 4-port networks");
        bool renorm = false;
        for (double z : n.z0_ohm) renorm |= z != 50.0;
        if (renorm) n = renormalize(n, {50.0});
        com_detail::apply_port_skew(n, p.port_order, p.port_skew_s);
        MixedModeNetwork mm = to_mixed_mode(n, p.port_order);
        Channel ch;
        ch.name = net.name;
        ch.type = type;
        ch.ftr = ftr;
        ch.f = n.f_hz;
        for (std::size_t k = 0; k < n.points(); ++k) {
            ch.sdd11.push_back(mm.sdd(k, 1, 1));
            ch.sdd12.push_back(mm.sdd(k, 1, 2));
            ch.sdd21.push_back(mm.sdd(k, 2, 1));
            ch.sdd22.push_back(mm.sdd(k, 2, 2));
            ch.sdc11.push_back(mm.sdc(k, 1, 1));
            ch.sdc12.push_back(mm.sdc(k, 1, 2));
            ch.sdc21.push_back(mm.sdc(k, 2, 1));
            ch.sdc22.push_back(mm.sdc(k, 2, 2));
        }
        if (ch.f.size() < 60) throw std::invalid_argument(net.name + ": too few frequency points for COM");
        {
            const CVec* const sdd[2][2] = {{&ch.sdd11, &ch.sdd12}, {&ch.sdd21, &ch.sdd22}};
            com_detail::channel_data_warnings(ch.name, ch.f, sdd, p.fb_hz, res.warnings);
        }
        if (p.include_pcb != 0) ch.brd = add_board(ch, p);  // read_s4p_files: add boards to sdd
        if (!chans.empty()) {
            if (ch.f.size() != chans[0].f.size())
                throw std::invalid_argument(net.name + ": crosstalk file has a different number of frequency points");
            for (std::size_t k = 0; k < ch.f.size(); ++k)
                if (std::fabs(ch.f[k] - chans[0].f[k]) > 1)
                    throw std::invalid_argument(net.name + ": crosstalk file has a different frequency axis");
        }
        return ch;
    };
    if (!td) chans.push_back(make_channel(thru, "THRU", p.fb_hz * p.f_v));
    std::optional<BbnPath> bbn;
    if (p.rx_calibration) {
        // the noise path stands in the reference's FEXT slot (chdata(2), type FEXT: its boards)
        if (fext.size() != 1 || !next.empty())
            throw std::invalid_argument("RX_CALIBRATION needs exactly one noise-path channel and no crosstalk channels");
        const Channel noise = make_channel(fext[0], "FEXT", p.fb_hz * p.f_f);
        try {
            bbn = bbn_path(p.include_pcb != 0 ? noise.brd.s21 : noise.sdd21, noise.f, p);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(fext[0].name + ": " + e.what());
        }
        res.rx_calibration.emplace();
        res.rx_calibration->sigma_bn_v = sigma_bn;
        res.rx_calibration->sigma_hp_v = sigma_bn * bbn->hp_mean;
    } else if (!td) {
        for (const auto& n : fext) chans.push_back(make_channel(n, "FEXT", p.fb_hz * p.f_f));
        for (const auto& n : next) chans.push_back(make_channel(n, "NEXT", p.fb_hz * p.f_n));
    }
    const RVec& f = chans[0].f;
    const std::size_t nf = f.size();

    // ---- FD_Processing (package independent figures): FOM_ILD, ICN, IL at Nyquist ----
    // (TDMODE: none; the reference's GET_FD is false there)
    if (td) {
        res.fom_ild_db = res.icn_mv = res.mdfext_icn_mv = res.mdnext_icn_mv = NAN;
        res.fitted_il_db = res.il_nyquist_db = NAN;
    } else {
        std::size_t i2 = nf - 1, i1 = 0;  // 0-based index_f2, index_f1
        for (std::size_t k = 0; k < nf; ++k)
            if (f[k] >= p.f2_hz) { i2 = k; break; }
        for (std::size_t k = 0; k < nf; ++k)
            if (f[k] <= p.f1_hz) i1 = k;
        const double df = f[10] - f[9];
        RVec ild(nf);
        {
            RVec fit = fitted_il(chans[0].sdd21, f, i1, i2 + 1);
            RVec il(nf);
            for (std::size_t k = 0; k < nf; ++k) il[k] = db20(chans[0].sdd21[k]);
            RVec w = power_weight(chans[0], p);
            double acc = 0;
            for (std::size_t k = i1; k <= i2; ++k) acc += w[k] * std::pow(il[k] - fit[k], 2);
            res.fom_ild_db = std::sqrt(df / (p.f2_hz - p.f1_hz) * acc);  // 93A-56
            if (p.compute_tdiln || p.compute_riln) {  // COMPUTE_TDILN / COMPUTE_RILN (com_iln.cpp)
                const Channel& t = chans[0];
                iln_figures(p, t.name, S2{t.sdd11, t.sdd12, t.sdd21, t.sdd22}, f, i1, i2, w, df, res);
            }
            RVec fit_full = fitted_il(chans[0].sdd21, f, 0, nf);
            for (auto& v : fit_full) v = -v;
            res.fitted_il_db = interp_at(f, fit_full, p.fb_hz / 2);
            for (auto& v : il) v = -v;
            res.il_nyquist_db = interp_at(f, il, p.fb_hz / 2);
            if (p.include_pcb != 0) {  // the reference's loss_with_PCB
                RVec il_brd(nf);
                for (std::size_t k = 0; k < nf; ++k) il_brd[k] = -db20(chans[0].brd.s21[k]);
                res.il_with_pcb_nyquist_db = interp_at(f, il_brd, p.fb_hz / 2);
            }
        }
        RVec md_f(nf, 0), md_n(nf, 0), ps(nf, 0);
        double icn_f = 0, icn_n = 0, icn = 0;
        for (std::size_t c = 1; c < chans.size(); ++c) {
            const bool is_fext = chans[c].type == "FEXT";
            const double aicn = is_fext ? p.a_icn_fext : p.a_icn_next;
            RVec w = power_weight(chans[c], p);
            RVec& md = is_fext ? md_f : md_n;
            double acc = 0, acc_ps = 0;
            for (std::size_t k = 0; k < nf; ++k) {
                const double m2 = std::norm(chans[c].sdd21[k]);
                md[k] = std::sqrt(m2 + md[k] * md[k]);
                ps[k] = std::sqrt(m2 * aicn * aicn + ps[k] * ps[k]);
            }
            for (std::size_t k = i1; k <= i2; ++k) {
                acc += aicn * aicn * w[k] * md[k] * md[k];
                acc_ps += w[k] * ps[k] * ps[k];
            }
            (is_fext ? icn_f : icn_n) = std::sqrt(2 * df / p.f2_hz * acc);
            icn = std::sqrt(2 * df / p.f2_hz * acc_ps);
        }
        res.icn_mv = icn * 1000;
        res.mdfext_icn_mv = icn_f * 1000;
        res.mdnext_icn_mv = icn_n * 1000;
    }

    const CVec hr = rx_filter(f, p);  // H_r (and optional BT / raised cosine)
    // Enforce Causality (reference OP.ENFORCE_CAUSALITY and its tolerances): every
    // s21_to_impulse_DC of COM_FD_to_TD (the channels' SDD21 and the thru's SDC21)
    const CausalitySpec& causality = p.causality;
    for (int pkg_case : p.pkg_len_select) {
        const int ci = pkg_case;
        ComCaseResult cr;
        cr.package_case = pkg_case;
        // ---- packages, VTF, filters (read_s4p_files, s21_pkg, FD_Processing) ----
        // Package models depend on the side, the channel type and the case only: built once.
        const CVec h_pkg_txffe = pkg_txffe_response(f, p, ci);
        std::map<std::string, S2> pkgs;
        auto pkg = [&](bool tx, const std::string& type, bool die) -> const S2& {
            const std::string key = std::string(tx ? "T" : "R") + (tx ? type : "") + (die ? "1" : "0");
            auto it = pkgs.find(key);
            if (it == pkgs.end()) it = pkgs.emplace(key, make_full_pkg(tx, f, p, type, ci, false, die)).first;
            return it->second;
        };
        for (auto& ch : chans) {
            ch.a = ch.type == "THRU" ? p.a_thru[ci - 1] : ch.type == "FEXT" ? p.a_fext[ci - 1] : p.a_next[ci - 1];
            ch.a_icn = ch.type == "THRU" ? ch.a : ch.type == "FEXT" ? p.a_icn_fext : p.a_icn_next;
            ch.delta_f = ch.f[10] - ch.f[9];
            if (td) continue;  // TDMODE: the pulses include whatever packages there are
            ch.vtf = s21_pkg(ch, p, false, true, pkg(true, ch.type, true), pkg(false, ch.type, true));
            if (ch.type == "THRU")  // die-to-die loss is reported for the thru only
                ch.vtf_nodie = s21_pkg(ch, p, false, false, pkg(true, ch.type, false), pkg(false, ch.type, false));
            if (p.include_tx_rx_filter)  // FD_Processing's INCLUDE_FILTER: H_r and the package TX FFE
                for (std::size_t k = 0; k < nf; ++k) ch.vtf[k] *= hr[k] * h_pkg_txffe[k];
        }
        if (td) {
            cr.vtf_loss_db = cr.die_to_die_loss_db = NAN;
        } else {
            RVec l1(nf), l2(nf);
            for (std::size_t k = 0; k < nf; ++k) {
                l1[k] = -db20(chans[0].vtf[k]);
                l2[k] = -db20(chans[0].vtf_nodie[k]);
            }
            cr.vtf_loss_db = interp_at(f, l1, p.fb_hz / 2);
            cr.die_to_die_loss_db = interp_at(f, l2, p.fb_hz / 2);
        }
        // ---- AC common-mode noise (s21_pkg 'dc': TX package in the common mode, halved
        // reference and die impedances; RX package differential) ----
        AccmCase accm;
        double accm_tp0 = 0, accm_rxpkg = 0;
        if (p.accm()) {
            accm.a_cm_v = p.ac_cm_rms_v[ci - 1];
            while (accm.n_int < nf && f[accm.n_int] <= p.accm_max_freq_hz) ++accm.n_int;
            if (accm.n_int == 0)
                throw std::invalid_argument("ACCM_MAX_Freq lies below the first frequency point of the channel data");
            accm.f_end_hz = f[accm.n_int - 1];
            std::map<std::string, S2> dc_tx;
            for (const auto& ch : chans) {
                auto it = dc_tx.find(ch.type);
                if (it == dc_tx.end()) it = dc_tx.emplace(ch.type, make_full_pkg(true, f, p, ch.type, ci, true, true)).first;
                const CVec vtf_dc = s21_pkg(ch, p, true, true, it->second, pkg(false, ch.type, true));
                RVec hdc(accm.n_int);
                for (std::size_t k = 0; k < accm.n_int; ++k) hdc[k] = std::abs(vtf_dc[k]);
                accm.h_dc.push_back(std::move(hdc));
                if (&ch != &chans[0]) continue;
                // sigma_ACCM_at_tp0: H_cc = S21_txpkg (1 - Gamma_tx)/(1 - S11_txpkg Gamma_tx) H_bt,
                // the scope's Bessel-Thomson filter at 0.473037 f_r f_b (reference s21_pkg 'dc')
                const S2& txp = it->second;
                const double gtx = gamma_tx(p, true);  // the common mode, as in s21_pkg
                const CVec hbt = bessel_thomson(f, p.bt_order, 0.473037 * p.f_r * p.fb_hz);
                double acc = 0;
                for (std::size_t k = 1; k < accm.n_int; ++k)
                    acc += std::norm(txp.s21[k] * (1 - gtx) / (1.0 - txp.s11[k] * gtx) * hbt[k]) * (f[k] - f[k - 1]);
                accm_tp0 = std::sqrt(2 * accm.a_cm_v * accm.a_cm_v * acc / accm.f_end_hz);
                // sigma_AC_CCM_at_rxpkg_output: common-to-differential pulse of the thru (COM_FD_to_TD
                // CD_CM_RMS): max over phases of the norm of its UI-spaced samples x sqrt(sigma_X)
                RVec cd = running_sum(channel_impulse(ch, vtf_dc, f, dt, p, causality), M);
                double rss = -INFINITY;
                for (int im = 0; im < M; ++im) {
                    double s2 = 0;
                    for (std::size_t k = static_cast<std::size_t>(im); k < cd.size(); k += static_cast<std::size_t>(M))
                        s2 += (cd[k] * ch.a) * (cd[k] * ch.a);
                    rss = std::max(rss, std::sqrt(s2));
                }
                accm_rxpkg = rss * std::sqrt(sigma_x);
            }
        }
        // ---- COM_FD_to_TD (TDMODE: the given pulse, unscaled; its step-difference impulse) ----
        for (auto& ch : chans) {
            if (td) {
                ch.uneq_imp = ch.td_imp;
                ch.uneq_pulse = ch.td_pulse;
                continue;
            }
            double trunc_db = 0, causal_db = 0;
            ch.uneq_imp = channel_impulse(ch, ch.vtf, f, dt, p, causality, &trunc_db, &causal_db);
            if (causality.enforce) cr.causality_correction_db.push_back(causal_db);
            for (auto& v : ch.uneq_imp) v *= ch.a;
            ch.uneq_pulse = running_sum(ch.uneq_imp, M);
        }
        const double snr_tx = p.snr_tx_db[ci - 1];
        // 802.3dj receiver FFE (178A): MMSE optimisation, or the FV-LMS forcing-vector taps
        // (the reference's optimize_fom: `switch upper(OP.FFE_OPT_METHOD) case 'MMSE' ...
        // otherwise force`)
        const bool mmse_rx = p.rxffe() && p.ffe_opt_method == "MMSE";
        const bool fvlms_rx = p.rxffe() && !mmse_rx;
        // WIENER-HOPF: force's taps from WIENER_HOPF_MMSE; otherwise the FV-LMS path throughout
        const bool wh_rx = fvlms_rx && p.ffe_opt_method == "WIENER-HOPF";
        const bool wh_xt = wh_rx && p.wh_xt_noise && chans.size() > 1;
        if (mmse_rx && (p.ctle_type != "CL120d" || p.f_hp_hz.empty()))
            throw std::invalid_argument("the receiver FFE (MMSE) needs the CL120d CTLE (g_DC_HP, f_HP_PZ)");
        const MmseSpec mspec = mmse_spec(p, snr_tx);
        // FV-LMS: the solver's workspace, cos(2 pi d f / f_b) for the tap autocorrelation lags
        // d < nr of |H_RxFFE|, and per-CTLE / per-candidate buffers (no allocation per candidate)
        std::optional<FvLms> fv;
        const int nr = p.rxffe_pre + p.rxffe_post + 1;  // the fixed taps (phase_memoryRXFFE)
        RVec rx_cos, rx_w, rx_mag, rx_next_w;
        CVec rx_hh;
        if (fvlms_rx) {
            fv.emplace(fvlms_spec(p));
            rx_cos.resize(static_cast<std::size_t>(nr) * nf);
            for (int d = 0; d < nr; ++d)
                for (std::size_t k = 0; k < nf; ++k)
                    rx_cos[static_cast<std::size_t>(d) * nf + k] = std::cos(2.0 * kPi * d * f[k] / p.fb_hz);
            rx_hh.resize(nf);
        }
        // WIENER-HOPF noise autocorrelation grid (the reference's N_fft_by2 = 512 points f_xc from 0
        // to f_b M / 2 and H_r there)
        constexpr std::size_t kWhNfft2 = 512;
        RVec f_xc;
        CVec hr_xc, h_rx_ctle_xc;
        RVec wh_rn_ctle, wh_rn, wh_vs;  // per CTLE: Noise_XC (+ NEXT); per TX FFE: + FEXT; vsampled
        if (wh_rx) {
            for (std::size_t k = 0; k < kWhNfft2; ++k)
                f_xc.push_back(static_cast<double>(k) / kWhNfft2 * p.fb_hz * M / 2);
            hr_xc = rx_filter(f_xc, p);
            h_rx_ctle_xc.resize(kWhNfft2);
        }

        // ---- optimize_fom ----
        const int ntaps = static_cast<int>(p.txffe_taps.size());
        int cur = p.txffe_num_pre + 1;  // 1-based cursor position in the tap vector
        const int cur_start = cur;
        std::vector<int> pre_idx, post_idx;
        {
            bool trig = false;
            for (int kv = 1; kv <= ntaps; ++kv) {
                const auto& t = p.txffe_taps[kv - 1];
                if (!trig && t.size() == 1 && t[0] == 0) {
                    if (kv < cur_start) --cur;
                } else if (kv < cur_start) {
                    trig = true;
                    pre_idx.push_back(kv);
                } else {
                    trig = false;
                    post_idx.push_back(kv);
                }
            }
            if (!post_idx.empty()) {
                const int a = post_idx.front(), b = post_idx.back();
                post_idx.clear();
                for (int k = a; k <= b; ++k) post_idx.push_back(k);
            }
        }
        // Full grid: last tap varies fastest (Full_Grid_Matrix).
        std::vector<std::size_t> lens;
        std::size_t ngrid = 1;
        for (const auto& t : p.txffe_taps) {
            lens.push_back(t.size());
            ngrid *= t.size();
        }
        std::vector<int> sweep;  // txffe_sweep_indices (1-based), longer lists first
        for (int k = 0; k < ntaps; ++k)
            if (lens[k] > 1) sweep.push_back(k + 1);
        std::stable_sort(sweep.begin(), sweep.end(), [&](int a, int b) { return lens[a - 1] > lens[b - 1]; });
        auto grid_index = [&](std::size_t tk, std::vector<int>& idx) {
            idx.assign(ntaps, 1);
            for (int k = ntaps - 1; k >= 0; --k) {
                idx[k] = static_cast<int>(tk % lens[k]) + 1;
                tk /= lens[k];
            }
        };
        auto txffe_of = [&](const std::vector<int>& idx) {
            RVec taps(ntaps);
            double s = 0;
            for (int k = 0; k < ntaps; ++k) {
                taps[k] = p.txffe_taps[k][idx[k] - 1];
                s += std::fabs(taps[k]);
            }
            RVec out;
            for (int k : pre_idx) out.push_back(taps[k - 1]);
            out.push_back(1 - s);
            for (int k : post_idx) out.push_back(taps[k - 1]);
            return std::make_pair(out, 1 - s);
        };

        // Peak search window from the unequalized pulse.
        int init_max = 1;
        for (std::size_t k = 0; k < chans[0].uneq_pulse.size(); ++k)
            if (chans[0].uneq_pulse[k] > chans[0].uneq_pulse[init_max - 1]) init_max = static_cast<int>(k) + 1;
        const int start_max = std::max(1, init_max - 20 * M);
        const int end_max = std::min<int>(static_cast<int>(chans[0].uneq_imp.size()), init_max + 20 * M);

        const bool cl120d = p.ctle_type == "CL120d", cl120e = p.ctle_type == "CL120e";
        const std::size_t n_lf = cl120d ? p.g_dc_hp_db.size() : 1;
        // G_Qual table
        std::vector<std::vector<int>> qual(n_lf, std::vector<int>(p.g_dc_db.size(), 1));
        if (cl120d && !p.gqual.empty()) {
            std::vector<std::size_t> order(p.g2qual.size());
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p.g2qual[a] > p.g2qual[b]; });
            std::vector<std::array<double, 2>> g2, g1;
            for (std::size_t kk = 0; kk < order.size(); ++kk) {
                const double v = p.g2qual[order[kk]];
                g2.push_back(kk == 0 ? std::array<double, 2>{v + kEps, v}
                                     : std::array<double, 2>{p.g2qual[order[kk - 1]], v});
                auto gq = p.gqual[order[kk]];
                std::sort(gq.begin(), gq.end(), std::greater<double>());
                g1.push_back({gq[0], gq[1]});
            }
            for (std::size_t jj = 0; jj < n_lf; ++jj)
                for (std::size_t ii = 0; ii < p.g_dc_db.size(); ++ii) {
                    qual[jj][ii] = 0;
                    for (std::size_t kk = 0; kk < g2.size(); ++kk)
                        if (p.g_dc_hp_db[jj] >= g2[kk][1] && p.g_dc_hp_db[jj] < g2[kk][0] &&
                            p.g_dc_db[ii] >= g1[kk][1] && p.g_dc_db[ii] < g1[kk][0]) {
                            qual[jj][ii] = 1;
                            break;
                        }
                }
        }

        // Crosstalk ICN weights: index_f2 = first f > f_b.
        std::size_t xi2 = nf - 1;
        for (std::size_t k = 0; k < nf; ++k)
            if (f[k] > p.fb_hz) { xi2 = k; break; }
        RVec pwf_data(xi2 + 1);
        for (std::size_t k = 0; k <= xi2; ++k) {
            double ang = (M * dt) * kPi * f[k];
            if (k == 0 && f[0] == 0) ang = 1e-20;
            const double s = std::sin(ang) / ang;
            pwf_data[k] = s * s;
        }
        const bool has_fext = std::any_of(chans.begin(), chans.end(), [](const Channel& c) { return c.type == "FEXT"; });
        const bool has_next = std::any_of(chans.begin(), chans.end(), [](const Channel& c) { return c.type == "NEXT"; });
        double a_last_fext = 0, a_last_next = 0;
        for (const auto& c : chans) {
            if (c.type == "FEXT") a_last_fext = c.a;
            if (c.type == "NEXT") a_last_next = c.a;
        }
        std::vector<RVec> pwf_tx_cache(ngrid);  // |sum_i c_i exp(-j 2 pi (i-cur) f/f_b)| per TX FFE
        // exp(-j 2 pi d f / f_b) per tap offset d (the reference's phase_memory)
        const int ntx_all = static_cast<int>(pre_idx.size() + 1 + post_idx.size());
        std::vector<CVec> phase_memory(ntx_all);
        if (has_fext)
            for (int k = 0; k < ntx_all; ++k) {
                phase_memory[k].resize(xi2 + 1);
                for (std::size_t fk = 0; fk <= xi2; ++fk)
                    phase_memory[k][fk] = std::exp(-kJ * 2.0 * kPi * static_cast<double>(k + 1 - cur) * f[fk] / p.fb_hz);
            }
        // TX FFE grid, precomputed once: tap values and per-tap list indices per grid point.
        std::vector<RVec> grid_txffe(ngrid);
        std::vector<double> grid_c0(ngrid);
        std::vector<std::vector<int>> grid_idx(ngrid);
        for (std::size_t tk = 0; tk < ngrid; ++tk) {
            grid_index(tk, grid_idx[tk]);
            auto pr = txffe_of(grid_idx[tk]);
            grid_txffe[tk] = pr.first;
            grid_c0[tk] = pr.second;
        }
        std::vector<int> tick_range;
        for (int it = p.ts_sample_adj_range[0]; it <= p.ts_sample_adj_range[1]; ++it) tick_range.push_back(it);
        std::vector<std::size_t> tick_order(tick_range.size());
        std::iota(tick_order.begin(), tick_order.end(), 0);
        // TS_SRCH_MODE: `full-sweep` scores the offsets in ascending order; `middle` by |itick|
        if (!p.ts_full_sweep)
            std::stable_sort(tick_order.begin(), tick_order.end(),
                             [&](std::size_t a, std::size_t b) { return std::abs(tick_range[a]) < std::abs(tick_range[b]); });

        Best best;
        RVec bmax_use = p.bmax, bmin_use = p.bmin;
        std::vector<RVec> ctle_imp(chans.size());
        // Which channels the search equalizes per CTLE setting: the thru (chans[0]) always; the
        // aggressors only for the MMSE receiver FFE, whose crosstalk PSD is built from their
        // equalized responses. Elsewhere crosstalk enters the search in the frequency domain
        // (|sdd21 H_ctf| below) and the aggressors' time-domain responses are formed once, at the
        // chosen setting (Apply_EQ), so equalizing them for every setting would be discarded work.
        // WIENER-HOPF with Do_XT_Noise reads them too (its crosstalk autocorrelation).
        const std::size_t n_search_ctle = mmse_rx || wh_xt ? chans.size() : 1;
        // Each of those channels' impulse response truncated after its last sample above
        // ir_truncation x peak, once (it does not depend on the CTLE setting). Optimize_loop_speed_up
        // sets the search's threshold to 1e-3 and its C2M eye bins to 1e-4 V (optimize_fom).
        const double search_truncation = p.optimize_loop_speed_up ? 1e-3 : p.ir_truncation;
        const double search_bin_v = p.optimize_loop_speed_up ? 1e-4 : p.bin_size_v;
        std::vector<RVec> truncated_imp(n_search_ctle);
        // (TDMODE: the search equalizes the pulse itself, optimize_fom's uneq_pulse_response)
        for (std::size_t c = 0; c < n_search_ctle && p.include_ctle; ++c) {
            const RVec& u = td ? chans[c].uneq_pulse : chans[c].uneq_imp;
            const std::size_t last = truncation_end(u, search_truncation);
            truncated_imp[c].assign(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(last));
        }
        std::vector<std::size_t> by_length(n_search_ctle);
        std::iota(by_length.begin(), by_length.end(), std::size_t{0});
        std::stable_sort(by_length.begin(), by_length.end(), [&](std::size_t a, std::size_t b) {
            return truncated_imp[a].size() < truncated_imp[b].size();
        });
        RVec pulse_ctle;
        // C2M (optimize_fom's do_C2M): the figure of merit is the eye of the T_O window, the far
        // cursors and the DFE residuals are read T_O samples (of M per UI) early, and a second
        // pass without the eye-height floor runs when no setting reached Min_VEO_Test.
        const bool c2m_search = p.c2m_search() && !p.rxffe();
        const int t_o_search = c2m_search ? std::max(0, static_cast<int>(std::floor((p.t_o_mui / 1000) * M))) : 0;
        double min_veo_test_v = p.min_veo_test_mv / 1000;
        const C2mSpec c2m_spec = c2m_spec_of(p);
        const double ber_q_c2m = p.noise_crest_factor == 0 ? std::sqrt(2.0) * erfcinv(2 * p.der0) : p.noise_crest_factor;
        for (int c2m_pass = 0; c2m_pass < (c2m_search ? 2 : 1); ++c2m_pass) {
        if (c2m_pass == 1) {
            if (best.found) break;
            min_veo_test_v = 0;
        }
        for (std::size_t ic = 0; ic < p.g_dc_db.size(); ++ic) {
            const double g_dc = p.g_dc_db[ic];
            const double fz = p.f_z_hz[ic], fp1 = p.f_p1_hz[ic], fp2 = p.f_p2_hz[ic];
            for (std::size_t il = 0; il < n_lf; ++il) {
                if (qual[il][ic] == 0) continue;
                const double g_dc_low = cl120d ? p.g_dc_hp_db[il] : 0, f_hp = cl120d ? p.f_hp_hz[il] : 0;
                const CtleResponse ctle(p, ic, il);  // H_ctf(f) of this setting
                CVec hctf(nf);
                for (std::size_t k = 0; k < nf; ++k) hctf[k] = ctle.at(f[k]);
                // receiver calibration: the BBN at the slicer for this CTLE (93A-48)
                const double sigma_ne = bbn ? bbn->sigma_ne(sigma_bn, hctf) : 0.0;
                if (!p.include_ctle) {
                    for (std::size_t c = 0; c < n_search_ctle; ++c) ctle_imp[c] = td ? chans[c].uneq_pulse : chans[c].uneq_imp;
                } else if (cl120d || cl120e) {
                    const CtleBiquad s1 = ctle_biquad(p.fb_hz, fz, fp1, fp2, g_dc, M);
                    const CtleBiquad s2 =
                        cl120d ? ctle_biquad(p.fb_hz, f_hp, f_hp, 100e100, g_dc_low, M)
                               : ctle_biquad(p.fb_hz, p.f_hp_z_hz[ic], p.f_hp_p_hz[ic], 100e100, 0, M);
                    // four channels of similar length per pass (td_ctle_cascade_group)
                    for (std::size_t g = 0; g < by_length.size(); g += 4) {
                        std::vector<const RVec*> in;
                        std::vector<RVec*> out;
                        for (std::size_t k = g; k < std::min(g + 4, by_length.size()); ++k) {
                            in.push_back(&truncated_imp[by_length[k]]);
                            out.push_back(&ctle_imp[by_length[k]]);
                        }
                        td_ctle_cascade_group(in, out, s1, s2);
                    }
                } else {
                    for (std::size_t c = 0; c < n_search_ctle; ++c)
                        ctle_imp[c] = td_ctle(truncated_imp[c], p.fb_hz, fz, fp1, fp2, g_dc, M);
                }
                // sigma_N (93A-35)
                double sn = 0;
                for (std::size_t k = 1; k < nf; ++k)
                    sn += std::norm(hr[k] * hctf[k]) * (f[k] - f[k - 1]) / 1e9;
                double sigma_n = std::sqrt(p.eta0_v2_per_ghz * sn);
                // AC common-mode noise joins sigma_N (get_sigma_eta_ACCM_noise)
                const double sigma_accm_ctle = p.accm() ? sigma_accm(accm, f, hr, hctf) : 0.0;
                if (p.accm()) sigma_n = std::hypot(sigma_n, sigma_accm_ctle);
                if (fvlms_rx) {
                    // FV-LMS: sigma_N through the RxFFE, sum |H_r H_ctf H_RxFFE|^2 df (the
                    // reference overwrites sigma_N, dropping the AC common-mode part)
                    for (std::size_t k = 0; k < nf; ++k) rx_hh[k] = hr[k] * hctf[k];
                    rx_noise_weights(rx_hh, f, rx_cos, nr, rx_w);
                }
                if (p.gdc_min_db != 0 && g_dc + (cl120d ? g_dc_low : 0) > p.gdc_min_db) continue;
                if (wh_rx) {
                    // WIENER-HOPF: R_n (Noise_XC of H_r H_ctf on f_xc) and the NEXT part of R_xt,
                    // lags 0 .. num_taps-1, once per CTLE setting; the FEXT part per TX FFE.
                    const int nt = fv->spec().num_taps();
                    wh_rn_ctle.assign(static_cast<std::size_t>(nt), 0.0);
                    if (p.wh_colored_noise) {
                        // (WIENER-HOPF needs CL120d or CL120e: com_config refuses Clause 93)
                        for (std::size_t k = 0; k < kWhNfft2; ++k) h_rx_ctle_xc[k] = hr_xc[k] * ctle.at(f_xc[k]);
                        const RVec nxc = wh_noise_xc(h_rx_ctle_xc, p.eta0_v2_per_ghz, f_xc.back(), M, p.wh_white_noise);
                        for (std::size_t k = 0; k < nxc.size() && k < wh_rn_ctle.size(); ++k) wh_rn_ctle[k] = nxc[k];
                    }
                    if (wh_xt)
                        for (std::size_t c = 1; c < chans.size(); ++c)
                            if (chans[c].type == "NEXT")
                                wh_xt_autocorr(ctle_imp[c], false, {}, p.rxffe_pre, M, p.levels, wh_rn_ctle);
                }
                // 802.3dj MMSE: receiver noise PSD once per CTLE setting (get_PSDs, WO_TXFFE),
                // transmitter noise PSD per sampling phase (cached), crosstalk PSD per TX FFE.
                RVec rn_rn;  // R_n parts of the noise PSDs (see the MMSE branch below)
                std::vector<RVec> s_tn_by_phase(mmse_rx ? M : 0);
                std::vector<const RVec*> aggr;
                std::vector<bool> aggr_next;
                std::optional<XtalkNoise> xtalk;  // crosstalk part of R_n for this CTLE setting
                RVec s_rn;   // S_rn itself, kept for MLSE = 3
                if (mmse_rx) {
                    s_rn = psd_rn(mspec, p.f_z_hz[0], p.f_p1_hz[0], p.f_p2_hz[0], p.f_hp_hz[0], g_dc, g_dc_low, p.f_r,
                                  p.eta0_v2_per_ghz);
                    rn_rn = noise_autocorr(mspec, s_rn);
                    for (std::size_t c = 1; c < chans.size(); ++c) {
                        aggr.push_back(&ctle_imp[c]);
                        aggr_next.push_back(chans[c].type == "NEXT");
                    }
                    xtalk.emplace(mspec, aggr, aggr_next, static_cast<int>(pre_idx.size() + 1 + post_idx.size()));
                }
                // crosstalk: power sums of |sdd21 H_ctf| per type, weighted by sinc^2
                RVec wf(xi2 + 1, 0.0);
                double next_sum = 0;
                {
                    RVec mdf2(xi2 + 1, 0.0), mdn2(xi2 + 1, 0.0);
                    for (const auto& ch : chans) {
                        if (ch.type == "THRU") continue;
                        RVec& md = ch.type == "FEXT" ? mdf2 : mdn2;
                        for (std::size_t k = 0; k <= xi2; ++k) md[k] += std::norm(ch.vtf[k] * hctf[k]);
                    }
                    for (std::size_t k = 0; k <= xi2; ++k) {
                        wf[k] = pwf_data[k] * mdf2[k];
                        next_sum += pwf_data[k] * mdn2[k];
                    }
                    if (fvlms_rx && has_next) {
                        rx_next_w.resize(xi2 + 1);
                        for (std::size_t k = 0; k <= xi2; ++k) rx_next_w[k] = pwf_data[k] * mdn2[k];
                    }
                }
                const double icn_next = has_next ? std::sqrt(2 * chans[0].delta_f / p.f2_hz * a_last_next * a_last_next * next_sum) : 0;
                // pulse of the CTLE output and the per-tap circular shifts
                pulse_ctle = td ? ctle_imp[0] : running_sum(ctle_imp[0], M);
                const long np = static_cast<long>(pulse_ctle.size());
                const int num_pre = cur - 1;
                const int ntx = static_cast<int>(pre_idx.size() + 1 + post_idx.size());
                std::vector<long> shifts(ntx);
                for (int k = 0; k < ntx; ++k) {
                    long s = static_cast<long>(k - num_pre) * M % np;
                    if (s < 0) s += np;
                    shifts[k] = s;
                }
                RVec sbr(np);
                std::vector<unsigned> stamp(np, 0);
                unsigned gen = 0;
                std::vector<std::pair<double, long>> ub;
                // pulse decimated by phase: dec[r][q] = pulse[r + q M] (0-based)
                std::vector<RVec> dec(M);
                for (int r = 0; r < M; ++r)
                    for (long i = r; i < np; i += M) dec[r].push_back(pulse_ctle[i]);
                RVec seq_a, seq_b;
                const long nblk = (np + M - 1) / M;
                RVec bmax_blk(nblk, -INFINITY), bmin_blk(nblk, INFINITY);
                for (long i = 0; i < np; ++i) {
                    bmax_blk[i / M] = std::max(bmax_blk[i / M], pulse_ctle[i]);
                    bmin_blk[i / M] = std::min(bmin_blk[i / M], pulse_ctle[i]);
                }
                for (std::size_t tk = 0; tk < ngrid; ++tk) {
                    if (grid_c0[tk] < p.c0_min) continue;
                    const std::vector<int>& txidx = grid_idx[tk];
                    const RVec& txffe = grid_txffe[tk];
                    bool wh_rn_ready = false;  // WIENER-HOPF: R_n + R_xt for this TX FFE formed
                    bool skip = false;
                    if (p.local_search > 0 && best.found) {
                        for (int kv : sweep) {
                            const int prev = kv == 1 ? static_cast<int>(il) + 1 : txidx[kv - 2];
                            if (prev > 1 && std::abs(txidx[kv - 1] - best.tx_index[kv - 1]) > p.local_search) {
                                skip = true;
                                break;
                            }
                        }
                        if (!skip && ic > 0 && std::abs(static_cast<int>(il) - best.glp) > p.local_search) skip = true;
                    }
                    if (skip) continue;
                    // sbr = sum_k c_k circshift(pulse, (k - num_pre) M) (FFE_Fast). Only the
                    // samples the search reads are formed: a window around the peak search
                    // range, and single samples on demand elsewhere.
                    auto sbr_at = [&](long i1) {
                        double v = 0;
                        for (int k = 0; k < ntx; ++k) {
                            if (txffe[k] == 0) continue;
                            long src = (i1 - 1) - shifts[k];
                            if (src < 0) src += np;
                            v = pulse_ctle[src] * txffe[k] + v;
                        }
                        return v;
                    };
                    // Samples lo, lo+M, ... (count of them, 1-based lo) for one phase, tap by tap
                    // on the decimated pulse (vectorizable); same summation order as sbr_at.
                    auto phase_seq = [&](long lo, long count, RVec& out) {
                        out.assign(static_cast<std::size_t>(std::max<long>(count, 0)), 0.0);
                        if (count <= 0) return;
                        const long r = (lo - 1) % M, j0 = (lo - 1) / M;
                        const RVec& dr = dec[r];
                        const long len = static_cast<long>(dr.size());
                        for (int k = 0; k < ntx; ++k) {
                            if (txffe[k] == 0) continue;
                            const double ck = txffe[k];
                            const long d = k - num_pre;
                            const long ta = std::clamp<long>(d - j0, 0, count), tb = std::clamp<long>(len + d - j0, ta, count);
                            auto wrapped = [&](long t) {
                                long src = (lo - 1 + t * M) - shifts[k];
                                src %= np;
                                if (src < 0) src += np;
                                out[t] = pulse_ctle[src] * ck + out[t];
                            };
                            for (long t = 0; t < ta; ++t) wrapped(t);
                            double* __restrict o = out.data();
                            const double* __restrict in = dr.data() + (j0 - d);
                            for (long t = ta; t < tb; ++t) o[t] = in[t] * ck + o[t];
                            for (long t = tb; t < count; ++t) wrapped(t);
                        }
                    };
                    // Samples are formed on demand and cached for this TX FFE setting (stamp).
                    ++gen;
                    auto S = [&](long i1) {
                        if (stamp[i1 - 1] != gen) {
                            stamp[i1 - 1] = gen;
                            sbr[i1 - 1] = sbr_at(i1);
                        }
                        return sbr[i1 - 1];
                    };
                    // Forms samples lo..hi (1-based) tap by tap (vectorizable), in the same
                    // summation order as sbr_at.
                    auto fill_range = [&](long lo, long hi) {
                        lo = std::max<long>(lo, 1);
                        hi = std::min<long>(hi, np);
                        if (lo > hi) return;
                        std::fill(sbr.begin() + (lo - 1), sbr.begin() + hi, 0.0);
                        for (int k = 0; k < ntx; ++k) {
                            if (txffe[k] == 0) continue;
                            const double ck = txffe[k];
                            long i = lo - 1;
                            while (i < hi) {
                                long src = i - shifts[k];
                                if (src < 0) src += np;
                                const long run = std::min<long>(hi - i, np - src);
                                double* __restrict out = sbr.data() + i;
                                const double* __restrict in = pulse_ctle.data() + src;
                                for (long j = 0; j < run; ++j) out[j] = in[j] * ck + out[j];
                                i += run;
                            }
                        }
                        std::fill(stamp.begin() + (lo - 1), stamp.begin() + hi, gen);
                    };
                    // Peak over [start_max, end_max] (first index of the maximum, as max()):
                    // M-aligned blocks are visited by decreasing upper bound (from the block
                    // extrema of the shifted pulses) until no block can hold a larger value.
                    int peak_i = start_max;
                    double maxv = -INFINITY;
                    {
                        const long hi = std::min<long>(end_max, np);
                        const long j0 = (start_max - 1) / M, j1 = (hi - 1) / M;
                        ub.clear();
                        for (long j = j0; j <= j1; ++j) {
                            double u = 0;
                            bool exact = true;
                            for (int k = 0; k < ntx; ++k) {
                                if (txffe[k] == 0) continue;
                                const long d = static_cast<long>(k - num_pre);  // shift in UI
                                const long sb = j - d;                          // source block
                                if (sb < 0 || (sb + 1) * M > np) { exact = false; break; }
                                u = txffe[k] > 0 ? u + txffe[k] * bmax_blk[sb] : u + txffe[k] * bmin_blk[sb];
                            }
                            ub.emplace_back(exact ? u + std::fabs(u) * 1e-12 + 1e-300 : INFINITY, j);
                        }
                        // The block with the largest bound first, then every block whose bound
                        // reaches the running maximum (the tie rule makes the order irrelevant).
                        auto visit = [&](long j) {
                            const long lo_i = std::max<long>(start_max, j * M + 1), hi_i = std::min<long>(hi, (j + 1) * M);
                            fill_range(lo_i, hi_i);
                            for (long i = lo_i; i <= hi_i; ++i) {
                                const double v = sbr[i - 1];
                                if (v > maxv || (v == maxv && i < peak_i)) {
                                    maxv = v;
                                    peak_i = static_cast<int>(i);
                                }
                            }
                        };
                        std::size_t top = 0;
                        for (std::size_t b = 1; b < ub.size(); ++b)
                            if (ub[b].first > ub[top].first) top = b;
                        visit(ub[top].second);
                        for (std::size_t b = 0; b < ub.size(); ++b)
                            if (b != top && ub[b].first >= maxv) visit(ub[b].second);
                    }
                    int cursor_i = 0;
                    if (p.ts_anchor == 0) {
                        const int s0 = std::max(1, peak_i - 4 * M);
                        int zxi = -1;
                        // last up-crossing of 1 % of the peak before the peak: scan backwards
                        fill_range(std::max<long>(s0, peak_i - M), peak_i);
                        for (int i = peak_i - 1; i >= s0; --i) {
                            if (stamp[i - 1] != gen) fill_range(std::max<long>(s0, i - M + 1), i);
                            if (sign(S(i + 1) - 0.01 * maxv) - sign(S(i) - 0.01 * maxv) >= 1) {
                                zxi = i;
                                break;
                            }
                        }
                        if (zxi < 0) continue;
                        fill_range(zxi - M, zxi + 3 * M);
                        const double dfe1 = p.ndfe == 0 ? 0 : p.bmax[0];
                        double best_m = INFINITY;
                        int off = 0;
                        for (int r = 0; r <= 2 * M; ++r) {
                            const long i = zxi + r;
                            double mval;
                            if (p.cdr == "Mod-MM")
                                mval = std::fabs(S(i + M) - dfe1 * S(i));
                            else
                                mval = std::fabs(S(i - M) - std::max(S(i + M) - dfe1 * S(i), 0.0));
                            if (mval < best_m) {
                                best_m = mval;
                                off = r;
                            }
                        }
                        cursor_i = zxi + off;
                    } else if (p.ts_anchor == 1) {
                        cursor_i = peak_i;
                    } else {
                        double bestd = -INFINITY;
                        int d_idx = 0;
                        for (int k = 0; k <= 2 * M; ++k) {
                            const double d = S(peak_i - M + k) - S(peak_i - 2 * M + k);
                            if (d > bestd) {
                                bestd = d;
                                d_idx = k;
                            }
                        }
                        cursor_i = peak_i - M + d_idx;
                    }
                    const int raw_cursor = cursor_i;
                    RVec rn_xn;
                    std::vector<int> xn_iphase;
                    bool full_sbr = false;
                    // itick loop over the sample adjustments (ascending, or by |itick| for the middle search)
                    const std::vector<int>& range = tick_range;
                    const std::vector<std::size_t>& order = tick_order;
                    double bpos = -INFINITY, bneg = -INFINITY;
                    int bpos_it = 0, bneg_it = 0;
                    // A candidate scored `fom`: the Local Search bookkeeping, then, when it beats
                    // the best so far, the setting is recorded (the caller adds its branch's figures).
                    auto improves = [&](int itick, double fom) {
                        if (itick >= 0 && fom > bpos) { bpos = fom; bpos_it = itick; }
                        if (itick <= 0 && fom > bneg) { bneg = fom; bneg_it = itick; }
                        if (!(fom > best.fom)) return false;
                        best.found = true;
                        best.fom = fom;
                        best.txffe = txffe;
                        best.tx_index = txidx;
                        best.ctle = static_cast<int>(ic);
                        best.glp = static_cast<int>(il);
                        best.cursor_i = cursor_i;
                        best.sigma_n = sigma_n;
                        best.sigma_accm = sigma_accm_ctle;
                        best.cur = cur;
                        return true;
                    };
                    for (std::size_t oi : order) {
                        const int itick = range[oi];
                        cursor_i = raw_cursor + itick;
                        if (!p.ts_full_sweep && p.local_search > 0) {
                            if (itick >= 0 && !std::isinf(bpos) && std::abs(bpos_it - itick) >= p.local_search) continue;
                            if (itick <= 0 && !std::isinf(bneg) && std::abs(bneg_it - itick) >= p.local_search) continue;
                        }
                        if (mmse_rx) {
                            // optimize_fom, MMSE branch: S_n = S_rn + S_tn + S_xn + S_jn
                            // (get_PSDs), MMSE RxFFE/DFE and its figure of merit.
                            if (!full_sbr) {
                                fill_range(1, np);
                                full_sbr = true;
                                rn_xn = xtalk->autocorr(txffe, &xn_iphase);
                            }
                            // R_n is linear in S_n: the parts of S_rn (per CTLE), S_tn (per
                            // sampling phase) and S_xn (per TX FFE) are formed once; S_jn's
                            // directly as the autocorrelation of h_J.
                            RVec& rn_tn = s_tn_by_phase[static_cast<std::size_t>(cursor_i % M)];
                            if (rn_tn.empty()) rn_tn = noise_autocorr(mspec, psd_tn(mspec, pulse_ctle, cursor_i, nullptr));
                            const RVec rn_jn = jitter_autocorr(mspec, sbr, cursor_i);
                            RVec rn(rn_rn.size());
                            for (std::size_t k = 0; k < rn.size(); ++k) rn[k] = rn_rn[k] + rn_tn[k] + rn_xn[k] + rn_jn[k];
                            RxffeEval ev = evaluate_rxffe(p, mspec, sbr, cursor_i, peak_i, rn);
                            const double fom = ev.mmse.fom_db;
                            if (improves(itick, fom)) {
                                rxffe_details(p, mspec, sbr, cursor_i, ev);
                                best.a_s = ev.a_s;
                                best.a_p = ev.a_p;
                                best.isi_n = ev.isi_n;
                                best.h_j = ev.h_j;
                                best.dfetaps = ev.dfetaps;
                                best.bmax = ev.bmax;
                                best.bmin = ev.bmin;
                                best.tail_rss = ev.tail_rss;
                                best.sigma_isi = ev.sigma_isi;
                                best.sigma_j = ev.sigma_j;
                                best.sigma_xt = 0;  // not formed in the MMSE branch (S_xn is)
                                best.sigma_tx = 0;
                                best.rxffe = ev.mmse.c;
                                best.floating = ev.mmse.floating;
                                best.iphase = xn_iphase;
                                best.rn_rn = rn_rn;
                                best.rn_tn = rn_tn;
                                // S_rj_jn = sigma_X^2 sigma_RJ^2 |fft(h_J)|^2 / f_b: the sigma_RJ part of S_jn
                                const double jvar = p.a_dd_ui * p.a_dd_ui + p.sigma_rj_ui * p.sigma_rj_ui;
                                best.rn_rj = rn_jn;
                                for (double& v : best.rn_rj) v = jvar > 0 ? v * (p.sigma_rj_ui * p.sigma_rj_ui / jvar) : 0.0;
                                if (p.mlse == 3) {
                                    // the PSDs themselves (get_PSDs): MLSE_U1_c needs every lag of S_n
                                    best.psd_n = s_rn;
                                    const RVec tn = psd_tn(mspec, pulse_ctle, cursor_i, nullptr);
                                    const RVec xn = psd_xn(mspec, aggr, aggr_next, txffe, nullptr);
                                    const RVec jn = psd_jn(mspec, sbr, cursor_i);
                                    for (std::size_t k = 0; k < best.psd_n.size(); ++k) best.psd_n[k] += tn[k] + xn[k] + jn[k];
                                }
                            }
                            continue;
                        }
                        if (wh_rx) {
                            // force with WIENER-HOPF: WIENER_HOPF_MMSE on vsampled (every pulse
                            // sample at the cursor phase, zero-padded), then as FV-LMS.
                            if (!full_sbr) {
                                fill_range(1, np);
                                full_sbr = true;
                            }
                            if (cursor_i < 1) continue;
                            const int nt = fv->spec().num_taps();
                            if (!wh_rn_ready) {
                                wh_rn_ready = true;
                                wh_rn = wh_rn_ctle;
                                if (wh_xt)
                                    for (std::size_t c = 1; c < chans.size(); ++c)
                                        if (chans[c].type == "FEXT")
                                            wh_xt_autocorr(ctle_imp[c], true, txffe, p.rxffe_pre, M, p.levels, wh_rn);
                                if (fv->spec().white_snr) wh_rn.clear();
                            }
                            wh_vs.assign(static_cast<std::size_t>(nt), 0.0);
                            for (long i = (cursor_i - 1) % M; i < np; i += M) wh_vs.push_back(sbr[static_cast<std::size_t>(i)]);
                            wh_vs.resize(wh_vs.size() + static_cast<std::size_t>(fv->spec().solved_post()), 0.0);
                            // ivs: the first sample equal to V(ix) (the largest one past the pulse end)
                            long ivs = 0;
                            if (cursor_i < np) {
                                const double v_ix = sbr[static_cast<std::size_t>(cursor_i - 1)];
                                const long last = static_cast<long>(wh_vs.size()) - 1;
                                while (ivs < last && wh_vs[static_cast<std::size_t>(ivs)] != v_ix) ++ivs;
                            } else {
                                for (long k = 1; k < static_cast<long>(wh_vs.size()); ++k)
                                    if (wh_vs[static_cast<std::size_t>(k)] > wh_vs[static_cast<std::size_t>(ivs)]) ivs = k;
                            }
                            if (!fv->solve_wh(wh_vs, ivs, wh_rn)) continue;
                        } else if (fvlms_rx) {
                            // optimize_fom, FV-LMS branch: force (taps from the forcing vector),
                            // RXFFE_Illegal, then sbr = FFE(C, RxFFE_cmx, M, sbr); the rest is the
                            // classic 93A-36 path on the equalized pulse.
                            const int nt = fv->spec().num_taps();
                            double* hs = fv->samples();
                            for (int m = -(nt - 1); m <= nt - 1; ++m) {
                                const long i = cursor_i + static_cast<long>(m) * M;
                                hs[m + nt - 1] = i >= 1 && i <= np ? S(i) : 0.0;
                            }
                            if (!fv->solve_samples(hs)) continue;
                            if (!full_sbr) {
                                fill_range(1, np);
                                full_sbr = true;
                            }
                        }
                        // Samples of the pulse the figure of merit reads: with FV-LMS through the
                        // RxFFE (circular, as FFE; same summation order), else the TX FFE pulse.
                        const RVec& rxc = fvlms_rx ? fv->c() : sbr;
                        auto Sx = [&](long i1) {
                            if (!fvlms_rx) return S(i1);
                            double v = 0;
                            for (std::size_t k = 0; k < rxc.size(); ++k) {
                                if (rxc[k] == 0) continue;
                                long src = ((i1 - 1) - (static_cast<long>(k) - p.rxffe_pre) * M) % np;
                                if (src < 0) src += np;
                                v = sbr[static_cast<std::size_t>(src)] * rxc[k] + v;
                            }
                            return v;
                        };
                        auto seqx = [&](long lo, long count, RVec& out) {
                            if (!fvlms_rx) return phase_seq(lo, count, out);
                            out.assign(static_cast<std::size_t>(std::max<long>(count, 0)), 0.0);
                            for (std::size_t k = 0; k < rxc.size(); ++k) {
                                if (rxc[k] == 0) continue;
                                const double ck = rxc[k];
                                long src = ((lo - 1) - (static_cast<long>(k) - p.rxffe_pre) * M) % np;
                                if (src < 0) src += np;
                                double* o = out.data();
                                const double* in = sbr.data();
                                for (long t = 0; t < count; ++t) {
                                    o[t] = in[src] * ck + o[t];
                                    src += M;
                                    if (src >= np) src -= np;
                                }
                            }
                        };
                        const double cursor = Sx(cursor_i);
                        const double a_p = Sx(peak_i);
                        const double a_s = p.r_lm * cursor / (p.levels - 1);  // 93A.1.6 c
                        const int ndfe = p.floating_dfe() ? p.n_bmax : p.ndfe;  // Floating_DFE: ndfe = N_bmax
                        // far cursors, precursors (93A-27 "otherwise" case)
                        double far2 = 0, pre2 = 0;
                        // The bound below only grows with more terms, so a partial sum that
                        // already fails it decides the same as the full sum (exact shortcut).
                        auto hopeless = [&](double partial) {
                            return 20 * std::log10(a_s / (sigma_x * std::sqrt(partial))) < best.fom;
                        };
                        bool skip_isi = false;
                        int nterm = 0;
                        {
                            const long f0 = cursor_i - t_o_search + static_cast<long>(M) * (ndfe + 1);
                            seqx(f0, f0 <= np ? (np - f0) / M + 1 : 0, seq_a);
                            for (double v : seq_a) {
                                far2 += v * v;
                                if ((++nterm & 15) == 0 && hopeless(far2)) { skip_isi = true; break; }
                            }
                            if (skip_isi) continue;
                            const long npre = (cursor_i - 1) / M;  // samples cursor_i - M, ..., >= 1
                            seqx(cursor_i - M * npre, npre, seq_b);
                            for (long t = npre - 1; t >= 0; --t) {  // nearest precursor first
                                pre2 += seq_b[t] * seq_b[t];
                                if ((++nterm & 15) == 0 && hopeless(pre2 + far2)) { skip_isi = true; break; }
                            }
                            if (skip_isi) continue;
                        }
                        const double sig_isi_ignore = sigma_x * std::sqrt(pre2 + far2);
                        if (20 * std::log10(a_s / sig_isi_ignore) < best.fom) continue;
                        RVec dfec(ndfe), act(ndfe);
                        for (int n = 1; n <= ndfe; ++n) {
                            const long i = cursor_i + static_cast<long>(M) * n;
                            dfec[n - 1] = i <= np ? Sx(i) : 0.0;
                        }
                        RVec dfeq = dfec;
                        if (p.dfe_delta != 0)
                            for (int n = 0; n < ndfe; ++n)
                                dfeq[n] = std::floor(std::fabs(dfec[n] / cursor) / p.dfe_delta) * p.dfe_delta *
                                          sign(dfec[n]) * cursor;
                        RVec ubmax = p.bmax, ubmin = p.bmin;
                        std::vector<int> floating;
                        if (p.floating_dfe()) {
                            // floatingDFE: N_bg banks of N_bf taps placed by findbankloc over the
                            // postcursors beyond N_b, each limited to bmaxg.
                            RVec post;
                            for (long i = cursor_i + M; i <= np; i += M) post.push_back(S(i));
                            floating = findbankloc(post, p.ndfe + 1, p.n_bmax, p.n_bf, cursor, p.bmaxg, p.n_bg);
                            RVec bf(post.size(), 0.0);
                            for (int loc : floating) bf[static_cast<std::size_t>(loc - 1)] = p.bmaxg;
                            std::sort(floating.begin(), floating.end());
                            for (int n = p.ndfe; n < p.n_bmax; ++n) {
                                const double g = static_cast<std::size_t>(n) < bf.size() ? bf[static_cast<std::size_t>(n)] : 0.0;
                                ubmax.push_back(g);
                                ubmin.push_back(-g);
                            }
                        }
                        auto clip = [&]() {
                            for (int n = 0; n < ndfe; ++n) {
                                const double hi = cursor * ubmax[n], lo = cursor * ubmin[n];
                                double v = dfeq[n];
                                if (v > hi) v = hi;
                                if (v < lo) v = lo;
                                act[n] = v;
                            }
                        };
                        clip();
                        RVec taps(ndfe);
                        for (int n = 0; n < ndfe; ++n) taps[n] = act[n] / cursor;
                        double tail_rss = 0;
                        if (ndfe >= p.n_tail_start && p.n_tail_start != 0) {
                            double t2 = 0;
                            for (int n = p.n_tail_start - 1; n < ndfe; ++n) t2 += taps[n] * taps[n];
                            tail_rss = std::sqrt(t2);
                            if (tail_rss != 0 && tail_rss >= p.b_float_rss_max)
                                for (int n = p.n_tail_start - 1; n < ndfe; ++n) {
                                    const double sg = sign(taps[n]);
                                    ubmax[n] = std::min(tail_rss, p.b_float_rss_max) * sg * taps[n] / tail_rss;
                                    ubmin[n] = std::min(tail_rss, p.b_float_rss_max) * -1 * sg * taps[n] / tail_rss;
                                }
                            clip();
                            for (int n = 0; n < ndfe; ++n) taps[n] = act[n] / cursor;
                        }
                        double exc2 = 0;
                        if (c2m_search) {
                            // dfecursors_windowed: the postcursors T_O samples before the DFE's
                            for (int n = 1; n <= ndfe; ++n) {
                                const long i = cursor_i - t_o_search + static_cast<long>(M) * n;
                                dfec[n - 1] = i <= np ? Sx(i) : 0.0;
                            }
                        }
                        for (int n = 0; n < ndfe; ++n) exc2 += (dfec[n] - act[n]) * (dfec[n] - act[n]);
                        // h_J (93A-28)
                        RVec hj;
                        if (p.limit_jitter_to_dfe_span) {
                            hj = jitter_over_dfe_span(cursor_i, ndfe, M, np, Sx);
                        } else {
                            long so = cursor_i % M;
                            if (so <= 1) so += M;
                            const long nl = so + 1 <= np ? (np - (so + 1)) / M + 1 : 0;
                            seqx(so + 1, nl, seq_a);
                            seqx(so - 1, nl, seq_b);
                            for (long k = 0; k < nl; ++k) hj.push_back((seq_a[k] - seq_b[k]) / 2 * M);
                        }
                        const double sigma_tx = sigma_tx_9330(p, a_s, txffe[static_cast<std::size_t>(num_pre)], snr_tx);
                        const double sigma_isi = sigma_x * std::sqrt(pre2 + exc2 + far2);                    // 93A-31
                        const double isi_n = sigma_x * std::sqrt(far2);
                        if (p.exe_mode == 1 && 20 * std::log10(a_s / sigma_isi) < best.fom) continue;
                        if (p.exe_mode == 2 && 20 * std::log10(a_s / sigma_isi) < best.fom) break;
                        double hj2 = 0;
                        for (double v : hj) hj2 += v * v;
                        const double sigma_j = std::hypot(p.a_dd_ui, p.sigma_rj_ui) * sigma_x * std::sqrt(hj2);  // 93A-32
                        // FV-LMS: sigma_N and the crosstalk weights through the RxFFE (the
                        // reference's H_Rx_FFE and get_xtlk_noise's PWF_rx)
                        double sigma_n_c = sigma_n, icn_next_c = icn_next;
                        if (fvlms_rx) {
                            sigma_n_c = std::sqrt(p.eta0_v2_per_ghz * rxffe_noise_gain(rxc, nr, rx_w));
                            if (has_fext || has_next) rxffe_magnitude(rxc, nr, rx_cos, nf, xi2 + 1, rx_mag);
                            if (has_next) {
                                double acc = 0;
                                for (std::size_t fk = 0; fk <= xi2; ++fk) acc += rx_next_w[fk] * rx_mag[fk];
                                icn_next_c = std::sqrt(2 * chans[0].delta_f / p.f2_hz * a_last_next * a_last_next * acc);
                            }
                        }
                        // crosstalk (get_xtlk_noise with the TX FFE)
                        double icn_fext = 0;
                        if (has_fext) {
                            RVec& pw = pwf_tx_cache[tk];
                            if (pw.empty()) {
                                pw.resize(xi2 + 1);
                                int icur = 0;
                                for (int k = 1; k < ntx; ++k)
                                    if (txffe[k] > txffe[icur]) icur = k;
                                CVec acc(xi2 + 1, cplx(0, 0));
                                for (int k = 0; k < ntx; ++k) {
                                    if (txffe[k] == 0) continue;
                                    if (k == icur) {
                                        for (std::size_t fk = 0; fk <= xi2; ++fk) acc[fk] += txffe[k];
                                    } else {
                                        const CVec& ph = phase_memory[k];
                                        for (std::size_t fk = 0; fk <= xi2; ++fk) acc[fk] += txffe[k] * ph[fk];
                                    }
                                }
                                for (std::size_t fk = 0; fk <= xi2; ++fk) pw[fk] = std::abs(acc[fk]);
                            }
                            double acc = 0;
                            if (fvlms_rx)
                                for (std::size_t fk = 0; fk <= xi2; ++fk) acc += wf[fk] * pw[fk] * rx_mag[fk];
                            else
                                for (std::size_t fk = 0; fk <= xi2; ++fk) acc += wf[fk] * pw[fk];
                            icn_fext = std::sqrt(2 * chans[0].delta_f / p.f2_hz * a_last_fext * a_last_fext * acc);
                        }
                        const double sigma_xt = std::hypot(icn_next_c, icn_fext) * sigma_x;
                        const double total = std::sqrt(sigma_isi * sigma_isi + sigma_j * sigma_j + sigma_xt * sigma_xt +
                                                       sigma_n_c * sigma_n_c + sigma_tx * sigma_tx + sigma_ne * sigma_ne);
                        double fom = 20 * std::log10(a_s / total);  // 93A-36
                        if (c2m_search) {
                            // first guess of the eye height from the rms terms; then the eye of
                            // the T_O window; FOM = 20 log10(A_s / N_i), N_i = (2 A_s - EH) / 2
                            const double eh_1st = 2 * (a_s - erfcinv(p.der0 * 2) * 2 / std::sqrt(2.0) * total);
                            if (eh_1st <= min_veo_test_v - .001) continue;
                            const double dy = p.force_pdf_bin_size ? search_bin_v : std::min(a_s / 1000, search_bin_v);
                            fill_range(1, np);
                            RVec pulse(sbr.begin(), sbr.end());
                            const long need = cursor_i + static_cast<long>(M) * (p.ndfe + 1);
                            if (static_cast<long>(pulse.size()) < need) pulse.resize(static_cast<std::size_t>(need), 0.0);
                            C2mNoise cn;
                            cn.sigma_n = sigma_n;
                            cn.sigma_tx = sigma_tx;
                            cn.ber_q = ber_q_c2m;
                            cn.cci = delta_pdf(dy);
                            cn.ne = delta_pdf(dy);
                            const C2mEye eye = c2m_eye(c2m_spec, pulse, cursor_i, dy, cn, true);
                            const double eh = eye.eh_top - eye.eh_bottom;
                            if (!(eh > min_veo_test_v)) continue;
                            fom = 20 * std::log10(a_s / ((a_s * 2 - eh) / 2));
                        }
                        if (improves(itick, fom)) {
                            best.a_s = a_s;
                            best.a_p = a_p;
                            best.isi_n = isi_n;
                            best.h_j = hj;
                            best.dfetaps = taps;
                            best.bmax = ubmax;
                            best.bmin = ubmin;
                            best.floating = floating;
                            best.tail_rss = tail_rss;
                            best.sigma_isi = sigma_isi;
                            best.sigma_j = sigma_j;
                            best.sigma_xt = sigma_xt;
                            best.sigma_tx = sigma_tx;
                            if (fvlms_rx) {
                                best.sigma_n = sigma_n_c;
                                best.sigma_accm = 0;
                                best.rxffe = rxc;
                                best.floating = fv->floating();
                            }
                        }
                    }
                }
            }
        }
        }  // c2m_pass
        if (!best.found) {
            res.status = ComStatus::equalization_failed;
            res.message = "equalization failed: no TX FFE/CTLE setting gave a sampling point (case " +
                          std::to_string(pkg_case) + ")";
            return;
        }

        // ---- Apply_EQ ----
        const int ic = best.ctle, il = best.glp;
        RVec thru_eq_rx;  // thru CTLE impulse response through the RxFFE (PSD of the TX noise)
        for (auto& ch : chans) {
            RVec eq = ch.uneq_imp;
            if (p.include_ctle) {
                eq = td_ctle(eq, p.fb_hz, p.f_z_hz[ic], p.f_p1_hz[ic], p.f_p2_hz[ic], p.g_dc_db[ic], M);
                if (cl120d)
                    eq = td_ctle(eq, p.fb_hz, p.f_hp_hz[il], p.f_hp_hz[il], 100e100, p.g_dc_hp_db[il], M);
                else if (cl120e)
                    eq = td_ctle(eq, p.fb_hz, p.f_hp_z_hz[ic], p.f_hp_p_hz[ic], 1e99, 0, M);
            }
            RVec pulse = running_sum(eq, M);
            if (ch.type != "NEXT") pulse = ffe_circ(best.txffe, best.cur - 1, M, pulse);
            if (mmse_rx) {
                // Apply_EQ: ctle_imp_response = FFE(RxFFE, cur-1, ...) (the reference shifts by the
                // TX FFE cursor position here), eq_pulse = FFE(RxFFE, RxFFE_cmx, ...) via force.
                if (&ch == &chans[0]) thru_eq_rx = ffe_circ(best.rxffe, best.cur - 1, M, eq);
                pulse = ffe_circ(best.rxffe, p.rxffe_pre, M, pulse);
            } else if (fvlms_rx) {
                pulse = ffe_circ(best.rxffe, p.rxffe_pre, M, pulse);  // Apply_EQ: force with the chosen taps
            }
            ch.eq_pulse = pulse;
        }
        const double a_s = std::fabs(best.a_s);
        const double delta_y = p.force_pdf_bin_size ? p.bin_size_v : std::min(a_s / 1000, p.bin_size_v);

        // ---- get_pdf ----
        const int ts = best.cursor_i;
        for (auto& ch : chans) {
            RVec resid = ch.eq_pulse;
            const long n = static_cast<long>(resid.size());
            auto R = [&](long i1) -> double& { return resid[i1 - 1]; };
            if (ch.type == "THRU") {
                const int ndfe = p.floating_dfe() ? p.n_bmax : p.ndfe;
                const RVec& bmx = p.floating_dfe() ? best.bmax : p.bmax;  // param.use_bmax
                const RVec& bmn = p.floating_dfe() ? best.bmin : p.bmin;
                const double c = ch.eq_pulse[ts - 1];
                RVec eff(ndfe + 1);
                for (int u = 0; u <= ndfe; ++u) {
                    const long i = ts + static_cast<long>(M) * u;
                    double v = i <= n ? ch.eq_pulse[i - 1] : 0.0;
                    if (p.dfe_delta != 0 && u > 0)
                        v = std::floor(std::fabs(v / (c * p.dfe_delta))) * c * p.dfe_delta * sign(v);
                    const double hi = u == 0 ? c : c * bmx[u - 1];
                    const double lo = u == 0 ? c : c * bmn[u - 1];
                    if (v > hi) v = hi;
                    if (v < lo) v = lo;
                    eff[u] = v;
                }
                const long start = ts - M / 2;
                for (int u = 0; u <= ndfe; ++u)
                    for (int k = 0; k < M; ++k) {
                        const long i = start + static_cast<long>(u) * M + k;
                        if (i >= 1 && i <= n) R(i) -= eff[u];
                    }
            }
            const long nui = std::lround(static_cast<double>(n) / M);
            auto column = [&](int phase) {
                RVec v;
                for (long r = 1; r <= nui - 2; ++r) {
                    const long i = static_cast<long>(M) * r + phase;
                    v.push_back(i <= n ? R(i) : 0.0);
                }
                return v;
            };
            if (ch.type == "THRU") {
                int ph = ts % M;
                if (ph == 0) ph = M;
                ch.pdf = pdf_from_samples(column(ph), p.levels, delta_y);
            } else if (mmse_rx) {
                // MMSE: the phase chosen for the crosstalk PSD (get_pdf with ixphase)
                const std::size_t a = static_cast<std::size_t>(&ch - &chans[1]);
                ch.pdf = pdf_from_samples(column(best.iphase[a]), p.levels, delta_y);
            } else {
                // the phase whose PDF has the largest rms (first of equals); the rms of each
                // phase follows from the rounded levels, so only the chosen PDF is formed
                double best_sd = -INFINITY;
                int best_ph = 1;
                for (int ph = 1; ph <= M; ++ph) {
                    const double sd = pdf_from_samples_rms(column(ph), p.levels, delta_y);
                    if (sd > best_sd) {
                        best_sd = sd;
                        best_ph = ph;
                    }
                }
                ch.pdf = pdf_from_samples(column(best_ph), p.levels, delta_y);
            }
        }

        // ---- Create_Noise_PDF ----
        double sigma_tx = sigma_tx_9330(p, a_s, best.txffe[static_cast<std::size_t>(best.cur - 1)], snr_tx);
        double hj2 = 0;
        for (double v : best.h_j) hj2 += v * v;
        double sigma_rjit = p.sigma_rj_ui * sigma_x * std::sqrt(hj2);
        double sigma_n = best.sigma_n;
        if (mmse_rx) {
            // 178A-29/178A-30 as the reference v4.50 (get_PSDs with COMPUTE_COM, Create_Noise_PDF;
            // commit request 4p4_8 of healey_3dj_COM_01_240416): the chosen candidate's receiver,
            // transmitter and random-jitter noise PSDs shaped by |H_rxffe|^2 of the receiver FFE
            sigma_n = std::sqrt(rxffe_shaped_power(best.rxffe, best.rn_rn));
            sigma_tx = std::sqrt(rxffe_shaped_power(best.rxffe, best.rn_tn));
            sigma_rjit = std::sqrt(rxffe_shaped_power(best.rxffe, best.rn_rj));
        }
        const double sigma_g = std::sqrt(sigma_rjit * sigma_rjit + sigma_n * sigma_n + sigma_tx * sigma_tx);  // 93A-41
        const double ber_q = p.noise_crest_factor == 0 ? std::sqrt(2.0) * erfcinv(2 * p.der0) : p.noise_crest_factor;
        // MLSE reads the CDF far below DER_0: direct convolutions keep those tails (the FFT's
        // round-off would swamp them); without MLSE the figures stay as they were
        const auto cv = [&](const Pdf& x, const Pdf& y) { return p.mlse != 0 ? conv_direct(x, y) : conv(x, y); };
        Pdf gauss = normal_pdf(sigma_g, ber_q, delta_y);
        if (bbn) {
            // receiver calibration: the BBN's Gaussian PDF joins the Gaussian noise (reference
            // Create_Noise_PDF: ne_noise_pdf, truncated at BBN Q factor sigmas when forced)
            const CtleResponse ctle(p, static_cast<std::size_t>(best.ctle), static_cast<std::size_t>(best.glp));
            CVec hctf(bbn->w.size());
            for (std::size_t k = 0; k < hctf.size(); ++k) hctf[k] = ctle.at(f[k]);
            cr.sigma_ne_v = bbn->sigma_ne(sigma_bn, hctf);
            gauss = cv(gauss, normal_pdf(cr.sigma_ne_v, p.force_bbn_q_factor ? p.bbn_q_factor : ber_q, delta_y));
        }
        RVec hdd = best.h_j;
        for (auto& v : hdd) v *= p.a_dd_ui;
        Pdf pdd = pdf_from_samples(hdd, p.levels, delta_y);
        Pdf noise = cv(gauss, pdd);  // 93A-43
        const Pdf& sci = chans[0].pdf;
        Pdf mdnext = delta_pdf(delta_y), mdfext = delta_pdf(delta_y);
        for (std::size_t c = 1; c < chans.size(); ++c) {
            if (chans[c].type == "NEXT")
                mdnext = cv(mdnext, chans[c].pdf);
            else
                mdfext = cv(mdfext, chans[c].pdf);
        }
        Pdf cci = cv(mdfext, mdnext);
        Pdf isi_xt = cv(sci, cci);
        Pdf total = cv(isi_xt, noise);  // 93A-45
        auto peak_at_der = [&](const Pdf& pd) {
            double c = 0;
            for (std::size_t k = 0; k < pd.y.size(); ++k) {
                c += pd.y[k];
                if (c >= p.der0) return std::fabs(pd.x(k));
            }
            return 0.0;
        };
        double cdf = 0, a_ni = 0;
        for (std::size_t k = 0; k < total.y.size(); ++k) {  // 93A-37
            cdf += total.y[k];
            if (cdf > p.der0) {
                a_ni = std::fabs(total.x(k));
                break;
            }
        }
        if (p.max_burst_length > 0)  // reference v4.30+ Output: Burst_Probability_Calc
            burst_probabilities(total, a_s, best.dfetaps, p.levels, delta_y, p.pass_threshold_db,
                                p.error_propagation_margin_db, p.max_burst_length, p.simple_error_propagation,
                                cr.error_propagation_probability, cr.burst_probability);
        const double a_ni_pdf = a_ni;  // 93A-37, before a C2M eye replaces it (MLSE uses it)
        {
            const double thr = -a_s / std::pow(10.0, p.pass_threshold_db / 20);
            double c = 0;
            for (std::size_t k = 0; k < total.y.size(); ++k) {
                c += total.y[k];
                if (total.x(k) > thr) {
                    cr.der_at_threshold = c;
                    break;
                }
            }
        }
        if (p.c2m_eye() || (p.eye_width && !bbn)) {  // (the reference skips it in RX calibration)
            // COM_eye_width of the equalized thru pulse with the final noise terms
            C2mNoise cn;
            cn.sigma_n = sigma_n;
            cn.sigma_tx = sigma_tx;
            cn.ber_q = ber_q;
            cn.cci = cci;
            cn.ne = delta_pdf(delta_y);  // normal_dist(sigma_ne = 0): no BBN outside RX calibration
            const C2mEye eye = c2m_eye(c2m_spec, chans[0].eq_pulse, ts, delta_y, cn, false);
            for (std::size_t e = 0; e < eye.left_ew.size(); ++e)  // EW_UI = floor(L + R) / samples
                cr.ew_ui.push_back(std::floor(eye.left_ew[e] + eye.right_ew[e]) / p.samples_for_c2m);
            if (p.c2m_eye()) {
                // 802.3ck 120G (reference main, T_O != 0): EH = VEO over the T_O window,
                // A_ni = 2 A_s - EH, VEC = 20 log10(2 A_s / EH), COM = 20 log10(2 A_s / A_ni)
                const double eh = eye.eh_top - eye.eh_bottom;
                a_ni = 2 * a_s - eh;
                double vec_arg = 2 * a_s / eh;
                if (vec_arg < kEps) vec_arg = kEps;  // a closed eye (EH < 0) reads as eps, as the reference
                cr.vec_db = 20 * std::log10(vec_arg);
                cr.com_db = 20 * std::log10(2 * a_s / a_ni);
                cr.veo_mv = eh * 1000;
                cr.eh_top_mv = eye.eh_top * 1000;
                cr.eh_bottom_mv = eye.eh_bottom * 1000;
            }
        }
        if (!p.c2m_eye()) {
            cr.com_db = 20 * std::log10(a_s / a_ni);  // 93A-1
            cr.veo_mv = 1000 * (a_s - a_ni) * 2;
            cr.vec_db = -20 * std::log10(std::max((a_s - a_ni) / a_s, kEps));
        }
        if (p.mlse != 0) {
            // MLSE (802.3dj; reference main after Create_Noise_PDF, v4.30 on; com_mlse.hpp): COM
            // from the 93A-37 A_ni and the combined PDF, VEC moved by the same delta, VEO and
            // A_ni unchanged; alpha = fom_result.DFE_taps(1)
            const double alpha = best.dfetaps.empty() ? 0.0 : best.dfetaps.front();
            RVec rn_rho;
            if (p.mlse == 3) rn_rho = mlse_rho_autocorr(p, mspec, best, chans[0].eq_pulse, ts);
            MlseOutcome m = mlse_adjust(p.mlse, p.levels, p.der0, alpha, a_s, a_ni_pdf, total, p.mlse == 3 ? &rn_rho : nullptr);
            m.figures.com_orig_db = cr.com_db;
            m.figures.vec_orig_db = cr.vec_db;
            m.figures.delta_vec_db = mlse_delta_vec_db(cr.vec_db, m.figures.delta_com_db);
            cr.com_db = m.com_db;
            cr.vec_db = m.figures.delta_vec_db + m.figures.vec_orig_db;
            cr.mlse = m.figures;
        }
        cr.as_mv = a_s * 1000;
        cr.ani_mv = a_ni * 1000;
        // pass/fail (end_display_control): C2C on COM; C2M on VEC and EH; C2Mcom on all three
        cr.vec_pass = cr.vec_db <= p.vec_pass_threshold_db;
        cr.eh_pass = cr.veo_mv >= p.eh_min_mv && cr.veo_mv <= p.eh_max_mv;
        if (p.pmd_type == "C2M")
            cr.pass = cr.vec_pass && cr.eh_pass;
        else if (p.pmd_type == "C2Mcom")
            cr.pass = cr.vec_pass && cr.eh_pass && cr.com_db >= p.pass_threshold_db;
        else
            cr.pass = cr.com_db >= p.pass_threshold_db;
        cr.fom_db = best.fom;
        cr.ctle_index = ic + 1;
        cr.g_dc_hp_index = il + 1;
        cr.g_dc_db = p.g_dc_db[ic];
        cr.g_dc_hp_db = cl120d ? p.g_dc_hp_db[il] : 0.0;
        cr.txffe = best.txffe;
        cr.dfe_taps = best.dfetaps;
        cr.rxffe = best.rxffe;
        cr.floating_taps = best.floating;
        cr.t_s = best.cursor_i;
        cr.sigma_isi_v = best.sigma_isi;
        cr.sigma_j_v = best.sigma_j;
        cr.sigma_xt_v = best.sigma_xt;
        cr.sigma_n_v = sigma_n;
        cr.sigma_accm_v = best.sigma_accm;
        cr.accm_tp0_v = accm_tp0;
        cr.accm_rxpkg_v = accm_rxpkg;
        cr.sigma_tx_v = mmse_rx ? sigma_tx : best.sigma_tx;
        cr.sgm_isi_v = pdf_sigma(sci);
        cr.sgm_xt_v = pdf_sigma(cci);
        cr.sgm_isi_xt_v = pdf_sigma(isi_xt);
        cr.sgm_noise_v = pdf_sigma(noise);
        cr.sgm_p_dd_v = pdf_sigma(pdd);
        cr.sgm_g_v = sigma_g;
        cr.sgm_rjit_v = sigma_rjit;
        cr.sgm_total_v = pdf_sigma(total);
        cr.peak_isi_mv = 1000 * peak_at_der(sci);
        cr.peak_xtalk_mv = 1000 * peak_at_der(cci);
        cr.dt_s = dt;
        cr.pulse_uneq_v = chans[0].uneq_pulse;
        cr.pulse_eq_v = chans[0].eq_pulse;
        // keep the PDF compact for reports: bins with probability above 1e-30
        std::size_t k0 = 0, k1 = total.y.size();
        while (k0 < k1 && total.y[k0] < 1e-30) ++k0;
        while (k1 > k0 && total.y[k1 - 1] < 1e-30) --k1;
        const std::size_t stride = std::max<std::size_t>(1, (k1 - k0) / 2000);
        for (std::size_t k = k0; k < k1; k += stride) {
            cr.pdf_x_v.push_back(total.x(k));
            cr.pdf_y.push_back(total.y[k]);
        }
        res.cases.push_back(std::move(cr));
    }
}

// The receiver calibration loop (reference main: `while (OP.RX_CALIBRATION==1 || DO_ONCE)`):
// COM without the BBN first; then sigma_bn grows by Sigma BBN step until the worst case falls
// below the pass threshold, after which each overshoot halves the step and reverses it, until
// the worst case lies within 0.1 dB of the threshold. When COM without noise is already below
// the threshold, sigma_bn stays 0. Each run is a complete COM of every package case from the
// channel data (the reference reuses the last case's impulse responses after its first run,
// which matters with more than one case; docs/com.md).
void rx_calibration_loop(const ComParams& p, const Network& thru, const std::vector<Network>& noise, ComResult& res) {
    ComRxCalibration cal;
    double sigma_bn = 0, step = p.sigma_bn_step_v;
    bool low_found = false;
    std::vector<std::string> warnings;
    for (int run = 0;; ++run) {
        ComResult r;
        try {
            compute_com_impl(p, thru, noise, {}, sigma_bn, r);
        } catch (...) {
            res.warnings = std::move(r.warnings);  // kept with the input error (compute_com)
            throw;
        }
        if (run == 0) warnings = r.warnings;  // the channel data's warnings, once
        r.warnings = warnings;
        if (!r.ok()) {
            res = std::move(r);
            res.rx_calibration = std::move(cal);
            return;
        }
        const double com = r.min_com_db();
        cal.steps.push_back({sigma_bn, com});
        cal.sigma_bn_v = sigma_bn;
        cal.sigma_hp_v = r.rx_calibration->sigma_hp_v;  // set by every calibration run
        res = std::move(r);
        const double thr = p.pass_threshold_db;
        if (std::fabs(com - thr) < 0.1) {
            cal.converged = true;
            break;
        }
        if (sigma_bn == 0 && com < thr) {
            res.warnings.push_back("RX_CALIBRATION: COM without the noise source (" + num_text(com) +
                                   " dB) is already below the pass threshold (" + num_text(thr) + " dB); sigma_bn stays 0");
            break;
        }
        if (run + 1 >= kComRxCalMaxSteps) {
            res.warnings.push_back("RX_CALIBRATION: COM did not come within 0.1 dB of the pass threshold in " +
                                   std::to_string(kComRxCalMaxSteps) + " runs (it jumps across it near sigma_bn = " +
                                   num_text(sigma_bn * 1000) + " mV); the last run is reported");
            break;
        }
        if (com > thr) {
            if (low_found) step = step > 0 ? step / 2 : -step / 2;  // gearshift (and turn up again)
        } else {
            low_found = true;
            step = step > 0 ? -step / 2 : step / 2;  // overshoot: gearshift and turn down
        }
        sigma_bn += step;
    }
    res.rx_calibration = std::move(cal);
}

// Runs `body` into a fresh result; an exception from unusable channel data (port count, grids,
// causality, sample spacing) becomes input_error naming the file, keeping the warnings so far.
template <class Channels, class Body>
ComResult guarded_com(const std::string& thru_name, const Channels& fext, const Channels& next, Body body) {
    ComResult res;
    try {
        body(res);
    } catch (const std::exception& e) {
        std::vector<std::string> files{thru_name};
        for (const auto* group : {&fext, &next})
            for (const auto& n : *group) files.push_back(n.name);
        ComResult r;
        r.status = ComStatus::input_error;
        r.message = com_detail::at_channel_file(e.what(), files);
        r.warnings = std::move(res.warnings);
        return r;
    }
    return res;
}
}  // namespace

ComResult compute_com(const ComParams& p, const Network& thru, const std::vector<Network>& fext,
                      const std::vector<Network>& next) {
    return guarded_com(thru.name, fext, next, [&](ComResult& res) {
        if (p.rx_calibration)
            rx_calibration_loop(p, thru, fext, res);
        else
            compute_com_impl(p, thru, fext, next, 0.0, res);
    });
}

ComResult compute_com_pulses(const ComParams& p, const PulseResponse& thru, const std::vector<PulseResponse>& fext,
                             const std::vector<PulseResponse>& next) {
    return guarded_com(thru.name, fext, next, [&](ComResult& res) {
        if (!p.td_mode) throw std::invalid_argument("pulse-response input needs TDMODE = 1 in the configuration");
        const TdInputs td{&thru, &fext, &next};
        compute_com_impl(p, Network{}, {}, {}, 0.0, res, &td);
    });
}

ComResult compute_com_files(const ComParams& params, const std::string& thru_path,
                            const std::vector<std::string>& fext_paths,
                            const std::vector<std::string>& next_paths) {
    if (params.td_mode) {  // pulse-response CSV files
        const PulseResponse thru = read_pulse_csv(thru_path);
        std::vector<PulseResponse> fext, next;
        for (const auto& pth : fext_paths) fext.push_back(read_pulse_csv(pth));
        for (const auto& pth : next_paths) next.push_back(read_pulse_csv(pth));
        return compute_com_pulses(params, thru, fext, next);
    }
    Network thru = read_touchstone(thru_path);
    std::vector<Network> fext, next;
    for (const auto& pth : fext_paths) fext.push_back(read_touchstone(pth));
    for (const auto& pth : next_paths) next.push_back(read_touchstone(pth));
    return compute_com(params, thru, fext, next);
}

}  // namespace racklink::sigint
