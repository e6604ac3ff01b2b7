#pragma once
/// Thermal analysis of a model: power roll-up (devices, tray overhead, interconnect), kW per
/// rack unit and per EFLOPS, die heat flux against the cold-plate limit, coolant flow and
/// temperatures along each tray loop and the rack manifold, junction temperatures from a
/// sparse thermal network of the whole model (racklink::thermal), ASHRAE class / PUE / CDU
/// checks, and CTE fatigue of the interfaces the description names.
///
/// Units: SI inside (W, K, m^2, m^3/s, 1/s). Reports print kW, degC, L/min, W/mm^2.
///
/// Parameters read (see docs/thermal.md for the full table):
///  devices: power (W), dies, die_area (m^2 per die), theta_jc (K/W, junction to case of the
///    package), t_junction_max (K), cooling (text: cold_plate part or "air"), flops (1/s),
///    flops_precision (text), joint (text: joint part);
///  cold_plate parts: r_th (K/W case to coolant incl. TIM), r_tim (K/W, part of r_th in the
///    TIM, optional), heat_flux_limit (W/m^2), flow (m^3/s minimum per plate), base_area (m^2),
///    base_thickness (m), base_conductivity (W/(m K)) for spreading (optional);
///  trays and other elements: power (W overhead); racks/globals: height (U), inlet_temp (K),
///    delta_t (K), coolant (text), pue, cdu (text in_rack|in_row), cdu_capacity (W),
///    ashrae_class (text W17..W45|W+);
///  profiles: energy_per_bit (J/bit), lane_rate; segments (retimer, optical_engine,
///    active_copper): energy_per_bit (J/bit), power (W);
///  joint parts: material_a/material_b (text) or cte_a/cte_b (1/K), dnp (m), height (m),
///    model (engelmaier|norris_landzberg), ductility, f_factor, cycle_frequency (1/s),
///    count, delta_t (K), test_cycles, test_delta_t (K), test_frequency (1/s), test_t_max
///    (K), exponent_n, exponent_m, activation_temp (K).

#include <optional>
#include <string>
#include <vector>

#include "graphs/model.hpp"
#include "thermal/coolant.hpp"

namespace racklink::graphs {

/// Options of the thermal analysis. An option given here overrides the rack's parameter,
/// which overrides the description's global parameter, which overrides the default.
struct ThermalOptions {
    std::optional<double> inlet_k;            ///< facility supply temperature (K)
    std::optional<double> delta_t_k;          ///< design coolant rise per tray loop (K)
    std::optional<thermal::Coolant> coolant;  ///< coolant of every loop
    std::optional<double> pue;                ///< power usage effectiveness (>= 1)
    double flow_scale = 1.0;                  ///< multiplies every loop's flow (sensitivity)
    /// Precision whose `flops` count toward kW per EFLOPS ("fp4": dense FP4).
    std::string flops_precision = "fp4";
    /// True when each device's `power` already includes its SerDes: the link SerDes power is
    /// then reported as interconnect power but not added again to the totals or the dies.
    /// A description can say the same with the global `serdes_in_device_power = 1`.
    bool serdes_in_device_power = false;
    int hottest = 10;  ///< how many hottest devices the report lists
    /// Solve with the dense LU baseline instead of the sparse LU (benchmarks, cross-checks).
    bool dense_solver = false;

    /// Defaults used when neither an option nor a parameter gives a value.
    static constexpr double kDefaultInletK = 313.15;  ///< 40 degC: ASHRAE W40 upper limit
    static constexpr double kDefaultDeltaTK = 10.0;   ///< the issue's reference design rise

