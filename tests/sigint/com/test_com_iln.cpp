// Insertion-loss-noise diagnostics of COM: COMPUTE_TDILN (time-domain ILN of a complex IL fit,
// reference get_ILN_cmp_td) and COMPUTE_RILN (reflective ILN, reference capture_RIL_RILN);
// sigint/src/com/com_iln.hpp, docs/com.md "Insertion-loss noise (COMPUTE_TDILN, COMPUTE_RILN)".
//
// Golden numbers (tests/golden/com/*_iln__*.json): the public reference com_ieee8023_93a_450.m
// run whole under GNU Octave 7.3 with two shims in a scratch copy outside the repository (a
// Touchstone 1.x reader in place of read_Nport_touchstone, no verLessThan('matlab') check), on
// the configuration with the golden's "overrides" (COMPUTE_TDILN = 1, COMPUTE_RILN = 1 and, for
// ck_kr, a smaller TX FFE / CTLE grid around the full grid's choice); the JSON holds the
// reference's output_args FOM_TDILN, FOM_RILN, FOM_ILD, COM_dB and TD_ILN fields, copied by hand
// from the saved results.
#include <catch2/catch.hpp>
#include <cmath>
#include <complex>
#include <limits>
#include <string>
#include <vector>

#include "../../../sigint/src/com/com_iln.hpp"
#include "com_golden.hpp"
#include "sigint/com.hpp"
#include "sigint/network.hpp"
#include "sigint/touchstone.hpp"

using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using namespace racklink::sigint;
using namespace racklink::sigint::com_test;
namespace cd = racklink::sigint::com_detail;
using cplx = std::complex<double>;

