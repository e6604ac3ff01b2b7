#pragma once
/// Unit text of study files and evaluator declarations (`0.5 m`, `56 Gbaud`, `0.12 USD/kWh`,
/// `3.3e6 USD/year`, `W/m^2`): parsed into a scale to SI and a dimension vector so that values
/// are converted to SI on input and dimensions can be checked. See docs/sweep.md for the
/// accepted atoms and prefixes.
///
/// Grammar: `atom[^int]` joined by `*` (multiply) or `/` (every atom after the first `/` is in
/// the denominator, so `W/m^2/K` = W m^-2 K^-1); `1` is the pure number. Atoms: m g s A K Hz Bd
/// baud W J V Ohm N Pa Wh bit b B USD $ tok FLOP min h day year yr month dB % ppm FIT L and
/// `degC` (alone: an offset temperature, converted to K). SI prefixes a f p n u µ m c k M G T P E
/// apply to m g s A Hz Bd baud W J V Ohm N Pa Wh bit b B tok FLOP L.
/// Money is a base dimension (USD), as are tokens (tok) and information (bit).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace racklink::reports {

/// Exponents of the base dimensions: m, kg, s, A, K, USD, tok, bit.
using Dims = std::array<std::int8_t, 8>;

/// A parsed unit: SI value = value x scale + offset.
struct Unit {
    double scale = 1.0;
    double offset = 0.0;  ///< nonzero only for degC
    Dims dims{};
    bool operator==(const Unit&) const = default;
};

/// Parses unit text; nullopt with `error` set ("unknown unit 'xyz'") on failure. Empty text is
/// the pure number.
std::optional<Unit> parse_unit(std::string_view text, std::string* error = nullptr);

/// Canonical SI unit text of a dimension vector: a named unit when one fits (m, kg, s, W, J,
/// Hz, V, Ohm, K, USD, tok/s, bit/s, USD/J, ...), else `kg*m^2/s^3` form; "1" for pure numbers.
std::string si_unit_text(const Dims& d);

}  // namespace racklink::reports
