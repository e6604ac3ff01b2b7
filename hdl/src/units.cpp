#include "hdl/units.hpp"

#include <cctype>
#include <cstdlib>
#include <utility>

namespace racklink::hdl {

Dim Dim::operator*(const Dim& o) const {
    Dim r;
    for (int i = 0; i < count; ++i) r.e[i] = static_cast<int8_t>(e[i] + o.e[i]);
    return r;
}
Dim Dim::operator/(const Dim& o) const {
    Dim r;
    for (int i = 0; i < count; ++i) r.e[i] = static_cast<int8_t>(e[i] - o.e[i]);
    return r;
}
Dim Dim::pow(int n) const {
    Dim r;
    for (int i = 0; i < count; ++i) r.e[i] = static_cast<int8_t>(e[i] * n);
    return r;
}

namespace {
constexpr const char* kBaseNames[Dim::count] = {"m", "kg", "s", "K", "bit", "USD", "dB", "dBm", "A"};

using B = Dim::Base;
Dim d(B b, int n = 1) { return Dim::of(b, n); }
Dim none() { return Dim{}; }

struct Atom {
    std::string_view sym;
    double scale;
    Dim dim;
    double offset = 0.0;
};

// Unit atoms. Scales are exact SI definitions (SI brochure 9th ed.) unless noted.
const Atom* atoms(std::size_t& n) {
    static const Dim kW = d(B::kg) * d(B::m, 2) / d(B::s, 3);  // watt = kg m^2 s^-3
    static const Dim kJ = d(B::kg) * d(B::m, 2) / d(B::s, 2);
    static const Dim kPa = d(B::kg) / d(B::m) / d(B::s, 2);
    static const Dim kV = kW / d(B::A);
    static const Dim kOhm = kV / d(B::A);
    static const Dim kF = d(B::A) * d(B::s) / kV;
    static const Dim kH = kV * d(B::s) / d(B::A);
    static const Atom table[] = {
        // length
        {"m", 1.0, d(B::m)}, {"mm", 1e-3, d(B::m)}, {"um", 1e-6, d(B::m)},
        {"cm", 1e-2, d(B::m)}, {"km", 1e3, d(B::m)}, {"in", 0.0254, d(B::m)},  // 1 in = 25.4 mm exactly
        {"mil", 25.4e-6, d(B::m)}, {"ft", 0.3048, d(B::m)},
        {"U", 0.04445, d(B::m)},  // rack unit, EIA-310-E: 1.75 in
        // time
        {"s", 1.0, d(B::s)}, {"ms", 1e-3, d(B::s)}, {"us", 1e-6, d(B::s)}, {"ns", 1e-9, d(B::s)},
        {"ps", 1e-12, d(B::s)}, {"fs", 1e-15, d(B::s)},
        {"min", 60.0, d(B::s)}, {"h", 3600.0, d(B::s)}, {"hour", 3600.0, d(B::s)},
        {"hours", 3600.0, d(B::s)}, {"day", 86400.0, d(B::s)}, {"days", 86400.0, d(B::s)},
        {"week", 604800.0, d(B::s)}, {"weeks", 604800.0, d(B::s)},
        {"year", 31557600.0, d(B::s)}, {"years", 31557600.0, d(B::s)},  // Julian year, 365.25 d
        // frequency
        {"Hz", 1.0, d(B::s, -1)}, {"kHz", 1e3, d(B::s, -1)}, {"MHz", 1e6, d(B::s, -1)},
        {"GHz", 1e9, d(B::s, -1)}, {"THz", 1e12, d(B::s, -1)},
        {"Bd", 1.0, d(B::s, -1)}, {"GBd", 1e9, d(B::s, -1)},  // baud: symbols per second
        // power, energy
        {"W", 1.0, kW}, {"mW", 1e-3, kW}, {"kW", 1e3, kW}, {"MW", 1e6, kW},
        {"J", 1.0, kJ}, {"pJ", 1e-12, kJ}, {"nJ", 1e-9, kJ}, {"mJ", 1e-3, kJ}, {"kJ", 1e3, kJ},
        {"kWh", 3.6e6, kJ}, {"MWh", 3.6e9, kJ},
        // information (bytes are 8 bits; decimal prefixes as used for link rates)
        {"b", 1.0, d(B::bit)}, {"bit", 1.0, d(B::bit)}, {"kb", 1e3, d(B::bit)},
        {"Mb", 1e6, d(B::bit)}, {"Gb", 1e9, d(B::bit)}, {"Tb", 1e12, d(B::bit)},
        {"B", 8.0, d(B::bit)}, {"kB", 8e3, d(B::bit)}, {"MB", 8e6, d(B::bit)},
        {"GB", 8e9, d(B::bit)}, {"TB", 8e12, d(B::bit)}, {"PB", 8e15, d(B::bit)},
        // compute throughput: operations are counted, so FLOPS is 1/s
        {"FLOPS", 1.0, d(B::s, -1)}, {"TFLOPS", 1e12, d(B::s, -1)},
        {"PFLOPS", 1e15, d(B::s, -1)}, {"EFLOPS", 1e18, d(B::s, -1)},
        // levels
        {"dB", 1.0, d(B::db)}, {"dBm", 1.0, d(B::dbm)},
        // temperature: K for differences and absolute values; degC absolute (+273.15 K)
        {"K", 1.0, d(B::K)}, {"degC", 1.0, d(B::K), 273.15},
        // mass, volume, pressure
        {"g", 1e-3, d(B::kg)}, {"kg", 1.0, d(B::kg)},
        {"L", 1e-3, d(B::m, 3)}, {"mL", 1e-6, d(B::m, 3)},
        {"Pa", 1.0, kPa}, {"kPa", 1e3, kPa}, {"bar", 1e5, kPa}, {"psi", 6894.757, kPa},  // psi: NIST SP 811
        // electrical
        {"V", 1.0, kV}, {"mV", 1e-3, kV}, {"A", 1.0, d(B::A)}, {"mA", 1e-3, d(B::A)},
        {"ohm", 1.0, kOhm}, {"Ohm", 1.0, kOhm}, {"pF", 1e-12, kF}, {"fF", 1e-15, kF},
        {"nH", 1e-9, kH}, {"pH", 1e-12, kH},
        // reliability: 1 FIT = 1 failure in 1e9 device-hours (IEC 61709, Telcordia SR-332)
        {"FIT", 1e-9 / 3600.0, d(B::s, -1)},
        // money
        {"USD", 1.0, d(B::usd)}, {"kUSD", 1e3, d(B::usd)}, {"MUSD", 1e6, d(B::usd)},
        // ratios
        {"%", 0.01, none()}, {"ppm", 1e-6, none()},
        // counted things: tokens (tok/s is a rate, 1/s)
        {"tok", 1.0, none()}, {"tokens", 1.0, none()},
    };
    n = sizeof(table) / sizeof(table[0]);
    return table;
}

const Atom* find_atom(std::string_view s) {
    std::size_t n = 0;
    const Atom* t = atoms(n);
    for (std::size_t i = 0; i < n; ++i)
        if (t[i].sym == s) return &t[i];
    return nullptr;
}

bool atom_char(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '%'; }
}  // namespace

std::string to_string(const Dim& dim) {
    std::string num, den;
    for (int i = 0; i < Dim::count; ++i) {
        int e = dim.e[i];
        if (e == 0) continue;
        std::string& s = e > 0 ? num : den;
        if (!s.empty()) s.append("*");
        s.append(kBaseNames[i]);
        int a = e > 0 ? e : -e;
        if (a != 1) s.append("^").append(std::to_string(a));
    }
    std::string out = num.empty() ? std::string("1") : num;
    if (!den.empty()) out.append("/").append(den);
    return out;
}

std::string quantity_name(const Dim& dd) {
    static const std::pair<Dim, const char*> names[] = {
        {d(B::m), "length"},         {d(B::s), "time"},         {d(B::s, -1), "frequency or rate"},
        {d(B::kg) * d(B::m, 2) / d(B::s, 3), "power"},           {d(B::K), "temperature"},
        {d(B::db), "level in dB"},   {d(B::dbm), "power level in dBm"},
        {d(B::bit) / d(B::s), "data rate"},                      {d(B::usd), "cost"},
        {d(B::kg), "mass"},          {d(B::m, 2), "area"},      {d(B::db) / d(B::m), "loss per length"},
        {Dim{}, "plain number"},
    };
    for (const auto& [k, n] : names)
        if (k == dd) return n;
    return to_string(dd);
}

std::string si_unit(const Dim& dd) {
    static const std::pair<Dim, const char*> names[] = {
        {d(B::s, -1), "Hz"}, {d(B::kg) * d(B::m, 2) / d(B::s, 3), "W"},
        {d(B::kg) * d(B::m, 2) / d(B::s, 2), "J"}, {d(B::bit) / d(B::s), "bit/s"},
    };
    for (const auto& [k, n] : names)
        if (k == dd) return n;
    return to_string(dd);
}

bool is_unit_atom(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && atom_char(text[i])) ++i;
    std::string_view a = text.substr(0, i);
    // A trailing exponent digit (mm2) belongs to the atom's token.
    return find_atom(a) != nullptr;
}

