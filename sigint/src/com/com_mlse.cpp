// MLSE adjustment of COM and VEC (IEEE P802.3dj era COM reference, com_ieee8023_93a v4.30 ..
// v4.50, functions MLSE and MLSE_instu, identical in both releases). The method is H. Shakiba,
// "MLSE in COM", IEEE 802.3dj shakiba_3dj_01_230116 (January 2023) / OIF oif2022.580.00: the
// slide numbers below are the ones the reference cites ("slide 6/5" = slide 6 of one deck, 5 of
// the other). The formulas follow the reference's expressions operation for operation,
// including its quirks, so that the COM figure matches the reference.
#include "com_mlse.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace racklink::sigint::com_detail {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Q(x) = erfc(x / sqrt 2) / 2 and Q^-1(p) = sqrt 2 erfcinv(2 p) (the reference's anonymous
// qfunc and qfuncinv in MLSE / MLSE_instu).
double qfunc(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }
double qfuncinv(double p) { return std::sqrt(2.0) * erfcinv(2 * p); }

// MATLAB sign() with NaN: the MLSE = 2 search compares signs of NaN too (sign(NaN) = NaN, and
// NaN ~= NaN is true).
bool sign_differs(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return true;
    return sign(a) != sign(b);
}

RVec cumsum(const RVec& y) {
    RVec c(y.size());
    double s = 0;
    for (std::size_t k = 0; k < y.size(); ++k) c[k] = s += y[k];
    return c;
}

// DER of the MLSE with the PDF's CDF (MLSE and MLSE_instu step 3, slide 11/9): the sum of
// 2 j ((L-1)/L)^j CDF_ev(sqrt(1 + (j-1)(1-alpha)^2 + alpha^2) main/(L-1)) over error events of
// length j, stopped when a term adds less than 0.1 % (DER_delta = 1 - last/DER <= 0.001; a zero
// first term gives 0/0 = NaN, which also stops, as in MATLAB).
double der_mlse_cdf(int L, double alpha, double main, const Pdf& pdf, const RVec& cdf) {
    double der = 0, delta = INFINITY;
    for (int jj = 1; delta > .001; ++jj) {
        const double last = der;
        der = 2 * (jj * std::pow((L - 1.0) / L, jj) *
                   cdf_ev(std::sqrt(1 + (jj - 1) * (1 - alpha) * (1 - alpha) + alpha * alpha) *
                              main / (L - 1),
                          pdf, cdf)) +
              der;
        delta = 1 - last / der;
        if (jj > 1000000) throw std::runtime_error("MLSE: the DER_MLSE series does not converge");
    }
    return der;
}

// The same sum with Gaussian noise of rms sigma_noise, j = 1 .. 200 (step 3, slide 11/9).
double der_mlse_gaussian(int L, double alpha, double main, double sigma_noise) {
    double der = 0;
    for (int j = 1; j <= 200; ++j)
        der += j * std::pow((L - 1.0) / L, j) *
               qfunc(std::sqrt(1 + (j - 1) * (1 - alpha) * (1 - alpha) + alpha * alpha) * main /
                     ((L - 1) * sigma_noise));
    return 2 * der;
}

}  // namespace

double erfcinv(double y) {
    if (y <= 0) return INFINITY;
    if (y >= 2) return -INFINITY;
    if (y >= 1) return -erfcinv(2.0 - y);
    // initial guess from the tail asymptote, then Newton on std::erfc
    const double t = std::sqrt(-std::log(y / 2.0));
    double x = t - (std::log(t) + 0.5 * std::log(kPi)) / (2 * t);
    if (!(x > 0)) x = 0.5;
    for (int i = 0; i < 60; ++i) {
        const double f = std::erfc(x) - y;
        const double d = -2.0 / std::sqrt(kPi) * std::exp(-x * x);
        const double step = f / d;
        x -= step;
        if (std::fabs(step) < 1e-16 * std::max(1.0, std::fabs(x))) break;
    }
    return x;
}

double cdf_ev(double val, const Pdf& pdf, const RVec& cdf) {
    // index = find(PDF.x >= -val, 1, 'first'): x is increasing, so bisect
    std::size_t lo = 0, hi = pdf.y.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (pdf.x(mid) >= -val)
            hi = mid;
        else
            lo = mid + 1;
    }
    if (lo == pdf.y.size())
        throw std::runtime_error(
            "MLSE: the error amplitude " + num_text(val) +
            " V lies beyond the combined PDF (the reference fails on the empty index)");
    return cdf[lo];
}

