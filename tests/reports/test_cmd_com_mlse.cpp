// `racklink com` with the reference's MLSE option (802.3dj; docs/com.md "MLSE (802.3dj)"): the
// JSON keys and the text line of the MLSE figures.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include "run_racklink.hpp"

namespace {

const std::string kCfg = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/ck_kr.cfg";
const std::string kTe4 =
    std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p";

}  // namespace

TEST_CASE("racklink com --set MLSE=1 --json prints the MLSE figures per case", "[cli][com][mlse]") {
    const CliRun r =
        run_racklink("com " + kCfg + " " + kTe4 + " --set MLSE=1 --json", Stderr::dropped);
    REQUIRE(r.code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["cases"].size() == 2);
    for (const auto& c : j["cases"]) {
        for (const char* key :
             {"mlse", "mlse_applied", "mlse_alpha", "com_orig_db", "vec_orig_db", "delta_com_db",
              "delta_vec_db", "delta_com_gaussian_db", "der_mlse_cdf", "der_mlse_gaussian",
              "mlse_sigma_noise_mv", "snr_dfe_db"}) {
            INFO(key);
            CHECK(c.contains(key));
        }
        CHECK(c["mlse"] == 1);
        CHECK(c["mlse_applied"] == true);
        // com_db is the MLSE figure: the original plus delta (MLSE = 1, C2C)
        CHECK_THAT(c["com_db"].get<double>(),
                   Catch::Matchers::WithinAbs(
                       c["com_orig_db"].get<double>() + c["delta_com_db"].get<double>(), 1e-12));
        CHECK(c["mlse_alpha"].get<double>() == c["dfe_taps"][0].get<double>());
    }
    // tests/sigint/com/test_com_mlse.cpp: the reference's COM with MLSE on this channel
    CHECK_THAT(j["cases"][0]["com_db"].get<double>(),
               Catch::Matchers::WithinAbs(6.4025520543183623, 1e-9));
}

TEST_CASE("racklink com prints one MLSE line per case and no MLSE keys without the option",
          "[cli][com][mlse]") {
    const CliRun t = run_racklink("com " + kCfg + " " + kTe4 + " --set MLSE=1", Stderr::dropped);
    REQUIRE(t.code == 0);
    CHECK(t.out.find("    MLSE 1: delta COM +0.490 dB (COM 6.403 dB, without MLSE 5.913 dB); VEC "
                     "5.655 dB (without 6.130, "
                     "-0.475); DER_MLSE 8.825e-17 (CDF), 1.745e-14 (Gaussian); sigma_noise 5.484 "
                     "mV; b(1) 0.3462\n") != std::string::npos);
    const CliRun off = run_racklink("com " + kCfg + " " + kTe4 + " --json", Stderr::dropped);
    REQUIRE(off.code == 0);
    const auto j = nlohmann::json::parse(off.out);
    CHECK_FALSE(j["cases"][0].contains("com_orig_db"));
    CHECK_FALSE(j["cases"][0].contains("mlse"));
    const CliRun bad = run_racklink("com " + kCfg + " " + kTe4 + " --set MLSE=3");
    CHECK(bad.code == 1);
    CHECK(bad.out.find("parameter `MLSE` = 3 (MLSE_U1_c) needs the MMSE receiver FFE") != std::string::npos);
    // MLSE = 3 with the 802.3dj MMSE receiver FFE: no Gaussian figures to print
    const std::string dj = std::string(RACKLINK_SOURCE_DIR) + "/tests/golden/com/dj_xls.cfg";
    const CliRun u3 = run_racklink("com " + dj + " " + kTe4 + " --set MLSE=3 --set IDEAL_RX_TERM=1", Stderr::dropped);
    REQUIRE(u3.code == 0);
    CHECK(u3.out.find("    MLSE 3: delta COM +0.172 dB (COM 2.441 dB, without MLSE 2.269 dB); VEC 12.218 dB (without "
                      "12.769, -0.552); DER_MLSE 1.312e-11 (CDF); sigma_noise 8.154 mV; b(1) 0.4050\n") != std::string::npos);
}
