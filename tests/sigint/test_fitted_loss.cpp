#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sigint/fitted_loss.hpp"
#include "sigint/touchstone.hpp"

using namespace racklink::sigint;

TEST_CASE("the fitted insertion loss recovers the coefficients of an exact four-term loss") {
    std::vector<double> f, il;
    for (int i = 1; i <= 500; ++i) {
        double g = i * 0.1;
        f.push_back(g * 1e9);
        il.push_back(0.3 + 1.2 * std::sqrt(g) + 0.25 * g + 0.004 * g * g);
    }
    IlFit fit = fit_insertion_loss(f, il, 0.05e9, 50e9);
    REQUIRE(fit.ok);
    CHECK(fit.a0 == Approx(0.3).margin(1e-9));
    CHECK(fit.a1 == Approx(1.2).epsilon(1e-9));
    CHECK(fit.a2 == Approx(0.25).epsilon(1e-9));
    CHECK(fit.a4 == Approx(0.004).epsilon(1e-9));
    IldStats st = ild_stats(f, il, fit, 20e9);
    CHECK(st.rms_db < 1e-9);
    CHECK(std::abs(st.at_f_db) < 1e-9);
    CHECK_FALSE(fit_insertion_loss({1e9, 2e9}, {1, 2}, 0, 3e9).ok);
}

// Golden: numpy.linalg.lstsq on scikit-rf 0.15.4's reading of the 10 in TE channel, SDD21 for
// pairs (1,3)->(2,4), fit over 0.05-26.5625 GHz (see tests/sigint/test_network.cpp for SDD21).
TEST_CASE("fitted IL and ILD of the 10 in TE channel match numpy's least squares on scikit-rf data") {
    Network se = read_touchstone(std::string(RACKLINK_SHARED_DIR) + "/data/touchstone/TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p");
    MixedModeNetwork mm = to_mixed_mode(se);
    std::vector<double> il;
    for (std::size_t k = 0; k < mm.net.points(); ++k) il.push_back(loss_db(mm.sdd(k, 2, 1)));
    IlFit fit = fit_insertion_loss(mm.net.f_hz, il, 0.05e9, 26.5625e9);
    CHECK(fit.a0 == Approx(-0.00479179).margin(1e-6));
    CHECK(fit.a1 == Approx(1.07692681).epsilon(1e-6));
    CHECK(fit.a2 == Approx(0.34530451).epsilon(1e-6));
    CHECK(fit.a4 == Approx(0.00269524).epsilon(1e-5));
    IldStats st = ild_stats(mm.net.f_hz, il, fit, 26.5625e9);
    CHECK(st.rms_db == Approx(0.28358144212375586).epsilon(1e-6));
    CHECK(st.max_abs_db == Approx(0.6991030117105517).epsilon(1e-6));
}
