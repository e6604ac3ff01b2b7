#include "sigint/fitted_loss.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace racklink::sigint {

double IlFit::at(double f_hz) const {
    const double f = f_hz / 1e9;
    return a0 + a1 * std::sqrt(f) + a2 * f + a4 * f * f;
}

IlFit fit_insertion_loss(const std::vector<double>& f_hz, const std::vector<double>& il_db, double f_min_hz,
                         double f_max_hz) {
    IlFit fit;
    fit.f_min_hz = f_min_hz;
    fit.f_max_hz = f_max_hz;
    std::vector<std::size_t> idx;
    for (std::size_t k = 0; k < f_hz.size() && k < il_db.size(); ++k)
        if (f_hz[k] >= f_min_hz && f_hz[k] <= f_max_hz && std::isfinite(il_db[k])) idx.push_back(k);
    if (idx.size() < 8) return fit;  // a 4-term fit needs a margin of points to mean anything
    Eigen::MatrixXd A(static_cast<Eigen::Index>(idx.size()), 4);
    Eigen::VectorXd y(static_cast<Eigen::Index>(idx.size()));
    for (std::size_t r = 0; r < idx.size(); ++r) {
        const double f = f_hz[idx[r]] / 1e9;  // GHz, as in 69B.4.2
        const auto i = static_cast<Eigen::Index>(r);
        A(i, 0) = 1.0;
        A(i, 1) = std::sqrt(f);
        A(i, 2) = f;
        A(i, 3) = f * f;
        y(i) = il_db[idx[r]];
    }
    // Householder QR with column pivoting: robust for this mildly ill-conditioned basis.
    Eigen::Vector4d a = A.colPivHouseholderQr().solve(y);
    fit.a0 = a(0);
    fit.a1 = a(1);
    fit.a2 = a(2);
    fit.a4 = a(3);
    fit.ok = a.allFinite();
    return fit;
}

IldStats ild_stats(const std::vector<double>& f_hz, const std::vector<double>& il_db, const IlFit& fit,
                   double f_hz_at) {
    IldStats st;
    double sum2 = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < f_hz.size() && k < il_db.size(); ++k) {
        if (f_hz[k] < fit.f_min_hz || f_hz[k] > fit.f_max_hz) continue;
        const double d = il_db[k] - fit.at(f_hz[k]);
        sum2 += d * d;
        st.max_abs_db = std::max(st.max_abs_db, std::abs(d));
        ++n;
    }
    st.rms_db = n ? std::sqrt(sum2 / static_cast<double>(n)) : 0.0;
    if (f_hz.size() >= 2 && f_hz_at >= f_hz.front() && f_hz_at <= f_hz.back()) {
        auto it = std::upper_bound(f_hz.begin(), f_hz.end(), f_hz_at);
        std::size_t k = std::min<std::size_t>(it == f_hz.begin() ? 0 : static_cast<std::size_t>(it - f_hz.begin()) - 1,
                                              f_hz.size() - 2);
        const double t = (f_hz_at - f_hz[k]) / (f_hz[k + 1] - f_hz[k]);
        st.at_f_db = il_db[k] * (1 - t) + il_db[k + 1] * t - fit.at(f_hz_at);
    }
    return st;
}

}  // namespace racklink::sigint
