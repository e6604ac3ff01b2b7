// Tests of the FFT and running-sum building blocks of COM/ERL (sigint/src/com/com_dsp.cpp):
// the mixed-radix real inverse DFT against the defining sum in long double, and the
// vectorized running sum against its definition, bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "../../../sigint/src/com/com_detail.hpp"

namespace cd = racklink::sigint::com_detail;

namespace {
// real(ifft(X)) by the defining sum, X Hermitian of length n from its half spectrum
std::vector<double> idft_direct(const cd::CVec& half, std::size_t n) {
    std::vector<std::complex<long double>> x(n);
    const std::size_t h = n / 2;
    x[0] = half[0].real();
    x[h] = half[h].real();
    for (std::size_t k = 1; k < h; ++k) {
        x[k] = {half[k].real(), half[k].imag()};
        x[n - k] = std::conj(x[k]);
    }
    const long double pi = 3.14159265358979323846264338327950288L;
    std::vector<double> out(n);
    for (std::size_t m = 0; m < n; ++m) {
        long double re = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const long double a = 2 * pi * static_cast<long double>((k * m) % n) / static_cast<long double>(n);
            re += x[k].real() * std::cos(a) - x[k].imag() * std::sin(a);
        }
        out[m] = static_cast<double>(re / static_cast<long double>(n));
    }
    return out;
}
}  // namespace

TEST_CASE("The real inverse FFT equals the inverse DFT for mixed-radix and prime lengths", "[com][fft]") {
    std::mt19937 rng(7);
    std::normal_distribution<double> nd;
    // half lengths 2 .. with factors 4, 2, 3, 5, 7, 11, 13, 17 and 127 (generic kernel) and 131
    // (Bluestein fallback); 85000 = 2^3 5^4 17 is the 802.3ck COM/ERL length.
    for (std::size_t n : {4ul, 6ul, 8ul, 10ul, 14ul, 24ul, 34ul, 2ul * 3 * 5 * 7, 2ul * 11 * 13, 2ul * 17 * 4,
                          2ul * 127, 2ul * 131, 2ul * 5 * 5 * 17}) {
        INFO("n = " << n);
        cd::CVec half(n / 2 + 1);
        for (auto& v : half) v = {nd(rng), nd(rng)};
        const auto got = cd::ifft_hermitian(half, n);
        const auto want = idft_direct(half, n);
        REQUIRE(got.size() == n);
        double err = 0;
        for (std::size_t m = 0; m < n; ++m) err = std::max(err, std::fabs(got[m] - want[m]));
        CHECK(err < 1e-14);
    }
    CHECK_THROWS(cd::ifft_hermitian(cd::CVec(4), 7));
}

TEST_CASE("The real inverse FFT of the 802.3ck length agrees with the general inverse FFT", "[com][fft]") {
    // n = 170000 (f_b 53.125 GBd, M 32, 10 MHz data step): the half-length plan against the
    // full-length mixed-radix transform of the mirrored spectrum (Eigen's kissfft).
    const std::size_t n = 170000;
    cd::CVec half(n / 2 + 1);
    for (std::size_t k = 0; k < half.size(); ++k)
        half[k] = std::polar(std::exp(-1e-4 * static_cast<double>(k)), -0.05 * static_cast<double>(k));
    cd::CVec sym;
    sym.push_back(half[0].real());
    for (std::size_t k = 1; k < n / 2; ++k) sym.push_back(half[k]);
    sym.push_back(half[n / 2].real());
    for (std::size_t k = n / 2 - 1; k >= 1; --k) sym.push_back(std::conj(half[k]));
    const auto a = cd::ifft_hermitian(half, n);
    const auto b = cd::ifft_real(sym);
    double err = 0, peak = 0;
    for (std::size_t m = 0; m < n; ++m) {
        err = std::max(err, std::fabs(a[m] - b[m]));
        peak = std::max(peak, std::fabs(b[m]));
    }
    CHECK(err < 1e-15 * peak * 100);
    // the same plan again (cached): identical output
    CHECK(cd::ifft_hermitian(half, n) == a);
}

namespace {
// The DFT by its defining sum in long double (64-bit significand), from a table of the n-th
// roots of unity, at chosen output indices: the reference of the accuracy tests below.
struct LongDft {
    std::size_t n;
    std::vector<long double> c, s;  // cos, sin(2 pi k / n)
    explicit LongDft(std::size_t len) : n(len), c(len), s(len) {
        const long double pi = 3.14159265358979323846264338327950288L;
        for (std::size_t k = 0; k < n; ++k) {
            const long double a = 2 * pi * static_cast<long double>(k) / static_cast<long double>(n);
            c[k] = std::cos(a);
            s[k] = std::sin(a);
        }
    }
    // x[m] = real((1/n) sum_k X_k exp(+i 2 pi k m / n)), X Hermitian from its half
    long double inverse_at(const cd::CVec& half, std::size_t m) const {
        const std::size_t h = n / 2;
        long double re = static_cast<long double>(half[0].real());
        re += static_cast<long double>(half[h].real()) * c[(h * m) % n];
        for (std::size_t k = 1; k < h; ++k) {  // X_k e^{i a} + conj(X_k e^{i a}) = 2 re(X_k e^{i a})
            const std::size_t i = (k * m) % n;
            re += 2 * (static_cast<long double>(half[k].real()) * c[i] - static_cast<long double>(half[k].imag()) * s[i]);
        }
        return re / static_cast<long double>(n);
    }
    // X_k = sum_m x[m] exp(-i 2 pi k m / n)
    std::complex<long double> forward_at(const std::vector<double>& x, std::size_t k) const {
        long double re = 0, im = 0;
        for (std::size_t m = 0; m < n; ++m) {
            const std::size_t i = (k * m) % n;
            re += static_cast<long double>(x[m]) * c[i];
            im -= static_cast<long double>(x[m]) * s[i];
        }
        return {re, im};
    }
};

// the output indices checked: all up to 4096 points, else 0, n/2, n-1 and 120 spread indices
std::vector<std::size_t> checked_indices(std::size_t n, std::size_t count) {
    std::vector<std::size_t> idx;
    if (count <= 4096) {
        for (std::size_t i = 0; i < count; ++i) idx.push_back(i);
        return idx;
    }
    idx = {0, count / 2, count - 1};
    for (std::size_t i = 0; i < 120; ++i) idx.push_back((i * 7919 + n / 3) % count);
    return idx;
}
}  // namespace

