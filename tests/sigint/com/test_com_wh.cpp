// WIENER-HOPF receiver FFE of the COM (FFE_OPT_METHOD = WIENER-HOPF; the reference's force calling
// WIENER_HOPF_MMSE): the joint FFE + DFE Wiener solution against its normal equations, the DFE
// saturation, the noise autocorrelations against direct sums, the tap constraint, and golden runs
// of the IEEE COM reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "../../../sigint/src/com/com_rxffe.hpp"
#include "com_golden.hpp"
#include "sigint/com.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
namespace cd = racklink::sigint::com_detail;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// Symbol-spaced pulse with pre- and postcursors (the reference's vsampled: num_taps zeros first).
cd::RVec test_vsampled(int n_zero_front, int n_zero_back) {
    cd::RVec v(static_cast<std::size_t>(n_zero_front), 0.0);
    const double h[] = {0.002, -0.004, 0.01, 0.03, 0.1, 0.06, 0.03, 0.018, 0.01, 0.006, 0.003, 0.001, -0.001};
    for (double x : h) v.push_back(x);
    v.resize(v.size() + static_cast<std::size_t>(n_zero_back), 0.0);
    return v;
}

cd::FvLmsSpec wh_spec(int cmx, int cpx, int ndfe, double bmax1) {
    cd::FvLmsSpec s;
    s.cmx = cmx;
    s.cpx = cpx;
    s.wiener_hopf = true;
    s.ndfe = ndfe;
    s.force_post1 = ndfe != 0;
    s.bmax1 = bmax1;
    s.main_min = -1e9;  // every solution legal
    s.pre1_max = s.post1_max = s.tapn_max = 1e9;
    s.unity_cursor = false;
    return s;
}

// The MMSE cost J(w) = sigma_s^2 - 2 w' r_o + w' R w of WIENER_HOPF_MMSE written out from its
// definitions (independent of the solver): R, r_o as in Cioffi 3.7.3 with the pulse h.
struct WhSystem {
    Eigen::MatrixXd R;
    Eigen::VectorXd ro;
};
WhSystem wh_system(const cd::RVec& h, int cmx, int n, int nd, const cd::RVec& rn, double white) {
    const double sv = 5.0 / 9.0;
    long m = 0;
    for (std::size_t k = 0; k < h.size(); ++k)
        if (h[k] >= h[static_cast<std::size_t>(m)]) m = static_cast<long>(k);
    auto H = [&](long k) { return k >= 0 && k < static_cast<long>(h.size()) ? h[static_cast<std::size_t>(k)] : 0.0; };
    WhSystem s{Eigen::MatrixXd::Zero(n + nd, n + nd), Eigen::VectorXd::Zero(n + nd)};
    // E[y_i y_j] = sigma_s^2 sum_k h(k - i) h(k - j): FFE input at delay i
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            double acc = 0;
            for (long k = -100; k < static_cast<long>(h.size()) + 100; ++k) acc += H(k - i) * H(k - j);
            s.R(i, j) = sv * acc + (rn.empty() ? 0.0 : rn[static_cast<std::size_t>(std::abs(i - j))]) + (i == j ? white : 0);
        }
    for (int i = 0; i < n; ++i) {
        s.ro(i) = sv * H(m + cmx - i);
        for (int k = 0; k < nd; ++k) s.R(i, n + k) = s.R(n + k, i) = sv * H(m + cmx - i + 1 + k);
    }
    for (int k = 0; k < nd; ++k) s.R(n + k, n + k) = sv;
    return s;
}
}  // namespace

TEST_CASE("WIENER-HOPF taps solve the FFE + DFE normal equations R w = r_o, scaled by the cursor sample", "[com]") {
    const int cmx = 2, cpx = 4, n = cmx + cpx + 1, nd = 1;
    const cd::RVec vs = test_vsampled(n, cpx);
    const long ivs = n + 4;  // the 0.1 sample
    const cd::RVec rn{2e-4, 5e-5, 1e-5, 0, 0, 0, 0};
    cd::FvLms wh(wh_spec(cmx, cpx, nd, 10.0));  // b_max(1) = 10: no saturation
    REQUIRE(wh.solve_wh(vs, ivs, rn));
    const WhSystem sys = wh_system(vs, cmx, n, nd, rn, 0);
    const Eigen::VectorXd w = sys.R.fullPivLu().solve(sys.ro);
    REQUIRE(wh.c().size() == static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) CHECK_THAT(wh.c()[i], WithinAbs(w(i) * vs[ivs], 1e-12));
    // the main tap carries the cursor: the equalized cursor is close to (not above) the sample
    double y0 = 0;
    for (int i = 0; i < n; ++i) y0 += wh.c()[i] * vs[static_cast<std::size_t>(ivs + cmx - i)];
    CHECK(y0 > 0.5 * vs[ivs]);
    CHECK(y0 < vs[ivs]);
}

