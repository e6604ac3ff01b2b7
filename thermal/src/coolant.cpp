#include "thermal/coolant.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace racklink::thermal {

namespace {

// Water at 101.325 kPa, 0.01 .. 95 degC every 5 K: density and isobaric specific heat from the
// IAPWS-95 formulation (Wagner & Pruss, J. Phys. Chem. Ref. Data 31, 387 (2002)) as tabulated
// by the NIST Chemistry WebBook, "Thermophysical Properties of Fluid Systems" (isobaric data,
// water, 0.101325 MPa), rounded to 5 significant digits. The CRC Handbook of Chemistry and
// Physics, "Properties of Water in the Range 0-100 degC", lists the same values.
constexpr std::array<CoolantRow, 20> kWater{{
    {273.16, 999.84, 4219.9}, {278.15, 999.97, 4205.5}, {283.15, 999.70, 4195.5},
    {288.15, 999.10, 4188.8}, {293.15, 998.21, 4184.4}, {298.15, 997.05, 4181.6},
    {303.15, 995.65, 4180.1}, {308.15, 994.03, 4179.5}, {313.15, 992.22, 4179.6},
    {318.15, 990.21, 4180.4}, {323.15, 988.03, 4181.5}, {328.15, 985.69, 4183.1},
    {333.15, 983.19, 4185.1}, {338.15, 980.55, 4187.5}, {343.15, 977.76, 4190.2},
    {348.15, 974.84, 4193.3}, {353.15, 971.79, 4196.9}, {358.15, 968.61, 4200.8},
    {363.15, 965.31, 4205.3}, {368.15, 961.89, 4210.2},
}};

// PG25: propylene glycol / water, 25 % by volume (the usual data-centre "PG25", e.g. OCP
// Advanced Cooling Solutions cold-plate requirements), i.e. 25.7 % by mass using pure-liquid
// densities at 20 degC (propylene glycol 1036 kg/m^3, CRC Handbook; water 998.2 kg/m^3).
// Values from the Melinder correlations: A. Melinder, "Properties of Secondary Working Fluids
// for Indirect Systems", 2nd ed., IIR/IIF, Paris, 2010 (propylene glycol, density and specific
// heat polynomials in mass fraction and temperature, coefficients as published in the IBPSA
// Modelica Library, IBPSA.Media.Antifreeze.PropyleneGlycolWater), evaluated at 25.7 % by mass
// every 5 K from -10 degC (just above the 25 % freezing point, about -10.5 degC) to 80 degC.
constexpr std::array<CoolantRow, 19> kPg25{{
    {263.15, 1028.7, 3838.0}, {268.15, 1027.8, 3851.0}, {273.15, 1026.6, 3863.0},
    {278.15, 1025.2, 3875.0}, {283.15, 1023.7, 3887.0}, {288.15, 1021.9, 3900.0},
    {293.15, 1019.9, 3912.0}, {298.15, 1017.8, 3924.0}, {303.15, 1015.5, 3937.0},
    {308.15, 1013.0, 3949.0}, {313.15, 1010.4, 3961.0}, {318.15, 1007.7, 3973.0},
    {323.15, 1004.8, 3985.0}, {328.15, 1001.9, 3997.0}, {333.15, 998.8, 4009.0},
    {338.15, 995.6, 4020.0}, {343.15, 992.4, 4032.0}, {348.15, 989.1, 4043.0},
    {353.15, 985.7, 4054.0},
}};

}  // namespace

std::string_view to_string(Coolant c) {
    switch (c) {
        case Coolant::water: return "water";
        case Coolant::pg25: return "pg25";
    }
    return "?";
}

std::optional<Coolant> parse_coolant(std::string_view s) {
    std::string k;
    for (char ch : s)
        if (ch != '-' && ch != '_' && ch != ' ')
            k.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
    if (k == "water" || k == "h2o") return Coolant::water;
    if (k == "pg25") return Coolant::pg25;
    return std::nullopt;
}

std::span<const CoolantRow> coolant_table(Coolant c) {
    if (c == Coolant::pg25) return kPg25;
    return kWater;
}

double coolant_min_temp_k(Coolant c) { return coolant_table(c).front().temp_k; }
double coolant_max_temp_k(Coolant c) { return coolant_table(c).back().temp_k; }

std::optional<CoolantProps> coolant_properties(Coolant c, double temp_k) {
    auto t = coolant_table(c);
    if (!(temp_k >= t.front().temp_k && temp_k <= t.back().temp_k)) return std::nullopt;
    auto hi = std::lower_bound(t.begin(), t.end(), temp_k,
                               [](const CoolantRow& r, double x) { return r.temp_k < x; });
    if (hi == t.begin()) return CoolantProps{hi->density_kg_m3, hi->cp_j_per_kg_k};
    auto lo = hi - 1;
    double f = (temp_k - lo->temp_k) / (hi->temp_k - lo->temp_k);
    return CoolantProps{lo->density_kg_m3 + f * (hi->density_kg_m3 - lo->density_kg_m3),
                        lo->cp_j_per_kg_k + f * (hi->cp_j_per_kg_k - lo->cp_j_per_kg_k)};
}

double flow_for_heat_m3_s(double heat_w, double delta_t_k, const CoolantProps& props) {
    return heat_w / (props.rho_cp() * delta_t_k);
}

}  // namespace racklink::thermal
