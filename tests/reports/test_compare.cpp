#include <catch2/catch.hpp>

#include <limits>
#include <map>

#include <cmath>
#include <sstream>

#include "graphs/reliability.hpp"
#include "graphs/sigint_analysis.hpp"
#include "graphs/structure.hpp"
#include "graphs/thermal_analysis.hpp"
#include "graphs/yield_analysis.hpp"
#include "hdl/load.hpp"
#include "reports/compare.hpp"
#include "reports/compare_command.hpp"
#include "reports/review.hpp"

using namespace racklink;
using namespace racklink::reports;
using Catch::Matchers::WithinRel;

namespace {

std::string example(const std::string& name) {
    return std::string(RACKLINK_SOURCE_DIR) + "/examples/" + name;
}

graphs::Model load(const std::string& path, std::vector<std::pair<std::string, std::string>> set = {}) {
    hdl::LoadOptions lo;
    lo.set = std::move(set);
    auto r = hdl::load_file(path, lo);
    INFO(r.diagnostics);
    REQUIRE(r.ok());
    return std::move(*r.model);
}

const Row& row(const Table& t, const std::string& name) {
    for (const auto& r : t.rows)
        if (r.name == name) return r;
    FAIL("no row " << name);
    return t.rows.front();
}

}  // namespace

TEST_CASE("compare rows equal the figures of the individual analyses", "[compare]") {
    graphs::Model m = load(example("gb200_nvl72.rack"));
    SystemAnalysis a = analyze_system(m, "copper", "gb200");
    Table t = comparison_table({&a});
    REQUIRE(t.validate().empty());

    graphs::StructureResult st = graphs::analyze_structure(m, {});
    CHECK(row(t, "GPUs").values[0] == 72);
    CHECK(row(t, "lanes per direction").values[0] == st.lanes);
    CHECK(row(t, "copper cable pairs").values[0] == st.cables);
    CHECK_THAT(row(t, "total cable length").values[0], WithinRel(st.cable_length_m, 1e-12));
    CHECK_THAT(row(t, "cable mass").values[0], WithinRel(st.cable_mass_kg, 1e-12));
    // Published: ~5,000 twinax pairs, "2 miles" (3.2 km) of copper in the NVL72 spine.
    CHECK(row(t, "copper cable pairs").values[0] == 5184);
    CHECK_THAT(row(t, "total cable length").values[0], WithinRel(3219.0, 0.1));

    graphs::SigintResult si = graphs::analyze_sigint(m);
    CHECK_THAT(row(t, "worst link-loss margin").values[0], WithinRel(si.worst_margin_db, 1e-12));
    double worst_reach = 1e300;
    for (const auto& l : si.links)
        if (!l.reach_medium.empty()) worst_reach = std::min(worst_reach, l.reach_margin_m);
    CHECK_THAT(row(t, "worst reach margin").values[0], WithinRel(worst_reach, 1e-12));

    graphs::ThermalResult th = graphs::analyze_thermal(m, {});
    REQUIRE(th.ok());
    CHECK_THAT(row(t, "interconnect power").values[0], WithinRel(th.interconnect_power_w, 1e-12));
    CHECK_THAT(row(t, "interconnect share of power").values[0],
               WithinRel(th.interconnect_power_w / th.total_power_w, 1e-12));
    REQUIRE(th.racks.size() == 1);
    CHECK_THAT(row(t, "rack power (largest rack)").values[0],
               WithinRel(th.racks[0].total_power_w, 1e-12));
    // 48 U rack: kW per rack unit = rack power / 48 / 1000.
    CHECK_THAT(row(t, "thermal density (largest rack)").values[0],
               WithinRel(th.racks[0].total_power_w / 48.0 / 1e3, 1e-9));

    graphs::ReliabilityResult rel = graphs::analyze_reliability(m, {});
    REQUIRE(rel.status == graphs::ReliabilityStatus::ok);
    CHECK_THAT(row(t, "MTBF (any failure)").values[0], WithinRel(rel.mtbf_s, 1e-12));
    CHECK_THAT(row(t, "MTTR").values[0], WithinRel(rel.mttr_s, 1e-12));
    // Fleet: 128 racks over 5 years; events per month ~ racks x 730.5 h / MTBF (Poisson).
    double expect_events = 128.0 * 730.5 * 3600.0 / rel.mtbf_s * 100.0 / 128.0;
    CHECK_THAT(row(t, "fleet events per month per 100 racks").values[0],
               WithinRel(expect_events, 0.05));
    // Cost study of the example (hand calculation): capex $3.42M (sum of the parts' `cost`) over
    // 4 years = $855k/yr; 120.38 kW x PUE 1.1 x 8,760 h x $0.08/kWh = $92.8k/yr; operations
    // $400k/yr -> $1.348M/yr over 12,500 tok/s x availability x 31.536e6 s/yr.
    double tokens_per_year = 12500.0 * row(t, "availability").values[0] * 365.0 * 86400.0;
    double usd_per_year = 3.42e6 / 4.0 + 120.38 * 1.1 * 8760.0 * 0.08 + 400000.0;
    CHECK_THAT(row(t, "cost per million tokens").values[0],
               WithinRel(usd_per_year / tokens_per_year * 1e6, 0.01));
}

