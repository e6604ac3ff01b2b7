// Signal-processing building blocks of COM (IEEE 802.3 Annex 93A), mirroring the functions of
// the IEEE COM reference code (com_ieee8023_93a v4.20) named in com_detail.hpp.
#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include "com_detail.hpp"
#include "sigint/com_config.hpp"

namespace racklink::sigint::com_detail {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kEps = 2.220446049250313e-16;  // MATLAB eps
const cplx kJ{0.0, 1.0};

// Largest prime factor, to decide whether the mixed-radix FFT is efficient for n.
long largest_prime_factor(long n) {
    long best = 1;
    for (long p = 2; p * p <= n; ++p)
        while (n % p == 0) {
            best = p;
            n /= p;
        }
    return std::max(best, n);
}

std::size_t next_pow2(std::size_t n) {
    std::size_t m = 1;
    while (m < n) m <<= 1;
    return m;
}

// Inverse DFT (scaled by 1/n) for any n: mixed radix when n has small factors, else
// Bluestein's chirp-z algorithm on power-of-two FFTs.
CVec inverse_dft(const CVec& x) {
    const std::size_t n = x.size();
    thread_local Eigen::FFT<double> fft;  // keeps its plans (twiddle tables) between calls
    CVec out;
    if (n == 0) return out;
    if (largest_prime_factor(static_cast<long>(n)) <= 61) {
        fft.inv(out, x);
        return out;
    }
    // Bluestein: X_k = conj(w_k) sum_n (x_n conj(w_n)) w_{k-n} with w_m = exp(+i pi m^2 / n)
    // for the inverse transform.
    const std::size_t m = next_pow2(2 * n - 1);
    CVec w(n);
    for (std::size_t k = 0; k < n; ++k) {
        const double ang = kPi * static_cast<double>((k * k) % (2 * n)) / static_cast<double>(n);
        w[k] = cplx(std::cos(ang), std::sin(ang));
    }
    CVec a(m, cplx(0, 0)), b(m, cplx(0, 0));
    for (std::size_t k = 0; k < n; ++k) a[k] = x[k] * w[k];
    b[0] = std::conj(w[0]);
    for (std::size_t k = 1; k < n; ++k) b[k] = b[m - k] = std::conj(w[k]);
    CVec fa, fb;
    fft.fwd(fa, a);
    fft.fwd(fb, b);
    for (std::size_t k = 0; k < m; ++k) fa[k] *= fb[k];
    CVec c;
    fft.inv(c, fa);
    out.resize(n);
    for (std::size_t k = 0; k < n; ++k) out[k] = c[k] * w[k] / static_cast<double>(n);
    return out;
}

// exp(i 2 pi k / n) without the argument reduction error of large angles: k is reduced to
// the first octant and the symmetries of sin/cos give the rest (exact operations).
cplx unit_root(std::size_t k, std::size_t n) {
    k %= n;
    // 8 k / n in [0, 8): octant o and the remaining angle 2 pi r / n, r <= n / 8
    const std::size_t o = (8 * k) / n;
    const auto angle = [n](double num) { return 2 * kPi * num / static_cast<double>(n); };
    const double kk = static_cast<double>(k), nn = static_cast<double>(n);
    double c = 0, s = 0;
    switch (o) {
        case 0: c = std::cos(angle(kk)); s = std::sin(angle(kk)); break;
        case 1: { const double a = angle(nn / 4 - kk); c = std::sin(a); s = std::cos(a); break; }
        case 2: { const double a = angle(kk - nn / 4); c = -std::sin(a); s = std::cos(a); break; }
        case 3: { const double a = angle(nn / 2 - kk); c = -std::cos(a); s = std::sin(a); break; }
        case 4: { const double a = angle(kk - nn / 2); c = -std::cos(a); s = -std::sin(a); break; }
        case 5: { const double a = angle(3 * nn / 4 - kk); c = -std::sin(a); s = -std::cos(a); break; }
        case 6: { const double a = angle(kk - 3 * nn / 4); c = std::sin(a); s = -std::cos(a); break; }
        default: { const double a = angle(nn - kk); c = std::cos(a); s = -std::sin(a); break; }
    }
    return {c, s};
}

// Roots of unity exp(i 2 pi k / n), k in [0, n): with n divisible by 8 from a table of the
// first octant (one sin/cos pair per n/8), else each directly (unit_root).
class RootTable {
public:
    // The octant: exp(i 2 pi r / n) for r = r1 b + r0 (b ~ sqrt(n / 8)) as the product of
    // exp(i 2 pi r1 b / n) and exp(i 2 pi r0 / n), all in long double where it has a 64-bit
    // significand (x87, x86-64): relative error ~1e-19 before the rounding to double, so the
    // entries are the correctly rounded values but for rare near-ties, with about
    // 2 sqrt(n / 8) sin/cos evaluations instead of n / 8. (unit_root's double angle is off by
    // up to an ulp, so ~40 % of its values are an ulp from the correctly rounded one.) Where
    // long double is double or a slow software quad, unit_root per entry.
    explicit RootTable(std::size_t n) : n_(n) {
        if (n % 8 != 0) return;
        const std::size_t e = n / 8;
        if constexpr (std::numeric_limits<long double>::digits != 64) {
            base_.resize(e + 1);
            for (std::size_t r = 0; r <= e; ++r) base_[r] = unit_root(r, n);
            return;
        }
        const auto b = static_cast<std::size_t>(std::sqrt(static_cast<double>(e))) + 1;
        const long double two_pi = 6.283185307179586476925286766559005768L;
        const auto root = [&](std::size_t k) {
            const long double a = two_pi * static_cast<long double>(k) / static_cast<long double>(n);
            return std::complex<long double>(std::cos(a), std::sin(a));
        };
        std::vector<std::complex<long double>> fine(b), coarse(e / b + 1);
        for (std::size_t r = 0; r < b; ++r) fine[r] = root(r);
        for (std::size_t r = 0; r < coarse.size(); ++r) coarse[r] = root(r * b);
        base_.resize(e + 1);
        for (std::size_t r = 0; r <= e; ++r) {
            const std::complex<long double> c = coarse[r / b], f = fine[r % b];
            base_[r] = {static_cast<double>(c.real() * f.real() - c.imag() * f.imag()),
                        static_cast<double>(c.real() * f.imag() + c.imag() * f.real())};
        }
    }
    // exp(i 2 pi k / n) for k in [0, n/4] (the first quadrant): the octant table or its mirror
    cplx quadrant(std::size_t k) const {
        if (base_.empty()) return unit_root(k, n_);
        const std::size_t e = n_ / 8;
        if (k <= e) return base_[k];
        const cplx c = base_[2 * e - k];
        return {c.imag(), c.real()};
    }
    // put(t, exp(i 2 pi (t d mod n) / n)) for t = 0 .. count - 1: the octant o and the remainder
    // r of t d = o n/8 + r (as in unit_root's reduction) are advanced by d, not found per value
    template <class Put>
    void progression(std::size_t d, std::size_t count, Put&& put) const {
        d %= n_;
        if (base_.empty()) {
            for (std::size_t t = 0, k = 0; t < count; ++t, k = k + d >= n_ ? k + d - n_ : k + d)
                put(t, unit_root(k, n_));
            return;
        }
        const std::size_t e = n_ / 8, dq = d / e, dr = d % e;  // d = dq e + dr
        std::size_t o = 0, r = 0;                             // t d mod n = o e + r, r < e
        if (dq == 0 && dr > 0) {  // runs of ceil((e - r) / dr) values in one octant
            for (std::size_t t = 0; t < count; o = (o + 1) & 7) {
                const std::size_t run = std::min(count - t, (e - r + dr - 1) / dr);
                switch (o) {
                    case 0: sweep<0>(t, r, dr, run, put); break;
                    case 1: sweep<1>(t, r, dr, run, put); break;
                    case 2: sweep<2>(t, r, dr, run, put); break;
                    case 3: sweep<3>(t, r, dr, run, put); break;
                    case 4: sweep<4>(t, r, dr, run, put); break;
                    case 5: sweep<5>(t, r, dr, run, put); break;
                    case 6: sweep<6>(t, r, dr, run, put); break;
                    default: sweep<7>(t, r, dr, run, put); break;
                }
                t += run;
                r = r + run * dr - e;  // < dr (unused once t = count)
            }
            return;
        }
        for (std::size_t t = 0; t < count; ++t) {
            put(t, octant(o, r));
            r += dr;
            if (r >= e) {
                r -= e;
                ++o;
            }
            o = (o + dq) & 7;
        }
    }

private:
    // exp(i 2 pi (o e + r) / n), e = n / 8, o < 8, r < e (octant symmetries: exact)
    template <int O>
    cplx octant_of(std::size_t r) const {
        const std::size_t e = n_ / 8;
        const cplx b = base_[r], c = base_[e - r];  // exp(i 2 pi r/n), exp(i 2 pi (e - r)/n)
        if constexpr (O == 0) return b;
        if constexpr (O == 1) return {c.imag(), c.real()};
        if constexpr (O == 2) return {-b.imag(), b.real()};
        if constexpr (O == 3) return {-c.real(), c.imag()};
        if constexpr (O == 4) return {-b.real(), -b.imag()};
        if constexpr (O == 5) return {-c.imag(), -c.real()};
        if constexpr (O == 6) return {b.imag(), -b.real()};
        if constexpr (O == 7) return {c.real(), -c.imag()};
    }
    cplx octant(std::size_t o, std::size_t r) const {
        switch (o) {
            case 0: return octant_of<0>(r);
            case 1: return octant_of<1>(r);
            case 2: return octant_of<2>(r);
            case 3: return octant_of<3>(r);
            case 4: return octant_of<4>(r);
            case 5: return octant_of<5>(r);
            case 6: return octant_of<6>(r);
            default: return octant_of<7>(r);
        }
    }
    // put(t0 + i, octant_of<O>(r0 + i dr)) for i < run
    template <int O, class Put>
    void sweep(std::size_t t0, std::size_t r0, std::size_t dr, std::size_t run, Put& put) const {
        for (std::size_t i = 0; i < run; ++i) put(t0 + i, octant_of<O>(r0 + i * dr));
    }

