#include "reports/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <string>

namespace racklink::reports {

namespace {

struct Prefix {
    int exp3;  // power of 1000
    const char* utf8;
    const char* ascii;
};

constexpr std::array<Prefix, 13> kPrefixes{{
    {-6, "a", "a"},
    {-5, "f", "f"},
    {-4, "p", "p"},
    {-3, "n", "n"},
    {-2, "µ", "u"},
    {-1, "m", "m"},
    {0, "", ""},
    {1, "k", "k"},
    {2, "M", "M"},
    {3, "G", "G"},
    {4, "T", "T"},
    {5, "P", "P"},
    {6, "E", "E"},
}};

const Prefix& prefix_for(int exp3) {
    for (const auto& p : kPrefixes)
        if (p.exp3 == exp3) return p;
    return kPrefixes[6];
}

// How a unit is displayed: prefixable base and the allowed prefix range (powers of 1000).
struct UnitRule {
    bool prefixable = false;
    int min_exp3 = 0;
    int max_exp3 = 0;
};

UnitRule rule_for(std::string_view unit) {
    // The prefixable part is the numerator before an optional "/<time or bit unit>".
    std::string_view num = unit.substr(0, unit.find('/'));
    std::string_view den = unit.find('/') == std::string_view::npos
                               ? std::string_view{}
                               : unit.substr(unit.find('/') + 1);
    if (!den.empty() && den != "s" && den != "bit" && den != "b" && den != "B" && den != "m" &&
        den != "m^2" && den != "K")
        return {};
    if (num == "m") return {true, -4, 1};  // pm .. km
    if (num == "s") return {true, -5, 0};  // fs .. s
    if (num == "W" || num == "J" || num == "Hz" || num == "B" || num == "b" || num == "bit" ||
        num == "Bd" || num == "V" || num == "A" || num == "FLOP" || num == "tok" ||
        num == "Ohm" || num == "F" || num == "H" || num == "Wh")
        return {true, -6, 6};
    return {};
}

// Rounds |v| to `sig` significant digits and returns the base-10 exponent of the result.
int rounded_exponent(double v, int sig) {
    double a = std::fabs(v);
    int e = static_cast<int>(std::floor(std::log10(a)));
    double scale = std::pow(10.0, sig - 1 - e);
    double r = std::round(a * scale) / scale;
    return static_cast<int>(std::floor(std::log10(r)));
}

std::string trim_number(double v, int sig) {
    // %.*g then drop exponent form for moderate magnitudes.
    char buf[64];
    double a = std::fabs(v);
    if (a == 0.0) return "0";
    if (a >= 1e-4 && a < 1e15) {
        int digits_before = rounded_exponent(a, sig) + 1;
        int decimals = sig - digits_before;
        if (decimals < 0) decimals = 0;
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        std::string s = buf;
        // Rounding may have added a digit (999.6 -> "1000"); that is still correct text.
        return s;
    }
    std::snprintf(buf, sizeof buf, "%.*e", sig - 1, v);
    return buf;
}

std::string with_prefix(double v, std::string_view unit, const UnitRule& rule, int sig,
                        bool ascii) {
    int e = rounded_exponent(v, sig);
    int exp3 = static_cast<int>(std::floor(e / 3.0));
    if (exp3 < rule.min_exp3) exp3 = rule.min_exp3;
    if (exp3 > rule.max_exp3) exp3 = rule.max_exp3;
    double m = v / std::pow(1000.0, exp3);
    const Prefix& p = prefix_for(exp3);
    return trim_number(m, sig) + " " + (ascii ? p.ascii : p.utf8) + std::string(unit);
}

std::string usd(double v, int sig) {
    double a = std::fabs(v);
    const char* sign = v < 0 ? "-" : "";
    if (a == 0.0) return "$0";
    int e = rounded_exponent(a, sig);
    if (e >= 3) {
        const char* suffix[] = {"k", "M", "B", "T"};
        int k = std::min(e / 3, 4);
        return std::string(sign) + "$" + trim_number(a / std::pow(1000.0, k), sig) + suffix[k - 1];
    }
    if (a >= 0.01) {
        // Cents: at least two decimals for amounts under $1000 ($4.19, $0.42, $120.00 -> $120).
        std::string s = trim_number(a, sig);
        return std::string(sign) + "$" + s;
    }
    return std::string(sign) + "$" + trim_number(a, sig);
}

}  // namespace

std::string format_number(double value, int significant_digits) {
    if (std::isnan(value)) return "n/a";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    int sig = significant_digits < 1 ? 1 : (significant_digits > 17 ? 17 : significant_digits);
    return trim_number(value, sig);
}

std::string format_quantity(double value, std::string_view unit, const FormatOptions& opt) {
    int sig = opt.significant_digits < 1 ? 1 : (opt.significant_digits > 17 ? 17
                                                                            : opt.significant_digits);
    if (std::isnan(value)) return "n/a";
    if (std::isinf(value)) {
        std::string s = value > 0 ? "inf" : "-inf";
        return unit.empty() || unit == "1" ? s : s + " " + std::string(unit);
    }
    if (unit.empty() || unit == "1") {
        if (std::fabs(value) < 1e15 && value == std::floor(value)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.0f", value);
            return buf;
        }
        return trim_number(value, sig);
    }
    if (unit == "%") {
        // Near 100 % (availability, yield) the interesting part is the shortfall: keep enough
        // decimals to show it with two significant digits (99.81 %, 99.999 %).
        double pct = value * 100.0;
        double short_pct = 100.0 - pct;
        if (pct < 100.0 && short_pct < 1.0 && short_pct > 1e-9) {
            int decimals = 1 - static_cast<int>(std::floor(std::log10(short_pct) + 1e-9));
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.*f", decimals, pct);
            std::string t = buf;
            while (t.back() == '0' && t[t.size() - 2] != '.') t.pop_back();
            return t + " %";
        }
        return trim_number(pct, sig) + " %";
    }
    if (unit == "degC") return trim_number(value - 273.15, sig) + (opt.ascii ? " degC" : " °C");
    if (unit == "h") return trim_number(value / 3600.0, sig) + " h";
    if (unit == "min") return trim_number(value / 60.0, sig) + " min";
    if (unit == "day") return trim_number(value / 86400.0, sig) + " day";
    // 365-day year (8760 h), as in the cost model (reports/cost.hpp) and reliability figures.
    if (unit == "year") return trim_number(value / 31536000.0, sig) + " year";
    if (unit == "USD" || unit == "$") return usd(value, sig);
    if (unit == "kg") {
        if (value == 0.0) return "0 kg";
        if (std::fabs(value) >= 1000.0) return trim_number(value / 1000.0, sig) + " t";
        return with_prefix(value * 1000.0, "g", UnitRule{true, -3, 1}, sig, opt.ascii);
    }
    UnitRule rule = rule_for(unit);
    if (value == 0.0) return "0 " + std::string(unit);
    if (rule.prefixable) return with_prefix(value, unit, rule, sig, opt.ascii);
    return trim_number(value, sig) + " " + std::string(unit);
}

AxisScale axis_scale(double max_abs, std::string_view unit, const FormatOptions& opt) {
    AxisScale s;
    s.unit = std::string(unit);
    if (unit == "%") return {100.0, 0.0, "%"};
    if (unit == "degC") return {1.0, -273.15, opt.ascii ? "degC" : "°C"};
    if (unit == "h") return {1.0 / 3600.0, 0.0, "h"};
    if (unit == "min") return {1.0 / 60.0, 0.0, "min"};
    if (unit == "day") return {1.0 / 86400.0, 0.0, "day"};
    if (unit == "year") return {1.0 / 31536000.0, 0.0, "year"};
    if (unit == "kg") {
        if (max_abs >= 1000.0) return {1e-3, 0.0, "t"};
        if (max_abs >= 1.0 || max_abs == 0.0 || !std::isfinite(max_abs)) return {1.0, 0.0, "kg"};
        return {1e3, 0.0, "g"};
    }
    UnitRule rule = rule_for(unit);
    if (!rule.prefixable || !(max_abs > 0.0) || !std::isfinite(max_abs)) return s;
    int e = static_cast<int>(std::floor(std::log10(max_abs)));
    int exp3 = static_cast<int>(std::floor(e / 3.0));
    if (exp3 < rule.min_exp3) exp3 = rule.min_exp3;
    if (exp3 > rule.max_exp3) exp3 = rule.max_exp3;
    const Prefix& p = prefix_for(exp3);
    s.scale = std::pow(1000.0, -exp3);
    s.unit = std::string(opt.ascii ? p.ascii : p.utf8) + std::string(unit);
    return s;
}

}  // namespace racklink::reports
