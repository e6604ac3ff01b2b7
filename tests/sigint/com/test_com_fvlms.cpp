// FV-LMS receiver FFE of the COM (FFE_OPT_METHOD = FV-LMS; the reference's force and
// RXFFE_Illegal): the forcing-vector solve against its defining equations, the quantization and
// legality rules, the noise weighting through the RxFFE against a direct sum, and golden runs of
// the IEEE COM reference.
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <string>
#include <utility>
#include <vector>

#include "../../../sigint/src/com/com_rxffe.hpp"
#include "com_golden.hpp"
#include "sigint/com.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
namespace cd = racklink::sigint::com_detail;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// A smooth pulse with pre- and postcursors, M samples per UI.
cd::RVec test_pulse(int M, int n_ui) {
    cd::RVec h(static_cast<std::size_t>(M * n_ui));
    for (std::size_t i = 0; i < h.size(); ++i) {
        const double t = (static_cast<double>(i) - 10.0 * M) / M;  // UI from the peak region
        h[i] = 0.1 * std::exp(-0.5 * t * t / 1.7) + 0.02 * std::exp(-std::fabs(t - 2) / 3.0);
    }
    return h;
}

cd::FvLmsSpec open_spec() {
    cd::FvLmsSpec s;
    s.cmx = 2;
    s.cpx = 4;
    s.force_post1 = true;
    s.bmax1 = 0.5;
    s.main_min = -1e9;  // every solution legal
    s.pre1_max = s.post1_max = s.tapn_max = 1e9;
    return s;
}

// Symbol-spaced sample m (UI from the cursor) of the pulse through the taps c, without wrap.
double equalized(const cd::RVec& h, const cd::RVec& c, int cmx, long cursor_i, int M, int m) {
    double y = 0;
    for (std::size_t k = 0; k < c.size(); ++k) {
        const long i = cursor_i + static_cast<long>(m - (static_cast<int>(k) - cmx)) * M;
        if (i >= 1 && i <= static_cast<long>(h.size())) y += c[k] * h[static_cast<std::size_t>(i - 1)];
    }
    return y;
}
}  // namespace

TEST_CASE("FV-LMS taps force the equalized pulse to zero around the cursor and the first postcursor to the DFE limit", "[com]") {
    const int M = 8;
    const cd::RVec h = test_pulse(M, 40);
    const long cursor_i = 10 * M + 3;
    cd::FvLms fv(open_spec());
    REQUIRE(fv.solve(h, cursor_i, M));
    const cd::RVec& c = fv.c();
    REQUIRE(c.size() == 7);
    CHECK(c[2] == 1.0);  // Unity Cursor
    // Forcing vector (force): y(0) = h(0) / c_main, y(1) = min(b_max(1) h(0), |h(1)|) sign(h(1)) / c_main,
    // y(m) = 0 for the other m in -cmx .. cpx. After normalization only the ratios are fixed.
    const double h0 = h[cursor_i - 1], h1 = h[cursor_i + M - 1];
    const double y0 = equalized(h, c, 2, cursor_i, M, 0);
    const double y1 = equalized(h, c, 2, cursor_i, M, 1);
    CHECK_THAT(y1 / y0, WithinRel(std::min(0.5 * h0, std::fabs(h1)) / h0, 1e-10));
    for (int m : {-2, -1, 2, 3, 4}) CHECK_THAT(equalized(h, c, 2, cursor_i, M, m), WithinAbs(0.0, 1e-12 * y0));
}

TEST_CASE("FV-LMS taps without a DFE force every sample but the cursor to zero", "[com]") {
    const int M = 8;
    const cd::RVec h = test_pulse(M, 40);
    cd::FvLmsSpec s = open_spec();
    s.force_post1 = false;  // N_b = 0
    cd::FvLms fv(s);
    REQUIRE(fv.solve(h, 10 * M, M));
    const double y0 = equalized(h, fv.c(), 2, 10 * M, M, 0);
    for (int m : {-2, -1, 1, 2, 3, 4}) CHECK_THAT(equalized(h, fv.c(), 2, 10 * M, M, m), WithinAbs(0.0, 1e-12 * y0));
}

