#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../../bench/thermal_fixture.hpp"
#include "graphs/thermal_analysis.hpp"
#include "thermal/coolant.hpp"
#include "thermal/spreading.hpp"

using namespace racklink::graphs;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using racklink::bench::build_racks;
using racklink::bench::RackSpec;

namespace {

// One rack, one tray, one device with the given parameters, one cold plate CP1 (r_th 0.02 K/W,
// r_tim 0.005 K/W, limit 3 W/mm^2). File "t.rack": device params on lines 10.., plate on 2..4,
// rack on 60...
struct Tiny {
    std::vector<Param> dev;
    std::vector<Param> rack;
    std::vector<Param> plate;
    std::vector<Param> joint;
    Kind kind = Kind::gpu;
    double tray_power_w = 0.0;
};

Param num(const char* n, double v, uint32_t line) { return Param{n, v, "", false, {0, line, 5}}; }
Param txt(const char* n, const char* t, uint32_t line) {
    return Param{n, 0.0, t, true, {0, line, 5}};
}

Model tiny(const Tiny& t) {
    ModelBuilder b;
    b.add_file("t.rack");
    std::vector<Param> plate{num("r_th", 0.02, 2), num("r_tim", 0.005, 3),
                             num("heat_flux_limit", 3e6, 4)};
    plate.insert(plate.end(), t.plate.begin(), t.plate.end());
    b.add_part({"CP1", "cold_plate", b.add_params(plate), {0, 1, 1}});
    if (!t.joint.empty()) b.add_part({"BGA", "joint", b.add_params(t.joint), {0, 5, 1}});
    Vertex rv = b.add_element(
        {.kind = Kind::rack, .name = "rack", .params = b.add_params(t.rack), .loc = {0, 60, 1}});
    Vertex tv = b.add_element(
        {.kind = Kind::tray,
         .name = "rack.tray",
         .parent = static_cast<int32_t>(rv),
         .rack = static_cast<int32_t>(rv),
         .params = t.tray_power_w > 0 ? b.add_params({num("power", t.tray_power_w, 41)}) : 0u,
         .loc = {0, 40, 1},
         .u_bottom = 1,
         .u_height = 1});
    b.add_element({.kind = t.kind,
                   .name = "rack.tray.dev",
                   .type = "Dev",
                   .parent = static_cast<int32_t>(tv),
                   .rack = static_cast<int32_t>(rv),
                   .params = b.add_params(t.dev),
                   .loc = {0, 80, 3},
                   .def_loc = {0, 9, 1}});
    return std::move(b).finish();
}

std::vector<Param> gpu_params(double power_w) {
    return {num("power", power_w, 11),
            num("dies", 2, 12),
            num("die_area", 800e-6, 13),
            num("theta_jc", 0.01, 16),
            num("t_junction_max", 273.15 + 95.0, 17),
            txt("cooling", "CP1", 18)};
}

const DeviceThermal& only_device(const ThermalResult& r) {
    REQUIRE(r.devices.size() == 1);
    return r.devices.front();
}

}  // namespace

