#include "reports/cost.hpp"

#include <cmath>

namespace racklink::reports {

std::string CostInputs::validate() const {
    auto bad = [](double v) { return !std::isfinite(v) || v < 0.0; };
    if (bad(capex_usd)) return "capex must be a finite cost >= 0 USD";
    if (bad(it_power_w)) return "IT power must be >= 0 W";
    if (bad(electricity_usd_per_j)) return "electricity price must be >= 0";
    if (bad(operations_usd_per_s)) return "operations cost must be >= 0";
    if (bad(annual_cost_usd)) return "annual cost must be >= 0 USD";
    if (!std::isfinite(pue) || pue < 1.0) return "PUE must be >= 1 (The Green Grid WP#49)";
    if (capex_usd > 0.0 && !(depreciation_s > 0.0))
        return "depreciation period must be > 0 s when capex is given";
    if (!(throughput_tok_per_s > 0.0) || !std::isfinite(throughput_tok_per_s))
        return "throughput must be > 0 tok/s";
    if (!(availability > 0.0) || availability > 1.0) return "availability must be in (0, 1]";
    return {};
}

CostResult cost_per_token(const CostInputs& in) {
    CostResult r;
    if (std::string e = in.validate(); !e.empty()) {
        r.status = CostStatus::invalid_input;
        r.message = e;
        r.usd_per_token = r.usd_per_million_tokens = std::nan("");
        return r;
    }
    const double year_s = kSecondsPerCostYear;
    if (in.annual_cost_usd > 0.0) {
        r.annual_cost_usd = in.annual_cost_usd;
    } else {
        r.depreciation_usd_per_year = in.capex_usd > 0.0 ? in.capex_usd * year_s / in.depreciation_s
                                                         : 0.0;
        // Facility energy = IT energy x PUE (The Green Grid WP#49).
        r.electricity_usd_per_year = in.it_power_w * in.pue * year_s * in.electricity_usd_per_j;
        r.operations_usd_per_year = in.operations_usd_per_s * year_s;
        r.annual_cost_usd =
            r.depreciation_usd_per_year + r.electricity_usd_per_year + r.operations_usd_per_year;
    }
    r.tokens_per_year = in.throughput_tok_per_s * in.availability * year_s;
    r.usd_per_token = r.annual_cost_usd / r.tokens_per_year;
    r.usd_per_million_tokens = r.usd_per_token * 1e6;
    return r;
}

}  // namespace racklink::reports
