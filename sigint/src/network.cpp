#include "sigint/network.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace racklink::sigint {

namespace {

/// Index k with f[k] <= x <= f[k+1] (k = n-2 at the top end); requires n >= 2.
std::size_t bracket(const std::vector<double>& f, double x) {
    auto it = std::upper_bound(f.begin(), f.end(), x);
    std::size_t k = it == f.begin() ? 0 : static_cast<std::size_t>(it - f.begin()) - 1;
    return std::min(k, f.size() - 2);
}

void check_in_span(const Network& net, double f) {
    if (!net.in_span(f))
        throw std::domain_error("frequency " + std::to_string(f) + " Hz lies outside " + net.name + " (" +
                                std::to_string(net.f_hz.empty() ? 0.0 : net.f_hz.front()) + " to " +
                                std::to_string(net.f_hz.empty() ? 0.0 : net.f_hz.back()) + " Hz)");
}

}  // namespace

Eigen::MatrixXcd interpolate(const Network& net, double f) {
    check_in_span(net, f);
    if (net.points() == 1) return net.s.front();
    std::size_t k = bracket(net.f_hz, f);
    double t = (f - net.f_hz[k]) / (net.f_hz[k + 1] - net.f_hz[k]);
    return net.s[k] * (1.0 - t) + net.s[k + 1] * t;
}

cplx s_at(const Network& net, int out, int in, double f) {
    if (out < 1 || in < 1 || out > net.ports() || in > net.ports())
        throw std::invalid_argument("port out of range for " + net.name);
    check_in_span(net, f);
    if (net.points() == 1) return net.s.front()(out - 1, in - 1);
    std::size_t k = bracket(net.f_hz, f);
    double t = (f - net.f_hz[k]) / (net.f_hz[k + 1] - net.f_hz[k]);
    return net.s[k](out - 1, in - 1) * (1.0 - t) + net.s[k + 1](out - 1, in - 1) * t;
}

Network resample(const Network& net, const std::vector<double>& grid_hz) {
    Network out = net;
    out.f_hz = grid_hz;
    out.s.clear();
    out.s.reserve(grid_hz.size());
    for (double f : grid_hz) out.s.push_back(interpolate(net, f));
    return out;
}

double loss_db(cplx x) { return -20.0 * std::log10(std::max(std::abs(x), 1e-300)); }

double il_db(const Network& net, int out, int in, double f) { return loss_db(s_at(net, out, in, f)); }

double rl_db(const Network& net, int port, double f) { return loss_db(s_at(net, port, port, f)); }

Network reorder_ports(const Network& net, const std::vector<int>& order) {
    const int n = static_cast<int>(order.size());
    for (int p : order)
        if (p < 1 || p > net.ports()) throw std::invalid_argument("port " + std::to_string(p) + " out of range");
    Network out;
    out.name = net.name;
    out.f_hz = net.f_hz;
    out.s.reserve(net.points());
    for (const auto& m : net.s) {
        Eigen::MatrixXcd r(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) r(i, j) = m(order[i] - 1, order[j] - 1);
        out.s.push_back(std::move(r));
    }
    for (int p : order) {
        out.z0_ohm.push_back(net.z0_ohm[static_cast<std::size_t>(p - 1)]);
        out.port_names.push_back(static_cast<std::size_t>(p - 1) < net.port_names.size()
                                     ? net.port_names[static_cast<std::size_t>(p - 1)]
                                     : std::string());
    }
    return out;
}

Network renormalize(const Network& net, const std::vector<double>& z0_new_ohm) {
    const int n = net.ports();
    std::vector<double> zn = z0_new_ohm;
    if (zn.size() == 1) zn.assign(static_cast<std::size_t>(n), zn.front());
    if (static_cast<int>(zn.size()) != n) throw std::invalid_argument("renormalize: one impedance per port expected");
    Eigen::VectorXcd g(n), k(n);
    for (int i = 0; i < n; ++i) {
        double z = net.z0_ohm[static_cast<std::size_t>(i)], zp = zn[static_cast<std::size_t>(i)];
        if (!(z > 0) || !(zp > 0)) throw std::invalid_argument("renormalize: impedances must be positive");
        g(i) = (zp - z) / (zp + z);
        k(i) = (z + zp) / (2.0 * std::sqrt(z * zp));
    }
    const Eigen::MatrixXcd I = Eigen::MatrixXcd::Identity(n, n);
    Network out = net;
    out.z0_ohm = zn;
    for (auto& s : out.s) {
        Eigen::MatrixXcd num = s - Eigen::MatrixXcd(g.asDiagonal());
        Eigen::MatrixXcd den = I - g.asDiagonal() * s;
        // S' = K (S - G)(I - G S)^-1 K^-1; solve den^T x^T = num^T for num * den^-1.
        Eigen::MatrixXcd x = den.transpose().partialPivLu().solve(num.transpose()).transpose();
        s = k.asDiagonal() * x * k.cwiseInverse().asDiagonal();
    }
    return out;
}