TEST_CASE("a GB200 NVL72-like rack rolls up to 120 kW and 167 kW per EFLOPS") {
    RackSpec s = racklink::bench::rack_spec_gb200_nvl72();
    Model m = build_racks(s);
    ThermalResult r = analyze_thermal(m, {});
    INFO(r.diagnostics());
    REQUIRE(r.status == ThermalStatus::ok);
    // Hand sum: 72 x 1200 + 36 x 300 + 18 x 350 + 18 x 600 + 9 x 287.7 W of devices and
    // overhead, plus 1296 links x 2 lanes x 200 Gb/s x 2 directions x 3 pJ/bit = 3110.4 W.
    const double ic = 1296 * 2 * 200e9 * 2 * 3e-12;
    CHECK_THAT(r.interconnect_power_w, WithinRel(ic, 1e-12));
    const double total = 72 * 1200.0 + 36 * 300.0 + 18 * 350.0 + 18 * 600.0 + 9 * 287.7 + ic;
    CHECK_THAT(r.total_power_w, WithinRel(total, 1e-12));
    CHECK_THAT(r.total_power_w, WithinRel(120e3, 1e-3));
    CHECK_THAT(r.flops, WithinRel(0.72e18, 1e-12));
    CHECK_THAT(r.kw_per_eflops, WithinRel(total / 1e3 / 0.72, 1e-12));
    CHECK_THAT(r.kw_per_eflops, WithinRel(166.7, 1e-3));
    REQUIRE(r.racks.size() == 1);
    const RackThermal& rk = r.racks[0];
    CHECK_THAT(rk.kw_per_u, WithinRel(total / 1e3 / 48.0, 1e-12));
    CHECK_THAT(rk.interconnect_share, WithinRel(ic / total, 1e-12));
    // A compute tray: 4 GPUs + 2 CPUs + 600 W overhead + its GPUs' half of 72 links' SerDes.
    REQUIRE(r.trays.size() == 27);
    const double tray_ic = 4 * 18 * 0.5 * (2 * 200e9 * 2 * 3e-12);
    CHECK_THAT(r.trays[0].total_power_w,
               WithinRel(4 * 1200.0 + 2 * 300.0 + 600.0 + tray_ic, 1e-12));
    CHECK_THAT(r.trays[0].kw_per_u, WithinRel(r.trays[0].total_power_w / 1e3, 1e-12));
    // One scale-up domain of 72 GPUs and 18 switch chips.
    REQUIRE(r.domains.size() == 1);
    CHECK(r.domains[0].gpus == 72);
    CHECK(r.domains[0].devices == 90);
    // 200 kW-class facility check: PUE 1.1.
    CHECK_THAT(r.facility_power_w, WithinRel(1.1 * total, 1e-12));
    CHECK(rk.ashrae_class == "W40");  // 35 degC supply
}

TEST_CASE("retimer and optics power counts as interconnect once") {
    ModelBuilder b;
    b.add_file("r.rack");
    b.add_part({"CP1", "cold_plate", b.add_params({num("r_th", 0.02, 2)}), {0, 1, 1}});
    uint32_t gp = b.add_params(
        {num("power", 1000.0, 11), num("theta_jc", 0.01, 12), txt("cooling", "CP1", 13)});
    Vertex rv = b.add_element({.kind = Kind::rack, .name = "rack"});
    Vertex tv = b.add_element({.kind = Kind::tray,
                               .name = "rack.t",
                               .parent = static_cast<int32_t>(rv),
                               .rack = static_cast<int32_t>(rv)});
    Vertex g0 = b.add_element({.kind = Kind::gpu,
                               .name = "rack.t.g0",
                               .parent = static_cast<int32_t>(tv),
                               .rack = static_cast<int32_t>(rv),
                               .params = gp});
    Vertex g1 = b.add_element({.kind = Kind::gpu,
                               .name = "rack.t.g1",
                               .parent = static_cast<int32_t>(tv),
                               .rack = static_cast<int32_t>(rv),
                               .params = gp});
    // A modelled retimer chip (20 W, air-cooled) and a lumped optical-engine segment.
    Vertex rt = b.add_element({.kind = Kind::retimer,
                               .name = "rack.t.rt",
                               .parent = static_cast<int32_t>(tv),
                               .rack = static_cast<int32_t>(rv),
                               .params = b.add_params({num("power", 20.0, 21)})});
    Profile pr;
    pr.lane_rate_bps = 100e9;
    pr.energy_j_per_bit = 2e-12;
    uint32_t prof = b.add_profile(pr);
    uint32_t rt_spec = b.add_segment_spec(
        {.kind = SegKind::retimer, .params = b.add_params({num("power", 5.0, 31)})});
    uint32_t oe_spec = b.add_segment_spec(
        {.kind = SegKind::optical_engine,
         .params = b.add_params({num("energy_per_bit", 4e-12, 41), num("power", 1.0, 42)})});
    Link l;
    l.profile = prof;
    l.lanes = 4;
    b.add_link(g0, g1, l, {{rt_spec, 0.0, 1.0, static_cast<int32_t>(rt)}, {oe_spec, 0.0, 2.0, -1}});
    ThermalResult r = analyze_thermal(std::move(b).finish(), {});
    INFO(r.diagnostics());
    REQUIRE(r.ok());
    // SerDes: 2 pJ x 100 Gb/s x 4 lanes x 2 = 1.6 W. Optical engines: 2 x (4 pJ x 800 Gb/s + 1 W)
    // = 8.4 W. The retimer segment is the modelled 20 W chip, counted once as a device.
    const double link = 1.6 + 8.4;
    CHECK_THAT(r.racks[0].link_power_w, WithinRel(link, 1e-12));
    CHECK_THAT(r.interconnect_power_w, WithinRel(link + 20.0, 1e-12));
    CHECK_THAT(r.total_power_w, WithinRel(2000.0 + 20.0 + link, 1e-12));
    CHECK_THAT(r.devices[0].serdes_power_w, WithinRel(0.8, 1e-12));
    // Liquid heat: two GPUs with their SerDes halves; the rest leaves by air.
    CHECK_THAT(r.liquid_heat_w, WithinRel(2001.6, 1e-12));
    CHECK_THAT(r.racks[0].air_heat_w, WithinRel(20.0 + 8.4, 1e-9));
    REQUIRE(r.domains.size() == 1);
    CHECK_THAT(r.domains[0].interconnect_power_w, WithinRel(link + 20.0, 1e-12));
}

