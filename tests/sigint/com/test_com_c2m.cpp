// Tests of the chip-to-module (C2M) eye of IEEE 802.3ck Annex 120G (VEC, eye height over
// T_s +/- T_O): the building blocks by hand, and whole runs against golden values of the IEEE
// COM reference code (com_ieee8023_93a v4.20 working copy with the reference's C2M functions
// COM_eye_width, get_pdf_full and the do_C2M branch of optimize_fom transcribed from the public
// 4.30 code, under GNU Octave 7.3; scripts/com_reference/run_reference.sh).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../../../sigint/src/com/com_detail.hpp"
#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
namespace cd = racklink::sigint::com_detail;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;


TEST_CASE("The ck_c2m preset carries the 802.3ck C2M sheet's eye parameters", "[com][c2m]") {
    const ComParams p = resolve_com_params(load_com_config("preset:ck_c2m"));
    CHECK(p.pmd_type == "C2M");
    CHECK(p.t_o_mui == 50);
    CHECK(p.samples_for_c2m == 100);
    CHECK(p.histogram_window == "gaussian");
    CHECK(p.sigma_r_ui == 0.02);
    CHECK_THAT(p.ql, WithinRel(2.5, 1e-12));  // QL = T_O / sigma_r / 1000
    CHECK(p.vec_pass_threshold_db == 12);
    CHECK(p.eh_min_mv == 10);
    CHECK(p.min_veo_test_mv == 5);
    CHECK(p.c2m_eye());
    CHECK(p.c2m_search());
    CHECK(p.eye_width);
    CHECK(p.der0 == 1e-5);
    CHECK(p.ndfe == 4);
    CHECK(p.bmin == std::vector<double>{0.1, -0.35, -0.35, -0.35});  // MATLAB's reading of the sheet
    CHECK(p.bmax == std::vector<double>{0.4, 0.15, 0.15, 0.1});
    CHECK(p.c_d_f[1] == std::vector<double>{0});  // no receiver package at TP1a
    CHECK(p.g_dc_db.size() == 14);
    CHECK(p.g_dc_hp_db.size() == 7);
}

TEST_CASE("T_O is ignored unless PMD_type is C2M, as the reference does", "[com][c2m]") {
    ComConfig c = load_com_config("preset:ck_c2m");
    c.set("PMD_type", "C2C");
    const ComParams p = resolve_com_params(c);
    CHECK_FALSE(p.c2m_eye());
    CHECK(p.pmd_type == "C2Mcom");  // C2C with EH_min != 0
    c.set("EH_min", "0");
    CHECK(resolve_com_params(c).pmd_type == "C2C");
    c.set("PMD_type", "C2M");
    c.set("Histogram_Window_Weight", "hann");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("Histogram_Window_Weight"));
}

TEST_CASE("The C2M histogram windows have the reference's shapes", "[com][c2m]") {
    // T_O = 5 samples, QL = 2.5: the Gaussian window has sigma = T_O / QL = 2 samples
    const auto g = cd::c2m_window_weights("Gaussian", 5, 2.5);
    REQUIRE(g.size() == 11);
    CHECK(g[5] == 1.0);
    CHECK_THAT(g[0], WithinRel(std::exp(-0.5 * 2.5 * 2.5), 1e-14));
    CHECK_THAT(g[7], WithinRel(std::exp(-0.5), 1e-14));  // one sigma from the centre
    const auto t = cd::c2m_window_weights("triangle", 5, 2.5);
    CHECK_THAT(t[0], WithinAbs(0.0, 1e-15));
    CHECK_THAT(t[2], WithinAbs(0.4, 1e-15));
    CHECK(t[5] == 1.0);
    CHECK_THAT(t[8], WithinAbs(0.4, 1e-15));
    CHECK_THAT(t[10], WithinAbs(0.0, 1e-15));
    for (double v : cd::c2m_window_weights("rectangle", 5, 2.5)) CHECK(v == 1.0);
    CHECK_THROWS(cd::c2m_window_weights("hann", 5, 2.5));
    CHECK(cd::c2m_center_of_ui(100) == 51);  // 0.50 UI
    CHECK(cd::c2m_center_of_ui(32) == 17);
}

