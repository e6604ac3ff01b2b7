#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <map>

#include <cmath>
#include <sstream>

#include "graphs/com_analysis.hpp"
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

bool has_row(const Table& t, const std::string& name) {
    return std::any_of(t.rows.begin(), t.rows.end(), [&](const Row& r) { return r.name == name; });
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

namespace {

/// examples/com_backplane.rack loaded once per test binary, its review analysis and, as the
/// independent reference, graphs::analyze_com on the same model (the COM of its two channels
/// takes about a second each time).
struct ComExample {
    ReviewInput input;
    SystemAnalysis review;
    graphs::ComAnalysis com;
};

const ComExample& com_example() {
    static const ComExample e = [] {
        ComExample x;
        x.input.path = example("com_backplane.rack");
        x.input.model = load(x.input.path);
        x.input.label = "chassis";
        ReviewOptions o;
        o.threads = 2;
        x.review = analyze_system(*x.input.model, x.input.label, x.input.path, o);
        graphs::ComAnalysisOptions co;
        co.threads = 1;  // results do not depend on the thread count
        x.com = graphs::analyze_com(*x.input.model, co);
        return x;
    }();
    return e;
}

const AnalysisStatus* status_of(const SystemAnalysis& a, const std::string& analysis) {
    for (const auto& st : a.statuses)
        if (st.analysis == analysis) return &st;
    return nullptr;
}

}  // namespace

TEST_CASE("COM on the example chassis: compare rows and review section equal analyze_com",
          "[compare][review][com]") {
    // One test case (one process under ctest): the chassis's COM is computed once.
    SECTION("the COM rows of a chassis with measured channels equal analyze_com") {
        const ComExample& e = com_example();
        const SystemAnalysis& a = e.review;
        INFO(e.com.message);
        REQUIRE(e.com.status == graphs::ComAnalysisStatus::fail);
        REQUIRE(a.com_links);
        REQUIRE(e.com.classes.size() == 2);
        const AnalysisStatus* st = status_of(a, "com");
        REQUIRE(st != nullptr);
        CHECK(st->ok);  // below the threshold is a result, not an error
        CHECK(st->status == "fail");
        CHECK(st->message == "36 of 120 COM link(s) below the COM threshold");

        Table t = comparison_table({&a});
        REQUIRE(t.validate().empty());
        // The worst link class is the far (0.45 m) channel.
        CHECK(row(t, "worst COM").values[0] == e.com.classes[0].worst.com_db);
        CHECK(row(t, "worst COM").values[0] == e.com.worst_com_db);
        CHECK(row(t, "worst COM").unit == "dB");
        // Pinned: `racklink com --system examples/com_backplane.rack --json` gives
        // classes[0].com_db = 2.0364703300464675 (far / PAM4_112G, package case 2, preset ck_kr).
        CHECK_THAT(row(t, "worst COM").values[0],
                   Catch::Matchers::WithinAbs(2.0364703300464675, 1e-9));
        CHECK(row(t, "worst COM").verdict ==
              "no comparison; worst link class: far / PAM4_112G at 3.00 dB threshold");
        CHECK(row(t, "COM links").values[0] == 120);
        CHECK(row(t, "COM links").values[0] == static_cast<double>(e.com.links.size()));
        CHECK(row(t, "COM links below threshold").values[0] == 36);
        CHECK(row(t, "COM links below threshold").values[0] ==
              static_cast<double>(e.com.failing));
        double fom_ild_db =
            std::max(e.com.channels[0].fom_ild_db, e.com.channels[1].fom_ild_db);
        CHECK(row(t, "worst COM channel FOM_ILD").values[0] == fom_ild_db);
        // The COM rows follow the signal-integrity rows.
        std::size_t links_below = 0, worst_com = 0;
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            if (t.rows[i].name == "links below margin") links_below = i;
            if (t.rows[i].name == "worst COM") worst_com = i;
        }
        CHECK(worst_com == links_below + 1);
    }
    SECTION("a system without COM links has no COM status and is n/a beside one with them") {
        const ComExample& e = com_example();
        graphs::Model m = load(example("nvl4_server.rack"));
        SystemAnalysis plain = analyze_system(m, "nvl4", "nvl4");
        CHECK_FALSE(plain.com_links);
        CHECK(status_of(plain, "com") == nullptr);
        CHECK(plain.com.links.empty());
        CHECK(plain.com.evaluations == 0);
        // Alone: no COM rows at all (the table is what it was before COM).
        Table alone = comparison_table({&plain});
        CHECK_FALSE(has_row(alone, "worst COM"));
        CHECK_FALSE(has_row(alone, "COM links"));
        // Beside the chassis: n/a with the reason, and no best value.
        Table t = comparison_table({&e.review, &plain});
        const Row& worst = row(t, "worst COM");
        CHECK(worst.values[0] == e.com.worst_com_db);
        CHECK(std::isnan(worst.values[1]));
        CHECK_FALSE(best_column(worst).has_value());
        CHECK(worst.verdict ==
              "no comparison; worst link class: far / PAM4_112G at 3.00 dB threshold "
              "(chassis); n/a for nvl4: no COM links");
        CHECK(std::isnan(row(t, "COM links below threshold").values[1]));
        CHECK(to_text(t).find("n/a") != std::string::npos);
        // The chassis's notes name the failing COM links; nvl4 has no COM note.
        auto notes = analysis_notes({&e.review, &plain});
        CHECK(std::count(notes.begin(), notes.end(),
                         "chassis: com: fail: 36 of 120 COM link(s) below the COM threshold") == 1);
        for (const auto& n : notes) CHECK(n.find("nvl4: com") == std::string::npos);
    }
    SECTION("the review's COM section lists the link classes with analyze_com's numbers") {
        const ComExample& e = com_example();
        std::vector<ReviewInput> inputs{e.input};
        std::vector<std::optional<SystemAnalysis>> analyses{e.review};
        Document d = build_review_document(inputs, analyses, "0.1.0");
        const Section* sec = nullptr;
        for (const auto& s : d.sections)
            if (s.heading == "chassis: Channel Operating Margin") sec = &s;
        REQUIRE(sec != nullptr);
        const Table* t = nullptr;
        std::string text;
        for (const auto& b : sec->blocks) {
            if (const auto* tb = std::get_if<TableBlock>(&b)) t = &tb->table;
            if (const auto* p = std::get_if<Paragraph>(&b)) text += p->text + "\n";
            if (const auto* kv = std::get_if<KeyValues>(&b))
                for (const auto& [k, v] : kv->items) text += k + ": " + v + "\n";
        }
        REQUIRE(t != nullptr);
        CHECK(t->key == "chassis_com");  // written as tables/chassis_com.csv
        REQUIRE(t->validate().empty());
        REQUIRE(t->columns == std::vector<std::string>{"far / PAM4_112G", "near / PAM4_112G"});
        for (std::size_t i = 0; i < 2; ++i) {
            INFO("class " << t->columns[i]);
            const auto& c = e.com.classes[i];
            const auto& ch = e.com.channels.at(c.worst.channel);
            CHECK(row(*t, "links").values[i] == static_cast<double>(c.links));
            CHECK(row(*t, "links below threshold").values[i] == static_cast<double>(c.failing));
            REQUIRE(ch.cases.size() == 2);
            CHECK(row(*t, "COM, package case 1").values[i] == ch.cases[0].com_db);
            CHECK(row(*t, "COM, package case 2").values[i] == ch.cases[1].com_db);
            CHECK(row(*t, "COM (worst case)").values[i] == c.worst.com_db);
            CHECK(row(*t, "COM threshold").values[i] == ch.threshold_db);
            CHECK(row(*t, "IL at Nyquist").values[i] == ch.il_nyquist_db);
            CHECK(row(*t, "FOM_ILD").values[i] == ch.fom_ild_db);
            CHECK(row(*t, "ICN").values[i] == ch.icn_mv);
            CHECK(row(*t, "ICN").unit == "mV");
        }
        // 16 slots, full mesh: 84 pairs up to 7 slots apart (near), 36 further (far, failing).
        CHECK(row(*t, "links").values == std::vector<double>{36, 84});
        CHECK(row(*t, "links below threshold").values == std::vector<double>{36, 0});
        CHECK(row(*t, "COM (worst case)").verdict ==
              "PASS: near / PAM4_112G; FAIL: far / PAM4_112G");
        CHECK(text.find("of the 120 links whose channel is a measured Touchstone file, 2 distinct "
                        "channel(s) evaluated") != std::string::npos);
        CHECK(text.find("COM configuration(s): ck_kr (2 channels).") != std::string::npos);
        CHECK(text.find("channel data/bp_long_thru.s4p (1 NEXT, 1 FEXT) at ") != std::string::npos);

        std::string md = render_markdown(d);
        CHECK(md.find("## chassis: Channel Operating Margin") != std::string::npos);
        CHECK(md.find("| COM (worst case) | 2.04 dB | 4.79 dB |") != std::string::npos);
        CHECK(md.find("| ICN | 0.901 mV | 0.915 mV |") != std::string::npos);
        CHECK(md.find("| worst COM | 2.04 dB |") != std::string::npos);
        CHECK(md.find("analysis: com") != std::string::npos);
        CHECK(render_markdown(build_review_document(inputs, analyses, "0.1.0")) == md);

        // Configuration warnings (entries COM does not read) are listed in the section.
        analyses[0]->com.warnings = {"preset:ck_kr: warning: `f_bb` is not read (ignored)"};
        std::string md2 = render_markdown(build_review_document(inputs, analyses, "0.1.0"));
        CHECK(md2.find("COM warnings (entries the configuration sets that COM does not read; channel "
                       "data to check):\n\n```\npreset:ck_kr: warning: `f_bb` is not read "
                       "(ignored)\n```") != std::string::npos);
    }
}

