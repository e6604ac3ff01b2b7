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
