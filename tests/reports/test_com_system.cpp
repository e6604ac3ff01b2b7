// End-to-end COM for a system: the .rack language (text lists, com), graphs::analyze_com on the
// shipped example, and `racklink com --system`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "graphs/com_analysis.hpp"
#include "hdl/load.hpp"
#include "sigint/com.hpp"
#include "sigint/com_config.hpp"

#include "run_racklink.hpp"

namespace fs = std::filesystem;
using namespace racklink;

namespace {

/// The ck_kr preset as configuration-file text, and its line count.
std::string load_com_config_text_for_test() { return sigint::com_preset_text("ck_kr"); }
int config_lines_for_test() {
    const std::string t = load_com_config_text_for_test();
    return static_cast<int>(std::count(t.begin(), t.end(), '\n'));
}

const std::string kExample = std::string(RACKLINK_SOURCE_DIR) + "/examples/com_backplane.rack";
const std::string kData = std::string(RACKLINK_SOURCE_DIR) + "/examples/data/";
const std::string kTe4 = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p";

/// A scratch directory holding a .rack file that uses the example's channel files.
struct Scratch {
    fs::path dir;
    explicit Scratch(const std::string& name) {
        dir = fs::temp_directory_path() / ("racklink_com_system_" + name);
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~Scratch() { fs::remove_all(dir); }
    std::string write(const std::string& text) const {
        const std::string path = (dir / "sys.rack").string();
        std::ofstream(path) << text;
        return path;
    }
    /// `file` in the scratch directory: the ck_kr preset's text and then `line`.
    std::string config_with(const std::string& file, const std::string& line) const {
        const std::string path = (dir / file).string();
        std::ofstream(path) << load_com_config_text_for_test() << line << "\n";
        return path;
    }
};

std::string system_text(const std::string& segment_args) {
    return "serdes KR1 {\n"
           "  baud = 53.125 GBd\n"
           "  loss_budget = 32 dB\n"
           "  lane_rate = 100 Gb/s\n"
           "}\n"
           "device Asic : switch_chip {\n"
           "  port p: KR1 x 1\n"
           "}\n"
           "rack R {\n"
           "  a: Asic\n"
           "  b: Asic\n"
           "  route bp = [touchstone(" + segment_args + ")]\n"
           "  a.p -- bp -- b.p\n"
           "}\n";
}
}  // namespace

TEST_CASE("the example chassis: 120 links, two measured channels, COM evaluated twice") {
    hdl::LoadResult lr = hdl::load_file(kExample);
    INFO(lr.diagnostics);
    REQUIRE(lr.ok());
    graphs::ComAnalysis r = graphs::analyze_com(*lr.model);
    INFO(r.message);
    REQUIRE(r.status != graphs::ComAnalysisStatus::error);
    CHECK(r.links.size() == 120);
    CHECK(r.skipped == 0);
    CHECK(r.evaluations == 2);
    REQUIRE(r.channels.size() == 2);
    // 16 slots, full mesh: pairs up to 7 slots apart use the near channel: sum_{d=1..7} (16 - d) = 84.
    REQUIRE(r.classes.size() == 2);
    CHECK(r.classes[0].route == "far");
    CHECK(r.classes[0].links == 36);
    CHECK(r.classes[1].route == "near");
    CHECK(r.classes[1].links == 84);
    CHECK(r.classes[0].route_where == lr.model->files()[0] + ":70:3");
    // Each link's COM is compute_com on the same files, exactly.
    const sigint::ComParams p = sigint::resolve_com_params(sigint::load_com_config("ck_kr"));
    const sigint::ComResult far = sigint::compute_com_files(p, kData + "bp_long_thru.s4p", {kData + "bp_long_fext.s4p"},
                                                            {kData + "card_next.s4p"});
    const sigint::ComResult near = sigint::compute_com_files(p, kData + "bp_short_thru.s4p",
                                                             {kData + "bp_short_fext.s4p"}, {kData + "card_next.s4p"});
    REQUIRE(far.ok());
    REQUIRE(near.ok());
    CHECK(r.classes[0].worst.com_db == far.min_com_db());
    CHECK(r.classes[1].worst.com_db == near.min_com_db());
    for (const auto& l : r.links)
        CHECK(l.com_db == (l.route == "far" ? far.min_com_db() : near.min_com_db()));
    // The long channel fails 3 dB in package case 2 (2.036 dB); the short one passes (4.792 dB).
    CHECK(r.failing == 36);
    CHECK(r.classes[0].worst.com_db == Approx(2.036).margin(2e-3));
    CHECK(r.classes[1].worst.com_db == Approx(4.792).margin(2e-3));
}

TEST_CASE("a text list is stored as one text parameter, items joined by newlines") {
    Scratch s("list");
    const std::string path = s.write(system_text(
        "file = \"" + kData + "bp_short_thru.s4p\", next = [\"" + kData + "card_next.s4p\", \"" + kData +
        "card_next.s4p\"], fext = \"" + kData + "bp_short_fext.s4p\", com = \"ck_kr\""));
    hdl::LoadResult lr = hdl::load_file(path);
    INFO(lr.diagnostics);
    REQUIRE(lr.ok());
    const graphs::Model& m = *lr.model;
    const graphs::ParamSet& ps = m.params(m.segment_specs().at(0));
    REQUIRE(ps.find("next") != nullptr);
    CHECK(graphs::split_text_list(ps.text("next")).size() == 2);
    CHECK(graphs::split_text_list(ps.text("fext")).size() == 1);  // a single string is a one-item list
    graphs::ComAnalysis r = graphs::analyze_com(m);
    INFO(r.message);
    REQUIRE(r.channels.size() == 1);
    CHECK(r.channels[0].next.size() == 2);
}

TEST_CASE("a list where text is expected, and a list of numbers, are description errors") {
    Scratch s("bad_list");
    hdl::LoadResult a = hdl::load_file(s.write(system_text("file = [\"a.s4p\"]")));
    CHECK_FALSE(a.ok());
    CHECK(a.diagnostics.find("sys.rack:12:33: error: parameter 'file' does not take a list") != std::string::npos);
    hdl::LoadResult b = hdl::load_file(s.write(system_text("file = \"a.s4p\", next = [1, 2]")));
    CHECK_FALSE(b.ok());
    CHECK(b.diagnostics.find("a list holds strings (e.g. file names), got a plain number") != std::string::npos);
}

TEST_CASE("a missing NEXT file is reported at the list in the description") {
    Scratch s("missing");
    const std::string args = "file = \"" + kData + "bp_short_thru.s4p\", next = [\"gone.s4p\"], com = \"ck_kr\"";
    const std::string path = s.write(system_text(args));
    CliRun r = run_racklink("com --system " + path);
    INFO(r.out);
    CHECK(r.code == 1);
    // The list's column: after "  route bp = [touchstone(" (25 characters), 1-based.
    const std::string col = std::to_string(25 + args.find('[') + 1);
    CHECK(r.out.find(path + ":12:" + col + ": cannot find Touchstone file 'gone.s4p' (next)") != std::string::npos);
}

TEST_CASE("racklink com --system --json reports classes, channels and cases") {
    CliRun r = run_racklink("com --system " + kExample + " --json --threads 2", Stderr::dropped);
    CHECK(r.code == 1);  // the far channel fails COM: an analysis finding
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["com_links"] == 120);
    CHECK(j["evaluations"] == 2);
    CHECK(j["failing_links"] == 36);
    REQUIRE(j["classes"].size() == 2);
    CHECK(j["classes"][0]["route"] == "far");
    CHECK(j["classes"][0]["cases"].size() == 2);
    CHECK(j["classes"][0]["cases"][1]["pass"] == false);
    CHECK(j["classes"][0]["cases"][1]["com_db"].get<double>() == Approx(2.036).margin(2e-3));
    CHECK(j["channels"][0]["config"] == "ck_kr");
    // --com-set changes the configuration of every channel: a 0 dB threshold passes them all.
    CliRun pass = run_racklink("com --system " + kExample + " --json --com-set 'COM Pass threshold=0'", Stderr::dropped);
    INFO(pass.out);
    CHECK(pass.code == 0);
}