TEST_CASE("The mixed-radix real FFTs agree with the long-double DFT to rounding for every kernel and stage order",
          "[com][fft]") {
    // Half lengths (the complex FFT's length) exercising each kernel: 2, 4, 8 (and 2 8^k, 4 8^k),
    // 3, 5, the compile-time odd primes 7, 11, 13, 17, the run-time odd-prime kernel (19, 127),
    // several odd primes in one plan (largest first), and the COM/ERL lengths 42500 = 4 5^4 17
    // (n = 85000) and 85000 = 8 5^4 17 (n = 170000). 131 takes the Bluestein fallback.
    // Bound: max |error| <= 2e-16 log2(n) max |exact output| (about eps log2(n): the FFT's
    // rounding error grows like log n, Higham, "Accuracy and Stability of Numerical Algorithms",
    // 2nd ed., sec. 24.1). Measured: at most 5.5e-17 log2(n) max|exact| for the mixed-radix
    // lengths (7.0e-17 for Bluestein's n = 262), 2.4e-17 at n = 170000 (8.3e-17 and 2.4e-17 with
    // the FFT of session 3, whose stage order, kernels and twiddles differ).
    std::mt19937 rng(11);
    std::normal_distribution<double> nd;
    for (std::size_t h : {2ul, 3ul, 4ul, 5ul, 7ul, 8ul, 11ul, 13ul, 16ul, 17ul, 19ul, 32ul, 64ul, 85ul, 127ul, 128ul,
                          131ul, 289ul, 425ul, 840ul, 1001ul, 2002ul, 4250ul, 7ul * 11 * 13 * 17, 42500ul,
                          85000ul}) {
        const std::size_t n = 2 * h;
        INFO("n = " << n);
        const LongDft ref(n);
        const double lg = std::log2(static_cast<double>(n));
        // inverse: a random half spectrum
        cd::CVec half(h + 1);
        for (auto& v : half) v = {nd(rng), nd(rng)};
        const auto x = cd::ifft_hermitian(half, n);
        REQUIRE(x.size() == n);
        double err = 0, peak = 0;
        for (std::size_t m : checked_indices(n, n)) {
            const long double want = ref.inverse_at(half, m);
            err = std::max(err, static_cast<double>(std::fabs(static_cast<long double>(x[m]) - want)));
            peak = std::max(peak, static_cast<double>(std::fabs(want)));
        }
        CHECK(err <= 2e-16 * lg * peak);
        // forward: a random real sequence
        std::vector<double> y(n);
        for (auto& v : y) v = nd(rng);
        const auto spec = cd::fft_real_half(y);
        REQUIRE(spec.size() == h + 1);
        err = 0;
        peak = 0;
        for (std::size_t k : checked_indices(n, h + 1)) {
            const auto want = ref.forward_at(y, k);
            const long double dr = static_cast<long double>(spec[k].real()) - want.real();
            const long double di = static_cast<long double>(spec[k].imag()) - want.imag();
            err = std::max(err, static_cast<double>(std::sqrt(dr * dr + di * di)));
            peak = std::max(peak, static_cast<double>(std::abs(want)));
        }
        CHECK(err <= 2e-16 * lg * peak);
    }
}

TEST_CASE("The real FFTs invert each other and the plans are reused bit for bit", "[com][fft]") {
    std::mt19937 rng(5);
    std::normal_distribution<double> nd;
    for (std::size_t n : {34ul, 850ul, 8500ul, 85000ul}) {
        std::vector<double> x(n);
        for (auto& v : x) v = nd(rng);
        const auto spec = cd::fft_real_half(x);
        const auto back = cd::ifft_hermitian(spec, n);
        double err = 0, peak = 0;
        for (std::size_t m = 0; m < n; ++m) {
            err = std::max(err, std::fabs(back[m] - x[m]));
            peak = std::max(peak, std::fabs(x[m]));
        }
        CHECK(err <= 2e-16 * std::log2(static_cast<double>(n)) * peak);
        CHECK(cd::fft_real_half(x) == spec);  // cached plan: the same result
    }
}

TEST_CASE("The running sum adds each window oldest first, as the direct double loop", "[com][fft]") {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(-1, 1);
    for (std::size_t len : {0ul, 1ul, 5ul, 31ul, 32ul, 33ul, 1000ul}) {
        std::vector<double> x(len);
        for (auto& v : x) v = u(rng) * std::pow(10.0, 6 * u(rng));
        const auto y = cd::running_sum(x, 32);
        REQUIRE(y.size() == len);
        for (std::size_t n = 0; n < len; ++n) {
            double s = 0;
            for (std::size_t k = n + 1 >= 32 ? n + 1 - 32 : 0; k <= n; ++k) s += x[k];
            CHECK(y[n] == s);  // bit for bit
        }
    }
}
