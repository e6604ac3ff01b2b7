#pragma once
/// Coolant library: temperature-dependent density and specific heat of the liquids used in
/// direct-to-chip cooling loops, tabulated from cited sources and interpolated linearly.
/// A temperature outside a table is an error (no extrapolation).
///
/// Units: SI (K, kg/m^3, J/(kg K), m^3/s, W).

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace racklink::thermal {

/// Coolants in the library.
enum class Coolant {
    water,  ///< pure water (IAPWS-95 values at 101.325 kPa)
    pg25,   ///< propylene glycol / water, 25 % glycol by volume (25.7 % by mass)
};
std::string_view to_string(Coolant c);
/// Parses "water" or "pg25" (case-insensitive; "PG-25" and "pg_25" are accepted too).
std::optional<Coolant> parse_coolant(std::string_view s);

/// One row of a coolant table.
struct CoolantRow {
    double temp_k;
    double density_kg_m3;
    double cp_j_per_kg_k;
};

/// The table of a coolant, ascending in temperature.
std::span<const CoolantRow> coolant_table(Coolant c);

/// Properties at one temperature (linear interpolation between table rows).
struct CoolantProps {
    double density_kg_m3 = 0.0;
    double cp_j_per_kg_k = 0.0;
    /// Volumetric heat capacity rho * cp (J/(m^3 K)).
    double rho_cp() const { return density_kg_m3 * cp_j_per_kg_k; }
};

/// Properties of `c` at `temp_k`; nullopt when the temperature is outside the table (or NaN).
std::optional<CoolantProps> coolant_properties(Coolant c, double temp_k);

/// The valid temperature range of a coolant table (K).
double coolant_min_temp_k(Coolant c);
double coolant_max_temp_k(Coolant c);

/// Volumetric flow (m^3/s) that carries `heat_w` with a temperature rise `delta_t_k` when the
/// properties are `props`: V = Q / (rho cp dT) (steady-flow energy balance, e.g. ASHRAE
/// Handbook Fundamentals 2021, ch. 3 eq. for sensible heat of a liquid stream).
double flow_for_heat_m3_s(double heat_w, double delta_t_k, const CoolantProps& props);

/// Litres per minute from m^3/s.
inline constexpr double kLitresPerMinutePerM3PerS = 60000.0;
inline double to_lpm(double flow_m3_s) { return flow_m3_s * kLitresPerMinutePerM3PerS; }

}  // namespace racklink::thermal