TEST_CASE("the four reference racks give the issue's kW per EFLOPS") {
    // Proposed per-device figures for the lead's examples (see bench/thermal_fixture.hpp).
    struct Case {
        RackSpec spec;
        double kw, eflops, kw_per_eflops;
    };
    const Case cases[] = {
        {racklink::bench::rack_spec_gb200_nvl72(), 120.0, 0.72, 167.0},
        {racklink::bench::rack_spec_gb300_nvl72(), 140.36, 1.08, 130.0},
        {racklink::bench::rack_spec_vera_rubin_nvl144(), 201.62, 3.6, 56.0},
        {racklink::bench::rack_spec_rubin_ultra_nvl576_27(), 388.6, 14.4, 27.0},
    };
    for (const Case& k : cases) {
        INFO(k.spec.name);
        ThermalResult r = analyze_thermal(build_racks(k.spec), {});
        REQUIRE(r.ok());  // junction limits may be exceeded with the generic cold plate
        CHECK_THAT(r.total_power_w / 1e3, WithinRel(k.kw, 1e-3));
        CHECK_THAT(r.flops / 1e18, WithinRel(k.eflops, 1e-12));
        CHECK_THAT(r.kw_per_eflops, WithinRel(k.kw_per_eflops, 0.005));
    }
}

TEST_CASE("heat into the coolant equals the power dissipated in the cold-plated devices") {
    Model m = build_racks(racklink::bench::rack_spec_gb200_nvl72());
    ThermalResult r = analyze_thermal(m, {});
    REQUIRE(r.ok());
    double liquid = 0.0;
    for (const auto& d : r.devices)
        if (d.liquid) liquid += d.heat_w;
    CHECK_THAT(r.liquid_heat_w, WithinRel(liquid, 1e-12));
    CHECK_THAT(r.heat_to_coolant_w, WithinRel(liquid, 1e-9));
    // Independent check at the rack manifold: m_dot * cp_mean * (T_return - T_supply).
    const RackThermal& rk = r.racks[0];
    auto sup = racklink::thermal::coolant_properties(rk.coolant, rk.t_supply_k);
    auto mean =
        racklink::thermal::coolant_properties(rk.coolant, 0.5 * (rk.t_supply_k + rk.t_return_k));
    double m_dot = rk.flow_m3_s * sup->density_kg_m3;
    CHECK_THAT(m_dot * mean->cp_j_per_kg_k * (rk.t_return_k - rk.t_supply_k),
               WithinRel(liquid, 2e-4));
}

