// Tests of the built-in COM presets (com_presets.cpp) and of the host boards (`Include PCB`,
// the reference's add_brd): the official 802.3ck spreadsheet values, closed forms of the board
// model, and whole runs of the presets against golden values produced by the IEEE COM reference
// (com_ieee8023_93a v4.20 under GNU Octave 7.3, run on the preset texts:
// scripts/com_reference/run_reference.sh + extract_golden.m + extract_golden_extra.m;
// tests/golden/com/ck_*_preset__*.json).
#include <catch2/catch.hpp>

#include <cmath>
#include <complex>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/com_erl.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
constexpr double kPi = 3.14159265358979323846;


// A 4-port of two ideal matched 50 ohm lines (1->2, 3->4) of delay tau on a grid of `n` points
// with step `df`: the differential thru is a pure delay, SDD11 = SDD22 = 0.
Network ideal_pair(double df_hz, int n, double tau_s) {
    Network net;
    net.name = "ideal";
    net.z0_ohm = {50, 50, 50, 50};
    for (int k = 1; k <= n; ++k) {
        const double f = df_hz * k;
        Eigen::MatrixXcd s = Eigen::MatrixXcd::Zero(4, 4);
        const std::complex<double> d = std::polar(1.0, -2 * kPi * f * tau_s);
        s(1, 0) = s(0, 1) = s(3, 2) = s(2, 3) = d;
        net.f_hz.push_back(f);
        net.s.push_back(s);
    }
    return net;
}

// kr4_c93 (a cheap equalizer search) with host boards of the given lengths and capacitances.
ComParams kr4_with_boards(int include_pcb, double z_tx_mm, double z_rx_mm, double c0_nf, double c1_nf) {
    ComConfig c = load_com_config("kr4_c93");
    c.set("Include PCB", std::to_string(include_pcb));
    c.set("board_tl_gamma0_a1_a2", "[0 3.8206e-04 9.5909e-05]");
    c.set("board_tl_tau", "5.79e-3");
    c.set("board_Z_c", "100");
    c.set("z_bp (TX)", std::to_string(z_tx_mm));
    c.set("z_bp (RX)", std::to_string(z_rx_mm));
    c.set("C_0", std::to_string(c0_nf));
    c.set("C_1", std::to_string(c1_nf));
    c.set("z_p select", "1");
    return resolve_com_params(c);
}
}  // namespace

