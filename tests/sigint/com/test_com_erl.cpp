// Tests of ERL (IEEE 802.3 Annex 93A.5, com_erl.hpp): closed forms of the reflection and
// weighting, and whole runs against golden values produced by the IEEE COM reference code
// (com_ieee8023_93a v4.20 under GNU Octave 7.3, ERL_ONLY = 1; tests/golden/com/ck_kr_erl__te.json,
// for TDR_W_TXPKG, ERL = 2 and the 802.3ck ERL presets tests/golden/com/ck_preset_erl__te.json, and
// for AUTO_TFX, N = 0, Z_t sweeps and SHOW_BRD tests/golden/com/ck_erl_options__te.json, the
// reference's v4.50 branches transcribed into the working copy).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <complex>
#include <fstream>
#include <vector>
#include <nlohmann/json.hpp>
#include <string>

#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/com_erl.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
using Catch::Matchers::WithinAbs;

namespace {
constexpr double kPi = 3.14159265358979323846;

// A 4-port of two ideal matched 50 ohm lines (1->2, 3->4) of delay tau whose far ends reflect
// a frequency-flat gamma back to ports 1 and 3 (the far ports 2 and 4 see no reflection).
// loss_db_sqrt_ghz adds a skin-effect-like loss of that many dB per sqrt(GHz) to each line.
Network matched_pair(double gamma, double tau_s, double loss_db_sqrt_ghz = 0) {
    Network n;
    n.name = "ideal";
    n.z0_ohm = {50, 50, 50, 50};
    for (int k = 1; k <= 400; ++k) {
        const double f = 0.1e9 * k;
        Eigen::MatrixXcd s = Eigen::MatrixXcd::Zero(4, 4);
        const double mag = std::pow(10.0, -loss_db_sqrt_ghz * std::sqrt(f / 1e9) / 20);
        const std::complex<double> d = std::polar(mag, -2 * kPi * f * tau_s);
        s(1, 0) = s(0, 1) = s(3, 2) = s(2, 3) = d;
        s(0, 0) = s(2, 2) = gamma * d * d;  // reflection at the far end, seen at the near end
        n.f_hz.push_back(f);
        n.s.push_back(s);
    }
    return n;
}

// The 2-port of ports a and b (1-based) of a 4-port, the other ports terminated in the reference
// impedance: the sub-matrix, as a Touchstone .s2p holding those entries would read.
Network two_port_of(const Network& n4, int a, int b) {
    Network n;
    n.name = n4.name + " ports " + std::to_string(a) + "," + std::to_string(b);
    n.f_hz = n4.f_hz;
    n.z0_ohm = {n4.z0_ohm[a - 1], n4.z0_ohm[b - 1]};
    const int idx[2] = {a - 1, b - 1};
    for (const auto& m : n4.s) {
        Eigen::MatrixXcd s(2, 2);
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j) s(i, j) = m(idx[i], idx[j]);
        n.s.push_back(s);
    }
    return n;
}

// The ck_c2m preset (TDR_W_TXPKG = 1) with a TX package of zero length and no die or ball
// capacitances, the die termination R_d and the fixture delays as given.
ComConfig c2m_without_package(const std::string& r_d) {
    ComConfig c = load_com_config("ck_c2m");
    for (const char* name : {"C_d", "L_s", "C_b", "C_p"}) c.set(name, "[0 0]");
    c.set("z_p (TX)", "[0 0; 0 0]");
    c.set("z_p (FEXT)", "[0 0; 0 0]");
    c.set("R_d", r_d);
    c.set("fixture delay time", "[0 0]");
    return c;
}
}  // namespace

