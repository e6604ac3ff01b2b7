#include <catch2/catch.hpp>

#include <random>

#include "graphs/reliability_dist.hpp"

using namespace racklink::graphs;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("a lognormal step has mean median*exp(sigma^2/2) as in MIL-HDBK-472 procedure II") {
    Distribution d = Distribution::lognormal(600.0, 0.5);
    CHECK_THAT(d.mean(), WithinRel(600.0 * std::exp(0.125), 1e-12));
    CHECK_THAT(d.quantile(0.5), WithinRel(600.0, 1e-9));
    // 95th percentile: median * exp(1.644854 sigma).
    CHECK_THAT(d.quantile(0.95), WithinRel(600.0 * std::exp(0.5 * 1.6448536269514722), 1e-8));
}

TEST_CASE("sampled means of every distribution kind match their closed-form means") {
    const Distribution ds[] = {Distribution::fixed(10.0), Distribution::exponential(3.0),
                               Distribution::lognormal(5.0, 0.8), Distribution::uniform(2.0, 6.0),
                               Distribution::triangular(1.0, 2.0, 9.0)};
    for (const Distribution& d : ds) {
        INFO(d.describe());
        REQUIRE(d.check().empty());
        std::mt19937_64 rng(42);
        const int n = 200000;
        double s = 0.0, s2 = 0.0;
        for (int i = 0; i < n; ++i) {
            double x = d.sample(rng);
            s += x;
            s2 += x * x;
        }
        double mean = s / n, var = s2 / n - mean * mean;
        double se = std::sqrt(d.variance() / n);
        CHECK(std::abs(mean - d.mean()) <= 4 * se + 1e-12);
        CHECK_THAT(var, WithinRel(d.variance(), 0.05) || WithinAbs(d.variance(), 1e-12));
    }
}

TEST_CASE("the triangular quantile inverts its CDF at the mode") {
    Distribution d = Distribution::triangular(1.0, 3.0, 9.0);
    CHECK_THAT(d.quantile(0.25), WithinRel(3.0, 1e-12));  // F(mode) = (3-1)/(9-1)
}

TEST_CASE("invalid distributions are reported, not silently used") {
    CHECK_FALSE(Distribution::fixed(-1.0).check().empty());
    CHECK_FALSE(Distribution::lognormal(0.0, 0.5).check().empty());
    CHECK_FALSE(Distribution::uniform(5.0, 1.0).check().empty());
    CHECK_FALSE(Distribution::triangular(1.0, 0.5, 2.0).check().empty());
    CHECK(parse_dist_kind("lognormal") == DistKind::lognormal);
    CHECK_FALSE(parse_dist_kind("gamma").has_value());
}

TEST_CASE("Arrhenius acceleration from 55 to 85 degC with Ea = 0.7 eV is 7.95") {
    // exp(0.7 / 8.617333262e-5 * (1/328.15 - 1/358.15)) = 7.9528 (hand calculation, Python).
    CHECK_THAT(arrhenius_factor(0.7, 328.15, 358.15), WithinRel(7.952798519753488, 1e-12));
    CHECK_THAT(arrhenius_factor(0.7, 330.0, 330.0), WithinRel(1.0, 1e-15));
    CHECK_THROWS_AS(arrhenius_factor(0.7, 300.0, -5.0), std::invalid_argument);
}

TEST_CASE("Norris-Landzberg reduces to Coffin-Manson with equal frequency and peak temperature") {
    CyclingModel snpb;
    CHECK_THAT(norris_landzberg_rate_factor(snpb, 40.0, 20.0, 1e-4, 1e-4, 350.0, 350.0),
               WithinRel(3.7321319661472296, 1e-12));  // 2^1.9
    // Hotter peak temperature in the field accelerates wear-out.
    CHECK(norris_landzberg_rate_factor(snpb, 20.0, 20.0, 1e-4, 1e-4, 370.0, 350.0) > 1.0);
}

TEST_CASE("stream seeds differ per stream and are reproducible") {
    CHECK(stream_seed(1, 0) == stream_seed(1, 0));
    CHECK(stream_seed(1, 0) != stream_seed(1, 1));
    CHECK(stream_seed(1, 0) != stream_seed(2, 0));
}