namespace {
constexpr double kPi = 3.14159265358979323846;
const std::string kTe4 = "TEC_SMT_IO_42GHz_Thru_B5B6_4in.s4p",
                  kTe10 = "TEC_SMT_IO_42GHz_Thru_B5B6_10in.s4p";

ComParams params_of(const std::string& cfg, const nlohmann::json& g) {
    ComConfig c = load_com_config(kGolden + cfg);
    for (const auto& [name, value] : g["overrides"].items()) c.set(name, value.get<std::string>());
    return resolve_com_params(c);
}

// The thru's SDD21 and frequencies from f_1 to f_2 (index_f1 .. index_f2), as the reference's
// FD_Processing hands them to get_ILN_cmp_td.
std::pair<cd::CVec, cd::RVec> thru_band(const ComParams& p, const std::string& thru) {
    const Network n = read_touchstone(kTouchstone + thru);
    const MixedModeNetwork mm = to_mixed_mode(n, p.port_order);
    std::size_t i1 = 0, i2 = n.f_hz.size() - 1;
    for (std::size_t k = 0; k < n.f_hz.size(); ++k)
        if (n.f_hz[k] <= p.f1_hz) i1 = k;
    for (std::size_t k = n.f_hz.size(); k-- > 0;)
        if (n.f_hz[k] >= p.f2_hz) i2 = k;
    cd::CVec s;
    for (std::size_t k = i1; k <= i2; ++k) s.push_back(mm.sdd(k, 2, 1));
    return {s, cd::RVec(n.f_hz.begin() + static_cast<long>(i1),
                        n.f_hz.begin() + static_cast<long>(i2) + 1)};
}

void check_iln_golden(const std::string& cfg, const std::string& golden, const std::string& thru) {
    const auto g = read_json(kGolden + golden);
    INFO(golden << ": " << g["description"].get<std::string>());
    const ComParams p = params_of(cfg, g);
    const ComResult r = compute_com_files(p, kTouchstone + thru, {}, {});
    REQUIRE(r.ok());
    REQUIRE(r.fom_tdiln_db.has_value());
    REQUIRE(r.fom_riln_db.has_value());
    CHECK_THAT(*r.fom_tdiln_db, WithinRel(g["fom_tdiln_db"].get<double>(), 1e-12));
    CHECK_THAT(*r.fom_riln_db, WithinRel(g["fom_riln_db"].get<double>(), 1e-14));
    CHECK_THAT(r.fom_ild_db, WithinRel(g["fom_ild_db"].get<double>(), 1e-11));
    REQUIRE(r.cases.size() == g["cases"].size());
    for (std::size_t i = 0; i < r.cases.size(); ++i)  // the run is RackLink's normal COM
        CHECK_THAT(r.cases[i].com_db, WithinAbs(g["cases"][i]["com_db"].get<double>(), 1e-12));
    // the figures behind FOM_TDILN (TD_ILN.FOM, FOM_PDF, FIT.PR(ipeak), SNR_ISI_FOM)
    const auto [s21, f] = thru_band(p, thru);
    const cd::TdIln t = cd::td_iln(s21, f, p);
    const auto& e = g["td_iln"];
    CHECK(t.fom_db == *r.fom_tdiln_db);
    CHECK_THAT(t.iln_norm_v, WithinRel(e["fom_v"].get<double>(), 1e-10));
    CHECK_THAT(t.iln_der0_v, WithinRel(e["fom_pdf_v"].get<double>(), 1e-12));
    CHECK_THAT(t.peak_v, WithinRel(e["peak_v"].get<double>(), 1e-12));
    CHECK_THAT(t.rms_fom_db, WithinAbs(e["snr_isi_fom_db"].get<double>(), 1e-9));
}

// Two-port S-parameters (reference impedance z0_ohm) of a uniform line of characteristic
// impedance z_ohm, propagation constant gamma (1/m) and length len_m, from its ABCD matrix
// (Pozar, Microwave Engineering, 4th ed., Tables 4.1 and 4.2).
cd::S2 line(const cd::RVec& f_hz, cplx z_ohm, double z0_ohm, double len_m, double alpha0_np_m,
            double alpha1_np_m, double tau_s_m) {
    cd::S2 s;
    for (double f : f_hz) {
        // loss alpha0 sqrt(f/GHz) + alpha1 f/GHz (Np/m), delay tau (s/m)
        const cplx gl = (alpha0_np_m * std::sqrt(f / 1e9) + alpha1_np_m * f / 1e9 +
                         cplx(0, 2 * kPi * f * tau_s_m)) *
                        len_m;
        const cplx a = std::cosh(gl), b = z_ohm * std::sinh(gl), c = std::sinh(gl) / z_ohm,
                   d = std::cosh(gl);
        const cplx den = a + b / z0_ohm + c * z0_ohm + d;
        s.s11.push_back((a + b / z0_ohm - c * z0_ohm - d) / den);
        s.s12.push_back(2.0 * (a * d - b * c) / den);
        s.s21.push_back(2.0 / den);
        s.s22.push_back((-a + b / z0_ohm - c * z0_ohm + d) / den);
    }
    return s;
}

cd::RVec grid(double f0_hz, double step_hz, std::size_t n) {
    cd::RVec f(n);
    for (std::size_t k = 0; k < n; ++k) f[k] = f0_hz + static_cast<double>(k) * step_hz;
    return f;
}
}  // namespace

TEST_CASE("FOM_TDILN and FOM_RILN match the IEEE reference v4.50 on the TE channels",
          "[com][iln][golden]") {
    check_iln_golden("kr4_c93.cfg", "kr4_c93_iln__te_4in.json", kTe4);
    check_iln_golden("kr4_c93.cfg", "kr4_c93_iln__te_10in.json", kTe10);
    check_iln_golden("ck_kr.cfg", "ck_kr_iln__te_10in.json", kTe10);
}

TEST_CASE("A channel that is its own complex IL fit has no time-domain ILN", "[com][iln]") {
    // s21 = exp(-(0.01 + 0.05 sqrt(f) + 0.02 f + 5e-4 f^2) - j 2 pi f 0.6 ns), f in GHz: the
    // fit's own form, so the fit returns it, the two pulses agree to round-off (far below one
    // PDF bin), the ILN PDF is a delta at 0 and FOM_TDILN = 20 log10(peak / 0) = +infinity.
    const ComParams p = resolve_com_params(load_com_config(kGolden + "kr4_c93.cfg"));
    const cd::RVec f = grid(50e6, 10e6, 2574);  // 0.05 .. 25.78 GHz
    cd::CVec s;
    for (double fh : f) {
        const double g = fh / 1e9;
        s.push_back(std::exp(
            cplx(-(0.01 + 0.05 * std::sqrt(g) + 0.02 * g + 5e-4 * g * g), -2 * kPi * g * 0.6)));
    }
    const cd::CVec fit = cd::complex_il_fit(s, f);
    double worst = 0;
    for (std::size_t k = 0; k < s.size(); ++k)
        worst = std::max(worst, std::abs(fit[k] / s[k] - 1.0));
    CHECK(worst < 1e-11);
    const cd::TdIln t = cd::td_iln(s, f, p);
    CHECK(t.iln_der0_v == 0);
    CHECK(t.iln_norm_v < 1e-12);
    CHECK(std::isinf(t.fom_db));
    CHECK(t.fom_db > 0);
    CHECK_THAT(t.peak_v, WithinRel(0.5, 0.5));  // a pulse of a few dB loss: 0 < peak < 1 V

    // one reflection that the smooth fit cannot follow makes it finite
    cd::CVec echo(s);
    for (std::size_t k = 0; k < s.size(); ++k)
        echo[k] *= 1.0 + 0.05 * std::exp(cplx(0, -2 * kPi * f[k] * 0.4e-9));
    const cd::TdIln te = cd::td_iln(echo, f, p);
    CHECK(std::isfinite(te.fom_db));
    CHECK(te.iln_der0_v > 0);
    CHECK(te.iln_der0_v >= te.iln_norm_v / 100);
}