double cdf_inv_ev(double val, const Pdf& pdf, const RVec& cdf) {
    // index = find(CDF >= val, 1, 'first'); PDF.x(end) when there is none
    for (std::size_t k = 0; k < cdf.size(); ++k)
        if (cdf[k] >= val) return pdf.x(k);
    return pdf.x(pdf.y.size() - 1);
}

Pdf scale_pdf(const Pdf& pdf, double scale) {
    // reference scalePDF: Min = floor(Min s); x = (Min:-Min) BinSize; y = interp1(x s, y, x_new)
    // (linear, NaN outside); y(1) = y(2), y(end) = y(end-1) ("NAN interp work around"); y / sum(y)
    Pdf out;
    out.bin = pdf.bin;
    out.min = static_cast<long>(std::floor(static_cast<double>(pdf.min) * scale));
    if (!(scale > 0) || out.min > -1)  // scale <= 0 or a PDF of fewer than 3 bins
        throw std::runtime_error("MLSE = 2: the PDF scale search reached a scale of " +
                                 num_text(scale) +
                                 " (the reference fails on a PDF of fewer than 3 bins)");
    const std::size_t n = static_cast<std::size_t>(-2 * out.min + 1);
    const std::size_t m = pdf.y.size();
    out.y.assign(n, NAN);
    std::size_t k = 0;  // source interval [k, k+1] of the scaled abscissae (increasing queries)
    const auto xs = [&](std::size_t i) { return pdf.x(i) * scale; };
    for (std::size_t i = 0; i < n; ++i) {
        const double xq = out.x(i);
        if (m < 2 || xq < xs(0) || xq > xs(m - 1)) continue;
        while (k + 2 < m && xq >= xs(k + 1)) ++k;
        // Octave interp1 'linear': y(k) + (xq - x(k)) / (x(k+1) - x(k)) (y(k+1) - y(k))
        const double s = (xq - xs(k)) / (xs(k + 1) - xs(k));
        out.y[i] = pdf.y[k] + s * (pdf.y[k + 1] - pdf.y[k]);
    }
    out.y[0] = out.y[1];
    out.y[n - 1] = out.y[n - 2];
    double sum = 0;
    for (double v : out.y) sum += v;
    for (double& v : out.y) v /= sum;
    return out;
}

RVec two_sided_cdf(const Pdf& pdf) {
    // reference pdf_to_cdf: yB = cumsum(y), yT = fliplr(cumsum(fliplr(y))), y = min(yB, yT)
    const RVec b = cumsum(pdf.y);
    RVec t(pdf.y.size());
    double s = 0;
    for (std::size_t k = pdf.y.size(); k-- > 0;) t[k] = s += pdf.y[k];
    for (std::size_t k = 0; k < t.size(); ++k)
        // MATLAB min() ignores NaN unless both are NaN
        t[k] = std::isnan(b[k]) ? t[k] : std::isnan(t[k]) ? b[k] : std::min(b[k], t[k]);
    return t;
}

double mlse_delta_vec_db(double vec_orig_db, double delta_com_db) {
    // reference main, MLSE branch (C2C and C2M alike; output_args.delta_VEC)
    return delta_com_db -
           20 * std::log10(
                    (std::pow(10.0, delta_com_db / 20) - 1) * std::pow(10.0, vec_orig_db / 20) + 1);
}