std::vector<int> parse_port_order(const std::string& text, int nports) {
    std::vector<int> order;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t j = text.find(',', i);
        if (j == std::string::npos) j = text.size();
        std::string tok = text.substr(i, j - i);
        while (!tok.empty() && tok.front() == ' ') tok.erase(tok.begin());
        while (!tok.empty() && tok.back() == ' ') tok.pop_back();
        int p = 0;
        auto [ptr, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), p);
        if (tok.empty() || ec != std::errc() || ptr != tok.data() + tok.size())
            throw std::invalid_argument("port order '" + text + "': expected comma-separated port numbers, found '" +
                                        tok + "'");
        if (p < 1 || p > nports)
            throw std::invalid_argument("port order '" + text + "': port " + std::to_string(p) +
                                        " is not in 1.." + std::to_string(nports));
        order.push_back(p);
        i = j + 1;
    }
    std::vector<int> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    if (static_cast<int>(order.size()) != nports || std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        throw std::invalid_argument("port order '" + text + "': expected each of the " + std::to_string(nports) +
                                    " ports exactly once");
    return order;
}

std::vector<int> default_port_order(int nports) {
    std::vector<int> order;
    const int p = nports / 2;
    for (int i = 1; i <= p; ++i) {
        order.push_back(i);
        order.push_back(i + p);
    }
    if (nports % 2 == 1) order.push_back(nports);
    return order;
}

MixedModeNetwork to_mixed_mode(const Network& se, const std::vector<int>& port_order) {
    const int n = se.ports();
    std::vector<int> order = port_order.empty() ? default_port_order(n) : port_order;
    if (static_cast<int>(order.size()) != n) throw std::invalid_argument("to_mixed_mode: the port order must list every port");
    {
        std::vector<int> sorted = order;
        std::sort(sorted.begin(), sorted.end());
        for (int i = 0; i < n; ++i)
            if (sorted[static_cast<std::size_t>(i)] != i + 1)
                throw std::invalid_argument("to_mixed_mode: the port order must be a permutation of 1.." + std::to_string(n));
    }
    const int pairs = n / 2;
    // M maps single-ended waves to (D1..DP, C1..CP, leftover S).
    Eigen::MatrixXd M = Eigen::MatrixXd::Zero(n, n);
    const double r = 1.0 / std::sqrt(2.0);
    MixedModeNetwork mm;
    mm.pairs = pairs;
    mm.net.name = se.name;
    mm.net.f_hz = se.f_hz;
    mm.net.z0_ohm.assign(static_cast<std::size_t>(n), 0.0);
    mm.net.port_names.assign(static_cast<std::size_t>(n), std::string());
    mm.net.mixed_mode_order.assign(static_cast<std::size_t>(n), std::string());
    for (int i = 0; i < pairs; ++i) {
        int p = order[static_cast<std::size_t>(2 * i)], q = order[static_cast<std::size_t>(2 * i + 1)];
        double zp = se.z0_ohm[static_cast<std::size_t>(p - 1)], zq = se.z0_ohm[static_cast<std::size_t>(q - 1)];
        if (std::abs(zp - zq) > 1e-9 * std::max(zp, zq))
            throw std::invalid_argument("to_mixed_mode: ports " + std::to_string(p) + " and " + std::to_string(q) +
                                        " have different reference impedances; renormalize first");
        M(i, p - 1) = r;
        M(i, q - 1) = -r;
        M(pairs + i, p - 1) = r;
        M(pairs + i, q - 1) = r;
        std::string lab = std::to_string(p) + "," + std::to_string(q);
        // (appending avoids GCC 12's false -Wrestrict on operator+(const char*, string&&))
        mm.net.mixed_mode_order[static_cast<std::size_t>(i)] = std::string("D").append(lab);
        mm.net.mixed_mode_order[static_cast<std::size_t>(pairs + i)] = std::string("C").append(lab);
        mm.net.z0_ohm[static_cast<std::size_t>(i)] = 2.0 * zp;
        mm.net.z0_ohm[static_cast<std::size_t>(pairs + i)] = zp / 2.0;
    }
    if (n % 2 == 1) {
        int p = order.back();
        M(n - 1, p - 1) = 1.0;
        mm.net.mixed_mode_order.back() = std::string("S").append(std::to_string(p));
        mm.net.z0_ohm.back() = se.z0_ohm[static_cast<std::size_t>(p - 1)];
    }
    const Eigen::MatrixXcd Mc = M.cast<cplx>();
    const Eigen::MatrixXcd Mt = Mc.transpose();
    mm.net.s.reserve(se.points());
    for (const auto& s : se.s) mm.net.s.push_back(Mc * s * Mt);
    return mm;
}

