#pragma once
/// Optical link power budget for co-packaged optics (CPO) and pluggables: laser power (an
/// external laser source split over lanes, or a per-lane laser), coupling, modulator loss and
/// penalty, connectors, fiber attenuation, receiver sensitivity -> optical margin in dB; and the
/// link's energy per bit.
///
/// Budget form as in IEEE 802.3 optical PMD link budgets (e.g. 802.3-2022 Table 124-8: channel
/// insertion loss + penalties vs. power budget): received power
///   P_rx = P_laser - 10 log10(split) - coupling - modulator - penalty - n_conn L_conn - a_f L
/// and margin = P_rx - sensitivity (all dB / dBm).

namespace racklink::sigint {

struct OpticalEngineSpec {
    double laser_power_dbm = 16.0;   ///< laser output feeding this engine (ELS port or internal laser)
    double laser_split = 8.0;        ///< lanes the laser power is split over (1 = per-lane laser)
    double coupling_loss_db = 1.5;   ///< laser-to-chip plus chip-to-fiber coupling
    double modulator_loss_db = 5.0;  ///< modulator insertion loss (incl. its bias point)
    double penalty_db = 2.0;         ///< TDECQ/extinction/dispersion penalties
    double sensitivity_dbm = -6.0;   ///< receiver sensitivity (OMA-class) at the pre-FEC threshold
    double energy_j_per_bit = 0.0;   ///< engine energy per bit (drivers, TIAs, thermal tuning)
};

struct FiberSpec {
    double attenuation_db_per_m = 0.0005;  ///< 0.5 dB/km: SMF at 1310 nm (ITU-T G.652 cabled max)
    double connectors = 2;                 ///< mated optical connectors in the run
    double connector_loss_db = 0.5;        ///< per mated connector (IEC 61753-1 grade C class ~0.5 dB)
    double max_reach_m = 2000;             ///< dispersion/standard reach limit (e.g. 2 km DR/FR class)
};

struct OpticalBudget {
    double launch_dbm = 0;        ///< after split, coupling, modulator
    double received_dbm = 0;      ///< at the receiver
    double path_loss_db = 0;      ///< connectors + fiber
    double margin_db = 0;         ///< received - penalty - sensitivity
};

/// Budget of one optical run of `length_m` fiber between two engines (tx side `tx`, rx side `rx`).
OpticalBudget optical_budget(const OpticalEngineSpec& tx, const OpticalEngineSpec& rx, const FiberSpec& fiber,
                             double length_m);

/// Longest fiber that keeps margin >= `min_margin_db` (also capped at fiber.max_reach_m); 0 if none.
double optical_reach_m(const OpticalEngineSpec& tx, const OpticalEngineSpec& rx, const FiberSpec& fiber,
                       double min_margin_db = 0.0);

}  // namespace racklink::sigint