    std::size_t n_;
    CVec base_;
};

// 1 / b as conj(b) / |b|^2, for b of modest magnitude (no scaling against overflow, no NaN
// recovery: the C99 division of the library, Annex G, is a call with both per value).
inline cplx reciprocal(cplx b) {
    const double nb = 1.0 / std::norm(b);
    return {b.real() * nb, -b.imag() * nb};
}

// Complex product without the NaN/Inf recovery of the C99 complex multiplication (Annex G),
// which the finite spectra here never need.
inline cplx cmul(cplx a, cplx b) {
    return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

// A complex value as a (re, im) pair of doubles for packed arithmetic (GCC/Clang vector
// extension: SSE2 registers on x86-64); + - * act on both halves, as complex<double> does on
// real and imaginary parts.
using V2 = double __attribute__((vector_size(16)));
inline V2 to_v2(cplx z) { return V2{z.real(), z.imag()}; }
inline cplx to_cplx(V2 v) { return {v[0], v[1]}; }
// v w by the operations of cmul (re v re w + im v (-im w), im v re w + re v im w: the same
// result) on pairs
inline V2 twiddled(V2 v, cplx w) {
    return v * V2{w.real(), w.real()} + V2{v[1], v[0]} * V2{-w.imag(), w.imag()};
}

// Two complex values (r, r + 1 of a stage's unit-stride loop) as one vector of 4 doubles: the
// FFT kernels run on V4 in functions compiled for AVX2 (chosen at run time), with the very
// operations of the V2 form in each half, so the results are the same bit for bit. V4 values
// never cross a call between code built for different targets (the AVX2 functions inline
// every kernel, FftPlan::run_avx2), so GCC's note that passing them changes the ABI without
// AVX (-Wpsabi) does not apply. (GCC reports it where the templates are instantiated, at the
// end of the file, so it is switched off from here on rather than for this section only.)
#pragma GCC diagnostic ignored "-Wpsabi"  // GCC and Clang
using V4 = double __attribute__((vector_size(32)));

// Loads, stores and lane shuffles of the FFT kernels for one (V2) or two (V4) complex values.
template <class V>
struct Lanes;
template <>
struct Lanes<V2> {
    static V2 load(const cplx* p) { return to_v2(*p); }
    static void store(cplx* p, const V2& v) { *p = to_cplx(v); }
    static V2 splat(double x) { return V2{x, x}; }
    static V2 pair(double a, double b) { return V2{a, b}; }
    static V2 swap(const V2& v) { return V2{v[1], v[0]}; }
    static V2 konst(const V2& c) { return c; }  // a constant stored as (c, c)
};
template <>
struct Lanes<V4> {
    static V4 load(const cplx* p) {
        V4 v;
        std::memcpy(&v, p, sizeof v);
        return v;
    }
    static void store(cplx* p, const V4& v) { std::memcpy(static_cast<void*>(p), &v, sizeof v); }
    static V4 splat(double x) { return V4{x, x, x, x}; }
    static V4 pair(double a, double b) { return V4{a, b, a, b}; }
    static V4 swap(const V4& v) { return V4{v[1], v[0], v[3], v[2]}; }  // one vpermilpd
    static V4 konst(const V2& c) { return splat(c[0]); }
    // the complex values at a and b (two twiddle groups of a stage with m1 = 1)
    static V4 load2(const cplx* a, const cplx* b) { return V4{a->real(), a->imag(), b->real(), b->imag()}; }
};

// Mixed-radix complex DFT (unscaled), Stockham autosort with decimation in time: stage s of
// radix p turns the length-l DFTs of the m = n / l interleaved subsequences x[r + m t] into
// length-l p DFTs, X'[j + l u] = sum_q (w_{lp}^{q j} Y_q[j]) w_p^{q u} (Cooley & Tukey 1965;
// Stockham's self-sorting order, see Van Loan, "Computational Frameworks for the FFT", 1992,
// sec. 1.7). Kernels for radix 2, 3, 4, 5, 8, for the odd primes 7, 11, 13, 17 with compile-time
// sizes, and for any other odd prime; the odd-prime kernels pair the symmetric terms q and p - q
// (half the multiplications of the direct DFT: Nussbaumer, "Fast Fourier Transform and
// Convolution Algorithms", 2nd ed., 1982, sec. 5.1; Van Loan sec. 1.8).
// sign = +1: inverse (exp(+i ...)), -1: forward.
//
// Stage order: the largest prime first, the radix-2, 4 and 8 stages last. The first stage
// (l = 1) needs no twiddles and runs the expensive odd-prime butterflies over long unit-stride
// loops (m1 = n / p); the last stage (m1 = 1) has the most twiddles, (p - 1) n / p, which the
// cheapest butterfly then carries. The twiddles w_{lp}^{q j} of each stage are tabulated when
// the plan is made, in the order the stage reads them (about n values in all: the transform
// reads each once per run instead of finding it in the octant table).
class FftPlan {
public:
    // roots: a table of the N-th roots of unity with N = big_n a multiple of n (read only here).
    FftPlan(std::size_t n, int sign, const RootTable& roots, std::size_t big_n)
        : n_(n), sgn_(sign > 0 ? 1.0 : -1.0) {
        std::size_t rest = n, l = 1;
        std::vector<int> small, odd;  // radices 2, 4, 8; the odd primes in increasing order
        int twos = 0;  // 2^twos = 2^(twos % 3) 8^(twos / 3)
        for (; rest % 2 == 0; rest /= 2) ++twos;
        if (twos % 3 > 0) small.push_back(twos % 3 == 1 ? 2 : 4);
        small.insert(small.end(), static_cast<std::size_t>(twos / 3), 8);
        for (std::size_t p = 3; p * p <= rest; p += 2)
            while (rest % p == 0) { odd.push_back(static_cast<int>(p)); rest /= p; }
        if (rest > 1) odd.push_back(static_cast<int>(rest));
        std::vector<int> radices(odd.rbegin(), odd.rend());
        radices.insert(radices.end(), small.begin(), small.end());
        for (int p : radices) {
            const auto up = static_cast<std::size_t>(p);
            Stage st;
            st.p = p;
            st.l = l;
            st.m1 = n / (l * up);
            // w_{lp}^{q j} = roots(j q step mod N), step = N / (l p): per q a progression in j
            const std::size_t step = big_n / (l * up);
            st.tw.resize((up - 1) * l);
            for (std::size_t q = 1; q < up; ++q) {
                cplx* col = st.tw.data() + (q - 1);
                roots.progression(q * step, l, [&](std::size_t j, cplx w) {
                    col[j * (up - 1)] = sign < 0 ? std::conj(w) : w;
                });
            }
            if (p > 5) {  // odd prime: cos/sin(2 pi q u / p), u, q = 1 .. (p-1)/2
                const std::size_t h = (up - 1) / 2;
                st.c.resize(h * h);
                st.s.resize(h * h);
                for (std::size_t u = 1; u <= h; ++u)
                    for (std::size_t q = 1; q <= h; ++q) {
                        const cplx w = unit_root(q * u % up, up);
                        st.c[(u - 1) * h + (q - 1)] = w.real();
                        st.s[(u - 1) * h + (q - 1)] = w.imag();
                        st.c2.push_back(V2{w.real(), w.real()});
                        st.s2.push_back(V2{w.imag(), w.imag()});
                    }
            }
            stages_.push_back(std::move(st));
            l *= up;
        }
    }

    // Transforms the n values at src into a or b, n values each (the result's buffer is
    // returned: a for an odd number of stages, b for an even one, see result_in_a); the stages
    // alternate between a and b, the first reading src, so src may be b (not a) or neither,
    // and the callers place their data so that the result lands where they want it.
    const cplx* execute(const cplx* src, cplx* a, cplx* b) const {
        if (stages_.empty()) {  // n = 1
            if (src != b) std::copy_n(src, n_, b);
            return b;
        }
        const cplx* in = src;
        cplx* out = a;
        cplx* spare = b;
        for (const Stage& st : stages_) {
            if (sgn_ > 0)
                run_stage<+1>(st, in, out);
            else
                run_stage<-1>(st, in, out);
            in = out;
            std::swap(out, spare);
        }
        return out == a ? b : a;  // the buffer written last
    }
    bool result_in_a() const { return stages_.size() % 2 == 1; }

private:
    struct Stage {
        int p = 2;
        std::size_t l = 1, m1 = 1;  // sub-DFT length before the stage, subsequences after it
        CVec tw;  // w_{lp}^{q j} at tw[j (p - 1) + q - 1]
        RVec c, s;                  // odd-prime kernels: cos, sin(2 pi q u / p)
        std::vector<V2> c2, s2;     // the same, each value twice (packed products)
    };

    template <int S>
    void run_stage(const Stage& st, const cplx* in, cplx* out) const {
        switch (st.p) {
            case 2: return run_any<2, S>(st, in, out);
            case 3: return run_any<3, S>(st, in, out);
            case 4: return run_any<4, S>(st, in, out);
            case 5: return run_any<5, S>(st, in, out);
            case 8: return run_any<8, S>(st, in, out);
            case 7: return run_any<7, S>(st, in, out);
            case 11: return run_any<11, S>(st, in, out);
            case 13: return run_any<13, S>(st, in, out);
            case 17: return run_any<17, S>(st, in, out);
            default: return run_generic(st, in, out);
        }
    }

    // The l twiddle groups j of a stage: inputs in[j m + q m1 + r], outputs out[j m1 + u l m1 + r].
    // Wide: two butterflies at a time on V4 while two remain (for the AVX2 build below).
    template <int P, int S, bool Wide>
    static void run(const Stage& st, const cplx* __restrict in, cplx* __restrict out) {
        const std::size_t l = st.l, m1 = st.m1, m = m1 * P, os = l * m1;
        const V2* c = st.c2.data();
        const V2* s = st.s2.data();
        if constexpr (Wide) {
            if (m1 == 1) {  // the twiddle groups in pairs
                butterfly<V2, P, S, true>(in, 1, out, os, nullptr, c, s);  // j = 0
                std::size_t j = 1;
                for (; j + 1 < l; j += 2)
                    butterfly<V4, P, S, false, true>(in + j * m, 1, out + j, os, st.tw.data() + j * (P - 1), c, s, m);
                for (; j < l; ++j) butterfly<V2, P, S, false>(in + j * m, 1, out + j, os, st.tw.data() + j * (P - 1), c, s);
                return;
            }
        }
        const std::size_t m1w = Wide ? m1 & ~std::size_t{1} : 0;  // r < m1w: in pairs
        std::size_t r = 0;
        for (; r < m1w; r += 2)  // j = 0: w = 1, no multiplications
            butterfly<V4, P, S, true>(in + r, m1, out + r, os, nullptr, c, s);
        for (; r < m1; ++r) butterfly<V2, P, S, true>(in + r, m1, out + r, os, nullptr, c, s);
        for (std::size_t j = 1; j < l; ++j) {
            const cplx* __restrict w = st.tw.data() + j * (P - 1);
            const cplx* __restrict src = in + j * m;
            cplx* __restrict dst = out + j * m1;
            for (r = 0; r < m1w; r += 2) butterfly<V4, P, S, false>(src + r, m1, dst + r, os, w, c, s);
            for (; r < m1; ++r) butterfly<V2, P, S, false>(src + r, m1, dst + r, os, w, c, s);
        }
    }
#if defined(__GNUC__) && defined(__x86_64__)
    // run on two butterflies per AVX register: the same operations, so the same results (no FMA
    // contraction without the fma target); flatten inlines the kernels into this AVX2 code
    template <int P, int S>
    __attribute__((target("avx2"), flatten)) static void run_avx2(const Stage& st, const cplx* in, cplx* out) {
        run<P, S, true>(st, in, out);
    }
    static bool have_avx2() { return __builtin_cpu_supports("avx2"); }
#else
    template <int P, int S>
    static void run_avx2(const Stage& st, const cplx* in, cplx* out) {
        run<P, S, false>(st, in, out);
    }
    static bool have_avx2() { return false; }
#endif
    template <int P, int S>
    void run_any(const Stage& st, const cplx* in, cplx* out) const {
        if (avx2_)
            run_avx2<P, S>(st, in, out);
        else
            run<P, S, false>(st, in, out);
    }

    // multiplication by sign * i
    // (branch-free: sgn_ = +-1.0, and the products by +-1 are exact)
    cplx rot(cplx v) const { return {-sgn_ * v.imag(), sgn_ * v.real()}; }
    // multiplication by S i, S = +-1 (exact)
    template <int S>
    static cplx rot_s(cplx v) {
        if constexpr (S > 0) return {-v.imag(), v.real()};
        return {v.imag(), -v.real()};
    }

    // One butterfly of radix P: inputs src[q is] (times w[q - 1] unless One), outputs dst[u os];
    // V = V2: one complex value, V = V4: those at src and src + 1 (the same twiddles), or with
    // Groups those at src and src + gs (twiddles w and w + P - 1: two twiddle groups j, j + 1
    // of a stage with m1 = 1, whose outputs are adjacent).
    template <class V, int P, int S, bool One, bool Groups = false>
    static void butterfly(const cplx* __restrict src, std::size_t is, cplx* __restrict dst, std::size_t os,
                          const cplx* __restrict w, const V2* __restrict cc, const V2* __restrict ss,
                          std::size_t gs = 0) {
        using L = Lanes<V>;
        // sign i v (the products by +-1 are exact: -im, re or im, -re)
        const V sgn = S > 0 ? L::pair(-1.0, 1.0) : L::pair(1.0, -1.0);
        const auto rot = [&](const V& v) { return L::swap(v) * sgn; };
        // input q times its twiddle w[q - 1] (the operations of cmul, see twiddled)
        const auto in = [&](int q) {
            const cplx* x = src + static_cast<std::size_t>(q) * is;
            if constexpr (Groups) {
                const V v = L::load2(x, x + gs);
                const cplx t0 = w[q - 1], t1 = w[P - 1 + q - 1];
                return v * V{t0.real(), t0.real(), t1.real(), t1.real()} +
                       L::swap(v) * V{-t0.imag(), t0.imag(), -t1.imag(), t1.imag()};
            } else {
                const V v = L::load(x);
                if constexpr (One) return v;
                const cplx t = w[q - 1];
                return v * L::splat(t.real()) + L::swap(v) * L::pair(-t.imag(), t.imag());
            }
        };
        const auto in0 = [&] {
            if constexpr (Groups) return L::load2(src, src + gs);
            else return L::load(src);
        };
        const auto put = [&](int u, const V& v) { L::store(dst + static_cast<std::size_t>(u) * os, v); };
        const V half = L::splat(0.5);
        if constexpr (P == 2) {
            const V a = in0(), b = in(1);
            put(0, a + b);
            put(1, a - b);
        } else if constexpr (P == 3) {
            const V h3 = L::splat(0.86602540378443864676);  // sin(2 pi / 3)
            const V t0 = in0(), t1 = in(1), t2 = in(2);
            const V sm = t1 + t2, d = rot(t1 - t2) * h3;
            const V mid = t0 - sm * half;
            put(0, t0 + sm);
            put(1, mid + d);
            put(2, mid - d);
        } else if constexpr (P == 4) {
            const V t0 = in0(), t1 = in(1), t2 = in(2), t3 = in(3);
            const V a = t0 + t2, b = t0 - t2, c = t1 + t3, d = rot(t1 - t3);
            put(0, a + c);
            put(1, b + d);
            put(2, a - c);
            put(3, b - d);
        } else if constexpr (P == 8) {
            // two radix-4 butterflies (even and odd inputs), then X_k = E_k + w_8^k O_k and
            // X_{k+4} = E_k - w_8^k O_k with w_8 = (1 + sign i) / sqrt(2), w_8^2 = sign i
            const V r2 = L::splat(0.70710678118654752440);  // 1 / sqrt(2)
            const V t0 = in0(), t1 = in(1), t2 = in(2), t3 = in(3);
            const V t4 = in(4), t5 = in(5), t6 = in(6), t7 = in(7);
            const V a0 = t0 + t4, a1 = t0 - t4, a2 = t2 + t6, a3 = rot(t2 - t6);
            const V b0 = t1 + t5, b1 = t1 - t5, b2 = t3 + t7, b3 = rot(t3 - t7);
            const V e0 = a0 + a2, e1 = a1 + a3, e2 = a0 - a2, e3 = a1 - a3;
            const V o0 = b0 + b2, o1 = b1 + b3, o2 = b0 - b2, o3 = b1 - b3;
            const V w1 = (o1 + rot(o1)) * r2, w2 = rot(o2), w3 = (rot(o3) - o3) * r2;
            put(0, e0 + o0);
            put(4, e0 - o0);
            put(1, e1 + w1);
            put(5, e1 - w1);
            put(2, e2 + w2);
            put(6, e2 - w2);
            put(3, e3 + w3);
            put(7, e3 - w3);
        } else if constexpr (P == 5) {
            const double k1 = 0.30901699437494742410, k2 = -0.80901699437494742410;  // cos(2 pi/5), cos(4 pi/5)
            const double k3 = 0.95105651629515357212, k4 = 0.58778525229247312917;   // sin(2 pi/5), sin(4 pi/5)
            const V c1 = L::splat(k1), c2 = L::splat(k2), s1 = L::splat(k3), s2 = L::splat(k4);
            const V t0 = in0(), t1 = in(1), t2 = in(2), t3 = in(3), t4 = in(4);
            const V sa = t1 + t4, da = t1 - t4, sb = t2 + t3, db = t2 - t3;
            const V a1 = t0 + c1 * sa + c2 * sb, a2 = t0 + c2 * sa + c1 * sb;
            const V b1 = rot(s1 * da + s2 * db), b2 = rot(s2 * da - s1 * db);
            put(0, t0 + sa + sb);
            put(1, a1 + b1);
            put(4, a1 - b1);
            put(2, a2 + b2);
            put(3, a2 - b2);
        } else {
            // odd prime: X_u = t0 + sum_q c_uq (t_q + t_{P-q}) + sign i sum_q s_uq (t_q - t_{P-q}),
            // X_{P-u} the same with - sign i
            // The products by the real constants run on (re, im) pairs (GCC/Clang vector
            // extensions; SSE2 on x86-64) with each constant stored twice, (c, c): one packed
            // multiply each, no broadcast; the same operations as the complex<double> form.
            constexpr int H = (P - 1) / 2;
            const V t0 = in0();
            V sm[H], df[H];
            V v0 = t0;
            for (int q = 1; q <= H; ++q) {
                const V a = in(q), b = in(P - q);
                sm[q - 1] = a + b;
                df[q - 1] = a - b;
                v0 += sm[q - 1];
            }
            put(0, v0);
            for (int u = 1; u <= H; ++u) {
                const V2* cu = cc + (u - 1) * H;
                const V2* su = ss + (u - 1) * H;
                V a = t0, b = L::splat(0.0);
                for (int q = 0; q < H; ++q) {
                    a += L::konst(cu[q]) * sm[q];
                    b += L::konst(su[q]) * df[q];
                }
                const V ib = rot(b);
                put(u, a + ib);
                put(P - u, a - ib);
            }
        }
    }

    // Any odd prime p (the kernel above with run-time sizes).
    void run_generic(const Stage& st, const cplx* in, cplx* out) const {
        const int p = st.p, h = (p - 1) / 2;
        const std::size_t l = st.l, m1 = st.m1, m = m1 * static_cast<std::size_t>(p), os = l * m1;
        CVec scratch(static_cast<std::size_t>(2 * p));
        cplx* tt = scratch.data();  // p values, then the h sums and the h differences
        cplx* sm = tt + p;
        cplx* df = sm + h;
        for (std::size_t j = 0; j < l; ++j) {
            const cplx* w = st.tw.data() + j * static_cast<std::size_t>(p - 1);
            const cplx* src = in + j * m;
            cplx* dst = out + j * m1;
            for (std::size_t r = 0; r < m1; ++r) {
                tt[0] = src[r];
                for (int q = 1; q < p; ++q) {
                    const cplx v = src[static_cast<std::size_t>(q) * m1 + r];
                    tt[q] = j == 0 ? v : to_cplx(twiddled(to_v2(v), w[q - 1]));
                }
                cplx v0 = tt[0];
                for (int q = 1; q <= h; ++q) {
                    sm[q - 1] = tt[q] + tt[p - q];
                    df[q - 1] = tt[q] - tt[p - q];
                    v0 += sm[q - 1];
                }
                dst[r] = v0;
                for (int u = 1; u <= h; ++u) {
                    const double* cu = st.c.data() + (u - 1) * h;
                    const double* su = st.s.data() + (u - 1) * h;
                    cplx a = tt[0], b = 0;
                    for (int q = 0; q < h; ++q) {
                        a += cu[q] * sm[q];
                        b += su[q] * df[q];
                    }
                    const cplx ib = rot(b);
                    dst[static_cast<std::size_t>(u) * os + r] = a + ib;
                    dst[static_cast<std::size_t>(p - u) * os + r] = a - ib;
                }
            }
        }
    }

    std::size_t n_;
    double sgn_ = 1.0;
    bool avx2_ = have_avx2();
    std::vector<Stage> stages_;
};

// Inverse real DFT of even length n = 2h from the half spectrum X_0 .. X_h of a Hermitian
// spectrum, through one complex DFT of length h (the even/odd split, e.g. Press et al.,
// Numerical Recipes 3rd ed., sec. 12.3): z_k = A_k + i B_k with A_k = (X_k + X_{k+h}) / 2,
// B_k = (X_k - X_{k+h}) exp(i 2 pi k / n) / 2, x[2m] + i x[2m+1] = IDFT_h(z)[m].
class RealInversePlan {
public:
    explicit RealInversePlan(std::size_t n) : n_(n), roots_(n), fft_(n / 2, +1, roots_, n) {}
    RealInversePlan(const RealInversePlan&) = delete;  // large: made once per thread and length
    RealInversePlan& operator=(const RealInversePlan&) = delete;
    std::size_t size() const { return n_; }
    // half: X_0 .. X_{n/2} (the imaginary parts of X_0 and X_{n/2} are ignored, as in
    // [real(X_0); X_1..X_{h-1}; real(X_h); conj(flip)]).
    // half is overwritten (z is formed in its first h values).
    RVec execute(CVec& half) {
        const std::size_t h = n_ / 2;
        RVec out(n_);
        // The output's storage (n doubles = h complex values; std::complex<double> has the
        // layout of double[2], [complex.numbers]) and half's are the transform's two buffers:
        // z is formed in the one that is not written first, so that the result (x[2m] +
        // i x[2m+1]) lands in out.
        cplx* const out_c = reinterpret_cast<cplx*>(out.data());
        cplx* const a = fft_.result_in_a() ? out_c : half.data();
        cplx* const z = fft_.result_in_a() ? half.data() : out_c;
        // X_k = half_k and X_{k+h} = conj(half_{h-k}), with real X_0 and X_h; z_k and z_{h-k}
        // read the same two values and are formed together
        // (exp(i 2 pi (h - k) / n) = -conj(exp(i 2 pi k / n)), exactly). The 1/h of the
        // inverse DFT is applied here, with the 1/2 of A and B: g = 1 / (2h).
        const double g = 0.5 / static_cast<double>(h);
        // on (re, im) pairs: the operations of the complex form (twiddled = cmul; conj as the
        // exact product by (1, -1))
        const V2 gg = {g, g}, cj = {1.0, -1.0};
        const auto zk = [gg](V2 xk, V2 xh, cplx w) {  // w = exp(i 2 pi k / n)
            const V2 b = twiddled(xk - xh, w) * gg;
            return (xk + xh) * gg + V2{-b[1], b[0]};
        };
        const V2 x0 = {half[0].real(), 0.0}, xh0 = {half[h].real(), 0.0};
        std::size_t k = 1;
        for (; 2 * k < h; ++k) {
            // z_{h-k} = conj(s g) + i conj(b g) with s g and b g of z_k: the sums, differences
            // and products of zk for h - k are those for k up to exact sign changes
            const V2 xa = to_v2(half[k]), xb = to_v2(half[h - k]) * cj;
            const V2 sg = (xa + xb) * gg, bg = twiddled(xa - xb, roots_.quadrant(k)) * gg;
            z[k] = to_cplx(sg + V2{-bg[1], bg[0]});
            z[h - k] = to_cplx(V2{sg[0], -sg[1]} + V2{bg[1], bg[0]});
        }
        if (2 * k == h) {  // k = h / 2 pairs with itself
            const V2 xa = to_v2(half[k]);
            z[k] = to_cplx(zk(xa, xa * cj, roots_.quadrant(k)));
        }
        z[0] = to_cplx(zk(x0, xh0, 1.0));
        fft_.execute(z, a, z);  // into out_c
        return out;
    }

private:
    std::size_t n_;
    RootTable roots_;
    FftPlan fft_;
};

// The plan of the last length used on this thread, per plan type: ERL's two sides and COM's
// channels and package cases transform spectra of one length, so the twiddles are computed once.
template <class Plan>
Plan& cached_plan(std::size_t n) {
    thread_local std::unique_ptr<Plan> plan;
    if (!plan || plan->size() != n) plan = std::make_unique<Plan>(n);
    return *plan;
}
RealInversePlan& real_inverse_plan(std::size_t n) { return cached_plan<RealInversePlan>(n); }

// Forward real DFT of even length n = 2h through one complex DFT of length h (the even/odd
// split, Press et al., Numerical Recipes 3rd ed., sec. 12.3): z_m = x[2m] + i x[2m+1],
// Z = DFT_h(z), X_k = E_k + exp(-i 2 pi k / n) O_k with E_k = (Z_k + conj(Z_{h-k})) / 2,
// O_k = (Z_k - conj(Z_{h-k})) / (2i), Z_h = Z_0; k = 0 .. h.
class RealForwardPlan {
public:
    explicit RealForwardPlan(std::size_t n) : n_(n), roots_(n), fft_(n / 2, -1, roots_, n), a_(n / 2), b_(n / 2) {}
    RealForwardPlan(const RealForwardPlan&) = delete;  // large: made once per thread and length
    RealForwardPlan& operator=(const RealForwardPlan&) = delete;
    std::size_t size() const { return n_; }
    CVec execute(const RVec& x) {
        const std::size_t h = n_ / 2;
        // z_m = x[2m] + i x[2m+1] is x itself read as h complex values ([complex.numbers]);
        // the transform's two buffers are the plan's (no allocation per call)
        const cplx* zt = fft_.execute(reinterpret_cast<const cplx*>(x.data()), a_.data(), b_.data());
        CVec out(h + 1);
        out[0] = zt[0].real() + zt[0].imag();
        out[h] = zt[0].real() - zt[0].imag();
        // X_k with exp(-i 2 pi k / n); X_{h-k} with exp(-i 2 pi (h - k) / n) = -exp(i 2 pi k / n).
        // On (re, im) pairs: the operations of the complex form (twiddled(o, w) = cmul(w, o);
        // conj as the exact product by (1, -1)).
        const V2 hf = {0.5, 0.5}, cj = {1.0, -1.0};
        const auto xk = [hf](V2 a, V2 b, cplx w) {  // a = Z_k, b = conj(Z_{h-k})
            const V2 e = (a + b) * hf, d = (a - b) * hf;
            return e + twiddled(V2{d[1], -d[0]}, w);  // d / i
        };
        std::size_t k = 1;
        for (; 2 * k < h; ++k) {
            // X_{h-k} = conj(E_k) - conj(P) with P = e^{-i 2 pi k / n} O_k: the sums,
            // differences and products for h - k are those for k up to exact sign changes
            const V2 a = to_v2(zt[k]), b = to_v2(zt[h - k]) * cj;
            const V2 e = (a + b) * hf, d = (a - b) * hf;
            const V2 pr = twiddled(V2{d[1], -d[0]}, std::conj(roots_.quadrant(k)));
            out[k] = to_cplx(e + pr);
            out[h - k] = to_cplx(V2{e[0], -e[1]} - V2{pr[0], -pr[1]});
        }
        if (2 * k == h) {  // k = h / 2 pairs with itself
            const V2 a = to_v2(zt[k]);
            out[k] = to_cplx(xk(a, a * cj, std::conj(roots_.quadrant(k))));
        }
        return out;
    }

private:
    std::size_t n_;
    RootTable roots_;
    FftPlan fft_;
    CVec a_, b_;  // the transform's buffers
};

RealForwardPlan& real_forward_plan(std::size_t n) { return cached_plan<RealForwardPlan>(n); }
}  // namespace

CVec fft_real_half(const RVec& x) {
    const std::size_t n = x.size();
    if (n < 4 || n % 2 != 0) throw std::invalid_argument("fft_real_half: need an even length n >= 4");
    if (largest_prime_factor(static_cast<long>(n / 2)) > 127) {
        // a large prime factor: Bluestein through inverse_dft; for real x, DFT(x) = n conj(IDFT(x))
        const CVec t = inverse_dft(CVec(x.begin(), x.end()));
        CVec out(n / 2 + 1);
        for (std::size_t k = 0; k <= n / 2; ++k) out[k] = std::conj(t[k]) * static_cast<double>(n);
        out[0] = out[0].real();  // real for real input (as the split form gives)
        out[n / 2] = out[n / 2].real();
        return out;
    }
    return real_forward_plan(n).execute(x);
}

RVec ifft_hermitian(CVec half, std::size_t n) {
    if (n < 4 || n % 2 != 0 || half.size() != n / 2 + 1)
        throw std::invalid_argument("ifft_hermitian: need an even length n >= 4 and n/2 + 1 spectrum values");
    if (largest_prime_factor(static_cast<long>(n / 2)) > 127) {
        // a large prime factor: the generic kernel would be O(p) per point; Bluestein instead
        CVec sym;
        sym.reserve(n);
        sym.push_back(half.front().real());
        for (std::size_t k = 1; k < n / 2; ++k) sym.push_back(half[k]);
        sym.push_back(half[n / 2].real());
        for (std::size_t k = n / 2 - 1; k >= 1; --k) sym.push_back(std::conj(half[k]));
        return ifft_real(sym);
    }
    return real_inverse_plan(n).execute(half);
}

// ---- two-port blocks ---------------------------------------------------------------------

void apply_port_skew(Network& n, const std::vector<int>& port_order, const double skew_s[4]) {
    if (!any_port_skew(skew_s)) return;
    // Reference read_p4_s4params: Sigfct(sigma2, sigma1, sigma4, sigma3) called with the
    // exp(2i pi f skew) of (Txp, Txn, Rxp, Rxn) gives the reordered ports 1..4 the skews
    // (Txn, Txp, Rxn, Rxp), and S_new = (sigma sigma^T) .* S.
    const double by_order[4] = {skew_s[1], skew_s[0], skew_s[3], skew_s[2]};
    double tau[4] = {0, 0, 0, 0};  // per file port (0-based)
    std::vector<int> sorted = port_order;
    std::sort(sorted.begin(), sorted.end());
    if (n.ports() != 4 || sorted != std::vector<int>{1, 2, 3, 4})
        throw std::invalid_argument(n.name + ": port skews need a 4-port network and Port Order a permutation of 1..4");
    for (int i = 0; i < 4; ++i) tau[port_order[static_cast<std::size_t>(i)] - 1] = by_order[i];
    for (std::size_t k = 0; k < n.points(); ++k) {
        const double w = 2 * kPi * n.f_hz[k];
        cplx sig[4];
        for (int a = 0; a < 4; ++a) sig[a] = std::polar(1.0, w * tau[a]);
        Eigen::MatrixXcd& m = n.s[k];
        for (int a = 0; a < 4; ++a)
            for (int b = 0; b < 4; ++b) m(a, b) *= sig[a] * sig[b];
    }
}

S2 cascade(const S2& a, const S2& b) {
    const std::size_t n = a.s11.size();
    S2 o;
    o.s11.resize(n);
    o.s12.resize(n);
    o.s21.resize(n);
    o.s22.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        // 1 / den once, as conj(den) / |den|^2 (den = 1 - S22a S11b stays near 1 for passive
        // blocks, so no scaling is needed; the library's C99 division, with its scaling and
        // NaN recovery, four times per point was 6% of a crosstalk COM run)
        const cplx inv = reciprocal(1.0 - a.s22[k] * b.s11[k]);
        o.s11[k] = a.s11[k] + cmul(a.s12[k] * a.s21[k] * b.s11[k], inv);
        o.s12[k] = cmul(a.s12[k] * b.s12[k], inv);
        o.s21[k] = cmul(b.s21[k] * a.s21[k], inv);
        o.s22[k] = b.s22[k] + cmul(b.s12[k] * b.s21[k] * a.s22[k], inv);
    }
    return o;
}