TEST_CASE("The 802.3ck presets carry the values of the official 802.3ck configuration sheets", "[com][presets]") {
    const ComParams kr = resolve_com_params(load_com_config("ck_kr"));
    CHECK(kr.fb_hz == 53.125e9);
    CHECK(kr.levels == 4);
    CHECK(kr.der0 == 1e-4);
    CHECK(kr.c_d_f[0] == std::vector<double>{1.2e-4 * 1e-9});  // C_d = [1.2e-4 1.2e-4] nF, no ladder
    CHECK(kr.l_s_h[1] == std::vector<double>{0.12 * 1e-9});
    CHECK(kr.c_b_f[0] == 0.3e-4 * 1e-9);
    CHECK(kr.c_p_f[1] == 0.87e-4 * 1e-9);
    CHECK(kr.z_p_tx_mm[0] == std::vector<double>{12, 1.8, 0, 0});
    CHECK(kr.z_p_next_mm[1] == std::vector<double>{29, 1.8, 0, 0});
    CHECK(kr.z_c_ohm[0] == std::vector<double>{87.5, 92.5, 100, 100});
    CHECK(kr.txffe_taps.size() == 4);
    CHECK(kr.txffe_taps[0].size() == 4);    // c(-3) = -0.06:0.02:0
    CHECK(kr.txffe_taps[2].size() == 18);   // c(-1) = -0.34:0.02:0
    CHECK(kr.txffe_taps[3].size() == 11);   // c(1) = -0.2:0.02:0
    CHECK(kr.ndfe == 12);
    CHECK(kr.bmax == std::vector<double>{0.85, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1});
    CHECK(kr.bmin[0] == 0.3);
    CHECK(kr.bmin[1] == 0.05);
    CHECK(kr.bmin[11] == -0.03);
    CHECK(kr.n_bg == 3);
    CHECK(kr.n_bf == 3);
    CHECK(kr.n_bmax == 40);
    CHECK(kr.bmaxg == 0.05);
    CHECK(kr.b_float_rss_max == 0.02);
    CHECK(kr.n_tail_start == 25);
    CHECK(kr.f2_hz == 40e9);
    CHECK(kr.f_v == 0.59356862745098038);
    CHECK(kr.a_icn_fext == 0.6);
    CHECK(kr.t_r_ns == 7.5e-3);
    CHECK(kr.eta0_v2_per_ghz == 8.2e-9);
    CHECK(kr.include_pcb == 0);
    const ComErlParams kr_erl = resolve_com_erl_params(load_com_config("ck_kr"));
    CHECK(kr_erl.enabled);
    CHECK(kr_erl.n_ui == 3500);
    CHECK(kr_erl.n_bx == 21);
    CHECK(kr_erl.tukey);

    const ComParams cr = resolve_com_params(load_com_config("ck_cr"));
    CHECK(cr.include_pcb == 1);
    CHECK(cr.eta0_v2_per_ghz == 9e-9);
    CHECK(cr.snr_tx_db[0] == 32.5);
    CHECK(cr.bmaxg == 0.03);
    CHECK(cr.brd_z_c_ohm[1] == 100);
    CHECK(cr.z_bp_next_mm == 110.3);
    CHECK(cr.c_0_f[0] == 0.29e-4 * 1e-9);
    CHECK(cr.c_1_f[1] == 0.19e-4 * 1e-9);
    CHECK(cr.brd_tau_ns_per_mm == 5.79e-3);
    const ComErlParams cr_erl = resolve_com_erl_params(load_com_config("ck_cr"));
    CHECK(cr_erl.n_ui == 4500);
    CHECK(cr_erl.n_bx == 0);
    CHECK(cr_erl.tfx_s[0] == 0.3e-9);
    CHECK(cr_erl.tfx_s[1] == 0.3e-9);

    const ComParams c2c = resolve_com_params(load_com_config("ck_c2c"));
    CHECK(c2c.der0 == 1e-5);
    CHECK(c2c.ndfe == 6);
    CHECK(c2c.bmax == std::vector<double>{0.65, 0.15, 0.1, 0.1, 0.1, 0.1});
    CHECK(c2c.bmin == std::vector<double>{0.3, 0.05, -0.04, -0.04, -0.04, -0.04});
    CHECK(c2c.n_bg == 0);
    CHECK(c2c.g_dc_hp_db.size() == 5);  // [-4:1:0]
    CHECK(c2c.z_p_tx_mm[0] == std::vector<double>{13, 1.8, 0, 0});
    CHECK(c2c.z_p_rx_mm[0] == std::vector<double>{11, 1.8, 0, 0});
    CHECK(c2c.eta0_v2_per_ghz == 2e-8);

    CHECK(com_preset_names() == std::vector<std::string>{"ck_kr", "ck_cr", "ck_c2c", "ck_c2m", "ck_c2m_erl_host",
                                                         "ck_c2m_erl_module", "ck_cr_erl_host", "dj_kr", "kr4_c93"});
    CHECK_THROWS_WITH(com_preset_text("dj_cr"),
                      Catch::Contains("ck_kr, ck_cr, ck_c2c, ck_c2m, ck_c2m_erl_host, ck_c2m_erl_module, "
                                      "ck_cr_erl_host, dj_kr, kr4_c93"));
}

