#pragma once
/// Channel Operating Margin, COM = 20 log10(A_s / A_ni) (IEEE Std 802.3-2022 Annex 93A,
/// eq. 93A-1; Annex 178A for 802.3dj), computed the way the IEEE 802.3 COM reference code
/// (com_ieee8023_93a, MATLAB) computes it, step by step: package and die models (93A.1.2),
/// voltage transfer function with the transmitter transition-time and receiver filters
/// (93A-18, 93A-20, 93A-46), impulse response by inverse FFT of the extrapolated transfer
/// function, CTLE (93A-22, optionally with the low-frequency pole/zero pair of 120D/163A),
/// transmitter FFE, Mueller-Mueller sampling point (93A-25), figure of merit search (93A-36),
/// DFE (93A-27), ISI/crosstalk/noise/jitter PDFs (93A.1.7) and DER_0 (93A-37).
///
/// Units: SI inside (Hz, s, V, ohm, F, H, m) unless a name says otherwise (`_mv`, `_db`,
/// `_ghz`). Configuration values keep the IEEE spreadsheet units (see com_config.hpp).

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "sigint/com_causality.hpp"
#include "sigint/com_config.hpp"
#include "sigint/com_erl.hpp"
#include "sigint/network.hpp"

namespace racklink::sigint {

/// Resolved COM parameters (the reference's `param` and `OP` structures, SI units).
struct ComParams {
    // Signalling
    double fb_hz = 0;            ///< f_b
    double f_min_hz = 0;         ///< f_min (recommended lowest data frequency)
    double max_freq_step_hz = 0; ///< Delta_f
    double f1_hz = 0, f2_hz = 0; ///< f_1, f_2: FOM_ILD/ICN integration limits
    int levels = 2;              ///< L
    int samples_per_ui = 32;     ///< M
    double der0 = 1e-12;         ///< DER_0
    double r_lm = 1;             ///< R_LM
    double pass_threshold_db = 3;
    // Amplitudes and noise
    std::vector<double> a_thru, a_fext, a_next;  ///< A_v, A_fe, A_ne per package case (V)
    double a_icn_fext = 0, a_icn_next = 0;       ///< A_ft, A_nt (V)
    std::vector<double> snr_tx_db;               ///< SNR_TX per package case
    double sigma_rj_ui = 0, a_dd_ui = 0;         ///< sigma_RJ, A_DD
    double eta0_v2_per_ghz = 0;                  ///< eta_0
    double t_r_ns = 0.008;                       ///< T_r (20-80 %, ns)
    /// T_r_filter_type: 1 applies a transmitter edge filter H_t in s21_pkg (FORCE_TR = 1 sets it,
    /// with T_r_meas_point 0); with 0, H_t is applied only for IDEAL_TX_TERM (93A-46).
    int t_r_filter_type = 0;
    int t_r_meas_point = 0;                      ///< T_r_meas_point: 1 = fourth-order Bessel-Thomson H_t
    bool ideal_tx_term = false;                  ///< IDEAL_TX_TERM: no TX package, Gamma_tx = 0, H_t applied
    bool ideal_rx_term = false;                  ///< IDEAL_RX_TERM: no RX package, Gamma_rx = 0
    /// Txpskew, Txnskew, Rxpskew, Rxnskew (s): per-conductor skew, a phase exp(+j 2 pi f tau) on
    /// each single-ended port before the mixed-mode conversion (reference read_p4_s4params).
    double port_skew_s[4] = {0, 0, 0, 0};
    /// INCLUDE_TX_RX_FILTER: the receiver filters H_r enter the signal path (0: only the noise
    /// terms keep them, as in the reference's FD_Processing; the reference marks it "do not use").
    bool include_tx_rx_filter = true;
    /// PKG_Tx_FFE_preset: one row of TX FFE taps per package case (z_p select numbers), applied
    /// with the receiver filters as the frequency response sum_i c_i exp(-j 2 pi (i - i_max) f / f_b)
    /// (reference Tx_FFE_Filter; i_max the largest tap); empty = none (the default 0).
    std::vector<std::vector<double>> pkg_tx_ffe_preset;
    /// SNR_TXwC0: sigma_TX of 93A-30 divided by the chosen TX FFE cursor c(0) (reference option
    /// after Adee; not with the MMSE receiver FFE, whose transmitter noise is its own PSD).
    bool snr_tx_w_c0 = false;
    /// LIMIT_JITTER_CONTRIB_TO_DFE_SPAN: h_J (93A-28) from the N_b + 2 UI around the cursor
    /// (one before it to N_b after it) instead of the whole pulse.
    bool limit_jitter_to_dfe_span = false;
    /// DFE error propagation (reference v4.30+ Burst_Probability_Calc): `Max burst length
    /// calculated` (0 = off), `Use simple error propagation model`, `Error propagation COM margin` (dB).
    int max_burst_length = 0;
    bool simple_error_propagation = false;
    double error_propagation_margin_db = 0;
    // Receiver filters
    double f_r = 0.75;           ///< f_r (x f_b)
    bool butterworth = true;     ///< Butterworth
    bool bessel_thomson = false; ///< Bessel_Thomson
    int bt_order = 4;
    bool raised_cosine = false;
    double rc_start_hz = 0, rc_end_hz = 0;
    // CTLE
    std::string ctle_type = "CL93";           ///< CL93, CL120d (two stages), CL120e
    std::vector<double> g_dc_db;              ///< g_DC grid
    std::vector<double> f_z_hz, f_p1_hz, f_p2_hz;  ///< per g_DC entry
    std::vector<double> g_dc_hp_db;           ///< g_DC_HP grid (CL120d)
    std::vector<double> f_hp_hz;              ///< f_HP_PZ per g_DC_HP entry
    std::vector<double> f_hp_z_hz, f_hp_p_hz; ///< CL120e
    double gdc_min_db = 0;                    ///< GDC_MIN (0 = unused)
    std::vector<std::vector<double>> gqual;   ///< G_Qual rows [hi lo]
    std::vector<double> g2qual;               ///< G2_Qual
    // TX FFE: taps in order [c(-N) .. c(-1) c(1) .. c(N)] (each a value list), cursor min
    std::vector<std::vector<double>> txffe_taps;
    int txffe_num_pre = 0;
    double c0_min = 0;
    // DFE
    int ndfe = 0;
    std::vector<double> bmax, bmin;
    int n_tail_start = 0;
    double b_float_rss_max = 0;
    double dfe_delta = 0;
    int n_v = 0, d_p = 4;
    // Sampling
    std::vector<int> ts_sample_adj_range{0, 0};
    int ts_anchor = 0;
    int local_search = 0;
    /// TS_SRCH_MODE (reference v4.50, commit request 4p4_7 of healey_3dj_COM_01_240416): with
    /// `full-sweep` (default, true) every sample_adjustment offset is scored in ascending order;
    /// `middle` (false; v4.20-4.30 behaviour) starts at 0 and works outwards, skipping offsets
    /// `Local Search` or more from the best on each side.
    bool ts_full_sweep = true;
    std::string cdr = "MM";
    int exe_mode = 1;
    // Package / die (per side: 0 = TX, 1 = RX)
    double z0_ohm = 50;                       ///< R_0
    double r_d_ohm[2] = {50, 50};             ///< R_d
    std::vector<double> c_d_f[2];             ///< C_d ladder per side (F)
    std::vector<double> l_s_h[2];             ///< L_s ladder per side (H)
    double c_b_f[2] = {0, 0};                 ///< C_b
    double c_p_f[2] = {0, 0};                 ///< C_p
    double c_v_f[2] = {0, 0};                 ///< C_v
    std::vector<double> z_c_ohm[2];           ///< package_Z_c per side and segment
    std::vector<std::vector<double>> z_p_tx_mm, z_p_next_mm, z_p_fext_mm, z_p_rx_mm;  ///< [case][seg]
    double pkg_gamma0_a1_a2[3] = {0, 1.734e-3, 1.455e-4};
    double pkg_tau_ns_per_mm = 6.141e-3;
    std::vector<int> pkg_len_select{1};       ///< z_p select (1-based cases)
    double kappa1 = 1, kappa2 = 1;
    std::vector<int> port_order{1, 3, 2, 4};  ///< Port Order [tx+ tx- rx+ rx-]
    // Host boards (`Include PCB`; reference add_brd): a transmission line (93A-9..93A-14 with the
    // board_tl_* coefficients, IEEE 802.3 Table 92-12 host board) between a shunt C_0 at the
    // device side and a shunt C_1 at the connector side (802.3ck 162A cable assemblies), cascaded
    // with the measured channel before the packages: 1 = on both sides, 2 = receiver side only
    // (then the TX die is taken as matched, gamma_tx = 0). Defaults are the reference's.
    int include_pcb = 0;                                ///< Include PCB: 0, 1 or 2
    double brd_gamma0_a1_a2[3] = {0, 4.114e-4, 2.547e-4};  ///< board_tl_gamma0_a1_a2
    double brd_tau_ns_per_mm = 6.191e-3;                ///< board_tl_tau (ns/mm)
    double brd_z_c_ohm[2] = {109.8, 109.8};             ///< board_Z_c [TX RX] (ohm)
    double z_bp_tx_mm = 151, z_bp_next_mm = 72, z_bp_fext_mm = 72, z_bp_rx_mm = 151;  ///< z_bp (mm)
    double c_0_f[2] = {0, 0};                           ///< C_0 [TX RX], device side (F)
    double c_1_f[2] = {0, 0};                           ///< C_1 [TX RX], connector side (F)
    // Numerics
    double bin_size_v = 1e-5;                 ///< PDF bin size
    bool force_pdf_bin_size = false;
    double ir_truncation = 1e-3;              ///< Impulse response truncation threshold
    /// Optimize_loop_speed_up (reference optimize_fom, default 0): the equalizer search alone runs
    /// with PDF bin size 1e-4 V and impulse response truncation threshold 1e-3 (a local copy of
    /// OP); the chosen setting's COM keeps bin_size_v and ir_truncation. It coarsens the C2M eye
    /// PDFs of the search tenfold; elsewhere the search reads neither (docs/com.md).
    bool optimize_loop_speed_up = false;
    std::string interp_mag = "linear_trend_to_DC";
    std::string interp_phase = "extrap_cubic_to_dc_linear_to_inf";
    /// Enforce Causality: the impulse responses (s21_to_impulse_DC) made causal (com_causality.hpp).
    ComCausality causality;
    double noise_crest_factor = 0;
    double f_v = 4, f_f = 4, f_n = 4;         ///< ICN/FOM_ILD transition-rate corners (x f_b)
    bool include_ctle = true;
    /// TDMODE (reference OP.TDMODE, "use of pulse response instead of s-parameters"): the thru and
    /// aggressors are pulse responses (read_pulse_csv) taken as they are at the CTLE input, with
    /// no package, boards, filters or amplitude scaling (compute_com_pulses; docs/com.md).
    bool td_mode = false;
    // Receiver FFE (IEEE P802.3dj Annex 178A; reference read_ParamConfigFile names)
    int rxffe_pre = 0;                  ///< ffe_pre_tap_len (the reference's RxFFE_cmx)
    int rxffe_post = 0;                 ///< ffe_post_tap_len (RxFFE_cpx)
    double ffe_pre_tap1_max = 0.7;      ///< limit of the first precursor tap / main tap
    double ffe_post_tap1_max = 0.7;     ///< limit of the first postcursor tap / main tap
    double ffe_tapn_max = 0.7;          ///< limit of the other taps / main tap
    double ffe_main_cursor_min = 1;     ///< FV-LMS: smallest legal main tap (MMSE fixes it to 1)
    double ffe_tap_step_size = 0;       ///< FV-LMS: taps quantized toward zero to this step (0 = off; unused by MMSE)
    double ffe_backoff = 0;             ///< read only: the reference (4.20 .. 4.50) reads it and never uses it
    /// FFE_OPT_METHOD: MMSE (Annex 178A, the MMSE RxFFE/DFE of healey_3dj_01_2401) or FV-LMS (the
    /// reference's force: zero-forcing taps from a forcing vector, quantized, checked against the
    /// tap limits, scored by the 93A-36 figure of merit) or WIENER-HOPF (the reference's
    /// WIENER_HOPF_MMSE inside force: FFE + DFE Wiener solution of the pulse, colored-noise and
    /// crosstalk autocorrelations, then force's quantization and tap limits as FV-LMS). v4.20
    /// defaults to FV-LMS, later releases (4.50) to MMSE; RackLink defaults to MMSE.
    std::string ffe_opt_method = "MMSE";
    /// RXFFE FLOAT CTL: how the floating receiver-FFE banks are placed. FV-LMS / WIENER-HOPF: on the
    /// solved taps (`taps`) or on the forced pulse (any other value); MMSE: by findbankloc on the
    /// postcursors (`isi`) or, otherwise, bank by bank by the best MMSE figure of merit
    /// (FOM_rxffe_floating_taps). Default `fom` as the reference v4.50 (v4.20-4.30: `Taps`).
    std::string rxffe_float_ctl = "fom";
    bool rxffe_float_on_taps() const { return rxffe_float_ctl == "taps"; }
    bool rxffe_float_on_isi() const { return rxffe_float_ctl == "isi"; }
    /// RXFFE TAP CONSTRAINT (FV-LMS, WIENER-HOPF): `Unity Cursor` (true) divides the solved taps by
    /// the main tap; any other value keeps them as solved (the reference's `otherwise` branch).
    bool rxffe_unity_cursor = true;
    // WIENER-HOPF options (reference OP fields, read_ParamConfigFile defaults)
    bool wh_colored_noise = true;       ///< Do_Colored_Noise: receiver noise autocorrelation in the solve
    bool wh_white_noise = false;        ///< Do_White_Noise: keep only its lag 0
    bool wh_xt_noise = true;            ///< Do_XT_Noise: crosstalk autocorrelation in the solve
    double wh_ffe_snr_db = 1;           ///< FFE_SNR (dB): white noise when both noise terms are off
    int num_ui_rxff_noise = 2048;       ///< num_ui_RXFF_noise: UI of the noise PSDs (178A)
    /// True when a receiver FFE is configured (ffe_pre_tap_len or ffe_post_tap_len nonzero).
    bool rxffe() const { return rxffe_pre != 0 || rxffe_post != 0; }
    // Floating taps (802.3ck/dj; reference floatingDFE, findbankloc): N_bg banks of N_bf taps
    // anywhere in the span up to N_f (the reference's N_bmax), each |tap| <= bmaxg. They float
    // in the DFE without a receiver FFE (Floating_DFE), else in the RxFFE (Floating_RXFFE).
    int n_bg = 0;        ///< N_bg: number of floating banks (0 = none)
    int n_bf = 6;        ///< N_bf: taps per bank
    int n_bmax = 0;      ///< N_f: span of the floating taps in UI (defaults to N_b)
    double bmaxg = 0.2;  ///< bmaxg: limit of a floating tap
    bool floating_dfe() const { return n_bg > 0 && !rxffe(); }
    bool floating_rxffe() const { return n_bg > 0 && rxffe(); }
    // AC common-mode noise (802.3ck transmitter AC common-mode output; reference s21_pkg 'dc'
    // and get_sigma_eta_ACCM_noise, docs/com.md): a broadband common-mode source of rms
    // AC_CM_RMS at the transmitter, converted to differential by each channel's SDC21, adds
    // sigma_ACCM to sigma_N (93A-35).
    std::vector<double> ac_cm_rms_v;  ///< AC_CM_RMS per package case (V rms); empty = none
    double accm_max_freq_hz = 0;      ///< ACCM_MAX_Freq: upper end of the ACCM integration (Hz)
    /// True when AC common-mode noise is configured (the reference's sum(AC_CM_RMS) ~= 0).
    bool accm() const {
        double s = 0;
        for (double v : ac_cm_rms_v) s += v;
        return s != 0;
    }
    // Chip-to-module eye (IEEE 802.3ck Annex 120G / 120E; reference COM_eye_width): with
    // PMD_type C2M and T_O != 0 the eye height/VEO and VEC are taken from the histogram of the
    // sampling phases T_s +/- T_O (samples_for_C2M per UI), and with Min_VEO_Test != 0 the
    // equalizer search maximizes the eye (optimize_fom's do_C2M branch).
    std::string pmd_type = "C2C";   ///< PMD_type (or PHY): C2C, C2M; C2C with EH_min != 0 reads as C2Mcom
    double t_o_mui = 0;             ///< T_O (mUI; the older name T_h); forced to 0 unless PMD_type is C2M
    int samples_for_c2m = 100;      ///< samples_for_C2M (per UI) of the eye histograms
    std::string histogram_window = "rectangle";  ///< Histogram_Window_Weight: gaussian, triangle, rectangle, dual_rayleigh
    double sigma_r_ui = 0.02;       ///< sigma_r (UI) of the Gaussian window (the older name Qr)
    double ql = 0;                  ///< QL = T_O / sigma_r / 1000 unless given
    double eh_min_mv = 0;           ///< EH_min: minimum eye height (VEO) for a C2M pass
    double eh_max_mv = INFINITY;    ///< EH_max
    double min_veo_test_mv = 0;     ///< Min_VEO_Test (EH_min_test): eye-height floor of the C2M FOM search
    double vec_pass_threshold_db = 0;  ///< VEC Pass threshold
    bool eye_width = false;         ///< EW: eye contour and width (always with PMD_type C2M)
    /// True when the C2M eye (VEC, eye height over T_s +/- T_O) replaces COM's A_ni.
    bool c2m_eye() const { return t_o_mui != 0; }
    /// True when the equalizer search maximizes the C2M eye (do_C2M of optimize_fom).
    bool c2m_search() const { return t_o_mui != 0 && min_veo_test_mv != 0; }
    /// MLSE (802.3dj; reference OP.MLSE, v4.30 on, default 0): after the usual COM, adjust COM
    /// and VEC with an MLSE detector error ratio estimate (Shakiba, shakiba_3dj_01_230116):
    /// 1 = the reference's MLSE (DER of the MLSE from the PDF's CDF), 2 = MLSE_instu (a scaled
    /// PDF matched to that DER), 3 = MLSE_U1_c (v4.40 "U3": the error events' noise correlation
    /// from the slicer noise PSD; MMSE receiver FFE only). Needs N_b >= 1; changes only the final
    /// COM/VEC (docs/com.md).
    int mlse = 0;
    /// Receiver interference-tolerance calibration (reference OP.RX_CALIBRATION, com_ieee8023_93a
    /// v4.20 to v4.50; the 802.3 receiver interference tolerance tests, e.g. Annex 93C and
    /// 162.9.4.3): the second channel is the noise path of a broadband noise (BBN) source; its
    /// rms at the slicer, sigma_ne (93A-47, 93A-48), joins the figure of merit and the Gaussian
    /// noise PDF, and COM is recomputed with sigma_bn stepped and then bisected until the worst
    /// case lies within 0.1 dB of the pass threshold (docs/com.md, "Receiver calibration").
    bool rx_calibration = false;
    double sigma_bn_step_v = 5e-3;    ///< Sigma BBN step: first step of the sigma_bn search (V rms)
    /// f_hp: corner of the high-pass H_hp = (-j f/f_hp) / (1 + j f/f_hp) of a transmitter-side BBN
    /// (802.3ck eq. 162-12), in Hz as the reference reads it (no GHz scaling); 0 = no high-pass.
    double bbn_f_hp_hz = 0;
    bool force_bbn_q_factor = false;  ///< Force BBN Q factor: truncate the BBN PDF at bbn_q_factor sigmas
    double bbn_q_factor = 5;          ///< BBN Q factor (sigmas); otherwise the PDF spans the DER_0 Q factor
    /// Insertion-loss-noise diagnostics of the thru (reference COMPUTE_TDILN / COMPUTE_RILN,
    /// v4.50; COM unchanged): ComResult::fom_tdiln_db and fom_riln_db. COMPUTE_TDILN defaults
    /// to COMPUTE_RILN, as in the reference.
    bool compute_tdiln = false, compute_riln = false;