TEST_CASE("WIENER-HOPF without noise terms adds white noise at FFE_SNR below the largest sample", "[com]") {
    const int cmx = 1, cpx = 3, n = cmx + cpx + 1;
    const cd::RVec vs = test_vsampled(n, cpx);
    const long ivs = n + 4;
    cd::FvLmsSpec s = wh_spec(cmx, cpx, 0, 0);
    s.white_snr = true;
    s.ffe_snr_db = 20;
    cd::FvLms wh(s);
    REQUIRE(wh.solve_wh(vs, ivs, {}));
    const double white = 0.1 * 0.1 * (5.0 / 9.0) / 100.0;  // max^2 sigma_s^2 10^(-20/10)
    const WhSystem sys = wh_system(vs, cmx, n, 0, {}, white);
    const Eigen::VectorXd w = sys.R.fullPivLu().solve(sys.ro);
    for (int i = 0; i < n; ++i) CHECK_THAT(wh.c()[i], WithinAbs(w(i) * vs[ivs], 1e-12));
}

TEST_CASE("WIENER-HOPF clips the first DFE weight to b_max(1) and re-solves the rest in least squares", "[com]") {
    const int cmx = 2, cpx = 4, n = cmx + cpx + 1, nd = 2;
    const cd::RVec vs = test_vsampled(n, cpx);
    const long ivs = n + 4;
    const cd::RVec rn{2e-4, 5e-5, 1e-5, 0, 0, 0, 0};
    const WhSystem sys = wh_system(vs, cmx, n, nd, rn, 0);
    const Eigen::VectorXd w = sys.R.fullPivLu().solve(sys.ro);
    const double b1 = 0.5 * std::fabs(w(n));  // below the free solution's first DFE weight
    cd::FvLms wh(wh_spec(cmx, cpx, nd, b1));
    REQUIRE(wh.solve_wh(vs, ivs, rn));
    // the rest minimizes |r_o - R w| with w(n) fixed at sign(w(n)) b1: the gradient of that
    // residual's square with respect to each free weight vanishes
    Eigen::VectorXd full(n + nd);
    for (int i = 0; i < n; ++i) full(i) = wh.c()[i] / vs[ivs];
    full(n) = (w(n) > 0 ? 1 : -1) * b1;
    // the second DFE weight is not returned; solve it from the optimality of the others
    Eigen::MatrixXd Rt(n + nd, n + nd - 1);
    Rt << sys.R.leftCols(n), sys.R.rightCols(nd - 1);
    Eigen::VectorXd ws = Eigen::VectorXd::Zero(n + nd);
    ws(n) = full(n);
    const Eigen::VectorXd wp = (Rt.transpose() * Rt).ldlt().solve(Rt.transpose() * (sys.ro - sys.R * ws));
    for (int i = 0; i < n; ++i) CHECK_THAT(full(i), WithinAbs(wp(i), 1e-9 * std::fabs(wp.maxCoeff())));
    bool differs = false;  // and it is not the free solution
    for (int i = 0; i < n; ++i) differs = differs || std::fabs(full(i) - w(i)) > 1e-6 * std::fabs(w(cmx));
    CHECK(differs);
}

TEST_CASE("Unity Cursor divides the WIENER-HOPF taps by the main tap; another constraint keeps them", "[com]") {
    const int cmx = 2, cpx = 4, n = cmx + cpx + 1;
    const cd::RVec vs = test_vsampled(n, cpx);
    cd::FvLmsSpec s = wh_spec(cmx, cpx, 1, 10.0);
    cd::FvLms raw(s);
    s.unity_cursor = true;
    cd::FvLms unit(s);
    REQUIRE(raw.solve_wh(vs, n + 4, {}));
    REQUIRE(unit.solve_wh(vs, n + 4, {}));
    CHECK(unit.c()[cmx] == 1.0);
    CHECK(std::fabs(raw.c()[cmx] - 1.0) > 1e-3);
    for (int i = 0; i < n; ++i) CHECK_THAT(unit.c()[i], WithinRel(raw.c()[i] / raw.c()[cmx], 1e-14));
}