S2 shunt_c(const RVec& f, double c, double zref) {
    S2 o;
    o.reserve(f.size());
    for (double fk : f) {
        const cplx y = kJ * 2.0 * kPi * fk * c * zref;
        const cplx inv = reciprocal(2.0 + y);  // |2 + y| >= 2
        const cplx s11 = cmul(-y, inv);
        const cplx s21 = 2.0 * inv;
        o.s11.push_back(s11);
        o.s22.push_back(s11);
        o.s21.push_back(s21);
        o.s12.push_back(s21);
    }
    return o;
}

S2 series_l(const RVec& f, double l, double zref) {
    S2 o;
    o.reserve(f.size());
    for (double fk : f) {
        const cplx z = kJ * 2.0 * kPi * fk * l / zref;
        const cplx inv = reciprocal(2.0 + z);  // |2 + z| >= 2
        const cplx s11 = cmul(z, inv);
        const cplx s21 = 2.0 * inv;
        o.s11.push_back(s11);
        o.s22.push_back(s11);
        o.s21.push_back(s21);
        o.s12.push_back(s21);
    }
    return o;
}

S2 tline(const RVec& f, double z_c, double z_0, const double g[3], double tau, double d) {
    S2 o;
    o.reserve(f.size());
    const double rho = d == 0 ? 0.0 : (z_c - 2 * z_0) / (z_c + 2 * z_0);  // 93A-12
    for (double fk : f) {
        const double fg = fk / 1e9;
        const cplx gamma_1 = g[1] * cplx(1, 1);                                        // 93A-10
        const cplx gamma_2 = g[2] * (1.0 - 2.0 * kJ / kPi * std::log(fg)) + 2.0 * kJ * kPi * tau;  // 93A-11
        cplx gamma = g[0] + gamma_1 * std::sqrt(fg) + gamma_2 * fg;                     // 93A-9
        if (fg == 0) gamma = g[0];
        const cplx e = std::exp(-d * gamma);
        const cplx inv = reciprocal(1.0 - rho * rho * e * e);  // |den| >= 1 - rho^2 > 0
        const cplx s11 = cmul(rho * (1.0 - e * e), inv);    // 93A-13
        const cplx s21 = cmul((1.0 - rho * rho) * e, inv);  // 93A-14
        o.s11.push_back(s11);
        o.s22.push_back(s11);
        o.s21.push_back(s21);
        o.s12.push_back(s21);
    }
    return o;
}

