#pragma once
/// IEEE-style fitted insertion loss and insertion-loss deviation (ILD).
///
/// The fitted insertion loss is the least-squares fit of IL(f) (dB) over [f_min, f_max] by
///   IL_fit(f) = a0 + a1 sqrt(f) + a2 f + a4 f^2     (f in GHz)
/// and ILD(f) = IL(f) - IL_fit(f). Reference: IEEE Std 802.3-2022, Annex 69B.4.2 (fitted
/// attenuation and ILD of backplane channels) and 92.10.2 (100GBASE-CR4 cable assemblies,
/// same four-term form). Unweighted fit, as in Annex 69B.

#include <vector>

namespace racklink::sigint {

/// Coefficients of IL_fit; `a*` are in dB, dB/sqrt(GHz), dB/GHz, dB/GHz^2.
struct IlFit {
    double a0 = 0, a1 = 0, a2 = 0, a4 = 0;
    double f_min_hz = 0, f_max_hz = 0;  ///< fit span
    bool ok = false;                    ///< false when fewer than 8 points fall in the span
    /// IL_fit at `f_hz` (dB, positive for a loss).
    double at(double f_hz) const;
};

/// Fits `il_db` (positive dB) sampled at `f_hz` over [f_min_hz, f_max_hz].
IlFit fit_insertion_loss(const std::vector<double>& f_hz, const std::vector<double>& il_db, double f_min_hz,
                         double f_max_hz);

/// ILD statistics over the fit span.
struct IldStats {
    double rms_db = 0;      ///< sqrt(mean ILD^2) over the points in the span
    double max_abs_db = 0;  ///< max |ILD|
    double at_f_db = 0;     ///< ILD at the frequency asked (interpolated), see ild_stats
};

/// ILD statistics of `il_db` against `fit`; `at_f_db` is ILD at `f_hz_at` (linear interpolation
/// of IL between samples; 0 when outside the data).
IldStats ild_stats(const std::vector<double>& f_hz, const std::vector<double>& il_db, const IlFit& fit,
                   double f_hz_at);

}  // namespace racklink::sigint
