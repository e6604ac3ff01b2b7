#pragma once
/// Units and dimensions of the .rack language. Every dimensioned literal carries a unit
/// (`150 mm`, `53.125 GHz`, `2.1 dB/m`, `45 degC`, `50 FIT`, `$200k`); values are converted
/// to SI at the lexer and their dimension is checked against each parameter's table entry.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "graphs/model.hpp"

namespace racklink::hdl {

/// Exponents over the base quantities. dB and dBm are kept as their own "dimensions" so that
/// a loss (dB) is never confused with a ratio or a power level (dBm).
struct Dim {
    enum Base { m, kg, s, K, bit, usd, db, dbm, A, count };
    std::array<int8_t, count> e{};
    bool operator==(const Dim&) const = default;
    bool dimensionless() const { return *this == Dim{}; }
    Dim operator*(const Dim& o) const;
    Dim operator/(const Dim& o) const;
    Dim pow(int n) const;
    static Dim of(Base b, int n = 1) {
        Dim d;
        d.e[b] = static_cast<int8_t>(n);
        return d;
    }
};

/// Human-readable dimension: "m", "dB/m", "bit/s", "1" for dimensionless.
std::string to_string(const Dim& d);
/// A short name of the quantity for messages ("length", "frequency", ...), or to_string(d).
std::string quantity_name(const Dim& d);
/// The SI unit text to print for a dimension ("m", "Hz", "W", "K", ...).
std::string si_unit(const Dim& d);

/// A parsed unit: value_si = value * scale + offset.
struct Unit {
    double scale = 1.0;
    double offset = 0.0;  ///< only degC / degF (absolute temperatures)
    Dim dim;
};

/// Parses a unit expression such as "mm", "GHz", "dB/m", "Gb/s", "mm^2", "mm2", "W/cm^2",
/// "L/min", "pJ/bit", "degC", "FIT", "%". Returns nullopt when any atom is unknown.
std::optional<Unit> parse_unit(std::string_view text);

/// True if `text` starts with a known unit atom (used by the lexer to decide whether an
/// identifier after a number is a unit).
bool is_unit_atom(std::string_view text);

/// Physical constants used by the language.
using graphs::kRackUnitM;  ///< 1 U = 44.45 mm (EIA-310-E), defined with the model
inline constexpr double kFitPerS = 1e-9 / 3600.0;  ///< 1 FIT = 1 failure per 1e9 device-hours
inline constexpr double kZeroCelsiusK = 273.15;    ///< 0 degC in kelvin (SI brochure, 9th ed.)

}  // namespace racklink::hdl
