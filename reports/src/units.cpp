#include "reports/units.hpp"

#include <cmath>
#include <cstdlib>
#include <utility>
#include <vector>

namespace racklink::reports {

namespace {

//                          m  kg  s  A  K USD tok bit
constexpr Dims kNone{};
constexpr Dims kM{1, 0, 0, 0, 0, 0, 0, 0};
constexpr Dims kKg{0, 1, 0, 0, 0, 0, 0, 0};
constexpr Dims kS{0, 0, 1, 0, 0, 0, 0, 0};
constexpr Dims kA{0, 0, 0, 1, 0, 0, 0, 0};
constexpr Dims kK{0, 0, 0, 0, 1, 0, 0, 0};
constexpr Dims kUsd{0, 0, 0, 0, 0, 1, 0, 0};
constexpr Dims kTok{0, 0, 0, 0, 0, 0, 1, 0};
constexpr Dims kBit{0, 0, 0, 0, 0, 0, 0, 1};
constexpr Dims kHz{0, 0, -1, 0, 0, 0, 0, 0};
constexpr Dims kW{2, 1, -3, 0, 0, 0, 0, 0};
constexpr Dims kJ{2, 1, -2, 0, 0, 0, 0, 0};
constexpr Dims kV{2, 1, -3, -1, 0, 0, 0, 0};
constexpr Dims kOhm{2, 1, -3, -2, 0, 0, 0, 0};
constexpr Dims kN{1, 1, -2, 0, 0, 0, 0, 0};
constexpr Dims kPa{-1, 1, -2, 0, 0, 0, 0, 0};
constexpr Dims kM3{3, 0, 0, 0, 0, 0, 0, 0};

struct Atom {
    std::string_view name;
    double scale;
    Dims dims;
    bool prefixable;
};

// Scales are exact definitions (SI Brochure, 9th ed., 2019, tables 2, 4 and 8); the 365-day
// year matches reports/cost.hpp; 1 FIT = 1e-9 failures per hour (JEDEC JESD85 / IEC 61709).
const std::vector<Atom>& atoms() {
    static const std::vector<Atom> kAtoms{
        {"m", 1.0, kM, true},
        {"g", 1e-3, kKg, true},
        {"s", 1.0, kS, true},
        {"A", 1.0, kA, true},
        {"K", 1.0, kK, false},
        {"Hz", 1.0, kHz, true},
        {"Bd", 1.0, kHz, true},
        {"baud", 1.0, kHz, true},
        {"W", 1.0, kW, true},
        {"J", 1.0, kJ, true},
        {"V", 1.0, kV, true},
        {"Ohm", 1.0, kOhm, true},
        {"N", 1.0, kN, true},
        {"Pa", 1.0, kPa, true},
        {"Wh", 3600.0, kJ, true},
        {"bit", 1.0, kBit, true},
        {"b", 1.0, kBit, true},
        {"B", 8.0, kBit, true},
        {"USD", 1.0, kUsd, false},
        {"$", 1.0, kUsd, false},
        {"tok", 1.0, kTok, true},
        {"FLOP", 1.0, kNone, true},
        {"min", 60.0, kS, false},
        {"h", 3600.0, kS, false},
        {"day", 86400.0, kS, false},
        {"year", 31536000.0, kS, false},
        {"yr", 31536000.0, kS, false},
        {"month", 31536000.0 / 12.0, kS, false},
        {"dB", 1.0, kNone, false},
        {"%", 0.01, kNone, false},
        {"ppm", 1e-6, kNone, false},
        {"FIT", 1e-9 / 3600.0, kHz, false},
        {"L", 1e-3, kM3, true},
        {"1", 1.0, kNone, false},
    };
    return kAtoms;
}

struct Prefix {
    std::string_view text;
    double scale;
};

const std::vector<Prefix>& prefixes() {
    static const std::vector<Prefix> kPrefixes{
        {"a", 1e-18}, {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"µ", 1e-6},
        {"m", 1e-3},  {"c", 1e-2},  {"k", 1e3},   {"M", 1e6},  {"G", 1e9},  {"T", 1e12},
        {"P", 1e15},  {"E", 1e18},
    };
    return kPrefixes;
}

std::optional<std::pair<double, Dims>> lookup(std::string_view s) {
    for (const auto& a : atoms())
        if (a.name == s) return std::make_pair(a.scale, a.dims);
    for (const auto& p : prefixes()) {
        if (s.size() <= p.text.size() || s.substr(0, p.text.size()) != p.text) continue;
        std::string_view rest = s.substr(p.text.size());
        for (const auto& a : atoms())
            if (a.prefixable && a.name == rest) return std::make_pair(p.scale * a.scale, a.dims);
    }
    return std::nullopt;
}

}  // namespace

std::optional<Unit> parse_unit(std::string_view text, std::string* error) {
    auto fail = [&](std::string msg) -> std::optional<Unit> {
        if (error) *error = std::move(msg);
        return std::nullopt;
    };
    Unit u;
    if (text.empty()) return u;
    if (text == "degC") {
        u.dims = kK;
        u.offset = 273.15;  // SI Brochure 2.3.1: t/°C = T/K - 273.15
        return u;
    }
    bool denominator = false;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && text[j] != '*' && text[j] != '/' && text[j] != '^') ++j;
        std::string_view name = text.substr(i, j - i);
        if (name.empty()) return fail("malformed unit '" + std::string(text) + "'");
        auto atom = lookup(name);
        if (!atom) return fail("unknown unit '" + std::string(name) + "'");
        int power = 1;
        if (j < text.size() && text[j] == '^') {
            std::size_t k = j + 1;
            if (k < text.size() && text[k] == '-') ++k;
            std::size_t digits = k;
            while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
            if (k == digits) return fail("malformed exponent in unit '" + std::string(text) + "'");
            power = std::atoi(std::string(text.substr(j + 1, k - j - 1)).c_str());
            j = k;
        }
        if (denominator) power = -power;
        u.scale *= std::pow(atom->first, power);
        for (std::size_t d = 0; d < u.dims.size(); ++d)
            u.dims[d] = static_cast<std::int8_t>(u.dims[d] + atom->second[d] * power);
        if (j < text.size()) {
            if (text[j] == '/') denominator = true;
            else if (text[j] != '*') return fail("malformed unit '" + std::string(text) + "'");
            ++j;
            if (j == text.size()) return fail("malformed unit '" + std::string(text) + "'");
        }
        i = j;
    }
    return u;
}