TEST_CASE("the better value is marked and missing values are explained", "[compare]") {
    SystemAnalysis a, b;
    a.label = "copper";
    b.label = "cpo";
    for (auto* s : {&a, &b})
        s->statuses = {{"structure", true, "ok", ""}, {"sigint", true, "ok", ""},
                       {"thermal", true, "ok", ""},   {"reliability", true, "ok", ""},
                       {"yield", true, "ok", ""},     {"cost", true, "ok", ""}};
    a.structure.cable_length_m = 3000.0;
    b.structure.cable_length_m = 0.0;
    a.sigint.links.resize(1);
    b.sigint.links.resize(1);
    a.sigint.worst_margin_db = 2.5;
    b.sigint.worst_margin_db = 6.0;
    a.thermal.total_power_w = 100e3;
    a.thermal.interconnect_power_w = 5e3;
    b.thermal.total_power_w = 110e3;
    b.thermal.interconnect_power_w = 15e3;
    a.reliability.mtbf_s = 1000 * 3600.0;
    b.reliability.mtbf_s = 800 * 3600.0;
    b.statuses[5] = {"cost", false, "missing", "no tokens_per_s"};
    a.cost.usd_per_million_tokens = 4.19;

    Table t = comparison_table({&a, &b});
    CHECK(best_column(row(t, "total cable length")) == 1u);
    CHECK(best_column(row(t, "worst link-loss margin")) == 1u);
    CHECK(best_column(row(t, "interconnect power")) == 0u);
    CHECK(best_column(row(t, "MTBF (any failure)")) == 0u);
    CHECK(row(t, "worst link-loss margin").verdict ==
          "cpo is highest: 6.00 dB vs 2.50 dB for copper (2.4x)");
    CHECK(row(t, "interconnect power").verdict ==
          "copper is lowest: 5.00 kW vs 15.0 kW for cpo (-66.7 %)");
    // Cost is n/a for cpo: no best value, and the verdict says why.
    const Row& cost = row(t, "cost per million tokens");
    CHECK(std::isnan(cost.values[1]));
    CHECK_FALSE(best_column(cost).has_value());
    CHECK(cost.verdict == "no comparison; n/a for cpo: cost unavailable, see notes");
    // Markdown bolds the best value; text marks it with '*'.
    std::string md = to_markdown(t);
    CHECK(md.find("| worst link-loss margin | 2.50 dB | **6.00 dB** |") != std::string::npos);
    CHECK(to_text(t).find("6.00 dB *") != std::string::npos);
    CHECK(analysis_notes({&a, &b}) ==
          std::vector<std::string>{"cpo: cost: missing: no tokens_per_s"});
}

TEST_CASE("cost per token comes from the study part and is adjusted by availability",
          "[compare]") {
    const char* text = R"(
part Econ : study {
  tokens_per_s = 25000 Hz
  electricity_price = 0.1 USD/kWh
  operations_cost = 0 USD/year
  depreciation_years = 4 years
  pue = 1.25
}
tray T {
  height = 1 U
  power = 1000 W
  cost = 400000 USD
}
rack R {
  height = 2 U
  t: T at units(1..1)
}
)";
    // The language has no `tok` unit atom yet: tokens per second are written in Hz.
    auto r = hdl::load_string(text, "cost.rack");
    INFO(r.diagnostics);
    REQUIRE(r.ok());
    std::string source;
    auto in = cost_inputs(*r.model, "", source);
    REQUIRE(in.has_value());
    CHECK(source == "study (first)");
    CHECK_THAT(in->throughput_tok_per_s, WithinRel(25000.0, 1e-12));
    CHECK_THAT(in->capex_usd, WithinRel(400000.0, 1e-12));
    CHECK_THAT(in->electricity_usd_per_j, WithinRel(0.1 / 3.6e6, 1e-12));
    CHECK_THAT(in->pue, WithinRel(1.25, 1e-12));

    SystemAnalysis a = analyze_system(*r.model, "r", "cost.rack");
    REQUIRE(a.cost_available);
    REQUIRE(a.cost.ok());
    // Hand calculation: depreciation 400000 USD / 4 Julian years (the language's year is
    // 365.25 d) per 365-day cost year; electricity P x 1.25 x 8760 h x 0.1 USD/kWh;
    // tokens 25000 x A x 31 536 000 s.
    double dep = 400000.0 / (4 * 365.25 * 86400.0) * 365 * 86400.0;
    // The description has no devices, so the thermal network fails and the IT power is the
    // stated tray power, 1000 W.
    CHECK_THAT(a.cost_inputs.it_power_w, WithinRel(1000.0, 1e-12));
    double elec = 1.0 * 1.25 * 8760.0 * 0.1;
    double mtok = 25000.0 * a.cost_inputs.availability * 31536000.0 / 1e6;
    CHECK_THAT(a.cost.usd_per_million_tokens, WithinRel((dep + elec) / mtok, 1e-9));
    Table t = comparison_table({&a});
    CHECK_THAT(row(t, "cost per million tokens").values[0],
               WithinRel(a.cost.usd_per_million_tokens, 1e-15));
}

