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
/// Units: SI (s, Hz, ohm); ERL and ERL_RMS in dB.

#include <string>
#include <vector>

#include "sigint/com_config.hpp"
#include "sigint/network.hpp"

namespace racklink::sigint {

/// ERL parameters (names of the IEEE COM configuration spreadsheets, resolved to SI).
struct ComErlParams {
    bool enabled = false;          ///< `ERL` (also enables the PTDR)
    bool erl_only = false;         ///< `ERL_ONLY`: skip COM
    // Signalling (shared with COM)
    double fb_hz = 0;              ///< f_b
    int samples_per_ui = 32;       ///< M
    int levels = 2;                ///< L
    double der0 = 1e-12;           ///< DER_0
    double f_r = 0.75;             ///< f_r (x f_b), receiver filter and Tukey start
    std::vector<int> port_order{1, 3, 2, 4};
    double bin_size_v = 1e-5;      ///< PDF bin size (ERL uses 10x, as the reference)
    // TDR / ERL
    double tr_tdr_s = 8e-12;       ///< TR_TDR: Gaussian edge 20-80 % time
    double z_t_ohm = 50;           ///< Z_t: single-ended source/termination impedance
    double n_ui = 0;               ///< N: reflection gate length (UI)
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

    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// Reads the ERL parameters of a configuration (reference defaults where absent). Throws
/// std::invalid_argument "source:line: parameter `NAME` ..." for an unusable or unsupported
/// value (TDR_W_TXPKG, AUTO_TFX, N = 0, several Z_t values).
ComErlParams resolve_com_erl_params(const ComConfig& config);

/// ERL of one side of the channel.
struct ComErlSide {
    double erl_db = 0;        ///< ERL (93A-62)
    double erl_rms_db = 0;    ///< -20 log10(rms of the weighted PTDR) (reference ERLRMS)
    double avg_z_ohm = 0;     ///< T_k-weighted average TDR impedance (reference avgZport)
    int best_phase = 1;       ///< 1-based sampling phase kept (reference best_ki)
    std::vector<double> ptdr; ///< weighted PTDR waveform (V/V), step dt = 1/(f_b M)
};

/// ERL of both sides; port 1 = the side of the thru's first two ports in Port Order (TX side).
struct ComErlResult {
    bool computed = false;
    ComErlSide side[2];
    double min_erl_db() const { return side[0].erl_db < side[1].erl_db ? side[0].erl_db : side[1].erl_db; }
};

/// ERL of a 4-port thru channel. Throws std::invalid_argument for a network that is not
/// 4-port or has too few frequency points.
ComErlResult compute_com_erl(const ComErlParams& params, const Network& thru);

}  // namespace racklink::sigint
