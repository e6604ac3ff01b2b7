#pragma once
/// Number formatting for every human-readable RackLink output (tables, report pages, plots,
/// progress lines): a value in SI plus its unit becomes text such as `32.4 TB/s`, `3.21 km`,
/// `120 kW`, `$4.19`, `99.9 %`.
///
/// Rules (docs/report.md):
///  - three significant digits by default; integers in a count unit ("" or "1") are printed
///    exactly; NaN prints `n/a`, infinities `inf` / `-inf`;
///  - SI units that take prefixes (m, g, s, W, J, Hz, B, b, bit, Bd, V, A, FLOP, tok, and their
///    quotients by s, bit, B, m, m^2 or K such as `B/s`, `J/bit`, `W/m^2`) get an
///    engineering prefix (exponent a
///    multiple of 3) so that the mantissa lies in [1, 1000); lengths stop at `km`, times at
///    `s`, masses are given in `kg` (SI) and printed from `g` to `kg` (and `t` above 1000 kg);
///  - display units that need a conversion from the stored SI value: `%` (stored as a
///    fraction), `degC` (stored in K), `h`, `min`, `day`, `year` (365 days; stored in s), `USD`
///    (printed `$4.19`, `$3.30M`);
///  - any other unit text (dB, dBm, K, FIT, W/m^2, ...) is printed after the number unchanged.
/// Output is deterministic (no locale, "C" formatting).

#include <string>
#include <string_view>

namespace racklink::reports {

/// Options of `format_quantity`.
struct FormatOptions {
    int significant_digits = 3;  ///< digits kept (1..17)
    bool ascii = false;          ///< `u` instead of `µ`, `degC` instead of `°C`
};

/// `value` (in the SI unit behind `unit`, see the file comment) as text with its unit.
std::string format_quantity(double value, std::string_view unit, const FormatOptions& opt = {});

/// A number alone, `significant_digits` significant digits, no exponent for magnitudes in
/// [1e-4, 1e15) (e.g. `0.0123`, `4.19`, `120`, `1.23e-07`); NaN is `n/a`.
std::string format_number(double value, int significant_digits = 3);

/// The engineering prefix and scale chosen for a set of values (e.g. for a plot axis): the
/// largest magnitude `max_abs` (SI) decides. `scale` multiplies SI values into the display
/// unit; `unit` is the display unit text (`GHz`, `km`, `%`, `°C`). Offset is added after the
/// scale (only nonzero for `degC`).
struct AxisScale {
    double scale = 1.0;
    double offset = 0.0;
    std::string unit;
};
AxisScale axis_scale(double max_abs, std::string_view unit, const FormatOptions& opt = {});

}  // namespace racklink::reports
