#pragma once
// Insertion-loss-noise figures of the IEEE COM reference's COMPUTE_TDILN and COMPUTE_RILN
// options (com_ieee8023_93a v4.50, FD_Processing with get_ILN_cmp_td and capture_RIL_RILN):
// diagnostics of the thru channel, package independent, that leave COM unchanged.
#include <cstddef>
#include <string>

#include "com_detail.hpp"

namespace racklink::sigint::com_detail {

/// Reads COMPUTE_RILN and COMPUTE_TDILN (reference read_ParamConfigFile v4.50: 0 or 1, RILN
/// defaults to 0, TDILN to the value of COMPUTE_RILN) into p; any other value is refused.
void read_iln_options(const ConfigReader& rd, ComParams& p);

/// The reference get_ILN_cmp_td's complex fit of the insertion loss: the least-squares solution
/// alpha of s (alpha_0 + alpha_1 sqrt(f) + alpha_2 f + alpha_3 f^2) ~ s ln(s) over the given
/// points (ln(s) = ln|s| + j unwrap(arg s), the loss weighted by |s| as in 93A-55, now with the
/// phase), returned as FIT = exp(alpha_0 + alpha_1 sqrt(f) + alpha_2 f + alpha_3 f^2) on f.
CVec complex_il_fit(const CVec& s21, const RVec& f_hz);

/// Time-domain ILN of the reference's get_ILN_cmp_td (TD_ILN fields in brackets).
struct TdIln {
    double fom_db = 0;      ///< FOM_TDILN = 20 log10|p_fit(t_peak) / iln_der0_v| (SNR_ISI_FOM_PDF)
    double rms_fom_db = 0;  ///< 20 log10|p_fit(t_peak) / iln_norm_v| (SNR_ISI_FOM)
    double iln_der0_v = 0;  ///< ILN amplitude at DER_0 of the chosen phase's PDF (FOM_PDF)
    double iln_norm_v = 0;  ///< largest norm over the sampling phases of the UI-spaced ILN (FOM)
    double peak_v =
        0;          ///< fitted pulse at the measured pulse's peak, p_fit(t_peak) (FIT.PR(ipeak))
    int phase = 0;  ///< sampling phase (0-based sample in the UI) of the PDF
    std::size_t ipeak = 0;  ///< 0-based sample of the measured pulse's peak
};

/// get_ILN_cmp_td on the thru's SDD21 s21 given on f_hz (the reference passes the points from
/// f_1 to f_2): the pulse responses (running sum over M samples, 93A-24 style) of s21 and of its
/// complex_il_fit, each through the Bessel-Thomson filter (order BTorder, 3 dB at
/// 0.473037 f_r f_b) and the 93A-46 Gaussian edge of T_r, by s21_to_impulse with the magnitude
/// trend_to_DC, phase interp_to_DC and truncation threshold 1e-7 of the reference; from the
/// measured pulse's peak on, ILN = fitted - measured pulse; the sampling phase whose ILN PDF
/// (93A-39 with L levels, PDF bin size) has the largest rms gives the amplitude at DER_0.
/// Throws std::runtime_error for unusable data (anti-causal phase, fewer than 10 points).
TdIln td_iln(const CVec& s21, const RVec& f_hz, const ComParams& p);

/// Reflectionless insertion loss of a 2-port (reference capture_RIL_RILN; H. Dsilva et al.,
/// "Finding Reflective Insertion Loss Noise and Reflectionless Insertion Loss", DesignCon
/// 2020): S21 renormalized (K. Kurokawa, "Power Waves and the Scattering Matrix", IEEE Trans.
/// MTT-13(2), 1965) to the port terminations of the simultaneous conjugate match (G. Gonzalez,
/// Microwave Transistor Amplifiers, 2nd ed., Sec. 3.6; Pozar, Microwave Engineering,
/// 4th ed., 12.3). Values per frequency k of f (the reference leaves out a 0 Hz first point:
/// then entry 0 belongs to f[1]).
struct Ril {
    CVec ril;               ///< RIL (complex); NaN where no valid termination exists
    RVec riln_db;           ///< RILN = 20 log10|S21| - 20 log10|RIL| (dB); NaN there too
    std::size_t first = 0;  ///< index into f of entry 0 (1 when f[0] == 0)
};
/// capture_RIL_RILN of sdd (SDD11, SDD12, SDD21, SDD22 on f_hz) with reference impedance
/// z_ref_ohm (the reference uses 100 ohm). At a frequency where neither or both roots of the
/// match quadratic give a termination with a positive real part (the reference then stops with
/// "An odd case has occured") the entry is NaN.
Ril reflectionless_il(const S2& sdd, const RVec& f_hz, double z_ref_ohm);

/// FOM_RILN of the reference's FD_Processing: sqrt(delta_f / (f_2 - f_1) sum PWF_k RILN_k^2)
/// for k = i1 .. i2 - 1 (0-based indices of f_1, f_2 on the data), PWF of 93A-57. As in the
/// reference, RILN_k is entry k of Ril::riln_db, which belongs to f[k + first]: with data that
/// start at 0 Hz the RILN is taken one frequency step above the weight.
double fom_riln(const Ril& r, const RVec& pwf, std::size_t i1, std::size_t i2, double delta_f_hz,
                double f1_hz, double f2_hz);

/// The COMPUTE_TDILN / COMPUTE_RILN figures of the thru (`name`: its file, for messages) into
/// res.fom_tdiln_db / res.fom_riln_db (res.warnings gets a FOM_RILN that cannot be computed).
/// i1, i2 and pwf as for FOM_ILD (93A-56); delta_f_hz the reference's f(11) - f(10).
void iln_figures(const ComParams& p, const std::string& name, const S2& thru, const RVec& f_hz,
                 std::size_t i1, std::size_t i2, const RVec& pwf, double delta_f_hz,
                 ComResult& res);

}  // namespace racklink::sigint::com_detail