TEST_CASE("higher COM is better and a failed COM analysis is n/a with its message",
          "[compare][com]") {
    SystemAnalysis a, b, c;
    a.label = "A";
    b.label = "B";
    c.label = "C";
    for (auto* s : {&a, &b}) {
        s->com_links = true;
        s->com.channels.resize(1);
        s->com.channels[0].threshold_db = 3.0;
        s->com.channels[0].links = 10;
        s->com.classes.resize(1);
        s->com.classes[0].route = "bp";
        s->com.classes[0].profile = "KR1";
        s->com.links.resize(10);
    }
    a.com.classes[0].worst.com_db = 2.0;
    a.com.failing = 10;
    a.com.channels[0].fom_ild_db = 0.2;
    b.com.classes[0].worst.com_db = 4.5;
    b.com.channels[0].fom_ild_db = 0.1;
    a.statuses = {{"com", true, "fail", "10 of 10 COM link(s) below the COM threshold"}};
    b.statuses = {{"com", true, "ok", ""}};
    c.com_links = true;
    c.com.status = graphs::ComAnalysisStatus::error;
    c.statuses = {
        {"com", false, "error", "x.rack:3:5: cannot find Touchstone file 'gone.s4p' (next)"}};
    Table t = comparison_table({&a, &b, &c});
    CHECK(best_column(row(t, "worst COM")) == 1u);
    CHECK(best_column(row(t, "COM links below threshold")) == 1u);
    CHECK(best_column(row(t, "worst COM channel FOM_ILD")) == 1u);
    CHECK(std::isnan(row(t, "worst COM").values[2]));
    CHECK(row(t, "worst COM").verdict ==
          "B is highest: 4.50 dB vs 2.00 dB for A (2.25x); worst link class: bp / KR1 at 3.00 "
          "dB threshold (A), bp / KR1 at 3.00 dB threshold (B); n/a for C: com unavailable, "
          "see notes");
    CHECK(analysis_notes({&c}) == std::vector<std::string>{
              "C: com: error: x.rack:3:5: cannot find Touchstone file 'gone.s4p' (next)"});
}