TEST_CASE("compare --options loads one file per interconnect option", "[compare][cli]") {
    std::ostringstream out, err;
    CompareCommandOptions o;
    o.files = {example("nvl4_server.rack")};
    o.options = {"copper", "cpo"};
    o.format = CompareFormat::csv;
    // nvl4_server.rack has no `interconnect` option: both loads fail and say so.
    int rc = run_compare_command(o, out, err);
    CHECK(rc == 1);
    CHECK(err.str().find("nothing to compare") != std::string::npos);

    std::ostringstream out2, err2;
    o.files = {example("gb200_nvl72.rack")};
    o.format = CompareFormat::json;
    rc = run_compare_command(o, out2, err2);
    INFO(err2.str());
    CHECK(rc == 0);
    auto j = nlohmann::json::parse(out2.str());
    CHECK(j["columns"] == nlohmann::json({"copper", "cpo"}));
    // Copper spine: 5184 twinax pairs; the CPO variant has none and is the better value.
    for (const auto& r : j["rows"])
        if (r["name"] == "copper cable pairs") {
            CHECK(r["values"][0] == 5184);
            CHECK(r["values"][1] == 0);
            CHECK(r["best"] == 1);
        }
}

TEST_CASE("links that share a channel get the same figures and their own ports", "[compare]") {
    // analyze_sigint evaluates each distinct channel once (profile, route, segments with their
    // lengths); every link must still carry its own ports and the shared figures.
    for (const char* name : {"dual_rack_nvl144.rack", "two_nvl72_infiniband.rack"}) {
        graphs::Model m = load(example(name));
        graphs::SigintResult r = graphs::analyze_sigint(m);
        INFO(name);
        REQUIRE(r.links.size() == boost::num_edges(m.graph()));
        std::map<std::string, const graphs::LinkSigint*> first;
        std::size_t shared = 0, in_classes = 0, failing = 0;
        for (std::size_t i = 0; i < r.links.size(); ++i) {
            const auto& l = r.links[i];
            REQUIRE(l.link == i);
            auto [it, fresh] = first.emplace(l.route + "|" + l.segments, &l);
            if (!fresh) {
                ++shared;
                REQUIRE(l.margin_db == it->second->margin_db);
                REQUIRE(l.il_nyquist_db == it->second->il_nyquist_db);
                REQUIRE(l.port_a != it->second->port_a);
            }
            failing += !l.pass;
        }
        CHECK(shared > 0);
        for (const auto& c : r.classes) in_classes += c.links;
        CHECK(in_classes == r.links.size());
        CHECK(failing == r.failing);
    }
}

TEST_CASE("an interconnect with no good units shows n/a with the reason, not an infinite price",
          "[compare]") {
    SystemAnalysis a, b;
    a.label = "midplane";
    b.label = "cpo";
    for (auto* s : {&a, &b}) {
        s->statuses = {{"structure", true, "ok", ""}, {"yield", true, "ok", ""}};
        s->interconnect_yield.has_data = true;
    }
    a.interconnect_yield.cost_per_good_usd = 76.2e3;
    b.interconnect_yield.cost_per_good_usd = std::numeric_limits<double>::infinity();
    Table t = comparison_table({&a, &b});
    const Row& cost = row(t, "interconnect cost per good unit");
    CHECK(cost.values[0] == 76.2e3);
    CHECK(std::isnan(cost.values[1]));
    CHECK(cost.verdict == "no comparison; n/a for cpo: no cost data on interconnect parts, or no "
                          "good units (yield < 1e-12)");
    CHECK(to_text(t).find("inf") == std::string::npos);
}
