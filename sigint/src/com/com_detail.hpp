#pragma once
// Private building blocks of the COM computation (IEEE 802.3 Annex 93A), each mirroring one
// function of the IEEE COM reference code (com_ieee8023_93a v4.20) so that results agree
// sample for sample. Vectors are 0-based; comments give the reference's 1-based formulas.
#include <complex>
#include <string>
#include <vector>

#include "sigint/com_causality.hpp"
#include "sigint/com.hpp"
#include "sigint/com_erl.hpp"

namespace racklink::sigint::com_detail {

using cplx = std::complex<double>;
using CVec = std::vector<cplx>;
using RVec = std::vector<double>;

/// A number as the configuration errors print it (ostream default: 6 significant digits).
std::string num_text(double x);

/// An error from a COM or ERL computation as reported: unchanged when it already names one of
/// the channel files (`files`: the thru first, then the aggressors) at its start, else located at
/// the thru ("THRU: what"), so a data error (a PDF too wide, ...) says which channel it is about.
std::string at_channel_file(const std::string& what, const std::vector<std::string>& files);

/// Default `PDF bin size` (V) of COM and ERL: the reference read_ParamConfigFile default.
inline constexpr double kPdfBinDefaultV = 1e-5;

/// Typed access to a parsed COM configuration (names as in the IEEE spreadsheets), shared by the
/// COM, ERL and causality resolutions. Every refusal throws std::invalid_argument
/// "SOURCE:LINE: parameter `NAME` WHAT" (an input boundary); quoted values are cut to 60 bytes
/// with control bytes escaped. Numbers must be finite; `true`/`false` read as 1/0.
struct ConfigReader {
    const ComConfig& cfg;

    [[noreturn]] void fail(const std::string& name, const std::string& what) const;
    /// The entry when it is numeric (or true/false), null when absent.
    const ComValue* num(const std::string& name) const;
    /// An empty `[]` stands for "none" only where the default is none too (g_DC_HP, f_HP_Z, ...).
    std::vector<double> vec(const std::string& name, std::vector<double> def, bool required = false) const;
    double scalar(const std::string& name, double def, bool required = false) const;
    double positive(const std::string& name, double def, bool required = false) const;
    std::vector<double> nonnegative(const std::string& name, std::vector<double> def, bool required = false) const;
    /// An integer entry (a count, an index): a whole number in [lo, hi] (the com_config.hpp limits).
    int to_int(const std::string& name, double x, int lo, int hi) const;
    int integer(const std::string& name, double def, int lo, int hi, bool required = false) const;
    std::string text(const std::string& name, const std::string& def) const;
    const ComValue* matrix(const std::string& name, bool required) const;
};

/// Txpskew, Txnskew, Rxpskew, Rxnskew (ps in the file, seconds out, |skew| <= kComMaxSkewPs),
/// in that order; the reference read_ParamConfigFile names, default 0.
void read_port_skews(const ConfigReader& rd, double skew_s[4]);

/// The reference's read_p4_s4params skew (v4.20 and later): S_ab exp(j 2 pi f (tau_a + tau_b))
/// for every pair of single-ended ports, before the mixed-mode conversion. The reference's Sigfct
/// gives the ports of `port_order` (1-based, [first second third fourth]) the skews Txnskew,
/// Txpskew, Rxnskew, Rxpskew in that order: the first port, the + conductor of the
/// mixed-mode transform, takes the "n" skew. `skew_s` is {Txp, Txn, Rxp, Rxn} in seconds.
/// Does nothing when all four are zero.
void apply_port_skew(Network& n, const std::vector<int>& port_order, const double skew_s[4]);
/// True when any of the four skews is nonzero.
inline bool any_port_skew(const double skew_s[4]) {
    return skew_s[0] != 0 || skew_s[1] != 0 || skew_s[2] != 0 || skew_s[3] != 0;
}

/// h_J (93A-28) with LIMIT_JITTER_CONTRIB_TO_DFE_SPAN: (s(c + 1 + M n) - s(c - 1 + M n)) M / 2
/// for n = -1 .. N_b, c = cursor_i (1-based), s(i) = sample(i) for 1 <= i <= len. Samples outside
/// the pulse count as 0: the reference indexes outside it (an error there) only for a cursor in
/// the first UI or a pulse shorter than the DFE span.
template <class Sample>
RVec jitter_over_dfe_span(long cursor_i, int ndfe, int M, long len, const Sample& sample) {
    const auto at = [&](long i) { return i >= 1 && i <= len ? sample(i) : 0.0; };
    RVec hj;
    for (long n = -1; n <= ndfe; ++n) hj.push_back((at(cursor_i + 1 + M * n) - at(cursor_i - 1 + M * n)) / 2 * M);
    return hj;
}

/// MATLAB sign(): 1, -1 or 0 (the reference's tap quantization and DFE limits use it).
inline double sign(double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0); }

