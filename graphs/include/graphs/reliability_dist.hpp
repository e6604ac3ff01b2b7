#pragma once
/// Time distributions for maintenance steps and repair times, and the temperature acceleration
/// of failure rates (Arrhenius, Coffin-Manson / Norris-Landzberg).
///
/// Units: seconds for times, kelvin for temperatures, failures per second for rates.
/// 1 FIT = 1e-9 failures per hour = 2.7778e-13 failures per second.

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace racklink::graphs {

inline constexpr double kSecondsPerHour = 3600.0;
/// Mean Julian year (365.25 d), the year used for "per year" figures.
inline constexpr double kSecondsPerYear = 365.25 * 24.0 * 3600.0;
/// 1 FIT = 1 failure per 1e9 device-hours (JEDEC JESD85, MIL-HDBK-217F unit).
inline constexpr double kFitPerSecond = 1e-9 / 3600.0;
/// Boltzmann constant in eV/K (CODATA 2018, exact).
inline constexpr double kBoltzmannEvPerK = 8.617333262e-5;

/// Kind of a step-time or repair-time distribution.
enum class DistKind : uint8_t {
    fixed,        ///< a constant `value`
    exponential,  ///< exponential with `mean`
    lognormal,    ///< lognormal with `median` and `sigma` (of ln t), MIL-HDBK-472 Procedure II
    uniform,      ///< uniform on [`min`, `max`]
    triangular,   ///< triangular on [`min`, `max`] with `mode`
};
std::string_view to_string(DistKind k);
std::optional<DistKind> parse_dist_kind(std::string_view s);

/// A non-negative time distribution (seconds). Parameter meaning by kind:
/// fixed: a = value; exponential: a = mean; lognormal: a = median, b = sigma (dimensionless);
/// uniform: a = min, b = max; triangular: a = min, b = mode, c = max.
struct Distribution {
    DistKind kind = DistKind::fixed;
    double a = 0.0;
    double b = 0.0;
    double c = 0.0;

    static Distribution fixed(double value_s) { return {DistKind::fixed, value_s}; }
    static Distribution exponential(double mean_s) { return {DistKind::exponential, mean_s}; }
    static Distribution lognormal(double median_s, double sigma) {
        return {DistKind::lognormal, median_s, sigma};
    }
    static Distribution uniform(double min_s, double max_s) {
        return {DistKind::uniform, min_s, max_s};
    }
    static Distribution triangular(double min_s, double mode_s, double max_s) {
        return {DistKind::triangular, min_s, mode_s, max_s};
    }

    /// Mean in seconds. Lognormal: median * exp(sigma^2 / 2) (MIL-HDBK-472, Procedure II).
    double mean() const;
    /// Variance in s^2.
    double variance() const;
    /// Quantile (inverse CDF) at probability p in (0, 1), seconds.
    double quantile(double p) const;
    /// Empty when valid, else what is wrong (e.g. "a lognormal sigma must be >= 0").
    std::string check() const;
    /// One sample. Uses only `rng()` draws so results are identical across standard libraries.
    template <class Rng>
    double sample(Rng& rng) const;
    /// "lognormal(median = 600 s, sigma = 0.5)".
    std::string describe() const;
};

/// Seed of independent stream `stream` derived from `seed` by the SplitMix64 finalizer
/// (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), so
/// replications and threads get decorrelated std::mt19937_64 seeds.
inline uint64_t stream_seed(uint64_t seed, uint64_t stream) {
    uint64_t z = seed + 0x9E3779B97F4A7C15ull * (stream + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/// SplitMix64 generator (Steele, Lea & Flood 2014): tiny state, cheap to seed per item, so
/// per-board streams keep Monte Carlo results independent of the thread count.
struct SplitMix64 {
    uint64_t state;
    using result_type = uint64_t;
    static constexpr uint64_t min() { return 0; }
    static constexpr uint64_t max() { return ~uint64_t{0}; }
    uint64_t operator()() {
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

/// Uniform double in [0, 1) from 53 random bits (portable, unlike std::uniform_real_distribution).
template <class Rng>
inline double uniform01(Rng& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}
/// Standard normal deviate by the Box-Muller transform (one of the pair; portable).
template <class Rng>
inline double standard_normal(Rng& rng) {
    double u1 = uniform01(rng);
    double u2 = uniform01(rng);
    return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * M_PI * u2);
}
/// Exponential deviate with rate `rate` (1/s).
template <class Rng>
inline double exponential_sample(Rng& rng, double rate) {
    return -std::log1p(-uniform01(rng)) / rate;
}

template <class Rng>
double Distribution::sample(Rng& rng) const {
    switch (kind) {
        case DistKind::fixed: return a;
        case DistKind::exponential: return a > 0 ? exponential_sample(rng, 1.0 / a) : 0.0;
        case DistKind::lognormal: return a * std::exp(b * standard_normal(rng));
        case DistKind::uniform: return a + (b - a) * uniform01(rng);
        case DistKind::triangular: return quantile(uniform01(rng));
    }
    return a;
}

/// Arrhenius acceleration factor of a failure rate at `t_op_k` relative to `t_ref_k`:
/// AF = exp(Ea/k_B * (1/T_ref - 1/T_op))  (Arrhenius; JEDEC JEP122H eq. 5.1-1;
/// MIL-HDBK-217F pi_T uses the same form). Throws std::invalid_argument for T <= 0 K.
double arrhenius_factor(double ea_ev, double t_ref_k, double t_op_k);

/// Norris-Landzberg model of solder-joint thermal-cycling wear-out (Norris & Landzberg, IBM J.
/// Res. Dev. 13(3), 1969): cycles to failure N_f ~ dT^-n * f^m * exp(Ea/(k_B Tmax)).
/// A failure rate scales as cycling frequency / N_f, so the field rate is the reference rate
/// times  (dT_field/dT_ref)^n * (f_field/f_ref)^(1-m) * exp(Ea/k_B (1/Tmax_ref - 1/Tmax_field)).
/// Defaults n = 1.9, m = 1/3, Ea/k_B = 1414 K (SnPb, Norris-Landzberg); SAC305: n = 2.65,
/// m = 0.136, Ea/k_B = 2185 K (Pan et al., SMTA 2005). With equal frequencies and Tmax this is
/// Coffin-Manson, (dT_field/dT_ref)^n.
struct CyclingModel {
    double n = 1.9;
    double m = 1.0 / 3.0;
    double ea_over_k_k = 1414.0;
};
double norris_landzberg_rate_factor(const CyclingModel& model, double dt_field_k, double dt_ref_k,
                                    double f_field_hz, double f_ref_hz, double tmax_field_k,
                                    double tmax_ref_k);

}  // namespace racklink::graphs
