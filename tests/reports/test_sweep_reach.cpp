// The sweep's "reach" evaluator runs the sigint cable model through the study plumbing (units
// in, defaults, unit conversion out): it must reproduce sigint's own reach table.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "reports/sweep.hpp"
#include "sigint/profiles.hpp"
#include "sigint/reach.hpp"

using namespace racklink;

TEST_CASE("the reach sweep evaluator reproduces the sigint reach table for 26 AWG at 224G") {
    auto prof = sigint::find_profile("224G");
    REQUIRE(prof.has_value());
    sigint::ReachOptions ro;
    ro.medium = "twinax";
    const sigint::ReachRow* row26 = nullptr;
    auto rows = sigint::reach_table(*prof, ro);
    for (const auto& r : rows)
        if (r.medium == "passive twinax" && r.variant.rfind("26 AWG", 0) == 0) row26 = &r;
    REQUIRE(row26 != nullptr);
    // Issue 3: 224G-class passive 26 AWG twinax reaches about 1-1.5 m.
    CHECK(row26->reach_m > 1.0);
    CHECK(row26->reach_m < 1.5);

    std::string text = fmt::format(
        "[sweep]\nevaluator = reach\nawg = 26\nbaud = {} GBd\nfixed_loss = {:.17g} dB\n"
        "budget = {:.17g} dB\noutput = reach [mm]\noutput = loss_per_m [dB/m]\n",
        prof->baud_hz / 1e9, row26->fixed_db, prof->loss_budget_db);
    auto parsed = reports::parse_study(text, "reach.study");
    REQUIRE(parsed.ok());
    auto reg = reports::builtin_evaluators();
    REQUIRE(reg.count("reach") == 1);
    REQUIRE(reports::check_study(parsed.study, reg.at("reach")).empty());
    auto fn = reports::bind_evaluator(parsed.study, reg.at("reach"));
    std::vector<double> values;
    for (const auto& p : parsed.study.params) values.push_back(p.values.front());
    reports::Point pt(&parsed.study.params, values, 0);
    auto out = fn(pt);
    REQUIRE(out.size() == 2);
    CHECK(out[0] == Approx(row26->reach_m * 1000.0).epsilon(1e-9));  // asked for in mm
    CHECK(out[1] == Approx(row26->loss_db_per_m).epsilon(1e-9));
}