TEST_CASE("The ck_c2m preset rates ERL with the TX package and the ERL-only presets follow their 10_26_2022 sheets",
          "[com][presets][erl]") {
    // ck_c2m: 3ck_SA_120g_C2M_tp1a_08_17_2022 sets ERL = 1, TDR_W_TXPKG = 1, N = 800,
    // fixture delay time [0 0.2e-9], N_bx = 0, TR_TDR = 0.01 ns.
    const ComErlParams c2m = resolve_com_erl_params(load_com_config("ck_c2m"));
    CHECK(c2m.enabled);
    CHECK(c2m.erl_mode == 1);
    CHECK_FALSE(c2m.erl_only);
    CHECK(c2m.tdr_w_txpkg);
    CHECK(c2m.n_ui == 800);
    CHECK(c2m.tfx_s[0] == 0);
    CHECK(c2m.tfx_s[1] == 0.2e-9);
    CHECK_THAT(c2m.tr_tdr_s, Catch::Matchers::WithinRel(0.01e-9, 1e-15));
    // The ERL sheets (ERL = 2, ERL_ONLY = 1): [name, f_b, DER_0, N] and the ERL Pass threshold.
    struct Sheet {
        const char* name;
        double fb_hz, der0, n_ui, erl_threshold_db;
    };
    for (const Sheet& sh : {Sheet{"ck_c2m_erl_host", 53.125e9, 1e-5, 800, 7.3}, Sheet{"ck_c2m_erl_module", 56.1e9, 1e-6, 400, 9},
                            Sheet{"ck_cr_erl_host", 53.125e9, 1e-4, 800, 7.3}}) {
        INFO(sh.name);
        const ComConfig cfg = load_com_config(sh.name);
        const ComErlParams e = resolve_com_erl_params(cfg);
        CHECK(e.enabled);
        CHECK(e.erl_mode == 2);
        CHECK(e.erl_only);
        CHECK_FALSE(e.tdr_w_txpkg);
        CHECK(e.fb_hz == sh.fb_hz);
        CHECK(e.der0 == sh.der0);
        CHECK(e.n_ui == sh.n_ui);
        CHECK(e.n_bx == 0);
        CHECK(e.tfx_s[0] == 0.2e-9);  // one value in the sheet: both ports
        CHECK(e.tfx_s[1] == 0.2e-9);
        CHECK_THAT(e.tr_tdr_s, Catch::Matchers::WithinRel(0.01e-9, 1e-15));
        CHECK(e.rho_x == 0.618);
        CHECK(e.beta_x_hz == 0);
        CHECK(e.tukey);
        CHECK(e.levels == 4);
        CHECK(e.samples_per_ui == 32);
        CHECK(cfg.find("ERL Pass threshold")->linear().front() == sh.erl_threshold_db);
        // The COM tables of the sheets resolve too (they are those of 3ck_SA_KR with Include PCB).
        const ComParams p = resolve_com_params(cfg);
        CHECK(p.include_pcb == 1);
        CHECK(p.eta0_v2_per_ghz == 9e-9);
        CHECK(p.bmaxg == 0.03);
    }
}

TEST_CASE("A matched host board line adds its 93A-9 loss on both sides, or on the receiver side only", "[com][presets]") {
    // Grid with f_b/2 on a point: no interpolation error in the loss at Nyquist.
    const double fb = 25.78125e9, df = fb / 2 / 129;
    const Network thru = ideal_pair(df, 300, 0.2e-9);
    // board_Z_c = 2 R_0 = 100 ohm: rho = 0 (93A-12), |S21| = exp(-Re(gamma) d) with gamma0 = 0,
    // Re(gamma) = a1 sqrt(f) + a2 f (93A-9..93A-11, f in GHz, 1/mm).
    const double fg = fb / 2 / 1e9;
    const double np_per_mm = 3.8206e-4 * std::sqrt(fg) + 9.5909e-05 * fg;
    const double db_per_mm = 20 / std::log(10.0) * np_per_mm;
    const ComResult both = compute_com(kr4_with_boards(1, 100, 50, 0, 0), thru, {}, {});
    CHECK_THAT(both.il_nyquist_db, WithinAbs(0, 1e-12));  // the channel alone stays the channel
    CHECK_THAT(both.il_with_pcb_nyquist_db, WithinAbs(150 * db_per_mm, 1e-9));
    CHECK_THAT(both.il_with_pcb_nyquist_db, WithinAbs(3.3980, 1e-4));  // hand calculation
    const ComResult rx_only = compute_com(kr4_with_boards(2, 100, 50, 0, 0), thru, {}, {});
    CHECK_THAT(rx_only.il_with_pcb_nyquist_db, WithinAbs(50 * db_per_mm, 1e-9));
    // The boards lower COM: more loss before the same equalizer.
    const ComResult none = compute_com(kr4_with_boards(0, 100, 50, 0, 0), thru, {}, {});
    REQUIRE(none.ok());
    REQUIRE(both.ok());
    CHECK(none.il_with_pcb_nyquist_db == 0);
    CHECK(both.cases[0].vtf_loss_db > none.cases[0].vtf_loss_db + 3);
}

