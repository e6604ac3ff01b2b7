#pragma once
/// Cost per token: what one million generated tokens cost on a system, from its annual cost
/// (hardware depreciation + electricity + operations) and its delivered throughput.
///
///   depreciation [USD/yr] = capex / depreciation period                 (straight line)
///   electricity  [USD/yr] = P_IT x PUE x hours per year x price per kWh  (PUE: The Green Grid
///                            WP#49, "PUE: a comprehensive examination of the metric", 2012)
///   annual cost  [USD/yr] = depreciation + electricity + operations
///   tokens/yr             = throughput [tok/s] x availability x seconds per year
///   USD per Mtok          = annual cost / tokens/yr x 1e6
///
/// A year is 365 days (8760 h, 31 536 000 s) here, as in the worked example this model must
/// reproduce (RackLink issue "Compare options, sweep parameters, and batch design-review
/// reports"): dual NVL72 at $3.3M/yr and 25 000 tok/s -> $4.19 per Mtok; one NVL576 at
/// $6.5M/yr and 135 000 tok/s -> $1.53; the same at 90 % availability -> $1.70.
/// Units: SI inside except money (USD); names carry their unit.

#include <string>

namespace racklink::reports {

/// Seconds in the 365-day accounting year used by the cost model.
inline constexpr double kSecondsPerCostYear = 365.0 * 24.0 * 3600.0;

/// Inputs of `cost_per_token`. Any term may be zero; `annual_cost_usd` (if > 0) replaces the
/// three computed terms (the published examples state the annual cost directly).
struct CostInputs {
    double capex_usd = 0.0;                  ///< purchase price of the hardware
    double depreciation_s = 4.0 * kSecondsPerCostYear;  ///< straight-line depreciation period
    double it_power_w = 0.0;                 ///< average IT power drawn
    double pue = 1.0;                        ///< power usage effectiveness (>= 1)
    double electricity_usd_per_j = 0.0;      ///< price of energy (USD/kWh / 3.6e6)
    double operations_usd_per_s = 0.0;      ///< staff, space, support (USD/yr / year)
    double annual_cost_usd = 0.0;            ///< if > 0: total cost per year, stated directly
    double throughput_tok_per_s = 0.0;       ///< delivered tokens per second while up
    double availability = 1.0;               ///< fraction of time up (0, 1]

    /// Empty when valid, else what is wrong (negative cost, PUE < 1, availability outside
    /// (0, 1], zero throughput, zero depreciation period with capex).
    std::string validate() const;
};

/// Price helpers: USD/kWh -> USD/J and USD/year -> USD/s.
inline constexpr double usd_per_kwh(double v) { return v / 3.6e6; }
inline constexpr double usd_per_year(double v) { return v / kSecondsPerCostYear; }

enum class CostStatus { ok, invalid_input };

/// Result of `cost_per_token`: status, message and the cost breakdown (USD per 365-day year).
struct CostResult {
    CostStatus status = CostStatus::ok;
    std::string message;
    double depreciation_usd_per_year = 0.0;
    double electricity_usd_per_year = 0.0;
    double operations_usd_per_year = 0.0;
    double annual_cost_usd = 0.0;
    double tokens_per_year = 0.0;
    double usd_per_token = 0.0;
    double usd_per_million_tokens = 0.0;
    bool ok() const { return status == CostStatus::ok; }
};

/// Computes the cost per million tokens (see the file comment for the formulas).
CostResult cost_per_token(const CostInputs& in);

}  // namespace racklink::reports