    /// Checks ranges; returns an empty string when valid, else what is wrong.
    std::string validate() const;
};

/// Resolves a parsed configuration into parameters (reference defaults where a name is
/// absent). Throws std::invalid_argument naming the parameter and the source line.
ComParams resolve_com_params(const ComConfig& config);

/// MLSE figures of one package case (reference MLSE_results and output_args.COM_orig,
/// VEC_dB_orig, delta_COM, delta_VEC; ComParams::mlse != 0 only). DER values are probabilities
/// per symbol; dB values are 20 log10 of amplitude ratios.
struct ComMlseResult {
    int option = 0;                 ///< MLSE option used (0 = none: the other fields are unset)
    /// False when A_s < A_ni: the reference then leaves COM unchanged ("more noise than signal")
    /// and the DER / SNR fields are empty (NaN here).
    bool applied = false;
    double alpha = 0;               ///< first DFE tap b(1) of the chosen equalizer (relative)
    double com_orig_db = 0;         ///< COM without MLSE (COM_orig; C2M: 20 log10(2 A_s / A_ni(eye)))
    double vec_orig_db = 0;         ///< VEC without MLSE (VEC_dB_orig)
    double delta_com_db = 0;        ///< delta COM (delta_com_CDF): COM = 20 log10(A_s/A_ni) + delta
    double delta_vec_db = 0;        ///< VEC - VEC_orig (delta_VEC)
    double delta_com_gaussian_db = 0;  ///< delta COM of the Gaussian path (delta_com_Gaussian)
    double der_mlse_cdf = NAN;      ///< DER of the MLSE from the PDF's CDF (DER_MLSE_CDF)
    double der_mlse_gaussian = NAN; ///< DER of the MLSE with Gaussian noise (DER_MLSE_Gaussian)
    double sigma_noise_v = 0;       ///< rms of the combined PDF, sqrt(sum x^2 p) (sigma_noise)
    double snr_dfe_db = NAN;        ///< 10 log10 SNR_DFE (MLSE = 1 and 3)
    double pdf_scale = NAN;         ///< scale of the matched PDF (MLSE = 2, PDF_scale)
};

/// Equalizer settings and figures of one package case.
struct ComCaseResult {
    int package_case = 1;      ///< entry of `z_p select`
    double com_db = 0;         ///< 20 log10(A_s/A_ni)
    double fom_db = 0;         ///< figure of merit of the chosen settings (93A-36)
    double as_mv = 0;          ///< available signal A_s
    double ani_mv = 0;         ///< noise and interference amplitude at DER_0
    double vec_db = 0;         ///< vertical eye closure, -20 log10((A_s-A_ni)/A_s); C2M: 20 log10(2 A_s / EH)
    double veo_mv = 0;         ///< vertical eye opening 2 (A_s - A_ni); C2M: the eye height EH
    // C2M eye (PMD_type C2M, T_O != 0; reference COM_eye_width), else zero / empty
    double eh_top_mv = 0, eh_bottom_mv = 0;   ///< worst eye's edges at DER_0 over T_s +/- T_O (EH = top - bottom)
    std::vector<double> ew_ui;                ///< eye width estimate per eye (EW_UI_est), with EW or C2M
    bool vec_pass = false, eh_pass = false;   ///< VEC <= VEC Pass threshold; EH_min <= EH <= EH_max
    double der_at_threshold = 0;   ///< DER at the COM pass threshold
    /// With `Max burst length calculated` = N > 0 (reference Burst_Probability_Calc, v4.30+):
    /// entry k (0-based) is the probability that the interference and noise, widened by the
    /// mis-corrections of the k largest DFE taps, exceed the error threshold
    /// A_s / 10^((COM pass threshold - Error propagation COM margin) / 20): the chance that a
    /// burst of k + 1 errors goes on; min(N, N_b) entries (at least 1). Empty without.
    std::vector<double> error_propagation_probability;
    /// Cumulative products of error_propagation_probability: probability of a burst of at least
    /// k + 1 errors (reference p_burst).
    std::vector<double> burst_probability;
    bool pass = false;             ///< com_db >= pass threshold (C2M: vec_pass && eh_pass; C2Mcom: all three)
    // Chosen equalizer
    double g_dc_db = 0, g_dc_hp_db = 0;
    int ctle_index = 0, g_dc_hp_index = 0;    ///< 1-based, as the reference reports
    std::vector<double> txffe;                ///< [c(-N) .. c(0) .. c(N)]
    std::vector<double> dfe_taps;             ///< normalized to the cursor
    std::vector<double> rxffe;                ///< receiver FFE taps [pre .. 1 .. post] (802.3dj), empty without
    std::vector<int> floating_taps;           ///< floating tap locations (reference indexing), N_bg > 0
    int t_s = 0;                              ///< sampling index (1-based, samples)
    // Figure-of-merit terms (V rms) of the chosen settings
    // (sigma_n_v includes the AC common-mode part sigma_accm_v, as the reference's sgm_N)
    double sigma_isi_v = 0, sigma_j_v = 0, sigma_xt_v = 0, sigma_n_v = 0, sigma_tx_v = 0;
    // AC common-mode noise (AC_CM_RMS; 0 without): the part of sigma_N of the chosen CTLE, the
    // rms at TP0 (TX package and Bessel-Thomson scope filter; reference sigma_ACCM_at_tp0) and
    // the rms of the thru's common-to-differential pulse at the RX package output (reference
    // sigma_AC_CCM_at_rxpkg_output, max over sampling phases of the pulse norm x sqrt(sigma_X))
    double sigma_accm_v = 0, accm_tp0_v = 0, accm_rxpkg_v = 0;
    // PDF widths (V rms) as the reference reports them (sgm_*)
    double sgm_isi_v = 0, sgm_xt_v = 0, sgm_isi_xt_v = 0, sgm_noise_v = 0, sgm_p_dd_v = 0,
           sgm_g_v = 0, sgm_rjit_v = 0, sgm_total_v = 0;
    double peak_isi_mv = 0, peak_xtalk_mv = 0;   ///< peak interference at DER_0
    /// With Enforce Causality: the reference's causality_correction_dB of each channel's impulse
    /// response in this package case, 20 log10(|h_causal - h| / |h_causal|) (dB), channels in
    /// input order (thru, FEXT..., NEXT...); empty when the option is off.
    std::vector<double> causality_correction_db;
    // Losses
    double vtf_loss_db = 0;          ///< VTF loss at f_b/2 (incl. packages and filters)
    double die_to_die_loss_db = 0;   ///< IL at f_b/2 including packages, no die terms
    // Plot data
    double dt_s = 0;                        ///< pulse sample spacing
    std::vector<double> pulse_uneq_v;       ///< unequalized pulse response (thru)
    std::vector<double> pulse_eq_v;         ///< equalized pulse response (thru)
    std::vector<double> pdf_x_v, pdf_y;     ///< combined interference and noise PDF
    /// With RX_CALIBRATION: the BBN rms at the slicer for the chosen CTLE, sigma_bn times the rms
    /// of |H_noise H_ctf H_r H_hp| from DC to f_b/2 (93A-47, 93A-48; V); 0 without.
    double sigma_ne_v = 0;
    /// With MLSE != 0: com_db and vec_db are the MLSE-adjusted figures (and pass follows them);
    /// the originals and the MLSE terms are here.
    ComMlseResult mlse;
};

enum class ComStatus { ok, equalization_failed, input_error };

/// One COM run of the receiver calibration loop.
struct ComRxCalibrationStep {
    double sigma_bn_v = 0;   ///< BBN rms at the noise-path input (V)
    double min_com_db = 0;   ///< worst-case COM over the package cases with that noise
};

/// Result of the receiver calibration loop (ComParams::rx_calibration; reference output
/// sigma_bn and its closing "Set calibration noise ... rms voltage" line).
struct ComRxCalibration {
    double sigma_bn_v = 0;   ///< calibrated BBN rms (V): the last step's sigma_bn
    /// With f_hp != 0 the reference reports sigma_HP = sigma_bn mean(|H_hp|^2) over DC .. f_b/2
    /// (its get_sigma_noise: a mean of the power gain, not its root) as the level to set (V).
    double sigma_hp_v = 0;
    /// True when the last COM lies within 0.1 dB of the pass threshold. False when COM without
    /// noise is already below the threshold (sigma_bn stays 0, as in the reference) or when the
    /// bisection stopped after kComRxCalMaxSteps runs (COM jumps across the window).
    bool converged = false;
    std::vector<ComRxCalibrationStep> steps;   ///< every run, in order (the first has sigma_bn 0)
};

/// Runs of the calibration loop before it gives up (the reference has no limit).
inline constexpr int kComRxCalMaxSteps = 60;

/// COM of one channel over every package case.
struct ComResult {
    ComStatus status = ComStatus::ok;
    std::string message;
    std::vector<ComCaseResult> cases;
    // Frequency-domain figures of the thru channel (package independent)
    double fom_ild_db = 0;         ///< FOM_ILD (93A-56)
    double il_nyquist_db = 0;      ///< channel IL at f_b/2
    double fitted_il_db = 0;       ///< fitted IL at f_b/2 (93A-55 fit)
    double icn_mv = 0, mdfext_icn_mv = 0, mdnext_icn_mv = 0;  ///< ICN (93A-57)
    /// With `Include PCB`: IL at f_b/2 of the channel with the host boards (the reference's
    /// loss_with_PCB; il_nyquist_db stays the channel alone, its cable__assembley_loss); else 0.
    double il_with_pcb_nyquist_db = 0;
    /// With COMPUTE_TDILN (reference get_ILN_cmp_td, v4.50; dB, as the reference's FOM_TDILN):
    /// 20 log10 of the fitted pulse at the thru pulse's peak over the time-domain ILN at DER_0,
    /// the ILN being the pulse of the complex IL fit (93A-55 form with phase) less the thru's
    /// pulse (docs/com.md); +infinity when the ILN stays below one PDF bin. Empty when off.
    std::optional<double> fom_tdiln_db;
    /// With COMPUTE_RILN (reference capture_RIL_RILN, v4.50; dB): the 93A-56 weighted rms over
    /// f_1..f_2 of RILN = IL(dB) - RIL(dB), RIL the reflectionless insertion loss (S21 under the
    /// simultaneous conjugate match). NaN (with a warning) when a frequency has no such match.
    std::optional<double> fom_riln_db;
    ComErlResult erl;              ///< ERL per side (com_erl.hpp), when configured (`ERL = 1`)
    /// With RX_CALIBRATION: the loop's outcome; `cases` are those of its last run.
    std::optional<ComRxCalibration> rx_calibration;
    /// "FILE: ..." for data COM computes with but that should be looked at: a channel whose SDD
    /// block has a singular value above 1.01 (not passive), data that end below f_b/2
    /// (extrapolated above).
    std::vector<std::string> warnings;
    double min_com_db() const;
    bool ok() const { return status == ComStatus::ok; }
};

/// COM of a thru channel with FEXT and NEXT aggressors (single-ended 4-port networks, port
/// order from the configuration). With ComParams::rx_calibration the one `fext` network is the
/// noise path of the calibration (as in the reference, which takes it as the only FEXT file)
/// and `next` must be empty. Never throws: a failed equalizer search gives status
/// equalization_failed; unusable data (not 4 ports, different frequency grids, too few points,
/// an anti-causal phase) give input_error with the reason in `message`.
ComResult compute_com(const ComParams& params, const Network& thru,
                      const std::vector<Network>& fext, const std::vector<Network>& next);

/// A pulse response for TDMODE: voltage samples (V) at spacing dt_s, as read from a CSV file.
struct PulseResponse {
    std::string name;  ///< the file, for messages
    double dt_s = 0;   ///< sample spacing (s): the file's second time minus its first
    std::vector<double> t_s, v;  ///< the file's time (s) and voltage (V) columns
};

/// Reads a pulse-response CSV file (reference read_PR_files, MATLAB `load`): one sample per line,
/// time (s) then voltage (V), separated by commas, semicolons or blanks; further columns are
/// ignored; blank lines and lines starting with `%`, `#` or `!` are skipped. Throws
/// std::invalid_argument "FILE:LINE: ..." for anything else, fewer than 3 samples or times that
/// do not increase.
PulseResponse read_pulse_csv(const std::string& path);

/// COM with TDMODE: the thru and aggressors are pulse responses at the CTLE input (reference
/// TDMODE: get_TD_files, read_PR_files, TD_FD_fillin; the pulse is prefixed by 3 UI of zeros,
/// the CTLE is applied to the pulse in the search and to its step-difference impulse at COM
/// time). The sample spacing must be 1/(M f_b). Crosstalk is refused (input_error): the
/// reference's TD path has no working crosstalk. Never throws, as compute_com.
ComResult compute_com_pulses(const ComParams& params, const PulseResponse& thru,
                             const std::vector<PulseResponse>& fext, const std::vector<PulseResponse>& next);

/// Reads the Touchstone files (TDMODE: the pulse CSV files) and calls compute_com
/// (compute_com_pulses). Throws on unreadable input files.
ComResult compute_com_files(const ComParams& params, const std::string& thru_path,
                            const std::vector<std::string>& fext_paths,
                            const std::vector<std::string>& next_paths);

}  // namespace racklink::sigint
