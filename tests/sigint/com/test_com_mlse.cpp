// MLSE adjustment of COM and VEC (802.3dj; IEEE COM reference v4.30 .. v4.50, functions MLSE and
// MLSE_instu; sigint/src/com/com_mlse.hpp, docs/com.md "MLSE (802.3dj)").
//
// Golden numbers, two kinds:
// - "reference MLSE on RackLink's PDF": the reference's own functions MLSE, MLSE_instu, CDF_ev,
//   CDF_inv_ev, scalePDF and pdf_to_cdf, copied verbatim from com_ieee8023_93a_450.m (identical
//   in _430.m) into a scratch directory outside the repository, run under GNU Octave 7.3 on the
//   A_s, A_ni, b(1) and combined PDF (Min, BinSize, y to 17 digits) that a temporarily
//   instrumented build of this branch dumped for each case; x = (Min*BinSize:BinSize:pMax*BinSize)
//   and CDF = cumsum(y) as conv_fct and Create_Noise_PDF build them.
// - "end to end": the public reference com_ieee8023_93a_450.m itself, run whole under Octave 7.3
//   with two shims in a scratch copy (the working copy's Touchstone 1.x reader in place of
//   read_Nport_touchstone, and no verLessThan('matlab') check), on the channel with `MLSE = 1`
//   appended to the configuration (9 min). The v4.20 working copy with v4.50's main-code MLSE
//   branch (lines 542-627) and MLSE functions grafted in gives the same 17 digits.
// Octave 7.3's erfcinv is accurate to only ~1e-9 below 1e-8 (checked against mpmath; MATLAB's and
// RackLink's agree with mpmath to 1 ulp), so the Gaussian-path delta, which takes Q^-1 of ~1e-15,
// is compared at 1e-7; it is reported only, never applied.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "../../../sigint/src/com/com_detail.hpp"
#include "../../../sigint/src/com/com_mlse.hpp"
#include "com_golden.hpp"
#include "sigint/com.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
namespace cd = racklink::sigint::com_detail;