TEST_CASE("WIENER-HOPF receiver noise autocorrelation equals eta_0 times the inverse DFT of |H|^2", "[com]") {
    // Noise_XC(t) = eta_0 f_N / 1e9 (1/2N) sum_k |H(k)|^2 e^{j 2 pi k t / 2N} over the
    // conjugate-symmetric 2N-point spectrum (bin N zero), every M-th lag
    const std::size_t N = 64;
    const int M = 8;
    cd::CVec h(N);
    for (std::size_t k = 0; k < N; ++k) h[k] = 1.0 / (1.0 + std::complex<double>(0, k / 10.0));
    const double eta0 = 5e-9, f_last = 63e9;
    const cd::RVec xc = cd::wh_noise_xc(h, eta0, f_last, M, false);
    REQUIRE(xc.size() == N / M);
    for (std::size_t t = 0; t < xc.size(); ++t) {
        std::complex<double> acc = 0;
        for (std::size_t k = 0; k < 2 * N; ++k) {
            const double y = k < N ? std::norm(h[k]) : (k == N ? 0.0 : std::norm(h[2 * N - k]));
            acc += y * std::exp(std::complex<double>(0, 2 * M_PI * k * t * M / (2.0 * N)));
        }
        CHECK_THAT(xc[t], WithinAbs(eta0 * f_last / 1e9 * acc.real() / (2.0 * N), 1e-12 * xc[0]));
    }
    const cd::RVec w = cd::wh_noise_xc(h, eta0, f_last, M, true);  // Do_White_Noise: lag 0 only
    REQUIRE(w.size() == 1);
    CHECK(w[0] == xc[0]);
}

TEST_CASE("WIENER-HOPF crosstalk autocorrelation uses the aggressor's strongest sampling phase", "[com]") {
    const int M = 4, levels = 4;
    cd::RVec imp(40, 0.0);
    imp[9] = 0.02;   // phase 1 after the running sum carries most energy
    imp[14] = -0.01;
    cd::RVec acc(3, 0.0);
    cd::wh_xt_autocorr(imp, false, {}, 0, M, levels, acc);
    // running sum over M = 4: pulse p[n] = sum_{k<4} imp[n-k]; phase of largest norm; lags 0..2
    cd::RVec p(imp.size(), 0.0);
    for (std::size_t i = 0; i < imp.size(); ++i)
        for (std::size_t k = 0; k < static_cast<std::size_t>(M) && k <= i; ++k) p[i] += imp[i - k];
    double best = -1;
    std::size_t ph = 0;
    for (std::size_t r = 0; r < static_cast<std::size_t>(M); ++r) {
        double e = 0;
        for (std::size_t j = r; j < p.size(); j += M) e += p[j] * p[j];
        if (e > best) {
            best = e;
            ph = r;
        }
    }
    const double sx2 = 15.0 / 27.0;  // (L^2 - 1) / (3 (L - 1)^2), PAM4
    for (std::size_t l = 0; l < acc.size(); ++l) {
        double e = 0;
        for (std::size_t j = ph; j + l * M < p.size(); j += M) e += p[j] * p[j + l * M];
        CHECK_THAT(acc[l], WithinAbs(sx2 * e, 1e-18));
    }
    CHECK(acc[0] > 0);
    // FEXT goes through the TX FFE first: a unit TX FFE is the identity, up to the circular
    // shift by the receiver's cmx UI (the reference's FFE(txffe, RxFFE_cmx, ...))
    cd::RVec acc_f(3, 0.0);
    cd::wh_xt_autocorr(imp, true, {1.0}, 1, M, levels, acc_f);
    for (std::size_t l = 0; l < acc.size(); ++l) CHECK_THAT(acc_f[l], WithinAbs(acc[l], 1e-18));
}

TEST_CASE("WIENER-HOPF configuration: options read with the reference's defaults, CL93 refused", "[com]") {
    const ComParams p = resolve_com_params(load_com_config(kGolden + "dj_xls_wh.cfg"));
    CHECK(p.ffe_opt_method == "WIENER-HOPF");
    CHECK(p.wh_colored_noise);
    CHECK(p.wh_xt_noise);
    CHECK_FALSE(p.wh_white_noise);
    CHECK(p.wh_ffe_snr_db == 1);
    CHECK(p.rxffe_unity_cursor);
    const ComParams q = resolve_com_params(load_com_config(kGolden + "dj_xls_wh_snr.cfg"));
    CHECK_FALSE(q.wh_colored_noise);
    CHECK_FALSE(q.wh_xt_noise);
    CHECK(q.wh_ffe_snr_db == 25);
    CHECK_FALSE(q.rxffe_unity_cursor);
    ComConfig c = load_com_config("ck_kr");
    c.set("ffe_pre_tap_len", "2");
    c.set("ffe_post_tap_len", "2");
    c.set("FFE_OPT_METHOD", "Wiener-Hopf");
    c.set("g_DC_HP", "[]");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("CTLE_type"));
    ComConfig d = load_com_config(kGolden + "dj_xls.cfg");  // MMSE has no tap constraint option
    d.set("RXFFE TAP CONSTRAINT", "unbounded");
    CHECK_THROWS_WITH(resolve_com_params(d), Catch::Contains("RXFFE TAP CONSTRAINT"));
    ComConfig e = load_com_config(kGolden + "dj_xls_wh.cfg");
    e.set("FFE_OPT_METHOD", "ZF");
    CHECK_THROWS_WITH(resolve_com_params(e), Catch::Contains("FFE_OPT_METHOD"));
}