// ---- two-port S-parameter blocks (one value per frequency) --------------------------------
struct S2 {
    CVec s11, s12, s21, s22;
    void reserve(std::size_t n) {
        for (CVec* v : {&s11, &s12, &s21, &s22}) v->reserve(n);
    }
};
/// The reference's add_brd: channel `ch` (on f) between the host boards of `b` (Include PCB 1:
/// TX board, channel, RX board; 2: channel, RX board). Per board a shunt C_0 at the device, the
/// board line (93A-9..93A-14) and a shunt C_1 at the connector; the capacitors see f >= MATLAB
/// eps, the line the data's frequencies.
S2 add_host_boards(const ComHostBoards& b, const RVec& f, const S2& ch);
/// The host boards of the COM tables (Include PCB, board_Z_c, C_0, C_1, board_tl_*, R_0) with
/// the given transmitter- and receiver-side lengths (mm; z_bp (TX/RX/NEXT/FEXT) by channel type).
ComHostBoards host_boards(const ComParams& p, double len_tx_mm, double len_rx_mm);
/// Cascade of two 2-ports (combines4p; Pozar 4.4).
S2 cascade(const S2& a, const S2& b);
/// Shunt capacitor to ground in a line of reference zref (93A-8).
S2 shunt_c(const RVec& f, double c, double zref);
/// Series inductor (the 802.3ck/dj die "L_s" term, Healey's t-coil emulation).
S2 series_l(const RVec& f, double l, double zref);
/// Package transmission line of length d_mm (93A-9 .. 93A-14).
S2 tline(const RVec& f, double z_c, double z_0, const double gamma0_a1_a2[3], double tau_ns_mm,
         double d_mm);
/// One side's package as the reference's make_full_pkg lays it out, one entry per block: die
/// C_d ladder (plus L_s) and bump C_b, the package line segments z_p / Z_c, the via C_v and ball
/// C_p (one segment: C_p after it; four segments: C_v before the last, C_p after it); a C_d
/// ladder of k rungs adds k - 1 leading blocks of zero length.
struct PackageBlocks {
    RVec c_pad_f, l_comp_h, c_bump_f, c_ball_f, z_c_ohm, len_mm;
};
PackageBlocks package_blocks(const RVec& c_d_f, const RVec& l_s_h, double c_b_f, double c_p_f, double c_v_f,
                             const RVec& z_c_ohm, const RVec& z_p_mm);
/// The cascade of the blocks (reference make_pkg per block, 93A-8..93A-15): shunt C_pad, series
/// L_comp, shunt C_bump, the line, shunt C_ball. Frequencies below eps are raised to eps.
S2 package_cascade(const RVec& f, const PackageBlocks& b, double zref, const double gamma0_a1_a2[3],
                   double tau_ns_mm);