TEST_CASE("Host board pad capacitances C_0 and C_1 are shunt capacitors at each board end", "[com][presets]") {
    // Zero-length boards leave C_0 and C_1 in parallel at each side of the thru (a delay tau):
    // shunt S11 = -y/(2 + y), S21 = 2/(2 + y), y = j w C R_0 (93A-8 form); cascade with the
    // delay d and the other side: S21 = s21 d s21 / (1 - s11 d^2 s11).
    const double fb = 25.78125e9, df = fb / 2 / 129, tau = 0.2e-9;
    const ComResult r = compute_com(kr4_with_boards(1, 0, 0, 1e-4, 0.5e-4), ideal_pair(df, 300, tau), {}, {});
    const double w = 2 * kPi * fb / 2;
    const std::complex<double> y(0, w * 1.5e-13 * 50);
    const std::complex<double> s11 = -y / (2.0 + y), s21 = 2.0 / (2.0 + y);
    const std::complex<double> d = std::polar(1.0, -w * tau);
    const double il = -20 * std::log10(std::abs(s21 * d * s21 / (1.0 - s11 * d * d * s11)));
    CHECK(il > 0.05);
    CHECK_THAT(r.il_with_pcb_nyquist_db, WithinAbs(il, 1e-9));
}

TEST_CASE("Include PCB other than 0, 1 or 2 stops with the parameter named", "[com][presets]") {
    ComConfig c = load_com_config("ck_cr");
    c.set("Include PCB", "3");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("Include PCB"));
    c.set("Include PCB", "1");
    c.set("z_bp (TX)", "[100 120]");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("z_bp (TX)"));
}