namespace {
// Golden runs of WIENER-HOPF (tests/golden/com/*_wh*.json; the reference v4.20 working copy with
// force, WIENER_HOPF_MMSE and optimize_fom's Noise_XC transcribed from the public 4.50 code,
// scripts/com_reference/run_reference.sh). The search is sample-exact: the chosen CTLE, TX FFE and
// sampling index must be identical, and the quantized RxFFE taps too.
void check_wh_golden(const std::string& cfg, const std::string& golden, const std::string& thru,
                     const std::string& fext = "", const std::string& next = "") {
    const auto g = read_json(kGolden + golden);
    ComConfig config = load_com_config(kGolden + cfg);
    std::vector<std::string> fx, nx;
    if (!fext.empty()) fx.push_back(fext);
    if (!next.empty()) nx.push_back(next);
    const ComResult r = golden_run(resolve_com_params(config), g, thru, fx, nx);
    INFO(golden);
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto& c = r.cases[i];
        const auto& e = g["cases"][i];
        check_figures(c, e, {1e-9, 1e-9, 1e-10, 1e-9});
        check_equalizer_choice(c, e);
        check_list(c.rxffe, golden_list(e, "rxffe"), 1e-12);
        check_list(c.floating_taps, golden_list(e, "floating_taps"));
        check_list(c.dfe_taps, golden_list(e, "dfe_taps"), 1e-10);
        CHECK_THAT(1e3 * c.sigma_n_v, WithinRel(e["sigma_n_mv"].get<double>(), 1e-10));
        CHECK_THAT(1e3 * c.sigma_tx_v, WithinRel(e["sigma_tx_mv"].get<double>(), 1e-10));
    }
}
}  // namespace

TEST_CASE("WIENER-HOPF with colored noise matches the IEEE reference on the TE 4 in channel", "[com][golden]") {
    check_wh_golden("dj_xls_wh.cfg", "dj_xls_wh__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("WIENER-HOPF with colored noise matches the IEEE reference on the TE 10 in channel", "[com][golden]") {
    check_wh_golden("dj_xls_wh.cfg", "dj_xls_wh__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("WIENER-HOPF with crosstalk in the solve (Do_XT_Noise) matches the IEEE reference (TE 4 in thru, TE 10 in as FEXT and NEXT)", "[com][golden]") {
    check_wh_golden("dj_xls_wh.cfg", "dj_xls_wh__te_4in_xt.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p",
                    "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("WIENER-HOPF with a floating RxFFE bank matches the IEEE reference's force and findbankloc", "[com][golden]") {
    // 5 + 40 + 1 taps solved jointly with the DFE tap, one bank of 4 kept past N_tail_start = 12
    check_wh_golden("dj_xls_float_wh.cfg", "dj_xls_float_wh__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("WIENER-HOPF with white noise at FFE_SNR and unnormalized taps (RXFFE TAP CONSTRAINT = unbounded) matches the IEEE reference", "[com][golden]") {
    // Do_Colored_Noise = Do_XT_Noise = 0, FFE_SNR = 25 dB; the main tap stays as solved (1.07 here)
    check_wh_golden("dj_xls_wh_snr.cfg", "dj_xls_wh_snr__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("WIENER-HOPF with white receiver noise (Do_White_Noise) matches the IEEE reference on the TE 10 in channel", "[com][golden]") {
    check_wh_golden("dj_xls_wh_white.cfg", "dj_xls_wh_white__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("FV-LMS with unnormalized taps (RXFFE TAP CONSTRAINT = unbounded) matches the IEEE reference", "[com][golden]") {
    // force's `otherwise` branch: the zero-forcing taps as solved (main tap != 1), quantized, then
    // checked against the limits (ffe_main_cursor_min 0, limits 100 in this configuration)
    check_wh_golden("dj_xls_fvlms_unbounded.cfg", "dj_xls_fvlms_unbounded__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
    // with the limits of dj_xls_fvlms.cfg every unnormalized solution is illegal here, as in the
    // reference (run_reference.sh: "equalization failed")
    ComConfig c = load_com_config(kGolden + "dj_xls_fvlms.cfg");
    c.set("RXFFE TAP CONSTRAINT", "unbounded");
    const ComResult r = compute_com_files(resolve_com_params(c), kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", {}, {});
    CHECK(r.status == ComStatus::equalization_failed);
}

TEST_CASE("WIENER-HOPF on the dj_kr table (coarse grid) matches the IEEE reference on the TE 10 in channel", "[com][golden]") {
    // many TX FFE / CTLE candidates, the preset's 0.7 tap limits
    check_wh_golden("dj_kr_coarse_wh.cfg", "dj_kr_coarse_wh__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}
