#pragma once
/// Effective return loss (ERL) of a channel, IEEE Std 802.3-2022 Annex 93A.5 (pulse time-domain
/// reflectometry, PTDR) as used by IEEE 802.3cd/ck (e.g. 162.9.3.5, 163.10.3), computed the way
/// the IEEE 802.3 COM reference code (com_ieee8023_93a v4.20, get_TDR) computes it:
///   1. reflection Gamma(f) of the differential port seen from a 2 Z_t source with the far port
///      terminated in 2 Z_t (renormalization of the 100 ohm S-parameters, two-port form);
///   2. Gaussian TDR edge of 20-80 % time TR_TDR (93A-46 form), 500 ps pre-delay and 3 TR_TDR
///      causality delay, 4th-order Butterworth receiver filter (f_r f_b, 93A-20) and optional
///      Tukey window from f_r f_b to f_b;
///   3. impulse response by inverse FFT (as the COM impulse response), cut at N UI + T_fx;
///   4. pulse response = running sum over one UI (PTDR, 93A-58), weighted by
///      G_loss G_rr (93A-59..93A-61: beta_x, rho_x, N_bx, T_fx gating);
///   5. for each of the M sampling phases the UI-spaced samples; the phase with the largest
///      norm (ERL_FOM = 1) or the largest BER-quantile (ERL_FOM = 0) is kept; its amplitude
///      PDF (93A-39 with L levels) gives the reflection R_eff at DER_0 and
///      ERL = -20 log10(R_eff) (93A-62).
///
/// Options of the reference (v4.30 process_sxp / TDR_ERL_Processing, public copy) also covered:
///   - TDR_W_TXPKG = 1: the TX package of the COM tables (make_full_pkg 'TX' 'THRU', first
///     `z_p select` case; 93A-8..93A-15 blocks) is cascaded in front of the channel, then the
///     die termination (R_d, as a series or shunt resistor against 100 ohm); the TDR of port 2
///     looks through channel and package into the terminated die. Only port 2's ERL is rated
///     (the reference reports ERL = [NaN ERL22]); port 1 keeps its impedance estimate.
///   - ERL = 2 ("package ERL" in the reference): the reference then asks for a differential
///     return-loss measurement (.s2p) instead of a thru; the computation is that of ERL = 1. A
///     2-port Touchstone (one differential port, SDD11 = (S11 - S12 - S21 + S22)/2) is accepted
///     for any ERL setting and rates port 1 only. ERL = 2 with TDR_W_TXPKG = 1 is an error in the
///     reference and here.
///
///   - AUTO_TFX = 1 (v4.50 process_sxp): port 2's fixture delay is estimated as twice the time
///     of the peak of the thru's raw impulse response (SDD12 of the channel without boards or
///     package, times a 4th-order Butterworth at 0.75 f_b, s21_to_impulse_DC with the COM
///     interpolation policies and truncation threshold); port 1 keeps `fixture delay time`.
///   - N = 0 (v4.50 get_TDR): the reflection gate is TDR_duration (default 5) times the time of
///     the peak of the raw impulse response of the TDR's SDD21 (same filter; TDR interpolation
///     and threshold 1e-5), plus the 500 ps pre-delay, at most the length of that response.
///     The reference warns that N must not be zero for a 2-port; that is an error here.
///   - Z_t with several values: the TDR and ERL are computed for each (ComErlSide::z_t_sweep);
///     the reference's reported ERL and port impedance are those of the first value (its
///     TDR_ERL_Processing reads TDR11.ERL of a struct array, which yields the first element).
///   - SHOW_BRD = 1: the TDR sees the channel with the host boards of `Include PCB` (add_brd:
///     C_0, board line, C_1 per side; Include PCB = 2 the receiver side only). Without boards
///     (Include PCB = 0) it changes nothing. AUTO_TFX and port 1 with TDR_W_TXPKG still look at
///     the channel without boards, as in the reference.
///
/// Not supported (an error): a missing `fixture delay time`. The reference's default -1 is a
/// marker for an interactive fixture prompt (ERL = 2, ERL_ONLY = 1) that it never uses to
/// gate; otherwise it gates at T_fx = -1 s, which leaves a one-sample TDR before t = 0 and no
/// meaningful ERL (NaN or an arbitrary value).
///
/// Units: SI (s, Hz, ohm); ERL and ERL_RMS in dB.

#include <limits>
#include <string>
#include <vector>

#include "sigint/com_causality.hpp"
#include "sigint/com_config.hpp"
#include "sigint/network.hpp"

