#pragma once
/// Reach: the longest length of a medium that still closes a profile's loss budget at Nyquist
/// with the given fixed segments (packages, host traces, connectors), and reach tables per
/// profile across passive twinax, active copper (ACC redriver, AEC retimed), PCB backplane by
/// laminate, and optics.

#include <string>
#include <vector>

#include "sigint/channel.hpp"
#include "sigint/profiles.hpp"

namespace racklink::sigint {

/// Longest length L with fixed_db + L * loss_db_per_m <= budget_db - min_margin_db (IL is linear
/// in length for a uniform medium); 0 when the fixed part alone does not close.
double reach_m(double budget_db, double fixed_db, double loss_db_per_m, double min_margin_db = 0.0);

/// Reach of a variable medium segment `medium` (length ignored) inside `fixed` at the profile's
/// Nyquist and budget.
double reach_m(const SerdesProfile& p, const std::vector<Segment>& fixed, const Segment& medium,
               double min_margin_db = 0.0);

/// The reference host end of a profile (package + host trace + connector), for reach tables.
std::vector<Segment> reference_host_end(const SerdesProfile& p);

struct ReachRow {
    std::string medium;      ///< "passive twinax", "ACC (redriver)", "AEC (retimed)", "backplane", "optics"
    std::string variant;     ///< e.g. "26 AWG foam_pe", "megtron7 / hvlp4 stripline 7 mil", "CPO, ELS /8"
    double loss_db_per_m = 0;  ///< medium loss at Nyquist (dB/m; optics: fiber dB/m)
    double fixed_db = 0;     ///< fixed segments at Nyquist (optics: 0)
    double reach_m = 0;
    std::string note;
};

struct ReachOptions {
    double min_margin_db = 0.0;
    /// Restrict to one medium family: "" (all), "twinax", "acc", "aec", "backplane", "optics".
    std::string medium;
    double acc_gain_db = 10.0;  ///< ACC redriver gain at Nyquist (RackLink assumption)
};

/// The reach table of a profile (rows in a fixed, documented order).
std::vector<ReachRow> reach_table(const SerdesProfile& p, const ReachOptions& opt = {});

}  // namespace racklink::sigint
