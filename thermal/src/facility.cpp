#include "thermal/facility.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <string>

namespace racklink::thermal {

namespace {
struct ClassRow {
    AshraeClass c;
    std::string_view name;
    double max_supply_c;
};
// ASHRAE TC 9.9 (2021) Table 1: facility supply water temperature upper limits.
constexpr std::array<ClassRow, 6> kClasses{{
    {AshraeClass::w17, "W17", 17.0},
    {AshraeClass::w27, "W27", 27.0},
    {AshraeClass::w32, "W32", 32.0},
    {AshraeClass::w40, "W40", 40.0},
    {AshraeClass::w45, "W45", 45.0},
    {AshraeClass::w_plus, "W+", std::numeric_limits<double>::infinity()},
}};
}  // namespace

std::string_view to_string(AshraeClass c) {
    for (const auto& r : kClasses)
        if (r.c == c) return r.name;
    return "?";
}

std::optional<AshraeClass> parse_ashrae_class(std::string_view s) {
    std::string k;
    for (char ch : s) k.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
    for (const auto& r : kClasses)
        if (r.name == k) return r.c;
    return std::nullopt;
}

double ashrae_max_supply_k(AshraeClass c) {
    for (const auto& r : kClasses)
        if (r.c == c) return r.max_supply_c + 273.15;
    return std::numeric_limits<double>::infinity();
}

AshraeClass ashrae_class_for_supply(double supply_k) {
    // A small tolerance so that "45 degC" written in a description (318.15 K) is W45.
    for (const auto& r : kClasses)
        if (supply_k <= r.max_supply_c + 273.15 + 1e-9) return r.c;
    return AshraeClass::w_plus;
}

int racks_per_cdu(double cdu_capacity_w, double rack_heat_w) {
    if (!(rack_heat_w > 0.0) || !(cdu_capacity_w > 0.0)) return 0;
    return static_cast<int>(std::floor(cdu_capacity_w / rack_heat_w + 1e-12));
}

}  // namespace racklink::thermal