namespace {

// The TE channels of the other COM goldens (shared/data/touchstone).
const std::string kTe4 = "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p",
                  kTe10 = "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p";

ComParams params_with_mlse(const std::string& cfg, const std::string& mlse) {
    ComConfig c = load_com_config(kGolden + cfg);
    c.set("MLSE", mlse);
    return resolve_com_params(c);
}

ComResult run(const std::string& cfg, const std::string& mlse, const std::string& thru) {
    ComResult r = compute_com_files(params_with_mlse(cfg, mlse), kTouchstone + thru, {}, {});
    INFO(r.message);
    REQUIRE(r.ok());
    return r;
}

/// The reference's MLSE_results of one case (see the file comment).
struct MlseGolden {
    double com_db, delta_com_db, delta_com_gaussian_db, der_mlse_cdf, der_mlse_gaussian,
        sigma_noise_v;
    double snr_dfe_db_or_scale;  ///< SNR_DFE (dB) for MLSE = 1, PDF_scale for MLSE = 2
};

void check_mlse(const ComCaseResult& c, int option, const MlseGolden& g) {
    const ComMlseResult& m = c.mlse;
    REQUIRE(m.option == option);
    REQUIRE(m.applied);
    CHECK_THAT(c.com_db, WithinRel(g.com_db, 1e-9));
    CHECK_THAT(m.delta_com_db, WithinRel(g.delta_com_db, 1e-9));
    CHECK_THAT(m.delta_com_gaussian_db,
               WithinRel(g.delta_com_gaussian_db, 1e-7));  // Octave's erfcinv
    CHECK_THAT(m.der_mlse_cdf, WithinRel(g.der_mlse_cdf, 1e-9));
    CHECK_THAT(m.der_mlse_gaussian, WithinRel(g.der_mlse_gaussian, 1e-9));
    CHECK_THAT(m.sigma_noise_v, WithinRel(g.sigma_noise_v, 1e-9));
    if (option == 1)
        CHECK_THAT(m.snr_dfe_db, WithinRel(g.snr_dfe_db_or_scale, 1e-9));
    else
        CHECK(m.pdf_scale == g.snr_dfe_db_or_scale);  // a sum of binary fractions: exact
    // C2C: COM = 20 log10(A_s / A_ni) + delta (MLSE = 1); the reference's VEC formula is
    // VEC = -20 log10(1 - 10^(-COM/20)) of the adjusted COM (its algebra, docs/com.md)
    if (option == 1 && c.eh_top_mv == 0 && c.eh_bottom_mv == 0) {
        CHECK_THAT(c.com_db, WithinAbs(m.com_orig_db + m.delta_com_db, 1e-12));
        CHECK_THAT(c.vec_db, WithinAbs(-20 * std::log10(1 - std::pow(10.0, -c.com_db / 20)), 1e-9));
    }
    CHECK_THAT(c.vec_db, WithinAbs(m.vec_orig_db + m.delta_vec_db, 1e-12));
}

// The reference's MLSE / MLSE_instu on RackLink's PDF (file comment), per package case:
// COM_CDF, delta_com_CDF, delta_com_Gaussian, DER_MLSE_CDF, DER_MLSE_Gaussian, sigma_noise, and
// 10 log10 SNR_DFE (MLSE = 1) or PDF_scale (MLSE = 2).
const std::vector<MlseGolden> kKrTe4Mlse1 = {
    {6.4025520543183605, 0.49001423979149089, 0.56002752908104514, 8.8254039076349135e-17,
     1.745135927132618e-14, 0.0054838040429387534, 24.149880772549789},
    {7.1781734610435821, 0.96571171151851154, 0.9909154965132817, 1.109505532800806e-19,
     5.3343643432786166e-17, 0.0039230326304338908, 24.484901104693733},
};
const std::vector<MlseGolden> kKrTe10Mlse1 = {
    {7.7782853317025467, 1.4151904669377127, 1.3997182400079691, 2.8028776835429396e-24,
     8.1489501880300227e-19, 0.0028108520755052106, 24.556549931148943},
    {8.0239965123026131, 1.5444352134014363, 1.5153022945521089, 3.1439161054967332e-24,
     4.0900987906146119e-20, 0.0015926483736559988, 24.755120235370697},
};
const std::vector<MlseGolden> kKrTe4Mlse2 = {
    {6.39880699811693, 0.486269183590057, 0.486269183590057, 8.8254039076349135e-17,
     1.745135927132618e-14, 0.0054838040429387534, 0.94531249999999989},
    {7.1423891972810409, 0.92992744775597203, 0.92992744775597203, 1.109505532800806e-19,
     5.3343643432786166e-17, 0.0039230326304338908, 0.89843749999999989},
};
const std::vector<MlseGolden> kC2mTe4Mlse1 = {
    {2.3521856293697883, 0.042934827554618554, 0.19288767544017674, 2.4401132553464132e-09,
     2.7260997747468592e-07, 0.0081619885275516536, 21.075992512700982},
    {2.5362034480078908, 0.2694433010801337, 0.40081548548348722, 1.9647648783201699e-09,
     3.5812477766218956e-08, 0.0065321575774664785, 21.462750462566817},
};

/// Every case of `r` against the reference's figures `g` (one per case).
void check_cases(const ComResult& r, int option, const std::vector<MlseGolden>& g) {
    REQUIRE(r.cases.size() == g.size());
    for (std::size_t k = 0; k < g.size(); ++k) {
        INFO("case " << k + 1);
        check_mlse(r.cases[k], option, g[k]);
    }
}

/// A whole reference run's output_args per case: COM_dB, COM_orig, VEC_dB, VEC_dB_orig, delta_COM.
struct EndToEnd {
    double com_db, com_orig_db, vec_db, vec_orig_db, delta_com_db;
};

void check_end_to_end(const ComResult& r, const std::vector<EndToEnd>& want) {
    REQUIRE(r.cases.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
        INFO("case " << k + 1);
        const ComCaseResult& c = r.cases[k];
        CHECK_THAT(c.com_db, WithinAbs(want[k].com_db, 1e-9));
        CHECK_THAT(c.mlse.com_orig_db, WithinAbs(want[k].com_orig_db, 1e-9));
        CHECK_THAT(c.vec_db, WithinAbs(want[k].vec_db, 1e-9));
        CHECK_THAT(c.mlse.vec_orig_db, WithinAbs(want[k].vec_orig_db, 1e-9));
        CHECK_THAT(c.mlse.delta_com_db, WithinAbs(want[k].delta_com_db, 1e-9));
    }
}

/// A Gaussian PDF of rms sigma on bins of `bin` over +-10 sigma (normalized).
cd::Pdf gaussian_pdf(double sigma, double bin) {
    cd::Pdf p;
    p.bin = bin;
    const long half = std::lround(10 * sigma / bin);
    p.min = -half;
    double s = 0;
    for (long k = -half; k <= half; ++k) {
        const double x = static_cast<double>(k) * bin;
        p.y.push_back(std::exp(-x * x / (2 * sigma * sigma)));
        s += p.y.back();
    }
    for (double& v : p.y) v /= s;
    return p;
}

double q_func(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

}  // namespace

TEST_CASE("MLSE = 1 matches the reference's MLSE on the 802.3ck KR TE 4 in channel, end to end",
          "[com][mlse][golden]") {
    const ComResult r = run("ck_kr.cfg", "1", kTe4);
    // reference MLSE on RackLink's PDF
    check_cases(r, 1, kKrTe4Mlse1);
    // end to end (the whole v4.50 reference)
    check_end_to_end(r, {{6.4025520543183623, 5.9125378145268783, 5.6547385921378925,
                          6.1300233790653911, 0.49001423979148395},
                         {7.1781734610435812, 6.2124617495250734, 4.9993118442991022,
                          5.8328846672010251, 0.96571171151850776}});
    for (const ComCaseResult& c : r.cases)
        CHECK(c.mlse.alpha == c.dfe_taps.front());  // fom_result.DFE_taps(1)
}

TEST_CASE(
    "MLSE = 1 matches the reference's MLSE on the KR TE 10 in and the 802.3dj (MMSE RxFFE) "
    "channels",
    "[com][mlse][golden]") {
    const ComResult kr = run("ck_kr.cfg", "1", kTe10);
    check_cases(kr, 1, kKrTe10Mlse1);
    // 802.3dj MMSE RxFFE: dj_xls.cfg with IDEAL_RX_TERM = 1 on TE 4 in (COM 2.27 dB, so MLSE
    // applies), end to end against the whole v4.50 reference (make_v450_working_copy.py, `MLSE = 1`
    // and `IDEAL_RX_TERM = 1` in the configuration; 5.7 s)
    ComConfig c = load_com_config(kGolden + "dj_xls.cfg");
    c.set("MLSE", "1");
    c.set("IDEAL_RX_TERM", "1");
    const ComResult dj = compute_com_files(resolve_com_params(c), kTouchstone + kTe4, {}, {});
    REQUIRE(dj.ok());
    REQUIRE(dj.cases.size() == 1);
    CHECK(dj.cases[0].mlse.applied);
    check_end_to_end(dj, {{2.9696149861113175, 2.269017215883411, 10.764828490060509, 12.76935562416551,
                           0.70059777022790637}});
    // dj_kr_coarse on TE 10 in has COM -0.51 dB (v4.50): the reference warns "MLSE not applied
    // because there is more noise than signal" and keeps COM (same run with `MLSE = 1`, 348 s)
    const ComResult dj10 = run("dj_kr_coarse.cfg", "1", kTe10);
    CHECK_FALSE(dj10.cases[0].mlse.applied);
    CHECK_THAT(dj10.cases[0].com_db, WithinAbs(-0.5061173052954047, 1e-9));
}

TEST_CASE("MLSE = 2 (MLSE_instu, scaled PDF) matches the reference on the KR TE 4 in channel",
          "[com][mlse][golden]") {
    const ComResult r = run("ck_kr.cfg", "2", kTe4);
    check_cases(r, 2, kKrTe4Mlse2);

    // MLSE_instu's COM is 10 log10((A_s / A_ni(scaled PDF))^2), not COM_orig + delta
    CHECK(r.cases[0].com_db != r.cases[0].mlse.com_orig_db + r.cases[0].mlse.delta_com_db);
}

TEST_CASE(
    "MLSE in the C2M eye branch takes the PDF's A_ni for COM and the eye's VEC as the original",
    "[com][mlse][golden]") {
    const ComResult r = run("ck_c2m_grid.cfg", "1", kTe4);
    REQUIRE(r.cases.size() == 2);
    check_cases(r, 1, kC2mTe4Mlse1);
    // end to end: the C2M working copy of the reference (v4.20 transcription with COM_eye_width,
    // from which the ck_c2m goldens come) with v4.50's main-code MLSE branch and MLSE functions
    // grafted in (55 min in Octave); its delta_VEC output equals VEC - VEC_orig here
    check_end_to_end(r, {{2.35218562936979, 1.6403514135070232, 15.081181819630872,
                          15.284820054658079, 0.042934827554635749},
                         {2.5362034480078903, 0.96496216667624513, 17.557023826687047,
                          19.564095171805448, 0.26944330108013553}});
    CHECK_THAT(r.cases[0].mlse.delta_vec_db, WithinAbs(-0.20363823502720579, 1e-9));
    CHECK_THAT(r.cases[1].mlse.delta_vec_db, WithinAbs(-2.0070713451184012, 1e-9));
    for (const ComCaseResult& c : r.cases) {
        const double eh_mv = c.eh_top_mv - c.eh_bottom_mv;
        // originals: the C2M eye's COM and VEC (802.3ck 120G), VEO = EH unchanged
        CHECK_THAT(c.mlse.com_orig_db,
                   WithinAbs(20 * std::log10(2 * c.as_mv / (2 * c.as_mv - eh_mv)), 1e-9));
        CHECK_THAT(c.mlse.vec_orig_db, WithinAbs(20 * std::log10(2 * c.as_mv / eh_mv), 1e-9));
        CHECK_THAT(c.veo_mv, WithinAbs(eh_mv, 1e-9));
        // the reference's quirk: COM = 20 log10(A_s / A_ni(PDF)) + delta, not COM_orig + delta
        CHECK(std::fabs(c.com_db - (c.mlse.com_orig_db + c.mlse.delta_com_db)) > 0.1);
    }
}

TEST_CASE(
    "MLSE changes only the final COM and VEC: the equalizer, A_s, A_ni and the originals equal "
    "MLSE = 0",
    "[com][mlse]") {
    const ComResult off = run("ck_kr.cfg", "0", kTe4);
    const ComResult on = run("ck_kr.cfg", "1", kTe4);
    REQUIRE(off.cases.size() == on.cases.size());
    for (std::size_t k = 0; k < off.cases.size(); ++k) {
        const ComCaseResult& a = off.cases[k];
        const ComCaseResult& b = on.cases[k];
        CHECK(a.mlse.option == 0);
        CHECK(b.fom_db == a.fom_db);
        CHECK(b.t_s == a.t_s);
        CHECK(b.txffe == a.txffe);
        CHECK(b.dfe_taps == a.dfe_taps);
        CHECK(b.g_dc_db == a.g_dc_db);
        CHECK(b.as_mv == a.as_mv);
        CHECK(b.ani_mv == a.ani_mv);
        CHECK(b.veo_mv == a.veo_mv);
        // the exact (direct) convolutions MLSE needs move A_ni only at a tie of 1e-16
        CHECK_THAT(b.mlse.com_orig_db, WithinAbs(a.com_db, 1e-12));
        CHECK_THAT(b.mlse.vec_orig_db, WithinAbs(a.vec_db, 1e-12));
        CHECK(b.com_db > a.com_db);  // b(1) of 0.35 and 0.49: the MLSE gains
    }
}

TEST_CASE(
    "MLSE with more noise than signal: MLSE = 1 leaves COM unchanged, MLSE = 2 fails as the "
    "reference does",
    "[com][mlse]") {
    // dj_xls on the TE 4 in channel: COM -2.12 dB (A_s < A_ni; the whole v4.50 reference with
    // `MLSE = 1` warns "MLSE not applied" and reports COM = COM_orig, delta_COM 0)
    const ComResult r = run("dj_xls.cfg", "1", kTe4);
    const ComCaseResult& c = r.cases[0];
    CHECK_FALSE(c.mlse.applied);
    CHECK(c.com_db == c.mlse.com_orig_db);
    CHECK_THAT(c.com_db, WithinAbs(-2.1234335888826927, 1e-9));
    CHECK(c.vec_db == c.mlse.vec_orig_db);
    CHECK(c.mlse.delta_com_db == 0);
    CHECK(std::isnan(c.mlse.der_mlse_cdf));
    // sigma_noise = rms of the combined PDF: the ISI (with crosstalk) and noise PDFs are
    // independent, so their variances add (the golden's sgm_isi and sgm_noise; bins: 1e-3)
    const auto g = read_json(kGolden + "dj_xls__te_4in.json")["cases"][0];
    CHECK_THAT(1e3 * c.mlse.sigma_noise_v,
               WithinRel(std::hypot(g["sgm_isi_mv"].get<double>(), g["sgm_noise_mv"].get<double>()), 1e-3));
    const ComResult r2 =
        compute_com_files(params_with_mlse("dj_xls.cfg", "2"), kTouchstone + kTe4, {}, {});
    CHECK(r2.status == ComStatus::input_error);
    CHECK_THAT(r2.message,
               Catch::Contains("MLSE = 2 with A_s (25.1147 mV) below A_ni (32.07 mV)") &&
                   Catch::Contains("MLSE_instu fails"));
}

TEST_CASE(
    "MLSE on a Gaussian PDF: the CDF path reproduces the Gaussian DER sum and the slide's closed "
    "form",
    "[com][mlse]") {
    // sigma 2 mV on 1 uV bins, A_s = 4.5 sigma, PAM4, DER_0 1e-4
    const double sigma = 2e-3, a_s = 4.5 * sigma;
    const cd::Pdf pdf = gaussian_pdf(sigma, 1e-6);
    const double a_ni = sigma * std::sqrt(2.0) * cd::erfcinv(2e-4);  // Gaussian A_ni at DER_0
    for (double alpha : {0.0, 0.25, 0.5, 0.75}) {
        INFO("alpha " << alpha);
        const cd::MlseOutcome m = cd::mlse_adjust(1, 4, 1e-4, alpha, a_s, a_ni, pdf);
        CHECK_THAT(m.figures.sigma_noise_v, WithinRel(sigma, 1e-6));
        // hand sum of shakiba_3dj_01_230116 slide 11: 2 sum_j j (3/4)^j Q(sqrt(1+(j-1)(1-a)^2+a^2)
        // A_s/sigma)
        double der = 0;
        for (int j = 1; j <= 200; ++j)
            der += 2 * j * std::pow(0.75, j) *
                   q_func(std::sqrt(1 + (j - 1) * (1 - alpha) * (1 - alpha) + alpha * alpha) * a_s /
                          sigma);
        CHECK_THAT(m.figures.der_mlse_gaussian, WithinRel(der, 1e-12));
        // the CDF path sums the same events on the binned PDF until a term adds < 0.1 %
        CHECK_THAT(m.figures.der_mlse_cdf, WithinRel(der, 0.01));
    }
    // alpha = 1/2: Q((1 - 2 alpha) ...) = Q(0) = 1/2 on both paths, so the reference's
    // sigma-product quirk drops out and the two deltas agree; slide 12/13 closed form:
    // delta = 20 log10(sigma Q^-1(DER/2 (4/3 - 1/2)) / A_s)
    const cd::MlseOutcome h = cd::mlse_adjust(1, 4, 1e-4, 0.5, a_s, a_ni, pdf);
    const double p = 0.5 * h.figures.der_mlse_gaussian * (4.0 / 3 - 0.5);
    const double closed = 20 * std::log10(sigma * std::sqrt(2.0) * cd::erfcinv(2 * p) / a_s);
    CHECK_THAT(h.figures.delta_com_gaussian_db, WithinAbs(closed, 1e-12));
    CHECK_THAT(h.figures.delta_com_db, WithinAbs(closed, 0.01));
    CHECK_THAT(h.com_db, WithinAbs(20 * std::log10(a_s / a_ni) + h.figures.delta_com_db, 1e-12));
}

TEST_CASE(
    "MLSE delta COM grows with the first DFE tap: none without post-cursor ISI, about 1 dB at b(1) "
    "= 0.5",
    "[com][mlse]") {
    // On a Gaussian PDF the MLSE's error events have distance sqrt(1 + (j-1)(1-a)^2 + a^2) A_s:
    // at b(1) = 0 the single-symbol event (distance A_s) dominates as for the DFE, and the j >= 2
    // events only add errors (delta <= 0); the distance, and the gain, grow with b(1) to 1/2
    // (-0.001 dB at 0, 0.17 at 0.2, 0.68 at 0.4, 1.085 at 0.5, 2.71 at 1).
    const double sigma = 2e-3, a_s = 4.5 * sigma;
    const cd::Pdf pdf = gaussian_pdf(sigma, 1e-6);
    const double a_ni = sigma * std::sqrt(2.0) * cd::erfcinv(2e-4);
    double last = -INFINITY;
    double at_half = 0;
    for (double alpha : {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0}) {
        INFO("alpha " << alpha);
        const ComMlseResult m = cd::mlse_adjust(1, 4, 1e-4, alpha, a_s, a_ni, pdf).figures;
        const double d = m.delta_com_db;
        if (alpha == 0.0) {
            CHECK(d <= 0);
            CHECK(d > -0.01);
            // the Gaussian path's sigma product (Q(~0) = 1/2 instead of Q(A_s/sigma) ~ 0) reports
            // a gain where there is none: one reason the reference applies only the CDF path
            CHECK_THAT(m.delta_com_gaussian_db, WithinAbs(0.189, 0.005));
        }
        if (alpha == 0.5) at_half = d;
        CHECK(d > last);
        last = d;
    }
    last = at_half;
    // b(1) = 1/2: the distance gain 20 log10 sqrt(1.25) = 0.97 dB plus the DFE's error
    // propagation that the reference's SNR_DFE equivalent charges (slide 12, L/(L-1) - Q(0))
    CHECK_THAT(last, WithinAbs(1.085, 0.01));
}

TEST_CASE(
    "MLSE building blocks behave as the reference's CDF_ev, CDF_inv_ev, scalePDF and pdf_to_cdf",
    "[com][mlse]") {
    cd::Pdf p;
    p.bin = 0.5;
    p.min = -2;
    p.y = {0.1, 0.2, 0.4, 0.2, 0.1};  // x = -1 -0.5 0 0.5 1
    const std::vector<double> cdf{0.1, 0.3, 0.7, 0.9, 1.0};
    CHECK(cd::cdf_ev(0.6, p, cdf) == 0.3);  // first x >= -0.6 is -0.5
    CHECK(cd::cdf_ev(5, p, cdf) == 0.1);    // beyond the left end: the first bin
    CHECK_THROWS_WITH(cd::cdf_ev(-1.2, p, cdf), Catch::Contains("beyond the combined PDF"));
    CHECK(cd::cdf_inv_ev(0.5, p, cdf) == 0.0);
    CHECK(cd::cdf_inv_ev(2, p, cdf) == 1.0);               // none: the last x
    const std::vector<double> two = cd::two_sided_cdf(p);  // min(cumsum, reversed cumsum)
    const double two_want[] = {0.1, 0.3, 0.7, 0.3, 0.1};
    REQUIRE(two.size() == 5);
    for (int k = 0; k < 5; ++k) CHECK_THAT(two[k], WithinAbs(two_want[k], 1e-15));
    // scalePDF by 1/2: Min = floor(-2 / 2) = -1, x = -0.5 0 0.5, interpolated on the scaled
    // abscissae -0.5 .. 0.5 (0.1 0.4 0.1); the "NAN interp work around" then copies y(2) into
    // both ends even when they were valid: 0.4 0.4 0.4, normalized
    const cd::Pdf s = cd::scale_pdf(p, 0.5);
    CHECK(s.min == -1);
    REQUIRE(s.y.size() == 3);
    for (double v : s.y) CHECK_THAT(v, WithinRel(1.0 / 3, 1e-15));
    // by 0.8: Min = floor(-1.6) = -2, x = -1 .. 1 beyond the scaled -0.8 .. 0.8 at both ends
    const cd::Pdf s8 = cd::scale_pdf(p, 0.8);
    REQUIRE(s8.y.size() == 5);
    const double y_half = 0.1 + (-0.5 + 0.8) / 0.4 * (0.2 - 0.1);  // x = -0.5 between -0.8 and -0.4
    const double sum8 = 2 * y_half + 2 * y_half + 0.4;
    CHECK_THAT(s8.y[0], WithinRel(y_half / sum8, 1e-14));
    CHECK_THAT(s8.y[2], WithinRel(0.4 / sum8, 1e-14));
    CHECK_THROWS_WITH(cd::scale_pdf(p, 0.0), Catch::Contains("fewer than 3 bins"));
    CHECK_THROWS_WITH(cd::scale_pdf(p, -0.5), Catch::Contains("reached a scale of -0.5"));
    // VEC of a COM raised by delta: A_s / (A_s - A_ni 10^(-delta/20)), A_ni = A_s / 2
    const double vec0 = 20 * std::log10(2.0);
    CHECK_THAT(cd::mlse_delta_vec_db(vec0, 6.0) + vec0,
               WithinAbs(-20 * std::log10(1 - 0.5 * std::pow(10.0, -0.3)), 1e-12));
}

TEST_CASE("MLSE = 3 (MLSE_U1_c) matches the whole reference v4.50 with the MMSE receiver FFE", "[com][mlse][golden]") {
    // dj_xls.cfg on TE 4 in with `MLSE = 3` (and `IDEAL_RX_TERM = 1`) in the configuration, the
    // public v4.50 reference under Octave (make_v450_working_copy.py; 6.7 s and 7.4 s): COM, COM_orig,
    // VEC, VEC_orig, delta_COM. MLSE_U1_c applies even with A_s < A_ni (its "if 1"): dj_xls alone
    // gains 0.81 dB from -2.12 dB, where MLSE = 1 leaves it unchanged.
    for (const bool ideal_rx : {true, false}) {
        INFO("IDEAL_RX_TERM " << ideal_rx);
        ComConfig c = load_com_config(kGolden + "dj_xls.cfg");
        c.set("MLSE", "3");
        if (ideal_rx) c.set("IDEAL_RX_TERM", "1");
        const ComResult r = compute_com_files(resolve_com_params(c), kTouchstone + kTe4, {}, {});
        REQUIRE(r.ok());
        REQUIRE(r.cases.size() == 1);
        const ComMlseResult& m = r.cases[0].mlse;
        CHECK(m.option == 3);
        CHECK(m.applied);
        CHECK(std::isnan(m.der_mlse_gaussian));  // no Gaussian path in MLSE_U1_c
        CHECK(m.der_mlse_cdf > 0);
        if (ideal_rx)
            check_end_to_end(r, {{2.4407059931022577, 2.269017215883411, 12.217772304390804, 12.76935562416551,
                                  0.17168877721884676}});
        else
            check_end_to_end(r, {{-1.3132438764533321, -2.1234335888826927, 21.006497916741239, 313.07119549054045,
                                  0.81018971242936066}});
    }
}

TEST_CASE("MLSE options are refused where the reference refuses or lacks them", "[com][mlse]") {
    ComConfig c = load_com_config(kGolden + "ck_kr.cfg");
    CHECK(resolve_com_params(c).mlse == 0);  // reference default
    c.set("MLSE", "2");
    CHECK(resolve_com_params(c).mlse == 2);
    c.set("MLSE", "3");  // ck_kr has no receiver FFE: MLSE_U1_c would read PSDs never formed
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("parameter `MLSE` = 3") &&
                                                 Catch::Contains("needs the MMSE receiver FFE"));
    ComConfig fv = load_com_config(kGolden + "dj_xls_fvlms.cfg");
    fv.set("MLSE", "3");
    CHECK_THROWS_WITH(resolve_com_params(fv), Catch::Contains("needs the MMSE receiver FFE"));
    c.set("MLSE", "1.5");
    CHECK_THROWS_WITH(
        resolve_com_params(c),
        Catch::Contains("parameter `MLSE` must be 0 (off), 1 (MLSE), 2 (MLSE_instu) or 3 (MLSE_U1_c), got 1.5"));
    c.set("MLSE", "1");
    c.set("N_b", "0");
    CHECK_THROWS_WITH(resolve_com_params(c),
                      Catch::Contains("at least DFE 1 must be set (N_b >= 1) to use MLSE"));
}
