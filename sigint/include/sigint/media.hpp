#pragma once
/// Frequency-dependent insertion loss of channel media from physics: PCB traces (stripline and
/// microstrip, conductor + dielectric loss, Hammerstad or Huray roughness), twinax by AWG,
/// vias with stub resonance, and lumped parts (connectors, packages) scaled with frequency.
///
/// All losses are differential-mode insertion losses in dB (positive), per metre for media.
/// Conventions: a differential pair of 100 ohm is two coupled lines of odd-mode impedance 50 ohm;
/// losses per line in odd mode equal the differential loss.

#include "sigint/materials.hpp"

namespace racklink::sigint {

/// Skin depth delta = 1 / sqrt(pi f mu0 sigma) (Pozar, Microwave Engineering 4th ed., eq. 1.63).
double skin_depth_m(double f_hz, double sigma_s_per_m = kSigmaCopper);
/// Surface resistance R_s = sqrt(pi f mu0 / sigma) (Pozar eq. 1.131).
double surface_resistance_ohm(double f_hz, double sigma_s_per_m = kSigmaCopper);

/// Dielectric attenuation of a TEM line filled with (dk, df): alpha_d = k tan(delta) / 2 with
/// k = 2 pi f sqrt(dk) / c (Pozar eq. 3.30), in dB/m: 8.686 pi f sqrt(dk) df / c. Per inch this
/// is 2.31 f[GHz] df sqrt(dk) dB/in -- the rule of thumb 2.3 f Df sqrt(Dk) (E. Bogatin, "Signal
/// and Power Integrity - Simplified", 3rd ed., 2018, sec. 9.12).
double dielectric_loss_db_per_m(double f_hz, double dk, double df);

enum class RoughnessModel { smooth, hammerstad, huray };
enum class TraceStyle { stripline, microstrip };

/// Conductor-loss multiplier of a rough foil (>= 1).
/// Hammerstad: K = 1 + (2/pi) atan(1.4 (Rq/delta)^2) (E. Hammerstad and O. Jensen, "Accurate
/// models for microstrip computer-aided design", IEEE MTT-S 1980).
/// Huray: K = 1 + (3/2) SR / (1 + delta/a + delta^2/(2 a^2)) (P. G. Huray et al., "Impact of
/// copper surface texture on loss: a model that works", DesignCon 2010; single snowball size).
double roughness_factor(const Foil& foil, RoughnessModel model, double f_hz);

/// A PCB trace (one line of a differential pair, odd mode).
struct TraceSpec {
    Laminate laminate;
    Foil foil;
    RoughnessModel roughness = RoughnessModel::huray;
    TraceStyle style = TraceStyle::stripline;
    double width_m = 127e-6;  ///< trace width (default 5 mil)
    double z0_ohm = 50.0;     ///< odd-mode impedance (100 ohm differential)
};

/// Trace loss in dB/m: conductor + dielectric.
/// Conductor: stripline alpha_c = K R_s / (2 Z0 w) -- current on both faces of the strip and an
/// equal share in the two planes; it reproduces Bogatin's rule 36 sqrt(f[GHz]) / (w[mil] Z0)
/// dB/in (op. cit. sec. 9.10). Microstrip alpha_c = K R_s / (Z0 w) (wide-strip limit, Pozar
/// eq. 3.199; current on the lower face). Dielectric: stripline as dielectric_loss_db_per_m;
/// microstrip with the filling factor of Pozar eq. 3.198, eps_e from eq. 3.195 at w/h = 2.
double trace_loss_db_per_m(const TraceSpec& t, double f_hz);

/// Calibrated shield/drain/proximity allowance of shielded twinax: the conductor loss of the
/// two wires is multiplied by this factor so that 2 m of 26 AWG foam-PE twinax has 16.25 dB at
/// 26.5625 GHz, the IEEE 802.3ck-2022 162.11.2 limit for a 100GBASE-CR1 cable assembly
/// (19.75 dB) less 2 x 1.75 dB for the two plug connectors and paddle cards.
inline constexpr double kTwinaxShieldFactor = 2.58;

struct TwinaxSpec {
    double awg = 26;                 ///< conductor gauge (24-34)
    TwinaxDielectric dielectric;     ///< insulation
    double z_diff_ohm = 100.0;       ///< differential impedance
    double shield_factor = kTwinaxShieldFactor;
};

/// Twinax differential loss in dB/m: conductor alpha_c = F R_s / (pi d Z_diff) (two wires of
/// resistance R_s/(pi d) per metre carrying the differential current; Pozar eq. 2.75 loss
/// of a low-loss line, alpha = R / 2Z, per wire pair) plus dielectric_loss_db_per_m(dk, df).
double twinax_loss_db_per_m(const TwinaxSpec& t, double f_hz);

/// A PCB via, with its unused stub (0 = back-drilled).
struct ViaSpec {
    double stub_m = 0.0;           ///< stub length (m)
    double dk = 3.3;               ///< dielectric around the stub
    double df = 0.003;             ///< loss tangent around the stub
    double z_stub_ohm = 50.0;      ///< odd-mode impedance of the stub
    double barrel_d_m = 0.25e-3;   ///< barrel diameter (conductor loss of the stub)
    double base_loss_db = 0.1;     ///< loss of the through part at base_ref_freq (transition)
    double base_ref_freq_hz = 26.5625e9;
};

/// Quarter-wave resonance of the stub, f = c / (4 L sqrt(dk)) (open-circuited stub: input
/// impedance Z_s coth(gamma L) is a short at L = lambda/4; Pozar sec. 2.3).
double via_stub_resonance_hz(const ViaSpec& v);

/// Via insertion loss in dB: the through part (lumped_loss_db of base_loss_db) plus the shunt
/// open stub, S21 = 2 / (2 + Z0 Y_stub) with Y_stub = tanh(gamma L) / Z_s (Pozar table 4.1 shunt
/// element), gamma = alpha + j beta, alpha from dielectric and barrel conductor loss.
double via_loss_db(const ViaSpec& v, double f_hz);

/// A lumped part's loss scaled from its value at ref_freq: IL(f) = IL_ref (sqrt(f/f_ref) + f/f_ref) / 2,
/// i.e. conductor-like and dielectric-like shares equal at f_ref (RackLink assumption for
/// connectors and packages given as one number; give a Touchstone file for measured data).
double lumped_loss_db(double loss_ref_db, double ref_freq_hz, double f_hz);

}  // namespace racklink::sigint
