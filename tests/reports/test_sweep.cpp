#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "reports/cost.hpp"
#include "reports/hdf5_writer.hpp"
#include "reports/sweep.hpp"
#include "reports/sweep_command.hpp"
#include "reports/units.hpp"

using namespace racklink::reports;
using Catch::Matchers::WithinRel;

namespace {

std::string temp_path(const std::string& name) {
    return "/tmp/racklink-sweep-" + std::to_string(::getpid()) + "-" + name;
}

bool file_exists(const std::string& p) { return ::access(p.c_str(), F_OK) == 0; }

Study parse_ok(const std::string& text) {
    StudyParseResult r = parse_study(text, "t.ini");
    INFO(r.render());
    REQUIRE(r.ok());
    return r.study;
}

// Equal including NaN positions (NaN marks excluded points).
bool same(const std::vector<std::vector<double>>& a, const std::vector<std::vector<double>>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].size() != b[i].size()) return false;
        for (std::size_t j = 0; j < a[i].size(); ++j)
            if (!(a[i][j] == b[i][j] || (std::isnan(a[i][j]) && std::isnan(b[i][j])))) return false;
    }
    return true;
}

std::string parse_errors(const std::string& text) { return parse_study(text, "t.ini").render(); }

}  // namespace

TEST_CASE("unit text converts to SI with dimensions", "[units]") {
    auto u = parse_unit("USD/kWh");
    REQUIRE(u);
    CHECK_THAT(u->scale, WithinRel(1.0 / 3.6e6, 1e-15));
    CHECK(si_unit_text(u->dims) == "USD/J");
    CHECK(parse_unit("GHz")->scale == 1e9);
    CHECK(parse_unit("mm")->scale == 1e-3);
    CHECK(parse_unit("min")->scale == 60.0);
    CHECK(parse_unit("Mtok")->scale == 1e6);
    CHECK(parse_unit("GB/s")->scale == 8e9);
    CHECK(si_unit_text(parse_unit("GB/s")->dims) == "bit/s");
    CHECK(si_unit_text(parse_unit("W/m^2")->dims) == "W/m^2");
    CHECK(si_unit_text(parse_unit("kg*m/s^2/K")->dims) == "m*kg/s^2*K");
    CHECK_THAT(parse_unit("FIT")->scale, WithinRel(2.7778e-13, 1e-4));  // 1e-9/h
    CHECK(parse_unit("degC")->offset == 273.15);
    CHECK(parse_unit("year")->scale == kSecondsPerCostYear);
    std::string err;
    CHECK_FALSE(parse_unit("furlong", &err));
    CHECK(err == "unknown unit 'furlong'");
    CHECK_FALSE(parse_unit("m/", &err));
}

TEST_CASE("a study lists values, ranges with steps and points, constraints and outputs",
          "[sweep]") {
    Study st = parse_ok(R"(# comment
[sweep]
title = demo ; trailing comment
evaluator = twinax_reach
baud = 53.125 GBd, 106.25 GBd
awg = 24 .. 30 step 2
length = 0.5 m .. 2 m step 0.1 m
budget = 20 dB .. 30 dB points 3
constraint = awg <= 28 and length * 2 < 3.5 m
output = reach [mm]
output = loss_per_m
)");
    CHECK(st.title == "demo");
    CHECK(st.evaluator == "twinax_reach");
    REQUIRE(st.params.size() == 4);
    CHECK(st.params[0].values == std::vector<double>{53.125e9, 106.25e9});
    CHECK(st.params[0].unit == "Hz");
    CHECK(st.params[1].values == std::vector<double>{24, 26, 28, 30});
    REQUIRE(st.params[2].values.size() == 16);  // 0.5 .. 2.0 inclusive despite rounding
    CHECK_THAT(st.params[2].values.back(), WithinRel(2.0, 1e-12));
    CHECK(st.params[2].unit == "m");
    CHECK(st.params[3].values == std::vector<double>{20, 25, 30});
    CHECK(st.size() == 2 * 4 * 16 * 3);
    CHECK(st.shape() == std::vector<std::size_t>{2, 4, 16, 3});
    // C order: last parameter fastest.
    CHECK(st.point_values(1) == std::vector<double>{53.125e9, 24, 0.5, 25});
    CHECK(st.point_values(3)[2] == 0.6);
    CHECK(st.feasible({1, 28, 1.7, 0}));
    CHECK_FALSE(st.feasible({1, 30, 1.0, 0}));
    CHECK_FALSE(st.feasible({1, 26, 1.75, 0}));
    REQUIRE(st.outputs.size() == 2);
    CHECK(st.outputs[0].unit == "mm");
    CHECK(st.outputs[0].parsed.scale == 1e-3);
}