namespace {
// MLSE = 3: the reference's MLSE_U1_c (v4.40 on, "U3"; shakiba_3dj_elec_01a_230504 slides 17-19),
// applied whatever A_s and A_ni are ("if 1" in the reference).
void mlse_u3(int L, double alpha, double main, double snr_dfe, const Pdf& pdf, const RVec& cdf,
             const RVec& rn, MlseOutcome& out, double com_from_matlab) {
    ComMlseResult& r = out.figures;
    const std::size_t n = rn.size();
    if (n < 2 || !(rn[0] > 0)) throw std::runtime_error("MLSE = 3: the noise autocorrelation R_n(0) is not positive");
    if (!(alpha > 0 && alpha < 1))
        throw std::runtime_error("MLSE = 3 needs a first DFE tap b(1) between 0 and 1 (got " + num_text(alpha) +
                                 "): the reference's scalePDF fails on the PDFs scaled by b(1) and 1 - b(1)");
    // slide 18: noise correlation of the error events, rho_EE = toeplitz(rho .* a) with
    // rho = R_n / R_n(0), a = (-1)^k [1, 1-alpha, ..., 1-alpha, alpha]; its diagonal (1-alpha)^2
    // but 1 first and alpha^2 last (the common factor sigma_noise^2 cancels below)
    RVec row(n);
    for (std::size_t k = 0; k < n; ++k) {
        const double a = k == 0 ? 1.0 : k + 1 == n ? alpha : 1 - alpha;
        row[k] = rn[k] / rn[0] * a * (k % 2 == 0 ? 1.0 : -1.0);
    }
    auto diag = [&](std::size_t j) { return j == 0 ? 1.0 : j + 1 == n ? alpha * alpha : (1 - alpha) * (1 - alpha); };
    // slide 17: DER_MLSE = sum_j 2 ((L-1)/L)^j CDF(-main/(L-1) sqrt(tr rho_J) / sqrt(sum rho_J) 3/2)
    // over the leading j x j blocks, until a term changes the sum by less than 1e-4 (relative)
    double der = 0, tr = 0, sum = 0, delta = INFINITY;
    std::size_t j = 1;
    do {
        const double last = der;
        const std::size_t m = j - 1;  // new row/column of the block
        tr += diag(m);
        double off = 0;
        for (std::size_t i = 0; i < m; ++i) off += row[m - i];
        sum += diag(m) + 2 * off;
        if (!(sum > 0)) throw std::runtime_error("MLSE = 3: the error-event noise correlation sum is not positive");
        der += 2 * std::pow((L - 1.0) / L, static_cast<double>(j)) *
               cdf_ev(main / (L - 1) * std::sqrt(tr) / std::sqrt(sum) * 3 / 2, pdf, cdf);
        delta = std::fabs(last - der) / der;
        ++j;
    } while ((delta > .0001 && j <= n) || j == 1);
    r.der_mlse_cdf = der;
    // slide 19: SNR_eq = SNR_DFE ((L-1)/main CDF_inv(L/(2(L-1)) DER_MLSE; PDF((1-alpha)X) * PDF(alpha X)))^2
    const Pdf ee = conv_direct(scale_pdf(pdf, 1 - alpha), scale_pdf(pdf, alpha));
    const RVec ee_cdf = cumsum(ee.y);
    const double snr_eq = snr_dfe * std::pow((L - 1) / main * cdf_inv_ev(0.5 * L / (L - 1) * der, ee, ee_cdf), 2);
    r.applied = true;
    r.snr_dfe_db = 10 * std::log10(snr_dfe);
    r.delta_com_db = 10 * std::log10(snr_eq / snr_dfe);
    r.delta_com_gaussian_db = NAN;  // the reference's delta_com = [] here
    out.com_db = com_from_matlab + r.delta_com_db;
}
}  // namespace