std::string si_unit_text(const Dims& d) {
    static const std::vector<std::pair<Dims, std::string_view>> kNamed{
        {kNone, "1"},
        {kM, "m"},
        {kKg, "kg"},
        {kS, "s"},
        {kA, "A"},
        {kK, "K"},
        {kUsd, "USD"},
        {kTok, "tok"},
        {kBit, "bit"},
        {kHz, "Hz"},
        {kW, "W"},
        {kJ, "J"},
        {kV, "V"},
        {kOhm, "Ohm"},
        {kN, "N"},
        {kPa, "Pa"},
        {kM3, "m^3"},
        {Dims{2, 0, 0, 0, 0, 0, 0, 0}, "m^2"},
        {Dims{0, 1, -3, 0, 0, 0, 0, 0}, "W/m^2"},
        {Dims{0, 0, -1, 0, 0, 0, 1, 0}, "tok/s"},
        {Dims{0, 0, -1, 0, 0, 0, 0, 1}, "bit/s"},
        {Dims{0, 0, -1, 0, 0, 1, 0, 0}, "USD/s"},
        {Dims{-2, -1, 2, 0, 0, 1, 0, 0}, "USD/J"},
        {Dims{0, 0, 0, 0, 0, 1, -1, 0}, "USD/tok"},
        {Dims{2, 1, -2, 0, 0, 0, 0, -1}, "J/bit"},
        {Dims{3, 0, -1, 0, 0, 0, 0, 0}, "m^3/s"},
        {Dims{2, 1, -3, 0, -1, 0, 0, 0}, "W/K"},
        {Dims{-2, -1, 3, 0, 1, 0, 0, 0}, "K/W"},
        {Dims{0, 0, 1, 0, 0, 0, -1, 0}, "s/tok"},
    };
    for (const auto& [dims, name] : kNamed)
        if (dims == d) return std::string(name);
    static const std::array<std::string_view, 8> kBase{"m", "kg", "s", "A", "K", "USD", "tok",
                                                       "bit"};
    std::string num, den;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (d[i] == 0) continue;
        std::string& s = d[i] > 0 ? num : den;
        int p = d[i] > 0 ? d[i] : -d[i];
        if (!s.empty()) s += "*";
        s += kBase[i];
        if (p != 1) {
            s += '^';
            s += std::to_string(p);
        }
    }
    if (num.empty()) num.assign(1, '1');
    if (!den.empty()) {
        num += '/';
        num += den;
    }
    return num;
}

}  // namespace racklink::reports
