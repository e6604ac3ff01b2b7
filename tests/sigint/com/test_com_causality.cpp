// Tests of COM's `Enforce Causality` option (com.hpp ComParams::causality; the reference's
// s21_to_impulse_DC alternating-projections loop, Quatieri & Oppenheim 1981): the forward real
// FFT against the defining sum, invariants of the loop, configuration, and whole runs against
// golden values produced by the IEEE COM reference code (com_ieee8023_93a v4.20 under GNU Octave
// 7.3, run/run_one.m style, with one line added to the working copy that stores the per-channel
// causality_correction_dB in its results; scripts/com_reference/extract_golden.m writes it).
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "../../../sigint/src/com/com_detail.hpp"
#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/com_erl.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
namespace cd = racklink::sigint::com_detail;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
// The golden runs' thrus (shared/data/touchstone).
const std::string kThru4 = "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p";
const std::string kThru10 = "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p";

// Compares a whole COM run with Enforce Causality = 1 against the reference's figures.
void check_causal_golden(const std::string& golden, const std::string& thru) {
    const auto g = read_json(kGolden + golden);
    const ComParams p = resolve_com_params(load_com_config(kGolden + "ck_kr_causal.cfg"));
    REQUIRE(p.causality.enforce);
    const ComResult r = golden_run(p, g, thru);
    INFO(golden);
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto& c = r.cases[i];
        const auto& e = g["cases"][i];
        INFO("package case " << c.package_case);
        check_figures(c, e, {.com_db = 1e-6, .fom_db = 1e-6, .as_rel = 1e-9, .ani_mv = 1e-6});
        check_equalizer_choice(c, e);
        check_list(c.dfe_taps, golden_list(e, "dfe_taps"), 1e-9);
        CHECK_THAT(c.vtf_loss_db, WithinAbs(e["vtf_loss_db"].get<double>(), 1e-9));
        // one figure per channel (here the thru only)
        check_list(c.causality_correction_db, golden_list(e, "causality_correction_db"), 1e-6);
    }
}

// real(ifft) of a Hermitian half spectrum X_0..X_{n/2}, by the defining sum in long double
std::vector<double> dft_real_direct(const std::vector<double>& x, std::size_t k) {
    const std::size_t n = x.size();
    const long double pi = 3.14159265358979323846264338327950288L;
    long double re = 0, im = 0;
    for (std::size_t m = 0; m < n; ++m) {
        const long double a = 2 * pi * static_cast<long double>((k * m) % n) / static_cast<long double>(n);
        re += x[m] * std::cos(a);
        im -= x[m] * std::sin(a);
    }
    return {static_cast<double>(re), static_cast<double>(im)};
}

// enforce_causality on a copy of ir with ir's own |FFT| as the magnitude to keep (the
// reference's abs(IL_symmetric)).
struct Enforced {
    std::vector<double> ir;   // the corrected response
    std::vector<double> mag;  // the magnitudes it was given
    double c_db = 0;          // the correction figure (dB)
};
Enforced enforce_on(const std::vector<double>& ir) {
    Enforced out;
    const cd::CVec half = cd::fft_real_half(ir);
    for (const auto& v : half) out.mag.push_back(std::abs(v));
    out.ir = ir;
    cd::CausalitySpec spec;
    spec.enforce = true;
    out.c_db = cd::enforce_causality(out.ir, out.mag, spec);
    return out;
}
}  // namespace

TEST_CASE("The forward real FFT equals the defining DFT sum for mixed-radix and prime lengths", "[com][causality]") {
    std::mt19937 rng(7);
    std::normal_distribution<double> nd(0.0, 1.0);
    // 2 x {power of 2, 2^3 5^2 17, a prime (Bluestein branch: 2 x 263)}
    for (std::size_t n : {64ul, 2 * 3400ul, 2 * 263ul, 6ul}) {
        std::vector<double> x(n);
        for (auto& v : x) v = nd(rng);
        const cd::CVec got = cd::fft_real_half(x);
        REQUIRE(got.size() == n / 2 + 1);
        double worst = 0;
        for (std::size_t k = 0; k <= n / 2; k += (n > 200 ? 37 : 1)) {
            const auto want = dft_real_direct(x, k);
            worst = std::max(worst, std::abs(got[k] - std::complex<double>(want[0], want[1])));
        }
        INFO("n = " << n);
        CHECK(worst < 1e-12 * std::sqrt(static_cast<double>(n)));
        CHECK(got[0].imag() == 0.0);
        CHECK(got[n / 2].imag() == 0.0);
        // round trip through the Hermitian inverse
        const std::vector<double> back = cd::ifft_hermitian(got, n);
        for (std::size_t m = 0; m < n; ++m) CHECK_THAT(back[m], WithinAbs(x[m], 1e-12));
    }
}