TEST_CASE("The reflectionless insertion loss is S21 under the simultaneous conjugate match",
          "[com][iln]") {
    const cd::RVec f = grid(0, 10e6, 3001);  // 0 .. 30 GHz
    SECTION("a matched lossy line is its own RIL: RILN = 0") {
        const cd::S2 s = line(f, 100, 100, 0.1, 0.3, 0.2, 6e-9);
        const cd::Ril r = cd::reflectionless_il(s, f, 100);
        REQUIRE(r.first == 1);  // the 0 Hz point is left out
        REQUIRE(r.riln_db.size() == f.size() - 1);
        for (std::size_t k = 0; k < r.riln_db.size(); ++k) {
            CHECK(std::abs(r.ril[k] - s.s21[k + 1]) < 1e-12);
            CHECK(std::fabs(r.riln_db[k]) < 1e-10);
        }
        CHECK(cd::fom_riln(r, cd::RVec(f.size(), 1.0), 5, 2600, 10e6, 50e6, 26e9) < 1e-10);
    }
    SECTION("a mismatched lossy line: |RIL|^2 is the maximum available gain") {
        // G_max = |S21 / S12| (K - sqrt(K^2 - 1)), K = (1 - |S11|^2 - |S22|^2 + |Delta|^2) /
        // (2 |S12 S21|) (Pozar, Microwave Engineering, 4th ed., Sec. 12.3; Gonzalez, Sec. 3.6): the
        // transducer gain of the simultaneous conjugate match, which the power-wave renormalization
        // reports as |S21'|^2.
        for (cplx z : {cplx(60, 0), cplx(80, 0), cplx(125, 0)}) {
            const cd::S2 s = line(f, z, 100, 0.15, 0.4, 0.3, 6.5e-9);
            const cd::Ril r = cd::reflectionless_il(s, f, 100);
            for (std::size_t k = 10; k < f.size(); k += 97) {
                const cplx s11 = s.s11[k], s12 = s.s12[k], s21 = s.s21[k], s22 = s.s22[k];
                const double kk =
                    (1 - std::norm(s11) - std::norm(s22) + std::norm(s11 * s22 - s12 * s21)) /
                    (2 * std::abs(s12 * s21));
                const double g_max = std::abs(s21 / s12) * (kk - std::sqrt(kk * kk - 1));
                INFO("Z = " << z << ", f = " << f[k] / 1e9 << " GHz, K = " << kk);
                CHECK_THAT(std::norm(r.ril[k - 1]), WithinRel(g_max, 1e-9));
                CHECK(std::norm(r.ril[k - 1]) >=
                      std::norm(s21));  // matching only removes mismatch loss
                CHECK_THAT(
                    r.riln_db[k - 1],
                    WithinAbs(20 * std::log10(std::abs(s21)) - 10 * std::log10(g_max), 1e-8));
            }
        }
    }
}

