// `racklink com` with the reference's receiver calibration (RX_CALIBRATION; docs/com.md
// "Receiver calibration"): --noise-path, the JSON keys, the text line, and the usage errors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "run_racklink.hpp"

namespace {

const std::string kCfg = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/kr4_c93.cfg";
const std::string kData = std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/";
const std::string kTe4 = kData + "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p";
const std::string kTe10 = kData + "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p";
const std::string kCal = " --set 'z_p select=1' --set RX_CALIBRATION=1";

}  // namespace

TEST_CASE("racklink com --noise-path calibrates the noise source and reports every run", "[cli][com][rxcal]") {
    const CliRun r = run_racklink("com " + kCfg + " " + kTe10 + " --noise-path " + kTe4 + kCal + " --json",
                                  Stderr::dropped);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    const auto& cal = j["rx_calibration"];
    // tests/golden/com/kr4_c93_rxcal__te_10in.json (the IEEE reference v4.50): 8.75 mV in 5 runs
    CHECK_THAT(cal["sigma_bn_mv"].get<double>(), Catch::Matchers::WithinAbs(8.75, 1e-12));
    CHECK_THAT(cal["sigma_hp_mv"].get<double>(), Catch::Matchers::WithinAbs(8.75, 1e-12));
    CHECK(cal["converged"] == true);
    REQUIRE(cal["steps"].size() == 5);
    CHECK(cal["steps"][2]["sigma_bn_mv"].get<double>() == 10.0);
    CHECK_THAT(cal["steps"][4]["com_db"].get<double>(), Catch::Matchers::WithinAbs(2.942992812468914, 1e-9));
    CHECK_THAT(j["cases"][0]["sigma_ne_mv"].get<double>(), Catch::Matchers::WithinRel(4.914626982842118, 1e-9));
    CHECK_THAT(j["com_db"].get<double>(), Catch::Matchers::WithinAbs(2.942992812468914, 1e-9));

    const CliRun t = run_racklink("com " + kCfg + " " + kTe10 + " --noise-path " + kTe4 + kCal, Stderr::dropped);
    REQUIRE(t.code == 0);
    CHECK(t.out.find("  RX calibration: set the calibration noise (sigma_bn) to 8.75 mV rms (5 runs: 0 mV: 5.352 dB, "
                     "5 mV: 4.377 dB, 10 mV: 2.439 dB, 7.5 mV: 3.443 dB, 8.75 mV: 2.943 dB)\n") != std::string::npos);
    CHECK(t.out.find("    calibration noise at the slicer sigma_ne 4.915 mV (93A-48)\n") != std::string::npos);
}

TEST_CASE("racklink com names a missing or misplaced noise path", "[cli][com][rxcal]") {
    const CliRun none = run_racklink("com " + kCfg + " " + kTe10 + kCal);
    CHECK(none.code == 1);
    CHECK(none.out.find("RX_CALIBRATION = 1 needs the noise path channel: --noise-path FILE.s4p") != std::string::npos);
    const CliRun xt = run_racklink("com " + kCfg + " " + kTe10 + " --noise-path " + kTe4 + " --fext " + kTe4 + kCal);
    CHECK(xt.code == 1);
    CHECK(xt.out.find("takes no crosstalk channels") != std::string::npos);
    const CliRun off = run_racklink("com " + kCfg + " " + kTe10 + " --noise-path " + kTe4);
    CHECK(off.code == 1);
    CHECK(off.out.find("--noise-path is the noise channel of the receiver calibration: set RX_CALIBRATION = 1") !=
          std::string::npos);
    CHECK(off.out.find("COM") == std::string::npos);  // nothing computed
}

TEST_CASE("The receiver calibration example of docs/com.md gives the numbers the docs show", "[cli][com][rxcal]") {
    const std::string ex = std::string(RACKLINK_SOURCE_DIR) + "/examples/data/";
    const CliRun r = run_racklink("com ck_kr " + ex + "bp_short_thru.s4p --noise-path " + ex +
                                      "rx_noise_path.s4p --set RX_CALIBRATION=1",
                                  Stderr::dropped);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("RX calibration: set the calibration noise (sigma_bn) to 1.328 mV rms (8 runs: 0 mV: 5.193 dB, "
                     "5 mV: -3.705 dB, 2.5 mV: 0.427 dB, ") != std::string::npos);
    CHECK(r.out.find("  case 2: COM 2.987 dB (FAIL at 3.0 dB)") != std::string::npos);
}