TEST_CASE("ERL parameters resolve with the reference defaults and reject what is unsupported", "[com][erl]") {
    ComConfig c = load_com_config(kGolden + "ck_kr_erl.cfg");
    ComErlParams e = resolve_com_erl_params(c);
    CHECK(e.enabled);
    CHECK(e.n_bx == 12);
    CHECK_THAT(e.tr_tdr_s, WithinAbs(10e-12, 1e-18));
    CHECK_THAT(e.beta_x_hz, WithinAbs(1.7e9, 1));
    CHECK(e.grr == 1);
    CHECK_FALSE(e.auto_tfx);
    CHECK_FALSE(e.show_brd);
    CHECK(e.tdr_duration == 5);
    CHECK(e.z_t_sweep_ohm.empty());
    ComConfig opt = c;
    opt.set("AUTO_TFX", "1");
    opt.set("N", "0");
    opt.set("TDR_duration", "4");
    opt.set("Z_t", "[45 50]");
    e = resolve_com_erl_params(opt);
    CHECK(e.auto_tfx);
    CHECK(e.n_ui == 0);
    CHECK(e.tdr_duration == 4);
    CHECK(e.z_t_ohm == 45);
    CHECK(e.z_t_sweep_ohm == std::vector<double>{45, 50});
    ComConfig bad = c;
    bad.set("N", "-1");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("`N`"));
    bad = c;
    bad.set("Z_t", "[45 0]");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("Z_t"));
    // The reference's default -1 s gates the TDR before t = 0 (it reports ERL = Inf, Z = 0 on
    // the TE 4 in thru): rejected, naming the parameter and its line.
    bad = c;
    bad.values.erase("fixture delay time");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("`fixture delay time` is required"));
}

TEST_CASE("A flat far-end reflection gives ERL = -20 log10 of the gated, weighted pulse", "[com][erl]") {
    // Lossless matched lines with a flat reflection gamma at the far end (round trip 2 tau =
    // 2 ns, far beyond the N_bx = 0 span, where G_rr = 1): the PTDR there is gamma times the
    // UI pulse through the Gaussian edge and the Butterworth filter, whose peak is a little
    // below 1, so ERL is a little above -20 log10(gamma).
    ComConfig c = load_com_config(kGolden + "ck_kr_erl.cfg");
    c.set("Grr", "2");
    c.set("N_bx", "0");
    c.set("N", "400");
    c.set("Tukey_Window", "0");
    ComErlParams e = resolve_com_erl_params(c);
    const double gamma = 0.1;
    ComErlResult r = compute_com_erl(e, matched_pair(gamma, 1e-9));
    REQUIRE(r.computed);
    const double bound = -20 * std::log10(gamma);
    CHECK(r.side[0].erl_db > bound - 0.2);
    CHECK(r.side[0].erl_db < bound + 1.5);
    // The far port (3-4 side, reflection-free) sees no reflection at all.
    CHECK(r.side[1].erl_db > r.side[0].erl_db + 40);
    // A doubled reflection lowers ERL by 20 log10(2) (everything is linear in gamma).
    ComErlResult r2 = compute_com_erl(e, matched_pair(2 * gamma, 1e-9));
    CHECK_THAT(r.side[0].erl_db - r2.side[0].erl_db, WithinAbs(20 * std::log10(2.0), 0.05));
}

TEST_CASE("ERL of the TE channels matches the IEEE reference on both sides", "[com][erl][golden]") {
    std::ifstream in(kGolden + "ck_kr_erl__te.json");
    REQUIRE(in.good());
    const auto g = nlohmann::json::parse(in);
    ComErlParams e = resolve_com_erl_params(load_com_config(kGolden + "ck_kr_erl.cfg"));
    for (const auto& [file, ref] : g["channels"].items()) {
        INFO(file);
        ComErlResult r = compute_com_erl(e, read_touchstone(kTouchstone + file));
        REQUIRE(r.computed);
        for (int s = 0; s < 2; ++s) {
            CHECK_THAT(r.side[s].erl_db, WithinAbs(ref["erl_db"][s].get<double>(), 1e-4));
            CHECK_THAT(r.side[s].avg_z_ohm, WithinAbs(ref["avg_z_ohm"][s].get<double>(), 1e-4));
        }
    }
}