TEST_CASE("constraint expressions support arithmetic, functions and logic", "[sweep]") {
    Study st = parse_ok(R"([sweep]
evaluator = e
x = 1, 2, 3, 4
y = 1, 2
constraint = (x^2 + 2*y >= 6 || !(x != 1)) && max(x, y) - min(x, 3) >= 0 and sqrt(x) < 1.9
output = o
)");
    CHECK(st.feasible({1, 1}));        // x == 1 branch
    CHECK_FALSE(st.feasible({2, 0}));  // 4 + 0 < 6
    CHECK(st.feasible({2, 1}));        // 4 + 2 >= 6
    CHECK(st.feasible({3, 1}));
    CHECK_FALSE(st.feasible({4, 1}));  // sqrt(4) = 2
}

TEST_CASE("study errors carry file, line, column and a caret", "[sweep]") {
    CHECK(parse_errors("[sweep]\nevaluator = e\nx = 1 m, 2 s\noutput = o\n") ==
          "t.ini:3:10: error: value of 'x' in s does not match m of its first value [SWEEP]\n"
          "  x = 1 m, 2 s\n"
          "           ^\n");
    CHECK(parse_errors("[sweep]\nevaluator = e\nx = 1 furlong\noutput = o\n") ==
          "t.ini:3:7: error: unknown unit 'furlong' in the values of 'x' [SWEEP]\n"
          "  x = 1 furlong\n"
          "        ^\n");
    CHECK(parse_errors("[sweep]\nevaluator = e\nx = 0.5 m .. 2 m\noutput = o\n") ==
          "t.ini:3:17: error: a range needs 'step <value>' or 'points <count>' after its end "
          "(e.g. 0.5 m .. 2 m step 0.1 m) [SWEEP]\n"
          "  x = 0.5 m .. 2 m\n"
          "                  ^\n");
    CHECK(parse_errors("[sweep]\nevaluator = e\nx = 1, 2\nconstraint = x < z\noutput = o\n") ==
          "t.ini:4:18: error: constraint uses 'z', which is not a swept parameter of this study "
          "[SWEEP]\n"
          "  constraint = x < z\n"
          "                   ^\n");
    CHECK(parse_errors("[sweep]\nevaluator = e\nx = 1, 2\nconstraint = x < (2\noutput = o\n")
              .find("t.ini:4:20: error: expected ')' in constraint") != std::string::npos);
    CHECK(parse_errors("x = 1\n").find("t.ini:1:1: error: settings must follow a [sweep] section") !=
          std::string::npos);
    CHECK(parse_errors("[sweep]\nevaluator = e\nx = 1\nx = 2\noutput = o\n")
              .find("t.ini:4:1: error: parameter 'x' given twice") != std::string::npos);
    CHECK(parse_errors("[sweep]\nevaluator = e\nx = 3 .. 1 step 1\noutput = o\n")
              .find("range end is below its start") != std::string::npos);
    CHECK(parse_errors("[sweep]\nx = 1\n").find("no 'evaluator = name' line") != std::string::npos);
    CHECK(parse_errors("[other]\n").find("t.ini:1:2: error: unknown section 'other'") !=
          std::string::npos);
    CHECK(load_study("/nonexistent/s.ini").render() ==
          "/nonexistent/s.ini: error: cannot open study file [SWEEP]\n");
}

TEST_CASE("a study is checked against its evaluator's parameters and outputs", "[sweep]") {
    EvaluatorRegistry reg = builtin_evaluators();
    StudyParseResult r = parse_study(R"([sweep]
evaluator = cost_per_token
availability = 1 m
lenght = 1, 2
output = cost_per_mtok [m]
output = nope
)", "c.ini");
    REQUIRE(r.ok());
    auto errors = check_study(r.study, reg.at("cost_per_token"));
    REQUIRE(errors.size() == 5);
    CHECK(errors[0].message == "'availability' is in m but evaluator 'cost_per_token' expects 1");
    CHECK(errors[1].message.rfind("evaluator 'cost_per_token' has no parameter 'lenght'", 0) == 0);
    CHECK(errors[2].message == "evaluator 'cost_per_token' needs parameter 'throughput' [tok/s]");
    CHECK(errors[2].loc.line == 2);
    CHECK(errors[3].message == "output 'cost_per_mtok' is in USD/Mtok, not m");
    CHECK(errors[4].message.rfind("evaluator 'cost_per_token' has no output 'nope'", 0) == 0);
}

