#pragma once
/// Thermo-mechanical fatigue of board / package / connector interfaces: CTE mismatch strain
/// from a temperature swing and cycles to failure by Coffin-Manson (Engelmaier form) or by
/// Norris-Landzberg acceleration of a test result.
///
/// Units: SI (K, 1/K, m, 1/s). Strains are dimensionless.

#include <optional>
#include <span>
#include <string_view>

namespace racklink::thermal {

/// A material with its coefficient of thermal expansion.
struct Material {
    std::string_view name;
    double cte_per_k;            ///< linear CTE near room temperature (1/K)
    std::string_view source;     ///< citation of the value
};

/// The CTE library (names: silicon, copper, sac305, snpb, fr4_xy, fr4_z, megtron7_xy,
/// megtron7_z, organic_substrate, alumina, lcp, pps_gf40, aluminum, invar).
std::span<const Material> material_table();
/// CTE of a named material, or nullopt.
std::optional<double> material_cte_per_k(std::string_view name);

/// Engelmaier cyclic shear strain range of a leadless solder joint:
///   delta_gamma = F * L_D * delta_alpha * delta_T / h
/// with L_D the distance to the neutral point, h the joint height and F an empirical
/// non-ideal factor (1 for an ideal joint). W. Engelmaier, "Fatigue Life of Leadless Chip
/// Carrier Solder Joints During Power Cycling", IEEE Trans. CHMT 6(3), 1983; IPC-SM-785
/// (1992) eq. (1); IPC-D-279 (1996).
double engelmaier_shear_strain(double dnp_m, double delta_alpha_per_k, double delta_t_k,
                               double height_m, double f_factor = 1.0);

/// Engelmaier fatigue ductility exponent
///   c = -0.442 - 6e-4 * T_sj + 1.74e-2 * ln(1 + f)
/// with T_sj the mean cyclic joint temperature (degC) and f the cycle frequency in cycles per
/// day (1 <= f <= 1000). IPC-SM-785 (1992) eq. (2). Input: K and 1/s.
double engelmaier_exponent(double mean_temp_k, double cycles_per_s);

/// Coffin-Manson in Engelmaier's form: mean cycles to failure
///   N_f = 1/2 * (delta_gamma / (2 eps_f))^(1/c)
/// with eps_f the fatigue ductility coefficient (0.325 for eutectic SnPb, IPC-SM-785) and
/// c < 0 the exponent. L. F. Coffin, Trans. ASME 76, 1954; S. S. Manson, NACA TN 2933, 1953.
double coffin_manson_cycles(double delta_gamma, double eps_f, double c);

/// Norris-Landzberg parameters: N_field = N_test * AF with
///   AF = (dT_test / dT_field)^n * (f_field / f_test)^m * exp(Ea/k * (1/Tmax_field - 1/Tmax_test))
/// K. C. Norris and A. H. Landzberg, "Reliability of Controlled Collapse Interconnections",
/// IBM J. Res. Dev. 13(3), 1969. Defaults are for SAC305 (J. Pan et al., "Critical Variables
/// of Solder Joint Reliability in Lead-Free Solder Alloy Assembly", SMTA Int. 2005:
/// n = 2.65, m = 0.136, Ea/k = 2185 K). Eutectic SnPb: n = 1.9, m = 1/3, Ea/k = 1414 K.
struct NorrisLandzberg {
    double n = 2.65;
    double m = 0.136;
    double activation_temp_k = 2185.0;  ///< Ea / k_B
};

/// The Norris-Landzberg acceleration factor of field conditions relative to a test.
double norris_landzberg_af(const NorrisLandzberg& p, double test_delta_t_k,
                           double test_cycles_per_s, double test_t_max_k,
                           double field_delta_t_k, double field_cycles_per_s,
                           double field_t_max_k);

}  // namespace racklink::thermal
