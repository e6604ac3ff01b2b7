// Receiver interference-tolerance calibration (RX_CALIBRATION; docs/com.md "Receiver
// calibration"): the noise path's BBN at the slicer (93A-47, 93A-48) by hand, the loop against
// the IEEE COM reference v4.50 run under GNU Octave (every run of its loop and the final
// figures), an invariant, and the refusals.
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <string>
#include <vector>

#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/network.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const std::string kTe4 = "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p";
const std::string kTe10 = "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p";

ComResult run(const ComParams& p, const std::string& thru, const std::string& noise) {
    return compute_com(p, read_touchstone(kTouchstone + thru), {read_touchstone(kTouchstone + noise)}, {});
}

ComConfig with_overrides(ComConfig c, const nlohmann::json& g) {
    for (const auto& [name, value] : g["overrides"].items()) c.set(name, value.get<std::string>());
    return c;
}

// The whole loop against a reference run: every run's sigma_bn and worst-case COM, the final
// sigma_bn / sigma_HP, and the last run's figures and equalizer.
void check_rxcal_golden(const ComConfig& base, const std::string& golden, const std::string& thru,
                        const std::string& noise) {
    const auto g = read_json(kGolden + golden);
    INFO(golden << ": " << g["description"].get<std::string>());
    const ComParams p = resolve_com_params(with_overrides(base, g));
    REQUIRE(p.rx_calibration);
    const ComResult r = run(p, thru, noise);
    REQUIRE(r.ok());
    REQUIRE(r.rx_calibration);
    const ComRxCalibration& cal = *r.rx_calibration;
    const auto& steps = g["rx_calibration"]["steps"];
    REQUIRE(cal.steps.size() == steps.size());
    for (std::size_t k = 0; k < steps.size(); ++k) {
        INFO("run " << k + 1);
        CHECK_THAT(1e3 * cal.steps[k].sigma_bn_v, WithinAbs(steps[k][0].get<double>(), 1e-12));
        CHECK_THAT(cal.steps[k].min_com_db, WithinAbs(steps[k][1].get<double>(), 1e-9));
    }
    CHECK(cal.converged);
    CHECK_THAT(1e3 * cal.sigma_bn_v, WithinAbs(g["rx_calibration"]["sigma_bn_mv"].get<double>(), 1e-12));
    CHECK_THAT(1e3 * cal.sigma_hp_v, WithinRel(g["rx_calibration"]["sigma_hp_mv"].get<double>(), 1e-12));
    REQUIRE(r.cases.size() == g["cases"].size());
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const ComCaseResult& c = r.cases[i];
        const auto& e = g["cases"][i];
        CHECK_THAT(1e3 * cal.sigma_bn_v, WithinAbs(e["sigma_bn_mv"].get<double>(), 1e-12));
        CHECK_THAT(c.com_db, WithinAbs(e["com_db"].get<double>(), 1e-9));
        CHECK_THAT(c.fom_db, WithinAbs(e["fom_db"].get<double>(), 1e-9));
        CHECK_THAT(c.as_mv, WithinRel(e["as_mv"].get<double>(), 1e-9));
        CHECK_THAT(c.ani_mv, WithinAbs(e["ani_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.sgm_noise_v, WithinRel(e["sgm_noise_mv"].get<double>(), 1e-9));  // includes the BBN
        CHECK_THAT(1e3 * c.sgm_g_v, WithinRel(e["sgm_g_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.sigma_tx_v, WithinRel(e["sigma_tx_mv"].get<double>(), 1e-9));
        CHECK_THAT(c.der_at_threshold, WithinRel(e["der_at_threshold"].get<double>(), 1e-3));
        CHECK(c.g_dc_db == e["g_dc_db"].get<double>());
        CHECK(c.g_dc_hp_db == e["g_dc_hp_db"].get<double>());
        check_list(c.txffe, golden_list(e, "txffe"), 1e-12);
        check_list(c.dfe_taps, golden_list(e, "dfe_taps"), 1e-9);
        CHECK(c.sigma_ne_v > 0);
    }
}

}  // namespace

TEST_CASE("The calibration noise at the slicer is sigma_bn times the rms of |H_noise H_ctf H_r| to f_b/2",
          "[com][rxcal]") {
    // 93A-47: H_np = H_noise H_ctf H_r (H_r the 93A-20 Butterworth at f_r f_b); 93A-48:
    // sigma_ne = sigma_bn sqrt(mean |H_np|^2) over the points from the first to the first at or
    // above f_b/2 (the reference's get_sigma_noise). Recomputed here from the noise path's
    // mixed-mode SDD21 and the chosen CTLE (Clause 93: 93A-22 only).
    ComConfig c = load_com_config(kGolden + "kr4_c93.cfg");
    c.set("z_p select", "1");
    c.set("RX_CALIBRATION", "1");
    c.set("EW", "1");  // the eye width is not reported in calibration (the reference skips it)
    const ComParams p = resolve_com_params(c);
    const ComResult r = run(p, kTe10, kTe4);
    REQUIRE(r.ok());
    REQUIRE(r.cases.size() == 1);
    const ComCaseResult& cs = r.cases[0];
    CHECK(cs.ew_ui.empty());
    const Network noise = read_touchstone(kTouchstone + kTe4);
    const MixedModeNetwork mm = to_mixed_mode(noise, p.port_order);
    const std::size_t ic = static_cast<std::size_t>(cs.ctle_index - 1);
    const double fb = p.fb_hz, fr = p.f_r * fb;
    double acc = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < noise.points(); ++k) {
        const double f = noise.f_hz[k];
        const std::complex<double> j(0, 1), s = j * f / fr;
        const std::complex<double> h_r = 1.0 / (s * s * s * s + 2.613126 * s * s * s + 3.414214 * s * s + 2.613126 * s + 1.0);
        const std::complex<double> h_ctf = (std::pow(10.0, cs.g_dc_db / 20) + j * f / p.f_z_hz[ic]) /
                                           ((1.0 + j * f / p.f_p1_hz[ic]) * (1.0 + j * f / p.f_p2_hz[ic]));
        acc += std::norm(mm.sdd(k, 2, 1) * h_ctf * h_r);
        ++n;
        if (f >= fb / 2) break;
    }
    REQUIRE(r.rx_calibration);
    const double sigma_bn = r.rx_calibration->sigma_bn_v;
    CHECK(sigma_bn > 0);
    CHECK_THAT(cs.sigma_ne_v, WithinRel(sigma_bn * std::sqrt(acc / static_cast<double>(n)), 1e-12));
    // no high-pass: the reference's sigma_HP equals sigma_bn
    CHECK(r.rx_calibration->sigma_hp_v == sigma_bn);
}

TEST_CASE("RX calibration matches the IEEE reference run by run: Clause 93 KR4 on TE 10 in",
          "[com][rxcal][golden]") {
    // 5 runs: 0, 5, 10 (below), 7.5, 8.75 mV (within 0.1 dB of 3 dB)
    check_rxcal_golden(load_com_config(kGolden + "kr4_c93.cfg"), "kr4_c93_rxcal__te_10in.json", kTe10, kTe4);
}

TEST_CASE("RX calibration matches the IEEE reference with the 802.3ck CR table, host boards and the f_hp high-pass",
          "[com][rxcal][golden]") {
    // ck_cr (CL120d CTLE, Include PCB = 1: the noise path gets the host boards too) on a reduced
    // TX FFE grid, f_hp = 1 GHz (eq. 162-12), Force BBN Q factor = 1, Sigma BBN step 4 mV
    check_rxcal_golden(load_com_config("ck_cr"), "ck_cr_rxcal__te_4in.json", kTe4, kTe10);
}

TEST_CASE("A lossier noise path needs a larger calibration noise", "[com][rxcal]") {
    // The same thru reaches the threshold with the same sigma_ne at the slicer, give or take the
    // 0.1 dB window; behind 10 in of trace instead of 4 in the source must be stronger.
    ComConfig c = load_com_config(kGolden + "kr4_c93.cfg");
    c.set("z_p select", "1");
    c.set("RX_CALIBRATION", "1");
    const ComParams p = resolve_com_params(c);
    const ComResult short_path = run(p, kTe10, kTe4);
    const ComResult long_path = run(p, kTe10, kTe10);
    REQUIRE(short_path.ok());
    REQUIRE(long_path.ok());
    CHECK(long_path.rx_calibration->converged);
    CHECK(long_path.rx_calibration->sigma_bn_v > 1.2 * short_path.rx_calibration->sigma_bn_v);
    for (const ComResult* r : {&short_path, &long_path})
        CHECK_THAT(r->min_com_db(), WithinAbs(p.pass_threshold_db, 0.1));
}

TEST_CASE("RX calibration keeps sigma_bn at 0 when COM without noise is already below the threshold",
          "[com][rxcal]") {
    ComConfig c = load_com_config(kGolden + "kr4_c93.cfg");
    c.set("z_p select", "1");
    c.set("RX_CALIBRATION", "1");
    c.set("COM Pass threshold", "8");  // COM 5.35 dB on TE 10 in
    const ComResult r = run(resolve_com_params(c), kTe10, kTe4);
    REQUIRE(r.ok());
    REQUIRE(r.rx_calibration);
    CHECK(r.rx_calibration->steps.size() == 1);
    CHECK(r.rx_calibration->sigma_bn_v == 0);
    CHECK_FALSE(r.rx_calibration->converged);
    CHECK(r.cases[0].sigma_ne_v == 0);
    CHECK_THAT(r.cases[0].com_db, WithinAbs(5.352005571438286, 1e-9));  // kr4_c93__te_10in.json, case 1
    bool warned = false;
    for (const auto& w : r.warnings) warned |= w.find("already below the pass threshold") != std::string::npos;
    CHECK(warned);
}

TEST_CASE("RX calibration refuses what the reference's calibration path cannot carry", "[com][rxcal]") {
    const auto refused = [](ComConfig c, const std::string& why) {
        c.set("RX_CALIBRATION", "1");
        CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("RX_CALIBRATION") && Catch::Contains(why));
    };
    refused(load_com_config(kGolden + "dj_xls.cfg"), "DFE receivers only");
    refused(load_com_config("ck_c2m"), "C2M eye");
    refused(load_com_config(kGolden + "kr4_c93_accm.cfg"), "AC_CM_RMS");
    ComConfig c = load_com_config(kGolden + "kr4_c93.cfg");
    c.set("RX_CALIBRATION", "2");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("RX_CALIBRATION"));
    c.set("RX_CALIBRATION", "1");
    c.set("Sigma BBN step", "0");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("Sigma BBN step") && Catch::Contains("positive"));
    // the loop needs exactly one noise path and no crosstalk
    c.set("Sigma BBN step", "5e-3");
    const ComParams p = resolve_com_params(c);
    const Network thru = read_touchstone(kTouchstone + kTe10);
    for (const auto& fext : {std::vector<Network>{}, std::vector<Network>{thru, thru}}) {
        const ComResult r = compute_com(p, thru, fext, {});
        CHECK(r.status == ComStatus::input_error);
        CHECK_THAT(r.message, Catch::Contains("exactly one noise-path channel"));
    }
    // the noise rms is a mean up to f_b/2 (12.89 GHz here): data that end below it are refused,
    // naming the noise-path file and both frequencies
    const auto below = [](Network n, double f_max_hz) {
        while (!n.f_hz.empty() && n.f_hz.back() > f_max_hz) {
            n.f_hz.pop_back();
            n.s.pop_back();
        }
        return n;
    };
    Network short_thru = below(thru, 10e9), short_noise = below(read_touchstone(kTouchstone + kTe4), 10e9);
    short_noise.name = "noise.s4p";
    const ComResult r = compute_com(p, short_thru, {short_noise}, {});
    CHECK(r.status == ComStatus::input_error);
    CHECK_THAT(r.message, Catch::Contains("noise.s4p: the receiver calibration's noise path data end at 10 GHz, "
                                          "below f_b/2 = 12.8906 GHz"));
}
