// Signal-processing building blocks of COM (IEEE 802.3 Annex 93A), mirroring the functions of
// the IEEE COM reference code (com_ieee8023_93a v4.20) named in com_detail.hpp.
#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

#include "com_detail.hpp"

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
    Eigen::FFT<double> fft;
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
}  // namespace

// ---- two-port blocks ---------------------------------------------------------------------

S2 cascade(const S2& a, const S2& b) {
    const std::size_t n = a.s11.size();
    S2 o;
    o.s11.resize(n);
    o.s12.resize(n);
    o.s21.resize(n);
    o.s22.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
        const cplx den = 1.0 - a.s22[k] * b.s11[k];
        o.s11[k] = a.s11[k] + (a.s12[k] * a.s21[k] * b.s11[k]) / den;
        o.s12[k] = a.s12[k] * b.s12[k] / den;
        o.s21[k] = b.s21[k] * a.s21[k] / den;
        o.s22[k] = b.s22[k] + (b.s12[k] * b.s21[k] * a.s22[k]) / den;
    }
    return o;
}

S2 shunt_c(const RVec& f, double c, double zref) {
    S2 o;
    for (double fk : f) {
        const cplx y = kJ * 2.0 * kPi * fk * c * zref;
        const cplx s11 = -y / (2.0 + y);
        const cplx s21 = 2.0 / (2.0 + y);
        o.s11.push_back(s11);
        o.s22.push_back(s11);
        o.s21.push_back(s21);
        o.s12.push_back(s21);
    }
    return o;
}

S2 series_l(const RVec& f, double l, double zref) {
    S2 o;
    for (double fk : f) {
        const cplx z = kJ * 2.0 * kPi * fk * l / zref;
        const cplx s11 = z / (2.0 + z);
        const cplx s21 = 2.0 / (2.0 + z);
        o.s11.push_back(s11);
        o.s22.push_back(s11);
        o.s21.push_back(s21);
        o.s12.push_back(s21);
    }
    return o;
}

S2 tline(const RVec& f, double z_c, double z_0, const double g[3], double tau, double d) {
    S2 o;
    const double rho = d == 0 ? 0.0 : (z_c - 2 * z_0) / (z_c + 2 * z_0);  // 93A-12
    for (double fk : f) {
        const double fg = fk / 1e9;
        const cplx gamma_1 = g[1] * cplx(1, 1);                                        // 93A-10
        const cplx gamma_2 = g[2] * (1.0 - 2.0 * kJ / kPi * std::log(fg)) + 2.0 * kJ * kPi * tau;  // 93A-11
        cplx gamma = g[0] + gamma_1 * std::sqrt(fg) + gamma_2 * fg;                     // 93A-9
        if (fg == 0) gamma = g[0];
        const cplx e = std::exp(-d * gamma);
        const cplx den = 1.0 - rho * rho * e * e;
        const cplx s11 = rho * (1.0 - e * e) / den;  // 93A-13
        const cplx s21 = (1.0 - rho * rho) * e / den;  // 93A-14
        o.s11.push_back(s11);
        o.s22.push_back(s11);
        o.s21.push_back(s21);
        o.s12.push_back(s21);
    }
    return o;
}

// ---- filters ----------------------------------------------------------------------------

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

RVec td_ctle(const RVec& ir, double fb, double f_z, double f_p1, double f_p2, double g_dc_db,
             int oversampling) {
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
    const double b0 = g * 1.0, b1 = g * (-zd - (-1.0)), b2 = g * (0.0 - (-1.0) * (-zd));
    const double a1 = -p1d - p2d, a2 = 0.0 - p2d * (-p1d);
    RVec y(ir.size());
    double z1 = 0, z2 = 0;
    for (std::size_t n = 0; n < ir.size(); ++n) {
        const double x = ir[n];
        const double yn = b0 * x + z1;
        z1 = b1 * x + z2 - a1 * yn;
        z2 = b2 * x - a2 * yn;
        y[n] = yn;
    }
    return y;
}