TEST_CASE("FV-LMS taps are quantized toward zero to ffe_tap_step_size", "[com]") {
    const int M = 8;
    const cd::RVec h = test_pulse(M, 40);
    const long cursor_i = 10 * M + 3;
    cd::FvLms raw(open_spec());
    cd::FvLmsSpec qs = open_spec();
    qs.step = 0.05;
    cd::FvLms q(qs);
    REQUIRE(raw.solve(h, cursor_i, M));
    REQUIRE(q.solve(h, cursor_i, M));
    bool any_changed = false;
    for (std::size_t k = 0; k < raw.c().size(); ++k) {
        const double r = raw.c()[k], v = q.c()[k];
        CHECK_THAT(v / 0.05, WithinAbs(std::round(v / 0.05), 1e-9));  // a multiple of the step
        CHECK(std::fabs(v) <= std::fabs(r));                            // toward zero
        CHECK(std::fabs(r - v) < 0.05);
        CHECK(v * r >= 0);
        any_changed = any_changed || v != r;
    }
    CHECK(any_changed);
}

TEST_CASE("RXFFE_Illegal rejects a main tap below ffe_main_cursor_min and taps above their limits", "[com]") {
    const int M = 8;
    const cd::RVec h = test_pulse(M, 40);
    const long cursor_i = 10 * M + 3;
    cd::FvLms open(open_spec());
    REQUIRE(open.solve(h, cursor_i, M));
    const cd::RVec c = open.c();
    auto legal = [&](cd::FvLmsSpec s) { return cd::FvLms(s).solve(h, cursor_i, M); };
    cd::FvLmsSpec s = open_spec();
    s.main_min = 1.0;  // the unit main tap is legal ...
    CHECK(legal(s));
    s.main_min = 1.0 + 1e-12;  // ... a larger minimum is not
    CHECK_FALSE(legal(s));
    s = open_spec();
    s.pre1_max = std::fabs(c[1]) * 0.999;
    CHECK_FALSE(legal(s));
    s.pre1_max = std::fabs(c[1]) * 1.001;
    CHECK(legal(s));
    s = open_spec();
    s.post1_max = std::fabs(c[3]) * 0.999;
    CHECK_FALSE(legal(s));
    s = open_spec();  // ffe_tapn_max: each further tap on its own, pre and post
    double largest = 0;
    for (std::size_t k : {0u, 4u, 5u, 6u}) largest = std::max(largest, std::fabs(c[k]));
    s.tapn_max = largest * 0.999;
    CHECK_FALSE(legal(s));
    s.tapn_max = largest * 1.001;
    CHECK(legal(s));
}

TEST_CASE("Noise and crosstalk weighting through the FV-LMS RxFFE equal the direct sums over frequency", "[com]") {
    // sigma_N^2/eta_0 = sum |H_r H_ctf H_RxFFE|^2 df/1e9 with H_RxFFE = sum_i c_i exp(-j 2 pi (i+1) f/f_b)
    // (the reference's H_Rx_FFE), against the tap-autocorrelation form; and |H_RxFFE| (PWF_rx).
    const double fb = 53.125e9;
    const int nr = 6, cmx = 2;
    const cd::RVec c{0.05, -0.2, 1.0, -0.4, 0.12, -0.03};
    cd::RVec f;
    for (int k = 0; k <= 400; ++k) f.push_back(k * 0.25e9);
    cd::CVec hh(f.size());
    for (std::size_t k = 0; k < f.size(); ++k)
        hh[k] = std::exp(std::complex<double>(-f[k] / 40e9, -f[k] / 7e9)) / (1.0 + std::complex<double>(0, f[k] / 30e9));
    cd::RVec cos_table(static_cast<std::size_t>(nr) * f.size());
    for (int d = 0; d < nr; ++d)
        for (std::size_t k = 0; k < f.size(); ++k) cos_table[d * f.size() + k] = std::cos(2 * M_PI * d * f[k] / fb);
    double direct = 0;
    cd::RVec mag_direct(f.size());
    for (std::size_t k = 0; k < f.size(); ++k) {
        std::complex<double> h = 0;
        for (int i = 0; i < nr; ++i) h += c[i] * std::exp(std::complex<double>(0, -2 * M_PI * (i - cmx + 1) * f[k] / fb));
        mag_direct[k] = std::abs(h);
        if (k > 0) direct += std::norm(hh[k] * h) * (f[k] - f[k - 1]) / 1e9;
    }
    cd::RVec w, mag;
    cd::rx_noise_weights(hh, f, cos_table, nr, w);
    CHECK_THAT(cd::rxffe_noise_gain(c, nr, w), WithinRel(direct, 1e-12));
    cd::rxffe_magnitude(c, nr, cos_table, f.size(), 300, mag);
    REQUIRE(mag.size() == 300);
    for (std::size_t k = 0; k < mag.size(); ++k) CHECK_THAT(mag[k], WithinAbs(mag_direct[k], 1e-12));
}