std::optional<Unit> parse_unit(std::string_view text) {
    Unit u;
    bool first = true;
    char op = '*';
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t b = i;
        while (i < text.size() && atom_char(text[i])) ++i;
        const Atom* a = find_atom(text.substr(b, i - b));
        if (!a) return std::nullopt;
        int exp = 1;
        if (i < text.size() && text[i] == '^') ++i;
        if (i < text.size() && (text[i] == '2' || text[i] == '3')) exp = text[i++] - '0';
        if (a->offset != 0.0 && (!first || exp != 1 || i < text.size())) return std::nullopt;
        double sc = 1.0;
        for (int k = 0; k < exp; ++k) sc *= a->scale;
        Dim ad = a->dim.pow(exp);
        if (op == '*') {
            u.scale *= sc;
            u.dim = u.dim * ad;
        } else {
            u.scale /= sc;
            u.dim = u.dim / ad;
        }
        u.offset = a->offset;
        first = false;
        if (i == text.size()) break;
        if (text[i] != '/' && text[i] != '*' && text[i] != '.') return std::nullopt;
        op = text[i] == '/' ? '/' : '*';
        ++i;
        if (i == text.size()) return std::nullopt;
    }
    if (first) return std::nullopt;
    return u;
}

}  // namespace racklink::hdl