RVec running_sum(const RVec& x, int m) {
    RVec y(x.size());
    for (std::size_t n = 0; n < x.size(); ++n) {
        double s = 0;
        const std::size_t k0 = n + 1 >= static_cast<std::size_t>(m) ? n + 1 - m : 0;
        for (std::size_t k = k0; k <= n; ++k) s += x[k];
        y[n] = s;
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

RVec convolve(const RVec& a, const RVec& b) {
    if (a.empty() || b.empty()) return {};
    const std::size_t n = a.size() + b.size() - 1;
    // Sparse or small: direct sum (as conv2); large: FFT.
    std::size_t nza = 0, nzb = 0;
    for (double v : a) nza += v != 0;
    for (double v : b) nzb += v != 0;
    RVec out(n, 0.0);
    if (std::min(nza, nzb) * std::max(a.size(), b.size()) <= 4000000) {
        const RVec& s = nzb <= nza ? b : a;  // sparse operand outer
        const RVec& d = nzb <= nza ? a : b;
        for (std::size_t j = 0; j < s.size(); ++j) {
            if (s[j] == 0) continue;
            const double sj = s[j];
            double* o = out.data() + j;
            for (std::size_t i = 0; i < d.size(); ++i) o[i] += d[i] * sj;
        }
        return out;
    }
    const std::size_t m = next_pow2(n);
    Eigen::FFT<double> fft;
    std::vector<double> pa(a), pb(b);
    pa.resize(m, 0.0);
    pb.resize(m, 0.0);
    CVec fa, fb;
    fft.fwd(fa, pa);
    fft.fwd(fb, pb);
    for (std::size_t k = 0; k < fa.size(); ++k) fa[k] *= fb[k];
    std::vector<double> c;
    fft.inv(c, fa);
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
        mag_i = interp_linear(fx, mx, fout);
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
    RVec ph_i = interp_linear(fin, ph, fout);
    if (phase_policy == "extrap_cubic_to_dc_linear_to_inf") {
        if (fin[0] != 0) {
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
            RVec lin = interp_linear(fin, phm, fout);
            const double hf_trend = -robust_mean(RVec(gd.end() - 51, gd.end()));
            std::size_t first = 0;
            while (first < fout.size() && !(fout[first] > fin.back())) ++first;
            if (first < fout.size()) {
                const std::size_t last = first - 1;
                for (std::size_t k = first; k < fout.size(); ++k)
                    lin[k] = lin[last] + (fout[k] - fout[last]) * hf_trend;
            }
            ph_i = lin;
        }
    } else if (phase_policy == "interp_to_DC") {
        if (fin[0] != 0) {
            RVec fx(fin), px(ph);
            fx.insert(fx.begin(), 0.0);
            px.insert(px.begin(), 0.0);
            ph_i = interp_linear(fx, px, fout);
        }
    } else {
        throw std::invalid_argument("S-parameter phase extrapolation policy `" + phase_policy +
                                    "` is not supported");
    }
    CVec out(fout.size());
    for (std::size_t k = 0; k < fout.size(); ++k) out[k] = mag_i[k] * std::exp(kJ * ph_i[k]);
    return out;
}

RVec s21_to_impulse(const CVec& h, const RVec& f, double dt, const std::string& mag_policy,
                    const std::string& phase_policy, double threshold, double* truncation_db) {
    const double fmax = 1.0 / dt / 2.0;
    const double freq_step = f[2] - f[1];
    const double nsteps = std::round(fmax / freq_step);
    const double step = 1.0 / nsteps * fmax;
    const std::size_t npts = static_cast<std::size_t>(std::floor(fmax / step + 1e-10)) + 1;
    RVec fout(npts);
    for (std::size_t k = 0; k < npts; ++k) fout[k] = static_cast<double>(k) * step;
    bool all_zero = std::all_of(h.begin(), h.end(), [](cplx c) { return c == cplx(0, 0); });
    CVec il = all_zero ? CVec(npts, cplx(kEps, 0)) : interp_sparam(h, f, fout, mag_policy, phase_policy);
    // [real(IL(1)); IL(2:end-1); real(IL(end)); flipud(conj(IL(2:end-1)))]
    CVec sym;
    sym.reserve(2 * npts - 2);
    sym.push_back(il.front().real());
    for (std::size_t k = 1; k + 1 < npts; ++k) sym.push_back(il[k]);
    sym.push_back(il.back().real());
    for (std::size_t k = npts - 2; k >= 1; --k) sym.push_back(std::conj(il[k]));
    RVec ir = ifft_real(sym);
    double peak = 0;
    for (double v : ir) peak = std::max(peak, std::fabs(v));
    std::size_t last = 0;
    for (std::size_t k = 0; k < ir.size(); ++k)
        if (std::fabs(ir[k]) > peak * threshold) last = k + 1;
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
    // Accumulate the PDF with sparse convolutions (each step has `levels` deltas).
    RVec y{1.0};
    long pmin = 0;
    RVec next;
    std::vector<long> r(levels);
    for (std::size_t ii : idx) {
        const double mag = std::fabs(h[ii]);
        for (int k = 0; k < levels; ++k) r[k] = std::lround(mag * values[k] / bin);
        const long rmin = r.front(), width = r.back() - r.front();
        next.assign(y.size() + static_cast<std::size_t>(width), 0.0);
        // kernel: prob at offsets r[k]-rmin (coincident offsets add, as Init_PDF_Fast)
        std::vector<std::pair<long, double>> ker;
        for (int k = 0; k < levels; ++k) {
            const long off = r[k] - rmin;
            if (!ker.empty() && ker.back().first == off)
                ker.back().second += prob;
            else
                ker.emplace_back(off, prob);
        }
        for (const auto& [off, w] : ker) {
            double* o = next.data() + off;
            for (std::size_t i = 0; i < y.size(); ++i) o[i] += y[i] * w;
        }
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

Pdf normal_pdf(double sigma, double nsigma, double bin) {
    Pdf p;
    p.bin = bin;
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