TEST_CASE("FV-LMS options the port cannot honour stop with the parameter named", "[com]") {
    ComConfig a = load_com_config(kGolden + "dj_kr_coarse_fvlms.cfg");
    a.set("FFE_OPT_METHOD", "ZF");
    CHECK_THROWS_WITH(resolve_com_params(a), Catch::Contains("FFE_OPT_METHOD"));
    ComConfig b = load_com_config(kGolden + "dj_kr_coarse_fvlms.cfg");
    b.set("ffe_tap_step_size", "-0.01");
    CHECK_THROWS_WITH(resolve_com_params(b), Catch::Contains("ffe_tap_step_size"));
    // FV-LMS needs neither both tap sides nor the CL120d CTLE (MMSE does)
    ComConfig c = load_com_config(kGolden + "dj_kr_coarse_fvlms.cfg");
    c.set("ffe_pre_tap_len", "0");
    CHECK(resolve_com_params(c).rxffe_pre == 0);
    ComConfig d = load_com_config("ck_kr");
    d.set("ffe_pre_tap_len", "2");
    d.set("ffe_post_tap_len", "2");
    d.set("FFE_OPT_METHOD", "fv-lms");
    d.set("g_DC_HP", "[]");
    const ComParams p = resolve_com_params(d);
    CHECK(p.ffe_opt_method == "FV-LMS");
    CHECK(p.ctle_type == "CL93");
}

namespace {
// Golden runs of FV-LMS (tests/golden/com/*fvlms*.json; the reference v4.20 with force
// transcribed from the public 4.30 code, scripts/com_reference/run_reference.sh). The search is
// sample-exact: the chosen CTLE, TX FFE and sampling index must be identical; quantized RxFFE
// taps are identical too, unquantized ones agree to the rounding of the LU solve.
void check_fvlms_golden(const std::string& cfg, const std::string& golden, const std::string& thru, double tap_tol,
                        const std::vector<std::pair<std::string, std::string>>& overrides = {},
                        const std::string& fext = "", const std::string& next = "") {
    const auto g = read_json(kGolden + golden);
    ComConfig config = load_com_config(kGolden + cfg);
    for (const auto& [name, value] : overrides) config.set(name, value);
    std::vector<std::string> fx, nx;
    if (!fext.empty()) fx.push_back(fext);
    if (!next.empty()) nx.push_back(next);
    const ComResult r = golden_run(resolve_com_params(config), g, thru, fx, nx);
    INFO(golden);
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto& c = r.cases[i];
        const auto& e = g["cases"][i];
        CHECK_THAT(c.com_db, WithinAbs(e["com_db"].get<double>(), 1e-9));
        CHECK_THAT(c.fom_db, WithinAbs(e["fom_db"].get<double>(), 1e-9));
        CHECK_THAT(c.as_mv, WithinRel(e["as_mv"].get<double>(), 1e-10));   // 1e-10 relative = 1e-9 dB
        CHECK_THAT(c.ani_mv, WithinRel(e["ani_mv"].get<double>(), 1e-10));
        check_equalizer_choice(c, e);
        check_list(c.rxffe, golden_list(e, "rxffe"), tap_tol);
        check_list(c.floating_taps, golden_list(e, "floating_taps"));
        check_list(c.dfe_taps, golden_list(e, "dfe_taps"), 1e-10);
        CHECK_THAT(1e3 * c.sigma_n_v, WithinRel(e["sigma_n_mv"].get<double>(), 1e-10));
        CHECK_THAT(1e3 * c.sigma_tx_v, WithinRel(e["sigma_tx_mv"].get<double>(), 1e-10));
    }
}
}  // namespace