TEST_CASE("A point without a conjugate match makes FOM_RILN NaN with a warning naming it",
          "[com][iln]") {
    // An ideal thru (S11 = S22 = 0, S21 = S12 = 1) is lossless: the match quadratic vanishes
    // (a = b = c = 0), no termination is defined and the reference stops ("An odd case").
    const cd::RVec f = grid(0, 10e6, 3001);
    cd::S2 s = line(f, 100, 100, 0.1, 0.3, 0.2, 6e-9);
    s.s11[700] = s.s22[700] = 0;
    s.s21[700] = s.s12[700] = 1;
    ComParams p = resolve_com_params(load_com_config(kGolden + "kr4_c93.cfg"));
    p.compute_riln = true;
    ComResult res;
    cd::iln_figures(p, "x.s4p", s, f, 5, 2578, cd::RVec(f.size(), 1.0), 10e6, res);
    REQUIRE(res.fom_riln_db.has_value());
    CHECK(std::isnan(*res.fom_riln_db));
    REQUIRE(res.warnings.size() == 1);
    CHECK_THAT(res.warnings[0], Catch::StartsWith("x.s4p: FOM_RILN not computed: at 7 GHz"));
    // outside the summed band (entries 5 .. 2577, i.e. 0.06 .. 25.78 GHz) it is not needed
    ComResult res2;
    cd::iln_figures(p, "x.s4p", s, f, 700, 2578, cd::RVec(f.size(), 1.0), 10e6, res2);
    CHECK(std::isfinite(*res2.fom_riln_db));
    CHECK(res2.warnings.empty());
}

TEST_CASE("FOM_RILN pairs the weight at f_k with the RILN entry k, as the reference",
          "[com][iln]") {
    // capture_RIL_RILN leaves out a 0 Hz point, so RILN_dB(k) belongs to f(k + 1) while
    // FD_Processing weights it with PWF(k): sqrt(df / (f2 - f1) sum_k PWF_k RILN_k^2).
    cd::Ril r;
    r.first = 1;
    r.riln_db = {1, 2, 3, 4, 5};
    const cd::RVec w{0.5, 1, 1, 2, 2, 2};
    CHECK_THAT(cd::fom_riln(r, w, 1, 4, 1e7, 0, 4e7),
               WithinRel(std::sqrt(0.25 * (4 + 9 + 2 * 16)), 1e-15));
}

TEST_CASE("COMPUTE_TDILN and COMPUTE_RILN are 0/1 switches; TDILN follows RILN by default",
          "[com][iln]") {
    ComConfig c = load_com_config(kGolden + "kr4_c93.cfg");
    ComParams p = resolve_com_params(c);
    CHECK_FALSE(p.compute_tdiln);
    CHECK_FALSE(p.compute_riln);
    c.set("COMPUTE_RILN", "1");
    p = resolve_com_params(c);
    CHECK(p.compute_riln);
    CHECK(p.compute_tdiln);  // reference default: COMPUTE_TDILN = COMPUTE_RILN
    c.set("COMPUTE_TDILN", "0");
    CHECK_FALSE(resolve_com_params(c).compute_tdiln);
    c.set("COMPUTE_TDILN", "2");
    CHECK_THROWS_WITH(resolve_com_params(c),
                      Catch::Contains("parameter `COMPUTE_TDILN` must be 0 or 1, got 2"));
    c.set("COMPUTE_TDILN", "1");
    c.set("COMPUTE_RILN", "-1");
    CHECK_THROWS_WITH(resolve_com_params(c),
                      Catch::Contains("parameter `COMPUTE_RILN` must be 0 or 1, got -1"));
    c.set("COMPUTE_RILN", "yes");
    CHECK_THROWS_WITH(resolve_com_params(c), Catch::Contains("COMPUTE_RILN"));
}

TEST_CASE("The ILN figures are absent when off and leave COM unchanged when on", "[com][iln]") {
    ComConfig c = load_com_config(kGolden + "kr4_c93.cfg");
    c.set("z_p select", "1");
    const ComResult off = compute_com_files(resolve_com_params(c), kTouchstone + kTe4, {}, {});
    c.set("COMPUTE_TDILN", "1");
    const ComResult td = compute_com_files(resolve_com_params(c), kTouchstone + kTe4, {}, {});
    REQUIRE(off.ok());
    REQUIRE(td.ok());
    CHECK_FALSE(off.fom_tdiln_db.has_value());
    CHECK_FALSE(off.fom_riln_db.has_value());
    CHECK(td.fom_tdiln_db.has_value());
    CHECK_FALSE(td.fom_riln_db.has_value());
    CHECK(td.cases[0].com_db == off.cases[0].com_db);
    CHECK(td.fom_ild_db == off.fom_ild_db);
}