TEST_CASE("A causal delayed pulse needs almost no correction and is zero before its start", "[com][causality]") {
    // A pulse starting at sample 40 with a first sample just above the pulse start tolerance
    // (1.5 % of the peak), n = 1024: causal and confined to the first half. The reference zeroes
    // samples 1..start_ind inclusive, so the first projection removes that sample only; the
    // magnitude projection then changes the response by well under REL_TOL, the loop stops, and
    // the figure is 20 log10(0.015 / |rest of the pulse|).
    const std::size_t n = 1024;
    std::vector<double> ir(n, 0.0);
    const double pi = std::numbers::pi;
    ir[40] = 0.015;
    for (int k = 1; k < 8; ++k) ir[40 + k] = 0.5 - 0.5 * std::cos(2 * pi * k / 8.0);  // peak 1 at 44
    const auto [work, mag, c_db] = enforce_on(ir);
    for (std::size_t k = 0; k <= 40; ++k) CHECK(work[k] == 0.0);
    for (std::size_t k = n / 2 - 1; k < n; ++k) CHECK(work[k] == 0.0);
    for (std::size_t k = 41; k < 48; ++k) CHECK(work[k] == ir[k]);
    double rest = 0;
    for (int k = 1; k < 8; ++k) rest += ir[40 + k] * ir[40 + k];
    CHECK_THAT(c_db, WithinAbs(20 * std::log10(0.015 / std::sqrt(rest)), 1e-9));  // -44.3 dB
}

TEST_CASE("Enforce Causality removes a precursor echo and keeps the magnitude within the tolerance",
          "[com][causality]") {
    // A causal pulse plus an anticausal echo at the end of the record (circularly, before t = 0):
    // the loop must zero the echo, keep the pulse start, and keep |FFT| close to the given one.
    const std::size_t n = 2048;
    std::vector<double> ir(n, 0.0);
    const double pi = std::numbers::pi;
    ir[100] = 0.015;  // the pulse start (zeroed by the loop, as the reference does)
    for (int k = 1; k < 8; ++k) ir[100 + k] = 0.5 - 0.5 * std::cos(pi * k / 8.0);  // smooth rise
    for (int k = 0; k < 40; ++k) ir[108 + k] = std::exp(-k / 6.0);                 // and decay
    ir[n - 20] = 0.05;  // echo 20 samples before t = 0
    const auto [work, mag, c_db] = enforce_on(ir);
    CHECK(work[n - 20] == 0.0);
    for (std::size_t k = 0; k <= 100; ++k) CHECK(work[k] == 0.0);  // start = 100 (0.015 > 1 % of 1)
    for (std::size_t k = n / 2 - 1; k < n; ++k) CHECK(work[k] == 0.0);
    // the echo alone is 20 log10(0.05 / |pulse|) = -33 dB; the loop's changes to the pulse add
    // to it, but the correction stays a small fraction of the response
    double p2 = 0;
    for (double v : ir) p2 += v * v;
    const double echo_db = 20 * std::log10(0.05 / std::sqrt(p2 - 0.05 * 0.05));
    INFO("causality correction " << c_db << " dB, echo " << echo_db << " dB");
    CHECK(c_db > echo_db - 1);
    CHECK(c_db < -20);
    // the corrected response's spectrum magnitude stays near the target (projection onto it
    // was the last step before zeroing)
    const cd::CVec got = cd::fft_real_half(work);
    double e2 = 0, m2 = 0;
    for (std::size_t k = 0; k < got.size(); ++k) {
        e2 += std::pow(std::abs(got[k]) - mag[k], 2);
        m2 += mag[k] * mag[k];
    }
    CHECK(std::sqrt(e2 / m2) < 0.02);  // 0.0038 here
}

TEST_CASE("Enforce Causality and its tolerances are read with the reference's names and defaults",
          "[com][causality]") {
    const ComParams off = resolve_com_params(load_com_config(kGolden + "ck_kr.cfg"));
    CHECK_FALSE(off.causality.enforce);
    CHECK(off.causality.rel_tol == 1e-2);
    CHECK(off.causality.diff_tol == 1e-3);
    CHECK(off.causality.pulse_tol == 0.01);
    ComConfig c = load_com_config(kGolden + "ck_kr_causal.cfg");
    CHECK(resolve_com_params(c).causality.enforce);
    CHECK(resolve_com_erl_params(c).causality.enforce);
    c.set("Enforce Causality REL_TOL", "0.05");
    c.set("Enforce Causality DIFF_TOL", "2e-4");
    c.set("Enforce Causality pulse start tolerance", "0.02");
    const ComParams p = resolve_com_params(c);
    CHECK(p.causality.rel_tol == 0.05);
    CHECK(p.causality.diff_tol == 2e-4);
    CHECK(p.causality.pulse_tol == 0.02);
    ComConfig bad = c;
    bad.set("Enforce Causality", "2");
    CHECK_THROWS_WITH(resolve_com_params(bad), Catch::Contains("Enforce Causality") && Catch::Contains("0 or 1"));
    bad = c;
    bad.set("Enforce Causality pulse start tolerance", "1.5");
    CHECK_THROWS_WITH(resolve_com_params(bad), Catch::Contains("pulse start tolerance"));
    bad = c;
    bad.set("Enforce Causality REL_TOL", "0");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("REL_TOL"));
}