TEST_CASE("racklink com keeps its channel usage and rejects a half-given one") {
    CliRun r = run_racklink("com ck_kr");
    CHECK(r.code == 2);
    CHECK(r.out.find("give a configuration and at least one thru channel") != std::string::npos);
    CliRun ch = run_racklink("com ck_kr " + kData + "bp_short_thru.s4p --json", Stderr::dropped);
    CHECK(ch.code == 0);
    auto j = nlohmann::json::parse(ch.out);
    CHECK(j["com_db"].get<double>() > 3.0);
}

// ERL verdicts (ERL Pass threshold of the official 802.3ck sheets) and ports the reference does
// not rate: ck_c2m puts the TX package in the TDR (TDR_W_TXPKG = 1), so only port 2 is rated;
// its ERL on TE 4 in is 4.7825 dB against the reference (tests/golden/com/ck_preset_erl__te.json).
TEST_CASE("racklink com --erl-only names an unrated port and gives the ERL verdict") {
    CliRun t = run_racklink("com ck_c2m " + kTe4 + " --erl-only", Stderr::dropped);
    CHECK(t.code == 0);
    CHECK(t.out.find("ERL port 1 not rated, port 2 4.783 dB (Z 101.20 ohm) (FAIL at 7.30 dB)") != std::string::npos);
    CHECK(t.out.find("nan") == std::string::npos);
    CliRun j = run_racklink("com ck_c2m " + kTe4 + " --erl-only --json", Stderr::dropped);
    auto js = nlohmann::json::parse(j.out);
    CHECK(js["erl"][0]["rated"] == false);
    CHECK(js["erl"][0]["erl_db"].is_null());
    CHECK(js["erl"][1]["rated"] == true);
    CHECK(js["erl_db"].get<double>() == Approx(4.7825).margin(1e-4));
    CHECK(js["erl_pass_threshold_db"].get<double>() == 7.3);
    CHECK(js["erl_pass"] == false);
    // Both ports rated and a pass: the C2M host sheet with its 7.3 dB threshold lowered to 7.0.
    CliRun h = run_racklink("com ck_c2m_erl_host " + kTe4 + " --com-set 'ERL Pass threshold=7.0'", Stderr::dropped);
    CHECK(h.out.find("ERL port 1 13.527 dB (Z 101.60 ohm), port 2 7.013 dB (Z 101.73 ohm) (PASS at 7.00 dB)") !=
          std::string::npos);
}

