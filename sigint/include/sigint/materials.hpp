#pragma once
/// Material and geometry library data for channel loss: PCB laminates (Dk, Df), copper foil
/// roughness classes, twinax conductor gauges (AWG) and twinax dielectrics. Plain constexpr
/// tables, each value with its source; the logic that uses them lives in media.hpp.

#include <optional>
#include <span>
#include <string_view>

namespace racklink::sigint {

/// A PCB (or package substrate) dielectric: relative permittivity and loss tangent at the
/// datasheet frequency. Dk and Df are taken as frequency-independent over 1-110 GHz (the
/// datasheets of these low-loss grades vary by a few percent over that range).
struct Laminate {
    std::string_view name;    ///< library key, e.g. "megtron7"
    double dk = 0;            ///< relative permittivity
    double df = 0;            ///< loss tangent (tan delta)
    double ref_freq_hz = 0;   ///< frequency of the datasheet values
    std::string_view source;  ///< datasheet / class reference
};

/// The laminate library (keys: fr4, megtron6, megtron7, megtron8, tachyon100g, m9, abf_gl102).
std::span<const Laminate> laminates();
/// The laminate with this key (case-sensitive), or nullopt.
std::optional<Laminate> find_laminate(std::string_view name);

/// A copper foil class: RMS roughness for the Hammerstad model and the snowball parameters of
/// the Huray model.
struct Foil {
    std::string_view name;   ///< std, rtf, hvlp, hvlp2, hvlp3, hvlp4, hvlp5
    double rq_m = 0;         ///< RMS surface roughness (Hammerstad)
    double huray_a_m = 0;    ///< snowball radius a (Huray)
    double huray_sr = 0;     ///< surface ratio N * 4 pi a^2 / A_flat (Huray)
    std::string_view source;
};
std::span<const Foil> foils();
std::optional<Foil> find_foil(std::string_view name);

/// Twinax dielectric (insulation of each conductor).
struct TwinaxDielectric {
    std::string_view name;  ///< foam_pe, solid_pe, fep, ptfe
    double dk = 0;
    double df = 0;
    std::string_view source;
};
std::span<const TwinaxDielectric> twinax_dielectrics();
std::optional<TwinaxDielectric> find_twinax_dielectric(std::string_view name);

/// Solid-conductor diameter of an AWG gauge: d = 0.127 mm * 92^((36 - n) / 39)
/// (ASTM B258-18, the AWG definition). Valid for any gauge; RackLink's twinax range is 24-34.
double awg_diameter_m(double awg);

/// Annealed copper conductivity, 5.8e7 S/m (IEC 60028 International Annealed Copper Standard).
inline constexpr double kSigmaCopper = 5.8e7;
/// Vacuum permeability (H/m) and speed of light (m/s), CODATA 2018.
inline constexpr double kMu0 = 1.25663706212e-6;
inline constexpr double kC0 = 299792458.0;

}  // namespace racklink::sigint