// ---- filters ------------------------------------------------------------------------------
/// 4th-order Butterworth receiver filter H_r (93A-20) with cut-off f_r*f_b.
CVec butterworth(const RVec& f, double f3db_hz);
/// Bessel-Thomson filter of order n with cut-off (reference Bessel_Thomson_Filter).
CVec bessel_thomson(const RVec& f, int order, double fcut_hz);
/// Raised-cosine (Tukey) window from fr to fb.
RVec tukey(const RVec& f, double fr, double fb);
/// CTLE in the time domain (93A-22 by the bilinear transform; reference TD_CTLE).
RVec td_ctle(const RVec& ir, double fb, double f_z, double f_p1, double f_p2, double g_dc_db,
             int oversampling);
/// Coefficients of td_ctle's biquad, y[n] = b0 x[n] + z1; z1 = b1 x + z2 - a1 y; z2 = b2 x - a2 y.
struct CtleBiquad {
    double b0 = 0, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};
CtleBiquad ctle_biquad(double fb, double f_z, double f_p1, double f_p2, double g_dc_db, int oversampling);
/// Two td_ctle stages in series in one pass (the CL120d/CL120e low-frequency stage after
/// 93A-22); bit-identical to td_ctle applied twice.
RVec td_ctle_cascade(const RVec& ir, const CtleBiquad& s1, const CtleBiquad& s2);
/// td_ctle_cascade of up to 4 inputs in lockstep (bit-identical per input); out[i] is resized.
void td_ctle_cascade_group(const std::vector<const RVec*>& in, std::vector<RVec*>& out, const CtleBiquad& s1,
                           const CtleBiquad& s2);
/// y = filter(ones(1,M), 1, x): running sum over M samples (pulse from impulse response).
RVec running_sum(const RVec& x, int m);
/// FFE by circular shifts (reference FFE): sum_i c_i circshift(v, (i - cmx) * m).
RVec ffe_circ(const RVec& c, int cmx, int m, const RVec& v);

// ---- numerics -------------------------------------------------------------------------------
/// MATLAB unwrap of phase angles (tolerance pi).
RVec unwrap(const RVec& ph);
/// interp1(x, y, xi, 'linear', 'extrap') for increasing x.
RVec interp_linear(const RVec& x, const RVec& y, const RVec& xi);
/// Least-squares line fit y ~ p0*x + p1 (polyfit(x, y, 1)); returns {p0, p1}.
std::pair<double, double> polyfit1(const RVec& x, const RVec& y);
/// Inverse DFT of a complex spectrum, real part (ifft).
RVec ifft_real(const CVec& spectrum);
/// real(ifft(X)) of the Hermitian spectrum X of even length n (n >= 4) given by its first
/// n/2 + 1 values: X = [real(half_0); half_1 .. half_{n/2-1}; real(half_{n/2}); conj(flip)].
/// Mixed-radix FFT (any length), plans cached per thread.
RVec ifft_hermitian(CVec half, std::size_t n);
/// Full linear convolution (conv2 of row vectors).
RVec convolve(const RVec& a, const RVec& b);

/// Reference interp_Sparam: transfer function on fout from data on fin with the named
/// magnitude/phase extrapolation policies. Throws std::runtime_error for an anti-causal phase.
CVec interp_sparam(const CVec& s, const RVec& fin, const RVec& fout, const std::string& mag_policy,
                   const std::string& phase_policy);

/// The reference's causality enforcement options (OP.ENFORCE_CAUSALITY, EC_REL_TOL,
/// EC_DIFF_TOL, EC_PULSE_TOL; configuration names `Enforce Causality`, `... REL_TOL`,
/// `... DIFF_TOL`, `... pulse start tolerance`).
using CausalitySpec = ComCausality;

/// Forward DFT of a real sequence of even length n >= 4: X_0 .. X_{n/2} (the other half is
/// their conjugate). Mixed-radix FFT (any length), plans cached per thread.
CVec fft_real_half(const RVec& x);