// AUTO_TFX and a Z_t sweep through the command line: the figures of
// tests/golden/com/ck_erl_options__te.json (IEEE reference v4.50 branches under Octave 7.3).
TEST_CASE("racklink com --erl-only reports the estimated fixture delay and the figures per swept Z_t") {
    const std::string cfg = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/ck_kr_erl.cfg";
    const std::string ts = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";
    CliRun a = run_racklink("com " + cfg + " " + ts + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p --erl-only --json --com-set AUTO_TFX=1",
                            Stderr::dropped);
    REQUIRE(a.code == 0);
    auto ja = nlohmann::json::parse(a.out);
    CHECK(ja["erl_tfx_estimate_s"].get<double>() == Approx(1.7941176470588235e-09).epsilon(1e-12));
    CHECK(ja["erl"][1]["tfx_s"].get<double>() == Approx(1.7941176470588235e-09).epsilon(1e-12));
    CHECK(ja["erl"][0]["tfx_s"].get<double>() == 0.0);  // port 1 keeps `fixture delay time`
    CHECK(ja["erl"][1]["erl_db"].get<double>() == Approx(51.700533040583636).epsilon(1e-12));
    CHECK(ja["erl"][0]["gate_s"].get<double>() == Approx(5.647058823529412e-08).epsilon(1e-12));  // N = 3000 UI
    CliRun at = run_racklink("com " + cfg + " " + ts + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p --erl-only --com-set AUTO_TFX=1",
                             Stderr::dropped);
    CHECK(at.out.find("ERL fixture delay port 2 estimated 1.7941 ns") != std::string::npos);

    CliRun z = run_racklink("com " + cfg + " " + ts + "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p --erl-only --json --com-set 'Z_t=[45 50 55]'",
                            Stderr::dropped);
    REQUIRE(z.code == 0);
    auto jz = nlohmann::json::parse(z.out);
    const auto& sweep = jz["erl"][1]["z_t_sweep"];
    REQUIRE(sweep.size() == 3);
    const double ref_erl2[3] = {6.162463548813374, 7.452682868145346, 7.497868491930647};
    for (int i = 0; i < 3; ++i) {
        CHECK(sweep[i]["z_t_ohm"].get<double>() == 45.0 + 5 * i);
        CHECK(sweep[i]["erl_db"].get<double>() == Approx(ref_erl2[i]).epsilon(1e-12));
    }
    CHECK(jz["erl"][1]["erl_db"].get<double>() == sweep[0]["erl_db"].get<double>());  // the first Z_t's, as the reference
    CliRun zt = run_racklink("com " + cfg + " " + ts + "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p --erl-only --com-set 'Z_t=[45 50 55]'",
                             Stderr::dropped);
    CHECK(zt.out.find("ERL at Z_t 55 ohm: port 1 20.602 dB (Z 101.99 ohm), port 2 7.498 dB (Z 101.83 ohm)") != std::string::npos);
}

