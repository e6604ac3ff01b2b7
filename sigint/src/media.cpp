#include "sigint/media.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace racklink::sigint {

namespace {
constexpr double kNpToDb = 8.685889638065035;  // 20 / ln(10)
}

double skin_depth_m(double f_hz, double sigma) {
    return 1.0 / std::sqrt(std::numbers::pi * f_hz * kMu0 * sigma);
}

double surface_resistance_ohm(double f_hz, double sigma) {
    return std::sqrt(std::numbers::pi * f_hz * kMu0 / sigma);
}

double dielectric_loss_db_per_m(double f_hz, double dk, double df) {
    return kNpToDb * std::numbers::pi * f_hz * std::sqrt(dk) * df / kC0;
}

double roughness_factor(const Foil& foil, RoughnessModel model, double f_hz) {
    if (f_hz <= 0) return 1.0;
    const double delta = skin_depth_m(f_hz);
    switch (model) {
        case RoughnessModel::smooth: return 1.0;
        case RoughnessModel::hammerstad: {
            const double r = foil.rq_m / delta;
            return 1.0 + 2.0 / std::numbers::pi * std::atan(1.4 * r * r);
        }
        case RoughnessModel::huray: {
            const double a = foil.huray_a_m;
            if (a <= 0) return 1.0;
            return 1.0 + 1.5 * foil.huray_sr / (1.0 + delta / a + delta * delta / (2.0 * a * a));
        }
    }
    return 1.0;
}

double trace_loss_db_per_m(const TraceSpec& t, double f_hz) {
    if (f_hz <= 0) return 0.0;
    const double k = roughness_factor(t.foil, t.roughness, f_hz);
    const double rs = surface_resistance_ohm(f_hz);
    const double dk = t.laminate.dk, df = t.laminate.df;
    if (t.style == TraceStyle::stripline) {
        const double alpha_c = k * rs / (2.0 * t.z0_ohm * t.width_m);
        return kNpToDb * alpha_c + dielectric_loss_db_per_m(f_hz, dk, df);
    }
    const double alpha_c = k * rs / (t.z0_ohm * t.width_m);
    // Pozar eq. 3.195 at w/h = 2 (a 50-ohm-class microstrip on Dk ~3-4), and eq. 3.198.
    const double w_over_h = 2.0;
    const double eps_e = (dk + 1.0) / 2.0 + (dk - 1.0) / 2.0 / std::sqrt(1.0 + 12.0 / w_over_h);
    const double k0 = 2.0 * std::numbers::pi * f_hz / kC0;
    const double alpha_d = dk > 1.0 ? k0 * dk * (eps_e - 1.0) * df / (2.0 * std::sqrt(eps_e) * (dk - 1.0)) : 0.0;
    return kNpToDb * (alpha_c + alpha_d);
}

double twinax_loss_db_per_m(const TwinaxSpec& t, double f_hz) {
    if (f_hz <= 0) return 0.0;
    const double d = awg_diameter_m(t.awg);
    const double r_wire = surface_resistance_ohm(f_hz) / (std::numbers::pi * d);
    const double alpha_c = t.shield_factor * r_wire / t.z_diff_ohm;
    return kNpToDb * alpha_c + dielectric_loss_db_per_m(f_hz, t.dielectric.dk, t.dielectric.df);
}

double via_stub_resonance_hz(const ViaSpec& v) {
    if (v.stub_m <= 0) return 0.0;
    return kC0 / (4.0 * v.stub_m * std::sqrt(v.dk));
}

double via_loss_db(const ViaSpec& v, double f_hz) {
    double il = lumped_loss_db(v.base_loss_db, v.base_ref_freq_hz, f_hz);
    if (v.stub_m <= 0 || f_hz <= 0) return il;
    const double beta = 2.0 * std::numbers::pi * f_hz * std::sqrt(v.dk) / kC0;
    const double alpha = dielectric_loss_db_per_m(f_hz, v.dk, v.df) / kNpToDb +
                         surface_resistance_ohm(f_hz) / (std::numbers::pi * v.barrel_d_m) / (2.0 * v.z_stub_ohm);
    const std::complex<double> gl(alpha * v.stub_m, beta * v.stub_m);
    const std::complex<double> y = (50.0 / v.z_stub_ohm) * std::tanh(gl);  // normalized to the 50-ohm odd-mode line
    const std::complex<double> s21 = 2.0 / (2.0 + y);
    return il - 20.0 * std::log10(std::abs(s21));
}

double lumped_loss_db(double loss_ref_db, double ref_freq_hz, double f_hz) {
    if (f_hz <= 0 || ref_freq_hz <= 0) return 0.0;
    const double x = f_hz / ref_freq_hz;
    return loss_ref_db * 0.5 * (std::sqrt(x) + x);
}

}  // namespace racklink::sigint