/// The reference's causality loop of s21_to_impulse_DC (alternating projections, Quatieri and
/// Oppenheim, IEEE Trans. ASSP-29(6), 1981): ir is the full-length (n = 2 (mag.size() - 1))
/// impulse response of the Hermitian spectrum whose magnitudes are mag (|X_0| .. |X_{n/2}|).
/// Repeatedly zeroes ir before and at the pulse start (the first sample above pulse_tol x the
/// peak of the first half, 0-based index s: samples 0 .. s) and from n/2 - 1 on, then imposes
/// mag with the phase of the zeroed response, until the relative change max|ir - ir'| / max(ir)
/// is below rel_tol or changes by less than diff_tol. Replaces ir by the last zeroed response
/// and returns causality_correction_dB = 20 log10(|ir_corrected - ir| / |ir_corrected|).
double enforce_causality(RVec& ir, const RVec& mag, const CausalitySpec& spec);

/// The length an impulse response keeps when truncated after its last sample above
/// threshold x max|ir| (the reference's find(abs(ir) > peak * threshold, 1, 'last')); 0 when none.
std::size_t truncation_end(const RVec& ir, double threshold);

/// Reference s21_to_impulse_DC: impulse response with time step dt of a transfer function
/// given on f (truncated after the last sample above threshold x peak). Returns the samples;
/// truncation_db reports the discarded energy. With causality.enforce the causality loop runs
/// first (enforce_causality) and causality_db receives its correction figure; without it the
/// loop is skipped (the reference runs it only to print the figure) and causality_db is untouched.
RVec s21_to_impulse(const CVec& h, const RVec& f, double dt, const std::string& mag_policy,
                    const std::string& phase_policy, double threshold, double* truncation_db,
                    const CausalitySpec& causality = {}, double* causality_db = nullptr);

// ---- PDFs (93A.1.7) -------------------------------------------------------------------------
/// A discrete PDF on the grid x_k = (min + k) * bin.
struct Pdf {
    double bin = 1e-5;
    long min = 0;   ///< bin number of y[0]
    RVec y;
    double x(std::size_t k) const { return static_cast<double>(min + static_cast<long>(k)) * bin; }
};
Pdf delta_pdf(double bin);
/// PDF of sum_k h_k X_k with X_k uniform on L levels in [-1, 1] (93A-39; reference
/// get_pdf_from_sampled_signal including its small-value handling and ordering).
Pdf pdf_from_samples(RVec h, int levels, double bin);
/// sqrt(sum x^2 y) of pdf_from_samples(h, levels, bin), computed from the rounded levels
/// without forming the PDF (the terms are independent with zero mean).
double pdf_from_samples_rms(const RVec& h, int levels, double bin);
/// Convolution of two PDFs with equal bins (reference conv_fct).
Pdf conv(const Pdf& a, const Pdf& b);
/// The same by direct sums only (conv_fct's conv2), never the FFT: every bin keeps its own
/// relative accuracy, where the FFT leaves round-off of ~1e-16 x the peak (clamped at 0) in the
/// tails. MLSE (com_mlse.hpp) reads the CDF down to 1e-20 and below.
Pdf conv_direct(const Pdf& a, const Pdf& b);
/// Truncated Gaussian of rms sigma over +-2 nsigma sigma (reference normal_dist).
Pdf normal_pdf(double sigma, double nsigma, double bin);
/// DFE error propagation of the reference's Burst_Probability_Calc (v4.30 to v4.50): from the
/// combined interference and noise PDF `total` (93A-45), the threshold
/// t = a_s / 10^((pass_threshold_db - margin_db) / 20) and the DFE taps (normalized to the
/// cursor), p[0] = P(x >= t) of `total` (1e-20 when t lies beyond the PDF) and for k = 1 ..
/// min(n_burst, n_dfe) - 1, p[k] = P(x >= t) of the PDF convolved with the two-sided PAM-L PDFs
/// of 2 a_s |tap| for the k largest taps (`simple`: the first PDF convolved once with the
/// largest tap's, the same for every k). Writes p and its cumulative products (p_burst).
void burst_probabilities(const Pdf& total, double a_s, const RVec& dfe_taps, int levels, double bin,
                         double pass_threshold_db, double margin_db, int n_burst, bool simple, RVec& p_error_propagation,
                         RVec& p_burst);