TEST_CASE("water flow for a 10 K rise is 1.44 L/min per kW and each loop rises 10 K") {
    Model m = build_racks(racklink::bench::rack_spec_gb200_nvl72());
    ThermalResult r = analyze_thermal(m, {});
    REQUIRE(r.ok());
    // Properties at the 40 degC loop mean (cp 4179.6) and 35 degC supply (994.03 kg/m^3).
    CHECK_THAT(r.racks[0].lpm_per_kw, WithinRel(60000.0 / (4179.6 * 10.0) / 994.03 * 1000.0, 1e-6));
    CHECK_THAT(r.racks[0].lpm_per_kw, WithinAbs(1.44, 0.01));
    for (const auto& t : r.trays) CHECK_THAT(t.t_out_k - t.t_in_k, WithinAbs(10.0, 0.01));
    CHECK_THAT(r.racks[0].t_return_k - r.racks[0].t_supply_k, WithinAbs(10.0, 0.01));
}

TEST_CASE("the sparse and the dense network solutions of a rack agree") {
    RackSpec s = racklink::bench::rack_spec_gb200_nvl72();
    s.compute_trays = 3;
    s.switch_trays = 2;
    Model m = build_racks(s);
    ThermalOptions dense;
    dense.dense_solver = true;
    ThermalResult a = analyze_thermal(m, {});
    ThermalResult b = analyze_thermal(m, dense);
    REQUIRE((a.ok() && b.ok()));
    for (size_t i = 0; i < a.devices.size(); ++i)
        CHECK_THAT(a.devices[i].t_junction_k, WithinAbs(b.devices[i].t_junction_k, 1e-8));
}

TEST_CASE("PG25 needs more flow than water for the same heat") {
    Model m = build_racks(racklink::bench::rack_spec_gb200_nvl72());
    ThermalOptions pg;
    pg.coolant = racklink::thermal::Coolant::pg25;
    pg.inlet_k = 318.15;
    ThermalResult r = analyze_thermal(m, pg);
    REQUIRE(r.ok());
    // cp at the 50 degC loop mean (3985), density at the 45 degC supply (1007.7).
    CHECK_THAT(r.racks[0].lpm_per_kw, WithinRel(60000.0 / (3985.0 * 10.0) / 1007.7 * 1000.0, 1e-6));
    CHECK_THAT(r.racks[0].lpm_per_kw, WithinRel(1.51, 0.015));
    CHECK(r.racks[0].lpm_per_kw > analyze_thermal(m, {}).racks[0].lpm_per_kw);
    CHECK(r.racks[0].ashrae_class == "W45");
}

TEST_CASE("one device's junction temperature matches the resistance chain by hand") {
    Tiny t;
    t.dev = gpu_params(1200.0);
    t.rack = {num("inlet_temp", 308.15, 62), num("delta_t", 10.0, 63)};
    ThermalResult r = analyze_thermal(tiny(t), {});
    INFO(r.diagnostics());
    REQUIRE(r.status == ThermalStatus::ok);
    const DeviceThermal& d = only_device(r);
    // Coolant leaves at 35 + 10 degC; case = coolant + 1200 x 0.02; plate = case - 1200 x 0.005;
    // each die: 600 W x (2 x 0.01 K/W) above the case -> Tj = 45 + 24 + 12 = 81 degC.
    CHECK_THAT(d.t_coolant_k, WithinAbs(318.15, 1e-4));
    CHECK_THAT(d.t_case_k, WithinAbs(318.15 + 24.0, 1e-4));
    CHECK_THAT(d.t_plate_k, WithinAbs(318.15 + 18.0, 1e-4));
    CHECK_THAT(d.t_junction_k, WithinAbs(273.15 + 81.0, 1e-4));
    CHECK(d.tj_verdict == Verdict::ok);
    CHECK_THAT(r.junction_k_by_vertex[d.vertex], WithinAbs(d.t_junction_k, 0.0));
}