TEST_CASE("The eye contour of a PDF is where its CDF from either side first exceeds DER_0", "[com][c2m]") {
    cd::Pdf p;
    p.bin = 1e-3;
    p.min = -2;
    p.y = {0.05, 0.15, 0.6, 0.15, 0.05};
    auto [lo, hi] = cd::c2m_ber_contour(p, 0.1);  // 0.05 < 0.1 < 0.2
    CHECK_THAT(lo, WithinAbs(-1e-3, 1e-18));
    CHECK_THAT(hi, WithinAbs(1e-3, 1e-18));
    std::tie(lo, hi) = cd::c2m_ber_contour(p, 0.01);
    CHECK_THAT(lo, WithinAbs(-2e-3, 1e-18));
    CHECK_THAT(hi, WithinAbs(2e-3, 1e-18));
}

TEST_CASE("A flat one-UI pulse with Gaussian noise has the eye height 2 A_s - 2 Q sigma", "[com][c2m]") {
    // Pulse of height h over exactly one UI (M = 32), sampled at its 17th sample: no ISI
    // inside the +/-50 mUI window, A_s = h/3 (PAM4, R_LM = 1). With Gaussian noise sigma the
    // four levels are Gaussians, and each eye is 2h/3 - 2 Q sigma tall, Q = sqrt(2) erfc^-1(2 DER_0).
    const int M = 32;
    const double h = 0.3, sigma = 2e-3, der0 = 1e-5;
    std::vector<double> pulse(M * 24, 0.0);
    const int a = 8 * M;
    for (int k = 0; k < M; ++k) pulse[a + k] = h;
    cd::C2mSpec s;
    s.samples = 100;
    s.samples_per_ui = M;
    s.t_o_mui = 50;
    s.window = "gaussian";
    s.ql = 2.5;
    s.levels = 4;
    s.r_lm = 1;
    s.sigma_x = std::sqrt(5.0 / 9.0);
    s.der0 = der0;
    const double dy = h / 3 / 1000;
    cd::C2mNoise n;
    n.sigma_n = sigma;
    n.ber_q = 4.0;
    n.cci = cd::delta_pdf(dy);
    n.ne = cd::delta_pdf(dy);
    const cd::C2mEye eye = cd::c2m_eye(s, pulse, a + 17, dy, n, true);
    const double q = 4.264890793922825;  // sqrt(2) erfc^-1(2e-5)
    CHECK_THAT(eye.eh_top - eye.eh_bottom, WithinAbs(2 * h / 3 - 2 * q * sigma, 3 * dy));
    // the reported eye is one of the three (centred at -2h/3, 0 or 2h/3)
    const double centre = (eye.eh_top + eye.eh_bottom) / 2;
    CHECK(std::min({std::fabs(centre + 2 * h / 3), std::fabs(centre), std::fabs(centre - 2 * h / 3)}) < 3 * dy);
    // noiseless: the eye is 2 A_s exactly (to the PDF bin)
    n.sigma_n = 0;
    const cd::C2mEye clean = cd::c2m_eye(s, pulse, a + 17, dy, n, true);
    CHECK_THAT(clean.eh_top - clean.eh_bottom, WithinAbs(2 * h / 3, dy));
}

namespace {
void check_c2m_case(const ComCaseResult& c, const nlohmann::json& e) {
    INFO("package case " << c.package_case);
    check_equalizer_choice(c, e);
    check_list(c.dfe_taps, golden_list(e, "dfe_taps"), 1e-9);
    CHECK_THAT(c.fom_db, WithinAbs(e["fom_db"].get<double>(), 1e-6));
    CHECK_THAT(c.as_mv, WithinRel(e["as_mv"].get<double>(), 1e-9));
    CHECK_THAT(c.vec_db, WithinAbs(e["vec_db"].get<double>(), 1e-6));
    CHECK_THAT(c.veo_mv, WithinAbs(e["veo_mv"].get<double>(), 1e-6));
    CHECK_THAT(c.eh_top_mv, WithinAbs(e["eh_top_mv"].get<double>(), 1e-6));
    CHECK_THAT(c.eh_bottom_mv, WithinAbs(e["eh_bottom_mv"].get<double>(), 1e-6));
    CHECK_THAT(c.com_db, WithinAbs(e["com_db"].get<double>(), 1e-6));
    CHECK_THAT(c.ani_mv, WithinAbs(e["ani_mv"].get<double>(), 1e-6));
    CHECK_THAT(1e3 * c.sigma_n_v, WithinRel(e["sigma_n_mv"].get<double>(), 1e-9));
    CHECK_THAT(1e3 * c.sigma_tx_v, WithinRel(e["sigma_tx_mv"].get<double>(), 1e-9));
    const auto ew = e["ew_ui"].get<std::vector<double>>();
    REQUIRE(c.ew_ui.size() == ew.size());
    for (std::size_t k = 0; k < ew.size(); ++k) CHECK_THAT(c.ew_ui[k], WithinAbs(ew[k], 1e-12));
    CHECK(c.vec_pass == (c.vec_db <= 12));
    CHECK(c.eh_pass == (c.veo_mv >= 10));
    CHECK(c.pass == (c.vec_pass && c.eh_pass));
}

// Runs a golden configuration and compares every package case; a case the reference could
// not equalize (it returns early) must end RackLink's run with equalization_failed there.
void check_c2m_golden(const std::string& cfg, const std::string& golden, const std::string& thru) {
    const auto g = read_json(kGolden + golden);
    ComConfig c = load_com_config(kGolden + cfg);
    if (g.contains("overrides"))
        for (const auto& [name, value] : g["overrides"].items()) c.set(name, value.get<std::string>());
    const ComParams p = resolve_com_params(c);
    const ComResult r = compute_com_files(p, kTouchstone + thru, {}, {});
    INFO(golden << ": " << g["description"].get<std::string>());
    const auto& cases = g["cases"];
    std::size_t ok = 0;
    while (ok < cases.size() && !cases[ok].contains("equalization_failed")) ++ok;
    if (ok == cases.size()) {
        REQUIRE(r.ok());
    } else {
        CHECK(r.status == ComStatus::equalization_failed);
        CHECK_THAT(r.message, Catch::Contains("case " + std::to_string(p.pkg_len_select[ok])));
    }
    REQUIRE(r.cases.size() == ok);
    for (std::size_t i = 0; i < ok; ++i) check_c2m_case(r.cases[i], cases[i]);
}
}  // namespace