TEST_CASE("racklink com warns about configuration entries it does not read and refuses unimplemented reference options") {
    Scratch s("unused_cfg");
    const std::string cfg = s.config_with("typo.cfg", "f_bb = 53.125");
    CliRun r = run_racklink("com " + cfg + " " + kTe4 + " --erl-only");
    CHECK(r.code == 0);
    CHECK(r.out.find("typo.cfg:" + std::to_string(config_lines_for_test() + 1) +
                     ": warning: `f_bb` is not read by RackLink's COM/ERL with these settings (ignored)") != std::string::npos);
    CliRun m = run_racklink("com ck_kr " + kTe4 + " --com-set TDECQ=1");
    CHECK(m.code == 1);
    CHECK(m.out.find("parameter `TDECQ` = 1 (experimental TDECQ/VMA option) is a reference option RackLink does not implement") !=
          std::string::npos);
}

// Bad configurations found by fuzzing the reader (tests/sigint/com/test_com_config_fuzz.cpp):
// racklink prints the FILE:LINE error and exits 1 (a crash would give -1).
TEST_CASE("racklink com refuses a configuration asking for billions of grid points, naming file and line") {
    Scratch s("huge_range_cfg");
    const std::string cfg = s.config_with("huge.cfg", "c(5) = [-1:1e-12:1]");
    CliRun r = run_racklink("com " + cfg + " " + kTe4);
    CHECK(r.code == 1);
    CHECK(r.out == "racklink com: " + cfg + ":" + std::to_string(config_lines_for_test() + 1) +
                       ": parameter `c(5)` range `-1:1e-12:1` gives 2e+12 numbers; a value may hold at most 100000\n");
    CliRun m = run_racklink("com ck_kr " + kTe4 + " --com-set M=1e30");
    CHECK(m.code == 1);
    CHECK(m.out == "racklink com: preset:ck_kr: parameter `M` must be a whole number in [2, 1024], got 1e+30\n");
}

// Enforce Causality through the command line: tests/golden/com/ck_kr_causal__te_4in.json (IEEE
// reference v4.20 under Octave 7.3); without the option neither the key nor the line appears.
TEST_CASE("racklink com reports the causality correction per channel only with Enforce Causality") {
    const std::string cfg = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/ck_kr_causal.cfg";
    CliRun j = run_racklink("com " + cfg + " " + kTe4 + " --json", Stderr::dropped);
    REQUIRE(j.code == 0);
    auto js = nlohmann::json::parse(j.out);
    REQUIRE(js["cases"].size() == 2);
    CHECK(js["cases"][0]["com_db"].get<double>() == Approx(5.921290373186764).margin(1e-6));
    REQUIRE(js["cases"][0]["causality_correction_db"].size() == 1);  // the thru only
    CHECK(js["cases"][0]["causality_correction_db"][0].get<double>() == Approx(-42.53071936673672).margin(1e-6));
    CliRun t = run_racklink("com " + cfg + " " + kTe4, Stderr::dropped);
    CHECK(t.out.find("causality correction [-42.5] dB") != std::string::npos);
    CliRun off = run_racklink("com ck_kr " + kTe4 + " --json", Stderr::dropped);
    CHECK(off.out.find("causality_correction_db") == std::string::npos);
}