TEST_CASE("a 2000 W die over 800 mm^2 is 2.5 W/mm^2 and a tighter plate limit is flagged") {
    Tiny t;
    t.dev = {num("power", 2000.0, 11), num("die_area", 800e-6, 13), num("theta_jc", 0.005, 16),
             txt("cooling", "CP1", 18)};
    t.plate = {num("heat_flux_limit", 2e6, 4)};
    ThermalResult r = analyze_thermal(tiny(t), {});
    const DeviceThermal& d = only_device(r);
    CHECK_THAT(d.heat_flux_w_per_m2 * 1e-6, WithinRel(2.5, 1e-12));
    CHECK_THAT(d.heat_flux_w_per_m2 * 1e-4, WithinRel(250.0, 1e-12));  // W/cm^2
    CHECK(d.flux_verdict == Verdict::exceeded);
    CHECK(r.status == ThermalStatus::limit_exceeded);
    REQUIRE(r.issues.size() == 1);
    CHECK(
        r.issues[0].render() ==
        "t.rack:4:5: error: rack.tray.dev (Dev): die heat flux 2.500 W/mm^2 exceeds the CP1 limit "
        "2.000 W/mm^2 [THM-0201]");
}

TEST_CASE("more flow never raises a junction and a warmer inlet never lowers one") {
    Model m = build_racks(racklink::bench::rack_spec_gb200_nvl72());
    ThermalResult base = analyze_thermal(m, {});
    ThermalOptions more;
    more.flow_scale = 1.5;
    ThermalResult more_flow = analyze_thermal(m, more);
    ThermalOptions warm;
    warm.inlet_k = 273.15 + 40.0;
    ThermalResult warmer = analyze_thermal(m, warm);
    REQUIRE((base.ok() && more_flow.ok() && warmer.ok()));
    for (size_t i = 0; i < base.devices.size(); ++i) {
        CHECK(more_flow.devices[i].t_junction_k <= base.devices[i].t_junction_k + 1e-9);
        CHECK(warmer.devices[i].t_junction_k >= base.devices[i].t_junction_k);
    }
    CHECK(more_flow.max_junction_k < base.max_junction_k);
    CHECK(warmer.max_junction_k > base.max_junction_k + 4.9);
}

TEST_CASE("junction above its limit is reported at the line that sets the limit") {
    Tiny t;
    t.dev = gpu_params(1200.0);
    t.dev.push_back(num("t_junction_max", 273.15 + 70.0, 17));
    t.rack = {num("inlet_temp", 308.15, 62)};
    ThermalResult r = analyze_thermal(tiny(t), {});
    CHECK(r.status == ThermalStatus::limit_exceeded);
    REQUIRE(r.issues.size() == 1);
    CHECK(r.issues[0].render() ==
          "t.rack:17:5: error: rack.tray.dev (Dev): junction 81.0 degC exceeds t_junction_max 70.0 "
          "degC [THM-0201]");
    std::string text = render_thermal_text(r);
    CHECK(text.find("exceeded") != std::string::npos);
    CHECK(text.find("t.rack:17:5") != std::string::npos);
}