/// Appends "NAME: ..." for channel data COM (or ERL) computes with but that should be looked at
/// (ComResult::warnings): active data (the largest singular value of the differential block
/// [SDD11 SDD12; SDD21 SDD22] above 1.01: a passive channel stays at or below 1; the 1 % allows
/// for measurement noise), and data that end below f_b / 2, above which the interpolation
/// policies' trends stand in for the channel (as in the reference, which extrapolates silently).
/// sdd[i][j]: SDD_(i+1)(j+1) per frequency.
void channel_data_warnings(const std::string& name, const RVec& f, const CVec* const sdd[2][2], double fb_hz,
                           std::vector<std::string>& out);
/// Standard deviation about the mean (reference pdf2sgm).
double pdf_sigma(const Pdf& p);

// ---- C2M eye (IEEE 802.3ck Annex 120G; reference COM_eye_width, get_pdf_full) ----------------
/// Parameters of the C2M eye (the reference's param fields of the same names).
struct C2mSpec {
    int samples = 100;         ///< samples_for_C2M: resampling of the pulse (per UI)
    int samples_per_ui = 32;   ///< M of the pulse given
    double t_o_mui = 0;        ///< T_O: half width of the histogram window (mUI)
    std::string window = "rectangle";  ///< Histogram_Window_Weight
    double ql = 2.5;           ///< QL = T_O / sigma_r / 1000 (window sigma = T_O / QL)
    int levels = 4;            ///< L
    double r_lm = 1;           ///< R_LM
    double sigma_rj_ui = 0, a_dd_ui = 0, sigma_x = 1;
    double der0 = 1e-5;        ///< DER_0
    int ndfe = 0;              ///< N_b
    RVec bmax, bmin;           ///< DFE limits (x cursor)
    double dfe_delta = 0;      ///< N_b_step
};
/// Noise terms of the eye (Create_Noise_PDF's sigma_N, sigma_TX, crosstalk PDF, BBN PDF).
struct C2mNoise {
    double sigma_n = 0, sigma_tx = 0, ber_q = 0;
    Pdf cci, ne;
};
/// Result of COM_eye_width: eye contour per eye [e][sample] at DER_0 (V) over the UI resampled
/// at samples_for_C2M, eye widths (samples, per eye, full UI only) and the window eye edges.
struct C2mEye {
    std::vector<RVec> contour_top, contour_bottom;  ///< lower edge of level e+1, upper edge of level e
    std::vector<double> left_ew, right_ew;
    double eh_top = 0, eh_bottom = 0;              ///< out_VT, out_VB of the worst eye (T_O != 0)
};
/// get_center_of_UI: 1-based sample of the UI nearest to 0.5 UI.
int c2m_center_of_ui(int samples);
/// Histogram window weights over -T_O..T_O samples (gaussian, triangle, rectangle, dual_rayleigh).
RVec c2m_window_weights(const std::string& window, int t_o_samples, double ql);
/// pdf_to_cdf + cdf_to_ber_contour: {lowest x with CDF > der0, highest x with CDF > der0}.
std::pair<double, double> c2m_ber_contour(const Pdf& pdf, double der0);
/// COM_eye_width of the equalized thru pulse sampled at t_s (1-based, M per UI); window_only
/// computes the phases T_s +/- T_O only (the FOM search), else the full UI and eye widths.
C2mEye c2m_eye(const C2mSpec& spec, const RVec& eq_pulse, int t_s, double delta_y, const C2mNoise& noise,
               bool window_only);

}  // namespace racklink::sigint::com_detail