TEST_CASE("ERL with TX and RX port skews matches the IEEE reference", "[com][erl][golden]") {
    std::ifstream in(kGolden + "ck_kr_erl_skew__te.json");
    REQUIRE(in.good());
    const auto g = nlohmann::json::parse(in);
    ComConfig c = load_com_config(kGolden + "ck_kr_erl.cfg");
    for (const auto& [name, value] : g["overrides"].items()) c.set(name, value.get<std::string>());
    const ComErlParams e = resolve_com_erl_params(c);
    CHECK(e.port_skew_s[1] == 3e-12);   // Txnskew
    CHECK(e.port_skew_s[2] == -2e-12);  // Rxpskew
    const ComErlResult r = compute_com_erl(e, read_touchstone(kTouchstone + g["thru"].get<std::string>()));
    REQUIRE(r.computed);
    for (int s = 0; s < 2; ++s) {
        CHECK_THAT(r.side[s].erl_db, WithinAbs(g["erl_db"][s].get<double>(), 1e-9));
        CHECK_THAT(r.side[s].avg_z_ohm, WithinAbs(g["avg_z_ohm"][s].get<double>(), 1e-9));
    }
    // the skew matters on port 2: 7.66 dB against 7.45 dB without it
    CHECK(r.side[1].erl_db - 7.4506 > 0.2);
}

TEST_CASE("ERL with Z_t 45 ohm, rho_x weighting and the quantile phase choice matches the reference", "[com][erl][golden]") {
    std::ifstream in(kGolden + "ck_kr_erl__te.json");
    REQUIRE(in.good());
    const auto v = nlohmann::json::parse(in)["variant"];
    ComConfig c = load_com_config(kGolden + "ck_kr_erl.cfg");
    for (const auto& [name, value] : v["overrides"].items()) c.set(name, value.get<std::string>());
    ComErlParams e = resolve_com_erl_params(c);
    CHECK(e.grr == 2);
    CHECK_FALSE(e.norm_fom);
    ComErlResult r = compute_com_erl(e, read_touchstone(kTouchstone + v["thru"].get<std::string>()));
    for (int s = 0; s < 2; ++s) {
        CHECK_THAT(r.side[s].erl_db, WithinAbs(v["erl_db"][s].get<double>(), 1e-4));
        CHECK_THAT(r.side[s].avg_z_ohm, WithinAbs(v["avg_z_ohm"][s].get<double>(), 1e-4));
    }
}

TEST_CASE("ERL = 2 is the package ERL of the reference and is computed as ERL = 1", "[com][erl]") {
    ComConfig c = load_com_config(kGolden + "ck_kr_erl.cfg");
    c.set("N", "400");
    const ComErlParams e1 = resolve_com_erl_params(c);
    c.set("ERL", "2");
    const ComErlParams e2 = resolve_com_erl_params(c);
    CHECK(e1.erl_mode == 1);
    CHECK(e2.erl_mode == 2);
    CHECK(e2.enabled);
    const Network thru = read_touchstone(kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
    const ComErlResult r1 = compute_com_erl(e1, thru), r2 = compute_com_erl(e2, thru);
    for (int s = 0; s < 2; ++s) CHECK(r1.side[s].erl_db == r2.side[s].erl_db);
    ComConfig bad = c;
    bad.set("ERL", "3");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad),
                      Catch::Contains("`ERL`") && Catch::Contains("0 (off), 1 (ERL) or 2"));
    bad = c;
    bad.set("TDR_W_TXPKG", "1");  // the reference: "ERL==2 not supportted if TDR_W_TXPKG = 1"
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("TDR_W_TXPKG") && Catch::Contains("ERL = 2"));
}