TEST_CASE("invalid data is an error at the line that gave it") {
    SECTION("negative power") {
        Tiny t;
        t.dev = gpu_params(-5.0);
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.status == ThermalStatus::input_error);
        CHECK(r.diagnostics() ==
              "t.rack:11:5: error: rack.tray.dev (Dev): power = -5 W is negative [THM-0001]\n");
    }
    SECTION("zero die area") {
        Tiny t;
        t.dev = gpu_params(1000.0);
        t.dev.push_back(num("die_area", 0.0, 13));
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.diagnostics() ==
              "t.rack:13:5: error: rack.tray.dev (Dev): die_area = 0 m^2 must be positive "
              "[THM-0003]\n");
    }
    SECTION("a GPU with no cooling path") {
        Tiny t;
        t.dev = {num("power", 1000.0, 11)};
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.diagnostics() ==
              "t.rack:9:1: error: rack.tray.dev (Dev): no cooling path: a gpu needs `cooling` "
              "naming a "
              "cold_plate part [THM-0007]\n");
    }
    SECTION("a GPU with no power") {
        Tiny t;
        t.dev = {txt("cooling", "CP1", 18), num("theta_jc", 0.01, 16)};
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.diagnostics() ==
              "t.rack:80:3: error: rack.tray.dev (Dev): no power given (the thermal analysis needs "
              "`power` in W) "
              "[THM-0002]\n");
    }
    SECTION("an unknown cold plate") {
        Tiny t;
        t.dev = gpu_params(1000.0);
        t.dev.push_back(txt("cooling", "CP9", 18));
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.diagnostics() ==
              "t.rack:18:5: error: rack.tray.dev (Dev): cooling = 'CP9' is not a cold_plate part "
              "[THM-0008]\n");
    }
    SECTION("a temperature below absolute zero") {
        Tiny t;
        t.dev = gpu_params(1000.0);
        t.dev.push_back(num("t_junction_max", -10.0, 17));
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.diagnostics() ==
              "t.rack:17:5: error: rack.tray.dev (Dev): t_junction_max = -10 K is at or below "
              "absolute zero "
              "[THM-0005]\n");
    }
    SECTION("a coolant temperature outside its table") {
        Tiny t;
        t.dev = gpu_params(1000.0);
        t.rack = {num("inlet_temp", 273.15 + 75.0, 62), txt("coolant", "pg25", 64)};
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.diagnostics() ==
              "t.rack:62:5: error: rack: coolant pg25 at 85.00 degC is outside its property table "
              "(-10.00 .. 80.00 degC) [THM-0006]\n");
    }
    SECTION("an unknown coolant") {
        Tiny t;
        t.dev = gpu_params(1000.0);
        t.rack = {txt("coolant", "eg30", 64)};
        ThermalResult r = analyze_thermal(tiny(t), {});
        CHECK(r.diagnostics() ==
              "t.rack:64:5: error: rack: unknown coolant 'eg30' (the library has water, pg25) "
              "[THM-0011]\n");
    }
    SECTION("bad options") {
        ThermalOptions o;
        o.flow_scale = 0.0;
        CHECK(o.validate() == "flow scale must be positive");
        ThermalResult r = analyze_thermal(tiny({gpu_params(1000.0)}), o);
        CHECK(r.status == ThermalStatus::input_error);
    }
}

TEST_CASE("spreading in a described cold-plate base raises the junction by Lee's resistance") {
    Tiny plain;
    plain.dev = gpu_params(1200.0);
    Tiny spread = plain;
    spread.plate = {num("base_area", 6e-3, 5), num("base_thickness", 2e-3, 6),
                    num("base_conductivity", 390.0, 7)};
    ThermalResult a = analyze_thermal(tiny(plain), {});
    ThermalResult b = analyze_thermal(tiny(spread), {});
    REQUIRE((a.ok() && b.ok()));
    double dtj = only_device(b).t_junction_k - only_device(a).t_junction_k;
    // Per die: 600 W through R_sp(800 mm^2 on 3000 mm^2 of 2 mm copper, h = 1/(0.015 K/W x 6000
    // mm^2)).
    double r_sp = racklink::thermal::spreading_resistance_k_per_w(800e-6, 3e-3, 2e-3, 390.0,
                                                                  1.0 / (0.015 * 6e-3));
    CHECK_THAT(dtj, WithinRel(600.0 * r_sp, 1e-6));
    CHECK(dtj > 1.0);
    CHECK_THAT(only_device(b).t_case_k, WithinAbs(only_device(a).t_case_k, 1e-9));
}

