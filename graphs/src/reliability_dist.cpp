#include "graphs/reliability_dist.hpp"

#include <array>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace racklink::graphs {

namespace {
constexpr std::array<std::pair<DistKind, std::string_view>, 5> kDistNames{{
    {DistKind::fixed, "fixed"},
    {DistKind::exponential, "exponential"},
    {DistKind::lognormal, "lognormal"},
    {DistKind::uniform, "uniform"},
    {DistKind::triangular, "triangular"},
}};

// Inverse of the standard normal CDF: Acklam's rational approximation (P. J. Acklam, "An
// algorithm for computing the inverse normal cumulative distribution function", 2003; relative
// error < 1.15e-9) refined by one Halley step on erfc.
double inverse_normal(double p) {
    static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                   -2.759285104469687e+02, 1.383577518672690e+02,
                                   -3.066479806614716e+01, 2.506628277459239e+00};
    static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                   -1.556989798598866e+02, 6.680131188771972e+01,
                                   -1.328068155288572e+01};
    static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                   -2.400758277161838e+00, -2.549732539343734e+00,
                                   4.374664141464968e+00,  2.938163982698783e+00};
    static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                   2.445134137142996e+00, 3.754408661907416e+00};
    double x;
    if (p < 0.02425) {
        double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        double q = std::sqrt(-2 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}
}  // namespace

std::string_view to_string(DistKind k) {
    for (const auto& [kk, n] : kDistNames)
        if (kk == k) return n;
    return "?";
}

std::optional<DistKind> parse_dist_kind(std::string_view s) {
    for (const auto& [k, n] : kDistNames)
        if (n == s) return k;
    return std::nullopt;
}

double Distribution::mean() const {
    switch (kind) {
        case DistKind::fixed:
        case DistKind::exponential: return a;
        case DistKind::lognormal: return a * std::exp(b * b / 2);
        case DistKind::uniform: return (a + b) / 2;
        case DistKind::triangular: return (a + b + c) / 3;
    }
    return a;
}

double Distribution::variance() const {
    switch (kind) {
        case DistKind::fixed: return 0.0;
        case DistKind::exponential: return a * a;
        case DistKind::lognormal: return (std::exp(b * b) - 1) * a * a * std::exp(b * b);
        case DistKind::uniform: return (b - a) * (b - a) / 12;
        case DistKind::triangular:
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18;
    }
    return 0.0;
}

double Distribution::quantile(double p) const {
    switch (kind) {
        case DistKind::fixed: return a;
        case DistKind::exponential: return -a * std::log1p(-p);
        case DistKind::lognormal: return a * std::exp(b * inverse_normal(p));
        case DistKind::uniform: return a + (b - a) * p;
        case DistKind::triangular: {
            // min a, mode b, max c.
            if (c <= a) return a;
            double fc = (b - a) / (c - a);
            if (p < fc) return a + std::sqrt(p * (c - a) * (b - a));
            return c - std::sqrt((1 - p) * (c - a) * (c - b));
        }
    }
    return a;
}

std::string Distribution::check() const {
    auto finite = [](double v) { return std::isfinite(v); };
    if (!finite(a) || !finite(b) || !finite(c)) return "a time distribution has a non-finite value";
    switch (kind) {
        case DistKind::fixed:
            return a < 0 ? "a fixed time must be >= 0" : "";
        case DistKind::exponential:
            return a < 0 ? "an exponential mean must be >= 0" : "";
        case DistKind::lognormal:
            if (a <= 0) return "a lognormal median must be > 0";
            return b < 0 ? "a lognormal sigma must be >= 0" : "";
        case DistKind::uniform:
            if (a < 0) return "a uniform min must be >= 0";
            return b < a ? "a uniform max must be >= min" : "";
        case DistKind::triangular:
            if (a < 0) return "a triangular min must be >= 0";
            return (b < a || c < b) ? "a triangular distribution needs min <= mode <= max" : "";
    }
    return "";
}

std::string Distribution::describe() const {
    switch (kind) {
        case DistKind::fixed: return fmt::format("fixed({:g} s)", a);
        case DistKind::exponential: return fmt::format("exponential(mean = {:g} s)", a);
        case DistKind::lognormal:
            return fmt::format("lognormal(median = {:g} s, sigma = {:g})", a, b);
        case DistKind::uniform: return fmt::format("uniform(min = {:g} s, max = {:g} s)", a, b);
        case DistKind::triangular:
            return fmt::format("triangular(min = {:g} s, mode = {:g} s, max = {:g} s)", a, b, c);
    }
    return "?";
}

double arrhenius_factor(double ea_ev, double t_ref_k, double t_op_k) {
    if (!(t_ref_k > 0) || !(t_op_k > 0))
        throw std::invalid_argument("a temperature must be above absolute zero");
    return std::exp(ea_ev / kBoltzmannEvPerK * (1.0 / t_ref_k - 1.0 / t_op_k));
}

double norris_landzberg_rate_factor(const CyclingModel& model, double dt_field_k, double dt_ref_k,
                                    double f_field_hz, double f_ref_hz, double tmax_field_k,
                                    double tmax_ref_k) {
    if (!(dt_field_k >= 0) || !(dt_ref_k > 0) || !(f_field_hz >= 0) || !(f_ref_hz > 0))
        throw std::invalid_argument("thermal cycling needs dT >= 0 and frequencies >= 0");
    if (!(tmax_field_k > 0) || !(tmax_ref_k > 0))
        throw std::invalid_argument("a temperature must be above absolute zero");
    return std::pow(dt_field_k / dt_ref_k, model.n) *
           std::pow(f_field_hz / f_ref_hz, 1.0 - model.m) *
           std::exp(model.ea_over_k_k * (1.0 / tmax_ref_k - 1.0 / tmax_field_k));
}

}  // namespace racklink::graphs