TEST_CASE("the cost sweep reproduces the worked example in the study's units", "[sweep]") {
    EvaluatorRegistry reg = builtin_evaluators();
    Study st = parse_ok(R"([sweep]
evaluator = cost_per_token
annual_cost = 3.3e6 USD/year, 6.5e6 USD/year
throughput = 25000 tok/s, 135000 tok/s
availability = 0.9, 1
output = cost_per_mtok [USD/Mtok]
output = annual_cost [USD/month]
)");
    // kUSD is not a unit: USD takes no prefix.
    CHECK(parse_study("[sweep]\nevaluator=e\nx=1\noutput = a [kUSD]\n").render().find(
              "unknown unit 'kUSD'") != std::string::npos);
    REQUIRE(check_study(st, reg.at("cost_per_token")).empty());
    SweepResult r = run_sweep(st, bind_evaluator(st, reg.at("cost_per_token")), {.threads = 2});
    REQUIRE(r.ok());
    const auto& c = r.outputs[0];
    // Index = ((cost * 2) + throughput) * 2 + availability.
    CHECK_THAT(c[0 * 4 + 0 * 2 + 1], WithinRel(4.19, 0.002));  // dual NVL72, 100 %
    CHECK_THAT(c[1 * 4 + 1 * 2 + 1], WithinRel(1.53, 0.003));  // NVL576, 100 %
    CHECK_THAT(c[1 * 4 + 1 * 2 + 0], WithinRel(1.70, 0.003));  // NVL576, 90 %
    CHECK_THAT(r.outputs[1][0], WithinRel(3.3e6 / 12.0, 1e-12));  // USD per month
}

TEST_CASE("parallel sweeps place results deterministically and match a serial run",
          "[sweep]") {
    Study st = parse_ok(R"([sweep]
evaluator = f
a = 0 .. 99 step 1
b = 0 .. 99 step 1
constraint = a + b != 50
output = y
output = z
)");
    EvalFn f = [](const Point& p) {
        return std::vector<double>{p["a"] * 1000 + p["b"], std::sin(p["a"]) * p.index()};
    };
    SweepResult one = run_sweep(st, f, {.threads = 1});
    SweepResult many = run_sweep(st, f, {.threads = 7});
    REQUIRE(one.ok());
    REQUIRE(many.ok());
    CHECK(one.points == 10000);
    CHECK(one.infeasible == 51);  // a + b = 50 for a = 0..50
    CHECK(one.outputs[0][123] == 1 * 1000 + 23);
    CHECK(std::isnan(one.outputs[0][50]));
    CHECK(one.feasible[50] == 0);
    CHECK(same(one.outputs, many.outputs));
    CHECK(one.feasible == many.feasible);
}

TEST_CASE("evaluator failures are counted and reported, not fatal", "[sweep]") {
    Study st = parse_ok("[sweep]\nevaluator = f\nx = 1 .. 10 step 1\noutput = y\n");
    SweepResult r = run_sweep(st, [](const Point& p) -> std::vector<double> {
        if (p["x"] == 4) throw std::runtime_error("no convergence");
        if (p["x"] == 7) return {1.0, 2.0};
        return {p["x"]};
    }, {.threads = 1});
    REQUIRE(r.ok());
    CHECK(r.failed == 2);
    CHECK(r.first_failure == "point 3: no convergence");
    CHECK(std::isnan(r.outputs[0][3]));
    CHECK(r.outputs[0][4] == 5.0);
}