TEST_CASE("CDU capacity and ASHRAE class are checked against the rack") {
    Tiny t;
    t.dev = gpu_params(1200.0);
    t.rack = {num("inlet_temp", 273.15 + 42.0, 62), num("cdu_capacity", 1000.0, 66),
              txt("ashrae_class", "W40", 67)};
    ThermalResult r = analyze_thermal(tiny(t), {});
    CHECK(r.status == ThermalStatus::limit_exceeded);
    REQUIRE(r.racks.size() == 1);
    CHECK(r.racks[0].ashrae_class == "W45");
    CHECK(r.racks[0].ashrae_verdict == Verdict::exceeded);
    CHECK(r.racks[0].cdu_verdict == Verdict::exceeded);
    CHECK(r.racks[0].racks_per_cdu == 0);
    Tiny ok = t;
    ok.rack = {num("inlet_temp", 273.15 + 30.0, 62), num("cdu_capacity", 10e3, 66),
               txt("cdu", "in_row", 65)};
    ThermalResult r2 = analyze_thermal(tiny(ok), {});
    CHECK(r2.status == ThermalStatus::ok);
    CHECK(r2.racks[0].racks_per_cdu == 8);  // floor(10 kW / 1.2 kW)
}

TEST_CASE("a named solder joint gets an Engelmaier life and a failure rate") {
    Tiny t;
    t.dev = gpu_params(1200.0);
    t.dev.push_back(txt("joint", "BGA", 19));
    t.rack = {num("inlet_temp", 308.15, 62)};
    t.joint = {txt("material_a", "organic_substrate", 6), txt("material_b", "fr4_xy", 7),
               num("dnp", 35e-3, 8), num("height", 0.45e-3, 9),
               num("cycle_frequency", 1.0 / 86400.0, 10)};
    ThermalResult r = analyze_thermal(tiny(t), {});
    INFO(r.diagnostics());
    REQUIRE(r.ok());
    REQUIRE(r.joints.size() == 1);
    const JointFatigue& j = r.joints[0];
    // Swing: supply 35 degC to case 35 + 10 + 24 = 69 degC -> 34 K; delta_alpha 1 ppm/K.
    CHECK_THAT(j.delta_t_k, WithinAbs(34.0, 1e-3));
    CHECK_THAT(j.delta_alpha_per_k, WithinRel(1e-6, 1e-9));
    const double gamma = 35e-3 * 1e-6 * 34.0 / 0.45e-3;
    CHECK_THAT(j.strain, WithinRel(gamma, 1e-5));
    const double c = -0.442 - 6e-4 * (0.5 * (35.0 + 69.0)) + 1.74e-2 * std::log(2.0);
    const double n = 0.5 * std::pow(gamma / 0.65, 1.0 / c);
    CHECK_THAT(j.cycles_to_failure, WithinRel(n, 1e-4));
    CHECK_THAT(j.failure_rate_per_s, WithinRel((1.0 / 86400.0) / n, 1e-4));
    CHECK_THAT(r.joint_failure_rate_by_vertex[j.vertex], WithinRel(j.failure_rate_per_s, 1e-12));
}

TEST_CASE("the JSON report carries the keys of the issue with the right numbers") {
    Model m = build_racks(racklink::bench::rack_spec_gb200_nvl72());
    ThermalResult r = analyze_thermal(m, {});
    auto j = nlohmann::json::parse(render_thermal_json(r));
    CHECK(j["status"] == "ok");
    CHECK_THAT(j["rack_power_w"].get<double>(), WithinRel(r.total_power_w, 1e-12));
    CHECK_THAT(j["interconnect_power_w"].get<double>(), WithinRel(3110.4, 1e-9));
    CHECK_THAT(j["kw_per_eflops"].get<double>(), WithinRel(166.7, 1e-3));
    CHECK_THAT(j["coolant_flow_lpm"].get<double>(),
               WithinRel(racklink::thermal::to_lpm(r.coolant_flow_m3_s), 1e-12));
    CHECK_THAT(j["max_junction_c"].get<double>(), WithinAbs(r.max_junction_k - 273.15, 1e-9));
    // The switch chip: (350 W + 72 links x 1.2 W SerDes) / 500 mm^2.
    CHECK_THAT(j["max_heat_flux_w_per_mm2"].get<double>(),
               WithinRel((350.0 + 72 * 1.2) / 500.0, 1e-9));
    CHECK(j["racks"].size() == 1);
    CHECK(j["trays"].size() == 27);
    CHECK(j["devices"].size() == 72 + 36 + 18);
    CHECK(j["hottest"].size() == 10);
    // Deterministic: the same model renders byte-identical JSON.
    CHECK(render_thermal_json(analyze_thermal(m, {})) == render_thermal_json(r));
    std::string text = render_thermal_text(r);
    CHECK(text.find("kW/EFLOPS") != std::string::npos);
    CHECK(text.find("L/min") != std::string::npos);
    CHECK(text.find("rack.compute[0]") != std::string::npos);
}