MlseOutcome mlse_adjust(int option, int levels, double der0, double alpha, double a_s, double a_ni,
                        const Pdf& pdf, const RVec* rn_rho) {
    if (option != 1 && option != 2 && option != 3) throw std::logic_error("mlse_adjust: option must be 1, 2 or 3");
    if (option == 3 && !rn_rho) throw std::logic_error("mlse_adjust: MLSE = 3 needs the noise autocorrelation");
    MlseOutcome out;
    ComMlseResult& r = out.figures;
    r.option = option;
    r.alpha = alpha;
    const RVec cdf = cumsum(pdf.y);  // Create_Noise_PDF: CDF = cumsum(PDF.y) (93A-37)
    // step 0
    const double com_from_matlab = 20 * std::log10(a_s / a_ni);  // 93A-1
    const int L = levels;
    // step 1, slide 6/5: A_peak = (L-1) A_s ("A_s is main in appendix a"); sigma_noise is the rms
    // of the combined interference and noise PDF about 0
    const double a_peak = (L - 1) * a_s;
    const double main = a_peak;
    double s2 = 0;
    for (std::size_t k = 0; k < pdf.y.size(); ++k) s2 += pdf.y[k] * (pdf.x(k) * pdf.x(k));
    const double sigma_noise = std::sqrt(s2);
    r.sigma_noise_v = sigma_noise;
    if (option == 3) {
        mlse_u3(L, alpha, main, 1.0 / 3 * (L + 1) / (L - 1) * (a_peak * a_peak) / (sigma_noise * sigma_noise), pdf,
                cdf, *rn_rho, out, com_from_matlab);
        return out;
    }
    if (!(a_s >= a_ni) && option == 2)
        // MLSE_instu's "not applied" branch sets cdf_scaled = [] and then reads cdf_scaled.y: the
        // reference stops with an error there
        throw std::runtime_error(
            "MLSE = 2 with A_s (" + num_text(a_s * 1e3) + " mV) below A_ni (" +
            num_text(a_ni * 1e3) +
            " mV): the reference's MLSE_instu fails here (it reads the CDF of an "
            "empty scaled PDF); MLSE = 1 leaves such a COM unchanged");
    if (!(a_s >= a_ni)) {
        // reference MLSE: warning('MLSE not applied because there is more noise than signal')
        r.applied = false;
        r.delta_com_db = 0;
        r.delta_com_gaussian_db = 0;
        out.com_db = com_from_matlab;
        return out;
    }
    r.applied = true;
    // step 2, slide 10/8: SNR of the DFE receiver, (L+1)/(3 (L-1)) A_peak^2 / sigma_noise^2
    const double snr_dfe =
        1.0 / 3 * (L + 1) / (L - 1) * (a_peak * a_peak) / (sigma_noise * sigma_noise);
    // step 3, slide 11/9: DER of the MLSE, Gaussian (j = 1..200) and from the CDF
    r.der_mlse_gaussian = der_mlse_gaussian(L, alpha, main, sigma_noise);
    r.der_mlse_cdf = der_mlse_cdf(L, alpha, main, pdf, cdf);
    if (option == 1) {
        r.snr_dfe_db = 10 * std::log10(snr_dfe);
        // step 4, slide 12/10: the DFE SNR that gives DER_MLSE with the first-tap error
        // propagation term, SNR_eq = SNR_DFE ((L-1)/main Q^-1(DER/2 (L/(L-1) - Q((1-2a)
        // main/(L-1)/sigma))))^2. Reference quirk kept: its Gaussian path writes
        // qfunc((1-2*alpha)*main/(L-1)*sigma_noise), a product with sigma_noise where the slide
        // divides (then Q(~0) = 1/2). It only enters the Gaussian figures, which the reference
        // reports but does not apply.
        const double snr_eq =
            snr_dfe *
            std::pow((L - 1) * sigma_noise / main *
                         qfuncinv(1.0 / 2 * r.der_mlse_gaussian *
                                  (static_cast<double>(L) / (L - 1) -
                                   qfunc((1 - 2 * alpha) * main / (L - 1) * sigma_noise))),
                     2);
        const double snr_eq_cdf =
            snr_dfe *
            std::pow((L - 1) / main *
                         cdf_inv_ev(1.0 / 2 * r.der_mlse_cdf *
                                        (static_cast<double>(L) / (L - 1) -
                                         cdf_ev((1 - 2 * alpha) * main / (L - 1), pdf, cdf)),
                                    pdf, cdf),
                     2);
        // step 5, slide 13/11: delta COM = 10 log10(SNR_eq / SNR_DFE)
        r.delta_com_gaussian_db = 10 * std::log10(snr_eq / snr_dfe);
        r.delta_com_db = 10 * std::log10(snr_eq_cdf / snr_dfe);
        out.com_db = com_from_matlab + r.delta_com_db;  // new_com_CDF
        return out;
    }
    // MLSE = 2 (MLSE_instu): scale the PDF until its DFE DER, 2 (L-1)/L CDF(-main/(L-1)), is
    // within 10 % of DER_MLSE_CDF (steps of 0.05 from 1, halved and reversed at each sign change
    // of the mismatch), then COM = 10 log10((A_s / A_ni(scaled))^2).
    double dscale = .05, scale = 1, last_tune = INFINITY, tune = INFINITY;
    Pdf scaled;
    RVec scaled_cdf;
    for (int it = 0; std::fabs(tune) >= .1; ++it) {
        if (it == 1000)
            throw std::runtime_error(
                "MLSE = 2: the reference's PDF scale search did not converge in 1000 steps "
                "(scale " +
                num_text(scale) + ")");
        scale = scale - dscale;
        scaled = scale_pdf(pdf, scale);
        scaled_cdf = two_sided_cdf(scaled);
        const double test_der = 2.0 * (L - 1) / L * (cdf_ev(main / (L - 1), scaled, scaled_cdf));
        tune = (test_der - r.der_mlse_cdf) / r.der_mlse_cdf;
        if (sign_differs(tune, last_tune)) dscale = -dscale / 2;
        last_tune = tune;
    }
    r.pdf_scale = scale;
    // MLSE_instu: COM_CDF = 10 log10((A_s / CDF_inv_ev(DER_0, scaled))^2), delta against the same
    // expression on the original PDF (CDF >= DER_0, where 93A-37's A_ni takes CDF > DER_0)
    out.com_db = 10 * std::log10(std::pow(a_s / cdf_inv_ev(der0, scaled, scaled_cdf), 2));
    r.delta_com_db = out.com_db - 10 * std::log10(std::pow(a_s / cdf_inv_ev(der0, pdf, cdf), 2));
    r.delta_com_gaussian_db = r.delta_com_db;  // the reference reports the same delta for both
    return out;
}

}  // namespace racklink::sigint::com_detail
