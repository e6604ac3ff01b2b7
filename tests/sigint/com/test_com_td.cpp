// TDMODE: COM of pulse responses read from CSV files (the IEEE COM reference's TD path:
// get_TD_files, read_PR_files, TD_FD_fillin; sigint/src/com/com_td.cpp, docs/com.md "Pulse-response
// input (TDMODE)"). Goldens: the whole public reference v4.50 under Octave with TDMODE = 1
// (scripts/com_reference/make_v450_working_copy.py, run_reference.sh with COM_REF_VERSION=450).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/com_config.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using namespace racklink::sigint;
using namespace racklink::sigint::com_test;

namespace {

const std::string kTe4 = "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p";
const std::string kExamplePulse = std::string(RACKLINK_SOURCE_DIR) + "/examples/data/bp_short_pulse.csv";

std::string temp_file(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("racklink_td_" + name);
    std::ofstream(path) << text;
    return path.string();
}

ComParams td_params(const std::string& cfg, const std::vector<std::pair<std::string, std::string>>& sets = {}) {
    ComConfig c = load_com_config(cfg);
    c.set("TDMODE", "1");
    for (const auto& [k, v] : sets) c.set(k, v);
    return resolve_com_params(c);
}

// The CSV the dj_xls TD goldens were made from: RackLink's unequalized pulse of `cfg` on TE 4 in
// (S-parameters), one "%" comment line, then "%.12e,%.12e" per sample, zero-padded to 230 UI.
std::string te4_pulse_csv(const std::string& cfg, double* com_fd) {
    ComConfig c = load_com_config(kGolden + cfg);
    const ComResult fd = compute_com_files(resolve_com_params(c), kTouchstone + kTe4, {}, {});
    REQUIRE(fd.ok());
    const ComCaseResult& k = fd.cases[0];
    if (com_fd) *com_fd = k.com_db;
    const std::size_t n = std::max<std::size_t>(k.pulse_uneq_v.size(), 230 * 32);
    std::string text = "% time (s), voltage (V)\n";
    char line[80];
    for (std::size_t i = 0; i < n; ++i) {
        std::snprintf(line, sizeof line, "%.12e,%.12e\n", static_cast<double>(i) * k.dt_s,
                      i < k.pulse_uneq_v.size() ? k.pulse_uneq_v[i] : 0.0);
        text += line;
    }
    return temp_file(cfg + ".csv", text);
}

void check_td_golden(const ComResult& r, const std::string& golden) {
    const auto g = read_json(kGolden + golden);
    INFO(golden);
    REQUIRE(r.ok());
    REQUIRE(r.cases.size() == g["cases"].size());
    for (std::size_t i = 0; i < r.cases.size(); ++i) {
        const ComCaseResult& c = r.cases[i];
        const auto& e = g["cases"][i];
        CHECK_THAT(c.com_db, WithinAbs(e["com_db"].get<double>(), 1e-9));
        CHECK_THAT(c.fom_db, WithinAbs(e["fom_db"].get<double>(), 1e-9));
        CHECK_THAT(c.as_mv, WithinRel(e["as_mv"].get<double>(), 1e-9));
        CHECK_THAT(c.ani_mv, WithinAbs(e["ani_mv"].get<double>(), 1e-6));
        CHECK_THAT(1e3 * c.sigma_n_v, WithinRel(e["sigma_n_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.sigma_tx_v, WithinRel(e["sigma_tx_mv"].get<double>(), 1e-9));
        CHECK_THAT(1e3 * c.sgm_isi_v, WithinRel(e["sgm_isi_mv"].get<double>(), 1e-6));
        check_equalizer_choice(c, e);
        check_list(c.rxffe, golden_list(e, "rxffe"), 1e-9);
        check_list(c.dfe_taps, golden_list(e, "dfe_taps"), 1e-9);
    }
}

}  // namespace

TEST_CASE("A pulse-response CSV is read with comments and separators, and errors name the line", "[com][td]") {
    const std::string good = temp_file("good.csv",
                                       "% scope export\n# time voltage\n\n0, 0.0\n1e-12;2e-3\n2e-12\t3e-3 extra 7\n"
                                       "  3e-12 , 1e-3\n");
    const PulseResponse pr = read_pulse_csv(good);
    REQUIRE(pr.v.size() == 4);
    CHECK(pr.v[2] == 3e-3);  // the third column is ignored
    CHECK(pr.t_s[3] == 3e-12);
    CHECK_THAT(pr.dt_s, WithinRel(1e-12, 1e-15));
    const std::string bad = temp_file("bad.csv", "0,0\n1e-12,1e-3\n2e-12,1.5mV\n");
    CHECK_THROWS_WITH(read_pulse_csv(bad), Contains(bad + ":3:") && Contains("expected a comma or a blank"));
    const std::string word = temp_file("word.csv", "0,0\ntime,volt\n");
    CHECK_THROWS_WITH(read_pulse_csv(word), Contains(word + ":2:1: expected a number"));
    const std::string one = temp_file("one.csv", "0,0\n1e-12\n");
    CHECK_THROWS_WITH(read_pulse_csv(one), Contains(one + ":2: a sample needs two columns"));
    const std::string back = temp_file("back.csv", "0,0\n2e-12,1\n1e-12,2\n");
    CHECK_THROWS_WITH(read_pulse_csv(back), Contains(back + ":3: the time") && Contains("does not increase"));
    const std::string shortf = temp_file("short.csv", "0,0\n1e-12,1\n");
    CHECK_THROWS_WITH(read_pulse_csv(shortf), Contains("at least 3 samples, the file has 2"));
    CHECK_THROWS_WITH(read_pulse_csv(kTouchstone + kTe4), Contains("not Touchstone files; set TDMODE = 0"));
    CHECK_THROWS_WITH(read_pulse_csv("/nonexistent/pulse.csv"), Contains("cannot open"));
}

TEST_CASE("TDMODE with the ck_kr preset on the example pulse matches the reference's TD path", "[com][td][golden]") {
    // examples/data/bp_short_pulse.csv (scripts/make_com_example_data.sh): both package cases
    // (TDMODE applies no package, so they agree), ERL not computed; FOM_ILD and ICN undefined
    const ComResult r = compute_com_files(td_params("ck_kr"), kExamplePulse, {}, {});
    check_td_golden(r, "ck_kr_preset_td__bp_short_pulse.json");
    CHECK(std::isnan(r.fom_ild_db));
    CHECK(std::isnan(r.icn_mv));
    CHECK(std::isnan(r.cases[0].vtf_loss_db));
    CHECK_FALSE(r.erl.computed);
}

TEST_CASE("TDMODE with the MMSE and WIENER-HOPF receiver FFEs matches the reference and the S-parameter COM",
          "[com][td][golden]") {
    for (const std::string& cfg : {std::string("dj_xls.cfg"), std::string("dj_xls_wh.cfg")}) {
        INFO(cfg);
        double com_fd = 0;
        const std::string csv = te4_pulse_csv("dj_xls.cfg", &com_fd);
        const ComResult r = compute_com_files(td_params(kGolden + cfg), csv, {}, {});
        check_td_golden(r, cfg == "dj_xls.cfg" ? "dj_xls_td__te_4in_pulse.json" : "dj_xls_wh_td__te_4in_pulse.json");
        // the pulse of the S-parameter run fed back: the same COM (the MMSE noise terms come from
        // PSDs, not the data's frequency grid)
        if (cfg == "dj_xls.cfg") CHECK_THAT(r.cases[0].com_db, WithinAbs(com_fd, 1e-9));
    }
}

TEST_CASE("TDMODE refuses what pulse responses cannot carry, naming it", "[com][td]") {
    const ComParams p = td_params("ck_kr");
    const PulseResponse pr = read_pulse_csv(kExamplePulse);
    // crosstalk: the reference's TD path has none that works
    const ComResult xt = compute_com_pulses(p, pr, {pr}, {});
    CHECK(xt.status == ComStatus::input_error);
    CHECK_THAT(xt.message, Contains("TDMODE takes the thru pulse only"));
    // a sample spacing other than 1/(M f_b): ck_kr has M = 32 at 53.125 GBd (0.588 ps)
    ComConfig c = load_com_config("ck_kr");
    c.set("TDMODE", "1");
    c.set("M", "16");
    const ComResult m = compute_com_pulses(resolve_com_params(c), pr, {}, {});
    CHECK(m.status == ComStatus::input_error);
    CHECK_THAT(m.message, Contains("0.588235 ps apart; TDMODE needs 1/(M f_b) = 1.17647 ps (M = 16)"));
    // without TDMODE the pulse API says what is missing
    const ComResult off = compute_com_pulses(resolve_com_params(load_com_config("ck_kr")), pr, {}, {});
    CHECK_THAT(off.message, Contains("needs TDMODE = 1"));
    // the options that read S-parameters
    ComConfig cal = load_com_config(kGolden + "kr4_c93.cfg");
    cal.set("TDMODE", "1");
    cal.set("RX_CALIBRATION", "1");
    CHECK_THROWS_WITH(resolve_com_params(cal), Contains("TDMODE") && Contains("RX_CALIBRATION"));
    ComConfig accm = load_com_config(kGolden + "kr4_c93.cfg");
    accm.set("TDMODE", "1");
    accm.set("AC_CM_RMS", "0.02");
    CHECK_THROWS_WITH(resolve_com_params(accm), Contains("TDMODE") && Contains("AC_CM_RMS"));
    ComConfig two = load_com_config("ck_kr");
    two.set("TDMODE", "2");
    CHECK_THROWS_WITH(resolve_com_params(two), Contains("TDMODE"));
}