TEST_CASE("Without Enforce Causality no correction figure is reported", "[com][causality]") {
    ComConfig c = load_com_config(kGolden + "ck_kr_causal.cfg");
    c.set("Enforce Causality", "0");
    c.set("z_p select", "1");
    c.set("g_DC", "0");
    c.set("g_DC_HP", "-1");
    const ComResult r = compute_com_files(resolve_com_params(c), kTouchstone + kThru4, {}, {});
    REQUIRE(r.ok());
    CHECK(r.cases.at(0).causality_correction_db.empty());
}

TEST_CASE("COM with Enforce Causality agrees with the reference on the TE 4 in thru", "[com][causality][golden]") {
    check_causal_golden("ck_kr_causal__te_4in.json", kThru4);
}

TEST_CASE("COM with Enforce Causality agrees with the reference on the TE 10 in thru", "[com][causality][golden]") {
    check_causal_golden("ck_kr_causal__te_10in.json", kThru10);
}

// ERL of both TE thrus against a golden's per-channel figures (ERL, port impedance and, when
// present, the fixture-delay estimate).
static void check_erl_causal_golden(const ComErlParams& e, const nlohmann::json& g, double tol) {
    REQUIRE(e.causality.enforce);
    for (const std::string& thru : {kThru4, kThru10}) {
        INFO(thru);
        const auto& want = g["channels"][thru];
        const ComErlResult r = compute_com_erl(e, read_touchstone(kTouchstone + thru));
        REQUIRE(r.computed);
        if (want.contains("tfx_estimate_s"))
            CHECK_THAT(r.tfx_estimate_s, WithinRel(want["tfx_estimate_s"].get<double>(), 1e-12));
        for (int s = 0; s < 2; ++s) {
            CHECK_THAT(r.side[s].erl_db, WithinAbs(want["erl_db"][s].get<double>(), tol));
            CHECK_THAT(r.side[s].avg_z_ohm, WithinAbs(want["avg_z_ohm"][s].get<double>(), tol));
        }
    }
}

TEST_CASE("ERL with Enforce Causality agrees with the reference", "[com][causality][erl][golden]") {
    check_erl_causal_golden(resolve_com_erl_params(load_com_config(kGolden + "ck_kr_erl_causal.cfg")),
                            read_json(kGolden + "ck_kr_erl_causal__te.json"), 1e-6);
}

TEST_CASE("ERL with Enforce Causality, AUTO_TFX and N = 0 agrees with the reference (corrected raw FIRs)",
          "[com][causality][erl][golden]") {
    // The fixture-delay estimate and the N = 0 gate come from the thru's raw FIR, which the
    // reference's get_RAW_FIR also takes from s21_to_impulse_DC with the causality loop.
    const auto g = read_json(kGolden + "ck_kr_erl_causal_auto__te.json");
    ComConfig c = load_com_config(kGolden + "ck_kr_erl_causal.cfg");
    for (const auto& [name, value] : g["overrides"].items()) c.set(name, value.get<std::string>());
    const ComErlParams e = resolve_com_erl_params(c);
    REQUIRE(e.auto_tfx);
    REQUIRE(e.n_ui == 0);
    check_erl_causal_golden(e, g, 1e-9);
}

TEST_CASE("Enforce Causality also corrects the thru's common-to-differential response of AC_CM_RMS",
          "[com][causality][accm][golden]") {
    // The reference's COM_FD_to_TD takes SDC21's impulse response from s21_to_impulse_DC with
    // the same options; sigma_AC_CCM_at_rxpkg_output changes with the option (0.158821 mV off,
    // 0.158905 mV on in package case 1).
    const auto g = read_json(kGolden + "ck_kr_accm_causal__te_4in.json");
    ComConfig c = load_com_config(kGolden + "ck_kr_accm.cfg");
    c.set("Enforce Causality", "1");
    const ComParams p = resolve_com_params(c);
    const ComResult r = golden_run(p, g, kThru4);
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto& cr = r.cases[i];
        const auto& e = g["cases"][i];
        INFO("package case " << cr.package_case);
        check_figures(cr, e, {.com_db = 1e-6, .fom_db = 1e-6, .as_rel = 1e-9, .ani_mv = 1e-6});
        check_equalizer_choice(cr, e);
        CHECK_THAT(1e3 * cr.accm_rxpkg_v, WithinRel(e["sigma_accm_rxpkg_mv"].get<double>(), 1e-6));
        CHECK_THAT(1e3 * cr.sigma_accm_v, WithinRel(e["sigma_accm_mv"].get<double>(), 1e-9));
        check_list(cr.causality_correction_db, golden_list(e, "causality_correction_db"), 1e-6);
    }
}
