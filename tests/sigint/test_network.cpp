#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sigint/network.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;

namespace {
const std::string kDir = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";
double db(cplx x) { return 20.0 * std::log10(std::abs(x)); }

/// A matched 2-port line of loss `loss_db` and delay `tau_s` at one frequency grid.
Network line2(const std::vector<double>& f, double loss_db_per_ghz, double tau_s, double z0 = 50.0) {
    Network n;
    n.name = "line";
    n.f_hz = f;
    n.z0_ohm = {z0, z0};
    for (double x : f) {
        cplx t = std::polar(std::pow(10.0, -loss_db_per_ghz * x / 1e9 / 20.0), -2 * M_PI * x * tau_s);
        Eigen::MatrixXcd s(2, 2);
        s << 0.0, t, t, 0.0;
        n.s.push_back(s);
    }
    return n;
}
}  // namespace

// Golden values: Debian python3-scikit-rf 0.15.4, Network.interpolate(Frequency(f, f, 1, 'hz'))
// (linear, cartesian) and SDD21 = (S21 - S23 - S41 + S43)/2, SDD11 = (S11 - S13 - S31 + S33)/2,
// SCD21 = (S21 - S23 + S41 - S43)/2 for pairs (1,3) -> (2,4),
// the README's formula (skrf's se2gmm fails under Debian's NumPy 1.24).
TEST_CASE("mixed-mode SDD21, SDD11 and SCD21 at interpolated frequencies match scikit-rf to 0.001 dB") {
    struct Case {
        const char* file;
        double f_hz, sdd21_db, sdd11_db, scd21_db;
    };
    const Case cases[] = {
        {"TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", 13.28125e9, -4.295512, -21.384793, -57.003392},
        {"TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p", 26.5625e9, -8.459807, -18.532084, -60.247818},
        {"TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p", 26.5625e9, -16.256357, -34.597707, -67.951912},
        {"TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p", 20e9, -12.104187, -43.509243, -60.062072},
        {"WavePulserDemoBoard.s4p", 13.28125e9, -6.128040, -21.432778, -22.641522},
        {"WavePulserDemoBoard.s4p", 26.5625e9, -8.632896, -24.848215, -34.849634},
        {"Sparq_demo_16.s4p", 13.28125e9, -19.037725, -20.770091, -16.253721},
    };
    for (const Case& c : cases) {
        INFO(c.file << " at " << c.f_hz);
        Network se = read_touchstone(kDir + c.file);
        MixedModeNetwork mm = to_mixed_mode(se, parse_port_order("1,3,2,4", 4));
        Eigen::MatrixXcd s = interpolate(mm.net, c.f_hz);
        CHECK(db(s(1, 0)) == Approx(c.sdd21_db).margin(1e-3));
        CHECK(db(s(0, 0)) == Approx(c.sdd11_db).margin(1e-3));
        CHECK(db(s(mm.pairs + 1, 0)) == Approx(c.scd21_db).margin(1e-3));
        // The default order is scikit-rf's (i, i + N/2) pairing, i.e. 1,3,2,4 for four ports.
        CHECK(to_mixed_mode(se).net.s[7] == mm.net.s[7]);
    }
}

TEST_CASE("mixed-mode conversion is a unitary change of basis and takes references 2 z0 and z0/2") {
    Network se = read_touchstone(kDir + "WavePulserDemoBoard.s4p");
    MixedModeNetwork mm = to_mixed_mode(se, {1, 2, 3, 4});
    CHECK(mm.net.z0_ohm == std::vector<double>{100, 100, 25, 25});
    CHECK(mm.net.mixed_mode_order == std::vector<std::string>{"D1,2", "D3,4", "C1,2", "C3,4"});
    // The Frobenius norm is invariant under an orthonormal change of basis.
    CHECK(mm.net.s[400].norm() == Approx(se.s[400].norm()).epsilon(1e-12));
    CHECK(std::abs(mm.sdd(400, 2, 1) - 0.5 * (se.s[400](2, 0) - se.s[400](2, 1) - se.s[400](3, 0) + se.s[400](3, 1))) < 1e-15);
    CHECK(mm.sdd_network().ports() == 2);
    CHECK_THROWS_AS(parse_port_order("1,3,3,4", 4), std::invalid_argument);
    CHECK_THROWS_AS(parse_port_order("1,3,2", 4), std::invalid_argument);
    CHECK_THROWS_AS(parse_port_order("1,x,2,4", 4), std::invalid_argument);
}