TEST_CASE("A 2-port is one differential port: its ERL equals port 1 of the 4-port it was cut from", "[com][erl]") {
    // With Z_t = 50 ohm (2 Z_t = the 100 ohm reference) the far port's termination does not
    // change the reflection (the TDR_RL closed form reduces to SDD11), so the 2-port of a
    // thru's tx+ and tx- ports (SDD11 = (S11 - S13 - S31 + S33)/2) must give port 1's ERL.
    const ComErlParams e = resolve_com_erl_params(load_com_config("ck_c2m_erl_host"));
    const Network thru = read_touchstone(kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p");
    const ComErlResult r4 = compute_com_erl(e, thru);
    const ComErlResult r2 = compute_com_erl(e, two_port_of(thru, 1, 3));
    REQUIRE(r2.computed);
    CHECK_THAT(r2.side[0].erl_db, WithinAbs(r4.side[0].erl_db, 1e-9));
    CHECK_THAT(r2.side[0].avg_z_ohm, WithinAbs(r4.side[0].avg_z_ohm, 1e-9));
    CHECK(r2.side[0].rated);
    CHECK_FALSE(r2.side[1].rated);
    CHECK(std::isnan(r2.side[1].erl_db));
    CHECK(r2.min_erl_db() == r2.side[0].erl_db);
    // TDR_W_TXPKG needs the thru's far port
    const ComErlParams pk = resolve_com_erl_params(load_com_config("ck_c2m"));
    CHECK_THROWS_WITH(compute_com_erl(pk, two_port_of(thru, 1, 3)), Catch::Contains("TDR_W_TXPKG"));
}

TEST_CASE("TDR_W_TXPKG takes the TX package of the first z_p select case from the COM tables", "[com][erl]") {
    const ComErlParams e = resolve_com_erl_params(load_com_config("ck_c2m"));
    REQUIRE(e.enabled);
    CHECK(e.tdr_w_txpkg);
    CHECK(e.tx_pkg.c_d_f == std::vector<double>{1.2e-4 * 1e-9});
    CHECK(e.tx_pkg.l_s_h == std::vector<double>{0.12 * 1e-9});
    CHECK(e.tx_pkg.c_b_f == 0.3e-4 * 1e-9);
    CHECK(e.tx_pkg.c_p_f == 0.87e-4 * 1e-9);
    CHECK(e.tx_pkg.z_p_mm == std::vector<double>{15, 1.8, 0, 0});      // case 1 of [15 30; 1.8 1.8]
    CHECK(e.tx_pkg.z_c_ohm == std::vector<double>{87.5, 92.5, 100, 100});  // two segments padded to four
    CHECK(e.tx_pkg.r_d_ohm == 50);
    CHECK(e.tfx_s[1] == 0.2e-9);
}

TEST_CASE("TDR_W_TXPKG with a zero-length package and no capacitances equals TDR_W_TXPKG = 0 on port 2", "[com][erl]") {
    // The empty package is the identity 2-port (93A-8 with C = 0, 93A-13/14 with z_p = 0) and
    // 2 R_d = 100 ohm needs no termination network, so port 2 sees the bare channel; port 1 is
    // not rated (the reference reports ERL = [NaN ERL22]) but its impedance is still estimated.
    ComConfig c = c2m_without_package("[50 50]");
    c.set("N", "400");
    const Network thru = read_touchstone(kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
    const ComErlResult with = compute_com_erl(resolve_com_erl_params(c), thru);
    c.set("TDR_W_TXPKG", "0");
    const ComErlResult without = compute_com_erl(resolve_com_erl_params(c), thru);
    CHECK_THAT(with.side[1].erl_db, WithinAbs(without.side[1].erl_db, 1e-12));
    CHECK_THAT(with.side[1].avg_z_ohm, WithinAbs(without.side[1].avg_z_ohm, 1e-12));
    CHECK_FALSE(with.side[0].rated);
    CHECK(std::isnan(with.side[0].erl_db));
    CHECK_THAT(with.side[0].avg_z_ohm, WithinAbs(without.side[0].avg_z_ohm, 1e-12));
    CHECK(with.min_erl_db() == with.side[1].erl_db);
    CHECK(without.min_erl_db() == std::min(without.side[0].erl_db, without.side[1].erl_db));
    // A negligible die capacitance (1e-22 F: omega C Z < 1e-9 up to the top frequency) and a
    // 1 um package line change port 2's ERL by far less than a millidecibel.
    c.set("TDR_W_TXPKG", "1");
    c.set("C_d", "[1e-13 0]");  // nF
    c.set("z_p (TX)", "[0.001 0.001; 0 0]");
    const ComErlResult tiny = compute_com_erl(resolve_com_erl_params(c), thru);
    CHECK_THAT(tiny.side[1].erl_db, WithinAbs(without.side[1].erl_db, 1e-3));
}

TEST_CASE("TDR_W_TXPKG terminates the die in 2 R_d: port 2 sees the reflection (2 R_d - 100)/(2 R_d + 100)", "[com][erl]") {
    // Reflection-free ideal lines, empty package: port 2 looks through the line into the die
    // termination alone, a flat reflection Gamma = (2 R_d - 100)/(2 R_d + 100) delayed by the
    // round trip; that is port 1 of the same lines with Gamma put at their far end directly.
    // R_d = 75 ohm takes the series branch (150 ohm > 100), R_d = 30 ohm the shunt one.
    for (const auto& [r_d, gamma] : {std::pair<const char*, double>{"[75 75]", 0.2}, {"[30 30]", -0.25}}) {
        INFO("R_d = " << r_d);
        ComConfig c = c2m_without_package(r_d);
        c.set("N", "400");
        const ComErlResult pkg = compute_com_erl(resolve_com_erl_params(c), matched_pair(0, 1e-9));
        c.set("TDR_W_TXPKG", "0");
        const ComErlResult direct = compute_com_erl(resolve_com_erl_params(c), matched_pair(gamma, 1e-9));
        CHECK_THAT(pkg.side[1].erl_db, WithinAbs(direct.side[0].erl_db, 1e-9));
        CHECK_THAT(pkg.side[1].erl_db, WithinAbs(-20 * std::log10(std::fabs(gamma)), 1.5));
    }
}

namespace {
// One reference run of tests/golden/com/ck_preset_erl__te.json against RackLink.
void check_erl_run(const nlohmann::json& run) {
    ComConfig c = load_com_config(run["preset"].get<std::string>());
    for (const auto& [name, value] : run["overrides"].items()) c.set(name, value.get<std::string>());
    const ComErlParams e = resolve_com_erl_params(c);
    Network thru = read_touchstone(kTouchstone + run["thru"].get<std::string>());
    if (run.contains("two_port_of"))
        thru = two_port_of(thru, run["two_port_of"][0].get<int>(), run["two_port_of"][1].get<int>());
    const ComErlResult r = compute_com_erl(e, thru);
    REQUIRE(r.computed);
    for (int s = 0; s < 2; ++s) {
        INFO("port " << s + 1);
        const auto& want = run["erl_db"][s];
        if (want.is_null()) {  // the reference's NaN: port not rated
            CHECK_FALSE(r.side[s].rated);
            CHECK(std::isnan(r.side[s].erl_db));
        } else {
            CHECK(r.side[s].rated);
            CHECK_THAT(r.side[s].erl_db, WithinAbs(want.get<double>(), 1e-12));
        }
        if (!run["avg_z_ohm"][s].is_null())
            CHECK_THAT(r.side[s].avg_z_ohm, WithinAbs(run["avg_z_ohm"][s].get<double>(), 1e-9));
    }
    CHECK_THAT(r.min_erl_db(), WithinAbs(run["min_erl_db"].get<double>(), 1e-12));
}
}  // namespace

TEST_CASE("ERL with the TX package (ck_c2m preset, TDR_W_TXPKG = 1) matches the IEEE reference", "[com][erl][golden]") {
    const auto g = read_json(kGolden + "ck_preset_erl__te.json");
    int n = 0;
    for (const auto& run : g["runs"]) {
        if (run["preset"] != "ck_c2m") continue;
        INFO(run["thru"].get<std::string>());
        check_erl_run(run);
        ++n;
    }
    CHECK(n == 2);
}

TEST_CASE("The 802.3ck ERL-only presets (ERL = 2) match the IEEE reference, on a thru and on a 2-port", "[com][erl][golden]") {
    const auto g = read_json(kGolden + "ck_preset_erl__te.json");
    int n = 0;
    for (const auto& run : g["runs"]) {
        if (run["preset"] == "ck_c2m") continue;
        INFO(run["preset"].get<std::string>() << " on " << run["thru"].get<std::string>()
                                              << (run.contains("two_port_of") ? " (2-port)" : ""));
        check_erl_run(run);
        ++n;
    }
    CHECK(n >= 4);
}

TEST_CASE("the ERL verdict compares the smaller rated port with ERL Pass threshold", "[com][erl]") {
    racklink::sigint::ComErlResult r;
    r.computed = true;
    r.side[0].erl_db = 9.0;
    r.side[1].erl_db = 7.2;
    CHECK(r.pass());  // no threshold given: no verdict against it
    r.pass_threshold_db = 7.3;
    CHECK_FALSE(r.pass());
    r.pass_threshold_db = 7.2;
    CHECK(r.pass());  // at the threshold passes (>=)
    r.side[1].rated = false;  // port 2 not rated: port 1 alone decides
    r.side[1].erl_db = std::numeric_limits<double>::quiet_NaN();
    r.pass_threshold_db = 8.0;
    CHECK(r.pass());
    r.side[0].rated = false;  // nothing rated: no pass
    CHECK_FALSE(r.pass());
}

namespace {
// One reference run of tests/golden/com/ck_erl_options__te.json against RackLink: every figure
// the reference prints (ERL, ERL_RMS, port impedance, phase kept, gate, estimated T_fx, and
// per Z_t value with a sweep).
void check_option_run(const nlohmann::json& run) {
    const std::string base = run["base"].get<std::string>();
    // "preset:NAME" (load_com_config reads it as the preset) or a file of the source tree
    ComConfig c = load_com_config(base.rfind("preset:", 0) == 0 ? base : std::string(RACKLINK_SOURCE_DIR) + "/" + base);
    for (const auto& [name, value] : run["overrides"].items()) c.set(name, value.get<std::string>());
    const ComErlParams e = resolve_com_erl_params(c);
    const ComErlResult r = compute_com_erl(e, read_touchstone(kTouchstone + run["thru"].get<std::string>()));
    REQUIRE(r.computed);
    for (int s = 0; s < 2; ++s) {
        INFO("port " << s + 1);
        const auto& want = run["erl_db"][s];
        if (want.is_null()) {
            CHECK_FALSE(r.side[s].rated);
            CHECK(std::isnan(r.side[s].erl_db));
        } else {
            CHECK(r.side[s].rated);
            CHECK_THAT(r.side[s].erl_db, WithinAbs(want.get<double>(), 1e-9));
        }
        CHECK_THAT(r.side[s].erl_rms_db, WithinAbs(run["erl_rms_db"][s].get<double>(), 1e-9));
        CHECK_THAT(r.side[s].avg_z_ohm, WithinAbs(run["avg_z_ohm"][s].get<double>(), 1e-9));
        CHECK(r.side[s].best_phase == run["best_phase"][s].get<int>());
        CHECK_THAT(r.side[s].gate_s, WithinAbs(run["gate_s"].get<double>(), 1e-21));
    }
    CHECK_THAT(r.min_erl_db(), WithinAbs(run["min_erl_db"].get<double>(), 1e-9));
    if (run.contains("tfx_estimate_s")) {
        CHECK_THAT(r.tfx_estimate_s, WithinAbs(run["tfx_estimate_s"].get<double>(), 1e-21));
        CHECK(r.side[1].tfx_s == r.tfx_estimate_s);
    } else {
        CHECK(std::isnan(r.tfx_estimate_s));
    }
    if (run.contains("z_t_sweep")) {
        const auto& sw = run["z_t_sweep"];
        for (int s = 0; s < 2; ++s) {
            REQUIRE(r.side[s].z_t_sweep.size() == sw.size());
            for (std::size_t z = 0; z < sw.size(); ++z) {
                INFO("port " << s + 1 << ", Z_t " << sw[z]["z_t_ohm"].get<double>());
                const ComErlAtZt& got = r.side[s].z_t_sweep[z];
                CHECK(got.z_t_ohm == sw[z]["z_t_ohm"].get<double>());
                CHECK_THAT(got.erl_db, WithinAbs(sw[z]["erl_db"][s].get<double>(), 1e-9));
                CHECK_THAT(got.erl_rms_db, WithinAbs(sw[z]["erl_rms_db"][s].get<double>(), 1e-9));
                CHECK_THAT(got.avg_z_ohm, WithinAbs(sw[z]["avg_z_ohm"][s].get<double>(), 1e-9));
                CHECK(got.best_phase == sw[z]["best_phase"][s].get<int>());
            }
        }
    } else {
        CHECK(r.side[0].z_t_sweep.empty());
    }
}

int check_option_runs(const std::string& option) {
    const auto g = read_json(kGolden + "ck_erl_options__te.json");
    int n = 0;
    for (const auto& run : g["runs"]) {
        if (run["option"] != option) continue;
        INFO(option << " on " << run["thru"].get<std::string>() << " " << run["overrides"].dump());
        check_option_run(run);
        ++n;
    }
    return n;
}
}  // namespace

TEST_CASE("AUTO_TFX estimates port 2's fixture delay from the thru as the IEEE reference does", "[com][erl][golden]") {
    CHECK(check_option_runs("AUTO_TFX") == 2);
}

TEST_CASE("N = 0 gates the ERL at TDR_duration times the thru delay as the IEEE reference does", "[com][erl][golden]") {
    CHECK(check_option_runs("N=0") == 2);
}

TEST_CASE("A Z_t sweep gives per-Z_t ERL as the IEEE reference and reports the first Z_t", "[com][erl][golden]") {
    CHECK(check_option_runs("Z_t sweep") == 1);
}

TEST_CASE("SHOW_BRD puts the host boards of Include PCB 1 or 2 into the TDR as the IEEE reference does", "[com][erl][golden]") {
    CHECK(check_option_runs("SHOW_BRD") == 3);
}

TEST_CASE("SHOW_BRD, AUTO_TFX and N = 0 together with the TX package match the IEEE reference", "[com][erl][golden]") {
    CHECK(check_option_runs("SHOW_BRD+AUTO_TFX+N=0+TDR_W_TXPKG") == 1);
}

TEST_CASE("On matched lossy lines of 1 ns the thru-derived gate and fixture delay follow the line delay", "[com][erl]") {
    // The raw impulse response peaks at the line delay plus the delay of the 4th-order
    // Butterworth at 0.75 f_b (group delay at DC 2.613126 / (2 pi 0.75 f_b) = 10.4 ps at
    // 53.125 GBd) and of the loss (0.3 dB per sqrt(GHz)), sampled every 1/(32 f_b) = 0.59 ps.
    ComConfig c = load_com_config(kGolden + "ck_kr_erl.cfg");
    c.set("N", "0");
    c.set("AUTO_TFX", "1");
    c.set("TDR_duration", "1");
    const ComErlParams e = resolve_com_erl_params(c);
    const Network lines = matched_pair(0.1, 1e-9, 0.3);
    const ComErlResult r = compute_com_erl(e, lines);
    REQUIRE(r.computed);
    // AUTO_TFX: twice the peak time (round trip)
    const double t_peak = r.tfx_estimate_s / 2;
    CHECK(t_peak > 1e-9 + 10e-12);
    CHECK(t_peak < 1e-9 + 40e-12);
    CHECK(r.side[1].tfx_s == r.tfx_estimate_s);
    CHECK(r.side[0].tfx_s == 0);  // port 1 keeps `fixture delay time`
    // N = 0: TDR_duration x the peak time + the 500 ps pre-delay (SDD21 = SDD12 here, and the
    // peak does not depend on the truncation threshold) ...
    CHECK(r.side[0].gate_s == r.side[1].gate_s);
    CHECK(r.side[0].gate_s == 1 * t_peak + 500e-12);
    // ... which ends before the far-end reflection (round trip 2 ns): port 1 sees none of it,
    // unlike with N = 400 UI (7.5 ns).
    ComConfig fixed = c;
    fixed.set("N", "400");
    const ComErlResult rf = compute_com_erl(resolve_com_erl_params(fixed), lines);
    CHECK(rf.side[0].gate_s == 400 / 53.125e9);
    CHECK(rf.side[0].erl_db < 25);
    CHECK(r.side[0].erl_db > rf.side[0].erl_db + 30);
    // With TDR_duration = 5 the gate (5.6 ns) would pass the end of the truncated raw impulse
    // response (threshold 1e-5: a few hundred ps after the peak on these lines) and stops there.
    c.set("TDR_duration", "5");
    const ComErlResult r5 = compute_com_erl(resolve_com_erl_params(c), lines);
    CHECK(r5.side[0].gate_s < 5 * t_peak + 500e-12);
    CHECK(r5.side[0].gate_s > r.side[0].gate_s);
    // N = 0 needs the thru: a 2-port is rejected (the reference warns that N must not be zero).
    CHECK_THROWS_WITH(compute_com_erl(e, two_port_of(lines, 1, 3)), Catch::Contains("N = 0"));
}

TEST_CASE("A Z_t sweep gives at each Z_t what a run with that Z_t alone gives", "[com][erl]") {
    ComConfig c = load_com_config(kGolden + "ck_kr_erl.cfg");
    c.set("N", "400");
    c.set("Z_t", "[40 50 60]");
    const Network lines = matched_pair(0.1, 1e-9, 0.3);
    const ComErlResult r = compute_com_erl(resolve_com_erl_params(c), lines);
    for (int s = 0; s < 2; ++s) REQUIRE(r.side[s].z_t_sweep.size() == 3);
    for (std::size_t z = 0; z < 3; ++z) {
        const double zt = 40.0 + 10.0 * static_cast<double>(z);
        INFO("Z_t " << zt);
        ComConfig one = c;
        one.set("Z_t", std::to_string(zt));
        const ComErlResult ro = compute_com_erl(resolve_com_erl_params(one), lines);
        CHECK(ro.side[0].z_t_sweep.empty());
        for (int s = 0; s < 2; ++s) {
            const ComErlAtZt& got = r.side[s].z_t_sweep[z];
            CHECK(got.z_t_ohm == zt);
            CHECK(got.erl_db == ro.side[s].erl_db);
            CHECK(got.erl_rms_db == ro.side[s].erl_rms_db);
            CHECK(got.avg_z_ohm == ro.side[s].avg_z_ohm);
            CHECK(got.best_phase == ro.side[s].best_phase);
        }
    }
    // the side's own figures are the first Z_t's (as the reference reports them)
    CHECK(r.side[0].erl_db == r.side[0].z_t_sweep[0].erl_db);
    CHECK(r.side[1].avg_z_ohm == r.side[1].z_t_sweep[0].avg_z_ohm);
    // a 60 ohm source (120 ohm differential) into the 100 ohm lines: the reflection of the
    // flat far end is seen through the mismatch, so ERL depends on Z_t
    CHECK(r.side[0].z_t_sweep[0].erl_db != r.side[0].z_t_sweep[2].erl_db);
}

TEST_CASE("SHOW_BRD without boards (Include PCB = 0) leaves ERL unchanged", "[com][erl]") {
    ComConfig c = load_com_config("ck_cr_erl_host");
    c.set("Include PCB", "0");
    const Network thru = read_touchstone(kTouchstone + "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
    const ComErlResult plain = compute_com_erl(resolve_com_erl_params(c), thru);
    c.set("SHOW_BRD", "1");
    const ComErlResult shown = compute_com_erl(resolve_com_erl_params(c), thru);
    for (int s = 0; s < 2; ++s) CHECK(shown.side[s].erl_db == plain.side[s].erl_db);
    // with the boards (Include PCB = 1) the reflections of the board ends add up: ERL changes
    c.set("Include PCB", "1");
    const ComErlResult brd = compute_com_erl(resolve_com_erl_params(c), thru);
    CHECK(std::fabs(brd.side[0].erl_db - plain.side[0].erl_db) > 0.1);
}