// ---- filters ----------------------------------------------------------------------------

PackageBlocks package_blocks(const RVec& c_d_f, const RVec& l_s_h, double c_b_f, double c_p_f, double c_v_f,
                             const RVec& z_c_ohm, const RVec& z_p_mm) {
    PackageBlocks b;
    b.c_pad_f = c_d_f;
    b.l_comp_h = l_s_h;
    b.z_c_ohm = z_c_ohm;
    b.len_mm = z_p_mm;
    if (z_p_mm.size() == 1) {
        b.c_bump_f = {c_b_f};
        b.c_ball_f = {c_p_f};
        b.z_c_ohm.resize(1);  // one segment uses the first Z_c
    } else {
        b.c_pad_f.insert(b.c_pad_f.end(), {0, 0, 0});
        b.l_comp_h.insert(b.l_comp_h.end(), {0, 0, 0});
        b.c_bump_f = {c_b_f, 0, 0, 0};
        b.c_ball_f = {0, 0, c_v_f, c_p_f};
    }
    const std::size_t extra = c_d_f.empty() ? 0 : c_d_f.size() - 1;
    for (auto* v : {&b.c_ball_f, &b.c_bump_f, &b.len_mm, &b.z_c_ohm}) v->insert(v->begin(), extra, 0.0);
    return b;
}