TEST_CASE("two racks of a hall each get the single-rack figures") {
    RackSpec s = racklink::bench::rack_spec_gb200_nvl72();
    ThermalResult one = analyze_thermal(build_racks(s), {});
    s.racks = 2;
    ThermalResult two = analyze_thermal(build_racks(s), {});
    REQUIRE((one.ok() && two.ok()));
    REQUIRE(two.racks.size() == 2);
    CHECK_THAT(two.total_power_w, WithinRel(2 * one.total_power_w, 1e-12));
    CHECK_THAT(two.coolant_flow_m3_s, WithinRel(2 * one.coolant_flow_m3_s, 1e-12));
    CHECK_THAT(two.kw_per_eflops, WithinRel(one.kw_per_eflops, 1e-12));
    CHECK_THAT(two.max_junction_k, WithinAbs(one.max_junction_k, 1e-9));
    CHECK(two.domains.size() == 2);
    CHECK(two.network_nodes == 2 * one.network_nodes);
}

TEST_CASE("SerDes power already inside the device power is not counted twice") {
    Model m = build_racks(racklink::bench::rack_spec_gb200_nvl72());
    ThermalOptions inside;
    inside.serdes_in_device_power = true;
    ThermalResult a = analyze_thermal(m, {});
    ThermalResult b = analyze_thermal(m, inside);
    REQUIRE((a.ok() && b.ok()));
    CHECK_THAT(a.total_power_w - b.total_power_w, WithinRel(3110.4, 1e-9));
    CHECK_THAT(b.interconnect_power_w, WithinRel(3110.4, 1e-9));  // still reported
    CHECK_THAT(b.heat_to_coolant_w, WithinRel(b.liquid_heat_w, 1e-9));
    CHECK(b.max_junction_k < a.max_junction_k);
    CHECK(b.serdes_in_device_power);
}

TEST_CASE("the text report of one device reads as expected") {
    Tiny t;
    t.dev = gpu_params(1200.0);
    t.dev.push_back(num("flops", 10e15, 14));
    t.rack = {num("inlet_temp", 308.15, 62), num("height", 42.0 * kRackUnitM, 61)};  // 42 U in m
    t.tray_power_w = 300.0;
    std::string text = render_thermal_text(analyze_thermal(tiny(t), {}));
    CHECK(text == R"(Thermal analysis: ok
Total power 1.50 kW, interconnect 0.00 kW (0.0 %), 0.010 EFLOPS -> 150.0 kW/EFLOPS
Coolant flow 1.7 L/min, heat into coolant 1.20 kW, max junction 81.0 degC, max die heat flux 0.750 W/mm^2, facility power 1.50 kW

rack                       power kW     kW/U  IC share  EFLOPS  kW/EFLOPS flow L/min  L/min/kW  supply C  class return C max Tj C
rack                           1.50     0.04      0.0%   0.010      150.0        1.7     1.444      35.0    W40     45.0     81.0
  rack: water coolant, delta_t 10.0 K, PUE 1.00 -> facility 1.50 kW

tray                              power kW     IC kW    ovh kW     kW/U flow L/min     in C    out C max Tj C
rack.tray                            1.500     0.000     0.300     1.50       1.73     35.0     45.0     81.0

Hottest devices
device                                 heat W    W/mm^2 coolant C    case C      Tj C   Tj max C   verdict  limit from
rack.tray.dev                          1200.0     0.750      45.0      69.0      81.0       95.0        ok  t.rack:17:5
)");
}
