// `racklink com` with TDMODE (pulse-response CSV channels; docs/com.md "Pulse-response input
// (TDMODE)"): the docs example, the text and JSON output, and the usage errors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "run_racklink.hpp"

namespace {

const std::string kPulse = std::string(RACKLINK_SOURCE_DIR) + "/examples/data/bp_short_pulse.csv";
const std::string kThruS4p = std::string(RACKLINK_SOURCE_DIR) + "/examples/data/bp_short_thru.s4p";

}  // namespace

TEST_CASE("racklink com --set TDMODE=1 reads a pulse-response CSV (the docs example)", "[cli][com][td]") {
    const CliRun r = run_racklink("com ck_kr " + kPulse + " --set TDMODE=1");
    REQUIRE(r.code == 0);
    // tests/golden/com/ck_kr_preset_td__bp_short_pulse.json (the reference v4.50's TD path): 5.764 dB
    CHECK(r.out.find("  TDMODE: pulse-response input (no FOM_ILD, IL or ICN)\n") != std::string::npos);
    CHECK(r.out.find("  case 1: COM 5.764 dB (PASS at 3.0 dB)  FOM 17.074 dB  A_s 6.330 mV  A_ni 3.260 mV\n") !=
          std::string::npos);
    // ck_kr turns ERL on: it needs S-parameters, so it is skipped with a warning
    CHECK(r.out.find("warning: ERL needs S-parameters; with TDMODE it is not computed") != std::string::npos);
    const CliRun j = run_racklink("com ck_kr " + kPulse + " --set TDMODE=1 --json", Stderr::dropped);
    REQUIRE(j.code == 0);
    const auto js = nlohmann::json::parse(j.out);
    CHECK(js["fom_ild_db"].is_null());
    CHECK(js["icn_mv"].is_null());
    CHECK_THAT(js["cases"][0]["com_db"].get<double>(), Catch::Matchers::WithinAbs(5.763855419176177, 1e-9));
}

TEST_CASE("racklink com names a pulse CSV without TDMODE, a Touchstone file with it, and crosstalk", "[cli][com][td]") {
    const CliRun csv = run_racklink("com ck_kr " + kPulse);
    CHECK(csv.code == 1);
    CHECK(csv.out.find(kPulse + ": a CSV channel is a pulse response: set TDMODE = 1 (--set TDMODE=1) to read it") !=
          std::string::npos);
    const CliRun s4p = run_racklink("com ck_kr " + kThruS4p + " --set TDMODE=1");
    CHECK(s4p.code == 1);
    CHECK(s4p.out.find("reads pulse-response CSV files (time s, voltage V), not Touchstone files") != std::string::npos);
    const CliRun xt = run_racklink("com ck_kr " + kPulse + " --fext " + kPulse + " --set TDMODE=1");
    CHECK(xt.code == 1);
    CHECK(xt.out.find("TDMODE takes the thru pulse only") != std::string::npos);
}