namespace {
// f with every value below MATLAB eps raised to eps (add_brd and make_pkg: f(f < eps) = eps, so
// the shunt capacitors' admittance is never exactly 0 at DC)
RVec at_least_eps(const RVec& f) {
    RVec fe(f);
    for (auto& v : fe)
        if (v < kEps) v = kEps;
    return fe;
}
}  // namespace

S2 add_host_boards(const ComHostBoards& b, const RVec& f, const S2& ch) {
    const RVec fe = at_least_eps(f);
    S2 rx = tline(f, b.z_c_ohm[1], b.z0_ohm, b.gamma0_a1_a2, b.tau_ns_per_mm, b.len_mm[1]);
    rx = cascade(cascade(shunt_c(fe, b.c_1_f[1], b.z0_ohm), rx), shunt_c(fe, b.c_0_f[1], b.z0_ohm));
    if (b.include_pcb == 2) return cascade(ch, rx);
    S2 tx = tline(f, b.z_c_ohm[0], b.z0_ohm, b.gamma0_a1_a2, b.tau_ns_per_mm, b.len_mm[0]);
    tx = cascade(cascade(shunt_c(fe, b.c_0_f[0], b.z0_ohm), tx), shunt_c(fe, b.c_1_f[0], b.z0_ohm));
    return cascade(cascade(tx, ch), rx);
}

ComHostBoards host_boards(const ComParams& p, double len_tx_mm, double len_rx_mm) {
    ComHostBoards b;
    b.include_pcb = p.include_pcb;
    for (int i = 0; i < 2; ++i) {
        b.z_c_ohm[i] = p.brd_z_c_ohm[i];
        b.c_0_f[i] = p.c_0_f[i];
        b.c_1_f[i] = p.c_1_f[i];
    }
    b.len_mm[0] = len_tx_mm;
    b.len_mm[1] = len_rx_mm;
    for (int i = 0; i < 3; ++i) b.gamma0_a1_a2[i] = p.brd_gamma0_a1_a2[i];
    b.tau_ns_per_mm = p.brd_tau_ns_per_mm;
    b.z0_ohm = p.z0_ohm;
    return b;
}

S2 package_cascade(const RVec& f, const PackageBlocks& b, double zref, const double g[3], double tau_ns_mm) {
    const RVec fe = at_least_eps(f);
    S2 out;
    for (std::size_t j = 0; j < b.len_mm.size(); ++j) {
        S2 s = shunt_c(fe, b.c_pad_f[j], zref);
        if (b.l_comp_h[j] > 0) s = cascade(s, series_l(fe, b.l_comp_h[j], zref));
        if (b.c_bump_f[j] > 0) s = cascade(s, shunt_c(fe, b.c_bump_f[j], zref));
        s = cascade(s, tline(fe, b.z_c_ohm[j], zref, g, tau_ns_mm, b.len_mm[j]));
        s = cascade(s, shunt_c(fe, b.c_ball_f[j], zref));
        out = j == 0 ? s : cascade(out, s);
    }
    return out;
}

CVec butterworth(const RVec& f, double fc) {
    CVec h;
    h.reserve(f.size());
    for (double fk : f) {
        const cplx s = kJ * fk / fc;
        // 93A-20: polyval([1 2.613126 3.414214 2.613126 1], s)
        const cplx p = (((1.0 * s + 2.613126) * s + 3.414214) * s + 2.613126) * s + 1.0;
        h.push_back(1.0 / p);
    }
    return h;
}

CVec bessel_thomson(const RVec& f, int n, double fc) {
    std::vector<double> a(n + 1);
    auto fact = [](int k) {
        double r = 1;
        for (int i = 2; i <= k; ++i) r *= i;
        return r;
    };
    for (int ii = 0; ii <= n; ++ii)
        a[ii] = fact(2 * n - ii) / (std::pow(2.0, n - ii) * fact(ii) * fact(n - ii));
    CVec h;
    for (double fk : f) {
        const cplx s = kJ * fk / fc;
        cplx p = 0;
        for (int ii = n; ii >= 0; --ii) p = p * s + a[ii];  // polyval(fliplr(a), s)
        h.push_back(a[0] / p);
    }
    return h;
}

RVec tukey(const RVec& f, double fr, double fb) {
    const double period = 2 * (fb - fr);
    RVec h;
    for (double fk : f) {
        if (fk < fr)
            h.push_back(1.0);
        else if (fk <= fb)
            h.push_back(0.5 * std::cos(2 * kPi * (fk - fb) / period - kPi) + 0.5);
        else
            h.push_back(0.0);
    }
    return h;
}

CtleBiquad ctle_biquad(double fb, double f_z, double f_p1, double f_p2, double g_dc_db, int oversampling) {
    // 93A-22 mapped to z by the bilinear transform (reference TD_CTLE).
    const double p1 = -2 * kPi * f_p1;
    const double p2 = -2 * kPi * f_p2;
    const double z = -2 * kPi * f_z * std::pow(10.0, g_dc_db / 20.0);
    const double k = -p2;
    const double fs = 2 * fb * oversampling;
    const double p2d = (1 + p2 / fs) / (1 - p2 / fs);
    const double p1d = (1 + p1 / fs) / (1 - p1 / fs);
    const double zd = (1 + z / fs) / (1 - z / fs);
    const double kd = (fs - z) / ((fs - p1) * (fs - p2)) * f_p1 / f_z;
    const double g = k * kd;
    CtleBiquad q;
    q.b0 = g * 1.0;
    q.b1 = g * (-zd - (-1.0));
    q.b2 = g * (0.0 - (-1.0) * (-zd));
    q.a1 = -p1d - p2d;
    q.a2 = 0.0 - p2d * (-p1d);
    return q;
}

RVec td_ctle(const RVec& ir, double fb, double f_z, double f_p1, double f_p2, double g_dc_db,
             int oversampling) {
    const CtleBiquad q = ctle_biquad(fb, f_z, f_p1, f_p2, g_dc_db, oversampling);
    RVec y(ir.size());
    double z1 = 0, z2 = 0;
    for (std::size_t n = 0; n < ir.size(); ++n) {
        const double x = ir[n];
        const double yn = q.b0 * x + z1;
        z1 = q.b1 * x + z2 - q.a1 * yn;
        z2 = q.b2 * x - q.a2 * yn;
        y[n] = yn;
    }
    return y;
}

namespace {
// State of two td_ctle stages in series (z1, z2 of each biquad).
struct CascadeState {
    double u1 = 0, u2 = 0, v1 = 0, v2 = 0;
};

// One sample through both stages: each stage does exactly the operations of td_ctle.
inline double cascade_step(const CtleBiquad& s1, const CtleBiquad& s2, double x, CascadeState& st) {
    const double w = s1.b0 * x + st.u1;
    st.u1 = s1.b1 * x + st.u2 - s1.a1 * w;
    st.u2 = s1.b2 * x - s1.a2 * w;
    const double y = s2.b0 * w + st.v1;
    st.v1 = s2.b1 * w + st.v2 - s2.a1 * y;
    st.v2 = s2.b2 * w - s2.a2 * y;
    return y;
}
}  // namespace

RVec td_ctle_cascade(const RVec& ir, const CtleBiquad& stage1, const CtleBiquad& stage2) {
    const CtleBiquad s1 = stage1, s2 = stage2;  // local copies: stores through y cannot alias them
    // td_ctle(td_ctle(ir, s1), s2) in one pass (same results to the bit); the two recursions
    // are independent chains, so the processor overlaps them instead of running two passes.
    RVec y(ir.size());
    CascadeState st;
    for (std::size_t n = 0; n < ir.size(); ++n) y[n] = cascade_step(s1, s2, ir[n], st);
    return y;
}

