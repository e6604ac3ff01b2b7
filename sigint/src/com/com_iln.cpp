// Insertion-loss-noise diagnostics of COM: the IEEE COM reference's COMPUTE_TDILN (time-domain
// ILN from a complex IL fit, get_ILN_cmp_td) and COMPUTE_RILN (reflective ILN from the
// reflectionless insertion loss, capture_RIL_RILN), com_ieee8023_93a v4.50 FD_Processing.
#include "com_iln.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace racklink::sigint::com_detail {

namespace {
constexpr double kPi = 3.14159265358979323846;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// A 0/1 switch of the configuration, refused otherwise with its name.
bool read_switch(const ConfigReader& rd, const std::string& name, bool def) {
    const double v = rd.scalar(name, def ? 1 : 0);
    if (v != 0 && v != 1) rd.fail(name, "must be 0 or 1, got " + num_text(v));
    return v != 0;
}

// The pulse response (filter(ones(1, M), 1, ir)) of transfer function h on f, with the
// reference get_ILN_cmp_td's own interpolation policies and truncation threshold.
RVec iln_pulse(const CVec& h, const RVec& f_hz, const ComParams& p) {
    const double dt = 1 / p.fb_hz / p.samples_per_ui;
    return running_sum(
        s21_to_impulse(h, f_hz, dt, "trend_to_DC", "interp_to_DC", 1e-7, nullptr, p.causality),
        p.samples_per_ui);
}
}  // namespace

void read_iln_options(const ConfigReader& rd, ComParams& p) {
    p.compute_riln = read_switch(rd, "COMPUTE_RILN", false);
    p.compute_tdiln = read_switch(rd, "COMPUTE_TDILN", p.compute_riln);  // reference default
}

CVec complex_il_fit(const CVec& s21, const RVec& f_hz) {
    const std::size_t n = s21.size();
    RVec ph(n);
    for (std::size_t k = 0; k < n; ++k) ph[k] = std::arg(s21[k]);
    ph = unwrap(ph);
    // Basis 1, sqrt(f), f, f^2 with f in GHz: the same fit as the reference's (Hz), whose normal
    // equations (fmbg' fmbg)^-1 are nearly singular (entries from 1 to 1e42); QR on the scaled
    // basis gives the least-squares solution to round-off.
    const auto basis = [](double f_ghz, int j) {
        return j == 0 ? 1.0 : j == 1 ? std::sqrt(f_ghz) : std::pow(f_ghz, j - 1);
    };
    Eigen::MatrixXcd a(n, 4);
    Eigen::VectorXcd b(n);
    for (std::size_t k = 0; k < n; ++k) {
        const auto r = static_cast<Eigen::Index>(k);
        for (int j = 0; j < 4; ++j) a(r, j) = s21[k] * basis(f_hz[k] / 1e9, j);
        b(r) = s21[k] * cplx(std::log(std::abs(s21[k])), ph[k]);
    }
    const Eigen::VectorXcd alpha = a.colPivHouseholderQr().solve(b);
    CVec fit(n);
    for (std::size_t k = 0; k < n; ++k) {
        cplx e = 0;
        for (int j = 0; j < 4; ++j) e += alpha(j) * basis(f_hz[k] / 1e9, j);
        fit[k] = std::exp(e);
    }
    return fit;
}