TEST_CASE("racklink com prints the DFE error-burst probabilities when asked for them") {
    const std::string cfg = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/ck_kr.cfg";
    CliRun j = run_racklink("com " + cfg + " " + kTe4 + " --json --com-set 'Max burst length calculated=3'", Stderr::dropped);
    REQUIRE(j.code == 0);
    auto js = nlohmann::json::parse(j.out);
    REQUIRE(js["cases"][0]["error_propagation_probability"].size() == 3);
    // tests/golden/com/ck_kr_burst__te_4in.json (the reference, N = 8: the first three terms)
    CHECK(js["cases"][0]["error_propagation_probability"][1].get<double>() == Approx(0.11395836058447022).epsilon(1e-9));
    CHECK(js["cases"][0]["burst_probability"][1].get<double>() == Approx(6.3130885601066318e-09).epsilon(1e-6));
    CliRun t = run_racklink("com " + cfg + " " + kTe4 + " --com-set 'Max burst length calculated=3'", Stderr::dropped);
    CHECK(t.out.find("DFE error bursts: P(burst >= 1, 2, ... errors) [5.54e-08 6.31e-09 7.66e-10] (threshold COM 3 dB)") !=
          std::string::npos);
    CliRun off = run_racklink("com " + cfg + " " + kTe4 + " --json", Stderr::dropped);
    CHECK(off.out.find("burst_probability") == std::string::npos);
}

TEST_CASE("COM of a system warns once per configuration about entries COM does not read") {
    hdl::LoadResult lr = hdl::load_file(kExample);
    REQUIRE(lr.ok());
    graphs::ComAnalysisOptions opt;
    opt.config_set = {{"f_bb", "53.125"}};  // a typo of f_b
    const graphs::ComAnalysis r = graphs::analyze_com(*lr.model, opt);
    REQUIRE(r.status != graphs::ComAnalysisStatus::error);
    REQUIRE(r.warnings.size() == 1);  // two channels, one configuration
    CHECK(r.warnings[0] == "preset:ck_kr: warning: `f_bb` is not read by RackLink's COM/ERL with these settings (ignored)");
    CHECK(graphs::analyze_com(*lr.model).warnings.empty());
    CliRun c = run_racklink("com --system " + kExample + " --com-set f_bb=1");
    CHECK(c.code == 1);  // the example's far links fail 3 dB (a warning does not change the status)
    CHECK(c.out.find("preset:ck_kr: warning: `f_bb` is not read") != std::string::npos);
}

TEST_CASE("racklink com warns, with the link's location, when the data end below f_b/2") {
    // The 802.3dj spreadsheet config (f_b 106.25 GBd) on the example's channels, measured to 40 GHz.
    const std::string cfg = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/dj_xls.cfg";
    CliRun r = run_racklink("com --system " + kExample + " --config " + cfg);
    INFO(r.out);
    CHECK(r.code == 1);  // a link class fails COM there: an analysis finding, not the warnings
    CHECK(r.out.find(kExample + ":69:17: warning: COM of '") != std::string::npos);
    CHECK(r.out.find("bp_short_fext.s4p: the data end at 40 GHz, below f_b/2 = 53.125 GHz: COM extrapolates the "
                     "channel above it") != std::string::npos);
    // the channel command: on stderr, and in the JSON
    CliRun j = run_racklink("com " + cfg + " " + kData + "bp_short_thru.s4p --json", Stderr::dropped);
    auto js = nlohmann::json::parse(j.out);
    REQUIRE(js["warnings"].size() == 1);
    CHECK(js["warnings"][0] == kData + "bp_short_thru.s4p: the data end at 40 GHz, below f_b/2 = 53.125 GHz: COM "
                                       "extrapolates the channel above it");
    CliRun t = run_racklink("com " + cfg + " " + kData + "bp_short_thru.s4p");
    CHECK(t.out.find("racklink com: warning: " + kData + "bp_short_thru.s4p: the data end at 40 GHz") != std::string::npos);
}
