#pragma once
/// N-port networks in S-parameters: the in-memory form of a Touchstone file, and the
/// operations channel analysis needs on it (interpolation, port reordering, renormalization,
/// single-ended to mixed-mode conversion, cascade of 2N-port networks, IL/RL in dB).
///
/// Units: frequencies in Hz, reference impedances in ohms, losses in dB (positive numbers for
/// a loss: IL = -20 log10 |S21|). Port numbers in the public API are 1-based, as in
/// Touchstone files and data sheets.
///
/// References: D. M. Pozar, "Microwave Engineering", 4th ed., 2012, ch. 4 (S, Z, Y and
/// reference-impedance change); D. E. Bockelman and W. R. Eisenstadt, "Combined differential
/// and common-mode scattering parameters: theory and simulation", IEEE Trans. MTT 43(7),
/// 1995 (mixed-mode S-parameters).

#include <Eigen/Dense>

#include <complex>
#include <cstddef>
#include <string>
#include <vector>

namespace racklink::sigint {

using cplx = std::complex<double>;

/// An N-port network: S matrices on an increasing frequency grid.
struct Network {
    std::string name;                  ///< file name or a label
    std::vector<double> f_hz;          ///< strictly increasing frequencies (Hz)
    std::vector<Eigen::MatrixXcd> s;   ///< one N x N S matrix per frequency; s[k](i, j) = S_(i+1)(j+1)
    std::vector<double> z0_ohm;        ///< reference impedance per port (ohm, real)
    std::vector<std::string> port_names;  ///< per port (may be empty strings)
    /// Mixed-mode labels per port when the data are already mixed-mode (Touchstone 2.0
    /// `[Mixed-Mode Order]`, e.g. "D2,3", "C2,3", "S4"); empty for single-ended data.
    std::vector<std::string> mixed_mode_order;

    int ports() const { return static_cast<int>(z0_ohm.size()); }
    std::size_t points() const { return f_hz.size(); }
    bool empty() const { return f_hz.empty(); }
    /// True when `f_hz` lies within [first, last] frequency of the data.
    bool in_span(double f) const { return !f_hz.empty() && f >= f_hz.front() && f <= f_hz.back(); }
};

/// S matrix at `f` by linear interpolation of real and imaginary parts between the two
/// neighbouring points (scikit-rf's default `Network.interpolate`, basis 's', cartesian).
/// Throws std::domain_error when `f` lies outside the data (Touchstone forbids extrapolation).
Eigen::MatrixXcd interpolate(const Network& net, double f);

/// S_(out,in) at `f` (1-based ports), interpolated as above.
cplx s_at(const Network& net, int out, int in, double f);

/// The network on a new frequency grid (every point must lie within the data's span).
Network resample(const Network& net, const std::vector<double>& grid_hz);

/// Loss in dB of a complex transmission or reflection coefficient: -20 log10 |x|.
double loss_db(cplx x);

/// Insertion loss -20 log10 |S_(out,in)(f)| in dB (positive for a loss).
double il_db(const Network& net, int out, int in, double f);
/// Return loss -20 log10 |S_(port,port)(f)| in dB.
double rl_db(const Network& net, int port, double f);

/// The network with its ports taken in `order` (1-based; a permutation or a selection):
/// new port k is old port order[k-1].
Network reorder_ports(const Network& net, const std::vector<int>& order);

/// Renormalizes to new real reference impedances (one per port, or one value for all).
/// For real references the pseudo-waves transform as a' = k(a - G b), b' = k(b - G a) with
/// G = (z'-z)/(z'+z), k = (z+z')/(2 sqrt(z z')) (Pozar 4.3 wave definitions), hence
/// S' = K (S - G)(I - G S)^-1 K^-1 with K = diag(k), G = diag(G).
Network renormalize(const Network& net, const std::vector<double>& z0_new_ohm);

/// Parses a port order such as "1,3,2,4" for an `nports` network: a permutation of 1..nports
/// read as consecutive (positive, negative) pairs. Throws std::invalid_argument naming what is
/// wrong (a user-input boundary: the CLI's --port-order).
std::vector<int> parse_port_order(const std::string& text, int nports);

/// The default pairing (scikit-rf `se2gmm` convention): pair i is (port i, port i + N/2), so a
/// 4-port gives 1,3,2,4 -- differential input on ports 1,3 and output on ports 2,4.
std::vector<int> default_port_order(int nports);

/// A mixed-mode network: ports D1..DP then C1..CP (P = pairs), followed by any single-ended
/// ports left over when the port count is odd. Differential reference impedance is 2 z0,
/// common-mode z0 / 2 (Bockelman & Eisenstadt 1995, eq. 8-9).
struct MixedModeNetwork {
    Network net;    ///< mixed-mode S matrices (2P (+ leftover) ports)
    int pairs = 0;  ///< P

    /// SDD_(i,j), SDC, SCD, SCC at point k (1-based pair numbers).
    cplx sdd(std::size_t k, int i, int j) const { return net.s[k](i - 1, j - 1); }
    cplx sdc(std::size_t k, int i, int j) const { return net.s[k](i - 1, pairs + j - 1); }
    cplx scd(std::size_t k, int i, int j) const { return net.s[k](pairs + i - 1, j - 1); }
    cplx scc(std::size_t k, int i, int j) const { return net.s[k](pairs + i - 1, pairs + j - 1); }
    /// The P-port differential block SDD as a Network (reference 2 z0).
    Network sdd_network() const;
};

/// Single-ended to mixed-mode conversion, S_mm = M S M^T with the orthonormal
/// M = [ (e_p - e_n)/sqrt2 ; (e_p + e_n)/sqrt2 ] per pair (Bockelman & Eisenstadt 1995).
/// `port_order` lists (positive, negative) ports pairwise, 1-based (empty: default_port_order).
/// E.g. for pairs (1,3) and (2,4): SDD21 = (S21 - S23 - S41 + S43) / 2.
/// Throws std::invalid_argument for a bad order or unequal z0 inside a pair.
MixedModeNetwork to_mixed_mode(const Network& se, const std::vector<int>& port_order = {});

/// Cascade of two 2N-port networks: ports N+1..2N of `a` joined to ports 1..N of `b`
/// (scikit-rf `cascade` convention). `b` is resampled onto `a`'s grid when the grids differ
/// (over the common span) and renormalized to `a`'s z0 at the junction. Block formula
/// (Pozar 4.4 generalized): with A = [A11 A12; A21 A22], B likewise,
///   S11 = A11 + A12 B11 (I - A22 B11)^-1 A21,  S12 = A12 (I - B11 A22)^-1 B12,
///   S21 = B21 (I - A22 B11)^-1 A21,            S22 = B22 + B21 (I - A22 B11)^-1 A22 B12.
/// Throws std::invalid_argument when port counts differ or are odd, or spans do not overlap.
Network cascade(const Network& a, const Network& b);

/// Cascade of a list of 2N-port networks, left to right.
Network cascade(const std::vector<Network>& chain);

}  // namespace racklink::sigint
