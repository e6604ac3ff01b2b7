#include <catch2/catch.hpp>

#include <cmath>

#include "sigint/media.hpp"

using namespace racklink::sigint;

TEST_CASE("dielectric loss follows the rule of thumb 2.3 f[GHz] Df sqrt(Dk) dB/in") {
    // Bogatin, Signal and Power Integrity - Simplified, 3rd ed., sec. 9.12.
    for (double f_ghz : {1.0, 10.0, 26.5625, 53.125}) {
        for (auto [dk, df] : {std::pair{4.0, 0.02}, std::pair{3.35, 0.002}, std::pair{3.0, 0.001}}) {
            const double db_per_in = dielectric_loss_db_per_m(f_ghz * 1e9, dk, df) * 0.0254;
            CHECK(db_per_in == Approx(2.3 * f_ghz * df * std::sqrt(dk)).epsilon(0.01));
        }
    }
}

TEST_CASE("a 1 mm via stub in Dk 3.3 resonates near 41 GHz and the notch shows in IL(f)") {
    ViaSpec v;
    v.stub_m = 1e-3;
    v.dk = 3.3;
    // c / (4 L sqrt(Dk)) = 299792458 / (4e-3 * 1.8166) = 41.26 GHz.
    CHECK(via_stub_resonance_hz(v) == Approx(41.26e9).epsilon(0.001));
    double worst_f = 0, worst = 0;
    for (double f = 20e9; f <= 60e9; f += 0.05e9) {
        const double il = via_loss_db(v, f);
        if (il > worst) {
            worst = il;
            worst_f = f;
        }
    }
    CHECK(worst_f == Approx(41.26e9).epsilon(0.01));
    CHECK(worst > 15.0);                              // a deep notch
    CHECK(via_loss_db(v, 20e9) < 3.0);                // far below it, a small loss
    ViaSpec drilled = v;
    drilled.stub_m = 0;
    CHECK(via_loss_db(drilled, 41.26e9) < 0.3);       // back-drilled: no notch
}

TEST_CASE("skin depth and surface resistance of copper at 1 GHz") {
    // delta = 1/sqrt(pi f mu0 sigma) = 2.09 um; R_s = 1/(sigma delta) = 8.25 mOhm (Pozar table).
    CHECK(skin_depth_m(1e9) == Approx(2.09e-6).epsilon(0.005));
    CHECK(surface_resistance_ohm(1e9) == Approx(8.25e-3).epsilon(0.005));
    CHECK(surface_resistance_ohm(4e9) == Approx(2 * surface_resistance_ohm(1e9)).epsilon(1e-12));
}

TEST_CASE("stripline conductor loss reproduces Bogatin's 36 sqrt(f) / (w Z0) dB/in rule") {
    TraceSpec t{*find_laminate("megtron7"), *find_foil("hvlp5"), RoughnessModel::smooth, TraceStyle::stripline,
                5 * 25.4e-6, 50.0};
    for (double f_ghz : {1.0, 10.0, 50.0}) {
        const double total = trace_loss_db_per_m(t, f_ghz * 1e9) * 0.0254;
        const double cond = total - dielectric_loss_db_per_m(f_ghz * 1e9, t.laminate.dk, t.laminate.df) * 0.0254;
        CHECK(cond == Approx(36.0 * std::sqrt(f_ghz) / (5.0 * 50.0)).epsilon(0.01));
    }
}

TEST_CASE("roughness factors rise from 1 toward their limits and rank the foil classes") {
    const Foil std_foil = *find_foil("std"), hvlp4 = *find_foil("hvlp4");
    CHECK(roughness_factor(std_foil, RoughnessModel::hammerstad, 1e3) == Approx(1.0).margin(1e-6));
    CHECK(roughness_factor(std_foil, RoughnessModel::hammerstad, 1e12) == Approx(2.0).margin(1e-3));
    CHECK(roughness_factor(std_foil, RoughnessModel::huray, 1e16) == Approx(1 + 1.5 * std_foil.huray_sr).epsilon(0.01));
    for (double f : {1e9, 10e9, 53e9}) {
        CHECK(roughness_factor(std_foil, RoughnessModel::huray, f) > roughness_factor(hvlp4, RoughnessModel::huray, f));
        CHECK(roughness_factor(std_foil, RoughnessModel::hammerstad, f) >
              roughness_factor(hvlp4, RoughnessModel::hammerstad, f));
    }
    double prev = 1.0;
    for (double f = 1e8; f < 2e11; f *= 1.5) {
        const double k = roughness_factor(hvlp4, RoughnessModel::huray, f);
        CHECK(k >= prev);
        prev = k;
    }
}

TEST_CASE("twinax loss is calibrated to the 802.3ck cable assembly limit and scales with gauge") {
    TwinaxSpec t{26, *find_twinax_dielectric("foam_pe")};
    // 16.25 dB for 2 m at 26.5625 GHz (see kTwinaxShieldFactor).
    CHECK(2.0 * twinax_loss_db_per_m(t, 26.5625e9) == Approx(16.25).margin(0.05));
    CHECK(awg_diameter_m(26) == Approx(0.405e-3).epsilon(0.002));  // ASTM B258: 0.4049 mm
    CHECK(awg_diameter_m(24) == Approx(0.511e-3).epsilon(0.002));
    TwinaxSpec thin{30, t.dielectric};
    // Conductor loss ~ 1/d: 30 AWG has (92^(4/39)) = 1.59x the conductor loss of 26 AWG.
    const double d26 = dielectric_loss_db_per_m(26.5625e9, t.dielectric.dk, t.dielectric.df);
    CHECK((twinax_loss_db_per_m(thin, 26.5625e9) - d26) / (twinax_loss_db_per_m(t, 26.5625e9) - d26) ==
          Approx(std::pow(92.0, 4.0 / 39.0)).epsilon(1e-9));
}

TEST_CASE("lumped parts scale with frequency from their reference value") {
    CHECK(lumped_loss_db(1.5, 26.5625e9, 26.5625e9) == Approx(1.5));
    CHECK(lumped_loss_db(1.5, 26.5625e9, 4 * 26.5625e9) == Approx(1.5 * (2 + 4) / 2));
    CHECK(lumped_loss_db(1.5, 26.5625e9, 0) == 0.0);
}

TEST_CASE("every library laminate, foil and dielectric has a source and plausible values") {
    for (const auto& l : laminates()) {
        CHECK_FALSE(l.source.empty());
        CHECK(l.dk > 2.5);
        CHECK(l.dk < 5.0);
        CHECK(l.df > 0.0);
        CHECK(l.df < 0.03);
    }
    CHECK(find_laminate("megtron7")->df < find_laminate("megtron6")->df);
    CHECK(find_laminate("m9")->df < find_laminate("megtron7")->df);
    CHECK_FALSE(find_laminate("nope").has_value());
    for (const auto& f : foils()) CHECK_FALSE(f.source.empty());
    for (const auto& d : twinax_dielectrics()) CHECK_FALSE(d.source.empty());
}
