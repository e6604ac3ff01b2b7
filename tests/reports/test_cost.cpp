#include <catch2/catch.hpp>

#include "reports/cost.hpp"

using namespace racklink::reports;
using Catch::Matchers::WithinRel;

// The worked example of the RackLink issue "Compare options, sweep parameters, and batch
// design-review reports": $/Mtok = annual cost / (tok/s x availability x 31.536e6 s) x 1e6.
TEST_CASE("dual NVL72 at $3.3M per year and 25000 tok/s costs about $4.2 per Mtok", "[cost]") {
    CostResult r = cost_per_token({.annual_cost_usd = 3.3e6, .throughput_tok_per_s = 25000.0});
    REQUIRE(r.ok());
    CHECK_THAT(r.usd_per_million_tokens, WithinRel(3.3e6 / (25000.0 * 31.536e6) * 1e6, 1e-12));
    CHECK_THAT(r.usd_per_million_tokens, WithinRel(4.19, 0.002));
}

TEST_CASE("one NVL576 at $6.5M per year and 135000 tok/s costs about $1.5 per Mtok", "[cost]") {
    CostResult r = cost_per_token({.annual_cost_usd = 6.5e6, .throughput_tok_per_s = 135000.0});
    CHECK_THAT(r.usd_per_million_tokens, WithinRel(1.53, 0.003));
    CostResult r90 = cost_per_token(
        {.annual_cost_usd = 6.5e6, .throughput_tok_per_s = 135000.0, .availability = 0.9});
    CHECK_THAT(r90.usd_per_million_tokens, WithinRel(1.70, 0.003));
    CHECK_THAT(r90.usd_per_million_tokens, WithinRel(r.usd_per_million_tokens / 0.9, 1e-12));
}

TEST_CASE("annual cost is depreciation plus electricity at PUE plus operations", "[cost]") {
    // Hand calculation: $3M over 4 years = $750k/yr; 120 kW x 1.2 x 8760 h x $0.10/kWh =
    // $126,144/yr; operations $200k/yr; total $1,076,144/yr; 10,000 tok/s all year =
    // 3.1536e11 tok -> $3.4125 per Mtok.
    CostInputs in{.capex_usd = 3e6,
                  .depreciation_s = 4 * kSecondsPerCostYear,
                  .it_power_w = 120e3,
                  .pue = 1.2,
                  .electricity_usd_per_j = usd_per_kwh(0.10),
                  .operations_usd_per_s = usd_per_year(200e3),
                  .throughput_tok_per_s = 10000.0};
    CostResult r = cost_per_token(in);
    REQUIRE(r.ok());
    CHECK_THAT(r.depreciation_usd_per_year, WithinRel(750e3, 1e-12));
    CHECK_THAT(r.electricity_usd_per_year, WithinRel(126144.0, 1e-12));
    CHECK_THAT(r.operations_usd_per_year, WithinRel(200e3, 1e-12));
    CHECK_THAT(r.annual_cost_usd, WithinRel(1076144.0, 1e-12));
    CHECK_THAT(r.usd_per_million_tokens, WithinRel(1076144.0 / 3.1536e11 * 1e6, 1e-12));
}

TEST_CASE("invalid cost inputs are reported, not computed", "[cost]") {
    CHECK(cost_per_token({.annual_cost_usd = 1e6, .throughput_tok_per_s = 0.0}).status ==
          CostStatus::invalid_input);
    CostResult r = cost_per_token({.pue = 0.8, .annual_cost_usd = 1e6, .throughput_tok_per_s = 1});
    CHECK(r.status == CostStatus::invalid_input);
    CHECK(r.message.find("PUE") != std::string::npos);
    CHECK(cost_per_token({.annual_cost_usd = 1e6, .throughput_tok_per_s = 1, .availability = 1.5})
              .message.find("availability") != std::string::npos);
}
