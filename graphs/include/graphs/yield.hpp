#pragma once
/// Manufacturing yield and cost per good unit: defect-density yield models, PCB board yield from
/// layers, cores and lamination cycles, stripline impedance and its Monte Carlo over fab
/// variation (lot/panel, layer, local), cable-tray yield with test-and-replace loops, CPO module
/// yield from optical-engine attach yields and known-good-die test escapes.
///
/// Units: SI (m, m^2, defects per m^2, ohm, USD). Yields are fractions in (0, 1].

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace racklink::graphs {

// ---------------------------------------------------------------------------------------------
// Defect-density yield models (Cunningham, "The use and evaluation of yield models in integrated
// circuit manufacturing", IEEE Trans. Semicond. Manuf. 3(2), 1990; Stapper, "Modeling of defects
// in integrated circuit photolithographic patterns", IBM J. Res. Dev. 28(4), 1984).

enum class DefectModel : uint8_t {
    poisson,            ///< Y = exp(-A D)
    murphy,             ///< Y = ((1 - exp(-A D)) / (A D))^2  (Murphy, Proc. IEEE 52, 1964)
    seeds,              ///< Y = 1 / (1 + A D)  (Seeds, IEEE ISSCC 1967 / Price 1970)
    negative_binomial,  ///< Y = (1 + A D / alpha)^-alpha  (Stapper 1984; alpha = clustering)
};
std::string_view to_string(DefectModel m);
std::optional<DefectModel> parse_defect_model(std::string_view s);

/// Yield of an area `area_m2` at defect density `density_per_m2` (critical-area weighted).
/// `alpha` is the negative-binomial clustering parameter (ignored otherwise).
double defect_yield(DefectModel model, double area_m2, double density_per_m2, double alpha = 2.0);

// ---------------------------------------------------------------------------------------------
// PCB board yield.

/// Inputs of a multilayer board. Inner layers are imaged on cores (two per core) and inspected
/// per layer, so layer yields multiply; each lamination cycle (sequential lamination for HDI
/// or backplanes) has its own registration/delamination yield.
struct PcbYieldInput {
    uint32_t layers = 20;              ///< copper layers
    uint32_t cores = 9;                ///< laminate cores
    uint32_t lamination_cycles = 1;    ///< press cycles
    double area_m2 = 0.1;              ///< board area
    double defect_density_per_m2 = 5;  ///< killer defects per m^2 per layer image
    DefectModel model = DefectModel::negative_binomial;
    double cluster_alpha = 2.0;        ///< negative binomial clustering
    double core_yield = 1.0;           ///< per core (material, etch of both sides beyond defects)
    double lamination_yield = 0.98;    ///< per lamination cycle
    double drill_plate_yield = 1.0;    ///< drilling, plating, back-drill, final electrical test
    std::string check() const;
};
struct PcbYield {
    double layer_yield = 0.0;       ///< one layer image
    double layers_yield = 0.0;      ///< all layer images
    double cores_yield = 0.0;
    double lamination_yield = 0.0;  ///< all cycles
    double board_yield = 0.0;       ///< product of all
};
PcbYield pcb_yield(const PcbYieldInput& in);

// ---------------------------------------------------------------------------------------------
// Symmetric stripline impedance.

/// Impedance of free space (CODATA 2018), ohm.
inline constexpr double kEta0Ohm = 376.730313668;

/// K(k)/K(k') for the complete elliptic integral of the first kind with modulus k, by the
/// arithmetic-geometric mean: K(k) = pi / (2 AGM(1, k')), so K(k)/K(k') = AGM(1, k)/AGM(1, k').
double elliptic_k_ratio(double k);

/// Exact zero-thickness symmetric stripline (Cohn, "Characteristic impedance of the shielded-
/// strip transmission line", IRE Trans. MTT-2, 1954):
/// Z0 = eta0 / (4 sqrt(er)) * K(k)/K(k'), k = sech(pi w / (2 b)). w width, b plane spacing.
double stripline_z0_cohn(double w_m, double b_m, double er);

/// Thick-strip symmetric stripline (Wheeler, "Transmission-line properties of a strip line
/// between parallel planes", IEEE Trans. MTT-26(11), 1978, eqs. 2-5; accuracy 0.5 % for
/// w/(b-t) < 10, as tabulated in Wadell, "Transmission Line Design Handbook", 1991, sec. 4.2.2).
double stripline_z0_wheeler(double w_m, double t_m, double b_m, double er);

/// Exact zero-thickness edge-coupled symmetric stripline, odd and even modes (Cohn, "Shielded
/// coupled-strip transmission line", IRE Trans. MTT-3(5), 1955):
/// Z0e,o = eta0 / (4 sqrt(er)) * K(k')/K(k), k_e = tanh(pi w/2b) tanh(pi (w+s)/2b),
/// k_o = tanh(pi w/2b) coth(pi (w+s)/2b). Here returned as K(k')/K(k) with k' = sqrt(1-k^2).
double stripline_zodd_cohn(double w_m, double s_m, double b_m, double er);
double stripline_zeven_cohn(double w_m, double s_m, double b_m, double er);

/// Edge-coupled differential stripline geometry (both traces equal, centred between planes).
struct DiffStripline {
    double width_m = 100e-6;
    double spacing_m = 150e-6;    ///< edge-to-edge gap
    double thickness_m = 17.5e-6; ///< copper (0.5 oz)
    double height_m = 120e-6;     ///< dielectric between the trace and each plane (b = 2h + t)
    double dk = 3.3;
    std::string check() const;
};
/// Differential impedance 2 * Z0odd with strip thickness: Cohn's exact zero-thickness odd-mode
/// impedance scaled by Wheeler's thick-to-thin single-strip ratio,
/// Zdiff = 2 Z0o,Cohn(w, s, b) * Z0,Wheeler(w, t, b) / Z0,Cohn(w, b).
/// Valid (error < ~2 % against field solutions) for t/b <= 0.25, 0.1 <= w/b <= 2, s/b >= 0.1.
double diff_stripline_z(const DiffStripline& g);
/// IPC-2141A (2004) approximations, for comparison only (valid w/b < 0.35, t/b < 0.25):
/// Z0 = 60/sqrt(er) ln(4 b / (0.67 pi (0.8 w + t))), Zdiff = 2 Z0 (1 - 0.347 exp(-2.9 s / b)).
double diff_stripline_z_ipc2141(const DiffStripline& g);

// ---------------------------------------------------------------------------------------------
// Impedance Monte Carlo.

/// Relative standard deviations (fractions) of one quantity, split as fabs see them:
/// lot/panel (shared by the whole board), layer (shared by one layer of one board) and local
/// (each pair independently).
struct VarianceSplit {
    double lot = 0.0;
    double layer = 0.0;
    double local = 0.0;
};

enum class ImpedanceMethod : uint8_t {
    /// Lot and layer deviations sampled, the formula evaluated exactly at each board layer;
    /// the local (per-pair) deviation integrated analytically after linearizing the impedance
    /// about the layer point (conditional Monte Carlo: every pair of the layer passes with the
    /// same probability, P(board) = prod_layers p_layer^n_pairs).
    conditional,
    /// Every pair sampled and evaluated exactly (slow; used to validate the conditional method).
    per_pair,
};

struct ImpedanceMcOptions {
    DiffStripline nominal;
    double target_ohm = 85.0;
    double tolerance = 0.10;     ///< pass band target * (1 +- tolerance)
    uint32_t signal_layers = 8;
    uint32_t pairs = 5184;       ///< per board, spread evenly over the signal layers
    VarianceSplit width;         ///< trace width (spacing moves opposite: pitch is fixed)
    VarianceSplit height;        ///< dielectric height
    VarianceSplit dk;            ///< dielectric constant
    VarianceSplit thickness;     ///< copper thickness
    uint32_t boards = 100000;
    uint64_t seed = 1;
    uint32_t threads = 0;        ///< 0 = hardware concurrency
    ImpedanceMethod method = ImpedanceMethod::conditional;
    std::string check() const;
};

struct ImpedanceMcResult {
    bool ok = false;
    std::string message;
    double nominal_ohm = 0.0;         ///< at the nominal geometry
    double board_yield = 0.0;         ///< fraction of boards with every pair in tolerance
    double board_yield_ci95 = 0.0;    ///< half width
    double pair_fail_fraction = 0.0;  ///< fraction of pairs out of tolerance
    double z_mean_ohm = 0.0;          ///< over pairs
    double z_sigma_ohm = 0.0;         ///< total standard deviation over pairs
};
ImpedanceMcResult impedance_monte_carlo(const ImpedanceMcOptions& options);

// ---------------------------------------------------------------------------------------------
// Cable tray yield with test-and-replace loops.

/// A tray of `cables` cables, each good after installation with probability `cable_yield`.
/// The whole tray is tested; the test detects a bad cable with probability `test_coverage`;
/// detected cables are replaced (the new one good with `cable_yield`) and the tray retested,
/// at most `max_replace_loops` times. Bad cables still detected after that scrap the tray; bad
/// cables not detected escape (shipped defective).
struct CableTrayInput {
    uint32_t cables = 5184;
    double cable_yield = 0.9995;
    double test_coverage = 0.99;
    uint32_t max_replace_loops = 3;
    double tray_cost = 20000.0;     ///< USD, the tray without cables
    double cable_cost = 60.0;       ///< USD per cable
    double replace_cost = 40.0;     ///< USD labor per replacement
    double test_cost = 500.0;       ///< USD per test pass of the tray
    std::string check() const;
};
struct CableTrayYield {
    double first_pass_yield = 0.0;    ///< every cable good at the first test
    double shipped_yield = 0.0;       ///< not scrapped
    double good_yield = 0.0;          ///< shipped with no escaped bad cable
    double escape_per_tray = 0.0;     ///< expected escaped bad cables per shipped tray
    double replacements_per_tray = 0.0;
    double test_passes_per_tray = 0.0;
    double cost_per_started = 0.0;    ///< USD
    double cost_per_good_unit = 0.0;  ///< USD per good tray
};
CableTrayYield cable_tray_yield(const CableTrayInput& in);

// ---------------------------------------------------------------------------------------------
// CPO module yield.

/// A co-packaged-optics module: one switch die (known-good-die tested), `engines` optical
/// engines (each KGD tested, then attached), the package assembly.
/// Test escape: a die that is bad passes its KGD test with probability 1 - coverage, so the
/// tested-good population is bad with probability (1-y)(1-c) / (y + (1-y)(1-c)).
struct CpoModuleInput {
    double die_yield = 0.8;            ///< fraction of switch dies good before test
    double die_test_coverage = 0.995;  ///< fraction of bad dies the KGD test catches
    double die_cost = 8000.0;          ///< USD per die before test
    uint32_t engines = 8;
    double engine_yield = 0.95;
    double engine_test_coverage = 0.98;
    double engine_cost = 800.0;
    double attach_yield = 0.99;        ///< per engine attach (found at attach inspection)
    uint32_t attach_rework = 1;        ///< rework attempts of a failed attach (new engine each)
    double rework_yield = 0.9;         ///< success of one rework
    double rework_cost = 300.0;        ///< USD labor per rework
    double assembly_yield = 0.98;      ///< substrate, lid, fiber attach of the module
    double assembly_cost = 2000.0;     ///< USD substrate and assembly
    std::string check() const;
};
struct CpoModuleYield {
    double die_escape = 0.0;      ///< P(a tested-good die is bad)
    double engine_escape = 0.0;   ///< P(a tested-good engine is bad)
    double engine_attached = 0.0; ///< P(an engine slot ends attached after rework)
    double module_yield = 0.0;    ///< P(the finished module is good)
    double cost_per_started = 0.0;
    double cost_per_good_unit = 0.0;
};
CpoModuleYield cpo_module_yield(const CpoModuleInput& in);

// ---------------------------------------------------------------------------------------------
// Cost per good unit.

/// Cost per good unit with scrap and rework: of the units that fail (1 - y), a fraction
/// `reworkable` is reworked at `rework_cost` and then good with `rework_yield`; the rest is
/// scrapped (recovering `salvage` each). cost per good =
/// (cost + (1-y) r rework_cost - (1-y)(1 - r s) salvage) / (y + (1-y) r s).
struct CostInput {
    double cost = 0.0;
    double yield = 1.0;
    double reworkable = 0.0;
    double rework_cost = 0.0;
    double rework_yield = 0.0;
    double salvage = 0.0;
    std::string check() const;
};
double cost_per_good_unit(const CostInput& in);

/// Yield below which an assembly is said to have no good units (cost per good unit = +inf).
inline constexpr double kNoGoodUnitsYield = 1e-12;
/// cost_per_started / yield, or +infinity below kNoGoodUnitsYield.
double per_good(double cost_per_started, double yield);
/// The final yield after rework: y + (1-y) * reworkable * rework_yield.
double yield_after_rework(const CostInput& in);

}  // namespace racklink::graphs
