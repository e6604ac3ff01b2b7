#pragma once
/// Facility-level figures: ASHRAE liquid-cooling classes, PUE, CDU sizing.

#include <optional>
#include <string_view>

namespace racklink::thermal {

/// ASHRAE TC 9.9 liquid-cooling classes of the facility water supply: W17, W27, W32, W40,
/// W45 and W+ (upper supply temperature 17, 27, 32, 40, 45 degC; W+ above 45 degC).
/// Source: ASHRAE TC 9.9, "Emergence and Expansion of Liquid Cooling in Mainstream Data
/// Centers" (white paper, 2021), Table 1; ASHRAE "Liquid Cooling Guidelines for Datacom
/// Equipment Centers", 2nd ed. (2014).
enum class AshraeClass { w17, w27, w32, w40, w45, w_plus };
std::string_view to_string(AshraeClass c);
/// Parses "W17" .. "W45", "W+" (case-insensitive).
std::optional<AshraeClass> parse_ashrae_class(std::string_view s);
/// The upper facility supply temperature of a class (K); +infinity for W+.
double ashrae_max_supply_k(AshraeClass c);
/// The lowest class whose upper supply limit is at or above `supply_k`.
AshraeClass ashrae_class_for_supply(double supply_k);

/// Facility power (W) = IT power x PUE (The Green Grid, White Paper #49, "PUE: A
/// Comprehensive Examination of the Metric", 2012; ISO/IEC 30134-2).
inline double facility_power_w(double it_power_w, double pue) { return it_power_w * pue; }

/// How many racks of heat `rack_heat_w` one CDU of capacity `cdu_capacity_w` serves
/// (floor of the ratio; 0 when one rack exceeds the CDU).
int racks_per_cdu(double cdu_capacity_w, double rack_heat_w);

}  // namespace racklink::thermal
