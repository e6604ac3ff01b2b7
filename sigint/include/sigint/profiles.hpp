#pragma once
/// Built-in SerDes profiles (lane electrical classes) with their bump-to-bump loss budgets at
/// Nyquist and the reference host ends RackLink assumes when it computes reach tables. The
/// .rack standard library carries the same numbers.

#include <optional>
#include <span>
#include <string_view>

namespace racklink::sigint {

struct SerdesProfile {
    std::string_view name;          ///< "112G", "224G", "448G"
    double baud_hz = 0;             ///< symbol rate
    double bits_per_symbol = 2;     ///< PAM4
    double lane_rate_bps = 0;       ///< payload per lane per direction
    double nyquist_hz = 0;          ///< baud / 2
    double loss_budget_db = 0;      ///< bump-to-bump IL budget at Nyquist
    double energy_j_per_bit = 0;    ///< SerDes energy per bit (both ends, one direction)
    std::string_view fec;           ///< "rs544" (KP4)
    // Reference host end (each side of a cable or backplane), used by reach tables:
    double package_loss_db = 0;     ///< package (bump to ball) loss at Nyquist, per end
    double host_trace_m = 0;        ///< host PCB trace length per end (megtron7, hvlp4 stripline)
    double connector_loss_db = 0;   ///< mated connector + paddle card at Nyquist, per end
    std::string_view source;
};

/// The built-in profiles: 112G-class, 224G-class, 448G what-if.
std::span<const SerdesProfile> serdes_profiles();
/// By name ("112G", "224G", "448G"; also "112g", "224g-class" ...), or nullopt.
std::optional<SerdesProfile> find_profile(std::string_view name);

}  // namespace racklink::sigint