namespace racklink::sigint {

/// The TX package added to the TDR with TDR_W_TXPKG = 1 (values of the COM tables, TX side, the
/// THRU lengths of the first `z_p select` case), as the reference's make_full_pkg builds it:
/// per block a shunt C_d (93A-8), series L_s, shunt C_b, the package line (93A-9..93A-14) and a
/// shunt C_p (C_v before the last of four segments), cascaded as 93A-15.
struct ComErlTxPackage {
    std::vector<double> c_d_f{0};  ///< C_d ladder (F)
    std::vector<double> l_s_h{0};  ///< L_s ladder (H)
    double c_b_f = 0;              ///< C_b (F)
    double c_p_f = 0;              ///< C_p (F)
    double c_v_f = 0;              ///< C_v (F), used with four package segments
    std::vector<double> z_c_ohm{78.2};  ///< package_Z_c per segment (ohm)
    std::vector<double> z_p_mm{0};      ///< z_p (TX) per segment (mm)
    double gamma0_a1_a2[3] = {0, 1.734e-3, 1.455e-4};  ///< package_tl_gamma0_a1_a2
    double tau_ns_per_mm = 6.141e-3;                   ///< package_tl_tau
    double z0_ohm = 50;            ///< R_0: single-ended reference of the package blocks
    double r_d_ohm = 50;           ///< R_d (TX): die termination, single-ended
};

/// Host boards around a channel (reference add_brd, Include PCB; IEEE 802.3 Table 92-12 board:
/// a 93A-9..93A-14 line between shunt capacitors; values of the COM tables, com.hpp ComParams).
/// COM adds them to every channel, ERL to the thru's TDR with SHOW_BRD = 1.
struct ComHostBoards {
    int include_pcb = 0;               ///< `Include PCB`: 0 none, 1 both sides, 2 receiver side only
    double z_c_ohm[2] = {109.8, 109.8};  ///< board_Z_c [TX RX] (ohm)
    double len_mm[2] = {151, 151};     ///< z_bp (TX), z_bp (RX) (mm)
    double c_0_f[2] = {0, 0};          ///< C_0 [TX RX], device side (F)
    double c_1_f[2] = {0, 0};          ///< C_1 [TX RX], connector side (F)
    double gamma0_a1_a2[3] = {0, 4.114e-4, 2.547e-4};  ///< board_tl_gamma0_a1_a2
    double tau_ns_per_mm = 6.191e-3;   ///< board_tl_tau
    double z0_ohm = 50;                ///< R_0
};

/// ERL parameters (names of the IEEE COM configuration spreadsheets, resolved to SI).
struct ComErlParams {
    bool enabled = false;          ///< `ERL` (also enables the PTDR)
    int erl_mode = 0;              ///< the value of `ERL`: 0 off, 1 ERL, 2 package ERL (same computation)
    bool tdr_w_txpkg = false;      ///< `TDR_W_TXPKG`: TX package in the TDR (port 2 rated only)
    ComErlTxPackage tx_pkg;        ///< the package, with tdr_w_txpkg
    bool erl_only = false;         ///< `ERL_ONLY`: skip COM
    double pass_threshold_db = 0;  ///< `ERL Pass threshold` (dB; 0 = none given, no verdict)
    // Signalling (shared with COM)
    double fb_hz = 0;              ///< f_b
    int samples_per_ui = 32;       ///< M
    int levels = 2;                ///< L
    double der0 = 1e-12;           ///< DER_0
    double f_r = 0.75;             ///< f_r (x f_b), receiver filter and Tukey start
    std::vector<int> port_order{1, 3, 2, 4};
    /// Txpskew, Txnskew, Rxpskew, Rxnskew (s): applied to a 4-port thru before the mixed-mode
    /// conversion, as for COM (reference read_p4_s4params; ComParams::port_skew_s).
    double port_skew_s[4] = {0, 0, 0, 0};
    double bin_size_v = 1e-5;      ///< PDF bin size (ERL uses 10x, as the reference)
    // TDR / ERL
    double tr_tdr_s = 8e-12;       ///< TR_TDR: Gaussian edge 20-80 % time
    double z_t_ohm = 50;           ///< Z_t: single-ended source/termination impedance (the first value)
    /// All values of Z_t when it lists several (TDR impedance sweep; the first is z_t_ohm);
    /// empty for one value.
    std::vector<double> z_t_sweep_ohm;
    double n_ui = 0;               ///< N: reflection gate length (UI); 0 = from the thru delay
    double tdr_duration = 5;       ///< TDR_duration: gate multiple of the thru delay with N = 0
    bool auto_tfx = false;         ///< AUTO_TFX: estimate port 2's T_fx from the thru
    bool show_brd = false;         ///< SHOW_BRD: host boards (Include PCB) in the TDR
    ComHostBoards boards;           ///< the boards, with show_brd
    // Impulse response of the thru for AUTO_TFX (the COM settings of the configuration)
    double ir_truncation = 1e-3;   ///< Impulse response truncation threshold
    std::string fir_interp_mag = "linear_trend_to_DC";  ///< S-parameter magnitude extrapolation policy
    std::string fir_interp_phase = "extrap_cubic_to_dc_linear_to_inf";  ///< S-parameter phase extrapolation policy
    int n_bx = 0;                  ///< N_bx (default N_b)
    double beta_x_hz = 0;          ///< beta_x (dB per second of G_loss, as Hz)
    double rho_x = 0.618;          ///< rho_x
    double tfx_s[2] = {0, 0};      ///< fixture delay time T_fx per port
    int grr = 1;                   ///< Grr (0 pre-3cd, 1 3cd, 2 3ck working; Gx = 1 forces 2)
    bool tukey = false;            ///< Tukey_Window
    bool tdr_butterworth = true;   ///< TDR_Butterworth
    double t_k_s = 0.6e-9;         ///< T_k: averaging constant of the port impedance estimate
    bool norm_fom = true;          ///< ERL_FOM = 1: pick the phase by the norm of its samples
    std::string interp_mag = "linear_trend_to_DC";
    std::string interp_phase = "extrap_cubic_to_dc_linear_to_inf";
    /// Enforce Causality and its tolerances (as ComParams): the reference's get_TDR and
    /// get_RAW_FIR take their impulse responses from s21_to_impulse_DC with the same options.
    ComCausality causality;

    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// Reads the ERL parameters of a configuration (reference defaults where absent). Throws
/// std::invalid_argument "source:line: parameter `NAME` ..." for an unusable or unsupported
/// value (ERL = 2 with TDR_W_TXPKG = 1, no `fixture delay time`, ...). With TDR_W_TXPKG = 1
/// (the package) or SHOW_BRD = 1 and Include PCB != 0 (the boards) the COM tables are resolved
/// too (resolve_com_params of com.hpp), so these must be complete and valid.
ComErlParams resolve_com_erl_params(const ComConfig& config);

/// The figures of one side at one Z_t of a TDR impedance sweep.
struct ComErlAtZt {
    double z_t_ohm = 0;       ///< Z_t (ohm)
    double erl_db = 0;        ///< ERL (NaN when the side is not rated)
    double erl_rms_db = 0;    ///< ERL_RMS
    double avg_z_ohm = 0;     ///< T_k-weighted average TDR impedance
    int best_phase = 1;       ///< 1-based sampling phase kept
};

/// ERL of one side of the channel.
struct ComErlSide {
    double erl_db = 0;        ///< ERL (93A-62)
    double erl_rms_db = 0;    ///< -20 log10(rms of the weighted PTDR) (reference ERLRMS)
    double avg_z_ohm = 0;     ///< T_k-weighted average TDR impedance (reference avgZport)
    int best_phase = 1;       ///< 1-based sampling phase kept (reference best_ki)
    std::vector<double> ptdr; ///< weighted PTDR waveform (V/V), step dt = 1/(f_b M)
    double tfx_s = 0;         ///< T_fx used (s): the configured one, or the AUTO_TFX estimate (port 2)
    /// Reflection gate (s) after T_fx: N UI, or with N = 0 the one derived from the thru delay
    /// (reference maxtime).
    double gate_s = 0;
    /// Per Z_t value when Z_t lists several (the first entry repeats the figures above).
    std::vector<ComErlAtZt> z_t_sweep;
    /// False when the reference does not rate this port (port 1 with TDR_W_TXPKG = 1, port 2
    /// of a 2-port input): erl_db is then NaN, as in the reference's ERL vector; the other
    /// fields are what the reference computes for the port (none for port 2 of a 2-port).
    bool rated = true;
};

/// ERL of both sides; port 1 = the side of the thru's first two ports in Port Order (TX side).
struct ComErlResult {
    bool computed = false;
    ComErlSide side[2];
    double pass_threshold_db = 0;  ///< ERL Pass threshold of the parameters (0 = none)
    /// AUTO_TFX: port 2's estimated fixture delay (s, reference output_args.tfx_estimate); NaN
    /// without AUTO_TFX.
    double tfx_estimate_s = std::numeric_limits<double>::quiet_NaN();
    /// The thru's data to look at, as ComResult::warnings (4-port thru: SDD not passive, data ending
    /// below f_b/2).
    std::vector<std::string> warnings;
    /// min_erl_db() >= the threshold (true when no threshold is given; false when no port is rated).
    bool pass() const;
    /// The smaller ERL of the rated ports (reference min_ERL); NaN when none is rated.
    double min_erl_db() const;
};

/// ERL of a thru channel: a 4-port (Port Order [tx+ tx- rx+ rx-]) or a 2-port (one
/// differential port, rated as port 1). Throws std::invalid_argument for another port count,
/// too few frequency points, or TDR_W_TXPKG or N = 0 with a 2-port (AUTO_TFX has no effect
/// on a 2-port, as in the reference).
ComErlResult compute_com_erl(const ComErlParams& params, const Network& thru);

}  // namespace racklink::sigint