TEST_CASE("The C2M eye of the TE 4 in channel matches the IEEE reference (802.3ck C2M sheet)",
          "[com][c2m][golden]") {
    check_c2m_golden("ck_c2m_grid.cfg", "ck_c2m_grid__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("The C2M eye of the TE 10 in channel matches the IEEE reference (802.3ck C2M sheet)",
          "[com][c2m][golden]") {
    check_c2m_golden("ck_c2m_grid.cfg", "ck_c2m_grid__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("A C2M search in which no setting opens the eye fails where the reference's does",
          "[com][c2m][golden]") {
    // ck_c2m_tiny: in the 30 mm package case no setting of the small grid opens the eye, not
    // even in the second pass without Min_VEO_Test; the reference returns after case 1.
    check_c2m_golden("ck_c2m_tiny.cfg", "ck_c2m_tiny__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("Optimize_loop_speed_up coarsens the C2M search's eye bins as the reference does", "[com][c2m][golden]") {
    // ck_c2m_tiny, case 1, with Optimize_loop_speed_up = 1: the search's eye PDFs use 1e-4 V bins
    // (FOM moves), the chosen setting's eye keeps 1e-5 V (reference C2M working copy, v4.20)
    check_c2m_golden("ck_c2m_tiny.cfg", "ck_c2m_tiny_speed_up__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("Optimize_loop_speed_up changes nothing outside the C2M search at the default truncation", "[com][c2m]") {
    // The search reads the PDF bin only for the C2M eye, and its truncation threshold is the
    // default 1e-3 anyway: a KR run is bit for bit the same.
    ComConfig c = load_com_config(kGolden + "kr4_c93.cfg");
    const Network thru = read_touchstone(kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
    const ComResult a = compute_com(resolve_com_params(c), thru, {}, {});
    c.set("Optimize_loop_speed_up", "1");
    const ComResult b = compute_com(resolve_com_params(c), thru, {}, {});
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(a.cases.size() == b.cases.size());
    for (std::size_t i = 0; i < a.cases.size(); ++i) {
        CHECK(a.cases[i].com_db == b.cases[i].com_db);
        CHECK(a.cases[i].fom_db == b.cases[i].fom_db);
        CHECK(a.cases[i].txffe == b.cases[i].txffe);
    }
    // with a finer configured truncation the search (only) goes back to 1e-3
    c.set("Impulse response truncation threshold", "1e-5");
    c.set("Optimize_loop_speed_up", "0");
    const ComResult fine = compute_com(resolve_com_params(c), thru, {}, {});
    c.set("Optimize_loop_speed_up", "1");
    const ComResult fast = compute_com(resolve_com_params(c), thru, {}, {});
    REQUIRE(fine.ok());
    REQUIRE(fast.ok());
    CHECK(fast.cases[0].fom_db != fine.cases[0].fom_db);
    c.set("Optimize_loop_speed_up", "2");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("Optimize_loop_speed_up"));
}