TEST_CASE("the sweep HDF5 file has the grid as dimensions, axes, units and schema version",
          "[sweep]") {
    std::string out = temp_path("grid.h5");
    Study st = parse_ok(R"([sweep]
evaluator = twinax_reach
baud = 53.125 GBd, 106.25 GBd
awg = 26, 30
fixed_loss = 8 dB .. 12 dB step 2 dB
output = reach [mm]
output = loss_per_m
)");
    EvaluatorRegistry reg = builtin_evaluators();
    REQUIRE(check_study(st, reg.at("twinax_reach")).empty());
    SweepResult r = run_sweep(st, bind_evaluator(st, reg.at("twinax_reach")),
                              {.output_path = out, .racklink_version = "test"});
    REQUIRE(r.ok());
    REQUIRE(file_exists(out));
    CHECK_FALSE(file_exists(out + ".ckpt"));
    H5Reader h(out);
    CHECK(h.number_attribute("/", "schema_version") == 1);
    CHECK(h.string_attribute("/", "schema") == "racklink.sweep");
    CHECK(h.string_attribute("/", "evaluator") == "twinax_reach");
    CHECK(h.string_attribute("/", "study") == st.text);
    CHECK(h.read_strings("/parameters") == std::vector<std::string>{"baud", "awg", "fixed_loss"});
    CHECK(h.read_doubles("/axes/baud") == std::vector<double>{53.125e9, 106.25e9});
    CHECK(h.string_attribute("/axes/baud", "units") == "Hz");
    CHECK(h.string_attribute("/axes/awg", "units") == "1");
    std::vector<std::size_t> dims;
    auto reach = h.read_doubles("/outputs/reach", &dims);
    CHECK(dims == std::vector<std::size_t>{2, 2, 3});
    CHECK(h.string_attribute("/outputs/reach", "units") == "mm");
    CHECK(h.string_attribute("/outputs/loss_per_m", "units") == "dB/m");
    CHECK(h.string_attribute("/outputs/reach", "dimensions") == "baud,awg,fixed_loss");
    // Hand check of the closed form at 106.25 GBd (f_N = 53.125 GHz), 26 AWG, 10 dB fixed:
    // alpha = 6 (0.75 sqrt(2) + 0.25 * 2) = 9.364 dB/m; reach = 18 / 9.364 m = 1.922 m.
    double alpha = 6.0 * (0.75 * std::sqrt(2.0) + 0.25 * 2.0);
    CHECK_THAT(reach[1 * 6 + 0 * 3 + 1], WithinRel(18.0 / alpha * 1000.0, 1e-12));
    // Thinner wire (30 AWG) reaches less; more fixed loss reaches less.
    CHECK(reach[1 * 6 + 1 * 3 + 1] < reach[1 * 6 + 0 * 3 + 1]);
    CHECK(reach[2] < reach[0]);
    std::remove(out.c_str());
}

TEST_CASE("an interrupted sweep leaves a checkpoint, no result file, and resumes to the same "
          "result", "[sweep]") {
    std::string out = temp_path("resume.h5");
    Study st = parse_ok("[sweep]\nevaluator = f\nx = 1 .. 2000 step 1\ny = 1, 2\noutput = z\n");
    std::atomic<bool> stop{false};
    std::atomic<int> calls{0};
    EvalFn f = [&](const Point& p) {
        if (calls.fetch_add(1) == 1500) stop = true;
        return std::vector<double>{p["x"] * p["y"]};
    };
    SweepResult first = run_sweep(st, f, {.threads = 2, .output_path = out, .stop = &stop});
    CHECK(first.status == SweepStatus::interrupted);
    CHECK(first.message.find("rerun with --resume") != std::string::npos);
    CHECK_FALSE(file_exists(out));
    REQUIRE(file_exists(out + ".ckpt"));
    std::size_t done_first = first.evaluated;
    CHECK(done_first >= 1500);
    CHECK(done_first < 4000);

    // A different study must not resume from this checkpoint.
    Study other = parse_ok("[sweep]\nevaluator = f\nx = 1 .. 2000 step 1\ny = 1, 3\noutput = z\n");
    SweepResult bad = run_sweep(other, f, {.output_path = out, .resume = true});
    CHECK(bad.status == SweepStatus::invalid_input);
    CHECK(bad.message.find("different study") != std::string::npos);

    stop = false;
    calls = -1000000;
    SweepResult second = run_sweep(st, f, {.threads = 2, .output_path = out, .resume = true});
    REQUIRE(second.ok());
    CHECK(second.resumed == done_first);
    CHECK(second.evaluated == 4000 - done_first);
    CHECK(calls.load() == -1000000 + static_cast<int>(4000 - done_first));
    CHECK_FALSE(file_exists(out + ".ckpt"));
    CHECK(second.message.empty());
    SweepResult again = run_sweep(st, f, {.threads = 2, .output_path = out, .resume = true});
    REQUIRE(again.ok());
    CHECK(again.message == "no checkpoint at " + out + ".ckpt; the full grid was evaluated");
    SweepResult clean = run_sweep(st, [](const Point& p) {
        return std::vector<double>{p["x"] * p["y"]};
    }, {});
    CHECK(same(second.outputs, clean.outputs));
    H5Reader h(out);
    CHECK(h.read_doubles("/outputs/z") == clean.outputs[0]);
    std::remove(out.c_str());
}

