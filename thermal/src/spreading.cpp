#include "thermal/spreading.hpp"

#include <cmath>
#include <numbers>

namespace racklink::thermal {

double spreading_resistance_k_per_w(double source_area_m2, double plate_area_m2,
                                    double thickness_m, double k_w_per_m_k,
                                    double h_w_per_m2_k) {
    // Lee, Song, Au, Moran (1995), see header.
    const double pi = std::numbers::pi;
    if (source_area_m2 >= plate_area_m2) return 0.0;
    const double a = std::sqrt(source_area_m2 / pi);
    const double b = std::sqrt(plate_area_m2 / pi);
    const double eps = a / b;
    const double tau = thickness_m / b;
    const double bi = h_w_per_m2_k * b / k_w_per_m_k;
    const double lambda = pi + 1.0 / (std::sqrt(pi) * eps);
    const double th = std::tanh(lambda * tau);
    const double phi = (th + lambda / bi) / (1.0 + lambda / bi * th);
    const double psi_avg = 0.5 * std::pow(1.0 - eps, 1.5) * phi;
    return psi_avg / (std::sqrt(pi) * k_w_per_m_k * a);
}

}  // namespace racklink::thermal
