#pragma once
/// Spreading (constriction) resistance of a small heat source on a larger conducting plate
/// cooled on its far side.

namespace racklink::thermal {

/// Average-temperature spreading resistance (K/W) of a source of area `source_area_m2` centred
/// on a plate of area `plate_area_m2`, thickness `thickness_m`, conductivity `k_w_per_m_k`,
/// cooled by a uniform heat-transfer coefficient `h_w_per_m2_k` on the far side (the
/// one-dimensional resistance t/(kA) + 1/(hA) is NOT included). Closed form of
/// S. Lee, S. Song, V. Au, K. P. Moran, "Constriction/Spreading Resistance Model for
/// Electronics Packaging", ASME/JSME Thermal Eng. Conf. 1995, vol. 4, pp. 199-206:
///   a = sqrt(As/pi), b = sqrt(Ap/pi), eps = a/b, tau = t/b, Bi = h b / k,
///   lambda = pi + 1/(sqrt(pi) eps),
///   Phi = (tanh(lambda tau) + lambda/Bi) / (1 + lambda/Bi * tanh(lambda tau)),
///   psi_avg = 1/2 (1 - eps)^(3/2) Phi,   R_sp = psi_avg / (sqrt(pi) k a).
/// Returns 0 when the source covers the plate.
double spreading_resistance_k_per_w(double source_area_m2, double plate_area_m2,
                                    double thickness_m, double k_w_per_m_k,
                                    double h_w_per_m2_k);

}  // namespace racklink::thermal
