// Tests of ERL (IEEE 802.3 Annex 93A.5, com_erl.hpp): closed forms of the reflection and
// weighting, and whole runs against golden values produced by the IEEE COM reference code
// (com_ieee8023_93a v4.20 under GNU Octave 7.3, ERL_ONLY = 1; tests/golden/com/ck_kr_erl__te.json,
// and for TDR_W_TXPKG, ERL = 2 and the 802.3ck ERL presets tests/golden/com/ck_preset_erl__te.json).
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <complex>
#include <fstream>
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
Network matched_pair(double gamma, double tau_s) {
    Network n;
    n.name = "ideal";
    n.z0_ohm = {50, 50, 50, 50};
    for (int k = 1; k <= 400; ++k) {
        const double f = 0.1e9 * k;
        Eigen::MatrixXcd s = Eigen::MatrixXcd::Zero(4, 4);
        const std::complex<double> d = std::polar(1.0, -2 * kPi * f * tau_s);
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
    ComConfig bad = c;
    bad.set("AUTO_TFX", "1");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("AUTO_TFX"));
    bad = c;
    bad.set("N", "0");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("`N`"));
    bad = c;
    bad.set("Z_t", "[45 50]");
    CHECK_THROWS_WITH(resolve_com_erl_params(bad), Catch::Contains("Z_t"));
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
