#pragma once
// MLSE adjustment of COM and VEC (IEEE P802.3dj; the IEEE COM reference com_ieee8023_93a from
// v4.30 on, functions MLSE, MLSE_instu, CDF_ev, CDF_inv_ev, scalePDF, pdf_to_cdf; "Based on
// oif2022.580.00 / IEEE802 shakiba_3dj_01_230116 by Hossein Shakiba"). Applied after the usual
// COM: it takes A_s, A_ni, the first DFE tap of the chosen equalizer and the combined
// interference and noise PDF, and changes only the final COM/VEC figures (never the search).
#include "com_detail.hpp"
#include "sigint/com.hpp"

namespace racklink::sigint::com_detail {

/// erfc^-1 by Newton iterations on std::erfc (accurate to a few ulp for 1e-300 < y < 2);
/// +inf for y <= 0, -inf for y >= 2. Shared by com.cpp (the Q of DER_0) and the MLSE figures.
double erfcinv(double y);

/// The reference's CDF_ev(val, PDF, CDF): CDF at the first bin with x >= -val (for val > 0 the
/// probability of an error of amplitude at least val on the lower side). Throws when no bin
/// qualifies (the reference then fails on an empty index).
double cdf_ev(double val, const Pdf& pdf, const RVec& cdf);

/// The reference's CDF_inv_ev(val, PDF, CDF): x of the first bin with CDF >= val, or the last x
/// when none.
double cdf_inv_ev(double val, const Pdf& pdf, const RVec& cdf);

/// The reference's scalePDF(pdf, s): the PDF of s X on the bins floor(Min s) .. -floor(Min s)
/// (linear interpolation, the end bins copied from their neighbours, normalized).
Pdf scale_pdf(const Pdf& pdf, double scale);

/// The reference's pdf_to_cdf(pdf).y: min(cumsum(y), reversed cumsum) per bin.
RVec two_sided_cdf(const Pdf& pdf);

/// The MLSE figures of one package case and the COM with MLSE (the reference's COM_CDF).
struct MlseOutcome {
    ComMlseResult figures;  ///< all but com_orig_db, vec_orig_db, delta_vec_db (the caller's)
    double com_db = 0;      ///< COM with MLSE (dB)
};

/// MLSE = 1 (reference MLSE), 2 (MLSE_instu) or 3 (MLSE_U1_c, "U3") for one package case.
/// `alpha` is the first DFE tap of the chosen solution (fom_result.DFE_taps(1), relative to the
/// cursor), `a_s`, `a_ni` (V) the figures of 93A-1 (before any C2M eye) and `pdf` the combined
/// interference and noise PDF (93A-45). MLSE = 3 also needs `rn_rho`, the autocorrelation
/// f_b ifft(S_n,rho) (all num_ui lags) of the noise-plus-residual-ISI PSD at the slicer (178A-28;
/// the reference's PSD_results.Sn_rho, MMSE receiver FFE only). Throws std::runtime_error where
/// the reference fails (an error amplitude beyond the PDF) or would loop forever (the MLSE = 2
/// scale search).
MlseOutcome mlse_adjust(int option, int levels, double der0, double alpha, double a_s, double a_ni,
                        const Pdf& pdf, const RVec* rn_rho = nullptr);

/// VEC(MLSE) - VEC(orig) (dB) for a delta COM (dB), reference main (output_args.delta_VEC):
/// dCOM - 20 log10((10^(dCOM/20) - 1) 10^(VEC_orig/20) + 1). The eye closure 10^(VEC/20) =
/// A_s / (A_s - A_ni) of a COM raised by dCOM (A_ni scaled by 10^(-dCOM/20)), expressed in
/// VEC_orig.
double mlse_delta_vec_db(double vec_orig_db, double delta_com_db);

}  // namespace racklink::sigint::com_detail