TEST_CASE("cascading two matched lines adds their losses and delays") {
    std::vector<double> f;
    for (int i = 0; i <= 100; ++i) f.push_back(i * 0.5e9);
    Network a = line2(f, 0.4, 100e-12), b = line2(f, 0.6, 50e-12);
    Network c = cascade(a, b);
    for (std::size_t k = 0; k < f.size(); k += 10) {
        CHECK(-db(c.s[k](1, 0)) == Approx(1.0 * f[k] / 1e9).margin(1e-9));
        CHECK(std::abs(c.s[k](1, 0) - a.s[k](1, 0) * b.s[k](1, 0)) < 1e-12);
    }
}

TEST_CASE("cascade with an identity thru returns the network, and equals the 2-port formula on real data") {
    Network n = read_touchstone(kDir + "cable.s2p");
    Network thru = line2(n.f_hz, 0.0, 0.0);
    Network c = cascade(n, thru);
    for (std::size_t k = 0; k < n.points(); k += 25) CHECK((c.s[k] - n.s[k]).norm() < 1e-12);
    // Two cables in series: the 2-port closed form S21 = A21 B21 / (1 - A22 B11) (Pozar 4.4).
    Network cc = cascade(n, n);
    for (std::size_t k = 0; k < n.points(); k += 25) {
        const auto& s = n.s[k];
        cplx s21 = s(1, 0) * s(1, 0) / (1.0 - s(1, 1) * s(0, 0));
        CHECK(std::abs(cc.s[k](1, 0) - s21) < 1e-12);
    }
    // A 4-port (2 pairs) cascade: ports reordered so 1,3 face 2,4.
    Network te = reorder_ports(read_touchstone(kDir + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p"), {1, 3, 2, 4});
    Network two = cascade(te, te);
    CHECK(two.ports() == 4);
    MixedModeNetwork mm1 = to_mixed_mode(te, {1, 2, 3, 4}), mm2 = to_mixed_mode(two, {1, 2, 3, 4});
    double il1 = -db(mm1.sdd(1000, 2, 1)), il2 = -db(mm2.sdd(1000, 2, 1));
    CHECK(il2 == Approx(2 * il1).margin(0.5));  // well matched: losses nearly add
}

TEST_CASE("renormalizing to 75 ohm and back is the identity and matches the Z-parameter route") {
    Network n = read_touchstone(kDir + "cable.s2p");
    Network r = renormalize(n, {75.0});
    Network back = renormalize(r, {50.0, 50.0});
    for (std::size_t k = 0; k < n.points(); k += 20) CHECK((back.s[k] - n.s[k]).norm() < 1e-12);
    // Z route (Pozar 4.3): Z = z0 (I + S)(I - S)^-1 with one z0 for all ports.
    const Eigen::MatrixXcd I = Eigen::MatrixXcd::Identity(2, 2);
    for (std::size_t k = 1; k < n.points(); k += 40) {
        Eigen::MatrixXcd z = 50.0 * (I + n.s[k]) * (I - n.s[k]).inverse();
        Eigen::MatrixXcd s75 = (z / 75.0 - I) * (z / 75.0 + I).inverse();
        CHECK((s75 - r.s[k]).norm() < 1e-9);
    }
    // A 50-ohm matched load seen from 75 ohm reflects (50-75)/(50+75) = -0.2.
    Network load;
    load.f_hz = {1e9};
    load.z0_ohm = {50};
    load.s = {Eigen::MatrixXcd::Zero(1, 1)};
    CHECK(std::abs(renormalize(load, {75}).s[0](0, 0) - cplx(-0.2, 0)) < 1e-15);
}

TEST_CASE("interpolation is linear in real and imaginary parts and refuses to extrapolate") {
    Network n = read_touchstone(kDir + "cable.s2p");
    double f = 0.5 * (n.f_hz[10] + n.f_hz[11]);
    cplx mid = 0.5 * (n.s[10](1, 0) + n.s[11](1, 0));
    CHECK(std::abs(s_at(n, 2, 1, f) - mid) < 1e-15);
    CHECK(il_db(n, 2, 1, n.f_hz[100]) == Approx(0.7401475173209193).margin(1e-9));
    CHECK(rl_db(n, 1, n.f_hz[100]) == Approx(33.098801914515064).margin(1e-9));
    CHECK_THROWS_AS(interpolate(n, 21e9), std::domain_error);
}
