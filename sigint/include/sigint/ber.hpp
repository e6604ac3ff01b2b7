#pragma once
/// PAM-M symbol and bit error ratios from an SNR estimate, and the frame loss ratio after
/// Reed-Solomon FEC (RS(544,514) "KP4", t = 15 ten-bit symbols).

namespace racklink::sigint {

/// Gaussian tail Q(x) = erfc(x / sqrt 2) / 2.
double q_function(double x);

/// Symbol error ratio of PAM-M with equally spaced levels in Gaussian noise:
/// SER = 2 (1 - 1/M) Q( sqrt( 3 SNR / (M^2 - 1) ) ), SNR = mean signal power / noise power
/// (J. G. Proakis and M. Salehi, Digital Communications, 5th ed., eq. 4.3-5 for PAM).
double pam_ser(double snr_db, int levels = 4);
/// Bit error ratio with Gray coding: BER = SER / log2(M) (each symbol error to a neighbour
/// flips one bit; Proakis eq. 4.3-6 approximation).
double pam_ber(double snr_db, int levels = 4);
/// SNR (dB) at which pam_ber reaches `ber` (inverse, by bisection).
double snr_for_ber_db(double ber, int levels = 4);

/// The 802.3 RS(544,514) "KP4" pre-FEC BER threshold commonly quoted for a post-FEC frame loss
/// ratio < 6.2e-10 / BER < 1e-13 (IEEE 802.3-2022 Clause 91 RS-FEC, 2.4e-4 for 802.3ck/dj PMDs).
inline constexpr double kKp4PreFecBerThreshold = 2.4e-4;

struct RsCode {
    int n = 544;        ///< codeword symbols
    int k = 514;        ///< data symbols
    int t = 15;         ///< correctable symbols (n - k) / 2
    int m_bits = 10;    ///< bits per symbol
};

/// Probability that a codeword is uncorrectable (frame loss ratio) for independent bit errors of
/// ratio `ber`: p_s = 1 - (1 - ber)^m, FLR = sum_{i > t} C(n, i) p_s^i (1 - p_s)^(n - i)
/// (binomial tail, computed in log space; independent errors -- no DFE burst model).
double rs_frame_loss_ratio(double ber, const RsCode& code = {});

/// Post-FEC BER estimate: expected erroneous symbols of uncorrectable words
/// sum_{i > t} i C(n,i) p^i (1-p)^(n-i) / n, times the bits per symbol error (~1 for Gray PAM4)
/// over m bits: BER_post ~ that / m.
double rs_post_fec_ber(double ber, const RsCode& code = {});

/// An SNR estimate for a channel after equalization (a budget-level model, not COM):
///   1/SNR = 1/SNR_tx + 1/SNR_xt + 1/SNR_isi + 1/(SNR_rx0 - IL)      (powers, dB terms shown)
/// SNR_tx: transmitter SNR (IEEE 802.3ck SNR_TX = 33 dB, Table 163-10 class value);
/// SNR_xt: crosstalk allowance (ICN relative to signal); SNR_isi: residual ISI after the stated
/// equalization (FFE + DFE); SNR_rx0 - IL: receiver noise enhanced by the equalizer in
/// proportion to the Nyquist loss. SNR_rx0 defaults to budget + 21 dB: a SerDes is assumed to
/// reach BER 1e-5 at its loss budget with the default allowances (design point, stated).
struct SnrModel {
    double snr_tx_db = 33.0;
    double crosstalk_db = 30.0;
    double residual_isi_db = 28.0;
    double rx_headroom_db = 21.0;  ///< SNR_rx0 = loss_budget + this
};

/// Effective SNR (dB) of a channel of Nyquist loss `il_db` against a SerDes of `budget_db`.
double channel_snr_db(double il_db, double budget_db, const SnrModel& m = {});

}  // namespace racklink::sigint