Network MixedModeNetwork::sdd_network() const {
    std::vector<int> order;
    for (int i = 1; i <= pairs; ++i) order.push_back(i);
    Network out = reorder_ports(net, order);
    out.mixed_mode_order.clear();
    return out;
}

Network cascade(const Network& a, const Network& b0) {
    const int n2 = a.ports();
    if (n2 != b0.ports() || n2 % 2 != 0 || n2 == 0)
        throw std::invalid_argument("cascade: both networks need the same even port count (" + std::to_string(a.ports()) +
                                    " and " + std::to_string(b0.ports()) + ")");
    const int n = n2 / 2;
    Network b = b0;
    if (b.f_hz != a.f_hz) {
        if (a.empty() || b.empty() || a.f_hz.front() < b.f_hz.front() || a.f_hz.back() > b.f_hz.back())
            throw std::invalid_argument("cascade: " + b.name + " does not cover the frequency span of " + a.name);
        b = resample(b, a.f_hz);
    }
    // Junction: b's ports 1..N must share a's ports N+1..2N references.
    std::vector<double> zb = b.z0_ohm;
    bool renorm = false;
    for (int i = 0; i < n; ++i) {
        double za = a.z0_ohm[static_cast<std::size_t>(n + i)];
        if (zb[static_cast<std::size_t>(i)] != za) {
            zb[static_cast<std::size_t>(i)] = za;
            renorm = true;
        }
    }
    if (renorm) b = renormalize(b, zb);
    Network out;
    out.name = a.name + " + " + b.name;
    out.f_hz = a.f_hz;
    out.z0_ohm.assign(a.z0_ohm.begin(), a.z0_ohm.begin() + n);
    out.z0_ohm.insert(out.z0_ohm.end(), b.z0_ohm.begin() + n, b.z0_ohm.end());
    out.port_names.assign(static_cast<std::size_t>(n2), std::string());
    out.s.reserve(a.points());
    const Eigen::MatrixXcd I = Eigen::MatrixXcd::Identity(n, n);
    for (std::size_t k = 0; k < a.points(); ++k) {
        const auto& A = a.s[k];
        const auto& B = b.s[k];
        auto A11 = A.topLeftCorner(n, n), A12 = A.topRightCorner(n, n);
        auto A21 = A.bottomLeftCorner(n, n), A22 = A.bottomRightCorner(n, n);
        auto B11 = B.topLeftCorner(n, n), B12 = B.topRightCorner(n, n);
        auto B21 = B.bottomLeftCorner(n, n), B22 = B.bottomRightCorner(n, n);
        Eigen::MatrixXcd D = (I - A22 * B11).partialPivLu().inverse();  // (I - A22 B11)^-1
        Eigen::MatrixXcd E = (I - B11 * A22).partialPivLu().inverse();  // (I - B11 A22)^-1
        Eigen::MatrixXcd S(n2, n2);
        S.topLeftCorner(n, n) = A11 + A12 * B11 * D * A21;
        S.topRightCorner(n, n) = A12 * E * B12;
        S.bottomLeftCorner(n, n) = B21 * D * A21;
        S.bottomRightCorner(n, n) = B22 + B21 * D * A22 * B12;
        out.s.push_back(std::move(S));
    }
    return out;
}

Network cascade(const std::vector<Network>& chain) {
    if (chain.empty()) throw std::invalid_argument("cascade: empty chain");
    Network out = chain.front();
    for (std::size_t i = 1; i < chain.size(); ++i) out = cascade(out, chain[i]);
    return out;
}

}  // namespace racklink::sigint
