#include "graphs/yield.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "graphs/reliability_dist.hpp"
#include "sigint/cpus.hpp"

namespace racklink::graphs {

/// Cost per good unit = cost per started unit / yield; a yield below kNoGoodUnitsYield (one good
/// unit in 10^12 started: a design that does not yield) gives +infinity, which writers show
/// as "no good units" rather than an astronomically large price.
double per_good(double cost_per_started, double yield) {
    return yield < kNoGoodUnitsYield ? std::numeric_limits<double>::infinity() : cost_per_started / yield;
}

namespace {
constexpr std::array<std::pair<DefectModel, std::string_view>, 4> kModelNames{{
    {DefectModel::poisson, "poisson"},
    {DefectModel::murphy, "murphy"},
    {DefectModel::seeds, "seeds"},
    {DefectModel::negative_binomial, "negative_binomial"},
}};

bool is_fraction(double y) { return y > 0 && y <= 1; }
bool in01(double y) { return y >= 0 && y <= 1; }
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double agm(double a, double b) {
    for (int i = 0; i < 30 && std::abs(a - b) > 1e-15 * a; ++i) {
        double an = 0.5 * (a + b);
        b = std::sqrt(a * b);
        a = an;
    }
    return 0.5 * (a + b);
}
}  // namespace

std::string_view to_string(DefectModel m) {
    for (const auto& [k, n] : kModelNames)
        if (k == m) return n;
    return "?";
}

std::optional<DefectModel> parse_defect_model(std::string_view s) {
    for (const auto& [k, n] : kModelNames)
        if (n == s) return k;
    return std::nullopt;
}

double defect_yield(DefectModel model, double area_m2, double density_per_m2, double alpha) {
    double ad = area_m2 * density_per_m2;
    if (ad <= 0) return 1.0;
    switch (model) {
        case DefectModel::poisson: return std::exp(-ad);
        case DefectModel::murphy: {
            double f = -std::expm1(-ad) / ad;
            return f * f;
        }
        case DefectModel::seeds: return 1.0 / (1.0 + ad);
        case DefectModel::negative_binomial: return std::pow(1.0 + ad / alpha, -alpha);
    }
    return 1.0;
}

std::string PcbYieldInput::check() const {
    if (layers < 1) return "a board needs at least one layer";
    if (!(area_m2 > 0)) return "the board area must be > 0";
    if (!(defect_density_per_m2 >= 0)) return "the defect density must be >= 0";
    if (!(cluster_alpha > 0)) return "the clustering parameter alpha must be > 0";
    if (!is_fraction(core_yield) || !is_fraction(lamination_yield) ||
        !is_fraction(drill_plate_yield))
        return "a yield must be in (0, 1]";
    return "";
}

PcbYield pcb_yield(const PcbYieldInput& in) {
    PcbYield y;
    y.layer_yield = defect_yield(in.model, in.area_m2, in.defect_density_per_m2, in.cluster_alpha);
    y.layers_yield = std::pow(y.layer_yield, in.layers);
    y.cores_yield = std::pow(in.core_yield, in.cores);
    y.lamination_yield = std::pow(in.lamination_yield, in.lamination_cycles);
    y.board_yield = y.layers_yield * y.cores_yield * y.lamination_yield * in.drill_plate_yield;
    return y;
}

double elliptic_k_ratio(double k) {
    double kp = std::sqrt((1 - k) * (1 + k));
    return agm(1.0, k) / agm(1.0, kp);
}

double stripline_z0_cohn(double w_m, double b_m, double er) {
    double k = 1.0 / std::cosh(M_PI * w_m / (2 * b_m));
    return kEta0Ohm / (4 * std::sqrt(er)) * elliptic_k_ratio(k);
}

double stripline_z0_wheeler(double w_m, double t_m, double b_m, double er) {
    // Wheeler 1978: effective width W' = W + dW for a strip of thickness t (x = t/b).
    double x = t_m / b_m;
    double dw = 0.0;  // dW / (b - t)
    if (x > 0) {
        double m = 2.0 / (1.0 + (2.0 / 3.0) * x / (1 - x));
        dw = x / (M_PI * (1 - x)) *
             (1 - 0.5 * std::log(std::pow(x / (2 - x), 2) +
                                 std::pow(0.0796 * x / (w_m / b_m + 1.1 * x), m)));
    }
    double wp = w_m / (b_m - t_m) + dw;
    double a = 4.0 / (M_PI * wp);
    return 30.0 / std::sqrt(er) * std::log(1 + a * (2 * a + std::sqrt(4 * a * a + 6.27)));
}

double stripline_zodd_cohn(double w_m, double s_m, double b_m, double er) {
    double ko = std::tanh(M_PI * w_m / (2 * b_m)) / std::tanh(M_PI * (w_m + s_m) / (2 * b_m));
    return kEta0Ohm / (4 * std::sqrt(er)) * elliptic_k_ratio(std::sqrt((1 - ko) * (1 + ko)));
}

double stripline_zeven_cohn(double w_m, double s_m, double b_m, double er) {
    double ke = std::tanh(M_PI * w_m / (2 * b_m)) * std::tanh(M_PI * (w_m + s_m) / (2 * b_m));
    return kEta0Ohm / (4 * std::sqrt(er)) * elliptic_k_ratio(std::sqrt((1 - ke) * (1 + ke)));
}

std::string DiffStripline::check() const {
    if (!(width_m > 0) || !(spacing_m > 0) || !(height_m > 0) || !(thickness_m >= 0))
        return "stripline width, spacing and height must be > 0 and thickness >= 0";
    if (!(dk >= 1)) return "the dielectric constant must be >= 1";
    return "";
}

double diff_stripline_z(const DiffStripline& g) {
    double b = 2 * g.height_m + g.thickness_m;
    return 2 * stripline_zodd_cohn(g.width_m, g.spacing_m, b, g.dk) *
           stripline_z0_wheeler(g.width_m, g.thickness_m, b, g.dk) /
           stripline_z0_cohn(g.width_m, b, g.dk);
}

double diff_stripline_z_ipc2141(const DiffStripline& g) {
    double b = 2 * g.height_m + g.thickness_m;
    double z0 = 60 / std::sqrt(g.dk) *
                std::log(4 * b / (0.67 * M_PI * (0.8 * g.width_m + g.thickness_m)));
    return 2 * z0 * (1 - 0.347 * std::exp(-2.9 * g.spacing_m / b));
}

// ---------------------------------------------------------------------------------------------

std::string ImpedanceMcOptions::check() const {
    if (std::string e = nominal.check(); !e.empty()) return e;
    if (!(target_ohm > 0)) return "the target impedance must be > 0";
    if (!(tolerance > 0 && tolerance < 1)) return "the impedance tolerance must be in (0, 1)";
    if (signal_layers < 1 || pairs < 1 || boards < 2)
        return "at least one signal layer, one pair and two boards are needed";
    for (const VarianceSplit* v : {&width, &height, &dk, &thickness})
        if (!(v->lot >= 0 && v->layer >= 0 && v->local >= 0))
            return "variation sigmas must be >= 0";
    return "";
}

namespace {
struct BoardOut {
    double pass = 0;     // probability (conditional) or indicator (per pair)
    double fails = 0;    // expected or counted failing pairs
    double z_sum = 0, z2_sum = 0;
};

// Geometry at relative deviations d = (width, height, dk, thickness); spacing keeps the pitch.
DiffStripline perturbed(const DiffStripline& n, const double d[4]) {
    DiffStripline g = n;
    g.width_m = n.width_m * (1 + d[0]);
    g.spacing_m = n.spacing_m + n.width_m - g.width_m;
    g.height_m = n.height_m * (1 + d[1]);
    g.dk = n.dk * (1 + d[2]);
    g.thickness_m = n.thickness_m * (1 + d[3]);
    return g;
}

BoardOut one_board(const ImpedanceMcOptions& o, uint64_t board, double lo, double hi) {
    SplitMix64 rng{stream_seed(o.seed, board)};
    const VarianceSplit* vs[4] = {&o.width, &o.height, &o.dk, &o.thickness};
    double lot[4];
    for (int i = 0; i < 4; ++i) lot[i] = vs[i]->lot * standard_normal(rng);
    BoardOut out;
    double log_pass = 0.0;
    bool all_pass = true;
    for (uint32_t l = 0; l < o.signal_layers; ++l) {
        uint32_t n = o.pairs / o.signal_layers + (l < o.pairs % o.signal_layers ? 1 : 0);
        double d[4];
        for (int i = 0; i < 4; ++i) d[i] = lot[i] + vs[i]->layer * standard_normal(rng);
        if (o.method == ImpedanceMethod::conditional) {
            double z = diff_stripline_z(perturbed(o.nominal, d));
            // Linearize about the layer point: dZ/d(relative x_i) by forward differences.
            double var = 0.0;
            for (int i = 0; i < 4; ++i) {
                if (vs[i]->local == 0) continue;
                if (i == 2) {
                    // Z ~ Dk^-1/2 exactly (homogeneous stripline): dZ/dd = -Z / (2 (1 + d)).
                    var += std::pow(-z / (2 * (1 + d[2])) * vs[i]->local, 2);
                    continue;
                }
                double dd[4] = {d[0], d[1], d[2], d[3]};
                const double h = 1e-6;
                dd[i] += h * (1 + d[i]);
                double g = (diff_stripline_z(perturbed(o.nominal, dd)) - z) / h;
                var += std::pow(g * vs[i]->local, 2);
            }
            double pf;
            if (var > 0) {
                double s = std::sqrt(var);
                pf = normal_cdf((lo - z) / s) + normal_cdf((z - hi) / s);
            } else {
                pf = (z < lo || z > hi) ? 1.0 : 0.0;
            }
            log_pass += pf >= 1 ? -INFINITY : n * std::log1p(-pf);
            out.fails += n * pf;
            out.z_sum += n * z;
            out.z2_sum += n * (z * z + var);
        } else {
            for (uint32_t p = 0; p < n; ++p) {
                double dp[4];
                for (int i = 0; i < 4; ++i) dp[i] = d[i] + vs[i]->local * standard_normal(rng);
                double z = diff_stripline_z(perturbed(o.nominal, dp));
                bool bad = z < lo || z > hi;
                out.fails += bad ? 1 : 0;
                all_pass = all_pass && !bad;
                out.z_sum += z;
                out.z2_sum += z * z;
            }
        }
    }
    out.pass = o.method == ImpedanceMethod::conditional ? std::exp(log_pass) : (all_pass ? 1 : 0);
    return out;
}
}  // namespace

ImpedanceMcResult impedance_monte_carlo(const ImpedanceMcOptions& o) {
    ImpedanceMcResult r;
    if (std::string e = o.check(); !e.empty()) {
        r.message = e;
        return r;
    }
    r.nominal_ohm = diff_stripline_z(o.nominal);
    const double lo = o.target_ohm * (1 - o.tolerance), hi = o.target_ohm * (1 + o.tolerance);
    std::vector<BoardOut> boards(o.boards);
    uint32_t nt = o.threads ? o.threads : sigint::available_cpus();
    nt = std::min(nt, o.boards);
    std::vector<std::thread> pool;
    for (uint32_t t = 0; t < nt; ++t)
        pool.emplace_back([&, t] {
            uint64_t b0 = uint64_t{o.boards} * t / nt, b1 = uint64_t{o.boards} * (t + 1) / nt;
            for (uint64_t b = b0; b < b1; ++b) boards[b] = one_board(o, b, lo, hi);
        });
    for (std::thread& th : pool) th.join();
    // Reduce in board order: the result does not depend on the thread count.
    double sp = 0, sp2 = 0, sf = 0, sz = 0, sz2 = 0;
    for (const BoardOut& b : boards) {
        sp += b.pass;
        sp2 += b.pass * b.pass;
        sf += b.fails;
        sz += b.z_sum;
        sz2 += b.z2_sum;
    }
    const double nb = o.boards, npairs = nb * o.pairs;
    r.board_yield = sp / nb;
    double var = std::max(0.0, (sp2 - nb * r.board_yield * r.board_yield) / (nb - 1));
    r.board_yield_ci95 = 1.96 * std::sqrt(var / nb);
    r.pair_fail_fraction = sf / npairs;
    r.z_mean_ohm = sz / npairs;
    r.z_sigma_ohm = std::sqrt(std::max(0.0, sz2 / npairs - r.z_mean_ohm * r.z_mean_ohm));
    r.ok = true;
    return r;
}

// ---------------------------------------------------------------------------------------------

std::string CableTrayInput::check() const {
    if (cables < 1) return "a cable tray needs at least one cable";
    if (!is_fraction(cable_yield)) return "the cable yield must be in (0, 1]";
    if (!in01(test_coverage)) return "the test coverage must be in [0, 1]";
    if (tray_cost < 0 || cable_cost < 0 || replace_cost < 0 || test_cost < 0)
        return "costs must be >= 0";
    return "";
}

CableTrayYield cable_tray_yield(const CableTrayInput& in) {
    // Per cable: bad with q; each test round detects a bad cable with c. After i replacements
    // the cable is detected bad again with (q c)^(i+1). Rounds are tray-wide.
    const double q = 1 - in.cable_yield, c = in.test_coverage, qc = q * c;
    const double n = in.cables;
    const uint32_t loops = in.max_replace_loops;
    double escape = 0.0, repl = 0.0;
    for (uint32_t i = 0; i <= loops; ++i) escape += std::pow(qc, i) * q * (1 - c);
    for (uint32_t i = 1; i <= loops; ++i) repl += std::pow(qc, i);
    const double unresolved = std::pow(qc, loops + 1);
    double rounds = 1.0;
    for (uint32_t i = 1; i <= loops; ++i) rounds += 1 - std::pow(1 - std::pow(qc, i), n);
    CableTrayYield y;
    y.first_pass_yield = std::pow(in.cable_yield, n);
    y.shipped_yield = std::pow(1 - unresolved, n);
    y.good_yield = std::pow(1 - unresolved - escape, n);
    y.escape_per_tray = n * escape / (1 - unresolved);
    y.replacements_per_tray = n * repl;
    y.test_passes_per_tray = rounds;
    y.cost_per_started = in.tray_cost + n * in.cable_cost +
                         y.replacements_per_tray * (in.cable_cost + in.replace_cost) +
                         rounds * in.test_cost;
    y.cost_per_good_unit = per_good(y.cost_per_started, y.good_yield);
    return y;
}

std::string CpoModuleInput::check() const {
    for (double v : {die_yield, engine_yield, attach_yield, assembly_yield})
        if (!is_fraction(v)) return "a yield must be in (0, 1]";
    for (double v : {die_test_coverage, engine_test_coverage, rework_yield})
        if (!in01(v)) return "test coverage and rework yield must be in [0, 1]";
    for (double v : {die_cost, engine_cost, rework_cost, assembly_cost})
        if (v < 0) return "costs must be >= 0";
    return "";
}

CpoModuleYield cpo_module_yield(const CpoModuleInput& in) {
    CpoModuleYield y;
    // Known-good-die: P(pass) = y + (1-y)(1-c); P(bad | pass) = (1-y)(1-c) / P(pass).
    auto escape = [](double yl, double c) {
        double pass = yl + (1 - yl) * (1 - c);
        return std::pair{(1 - yl) * (1 - c) / pass, pass};
    };
    auto [die_esc, die_pass] = escape(in.die_yield, in.die_test_coverage);
    auto [oe_esc, oe_pass] = escape(in.engine_yield, in.engine_test_coverage);
    y.die_escape = die_esc;
    y.engine_escape = oe_esc;
    // Attach: fails with (1 - a); each of up to R reworks uses a new engine, succeeds with s.
    const double fa = 1 - in.attach_yield;
    double reworks = 0.0, still_failed = fa;
    for (uint32_t i = 0; i < in.attach_rework; ++i) {
        reworks += still_failed;
        still_failed *= 1 - in.rework_yield;
    }
    y.engine_attached = 1 - still_failed;
    y.module_yield = (1 - die_esc) * in.assembly_yield *
                     std::pow(y.engine_attached * (1 - oe_esc), in.engines);
    const double die_cost_tested = in.die_cost / die_pass;
    const double oe_cost_tested = in.engine_cost / oe_pass;
    y.cost_per_started = die_cost_tested + in.assembly_cost +
                         in.engines * ((1 + reworks) * oe_cost_tested + reworks * in.rework_cost);
    y.cost_per_good_unit = per_good(y.cost_per_started, y.module_yield);
    return y;
}

std::string CostInput::check() const {
    if (!(cost >= 0)) return "the cost must be >= 0";
    if (!is_fraction(yield)) return "the yield must be in (0, 1]";
    if (!in01(reworkable) || !in01(rework_yield)) return "rework fractions must be in [0, 1]";
    if (rework_cost < 0 || salvage < 0) return "rework cost and salvage must be >= 0";
    return "";
}

double yield_after_rework(const CostInput& in) {
    return in.yield + (1 - in.yield) * in.reworkable * in.rework_yield;
}

double cost_per_good_unit(const CostInput& in) {
    const double fail = 1 - in.yield;
    const double spent = in.cost + fail * in.reworkable * in.rework_cost -
                         fail * (1 - in.reworkable * in.rework_yield) * in.salvage;
    return per_good(spent, yield_after_rework(in));
}

}  // namespace racklink::graphs