TEST_CASE("FV-LMS with quantized taps matches the IEEE reference on the TE 4 in channel", "[com][golden]") {
    check_fvlms_golden("dj_xls_fvlms.cfg", "dj_xls_fvlms__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", 0.0);
}

TEST_CASE("FV-LMS with quantized taps matches the IEEE reference on the TE 10 in channel", "[com][golden]") {
    check_fvlms_golden("dj_xls_fvlms.cfg", "dj_xls_fvlms__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p", 0.0);
}

TEST_CASE("FV-LMS with a floating RxFFE bank matches the IEEE reference's force and findbankloc", "[com][golden]") {
    // 5 + 40 + 1 taps solved, one bank of 4 placed on the taps past N_tail_start = 12
    check_fvlms_golden("dj_xls_float_fvlms.cfg", "dj_xls_float_fvlms__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p",
                       0.0);
}

TEST_CASE("FV-LMS floating bank placed on the pulse (RXFFE FLOAT CTL = ISI) matches the IEEE reference", "[com][golden]") {
    // (on this channel the bank lands where the Taps rule puts it, 12 .. 15)
    check_fvlms_golden("dj_xls_float_fvlms.cfg", "dj_xls_float_fvlms_isi__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p",
                       0.0, {{"RXFFE FLOAT CTL", "ISI"}});
}

TEST_CASE("FV-LMS on the dj_kr table (coarse grid) matches the IEEE reference on the TE 10 in channel", "[com][golden]") {
    // unquantized taps: the LU solves of Octave (LAPACK) and RackLink round differently
    check_fvlms_golden("dj_kr_coarse_fvlms.cfg", "dj_kr_coarse_fvlms__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p",
                       1e-12);
}

TEST_CASE("FV-LMS on the dj_kr table fails on the TE 4 in channel as the IEEE reference does", "[com][golden]") {
    // Every zero-forcing solution on this short channel has a tap beyond 0.7 (RXFFE_Illegal), so
    // the reference's search ends with "equalization failed" (run with
    // scripts/com_reference/run_reference.sh on dj_kr_coarse_fvlms.cfg: 244 s CPU).
    const ComParams p = resolve_com_params(load_com_config(kGolden + "dj_kr_coarse_fvlms.cfg"));
    const ComResult r = compute_com_files(p, kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", {}, {});
    CHECK(r.status == ComStatus::equalization_failed);
    CHECK_THAT(r.message, Catch::Contains("equalization failed"));
    // with the limits raised the same channel equalizes (one CTLE and TX FFE setting, to stay quick)
    ComConfig c = load_com_config(kGolden + "dj_kr_coarse_fvlms.cfg");
    for (const char* tap : {"c(-1)", "c(-2)", "c(-3)", "c(1)"}) c.set(tap, "0");
    c.set("g_DC", "-6");
    c.set("g_DC_HP", "-2");
    c.set("ffe_pre_tap1_max", "2");
    c.set("ffe_post_tap1_max", "2");
    c.set("ffe_tapn_max", "2");
    const ComResult r2 = compute_com_files(resolve_com_params(c), kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", {}, {});
    REQUIRE(r2.ok());
    double largest = 0;
    for (double v : r2.cases[0].rxffe) largest = std::max(largest, std::fabs(v));
    CHECK(largest > 0.7);
    CHECK(largest <= 2);
}

TEST_CASE("FV-LMS crosstalk weighted by the RxFFE matches the IEEE reference (TE 4 in thru, TE 10 in as FEXT and NEXT)", "[com][golden]") {
    // get_xtlk_noise with the RxFFE taps: |H_RxFFE| on both aggressors, |H_TXFFE| on the FEXT
    check_fvlms_golden("dj_xls_fvlms.cfg", "dj_xls_fvlms__te_4in_xt.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", 0.0, {},
                       "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("FV-LMS search with crosstalk matches the IEEE reference (dj_kr table, TE 10 in thru, TE 4 in as FEXT and NEXT)", "[com][golden]") {
    // the RxFFE-weighted crosstalk moves the choice (g_DC_HP -4 dB here, -2 dB without aggressors)
    check_fvlms_golden("dj_kr_coarse_fvlms.cfg", "dj_kr_coarse_fvlms__te_10in_xt.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p",
                       1e-12, {}, "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}
