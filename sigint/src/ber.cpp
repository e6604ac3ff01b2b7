#include "sigint/ber.hpp"

#include <algorithm>
#include <cmath>

namespace racklink::sigint {

double q_function(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

double pam_ser(double snr_db, int levels) {
    const double m = levels;
    const double snr = std::pow(10.0, snr_db / 10.0);
    return 2.0 * (1.0 - 1.0 / m) * q_function(std::sqrt(3.0 * snr / (m * m - 1.0)));
}

double pam_ber(double snr_db, int levels) { return pam_ser(snr_db, levels) / std::log2(static_cast<double>(levels)); }

double snr_for_ber_db(double ber, int levels) {
    double lo = -10.0, hi = 60.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (pam_ber(mid, levels) > ber ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

namespace {
// log of the binomial term C(n, i) p^i (1-p)^(n-i).
double log_term(int n, int i, double log_p, double log_q) {
    return std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) + i * log_p + (n - i) * log_q;
}
}  // namespace

double rs_frame_loss_ratio(double ber, const RsCode& c) {
    if (ber <= 0) return 0.0;
    if (ber >= 1) return 1.0;
    const double ps = -std::expm1(c.m_bits * std::log1p(-ber));  // 1 - (1 - ber)^m
    const double lp = std::log(ps), lq = std::log1p(-ps);
    double sum = 0;
    for (int i = c.t + 1; i <= c.n; ++i) sum += std::exp(log_term(c.n, i, lp, lq));
    return std::min(1.0, sum);
}

double rs_post_fec_ber(double ber, const RsCode& c) {
    if (ber <= 0) return 0.0;
    const double ps = -std::expm1(c.m_bits * std::log1p(-std::min(ber, 1.0 - 1e-16)));
    const double lp = std::log(ps), lq = std::log1p(-ps);
    double sym = 0;
    for (int i = c.t + 1; i <= c.n; ++i) sym += i * std::exp(log_term(c.n, i, lp, lq));
    return std::min(1.0, sym / c.n / c.m_bits);
}

double channel_snr_db(double il_db, double budget_db, const SnrModel& m) {
    auto inv = [](double db) { return std::pow(10.0, -db / 10.0); };
    const double rx = budget_db + m.rx_headroom_db - il_db;
    const double total = inv(m.snr_tx_db) + inv(m.crosstalk_db) + inv(m.residual_isi_db) + inv(rx);
    return -10.0 * std::log10(total);
}

}  // namespace racklink::sigint
