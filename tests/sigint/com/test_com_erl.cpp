// Tests of ERL (IEEE 802.3 Annex 93A.5, com_erl.hpp): closed forms of the reflection and
// weighting, and whole runs against golden values produced by the IEEE COM reference code
// (com_ieee8023_93a v4.20 under GNU Octave 7.3, ERL_ONLY = 1; tests/golden/com/ck_kr_erl__te.json).
#include <catch2/catch.hpp>

#include <cmath>
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