    /// Empty when valid, otherwise what is wrong.
    std::string validate() const;
};

/// Outcome of the analysis.
enum class ThermalStatus {
    ok,              ///< computed, every checked limit met
    limit_exceeded,  ///< computed, at least one limit exceeded (see issues)
    input_error,     ///< invalid or missing data in the description (see issues)
    solver_error,    ///< the thermal network could not be solved
};
std::string_view to_string(ThermalStatus s);

/// One diagnostic, rendered "file:line:col: error: message [THM-0001]".
struct ThermalIssue {
    bool error = true;  ///< false: a warning or a limit notice
    std::string code;   ///< stable id, e.g. "THM-0001"
    std::string where;  ///< Model::where() of the offending line
    std::string message;
    std::string render() const;
};

enum class Verdict { ok, exceeded, not_checked };
std::string_view to_string(Verdict v);

/// Per device.
struct DeviceThermal {
    Vertex vertex = 0;
    std::string name, type;
    Kind kind = Kind::other;
    int tray = -1;                ///< index into ThermalResult::trays, -1 when not in a tray
    int rack = -1;                ///< index into ThermalResult::racks
    double power_w = 0.0;         ///< stated device power
    double serdes_power_w = 0.0;  ///< its share of link SerDes power (half of each link)
    double heat_w = 0.0;          ///< heat dissipated in the package (power + SerDes share)
    int dies = 1;
    double die_area_m2 = kNaN;
    double heat_flux_w_per_m2 = kNaN;        ///< per die: heat / dies / die_area
    double heat_flux_limit_w_per_m2 = kNaN;  ///< of its cold plate
    Verdict flux_verdict = Verdict::not_checked;
    std::string cooling;  ///< cold-plate part name, "air" or empty
    bool liquid = false;
    double t_coolant_k = kNaN;  ///< coolant leaving its cold-plate cell
    double t_plate_k = kNaN;
    double t_case_k = kNaN;
    double t_junction_k = kNaN;  ///< hottest die
    double t_junction_max_k = kNaN;
    Verdict tj_verdict = Verdict::not_checked;
    std::string limit_where;  ///< where t_junction_max (else the part) is defined
    std::string flux_limit_where;
    double flops = 0.0;  ///< counted flops (1/s) at the analysis precision
};

/// Per tray (cooling loop).
struct TrayThermal {
    Vertex vertex = 0;
    std::string name;
    int rack = -1;
    double u_height = kNaN;
    double device_power_w = 0.0, overhead_power_w = 0.0;
    double link_power_w = 0.0;          ///< SerDes + retimer/optics segments of its links
    double interconnect_power_w = 0.0;  ///< link power + retimer/optical/laser devices
    double total_power_w = 0.0;         ///< device + overhead + link power
    double kw_per_u = kNaN;
    double liquid_heat_w = 0.0;  ///< heat into the loop
    double flow_m3_s = 0.0;
    double t_in_k = kNaN, t_out_k = kNaN;
    double max_junction_k = kNaN;
    double flops = 0.0;
};

/// Per rack (or the whole model when it has no rack element).
struct RackThermal {
    int vertex = -1;  ///< -1: synthetic rack for elements outside any rack
    std::string name;
    double height_u = kNaN;
    double device_power_w = 0.0, overhead_power_w = 0.0;
    double link_power_w = 0.0;          ///< SerDes + retimer/optics segments of its links
    double interconnect_power_w = 0.0;  ///< link power + retimer/optical/laser devices
    double total_power_w = 0.0;         ///< device + overhead + link power
    double kw_per_u = kNaN;
    double interconnect_share = 0.0;
    double flops = 0.0;
    double kw_per_eflops = kNaN;
    double liquid_heat_w = 0.0, air_heat_w = 0.0;
    double flow_m3_s = 0.0;
    double lpm_per_kw = kNaN;
    thermal::Coolant coolant = thermal::Coolant::water;
    double t_supply_k = kNaN, t_return_k = kNaN, delta_t_k = kNaN;
    std::string ashrae_class;     ///< class the supply temperature needs
    std::string ashrae_required;  ///< rack/global `ashrae_class`, if stated
    Verdict ashrae_verdict = Verdict::not_checked;
    double pue = kNaN, facility_power_w = kNaN;
    std::string cdu;  ///< "in_rack", "in_row" or empty
    double cdu_capacity_w = kNaN;
    int racks_per_cdu = -1;
    Verdict cdu_verdict = Verdict::not_checked;
    double max_junction_k = kNaN;
    double max_heat_flux_w_per_m2 = kNaN;
};

/// Per scale-up domain (connected component of scale_up links).
struct DomainThermal {
    int id = 0;
    size_t devices = 0, gpus = 0;
    double power_w = 0.0;               ///< device power
    double link_power_w = 0.0;          ///< SerDes + segments of its scale-up links
    double interconnect_power_w = 0.0;  ///< link power + retimer/optical/laser devices
    double flops = 0.0, kw_per_eflops = kNaN;
};

/// CTE fatigue of one interface named by an element's `joint` parameter.
struct JointFatigue {
    Vertex vertex = 0;
    std::string element, joint, model;
    double t_min_k = kNaN, t_max_k = kNaN, delta_t_k = kNaN;
    double delta_alpha_per_k = kNaN;
    double strain = kNaN;             ///< Engelmaier shear strain range (engelmaier model)
    double cycles_to_failure = kNaN;  ///< per joint
    double cycle_frequency_per_s = kNaN;
    double life_s = kNaN;             ///< cycles / frequency
    double failure_rate_per_s = 0.0;  ///< count * frequency / cycles (constant-rate equivalent)
    double count = 1.0;
    std::string where;
};

/// Result of analyze_thermal.
struct ThermalResult {
    ThermalStatus status = ThermalStatus::ok;
    std::string message;
    std::vector<ThermalIssue> issues;
    std::vector<DeviceThermal> devices;  ///< in vertex order
    std::vector<TrayThermal> trays;
    std::vector<RackThermal> racks;
    std::vector<DomainThermal> domains;
    std::vector<JointFatigue> joints;
    std::vector<size_t> hottest;  ///< device indices, hottest junction first

    double total_power_w = 0.0, interconnect_power_w = 0.0, flops = 0.0;
    double kw_per_eflops = kNaN;
    double liquid_heat_w = 0.0, heat_to_coolant_w = 0.0;
    double coolant_flow_m3_s = 0.0;
    double max_junction_k = kNaN, max_heat_flux_w_per_m2 = kNaN;
    double facility_power_w = 0.0;

    /// For the reliability analysis, indexed by vertex: junction temperature (K) of each
    /// device (NaN when not computed) and thermal-cycling failure rate (1/s) of its joints.
    std::vector<double> junction_k_by_vertex;
    std::vector<double> joint_failure_rate_by_vertex;

    bool serdes_in_device_power = false;  ///< as applied (option or description)
    size_t network_nodes = 0, network_unknowns = 0, network_nonzeros = 0;
    int iterations = 0;  ///< fixed-point iterations on coolant properties

    bool ok() const {
        return status == ThermalStatus::ok || status == ThermalStatus::limit_exceeded;
    }
    /// Every issue rendered, one per line.
    std::string diagnostics() const;
};

/// Runs the analysis. Never throws for bad data: errors come back as issues with the
/// location of the parameter (or element) that caused them.
ThermalResult analyze_thermal(const Model& model, const ThermalOptions& options);

/// Human-readable report: per-rack and per-tray tables, hottest devices, limits exceeded.
std::string render_thermal_text(const ThermalResult& result);
/// JSON report (keys in docs/thermal.md; SI and display units named in each key).
std::string render_thermal_json(const ThermalResult& result);

}  // namespace racklink::graphs
