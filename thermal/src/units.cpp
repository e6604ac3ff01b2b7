#include "thermal/units.hpp"

#include <cctype>
#include <charconv>
#include <initializer_list>
#include <cmath>
#include <string>

namespace racklink::thermal {

namespace {

enum class TempUnit { kelvin, celsius, fahrenheit, bad };

TempUnit parse_unit(std::string_view u) {
    // "°" is two bytes in UTF-8 (0xC2 0xB0); drop it so "°C" reads as "C".
    std::string k;
    for (size_t i = 0; i < u.size(); ++i) {
        unsigned char ch = static_cast<unsigned char>(u[i]);
        if (ch == 0xC2 && i + 1 < u.size() && static_cast<unsigned char>(u[i + 1]) == 0xB0) {
            ++i;
            continue;
        }
        k.push_back(static_cast<char>(std::tolower(ch)));
    }
    if (k == "k" || k == "kelvin") return TempUnit::kelvin;
    if (k == "degc" || k == "c" || k == "celsius") return TempUnit::celsius;
    if (k == "degf" || k == "f" || k == "fahrenheit") return TempUnit::fahrenheit;
    return TempUnit::bad;
}

// Concatenation by append: GCC 12 gives a false -Wrestrict on `"'" + std::string(...)`.
std::string msg(std::initializer_list<std::string_view> parts) {
    std::string m;
    for (std::string_view p : parts) m.append(p);
    return m;
}

struct Split {
    double number = 0.0;
    TempUnit unit = TempUnit::bad;
    std::string error;
};

Split split(std::string_view text) {
    Split s;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    const char* b = text.data();
    const char* e = text.data() + text.size();
    auto [p, ec] = std::from_chars(b, e, s.number);
    if (ec != std::errc() || !std::isfinite(s.number)) {
        s.error = msg({"'", text, "' is not a number with a unit"});
        return s;
    }
    std::string_view unit(p, static_cast<size_t>(e - p));
    while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front())))
        unit.remove_prefix(1);
    if (unit.empty()) {
        s.error = msg({"'", text, "' needs a unit (K, degC or degF)"});
        return s;
    }
    s.unit = parse_unit(unit);
    if (s.unit == TempUnit::bad)
        s.error = msg({"unknown temperature unit '", unit, "' (use K, degC or degF)"});
    return s;
}

}  // namespace

ParsedValue parse_temperature_k(std::string_view text) {
    Split s = split(text);
    if (!s.error.empty()) return {0.0, s.error};
    double k = s.number;
    // ISO 80000-5: T/K = t/degC + 273.15; t/degC = (t/degF - 32) * 5/9.
    if (s.unit == TempUnit::celsius) k = s.number + 273.15;
    if (s.unit == TempUnit::fahrenheit) k = (s.number - 32.0) * 5.0 / 9.0 + 273.15;
    if (k < 0.0)
        return {0.0, msg({"temperature '", text, "' is below absolute zero"})};
    return {k, {}};
}

ParsedValue parse_temperature_difference_k(std::string_view text) {
    Split s = split(text);
    if (!s.error.empty()) return {0.0, s.error};
    double k = s.unit == TempUnit::fahrenheit ? s.number * 5.0 / 9.0 : s.number;
    if (k < 0.0)
        return {0.0, msg({"temperature difference '", text, "' is negative"})};
    return {k, {}};
}

}  // namespace racklink::thermal
