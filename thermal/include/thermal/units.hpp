#pragma once
/// Parsing of temperatures written with units at the command line ("45degC", "318 K",
/// "10K"). Values are returned in kelvin.

#include <string>
#include <string_view>

namespace racklink::thermal {

/// A parsed value (SI) or an error message.
struct ParsedValue {
    double value = 0.0;
    std::string error;  ///< empty when the text parsed
    bool ok() const { return error.empty(); }
};

/// An absolute temperature in K. Accepts a number followed by a unit, with or without a
/// space: K, degC (also C, °C, celsius), degF (also F, °F). "45degC" = 318.15 K,
/// "113degF" = 318.15 K (ISO 80000-5 conversions). A bare number, an unknown unit or a value
/// below absolute zero is an error.
ParsedValue parse_temperature_k(std::string_view text);

/// A temperature difference in K: "10K", "10 K", "10degC" (= 10 K), "18degF" (= 10 K).
/// A bare number, an unknown unit or a negative difference is an error.
ParsedValue parse_temperature_difference_k(std::string_view text);

}  // namespace racklink::thermal