void td_ctle_cascade_group(const std::vector<const RVec*>& in, std::vector<RVec*>& out, const CtleBiquad& stage1,
                           const CtleBiquad& stage2) {
    const CtleBiquad s1 = stage1, s2 = stage2;  // local copies: stores through y cannot alias them
    // td_ctle_cascade of up to kLanes inputs in lockstep over their common length (same
    // results to the bit); the lanes' independent recursions overlap in the pipelines.
    constexpr std::size_t kLanes = 4;
    const std::size_t nl = in.size();
    if (nl == 0) return;
    if (nl > kLanes) throw std::invalid_argument("td_ctle_cascade_group: at most 4 inputs");
    const double* x[kLanes] = {};
    double* y[kLanes] = {};
    std::size_t common = SIZE_MAX;
    for (std::size_t l = 0; l < nl; ++l) {
        out[l]->assign(in[l]->size(), 0.0);
        x[l] = in[l]->data();
        y[l] = out[l]->data();
        common = std::min(common, in[l]->size());
    }
    CascadeState st[kLanes];
    if (nl == kLanes) {
        // named states and pointers stay in registers (an array indexed in the loop, or
        // pointers reloaded after each store through y, would not)
        CascadeState a, b, c, d;
        const double *x0 = x[0], *x1 = x[1], *x2 = x[2], *x3 = x[3];
        double *y0 = y[0], *y1 = y[1], *y2 = y[2], *y3 = y[3];
        for (std::size_t n = 0; n < common; ++n) {
            y0[n] = cascade_step(s1, s2, x0[n], a);
            y1[n] = cascade_step(s1, s2, x1[n], b);
            y2[n] = cascade_step(s1, s2, x2[n], c);
            y3[n] = cascade_step(s1, s2, x3[n], d);
        }
        st[0] = a;
        st[1] = b;
        st[2] = c;
        st[3] = d;
    } else {
        for (std::size_t n = 0; n < common; ++n)
            for (std::size_t l = 0; l < nl; ++l) y[l][n] = cascade_step(s1, s2, x[l][n], st[l]);
    }
    for (std::size_t l = 0; l < nl; ++l)
        for (std::size_t n = common; n < in[l]->size(); ++n) y[l][n] = cascade_step(s1, s2, x[l][n], st[l]);
}

RVec running_sum(const RVec& x, int m) {
    // y[n] = ((x[n-m+1] + x[n-m+2]) + ...) + x[n]: each output sums its window oldest first
    // (x[k < 0] absent). Loops interchanged so that the inner loop runs over n (vectorizes);
    // the additions per output and their order are those of the direct double loop.
    const std::size_t n = x.size(), mm = static_cast<std::size_t>(m);
    RVec y(n, 0.0);
    if (n == 0 || m <= 0) return y;
    // head: outputs n < m - 1 start at x[0]
    for (std::size_t i = 0; i < std::min(n, mm - 1); ++i) {
        double s = 0;
        for (std::size_t k = 0; k <= i; ++k) s += x[k];
        y[i] = s;
    }
    if (n < mm) return y;
    // body: y[i] for i >= m - 1, term j adds x[i - m + 1 + j]; blocks of 8 outputs stay in
    // registers while the window is added term by term
    double* yb = y.data() + (mm - 1);
    const std::size_t cnt = n - (mm - 1);
    constexpr std::size_t kB = 16;
    std::size_t i0 = 0;
    for (; i0 + kB <= cnt; i0 += kB) {
        double acc[kB] = {};
        const double* xs = x.data() + i0;
        for (std::size_t j = 0; j < mm; ++j)
            for (std::size_t b = 0; b < kB; ++b) acc[b] += xs[j + b];
        for (std::size_t b = 0; b < kB; ++b) yb[i0 + b] = acc[b];
    }
    for (std::size_t i = i0; i < cnt; ++i) {
        double acc = 0;
        for (std::size_t j = 0; j < mm; ++j) acc += x[i + j];
        yb[i] = acc;
    }
    return y;
}

RVec ffe_circ(const RVec& c, int cmx, int m, const RVec& v) {
    const long n = static_cast<long>(v.size());
    RVec out(v.size(), 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c[i] == 0) continue;
        long shift = (static_cast<long>(i) - cmx) * m;
        shift %= n;
        if (shift < 0) shift += n;
        for (long k = 0; k < n; ++k) out[(k + shift) % n] += v[k] * c[i];
    }
    return out;
}

// ---- numerics ---------------------------------------------------------------------------

RVec unwrap(const RVec& ph) {
    // GNU Octave's unwrap (the golden values come from Octave): jumps larger than pi are
    // removed in multiples of 2 pi.
    RVec out(ph);
    double r = 0;
    for (std::size_t k = 1; k < ph.size(); ++k) {
        const double d = ph[k] - ph[k - 1];
        const double sgn = (d > kPi ? 1.0 : 0.0) - (d < -kPi ? 1.0 : 0.0);
        r += std::round(std::fabs(d) / (2 * kPi)) * (2 * kPi) * sgn;
        out[k] = ph[k] - r;
    }
    return out;
}

RVec interp_linear(const RVec& x, const RVec& y, const RVec& xi) {
    RVec out(xi.size());
    const std::size_t n = x.size();
    std::size_t j = 0;
    for (std::size_t i = 0; i < xi.size(); ++i) {
        const double t = xi[i];
        // segment j with x[j] <= t < x[j+1]; clamp to the end segments for extrapolation
        if (t < x[j]) j = static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), t) - x.begin());
        while (j + 1 < n && x[j + 1] <= t) ++j;
        std::size_t a = j;
        if (a + 1 >= n) a = n - 2;
        if (t < x[0]) a = 0;
        const double s = (t - x[a]) / (x[a + 1] - x[a]);
        out[i] = y[a] + s * (y[a + 1] - y[a]);
        if (j > 0 && t < x[j]) j = 0;
    }
    return out;
}