TEST_CASE("a touchstone channel without COM data is not a COM link", "[compare][com]") {
    // A measured channel used for IL only (no next/fext/com): sigint reads it, COM skips it.
    const std::string data = std::string(RACKLINK_SOURCE_DIR) + "/examples/data/";
    const std::string text = "serdes KR1 {\n  baud = 53.125 GBd\n  loss_budget = 32 dB\n"
                             "  lane_rate = 100 Gb/s\n}\n"
                             "device Asic : switch_chip {\n  port p: KR1 x 1\n}\n"
                             "rack R {\n  a: Asic\n  b: Asic\n"
                             "  route bp = [touchstone(file = \"" + data + "bp_short_thru.s4p\")]\n"
                             "  a.p -- bp -- b.p\n}\n";
    auto r = hdl::load_string(text, "il_only.rack");
    INFO(r.diagnostics);
    REQUIRE(r.ok());
    SystemAnalysis a = analyze_system(*r.model, "il_only", "il_only.rack");
    CHECK_FALSE(a.com_links);
    CHECK(a.com.skipped == 1);
    CHECK(a.com.evaluations == 0);
    CHECK(status_of(a, "com") == nullptr);
    CHECK_FALSE(has_row(comparison_table({&a}), "worst COM"));
    ReviewOptions o;
    o.threads = 1025;
    CHECK(o.validate() == "threads must be at most 1024");
}
