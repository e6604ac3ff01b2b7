#include "hdl/param_table.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace racklink::hdl {

namespace {
using B = Dim::Base;
Dim dm(B b, int n = 1) { return Dim::of(b, n); }
const Dim kNone{};
const Dim kLen = dm(B::m);
const Dim kArea = dm(B::m, 2);
const Dim kTime = dm(B::s);
const Dim kFreq = dm(B::s, -1);
const Dim kPower = dm(B::kg) * dm(B::m, 2) / dm(B::s, 3);
const Dim kEnergy = dm(B::kg) * dm(B::m, 2) / dm(B::s, 2);
const Dim kTemp = dm(B::K);
const Dim kDb = dm(B::db);
const Dim kDbm = dm(B::dbm);
const Dim kRate = dm(B::bit) / dm(B::s);
const Dim kEpb = kEnergy / dm(B::bit);
const Dim kUsd = dm(B::usd);
const Dim kMass = dm(B::kg);
const Dim kThermalR = kTemp / kPower;
const Dim kFlux = kPower / kArea;
const Dim kFlow = dm(B::m, 3) / dm(B::s);
const Dim kPressure = dm(B::kg) / dm(B::m) / dm(B::s, 2);
const Dim kDbPerM = kDb / kLen;
const Dim kMassPerLen = kMass / kLen;
const Dim kUsdPerJ = kUsd / kEnergy;
const Dim kUsdPerTime = kUsd / kTime;
const Dim kOhm = (kPower / dm(B::A)) / dm(B::A);

ParamSpec num(std::string n, Dim d, std::string unit, std::string desc, double lo = -1e300,
              double hi = 1e300, bool lo_excl = false) {
    return {std::move(n), ParamType::number, d, lo, hi, lo_excl, std::move(unit), std::move(desc)};
}
ParamSpec pos(std::string n, Dim d, std::string unit, std::string desc) {
    return num(std::move(n), d, std::move(unit), std::move(desc), 0.0, 1e300, true);
}
ParamSpec nonneg(std::string n, Dim d, std::string unit, std::string desc) {
    return num(std::move(n), d, std::move(unit), std::move(desc), 0.0);
}
ParamSpec text(std::string n, std::string desc) {
    return {std::move(n), ParamType::text, kNone, -1e300, 1e300, false, "", std::move(desc)};
}
ParamSpec text_list(std::string n, std::string desc) {
    return {std::move(n), ParamType::text_list, kNone, -1e300, 1e300, false, "", std::move(desc)};
}
ParamSpec flag(std::string n, std::string desc) {
    return {std::move(n), ParamType::boolean, kNone, 0, 1, false, "", std::move(desc)};
}

/// Parameters every part, device, tray and rack accepts (reliability, cost, provenance).
std::vector<ParamSpec> common() {
    return {
        nonneg("fit", kFreq, "FIT", "constant failure rate (1 FIT = 1 failure per 1e9 h)"),
        pos("weibull_beta", kNone, "", "Weibull shape parameter of the life distribution"),
        pos("weibull_eta", kTime, "h", "Weibull scale parameter (characteristic life)"),
        pos("lognormal_median", kTime, "h", "median life of a lognormal life distribution"),
        pos("lognormal_sigma", kNone, "", "lognormal shape parameter (sigma of ln t)"),
        text("repair", "name of the `repair` part that restores this part"),
        flag("spare", "a spare must be on hand to repair it"),
        num("yield", kNone, "", "manufacturing yield, in (0, 1]", 0.0, 1.0, true),
        nonneg("cost", kUsd, "USD", "unit cost"),
        nonneg("mass", kMass, "kg", "mass"),
        num("t_operating", kTemp, "degC", "stated operating temperature (Arrhenius)", 0.0, 1e300, true),
        pos("ea", kNone, "eV", "activation energy for Arrhenius acceleration, in eV"),
        text("source", "where the numbers come from (handbook, vendor, field, estimate)"),
        pos("t_ref", kTemp, "degC", "temperature at which `fit` is stated (default 40 degC, SR-332)"),
        pos("t_junction", kTemp, "degC", "junction temperature for Arrhenius (else thermal / t_operating)"),
    };
}

/// Yield and cost-per-good-unit inputs (docs/reliability.md, "Yield"), for boards, trays and modules.
std::vector<ParamSpec> yield_params() {
    const Dim per_area = kNone / kArea;
    return {
        nonneg("defect_density", per_area, "1/cm^2", "defect density of the board process"),
        text("yield_model", "poisson | murphy | seeds | negative_binomial"),
        pos("cluster_alpha", kNone, "", "negative-binomial clustering parameter"),
        num("core_yield", kNone, "", "yield per core", 0, 1),
        num("lamination_yield", kNone, "", "yield per lamination cycle", 0, 1),
        num("drill_yield", kNone, "", "drilling / back-drill yield", 0, 1),
        flag("reworkable", "failed units can be reworked"),
        nonneg("rework_cost", kUsd, "USD", "cost of one rework"),
        num("rework_yield", kNone, "", "yield of a rework", 0, 1),
        nonneg("salvage", kUsd, "USD", "value recovered from scrap"),
        pos("z_diff", kOhm, "ohm", "target differential impedance"),
        pos("z_tol", kNone, "", "impedance tolerance (fraction, e.g. 0.1)"),
        pos("signal_layers", kNone, "", "signal layers"),
        pos("trace_width", kLen, "mil", "nominal trace width"),
        pos("trace_spacing", kLen, "mil", "pair spacing"),
        pos("trace_thickness", kLen, "um", "copper thickness"),
        pos("dielectric_height", kLen, "mil", "dielectric height"),
        pos("dk", kNone, "", "dielectric constant"),
        text("width_var", "variation(lot = ..., layer = ..., local = ...) of the width (sigmas)"),
        text("height_var", "variation(...) of the dielectric height"),
        text("dk_var", "variation(...) of Dk"),
        text("thickness_var", "variation(...) of the copper thickness"),
        pos("diff_pairs", kNone, "", "differential pairs (alias of pairs)"),
        pos("cables", kNone, "", "cables in a cable tray"),
        num("cable_yield", kNone, "", "yield of one cable", 0, 1),
        num("test_coverage", kNone, "", "fraction of defects the test catches", 0, 1),
        pos("replace_loops", kNone, "", "test-and-replace loops allowed"),
        nonneg("cable_cost", kUsd, "USD", "cost of one cable"),
        nonneg("replace_cost", kUsd, "USD", "cost of one replacement"),
        nonneg("test_cost", kUsd, "USD", "cost of one test"),
        pos("engines", kNone, "", "optical engines per CPO module"),
        num("die_yield", kNone, "", "die yield", 0, 1),
        num("die_test_coverage", kNone, "", "known-good-die test coverage", 0, 1),
        nonneg("die_cost", kUsd, "USD", "die cost"),
        num("engine_yield", kNone, "", "optical engine yield", 0, 1),
        num("engine_test_coverage", kNone, "", "optical engine test coverage", 0, 1),
        nonneg("engine_cost", kUsd, "USD", "optical engine cost"),
        num("attach_yield", kNone, "", "engine attach yield", 0, 1),
        flag("attach_rework", "failed attaches can be reworked"),
        num("attach_rework_yield", kNone, "", "attach rework yield", 0, 1),
        nonneg("attach_rework_cost", kUsd, "USD", "attach rework cost"),
        num("assembly_yield", kNone, "", "final assembly yield", 0, 1),
        nonneg("assembly_cost", kUsd, "USD", "assembly cost"),
    };
}

void add_missing(std::vector<ParamSpec>& v, std::vector<ParamSpec> extra) {
    for (auto& y : extra)
        if (std::find_if(v.begin(), v.end(), [&](const ParamSpec& p) { return p.name == y.name; }) == v.end())
            v.push_back(std::move(y));
}

std::vector<ParamSpec> device_params() {
    auto v = common();
    auto add = std::vector<ParamSpec>{
        nonneg("power", kPower, "W", "power dissipated at the stated operating point"),
        nonneg("idle_power", kPower, "W", "idle power"),
        pos("die_area", kArea, "mm^2", "area of one die"),
        num("dies", kNone, "", "number of dies in the package", 1, 1e6),
        nonneg("flops", kFreq, "PFLOPS", "dense throughput at `flops_precision`"),
        text("flops_precision", "precision of `flops` (fp4, fp8, bf16, ...)"),
        pos("t_junction_max", kTemp, "degC", "maximum junction temperature"),
        nonneg("theta_jc", kThermalR, "K/W", "junction-to-case thermal resistance"),
        text("cooling", "name of the `cold_plate` part that cools it"),
        nonneg("energy_per_bit", kEpb, "pJ/b", "energy per bit moved"),
        nonneg("optical_power", kPower, "W", "optical output power (laser sources)"),
        num("lanes_served", kNone, "", "lanes one laser source feeds", 1, 1e6),
        pos("layers", kNone, "", "PCB layer count (backplanes, boards)"),
        pos("cores", kNone, "", "PCB core count"),
        pos("lamination_cycles", kNone, "", "sequential lamination cycles"),
        pos("area", kArea, "m^2", "board area"),
        pos("pairs", kNone, "", "differential pairs routed on the board"),
        nonneg("hbm", dm(B::bit), "GB", "HBM capacity"),
        text("joint", "name of the `joint` part (solder/connector interface) for CTE fatigue"),
    };
    v.insert(v.end(), add.begin(), add.end());
    add_missing(v, yield_params());
    return v;
}

std::vector<ParamSpec> container_params(bool rack) {
    auto v = common();
    auto add = std::vector<ParamSpec>{
        pos("height", kLen, "U", rack ? "rack height (48 U, ...)" : "height in rack units"),
        nonneg("power", kPower, "W", "overhead power (fans, VRMs, power conversion, ...)"),
        pos("width", kLen, "mm", "width (racks: the row pitch for cross-rack cable runs)"),
        nonneg("routing_allowance", kLen, "m",
               "cable length added to every auto-length run (service loop, breakout)"),
        num("pue", kNone, "", "facility power usage effectiveness", 1.0, 10.0),
        pos("inlet_temp", kTemp, "degC", "facility coolant supply temperature"),
        pos("delta_t", kTemp, "K", "coolant temperature rise"),
        text("coolant", "coolant name (water, pg25)"),
        nonneg("cdu_capacity", kPower, "kW", "coolant distribution unit capacity"),
        num("min_gpu_fraction", kNone, "", "service policy: GPUs reachable to keep running", 0, 1),
        num("min_bisection_fraction", kNone, "", "service policy: bisection to keep running", 0, 1),
        nonneg("electricity_price", kUsdPerJ, "USD/kWh", "electricity price"),
        nonneg("operations_cost", kUsdPerTime, "USD/year", "operations cost per year"),
        pos("depreciation_years", kTime, "years", "hardware depreciation period"),
        nonneg("tokens_per_s", kFreq, "tok/s", "measured or assumed throughput (tokens/s)"),
        text("cdu", "coolant distribution unit placement: in_rack | in_row"),
        text("ashrae_class", "facility liquid-cooling class to check against (W17 .. W45, W+)"),
        flag("serdes_in_device_power", "device power already includes its SerDes"),
    };
    v.insert(v.end(), add.begin(), add.end());
    add_missing(v, yield_params());
    return v;
}

std::vector<ParamSpec> segment_common() {
    auto v = common();
    auto add = std::vector<ParamSpec>{
        nonneg("length", kLen, "mm", "physical length, or `auto` (from rack geometry; cables)"),
        pos("count", kNone, "", "multiplicity (e.g. 2 vias)"),
        num("loss", kDb, "dB", "lumped insertion loss at `ref_freq` (overrides the model)"),
        pos("ref_freq", kFreq, "GHz", "frequency at which `loss` is stated"),
        text("on", "the element this segment physically crosses (a path, for failure effects)"),
    };
    v.insert(v.end(), add.begin(), add.end());
    return v;
}

std::vector<ParamSpec> seg(std::vector<ParamSpec> extra) {
    auto v = segment_common();
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
}

std::vector<ParamSpec> trace_params() {
    return seg({
        text("laminate", "fr4 | megtron6 | megtron7 | megtron8 | tachyon100g | m9"),
        text("foil", "copper foil: std | rtf | hvlp | hvlp2 | hvlp3 | hvlp4 | hvlp5"),
        pos("width", kLen, "mil", "trace width"),
        text("style", "stripline | microstrip"),
        pos("dk", kNone, "", "dielectric constant (overrides the laminate)"),
        pos("df", kNone, "", "dissipation factor (overrides the laminate)"),
        pos("rq", kLen, "um", "RMS copper roughness (overrides the foil class)"),
        text("roughness", "roughness model: huray | hammerstad | smooth"),
        pos("impedance", kOhm, "ohm", "differential impedance"),
    });
}

std::vector<KindSpec> build() {
    std::vector<KindSpec> k;
    // SerDes profiles.
    k.push_back({DefKind::serdes, "", "a SerDes lane standard", false,
                 [] {
                     auto v = common();
                     auto add = std::vector<ParamSpec>{
                         pos("baud", kFreq, "GBd", "symbol rate"),
                         num("bits_per_symbol", kNone, "", "2 for PAM4, 1 for NRZ", 1, 8),
                         pos("lane_rate", kRate, "Gb/s", "payload data rate per lane per direction"),
                         num("loss_budget", kDb, "dB", "bump-to-bump insertion-loss budget at Nyquist", 0),
                         nonneg("energy_per_bit", kEpb, "pJ/b", "SerDes energy per bit (one direction)"),
                         text("fec", "forward error correction (e.g. rs544)"),
                         text("fabric", "scale_up | scale_out | host"),
                         text("modulation", "pam4 | nrz | pam6"),
                         pos("ber_target", kNone, "", "pre-FEC bit error ratio target"),
                         num("snr_required", kDb, "dB", "SNR needed at the slicer for ber_target"),
                         nonneg("latency", kTime, "ns", "SerDes + FEC latency"),
                         num("snr_tx", kDb, "dB", "transmitter SNR (SNDR) for the BER estimate"),
                         num("crosstalk", kDb, "dB", "crosstalk allowance (noise below signal)"),
                         num("residual_isi", kDb, "dB", "residual ISI after equalization"),
                         num("rx_headroom", kDb, "dB", "receiver noise headroom"),
                         num("min_margin", kDb, "dB", "margin a link must keep to pass"),
                         text("com", "COM configuration (file or preset: ck_kr, kr4_c93, ...) for "
                                     "links with measured channels (docs/com.md)"),
                     };
                     v.insert(v.end(), add.begin(), add.end());
                     return v;
                 }()});
    // Devices.
    for (const char* d : {"gpu", "cpu", "switch_chip", "network_switch", "nic", "retimer",
                          "optical_engine", "laser_source", "backplane", "connector", "cooling",
                          "other"})
        k.push_back({DefKind::device, d, std::string("a device of kind ") + d, false, device_params()});
    k.push_back({DefKind::tray, "", "a tray, blade or shelf", false, container_params(false)});
    k.push_back({DefKind::rack, "", "a rack", false, container_params(true)});
    k.push_back({DefKind::system, "", "a multi-rack system", false, container_params(true)});
    // Channel segment parts.
    k.push_back({DefKind::part, "package", "package trace, bump to ball", false,
                 seg({text("laminate", "package substrate laminate"),
                      text("foil", "copper foil class"), pos("width", kLen, "um", "trace width"),
                      text("style", "stripline | microstrip"), pos("dk", kNone, "", "dielectric constant"),
                      pos("df", kNone, "", "dissipation factor"),
                      text("roughness", "roughness model: huray | hammerstad | smooth"),
                      pos("impedance", kOhm, "ohm", "differential impedance")})});
    k.push_back({DefKind::part, "pcb_trace", "PCB trace on a tray or board", false, trace_params()});
    k.push_back({DefKind::part, "backplane_trace", "trace on a backplane or midplane", false,
                 trace_params()});
    k.push_back({DefKind::part, "via", "PCB via", false,
                 seg({nonneg("stub", kLen, "mm", "stub length (0: back-drilled)"),
                      pos("dk", kNone, "", "dielectric constant around the stub"),
                      pos("df", kNone, "", "dissipation factor around the stub")})});
    k.push_back({DefKind::part, "connector", "mated connector pair", false,
                 seg({text("touchstone", "S-parameter file of the mated pair"),
                      text("port_order", "single-ended port order, e.g. 1,3,2,4")})});
    k.push_back({DefKind::part, "twinax", "twinax copper cable", false,
                 seg({num("awg", kNone, "", "wire gauge", 20, 40),
                      text("dielectric", "foam_pe | solid_pe | fep | ptfe"),
                      pos("impedance", kOhm, "ohm", "differential impedance"),
                      nonneg("mass_per_length", kMassPerLen, "g/m", "mass of one twinax pair per length")})});
    k.push_back({DefKind::part, "active_copper", "ACC/AEC cable", false,
                 seg({num("awg", kNone, "", "wire gauge", 20, 40),
                      text("dielectric", "foam_pe | solid_pe | fep | ptfe"),
                      nonneg("gain", kDb, "dB", "equalizer gain at Nyquist"),
                      nonneg("power", kPower, "W", "power per cable end"),
                      nonneg("energy_per_bit", kEpb, "pJ/b", "energy per bit"),
                      flag("retimed", "AEC (retimed) rather than ACC (redriven)"),
                      nonneg("latency", kTime, "ns", "added latency"),
                      pos("impedance", kOhm, "ohm", "differential impedance"),
                      nonneg("mass_per_length", kMassPerLen, "g/m", "mass per pair per length")})});
    k.push_back({DefKind::part, "retimer", "retimer (splits the channel in two)", false,
                 seg({nonneg("power", kPower, "W", "power"),
                      nonneg("latency", kTime, "ns", "added latency"),
                      nonneg("energy_per_bit", kEpb, "pJ/b", "energy per bit")})});
    k.push_back({DefKind::part, "optical_engine", "electrical-optical conversion", false,
                 seg({nonneg("energy_per_bit", kEpb, "pJ/b", "energy per bit"),
                      num("laser_power", kDbm, "dBm", "laser output power per source"),
                      nonneg("coupling_loss", kDb, "dB", "fiber coupling loss"),
                      nonneg("modulator_loss", kDb, "dB", "modulator insertion loss"),
                      nonneg("penalty", kDb, "dB", "modulation / TDECQ penalty"),
                      num("sensitivity", kDbm, "dBm", "receiver sensitivity"),
                      num("laser_split", kNone, "", "lanes sharing one laser source", 1, 1e4),
                      nonneg("latency", kTime, "ns", "added latency"),
                      nonneg("power", kPower, "W", "power")})});
    k.push_back({DefKind::part, "fiber", "optical fiber", false,
                 seg({nonneg("attenuation", kDbPerM, "dB/km", "attenuation"),
                      nonneg("connectors", kNone, "", "mated optical connectors"),
                      nonneg("connector_loss", kDb, "dB", "loss per mated connector"),
                      pos("max_reach", kLen, "m", "reach limit of the optics (dispersion, MPI)")})});
    k.push_back({DefKind::part, "touchstone", "measured S-parameters", false,
                 seg({text("file", "Touchstone file path"),
                      text("port_order", "single-ended port order, e.g. 1,3,2,4"),
                      text_list("next", "COM: NEXT aggressor Touchstone files (4-port)"),
                      text_list("fext", "COM: FEXT aggressor Touchstone files (4-port)"),
                      text("com", "COM configuration file or preset (ck_kr, kr4_c93, ...)")})});
    // Data parts referred to by name.
    k.push_back({DefKind::part, "repair", "a repair class built from maintenance steps", true, common()});
    k.push_back({DefKind::part, "cold_plate", "a liquid cold plate", false,
                 [] {
                     auto v = common();
                     v.push_back(nonneg("r_th", kThermalR, "K/W", "case-to-coolant resistance incl. TIM"));
                     v.push_back(pos("heat_flux_limit", kFlux, "W/cm^2", "heat-flux limit"));
                     v.push_back(pos("flow", kFlow, "L/min", "coolant flow per plate"));
                     v.push_back(nonneg("pressure_drop", kPressure, "kPa", "pressure drop"));
                     v.push_back(nonneg("r_tim", kThermalR, "K/W", "TIM resistance (when not in r_th)"));
                     v.push_back(pos("base_area", kArea, "mm^2", "cold-plate base area (spreading)"));
                     v.push_back(pos("base_thickness", kLen, "mm", "cold-plate base thickness"));
                     v.push_back(pos("base_conductivity", kPower / kLen / kTemp, "W/(m*K)", "base conductivity"));
                     return v;
                 }()});
    k.push_back({DefKind::part, "coolant", "a coolant", true, common()});
    k.push_back({DefKind::part, "joint", "a solder or connector interface (CTE fatigue)", false,
                 [] {
                     auto v = common();
                     const Dim per_k = kNone / kTemp;
                     auto add = std::vector<ParamSpec>{
                         text("material_a", "material of side a (see docs/thermal.md)"),
                         text("material_b", "material of side b"),
                         pos("cte_a", per_k, "ppm/K", "CTE of side a (overrides the material)"),
                         pos("cte_b", per_k, "ppm/K", "CTE of side b"),
                         pos("dnp", kLen, "mm", "distance to the neutral point"),
                         pos("height", kLen, "mm", "joint height"),
                         text("model", "engelmaier | norris_landzberg"),
                         pos("ductility", kNone, "", "fatigue ductility coefficient"),
                         pos("f_factor", kNone, "", "Engelmaier empirical factor"),
                         pos("cycle_frequency", kFreq, "1/day", "thermal cycles per unit time"),
                         pos("count", kNone, "", "joints of this kind"),
                         pos("delta_t", kTemp, "K", "operating temperature swing"),
                         pos("test_cycles", kNone, "", "cycles to failure in the reference test"),
                         pos("test_delta_t", kTemp, "K", "reference test swing"),
                         pos("test_frequency", kFreq, "1/day", "reference test cycle frequency"),
                         pos("test_t_max", kTemp, "degC", "reference test peak temperature"),
                         pos("exponent_n", kNone, "", "Norris-Landzberg swing exponent"),
                         pos("exponent_m", kNone, "", "Norris-Landzberg frequency exponent"),
                         pos("activation_temp", kTemp, "K", "Norris-Landzberg Ea/k (e.g. 1414 K)"),
                     };
                     v.insert(v.end(), add.begin(), add.end());
                     return v;
                 }()});
    k.push_back({DefKind::part, "laminate", "a PCB laminate", false,
                 [] {
                     auto v = common();
                     v.push_back(pos("dk", kNone, "", "dielectric constant"));
                     v.push_back(pos("df", kNone, "", "dissipation factor"));
                     v.push_back(pos("ref_freq", kFreq, "GHz", "frequency of dk and df"));
                     return v;
                 }()});
    k.push_back({DefKind::part, "rbd", "a reliability block diagram (top = series(...), parallel(...), k_of_n(...), standby(...))", true, common()});
    k.push_back({DefKind::part, "component", "a leaf part of a reliability block diagram", false, common()});
    k.push_back({DefKind::part, "study", "a study: cost, throughput, fleet settings", true, common()});
    return k;
}
}  // namespace

