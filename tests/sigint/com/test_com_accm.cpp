// Tests of the AC common-mode noise of COM (AC_CM_RMS, ACCM_MAX_Freq; com.hpp): configuration,
// invariants, and whole runs against golden values produced by the IEEE COM reference code
// (com_ieee8023_93a v4.20 under GNU Octave 7.3, with the v4.30 AC common-mode report lines
// transcribed into the working copy; scripts/com_reference/run_reference.sh and
// extract_golden.m, which also writes the reference's ACCM part of sigma_N).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {


// Compares every figure the reference reports; the search is sample-exact, so the chosen
// equalizer must be identical and the figures agree to rounding.
void check_accm_golden(const ComParams& p, const std::string& golden, const std::string& thru,
                       const std::vector<std::string>& fext = {}) {
    const auto g = read_json(kGolden + golden);
    const ComResult r = golden_run(p, g, thru, fext);
    INFO(golden);
    CHECK_THAT(r.icn_mv, WithinAbs(g["icn_mv"].get<double>(), 1e-6));
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto& c = r.cases[i];
        const auto& e = g["cases"][i];
        INFO("package case " << c.package_case);
        check_figures(c, e, {.com_db = 1e-6, .fom_db = 1e-6, .as_rel = 1e-9, .ani_mv = 1e-6});
        check_equalizer_choice(c, e);
        // sigma_N = norm([sigma_N(eta_0), sigma_ACCM]) and its parts
        CHECK_THAT(1e3 * c.sigma_n_v, WithinRel(e["sigma_n_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.sigma_accm_v, WithinRel(e["sigma_accm_mv"].get<double>(), 1e-9));
        CHECK_THAT(std::hypot(e["sigma_n_eta0_mv"].get<double>(), 1e3 * c.sigma_accm_v),
                   WithinRel(1e3 * c.sigma_n_v, 1e-12));
        CHECK_THAT(1e3 * c.accm_tp0_v, WithinRel(e["sigma_accm_tp0_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.accm_rxpkg_v, WithinRel(e["sigma_accm_rxpkg_mv"].get<double>(), 1e-6));
        CHECK_THAT(1e3 * c.sgm_g_v, WithinRel(e["sgm_g_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.sgm_noise_v, WithinRel(e["sgm_noise_mv"].get<double>(), 1e-6));
        CHECK_THAT(1e3 * c.sigma_tx_v, WithinRel(e["sigma_tx_mv"].get<double>(), 1e-9));
        CHECK_THAT(c.peak_isi_mv, WithinAbs(e["peak_isi_mv"].get<double>(), 1e-6));
    }
}
}  // namespace

TEST_CASE("AC_CM_RMS is read per package case with ACCM_MAX_Freq in Hz defaulting to f_b", "[com][accm]") {
    ComParams p = resolve_com_params(load_com_config(kGolden + "ck_kr_accm.cfg"));
    CHECK(p.accm());
    REQUIRE(p.ac_cm_rms_v.size() == 2);
    CHECK(p.ac_cm_rms_v[0] == 0.0235);
    CHECK(p.ac_cm_rms_v[1] == 0.0256);
    CHECK(p.accm_max_freq_hz == 30e9);
    ComParams q = resolve_com_params(load_com_config(kGolden + "kr4_c93_accm.cfg"));
    CHECK(q.ac_cm_rms_v == std::vector<double>{0.02, 0.02});  // one value: every case
    CHECK(q.accm_max_freq_hz == q.fb_hz);
    CHECK_FALSE(resolve_com_params(load_com_config(kGolden + "ck_kr.cfg")).accm());
    ComConfig bad = load_com_config(kGolden + "ck_kr_accm.cfg");
    bad.set("AC_CM_RMS", "[0.02 -0.01]");
    CHECK_THROWS_WITH(resolve_com_params(bad), Catch::Contains("AC_CM_RMS") && Catch::Contains("negative"));
    bad.set("AC_CM_RMS", "[0.02 0.01 0.03]");  // 3 values, 2 cases: the third is unused, like the reference
    CHECK_NOTHROW(resolve_com_params(bad));
    bad.set("AC_CM_RMS", "0.02");
    bad.set("ACCM_MAX_Freq", "0");
    CHECK_THROWS_WITH(resolve_com_params(bad), Catch::Contains("ACCM_MAX_Freq"));
}

TEST_CASE("Without AC_CM_RMS the AC common-mode terms are zero and sigma_N is the eta_0 term", "[com][accm]") {
    ComParams p = resolve_com_params(load_com_config(kGolden + "kr4_c93.cfg"));
    p.pkg_len_select = {1};
    ComResult r = compute_com_files(p, kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", {}, {});
    REQUIRE(r.ok());
    CHECK(r.cases[0].sigma_accm_v == 0.0);
    CHECK(r.cases[0].accm_tp0_v == 0.0);
    CHECK(r.cases[0].accm_rxpkg_v == 0.0);
    // A zero AC_CM_RMS changes nothing, bit for bit.
    ComParams z = p;
    z.ac_cm_rms_v = {0.0, 0.0};
    ComResult rz = compute_com_files(z, kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", {}, {});
    CHECK(rz.cases[0].com_db == r.cases[0].com_db);
    CHECK(rz.cases[0].sigma_n_v == r.cases[0].sigma_n_v);
}

TEST_CASE("The AC common-mode rms at TP0 and in sigma_N scales with AC_CM_RMS", "[com][accm]") {
    // Both are sqrt(2 AC_CM_RMS^2 int |H|^2 df / f_max): linear in AC_CM_RMS for a fixed CTLE;
    // the RX package output figure is the thru's common-to-differential pulse (A_v, not AC_CM_RMS).
    ComParams p = resolve_com_params(load_com_config(kGolden + "kr4_c93_accm.cfg"));
    p.pkg_len_select = {1};
    const std::string thru = kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p";
    ComResult a = compute_com_files(p, thru, {}, {});
    p.ac_cm_rms_v = {0.06, 0.06};
    ComResult b = compute_com_files(p, thru, {}, {});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a.cases[0].g_dc_db == b.cases[0].g_dc_db);
    CHECK(a.cases[0].accm_tp0_v > 0);
    CHECK_THAT(b.cases[0].accm_tp0_v, WithinRel(3 * a.cases[0].accm_tp0_v, 1e-12));
    CHECK_THAT(b.cases[0].sigma_accm_v, WithinRel(3 * a.cases[0].sigma_accm_v, 1e-12));
    CHECK(b.cases[0].accm_rxpkg_v == a.cases[0].accm_rxpkg_v);
    CHECK(b.cases[0].sigma_n_v > a.cases[0].sigma_n_v);
}

TEST_CASE("COM with AC common-mode noise matches the IEEE reference on the TE 4 in channel (802.3ck KR table)",
          "[com][accm][golden]") {
    check_accm_golden(resolve_com_params(load_com_config(kGolden + "ck_kr_accm.cfg")), "ck_kr_accm__te_4in.json",
                      "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("COM with AC common-mode noise matches the IEEE reference on the TE 10 in channel (802.3ck KR table)",
          "[com][accm][golden]") {
    check_accm_golden(resolve_com_params(load_com_config(kGolden + "ck_kr_accm.cfg")), "ck_kr_accm__te_10in.json",
                      "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("AC common-mode noise sums over the thru and the aggressors as the IEEE reference does",
          "[com][accm][golden]") {
    check_accm_golden(resolve_com_params(load_com_config(kGolden + "kr4_c93_accm.cfg")),
                      "kr4_c93_accm__te_4in_fext.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p",
                      {"TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p"});
}

TEST_CASE("A large AC common-mode noise lowers COM exactly as in the IEEE reference", "[com][accm][golden]") {
    const auto g = read_json(kGolden + "kr4_c93_accm_big__te_10in.json");
    ComConfig c = load_com_config(kGolden + "kr4_c93_accm.cfg");
    for (const auto& [name, value] : g["overrides"].items()) c.set(name, value.get<std::string>());
    check_accm_golden(resolve_com_params(c), "kr4_c93_accm_big__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
    // and the noise is large enough to matter: COM is below the run without it
    const auto plain = read_json(kGolden + "kr4_c93__te_10in.json");
    for (std::size_t i = 0; i < g["cases"].size(); ++i)
        CHECK(g["cases"][i]["com_db"].get<double>() < plain["cases"][i]["com_db"].get<double>() - 0.1);
}

TEST_CASE("The AC common-mode term at TP0 takes Gamma_tx = 0 with Include PCB = 2, as the v4.50 reference",
          "[com][accm][golden]") {
    // kr4_c93_accm.cfg with the 802.3ck Table 92-12 host board on the receiver side only
    // (Include PCB = 2): the reference's s21_pkg then treats the transmitter as matched, so
    // sigma_ACCM_at_tp0 differs from Include PCB = 1 (13.696 against 13.169 mV in case 1).
    // Golden: the whole public v4.50 reference under Octave.
    const auto g = read_json(kGolden + "kr4_c93_accm_pcb2__te_4in.json");
    ComConfig c = load_com_config(kGolden + "kr4_c93_accm.cfg");
    for (const auto& [name, value] : g["overrides"].items()) c.set(name, value.get<std::string>());
    const ComParams p = resolve_com_params(c);
    REQUIRE(p.include_pcb == 2);
    const ComResult r = compute_com_files(p, kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", {}, {});
    REQUIRE(r.ok());
    REQUIRE(r.cases.size() == g["cases"].size());
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto& cs = r.cases[i];
        const auto& e = g["cases"][i];
        INFO("package case " << cs.package_case);
        check_figures(cs, e, {.com_db = 1e-9, .fom_db = 1e-9, .as_rel = 1e-9, .ani_mv = 1e-9});
        check_equalizer_choice(cs, e);
        CHECK_THAT(1e3 * cs.sigma_n_v, WithinRel(e["sigma_n_mv"].get<double>(), 1e-12));
        CHECK_THAT(1e3 * cs.accm_tp0_v, WithinRel(e["sigma_accm_tp0_mv"].get<double>(), 1e-12));
        CHECK_THAT(1e3 * cs.accm_rxpkg_v, WithinRel(e["sigma_accm_rxpkg_mv"].get<double>(), 1e-12));
    }
    c.set("Include PCB", "1");  // the same board on both sides: Gamma_tx from R_d again
    const ComResult both = compute_com_files(resolve_com_params(c), kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", {}, {});
    REQUIRE(both.ok());
    CHECK(std::fabs(1e3 * both.cases[0].accm_tp0_v - g["cases"][0]["sigma_accm_tp0_mv"].get<double>()) > 0.3);
}