namespace {
// Every figure the golden file holds, for a run of a preset on one thru channel.
void check_preset_golden(const std::string& preset, const std::string& golden, const std::string& thru) {
    const auto g = read_json(kGolden + golden);
    INFO(golden << ": " << g["description"].get<std::string>());
    const ComConfig cfg = load_com_config(preset);
    const ComParams p = resolve_com_params(cfg);
    const ComResult r = compute_com_files(p, kTouchstone + thru, {}, {});
    REQUIRE(r.ok());
    CHECK_THAT(r.fom_ild_db, WithinAbs(g["fom_ild_db"].get<double>(), 1e-6));
    CHECK_THAT(r.icn_mv, WithinAbs(g["icn_mv"].get<double>(), 1e-9));
    if (g.contains("il_with_pcb_nyquist_db")) {
        CHECK_THAT(r.il_with_pcb_nyquist_db, WithinAbs(g["il_with_pcb_nyquist_db"].get<double>(), 1e-9));
        CHECK_THAT(r.il_nyquist_db, WithinAbs(g["cable_assembly_loss_db"].get<double>(), 1e-9));
    }
    REQUIRE(r.cases.size() == g["cases"].size());
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const auto& c = r.cases[i];
        const auto& e = g["cases"][i];
        INFO("package case " << c.package_case);
        check_figures(c, e, {.com_db = 1e-6, .fom_db = 1e-6, .as_rel = 1e-8, .ani_mv = 1e-6});
        check_equalizer_choice(c, e);
        check_list(c.dfe_taps, golden_list(e, "dfe_taps"), 1e-9);
        check_list(c.floating_taps, golden_list(e, "floating_taps"));
        CHECK_THAT(1e3 * c.sgm_isi_v, WithinRel(e["sgm_isi_mv"].get<double>(), 1e-6));
        CHECK_THAT(1e3 * c.sgm_noise_v, WithinRel(e["sgm_noise_mv"].get<double>(), 1e-6));
        CHECK_THAT(1e3 * c.sgm_p_dd_v, WithinRel(e["sgm_p_dd_mv"].get<double>(), 1e-6));
        CHECK_THAT(1e3 * c.sigma_n_v, WithinRel(e["sigma_n_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.sigma_tx_v, WithinRel(e["sigma_tx_mv"].get<double>(), 1e-9));
        CHECK_THAT(c.vtf_loss_db, WithinAbs(e["vtf_loss_db"].get<double>(), 1e-9));
        CHECK_THAT(c.die_to_die_loss_db, WithinAbs(e["die_to_die_loss_db"].get<double>(), 1e-9));
        CHECK_THAT(c.peak_isi_mv, WithinAbs(e["peak_isi_mv"].get<double>(), 1e-6));
        CHECK(c.pass == (c.com_db >= 3.0));
    }
    // ERL (the presets set ERL = 1): the reference reports it with the COM run.
    if (g.contains("erl_db")) {
        const ComErlParams ep = resolve_com_erl_params(cfg);
        REQUIRE(ep.enabled);
        const ComErlResult erl = compute_com_erl(ep, read_touchstone(kTouchstone + thru));
        for (int s = 0; s < 2; ++s) {
            INFO("ERL port " << s + 1);
            CHECK_THAT(erl.side[s].erl_db, WithinAbs(g["erl_db"][s].get<double>(), 1e-6));
            CHECK_THAT(erl.side[s].avg_z_ohm, WithinAbs(g["avg_z_ohm"][s].get<double>(), 1e-6));
        }
    }
}
}  // namespace

TEST_CASE("The ck_kr preset matches the IEEE reference on the TE 4 in channel (COM, equalizer, floating taps, ERL)",
          "[com][presets][golden]") {
    check_preset_golden("ck_kr", "ck_kr_preset__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("The ck_cr preset with its host boards matches the IEEE reference on the TE 4 in channel",
          "[com][presets][golden]") {
    check_preset_golden("ck_cr", "ck_cr_preset__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("The ck_c2c preset matches the IEEE reference on the TE 4 in channel", "[com][presets][golden]") {
    check_preset_golden("ck_c2c", "ck_c2c_preset__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

TEST_CASE("The kr4_c93 preset (DER_0 = 1e-5) matches the IEEE reference on the TE 4 in channel", "[com][presets][golden]") {
    check_preset_golden("kr4_c93", "kr4_c93_preset__te_4in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
}

// The second channel of each preset: about 1 s each, so hidden from the default run (the TE 4 in
// cases above cover every code path); run with `test_sigint "[presets-10in]"`.
TEST_CASE("The ck_kr preset matches the IEEE reference on the TE 10 in channel", "[.][presets-10in]") {
    check_preset_golden("ck_kr", "ck_kr_preset__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("The ck_cr preset matches the IEEE reference on the TE 10 in channel", "[.][presets-10in]") {
    check_preset_golden("ck_cr", "ck_cr_preset__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("The ck_c2c preset matches the IEEE reference on the TE 10 in channel", "[.][presets-10in]") {
    check_preset_golden("ck_c2c", "ck_c2c_preset__te_10in.json", "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
}

TEST_CASE("Entries RackLink does not read are listed, reference-only switches refused away from their defaults",
          "[com][config]") {
    // Every built-in preset is read completely (its display switches and its reference
    // defaults excepted).
    for (const auto& name : com_preset_names()) {
        INFO(name);
        CHECK(com_unused_parameters(load_com_config(name)).empty());
    }
    ComConfig c = load_com_config("ck_kr");
    c.set("g_dc2", "1");           // a second CTLE gain grid: this CTLE has none
    c.set("f_bb", "53.125");       // a typo of f_b
    c.set("RESULT_DIR", "./out");  // the reference's file output: no effect, not listed
    const std::vector<std::string> unused = com_unused_parameters(c);
    CHECK(unused == std::vector<std::string>{"f_bb", "g_dc2"});  // overrides (no line) by name
    // A reference option RackLink does not implement is accepted at its default only.
    c.set("TDECQ", "0");
    CHECK_NOTHROW(resolve_com_params(c));
    c.set("TDECQ", "1");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("`TDECQ` = 1") && Catch::Contains("default 0"));
    // ... and one the reference reads but never uses is ignored with the "not read" warning
    ComConfig n = load_com_config("ck_kr");
    n.set("skew_ps", "5");
    n.set("Dynamic TXFFE", "0");
    CHECK_NOTHROW(resolve_com_params(n));
    CHECK(com_unused_parameters(n) == std::vector<std::string>{"Dynamic TXFFE", "skew_ps"});
    ComConfig d = load_com_config("ck_kr");
    d.set("INC_PACKAGE", "0");
    CHECK_THROWS_WITH(resolve_com_params(d), Catch::Contains("INC_PACKAGE") && Catch::Contains("default 1"));
}