std::pair<double, double> polyfit1(const RVec& x, const RVec& y) {
    const double n = static_cast<double>(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    const double p0 = sxy / sxx;
    return {p0, my - p0 * mx};
}

RVec ifft_real(const CVec& spectrum) {
    const std::size_t n = spectrum.size();
    if (n >= 64 && n % 2 == 0) {
        // Real part of the inverse DFT through a half-length complex transform:
        // x[2m] + j x[2m+1] = IDFT_{n/2}(A + jB), A_k = (X_k + X_{k+n/2})/2,
        // B_k = (X_k - X_{k+n/2}) exp(j 2 pi k / n) / 2 (exact for Hermitian X; for any X it
        // gives the real part of each sample's even/odd interleaving of the Hermitian part).
        const std::size_t h = n / 2;
        CVec z(h);
        for (std::size_t k = 0; k < h; ++k) {
            const cplx a = (spectrum[k] + spectrum[k + h]) * 0.5;
            const double ang = 2 * kPi * static_cast<double>(k) / static_cast<double>(n);
            const cplx b = (spectrum[k] - spectrum[k + h]) * cplx(std::cos(ang), std::sin(ang)) * 0.5;
            z[k] = a + kJ * b;
        }
        CVec t = inverse_dft(z);
        RVec out(n);
        for (std::size_t m = 0; m < h; ++m) {
            out[2 * m] = t[m].real();
            out[2 * m + 1] = t[m].imag();
        }
        return out;
    }
    CVec t = inverse_dft(spectrum);
    RVec out(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) out[k] = t[k].real();
    return out;
}

namespace {
// Direct sum (as conv2), the sparser operand outer; nza, nzb: nonzero counts of a and b.
RVec convolve_sum(const RVec& a, const RVec& b, std::size_t nza, std::size_t nzb) {
    RVec out(a.size() + b.size() - 1, 0.0);
    const RVec& s = nzb <= nza ? b : a;
    const RVec& d = nzb <= nza ? a : b;
    for (std::size_t j = 0; j < s.size(); ++j) {
        if (s[j] == 0) continue;
        const double sj = s[j];
        double* o = out.data() + j;
        for (std::size_t i = 0; i < d.size(); ++i) o[i] += d[i] * sj;
    }
    return out;
}
}  // namespace

Pdf conv_direct(const Pdf& a, const Pdf& b) {
    Pdf p;
    p.bin = a.bin;
    p.min = a.min + b.min;
    if (a.y.empty() || b.y.empty()) return p;
    std::size_t nza = 0, nzb = 0;
    for (double v : a.y) nza += v != 0;
    for (double v : b.y) nzb += v != 0;
    p.y = convolve_sum(a.y, b.y, nza, nzb);
    return p;
}

RVec convolve(const RVec& a, const RVec& b) {
    if (a.empty() || b.empty()) return {};
    const std::size_t n = a.size() + b.size() - 1;
    // Sparse or small: direct sum (as conv2); large: FFT.
    std::size_t nza = 0, nzb = 0;
    for (double v : a) nza += v != 0;
    for (double v : b) nzb += v != 0;
    if (std::min(nza, nzb) * std::max(a.size(), b.size()) <= 4000000) return convolve_sum(a, b, nza, nzb);
    RVec out(n, 0.0);
    const std::size_t m = next_pow2(n);
    // Eigen's kissfft caches one plan (twiddle table) per size in the FFT object: a fresh object
    // per call recomputed the twiddles every time (~11% of a C2M run in sincos).
    // Half spectrum: both inputs and the result are real, so m/2 + 1 bins carry everything and
    // the inverse is a real transform (half the work of a full complex one).
    thread_local Eigen::FFT<double> fft = [] {
        Eigen::FFT<double> f;
        f.SetFlag(Eigen::FFT<double>::HalfSpectrum);
        return f;
    }();
    std::vector<double> pa(a), pb(b);
    pa.resize(m, 0.0);
    pb.resize(m, 0.0);
    CVec fa, fb;
    fft.fwd(fa, pa);
    fft.fwd(fb, pb);
    for (std::size_t k = 0; k < fa.size(); ++k) fa[k] *= fb[k];
    std::vector<double> c;
    fft.inv(c, fa, static_cast<Eigen::Index>(m));
    // Round-off of the FFT leaves |values| ~ 1e-16 x peak where the exact result is zero or
    // tiny; probabilities cannot be negative.
    for (std::size_t k = 0; k < n; ++k) out[k] = std::max(c[k], 0.0);
    return out;
}

CVec interp_sparam(const CVec& s, const RVec& fin, const RVec& fout, const std::string& mag_policy,
                   const std::string& phase_policy) {
    const std::size_t n = s.size();
    RVec mag(n), ph(n);
    for (std::size_t k = 0; k < n; ++k) {
        mag[k] = std::max(std::abs(s[k]), kEps);
        ph[k] = std::arg(s[k]);
    }
    ph = unwrap(ph);
    {
        double mean_d = 0;
        for (std::size_t k = 1; k < n; ++k) mean_d += ph[k] - ph[k - 1];
        if (n > 1 && mean_d / static_cast<double>(n - 1) > 0)
            throw std::runtime_error(
                "anti-causal response found: a finer frequency step is required for this channel");
    }
    const std::size_t nout = fout.size();
    std::size_t beyond = 0;  // first output frequency above the data
    while (beyond < nout && !(fout[beyond] > fin.back())) ++beyond;
    const RVec fout_data(fout.begin(), fout.begin() + static_cast<long>(beyond));
    // Above the data the magnitude (linear_trend_to_DC) and the phase (both policies) are
    // linear in f on the uniform output grid: they are evaluated there point by point in the
    // final loop, with the arithmetic interp_linear would use, instead of in three arrays of
    // 85 000 values (ERL: 170 000-point transforms).
    struct Segment {  // y0 + ((t - x0) / (x1 - x0)) (y1 - y0), interp_linear's last segment
        double x0 = 0, x1 = 1, y0 = 0, y1 = 0;
        double operator()(double t) const { return y0 + (t - x0) / (x1 - x0) * (y1 - y0); }
    };
    std::optional<Segment> mag_seg;  // linear_trend_to_DC (trend_to_DC keeps the full mag_i)
    RVec mag_i;
    if (mag_policy == "linear_trend_to_DC") {
        RVec fx(fin), mx(mag);
        if (fin[0] > 0) {
            auto [a, b] = polyfit1(RVec(fin.begin(), fin.begin() + 10), RVec(mag.begin(), mag.begin() + 10));
            fx.insert(fx.begin(), 0.0);
            mx.insert(mx.begin(), b);
            (void)a;
        }
        if (fin.back() < fout.back()) {
            const std::size_t mid = static_cast<std::size_t>(std::round(static_cast<double>(n) / 2.0));  // 1-based
            auto [a, b] = polyfit1(RVec(fin.begin() + (mid - 1), fin.end()), RVec(mag.begin() + (mid - 1), mag.end()));
            double hf = a * fout.back() + b;
            if (hf > mag.back())
                hf = mag.back();
            else if (hf < kEps)
                hf = kEps;
            fx.push_back(fout.back());
            mx.push_back(hf);
        }
        mag_i = interp_linear(fx, mx, fout_data);
        const std::size_t m = fx.size();
        mag_seg = Segment{fx[m - 2], fx[m - 1], mx[m - 2], mx[m - 1]};
    } else if (mag_policy == "trend_to_DC") {
        RVec fx(fin), lx(n);
        for (std::size_t k = 0; k < n; ++k) lx[k] = std::log10(mag[k]);
        if (fin[0] > 0) {
            auto [a, b] = polyfit1(RVec(fin.begin(), fin.begin() + 10), RVec(lx.begin(), lx.begin() + 10));
            (void)a;
            fx.insert(fx.begin(), 0.0);
            lx.insert(lx.begin(), b);
        }
        if (fin.back() < fout.back()) {
            const std::size_t mid = static_cast<std::size_t>(std::round(static_cast<double>(n) / 2.0));
            RVec lm(n);
            for (std::size_t k = 0; k < n; ++k) lm[k] = std::log10(mag[k]);
            auto [a, b] = polyfit1(RVec(fin.begin() + (mid - 1), fin.end()), RVec(lm.begin() + (mid - 1), lm.end()));
            double hf = std::pow(10.0, a * fout.back() + b);
            if (hf > mag.back()) hf = mag.back();
            fx.push_back(fout.back());
            lx.push_back(std::log10(hf));
        }
        mag_i = interp_linear(fx, lx, fout);
        for (auto& v : mag_i) v = std::pow(10.0, v);
    } else {
        throw std::invalid_argument("S-parameter magnitude extrapolation policy `" + mag_policy +
                                    "` is not supported (use linear_trend_to_DC or trend_to_DC)");
    }
    // phase above the data: the trend line ph_base + (f - ph_f0) ph_slope, or (ph_seg) the
    // last data segment extended, as interp_linear extrapolates
    bool ph_tail = false, ph_on_seg = false;
    double ph_base = 0, ph_f0 = 0, ph_slope = 0;
    Segment ph_seg;
    const auto last_segment = [&](const RVec& x, const RVec& y) {
        ph_tail = beyond < nout;
        ph_on_seg = true;
        const std::size_t m = x.size();
        ph_seg = {x[m - 2], x[m - 1], y[m - 2], y[m - 1]};
    };
    RVec ph_i;
    if (phase_policy == "extrap_cubic_to_dc_linear_to_inf") {
        if (fin[0] == 0) {
            ph_i = interp_linear(fin, ph, fout_data);
            last_segment(fin, ph);
        } else {
            RVec gd(n - 1);
            for (std::size_t k = 0; k + 1 < n; ++k) gd[k] = -(ph[k + 1] - ph[k]) / (fin[k + 1] - fin[k]);
            auto robust_mean = [](RVec v) {
                RVec srt(v);
                std::sort(srt.begin(), srt.end());
                const std::size_t m = srt.size();
                const double med = m % 2 ? srt[m / 2] : 0.5 * (srt[m / 2 - 1] + srt[m / 2]);
                double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(m);
                double ss = 0;
                for (double x : v) ss += (x - mean) * (x - mean);
                const double sd = std::sqrt(ss / static_cast<double>(m - 1));
                double acc = 0;
                int cnt = 0;
                for (double x : v)
                    if (std::fabs(x - med) < sd) {
                        acc += x;
                        ++cnt;
                    }
                return cnt ? acc / cnt : NAN;
            };
            const double lf_trend = robust_mean(RVec(gd.begin(), gd.begin() + 50));
            RVec phm(ph);
            for (int k = 9; k >= 0; --k) phm[k] = phm[k + 1] + lf_trend * (fin[k + 1] - fin[k]);
            const double hf_trend = -robust_mean(RVec(gd.end() - 51, gd.end()));
            // interpolated up to the last data frequency, linear trend beyond it
            ph_i = interp_linear(fin, phm, fout_data);
            if (beyond < nout) {
                const std::size_t last = beyond - 1;
                ph_tail = true;
                ph_base = ph_i[last];
                ph_f0 = fout[last];
                ph_slope = hf_trend;
            }
        }
    } else if (phase_policy == "interp_to_DC") {
        if (fin[0] == 0) {
            ph_i = interp_linear(fin, ph, fout_data);
            last_segment(fin, ph);
        } else {
            RVec fx(fin), px(ph);
            fx.insert(fx.begin(), 0.0);
            px.insert(px.begin(), 0.0);
            ph_i = interp_linear(fx, px, fout_data);
            last_segment(fx, px);
        }
    } else {
        throw std::invalid_argument("S-parameter phase extrapolation policy `" + phase_policy +
                                    "` is not supported");
    }
    const auto mag_at = [&](std::size_t k) { return mag_seg && k >= beyond ? (*mag_seg)(fout[k]) : mag_i[k]; };
    const auto ph_at = [&](std::size_t k) {
        if (!ph_tail || k < beyond) return ph_i[k];
        return ph_on_seg ? ph_seg(fout[k]) : ph_base + (fout[k] - ph_f0) * ph_slope;
    };
    CVec out(fout.size());
    // mag exp(i ph) (std::polar: the same products as mag * cexp(i ph), one sincos) up to the
    // last data frequency.
    for (std::size_t k = 0; k < beyond; ++k) out[k] = std::polar(mag_i[k], ph_i[k]);
    // Above the data both policies extend the phase linearly on the uniform output grid
    // (a trend line, or the last data segment), so exp(i ph) is a geometric sequence there: one
    // sincos per block of kBlock points and a rotation by the mean step in between. The error
    // against one sincos per point grows by about one rounding per step, kBlock ulps at most,
    // below the ulp of the phase itself at these frequencies (~1e4 rad at 1 THz x 1 ns).
    constexpr std::size_t kBlock = 32;
    const cplx rot = nout - beyond > 1 ? std::polar(1.0, (ph_at(nout - 1) - ph_at(beyond)) /
                                                             static_cast<double>(nout - 1 - beyond))
                                       : cplx(1, 0);
    for (std::size_t k0 = beyond; k0 < nout; k0 += kBlock) {
        cplx w = std::polar(1.0, ph_at(k0));
        const std::size_t k1 = std::min(nout, k0 + kBlock);
        for (std::size_t k = k0; k < k1; ++k) {
            out[k] = mag_at(k) * w;
            w = cmul(w, rot);
        }
    }
    return out;
}

double enforce_causality(RVec& ir, const RVec& mag, const CausalitySpec& spec) {
    const std::size_t n = ir.size(), h = n / 2;
    if (n < 4 || n % 2 != 0 || mag.size() != h + 1)
        throw std::invalid_argument("enforce_causality: need an even length n >= 4 and n/2 + 1 magnitudes");
    const RVec original(ir);
    // a = find(abs_ir(1:L/2) > max(abs_ir(1:L/2)) * EC_PULSE_TOL); start_ind = a(1)
    double peak = 0;
    for (std::size_t k = 0; k < h; ++k) peak = std::max(peak, std::fabs(ir[k]));
    std::size_t start = 0;  // 0-based: the reference's start_ind - 1
    while (start < h && !(std::fabs(ir[start]) > peak * spec.pulse_tol)) ++start;
    if (start == h)
        throw std::invalid_argument("Enforce Causality: the impulse response has no pulse in its first half");
    const std::size_t tail = h - 1;  // impulse_response(floor(L/2):end) = 0, 1-based
    double err = INFINITY;
    // while ~all(impulse_response == 0)
    while (std::any_of(ir.begin(), ir.end(), [](double v) { return v != 0; })) {
        std::fill(ir.begin(), ir.begin() + static_cast<long>(start) + 1, 0.0);  // impulse_response(1:start_ind) = 0
        std::fill(ir.begin() + static_cast<long>(tail), ir.end(), 0.0);
        // IL_modified = abs(IL_symmetric) .* exp(1j * angle(fft(impulse_response)))
        CVec spec_h = fft_real_half(ir);
        for (std::size_t k = 0; k <= h; ++k) spec_h[k] = std::polar(mag[k], std::arg(spec_h[k]));
        RVec modified = ifft_hermitian(std::move(spec_h), n);  // real(ifft(IL_modified))
        double dmax = 0, irmax = -INFINITY;
        for (std::size_t k = 0; k < n; ++k) {
            dmax = std::max(dmax, std::fabs(ir[k] - modified[k]));
            irmax = std::max(irmax, ir[k]);
        }
        const double err_prev = err;
        err = dmax / irmax;  // max(delta) / max(impulse_response)
        if (err < spec.rel_tol || std::fabs(err_prev - err) < spec.diff_tol) break;
        ir.swap(modified);
    }
    double num = 0, den = 0;
    for (std::size_t k = 0; k < n; ++k) {
        num += (ir[k] - original[k]) * (ir[k] - original[k]);
        den += ir[k] * ir[k];
    }
    return 20 * std::log10(std::sqrt(num) / std::sqrt(den));
}

std::size_t truncation_end(const RVec& ir, double threshold) {
    // peak |ir| (four running maxima: max is exact in any order), then the last sample above
    // peak x threshold, found from the end
    double pk[4] = {0, 0, 0, 0};
    std::size_t i = 0;
    for (; i + 4 <= ir.size(); i += 4)
        for (int q = 0; q < 4; ++q) pk[q] = std::max(pk[q], std::fabs(ir[i + static_cast<std::size_t>(q)]));
    for (; i < ir.size(); ++i) pk[0] = std::max(pk[0], std::fabs(ir[i]));
    const double peak = std::max(std::max(pk[0], pk[1]), std::max(pk[2], pk[3]));
    std::size_t last = ir.size();
    while (last > 0 && !(std::fabs(ir[last - 1]) > peak * threshold)) --last;
    return last;
}

RVec s21_to_impulse(const CVec& h, const RVec& f, double dt, const std::string& mag_policy,
                    const std::string& phase_policy, double threshold, double* truncation_db,
                    const CausalitySpec& causality, double* causality_db) {
    const double fmax = 1.0 / dt / 2.0;
    const double freq_step = f[2] - f[1];
    const double nsteps = std::round(fmax / freq_step);
    const double step = 1.0 / nsteps * fmax;
    const std::size_t npts = static_cast<std::size_t>(std::floor(fmax / step + 1e-10)) + 1;
    RVec fout(npts);
    for (std::size_t k = 0; k < npts; ++k) fout[k] = static_cast<double>(k) * step;
    bool all_zero = std::all_of(h.begin(), h.end(), [](cplx c) { return c == cplx(0, 0); });
    CVec il = all_zero ? CVec(npts, cplx(kEps, 0)) : interp_sparam(h, f, fout, mag_policy, phase_policy);
    RVec().swap(fout);  // release before the transform (peak memory)
    // abs(IL_symmetric) for the causality loop: |real(IL(1))|, |IL(2:end-1)|, |real(IL(end))|
    RVec mag;
    if (causality.enforce) {
        mag.resize(npts);
        for (std::size_t k = 0; k < npts; ++k)
            mag[k] = (k == 0 || k + 1 == npts) ? std::fabs(il[k].real()) : std::abs(il[k]);
    }
    // real(ifft([real(IL(1)); IL(2:end-1); real(IL(end)); flipud(conj(IL(2:end-1)))]))
    RVec ir = ifft_hermitian(std::move(il), 2 * npts - 2);
    if (!std::all_of(ir.begin(), ir.end(), [](double v) { return std::isfinite(v); }))
        // NaN or infinity anywhere in the transfer function spreads over the whole response
        throw std::runtime_error("the impulse response is not finite (NaN or infinity in the transfer function)");
    if (causality.enforce) {
        const double c_db = enforce_causality(ir, mag, causality);
        if (causality_db) *causality_db = c_db;
    }
    const std::size_t last = truncation_end(ir, threshold);
    if (truncation_db) {
        double a = 0, b = 0;
        for (std::size_t k = 0; k < ir.size(); ++k) (k < last ? b : a) += ir[k] * ir[k];
        *truncation_db = 10 * std::log10(a / b);
    }
    ir.resize(last);
    return ir;
}

// ---- PDFs -------------------------------------------------------------------------------

Pdf delta_pdf(double bin) {
    Pdf p;
    p.bin = bin;
    p.min = 0;
    p.y = {1.0};
    return p;
}

Pdf conv(const Pdf& a, const Pdf& b) {
    Pdf p;
    p.bin = a.bin;
    p.min = a.min + b.min;
    p.y = convolve(a.y, b.y);
    return p;
}

Pdf pdf_from_samples(RVec h, int levels, double bin) {
    double mx = -INFINITY;
    for (double v : h) mx = std::max(mx, v);
    if (!h.empty() && mx > bin) {
        RVec keep;
        for (double v : h)
            if (std::fabs(v) > bin) keep.push_back(v);
        h.swap(keep);
    }
    for (auto& v : h)
        if (std::fabs(v) < bin) v = 0;
    // sort by magnitude, descending, stable (MATLAB sort)
    std::vector<std::size_t> idx(h.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(),
                     [&](std::size_t i, std::size_t j) { return std::fabs(h[i]) > std::fabs(h[j]); });
    std::vector<double> values(levels);
    for (int k = 0; k < levels; ++k) values[k] = (2.0 * k) / (levels - 1) - 1.0;  // 93A-39
    const double prob = 1.0 / levels;
    {
        double span = 1;  // bins of the final PDF: 1 + the sum of the per-sample widths
        for (double v : h) span += 2 * std::fabs(v) / bin + 1;
        if (!(span <= kComMaxPdfSpanBins))
            throw std::invalid_argument(
                "the PDF of " + std::to_string(h.size()) + " pulse-response samples would need " + num_text(span) +
                " bins of " + num_text(bin) + " V (the limit is " + num_text(kComMaxPdfSpanBins) +
                "): the pulse response is implausibly large (a channel with gain, or mis-scaled S-parameters?)");
    }
    // Accumulate the PDF with sparse convolutions (each step has `levels` deltas).
    RVec y{1.0};
    long pmin = 0;
    RVec next;
    std::vector<long> r(levels);
    for (std::size_t ii : idx) {
        const double mag = std::fabs(h[ii]);
        for (int k = 0; k < levels; ++k) r[k] = std::lround(mag * values[k] / bin);
        const long rmin = r.front(), width = r.back() - r.front();
        next.resize(y.size() + static_cast<std::size_t>(width));
        // kernel: prob at offsets r[k]-rmin (coincident offsets add, as Init_PDF_Fast)
        std::vector<std::pair<long, double>> ker;
        for (int k = 0; k < levels; ++k) {
            const long off = r[k] - rmin;
            if (!ker.empty() && ker.back().first == off)
                ker.back().second += prob;
            else
                ker.emplace_back(off, prob);
        }
        // next[t] = sum over the kernel terms in order of y[t - off] w (terms out of range
        // absent): one pass, the same additions in the same order as adding term by term
        const long len = static_cast<long>(y.size()), out_len = static_cast<long>(next.size());
        const std::size_t nk = ker.size();
        const auto edge = [&](long t) {
            double acc = 0;
            for (const auto& [off, w] : ker) {
                const long i = t - off;
                if (i >= 0 && i < len) acc += y[static_cast<std::size_t>(i)] * w;
            }
            next[static_cast<std::size_t>(t)] = acc;
        };
        const long lo = std::min(ker.back().first, out_len), hi = std::max(lo, len + ker.front().first);
        for (long t = 0; t < lo; ++t) edge(t);
        const double* yd = y.data();
        double* nd = next.data();
        if (nk == 4) {  // PAM4 (and PAM2's two terms below): fixed-length sums vectorize
            const long o0 = ker[0].first, o1 = ker[1].first, o2 = ker[2].first, o3 = ker[3].first;
            const double w0 = ker[0].second, w1 = ker[1].second, w2 = ker[2].second, w3 = ker[3].second;
            for (long t = lo; t < hi; ++t)
                nd[t] = 0.0 + yd[t - o0] * w0 + yd[t - o1] * w1 + yd[t - o2] * w2 + yd[t - o3] * w3;
        } else if (nk == 2) {
            const long o0 = ker[0].first, o1 = ker[1].first;
            const double w0 = ker[0].second, w1 = ker[1].second;
            for (long t = lo; t < hi; ++t) nd[t] = 0.0 + yd[t - o0] * w0 + yd[t - o1] * w1;
        } else {
            for (long t = lo; t < hi; ++t) edge(t);
        }
        for (long t = hi; t < out_len; ++t) edge(t);
        y.swap(next);
        pmin += rmin;
    }
    Pdf p;
    p.bin = bin;
    p.min = pmin;
    p.y = std::move(y);
    return p;
}

double pdf_from_samples_rms(const RVec& h_in, int levels, double bin) {
    RVec h(h_in);
    double mx = -INFINITY;
    for (double v : h) mx = std::max(mx, v);
    if (!h.empty() && mx > bin) {
        RVec keep;
        for (double v : h)
            if (std::fabs(v) > bin) keep.push_back(v);
        h.swap(keep);
    }
    std::vector<double> values(levels);
    for (int k = 0; k < levels; ++k) values[k] = (2.0 * k) / (levels - 1) - 1.0;
    double var = 0;
    for (double v : h) {
        const double mag = std::fabs(v) < bin ? 0.0 : std::fabs(v);
        double m2 = 0;
        for (int k = 0; k < levels; ++k) {
            const double x = static_cast<double>(std::lround(mag * values[k] / bin)) * bin;
            m2 += x * x;
        }
        var += m2 / levels;  // each term has zero mean: the rounded levels are symmetric
    }
    return std::sqrt(var);
}

void channel_data_warnings(const std::string& name, const RVec& f, const CVec* const sdd[2][2], double fb_hz,
                           std::vector<std::string>& out) {
    // Passivity: the largest singular value of the 2 x 2 SDD block is at most 1 (it is a block of
    // the mixed-mode matrix, which has the singular values of S: M S M^T with M orthogonal;
    // Bockelman & Eisenstadt 1995), so above 1 the data are active -- gain in SDD21 or SDD12, or a
    // reflection above 1. For a 2 x 2 matrix A, sigma_max^2 = (|A|_F^2 + sqrt(|A|_F^4 -
    // 4 |det A|^2)) / 2 (the eigenvalues of A^H A from its trace and determinant). The 1 %
    // allowance is for measurement noise (e.g. at the lowest frequencies).
    constexpr double kPassiveTolerance = 1.01;
    double peak = 0, f_peak = 0;
    const std::size_t n =
        std::min({f.size(), sdd[0][0]->size(), sdd[0][1]->size(), sdd[1][0]->size(), sdd[1][1]->size()});
    for (std::size_t k = 0; k < n; ++k) {
        const cplx a = (*sdd[0][0])[k], b = (*sdd[0][1])[k], c = (*sdd[1][0])[k], d = (*sdd[1][1])[k];
        const double fro2 = std::norm(a) + std::norm(b) + std::norm(c) + std::norm(d);
        const double det2 = std::norm(a * d - b * c);
        const double s2 = 0.5 * (fro2 + std::sqrt(std::max(0.0, fro2 * fro2 - 4 * det2)));
        if (s2 > peak * peak) {
            peak = std::sqrt(s2);
            f_peak = f[k];
        }
    }
    if (peak > kPassiveTolerance)
        out.push_back(name + ": the differential S-matrix (SDD) reaches a gain of " + num_text(peak) + " (" +
                      num_text(20 * std::log10(peak)) + " dB, its largest singular value) at " +
                      num_text(f_peak / 1e9) +
                      " GHz: not a passive channel (COM assumes one; check the port order and the data)");
    if (!f.empty() && f.back() < fb_hz / 2)
        out.push_back(name + ": the data end at " + num_text(f.back() / 1e9) + " GHz, below f_b/2 = " +
                      num_text(fb_hz / 2e9) + " GHz: COM extrapolates the channel above it");
}

Pdf normal_pdf(double sigma, double nsigma, double bin) {
    Pdf p;
    p.bin = bin;
    const double span = 4 * nsigma * sigma / bin + 1;  // bins from -2 nsigma sigma to +2 nsigma sigma
    if (!(span <= kComMaxPdfSpanBins))
        throw std::invalid_argument("the Gaussian noise PDF (sigma " + num_text(sigma) + " V, " +
                                    num_text(2 * nsigma) + " sigma each side) would need " + num_text(span) +
                                    " bins of " + num_text(bin) + " V (the limit is " +
                                    num_text(kComMaxPdfSpanBins) +
                                    "): the noise terms (eta_0, SNR_TX, sigma_RJ) are implausibly large");
    p.min = -std::lround(2 * nsigma * sigma / bin);
    const long n = -2 * p.min + 1;
    p.y.resize(static_cast<std::size_t>(n));
    double sum = 0;
    for (long k = 0; k < n; ++k) {
        const double x = static_cast<double>(p.min + k) * bin;
        p.y[k] = std::exp(-x * x / (2 * sigma * sigma + kEps));
        sum += p.y[k];
    }
    for (auto& v : p.y) v /= sum;
    return p;
}

double pdf_sigma(const Pdf& p) {
    double avg = 0;
    for (std::size_t k = 0; k < p.y.size(); ++k) avg += p.x(k) * p.y[k];
    double s = 0;
    for (std::size_t k = 0; k < p.y.size(); ++k) s += (p.x(k) - avg) * (p.x(k) - avg) * p.y[k];
    return std::sqrt(s);
}

}  // namespace racklink::sigint::com_detail
