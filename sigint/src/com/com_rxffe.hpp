#pragma once
// Receiver FFE of the 802.3dj COM (IEEE P802.3dj Annex 178A): the MMSE optimisation of the
// RxFFE and DFE taps from the noise power spectral densities (178A.1.6, eq. 178A-15 to
// 178A-17 and the MMSE equalizer of healey_3dj_01_2401 that the annex adopts), mirroring the
// functions get_PSDs, S_RN and MMSE of the IEEE COM reference code (com_ieee8023_93a, 4.x
// releases), and the reference's FV-LMS method (force, RXFFE_Illegal: forcing-vector taps scored
// by the 93A-36 figure of merit), so that results agree sample for sample. Vectors are 0-based; comments give the
// reference's 1-based formulas.
#include <vector>

#include "com_detail.hpp"
#include "sigint/com.hpp"

namespace racklink::sigint::com_detail {

/// What the PSD and MMSE computations need (the reference's `param` fields).
/// Floating receiver-FFE tap banks (802.3dj; reference N_bg, N_bf, N_f, N_tail_start, bmaxg),
/// shared by the MMSE and FV-LMS methods.
struct RxFfeBanks {
    int n_bg = 0, n_bf = 6, n_bmax = 0, n_tail_start = 0;  ///< floating RxFFE taps (N_bg, N_bf, N_f, N_tail_start)
    double bmaxg = 0.2;        ///< floating tap limit
};

struct MmseSpec : RxFfeBanks {
    int cmx = 0, cpx = 0;      ///< RxFFE_cmx (ffe_pre_tap_len), RxFFE_cpx (ffe_post_tap_len)
    int ndfe = 0;              ///< N_b
    int levels = 4;            ///< L
    int M = 32;                ///< samples per UI
    int num_ui = 2048;         ///< num_ui_RXFF_noise
    double fb_hz = 0;          ///< f_b
    double r_lm = 1;           ///< R_LM
    RVec bmax, bmin;           ///< DFE tap limits
    double pre1_max = 0.7, post1_max = 0.7, tapn_max = 0.7;  ///< ffe_pre_tap1_max, ...
    double snr_tx_db = 33;     ///< SNR_TX of the package case
    double a_dd_ui = 0, sigma_rj_ui = 0;
    bool limit_jitter_to_dfe_span = false;  ///< LIMIT_JITTER_CONTRIB_TO_DFE_SPAN (psd_jn's h_J)
    bool float_by_isi = false;  ///< RXFFE FLOAT CTL = ISI: floating banks by findbankloc, else by FOM
    /// cos(2 pi k n / num_ui) for k < Nw, n < num_ui (R_n from S_n); filled by prepare().
    RVec cos_table;
    void prepare();
};

/// S_rn: receiver noise PSD folded to the symbol rate (get_PSDs with WO_TXFFE, S_RN;
/// eq. 178A-15): eta_0/2 |H_ctf H_r|^2 on (0 .. num_ui M/2) f_b/num_ui, aliased over M.
/// The CTLE poles/zeros are those of the first g_DC entry (as the reference uses
/// CTLE_fz(1), CTLE_fp1(1), CTLE_fp2(1), f_HP(1)). V^2/Hz, length num_ui.
RVec psd_rn(const MmseSpec& s, double f_z, double f_p1, double f_p2, double f_hp, double g_dc_db,
            double g_dc_hp_db, double f_r, double eta0_v2_per_ghz);

/// S_tn: transmitter noise PSD (eq. 178A-17) from the thru CTLE pulse response (no TX FFE;
/// running_sum of the CTLE impulse response), sampled at the phase of cursor_i (1-based).
/// Sets *tn_rms = sqrt(sum S_tn delta_f).
RVec psd_tn(const MmseSpec& s, const RVec& thru_ctle_pulse, long cursor_i, double* tn_rms);

/// S_jn: jitter noise PSD (eq. 178A-17 / 93A-28) from the pulse h (TX FFE applied).
RVec psd_jn(const MmseSpec& s, const RVec& h, long cursor_i);

/// S_xn: crosstalk PSD (eq. 178A-16): for each aggressor the CTLE pulse (TX FFE applied to
/// FEXT, circularly over num_ui UI, cursor = largest tap), sampled at its largest-norm phase.
/// iphase receives the 1-based phase per aggressor (in the order given).
RVec psd_xn(const MmseSpec& s, const std::vector<const RVec*>& aggr_ctle_imp,
            const std::vector<bool>& aggr_is_next, const RVec& txffe, std::vector<int>* iphase);

/// The crosstalk part of the noise autocorrelation (R_n of S_xn, psd_xn) for one CTLE
/// setting: per aggressor its CTLE pulse over num_ui UI, decimated by phase, with the circular
/// autocorrelations A_p(t) = sum_j d_p[j] d_p[j+t] that give the norm of every phase for any
/// TX FFE (|h_p|^2 = sum_k,l c_k c_l A_p(k-l)). NEXT aggressors (no TX FFE) are done once.
class XtalkNoise {
public:
    XtalkNoise(const MmseSpec& s, const std::vector<const RVec*>& aggr_ctle_imp, const std::vector<bool>& is_next,
               int ntx);
    /// R_n(k) of S_xn for the TX FFE txffe (k < autocorr_lags), and the chosen phases (1-based).
    RVec autocorr(const RVec& txffe, std::vector<int>* iphase) const;

private:
    struct Aggr {
        std::vector<RVec> dec;  // dec[p][j] = pulse[p + j M]
        std::vector<RVec> acf;  // acf[p][t], t = 0 .. ntx-1
        bool next = false;
        RVec next_rn;           // NEXT: the finished R_n part
        int next_phase = 1;
    };
    const MmseSpec& s_;
    std::vector<Aggr> aggr_;
    RVec phase_rn(const RVec& seq) const;
};

/// Floating tap bank locations (reference findbankloc; 802.3ck/dj floating DFE and RxFFE
/// taps): N_bg banks of tap_bk consecutive taps among hisi(idx_st .. idx_en) (1-based),
/// chosen by the energy each bank could remove with |tap| <= bmaxg x curval. Returns the
/// 1-based locations in hisi, unsorted (bank order), as the reference does.
std::vector<int> findbankloc(const RVec& hisi, int idx_st, int idx_en, int tap_bk, double curval, double bmaxg,
                             int n_bg);

/// Result of the MMSE equalizer.
struct MmseResult {
    RVec c;           ///< RxFFE taps normalized to the main tap, [pre .. main .. post (.. floating)]
    std::vector<int> floating;  ///< floating tap locations (sorted, reference idx), N_bg > 0
    double sigma_e = 0;  ///< rms error at the slicer, sqrt(sigma_X^2 MSE) (the reference v4.50's sigma_e)
    double fom_db = 0;   ///< 20 log10(R_LM / (L-1) / sigma_e)
};

/// MMSE RxFFE + DFE taps for the pulse sbr (TX FFE and CTLE applied) at cursor_i (1-based)
/// and the total noise PSD s_n, as the reference v4.50 (MMSE, MMSE_FOM; floating banks when
/// s.n_bg > 0, placed by FOM_rxffe_floating_taps or, with float_by_isi, findbankloc): h sampled
/// from the cursor's phase, the DFE then the tap limits applied once (no second solve), and
/// FOM = 20 log10(R_LM / (L-1) / sigma_e) with sigma_e = sqrt(sigma_X^2 MSE).
MmseResult mmse(const MmseSpec& s, const RVec& s_n, const RVec& sbr, long cursor_i);
/// The same from the noise autocorrelation rn (lags 0 .. autocorr_lags()-1) instead of S_n.
MmseResult mmse_rn(const MmseSpec& s, const RVec& rn, const RVec& sbr, long cursor_i);
/// Number of autocorrelation lags mmse_rn reads.
int autocorr_lags(const MmseSpec& s);
/// R_n(k) = f_b ifft(S_n)(k), k < autocorr_lags(s) (S_n conjugate symmetric, so real).
RVec noise_autocorr(const MmseSpec& s, const RVec& s_n);
/// R_n of the jitter PSD S_jn (psd_jn) without forming it: sigma_X^2 (A_DD^2 + sigma_RJ^2)
/// times the circular autocorrelation of h_J over num_ui UI (DFT Wiener-Khinchin identity).
RVec jitter_autocorr(const MmseSpec& s, const RVec& h, long cursor_i);

/// One TX FFE / CTLE / sampling-point candidate equalized by the MMSE RxFFE and scored, the
/// MMSE branch of the reference's optimize_fom: RxFFE applied to the pulse (FFE), A_s from the
/// equalized cursor (93A.1.6 c), DFE taps clipped to b_max/b_min with the N_tail_start RSS rule
/// (93A-27), h_J (93A-28) of the equalized pulse. The figure of merit is the MMSE one.
struct RxffeEval {
    MmseResult mmse;
    double a_s = 0, a_p = 0;
    RVec dfetaps, bmax, bmin, h_j;
    double tail_rss = 0;
    RVec excess;                                    ///< DFE cursors minus the applied taps
    double sigma_isi = 0, sigma_j = 0, isi_n = 0;  ///< 93A-31, 93A-32 terms (reported only)
};
/// The figure of merit, A_s and the DFE taps (what the search compares); rn is the noise
/// autocorrelation (noise_autocorr of S_n = S_rn + S_tn + S_xn + S_jn).
RxffeEval evaluate_rxffe(const ComParams& p, const MmseSpec& s, const RVec& sbr, long cursor_i, long peak_i,
                         const RVec& rn);
/// Completes ev for a candidate that becomes the best: h_J (93A-28, used by the COM noise PDFs)
/// and the 93A-31/93A-32 terms.
void rxffe_details(const ComParams& p, const MmseSpec& s, const RVec& sbr, long cursor_i, RxffeEval& ev);

// ---- FV-LMS (forcing vector) receiver FFE ----------------------------------------------------

/// What the FV-LMS receiver FFE needs (the reference's `param` / `OP` fields read by force and
/// RXFFE_Illegal).
/// Floating RxFFE banks (RxFfeBanks, N_bg > 0): the solve then spans N_f (n_bmax) taps after the
/// main tap, of which N_bg banks of N_bf taps past the fixed ones are kept (findbankloc).
struct FvLmsSpec : RxFfeBanks {
    int cmx = 0, cpx = 0;        ///< RxFFE_cmx (ffe_pre_tap_len), RxFFE_cpx (ffe_post_tap_len)
    bool force_post1 = false;    ///< N_b != 0: the first postcursor is forced to min(b_max(1) h0, |h1|)
    double bmax1 = 0;            ///< b_max(1)
    double step = 0;             ///< ffe_tap_step_size (0 = unquantized)
    double main_min = 1;         ///< ffe_main_cursor_min
    double pre1_max = 0.7, post1_max = 0.7, tapn_max = 0.7;  ///< ffe_pre_tap1_max, ...
    bool float_on_taps = true;   ///< RXFFE FLOAT CTL: Taps (true) or ISI (banks placed on the pulse)
    bool unity_cursor = true;    ///< RXFFE TAP CONSTRAINT: Unity Cursor (true) or the taps as solved
    // WIENER-HOPF (the reference's WIENER_HOPF_MMSE inside force)
    bool wiener_hopf = false;    ///< FFE_OPT_METHOD = WIENER-HOPF instead of the forcing vector
    int ndfe = 0;                ///< N_b: DFE taps solved jointly with the FFE
    bool white_snr = false;      ///< neither Do_Colored_Noise nor Do_XT_Noise: add white noise at FFE_SNR
    double ffe_snr_db = 1;       ///< FFE_SNR (dB below the largest pulse sample)
    /// Taps solved after the main tap (the reference's local cpx: N_f with floating banks).
    int solved_post() const { return n_bg != 0 ? n_bmax : cpx; }
    int num_taps() const { return cmx + solved_post() + 1; }
};

/// The FV-LMS receiver FFE of the IEEE COM reference (force with FFE_OPT_METHOD other than MMSE,
/// com_ieee8023_93a 4.x; the RxFFE of IEEE P802.3dj Annex 178A): the taps c that force the
/// symbol-spaced equalized pulse at the cmx precursor and the post-cursor positions to zero,
/// the main cursor to h(t_s) and, with a DFE, the first postcursor to min(b_max(1) h(t_s),
/// |h(t_s + T)|) sign(h(t_s + T)), i.e. the square Toeplitz system
///     sum_j c_j h(t_s + (i - j) T) = FV_i,  i, j = -cmx .. cpx,
/// solved by LU with partial pivoting (the reference's VV' \ FV'); then normalized to a unit
/// main tap (RXFFE TAP CONSTRAINT = Unity Cursor), quantized toward zero to
/// ffe_tap_step_size, and checked against ffe_main_cursor_min and the tap limits
/// (RXFFE_Illegal). The workspace is allocated once; solve() does not allocate.
class FvLms {
public:
    explicit FvLms(const FvLmsSpec& s);
    /// Taps for the pulse sbr (1-based cursor_i; the pulse is read at cursor_i + m M, zero
    /// outside it). Returns false when RXFFE_Illegal rejects them (the search skips the
    /// candidate); c() holds the taps either way.
    bool solve(const RVec& sbr, long cursor_i, int M);
    /// The same from the symbol-spaced samples h[m + n - 1] = h(t_s + m T), m = -(n-1) .. n-1
    /// (n = num_taps(); the caller reads them, zero outside the pulse).
    bool solve_samples(const double* h);
    /// Buffer of 2 num_taps() - 1 samples for solve_samples.
    double* samples() { return h_.data(); }
    /// WIENER-HOPF (spec().wiener_hopf): the taps of WIENER_HOPF_MMSE for the symbol-spaced
    /// pulse vs (the reference's vsampled: num_taps() zeros, every pulse sample at the cursor
    /// phase, solved_post() zeros), ivs the 0-based index of the cursor in it, and rn the noise
    /// autocorrelation R_n + R_xt (lags 0 .. num_taps()-1, wh_noise_xc / wh_xt_autocorr; empty
    /// when neither noise term is on). Then force's floating banks, tap constraint, quantization
    /// and RXFFE_Illegal as solve_samples. Returns false when the taps are illegal.
    bool solve_wh(const RVec& vs, long ivs, const RVec& rn);
    /// Taps [c(-cmx) .. 1 .. c(cpx)] (with floating banks: .. c(N_f), zero off the banks).
    const RVec& c() const { return c_; }
    /// Floating tap locations (sorted, the reference's idx), with floating banks.
    const std::vector<int>& floating() const { return floating_; }
    const FvLmsSpec& spec() const { return s_; }

private:
    FvLmsSpec s_;
    int n_ = 0;
    RVec h_;      // h(t_s + m T), m = -(n-1) .. n-1
    RVec a_;      // n x n system (row-major), LU in place
    RVec c_;      // right-hand side, then the taps
    RVec raw_;    // unquantized taps (floating banks keep their values)
    std::vector<int> piv_;
    std::vector<int> floating_;
    bool illegal() const;
    bool finish(const double* hs);  // floating banks, tap constraint, quantization, legality
};

/// WIENER-HOPF receiver noise autocorrelation (the reference's Noise_XC, optimize_fom, "Bill
/// Kirkland"): eta_0 f_xc(end) / 1e9 times the real inverse DFT (length 2 N, conjugate-symmetric,
/// the N+1-th bin zero) of |H_r H_ctf|^2 on f_xc = k f_b M / (2 N), k < N, taken every M
/// samples from 0 (lags of one UI). h_rx_ctle_xc: H_r H_ctf on f_xc (N entries, N = 512 in the
/// reference). white (Do_White_Noise): lag 0 only. V^2.
RVec wh_noise_xc(const CVec& h_rx_ctle_xc, double eta0_v2_per_ghz, double f_last_hz, int M, bool white);

/// WIENER-HOPF crosstalk autocorrelation of one aggressor (WIENER_HOPF_MMSE, Do_XT_Noise): its CTLE
/// impulse response, for FEXT through the TX FFE txffe (FFE with the receiver's cmx as the cursor,
/// as the reference calls it), summed over a UI (filter(ones(M,1), 1, .)); the sampling phase of
/// largest norm; its autocorrelation at lags 0 .. n-1 times sigma_X^2 = (L^2-1) / (3 (L-1)^2),
/// added to acc (n entries).
void wh_xt_autocorr(const RVec& ctle_imp, bool fext, const RVec& txffe, int rx_cmx, int M, int levels, RVec& acc);

/// sigma_N^2 / eta_0 with the FV-LMS receiver FFE (the reference's optimize_fom, FV-LMS branch):
/// sum_k |H_r H_ctf H_RxFFE|^2 (f_k - f_k-1) / 1e9 with H_RxFFE(f) = sum_i c_i e^{-j 2 pi (i+1) f / f_b},
/// formed from w(d) = sum_k |H_r H_ctf|^2 cos(2 pi d f_k / f_b) df_k / 1e9 (rx_noise_weights,
/// once per CTLE) and the tap autocorrelation r(d) = sum_i c_i c_(i+d): sum_d (2 - [d = 0]) r(d) w(d).
/// Only the first nr taps (the fixed ones) enter, as in the reference.
double rxffe_noise_gain(const RVec& c, int nr, const RVec& w);
/// w(d), d < nr, for rxffe_noise_gain: cos_table[d * nf + k] = cos(2 pi d f_k / f_b).
void rx_noise_weights(const CVec& hr_hctf, const RVec& f, const RVec& cos_table, int nr, RVec& w);
/// |H_RxFFE(f_k)|, k < n (the reference's PWF_rx weighting of the crosstalk, get_xtlk_noise
/// with C), from the tap autocorrelation and cos_table; out has n entries.
void rxffe_magnitude(const RVec& c, int nr, const RVec& cos_table, std::size_t nf, std::size_t n, RVec& out);

}  // namespace racklink::sigint::com_detail