TEST_CASE("a corrupt checkpoint is rejected with its path", "[sweep]") {
    std::string out = temp_path("corrupt.h5");
    {
        FILE* f = std::fopen((out + ".ckpt").c_str(), "wb");
        std::fputs("RLSWCKP1garbage", f);
        std::fclose(f);
    }
    Study st = parse_ok("[sweep]\nevaluator = f\nx = 1, 2\noutput = z\n");
    SweepResult r = run_sweep(st, [](const Point&) { return std::vector<double>{1}; },
                              {.output_path = out, .resume = true});
    CHECK(r.status == SweepStatus::invalid_input);
    CHECK(r.message == out + ".ckpt: not a racklink sweep checkpoint");
    std::remove((out + ".ckpt").c_str());
}

TEST_CASE("the sweep command runs a study end to end and reports bad studies", "[sweep]") {
    std::string dir = temp_path("cmd");
    std::string study = dir + "-study.ini";
    {
        FILE* f = std::fopen(study.c_str(), "w");
        std::fputs("[sweep]\nevaluator = cost_per_token\nannual_cost = 6.5e6 USD/year\n"
                   "throughput = 135000 tok/s\navailability = 0.9, 1\n"
                   "output = cost_per_mtok [USD/Mtok]\n", f);
        std::fclose(f);
    }
    std::ostringstream out, err;
    SweepCommandOptions o{.study_path = study, .output_path = dir + ".h5", .quiet = true};
    CHECK(run_sweep_command(o, sweep_evaluators(), out, err) == 0);
    CHECK(out.str().find("sweep: wrote " + dir + ".h5: 2 points") == 0);
    H5Reader h(dir + ".h5");
    auto v = h.read_doubles("/outputs/cost_per_mtok");
    CHECK_THAT(v[0], WithinRel(1.70, 0.003));
    CHECK_THAT(v[1], WithinRel(1.53, 0.003));
    std::remove((dir + ".h5").c_str());

    {
        FILE* f = std::fopen(study.c_str(), "w");
        std::fputs("[sweep]\nevaluator = reach_of_doom\nx = 1\noutput = y\n", f);
        std::fclose(f);
    }
    std::ostringstream out2, err2;
    CHECK(run_sweep_command(o, sweep_evaluators(), out2, err2) == 1);
    CHECK(err2.str().find(study + ":2:13: error: unknown evaluator 'reach_of_doom' (known: "
                                  "cost_per_token, reach, twinax_reach)") == 0);
    std::remove(study.c_str());
}

// Cross-check with independent tools: h5py reads the file (layout, units) and NumPy
// recomputes the closed form; runs when /usr/bin/python3 has h5py (Debian python3-h5py).
TEST_CASE("h5py reads the sweep file and NumPy reproduces every reach value", "[sweep][oracle]") {
    if (std::system("/usr/bin/python3 -c 'import h5py, numpy' >/dev/null 2>&1") != 0) {
        WARN("python3-h5py not installed; oracle skipped");
        return;
    }
    std::string out = temp_path("oracle.h5");
    Study st = parse_ok(R"([sweep]
evaluator = twinax_reach
baud = 25 GBd .. 224 GBd points 40
awg = 24, 26, 28, 30, 32
fixed_loss = 4 dB .. 30 dB step 2 dB
output = reach [mm]
)");
    EvaluatorRegistry reg = builtin_evaluators();
    REQUIRE(check_study(st, reg.at("twinax_reach")).empty());
    REQUIRE(run_sweep(st, bind_evaluator(st, reg.at("twinax_reach")), {.output_path = out}).ok());
    std::string cmd = "/usr/bin/python3 '" + std::string(RACKLINK_SOURCE_DIR) +
                      "/tests/reports/h5py_oracle.py' '" + out + "' > '" + out + ".txt' 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    std::ifstream in(out + ".txt");
    std::string verdict, err;
    in >> verdict >> err;
    INFO(verdict << " " << err);
    REQUIRE(verdict == "ok");
    CHECK(std::stod(err) < 1e-12);
    std::remove(out.c_str());
    std::remove((out + ".txt").c_str());
}