TdIln td_iln(const CVec& s21, const RVec& f_hz, const ComParams& p) {
    // The magnitude trend of interp_Sparam fits the first 10 points (polyfit(fin(1:10), ...)).
    if (s21.size() < 10)
        throw std::runtime_error(
            "FOM_TDILN needs at least 10 frequency points from f_1 to f_2, got " +
            std::to_string(s21.size()));
    const std::size_t n = s21.size();
    const CVec fit = complex_il_fit(s21, f_hz);
    // Bessel-Thomson at 0.473037 f_r f_b (the reference's param.fb_BT_cutoff) and the Gaussian
    // transmitter edge of T_r (93A-46); the reference's Tukey window is overwritten by ones.
    const CVec h_bt = bessel_thomson(f_hz, p.bt_order, 0.473037 * p.f_r * p.fb_hz);
    CVec h_ref(n), h_fit(n);
    for (std::size_t k = 0; k < n; ++k) {
        const double h_t =
            std::exp(-std::pow(kPi * f_hz[k] / 1e9 * p.t_r_ns / 1.6832, 2));  // 93A-46
        h_ref[k] = s21[k] * h_bt[k] * h_t;
        h_fit[k] = fit[k] * h_bt[k] * h_t;
    }
    const RVec pr_ref = iln_pulse(h_ref, f_hz, p), pr_fit = iln_pulse(h_fit, f_hz, p);
    TdIln r;
    for (std::size_t k = 1; k < pr_ref.size(); ++k)
        if (pr_ref[k] > pr_ref[r.ipeak]) r.ipeak = k;  // find(PR == max(PR), 1, 'first')
    const std::size_t end = std::min(pr_ref.size(), pr_fit.size());
    if (r.ipeak >= end)
        throw std::runtime_error(
            "FOM_TDILN: the fitted pulse ends before the measured pulse's peak");
    r.peak_v = pr_fit[r.ipeak];
    RVec iln(pr_fit.begin() + static_cast<long>(r.ipeak), pr_fit.begin() + static_cast<long>(end));
    for (std::size_t k = 0; k < iln.size(); ++k) iln[k] -= pr_ref[r.ipeak + k];
    // Per sampling phase the UI-spaced ILN; the phase with the largest PDF rms (the first on a
    // tie) gives the PDF (93A-39), read at DER_0 from its low end.
    const int M = p.samples_per_ui;
    double best_rms = -INFINITY;
    RVec best;
    for (int m = 0; m < M; ++m) {
        RVec x;
        for (std::size_t k = static_cast<std::size_t>(m); k < iln.size();
             k += static_cast<std::size_t>(M))
            x.push_back(iln[k]);
        double s2 = 0;
        for (double v : x) s2 += v * v;
        r.iln_norm_v = std::max(r.iln_norm_v, std::sqrt(s2));
        const double rms = pdf_from_samples_rms(x, p.levels, p.bin_size_v);
        if (rms > best_rms) {
            best_rms = rms;
            r.phase = m;
            best = std::move(x);
        }
    }
    const Pdf pdf = pdf_from_samples(best, p.levels, p.bin_size_v);
    double cdf = 0;
    for (std::size_t k = 0; k < pdf.y.size(); ++k) {
        cdf += pdf.y[k];
        if (cdf >= p.der0) {
            r.iln_der0_v = -pdf.x(k);
            break;
        }
    }
    r.fom_db = 20 * std::log10(std::fabs(r.peak_v / r.iln_der0_v));
    r.rms_fom_db = 20 * std::log10(std::fabs(r.peak_v / r.iln_norm_v));
    return r;
}

