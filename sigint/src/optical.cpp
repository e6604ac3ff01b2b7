#include "sigint/optical.hpp"

#include <algorithm>
#include <cmath>

namespace racklink::sigint {

OpticalBudget optical_budget(const OpticalEngineSpec& tx, const OpticalEngineSpec& rx, const FiberSpec& fiber,
                             double length_m) {
    OpticalBudget b;
    const double split_db = 10.0 * std::log10(std::max(1.0, tx.laser_split));
    b.launch_dbm = tx.laser_power_dbm - split_db - tx.coupling_loss_db - tx.modulator_loss_db;
    b.path_loss_db = fiber.connectors * fiber.connector_loss_db + fiber.attenuation_db_per_m * length_m;
    // The receive side couples fiber to chip once more (its coupling loss).
    b.received_dbm = b.launch_dbm - b.path_loss_db - rx.coupling_loss_db;
    b.margin_db = b.received_dbm - tx.penalty_db - rx.sensitivity_dbm;
    return b;
}

double optical_reach_m(const OpticalEngineSpec& tx, const OpticalEngineSpec& rx, const FiberSpec& fiber,
                       double min_margin_db) {
    const double m0 = optical_budget(tx, rx, fiber, 0.0).margin_db - min_margin_db;
    if (m0 < 0) return 0.0;
    if (fiber.attenuation_db_per_m <= 0) return fiber.max_reach_m;
    return std::min(fiber.max_reach_m, m0 / fiber.attenuation_db_per_m);
}

}  // namespace racklink::sigint