const ParamSpec* KindSpec::find(std::string_view name) const {
    for (const auto& p : params)
        if (p.name == name) return &p;
    return nullptr;
}

std::vector<std::string> KindSpec::names() const {
    std::vector<std::string> v;
    for (const auto& p : params) v.push_back(p.name);
    return v;
}

const std::vector<KindSpec>& all_kinds() {
    static const std::vector<KindSpec> table = build();
    return table;
}

const KindSpec* find_kind(DefKind def, std::string_view kind) {
    for (const auto& k : all_kinds())
        if (k.def == def && k.kind == kind) return &k;
    return nullptr;
}

std::vector<std::string> kind_names(DefKind def) {
    std::vector<std::string> v;
    for (const auto& k : all_kinds())
        if (k.def == def) v.push_back(k.kind);
    return v;
}

std::string param_table_markdown() {
    std::string out = "# Parameter reference\n\nGenerated from hdl/src/param_table.cpp "
                      "(`racklink params -o docs/parameters.md`).\n";
    for (const auto& k : all_kinds()) {
        out += fmt::format("\n## {}{}{}\n\n{}.{}\n\n", to_string(k.def), k.kind.empty() ? "" : " : ",
                           k.kind, k.description,
                           k.open ? " Accepts further named parameters (e.g. repair steps)." : "");
        out += "| parameter | unit | range | meaning |\n|---|---|---|---|\n";
        for (const auto& p : k.params) {
            std::string range;
            if (p.type == ParamType::text) range = "text";
            else if (p.type == ParamType::text_list) range = "text list";
            else if (p.type == ParamType::boolean) range = "true/false";
            else if (p.min > -1e299 && p.max < 1e299)
                range = fmt::format("{}{} .. {}", p.min_exclusive ? ">" : "", p.min, p.max);
            else if (p.min > -1e299)
                range = fmt::format("{} {}", p.min_exclusive ? ">" : ">=", p.min);
            out += fmt::format("| `{}` | {} | {} | {} |\n", p.name, p.unit, range, p.description);
        }
    }
    return out;
}

}  // namespace racklink::hdl