Ril reflectionless_il(const S2& sdd, const RVec& f_hz, double z_ref_ohm) {
    Ril r;
    r.first = !f_hz.empty() && f_hz[0] == 0 ? 1 : 0;  // a 0 Hz point has no sinusoid: left out
    const auto z_of = [&](cplx rho) { return (rho * z_ref_ohm + z_ref_ohm) / (1.0 - rho); };
    const auto valid = [&](cplx rho) {
        return std::isfinite(std::abs(rho)) && z_of(rho).real() > 0;
    };
    for (std::size_t k = r.first; k < f_hz.size(); ++k) {
        const cplx s11 = sdd.s11[k], s12 = sdd.s12[k], s21 = sdd.s21[k], s22 = sdd.s22[k];
        // Simultaneous conjugate match (G. Gonzalez, Microwave Transistor Amplifiers, 2nd ed.,
        // Sec. 3.6): the load reflection rho_2 solves
        // -C2 rho^2 + B2 rho - conj(C2) = 0 with Delta = S11 S22 - S12 S21,
        // B2 = 1 + |S22|^2 - |S11|^2 - |Delta|^2, C2 = S22 - Delta conj(S11).
        const cplx delta = s11 * s22 - s12 * s21;
        const cplx c2 = s22 - delta * std::conj(s11);
        const double b2 = 1 + std::norm(s22) - std::norm(s11) - std::norm(delta);
        const cplx qa = -c2, qb = b2, qc = -std::conj(c2);
        // roots q / a and c / q with q = -(b + sign sqrt(b^2 - 4 a c)) / 2 (no cancellation; a = 0,
        // a matched output, leaves the one root -c / b)
        const cplx disc = std::sqrt(qb * qb - 4.0 * qa * qc);
        const cplx q = -0.5 * (std::real(std::conj(qb) * disc) >= 0 ? qb + disc : qb - disc);
        const cplx root1 = q / qa, root2 = qc / q;
        cplx rho2;
        if (valid(root1) && !valid(root2)) {
            rho2 = root1;
        } else if (valid(root2) && !valid(root1)) {
            rho2 = root2;
        } else {
            r.ril.push_back(cplx(kNaN, kNaN));
            r.riln_db.push_back(kNaN);
            continue;
        }
        const cplx rho1 =
            std::conj(s11 + rho2 * s21 * s12 / (1.0 - rho2 * s22));  // Gamma_S = conj(Gamma_in)
        // Kurokawa's renormalization S' = A^-1 (S - conj(G)) (I - G S)^-1 conj(A), G = diag(rho_i),
        // A_i = (1 - conj(rho_i)) sqrt(1 - |rho_i|^2) / |1 - rho_i|: element (2, 1)
        const auto a_of = [](cplx rho) {
            return (1.0 - std::conj(rho)) * std::sqrt(std::fabs(1 - std::norm(rho))) /
                   std::abs(1.0 - rho);
        };
        const cplx det = (1.0 - rho1 * s11) * (1.0 - rho2 * s22) - rho1 * rho2 * s12 * s21;
        const cplx ril = std::conj(a_of(rho1)) *
                         (s21 * (1.0 - rho2 * s22) + (s22 - std::conj(rho2)) * rho2 * s21) /
                         (a_of(rho2) * det);
        r.ril.push_back(ril);
        r.riln_db.push_back(20 * std::log10(std::abs(s21)) - 20 * std::log10(std::abs(ril)));
    }
    return r;
}

double fom_riln(const Ril& r, const RVec& pwf, std::size_t i1, std::size_t i2, double delta_f_hz,
                double f1_hz, double f2_hz) {
    double acc = 0;
    for (std::size_t k = i1; k < i2; ++k) acc += pwf[k] * r.riln_db[k] * r.riln_db[k];
    return std::sqrt(delta_f_hz / (f2_hz - f1_hz) * acc);
}

void iln_figures(const ComParams& p, const std::string& name, const S2& thru, const RVec& f_hz,
                 std::size_t i1, std::size_t i2, const RVec& pwf, double delta_f_hz,
                 ComResult& res) {
    if (p.compute_tdiln) {
        const auto lo = static_cast<long>(i1), hi = static_cast<long>(i2) + 1;
        try {
            res.fom_tdiln_db = td_iln(CVec(thru.s21.begin() + lo, thru.s21.begin() + hi),
                                      RVec(f_hz.begin() + lo, f_hz.begin() + hi), p)
                                   .fom_db;
        } catch (const std::runtime_error& e) {
            throw std::invalid_argument(name + ": COMPUTE_TDILN: " + e.what());
        }
    }
    if (p.compute_riln) {
        const Ril r = reflectionless_il(thru, f_hz, 100);  // the reference's fixed 100 ohm
        res.fom_riln_db = fom_riln(r, pwf, i1, i2, delta_f_hz, p.f1_hz, p.f2_hz);
        for (std::size_t k = i1; k < i2; ++k)
            if (std::isnan(r.riln_db[k])) {
                res.warnings.push_back(
                    name + ": FOM_RILN not computed: at " + num_text(f_hz[k + r.first] / 1e9) +
                    " GHz no termination pair matches the channel at both ports (neither or "
                    "both roots of the conjugate-match quadratic have a positive real "
                    "impedance; the reference stops there)");
                break;
            }
    }
}

}  // namespace racklink::sigint::com_detail
