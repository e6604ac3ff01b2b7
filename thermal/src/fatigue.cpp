#include "thermal/fatigue.hpp"

#include <array>
#include <cmath>

namespace racklink::thermal {

namespace {
// Room-temperature linear CTE values (1/K). Each with its source.
constexpr std::array<Material, 14> kMaterials{{
    {"silicon", 2.6e-6, "Y. Okada, Y. Tokumaru, J. Appl. Phys. 56, 314 (1984): 2.6e-6/K at 300 K"},
    {"copper", 16.5e-6, "CRC Handbook of Chemistry and Physics, thermal expansion of metals: 16.5e-6/K at 293 K"},
    {"sac305", 21.7e-6, "NIST, Database for Solder Properties with Emphasis on New Lead-free Solders (2002): SAC 21.7e-6/K"},
    {"snpb", 24.7e-6, "NIST, Database for Solder Properties (2002): Sn63Pb37 24.7e-6/K"},
    {"fr4_xy", 16e-6, "IPC-4101 /21 typical FR-4 in-plane (x/y) CTE 14-17e-6/K; mid value"},
    {"fr4_z", 55e-6, "IPC-4101 /21: z-axis CTE below Tg max 60e-6/K; typical 55e-6/K"},
    {"megtron7_xy", 14e-6, "Panasonic MEGTRON 7 R-5785 datasheet: x/y CTE 14-16e-6/K (alpha1)"},
    {"megtron7_z", 42e-6, "Panasonic MEGTRON 7 R-5785 datasheet: z CTE 42e-6/K (alpha1)"},
    {"organic_substrate", 17e-6, "ABF build-up package substrate, typical 15-20e-6/K (JEDEC JEP150 background; Ajinomoto GX92 core stack)"},
    {"alumina", 7.2e-6, "CRC Handbook: Al2O3 (96 %) 7.2e-6/K at 300 K"},
    {"lcp", 17e-6, "Celanese Vectra E130i (30 % GF LCP connector housing) datasheet, flow direction ~ 17e-6/K (mean of flow and transverse)"},
    {"pps_gf40", 20e-6, "Solvay Ryton R-4 (PPS 40 % GF) datasheet: 20e-6/K (mean of flow and transverse)"},
    {"aluminum", 23.1e-6, "CRC Handbook: Al 23.1e-6/K at 293 K"},
    {"invar", 1.2e-6, "CRC Handbook: Invar (Fe-36Ni) 1.2e-6/K at 293 K"},
}};
}  // namespace

std::span<const Material> material_table() { return kMaterials; }

std::optional<double> material_cte_per_k(std::string_view name) {
    for (const auto& m : kMaterials)
        if (m.name == name) return m.cte_per_k;
    return std::nullopt;
}

double engelmaier_shear_strain(double dnp_m, double delta_alpha_per_k, double delta_t_k,
                               double height_m, double f_factor) {
    return f_factor * dnp_m * std::abs(delta_alpha_per_k) * std::abs(delta_t_k) / height_m;
}

double engelmaier_exponent(double mean_temp_k, double cycles_per_s) {
    const double t_sj_c = mean_temp_k - 273.15;
    const double f_per_day = cycles_per_s * 86400.0;
    return -0.442 - 6e-4 * t_sj_c + 1.74e-2 * std::log(1.0 + f_per_day);
}

double coffin_manson_cycles(double delta_gamma, double eps_f, double c) {
    return 0.5 * std::pow(delta_gamma / (2.0 * eps_f), 1.0 / c);
}

double norris_landzberg_af(const NorrisLandzberg& p, double test_delta_t_k,
                           double test_cycles_per_s, double test_t_max_k,
                           double field_delta_t_k, double field_cycles_per_s,
                           double field_t_max_k) {
    return std::pow(test_delta_t_k / field_delta_t_k, p.n) *
           std::pow(field_cycles_per_s / test_cycles_per_s, p.m) *
           std::exp(p.activation_temp_k * (1.0 / field_t_max_k - 1.0 / test_t_max_k));
}

}  // namespace racklink::thermal
