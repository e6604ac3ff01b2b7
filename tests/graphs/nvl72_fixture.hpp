#pragma once
/// Test fixture: the NVIDIA GB200 NVL72 rack (and clusters of copies) built with ModelBuilder.
///
/// Topology as published by NVIDIA (GB200 NVL72 product page and "NVIDIA GB200 NVL72" technical
/// brief, 2024): 18 compute trays, each 2 Grace CPUs + 4 Blackwell GPUs; 9 NVLink switch trays,
/// each 2 NVLink 5 switch chips; every GPU has 18 NVLink 5 links (2 lanes per direction at
/// 200 Gb/s, 224G-class PAM4 at 106.25 GBd), one to each of the 18 switch chips: 1.8 TB/s per
/// GPU, 130 TB/s in all; 5,184 copper twinax pairs in the NVLink spine.
/// Wiring used here: GPU g of compute tray t, port (2 s + c) -> switch tray s, chip c, port
/// (4 t + g). Rack units (EIA-310, 1 U = 44.45 mm): compute trays at U1..U10 and U20..U27,
/// switch trays at U11..U19, all 1 U high. Twinax length = vertical distance between tray
/// centres + the rack's routing allowance.
///
/// Element names: "rack[r]", "rack[r].compute[t]", "rack[r].compute[t].gpu[g]",
/// "rack[r].compute[t].cpu[c]", "rack[r].nvsw[s]", "rack[r].nvsw[s].chip[c]" (and "cluster" at
/// the top when racks > 1).

#include <cmath>
#include <string>
#include <vector>

#include "graphs/model.hpp"

namespace racklink::graphs::testing {

struct Nvl72Options {
    int racks = 1;
    /// NVLink-C2C CPU-GPU links (fabric host): CPU c of a tray to GPUs 2c and 2c+1.
    bool host_links = true;
    double routing_allowance_m = 0.25;  ///< assumed for the fixture (not a published figure)
    /// Twinax mass per pair length, assumed for the fixture (26 AWG shielded pair, order of
    /// magnitude only; not a datasheet value).
    double twinax_mass_per_length_kg_per_m = 0.02;
};

inline constexpr double kRackUnit_m = kRackUnitM;  // EIA-310-E (graphs/model.hpp)
inline constexpr int kNvl72ComputeTrays = 18;
inline constexpr int kNvl72SwitchTrays = 9;

/// Lowest rack unit of compute tray t (U1..U10, then U20..U27).
inline int nvl72_compute_u(int t) { return t < 10 ? t + 1 : 20 + (t - 10); }
/// Lowest rack unit of switch tray s (U11..U19).
inline int nvl72_switch_u(int s) { return 11 + s; }
/// Twinax length from compute tray t to switch tray s (centres of 1 U trays).
inline double nvl72_twinax_m(int t, int s, double allowance_m) {
    return std::abs(nvl72_compute_u(t) - nvl72_switch_u(s)) * kRackUnit_m + allowance_m;
}

inline Model make_nvl72(const Nvl72Options& o = {}) {
    ModelBuilder b;
    b.set_name(o.racks == 1 ? "gb200_nvl72" : "gb200_nvl72_x" + std::to_string(o.racks));
    const uint32_t file = b.add_file("tests/graphs/nvl72_fixture.rack");
    auto num = [](const char* n, double v) { return Param{n, v, "", false, {}}; };
    auto txt = [](const char* n, const char* t) { return Param{n, 0.0, t, true, {}}; };

    Profile nvl;
    nvl.name = "nvlink5";
    nvl.baud_hz = 106.25e9;
    nvl.bits_per_symbol = 2.0;
    nvl.lane_rate_bps = 200e9;
    nvl.nyquist_hz = nvl.baud_hz / 2.0;
    nvl.params = b.add_params({txt("fec", "rs544")});
    nvl.loc = {file, 2, 1};
    const uint32_t p_nvl = b.add_profile(nvl);
    Profile c2c;
    c2c.name = "nvlink_c2c";
    // NVLink-C2C: 900 GB/s bidirectional per Grace CPU, shared by its two GPUs; lumped here as
    // one 1.8 Tb/s lane per direction per CPU-GPU link.
    c2c.lane_rate_bps = 1.8e12;
    c2c.loc = {file, 3, 1};
    const uint32_t p_c2c = b.add_profile(c2c);

    const uint32_t route = b.add_route({"nvl_spine", {file, 5, 1}});
    const uint32_t host_route = b.add_route({"c2c", {file, 6, 1}});
    const uint32_t s_pkg =
        b.add_segment_spec({SegKind::package,
                            "",
                            b.add_params({num("loss", 1.5), num("ref_freq", 53.125e9)}),
                            {file, 5, 20}});
    const uint32_t s_pcb =
        b.add_segment_spec({SegKind::pcb_trace,
                            "Megtron7",
                            b.add_params({txt("laminate", "megtron7"), txt("foil", "hvlp4")}),
                            {file, 5, 30}});
    const uint32_t s_conn =
        b.add_segment_spec({SegKind::connector,
                            "",
                            b.add_params({num("loss", 1.0), num("ref_freq", 53.125e9)}),
                            {file, 5, 40}});
    const uint32_t s_tw = b.add_segment_spec(
        {SegKind::twinax,
         "Twinax26",
         b.add_params({num("awg", 26), txt("dielectric", "foam_pe"),
                       num("mass_per_length", o.twinax_mass_per_length_kg_per_m)}),
         {file, 5, 50}});

    const uint32_t gpu_params = b.add_params({num("power", 1200.0), txt("flops_precision", "fp4")});
    const uint32_t rack_params =
        b.add_params({num("height", 48), num("routing_allowance", o.routing_allowance_m)});

    int32_t top = -1;
    if (o.racks > 1)
        top = static_cast<int32_t>(
            b.add_element({.kind = Kind::system, .name = "cluster", .loc = {file, 1, 1}}));
    for (int r = 0; r < o.racks; ++r) {
        const std::string rn = "rack[" + std::to_string(r) + "]";
        auto rack = static_cast<int32_t>(b.add_element({.kind = Kind::rack,
                                                        .name = rn,
                                                        .type = "GB200_NVL72",
                                                        .parent = top,
                                                        .params = rack_params,
                                                        .loc = {file, 10, 1},
                                                        .rack_slot = r}));
        std::vector<Vertex> gpu(kNvl72ComputeTrays * 4), cpu(kNvl72ComputeTrays * 2);
        std::vector<Vertex> chip(kNvl72SwitchTrays * 2);
        for (int t = 0; t < kNvl72ComputeTrays; ++t) {
            const std::string tn = rn + ".compute[" + std::to_string(t) + "]";
            auto tray = static_cast<int32_t>(
                b.add_element({.kind = Kind::tray,
                               .name = tn,
                               .type = "ComputeTray",
                               .parent = rack,
                               .rack = rack,
                               .loc = {file, 11, 3},
                               .u_bottom = static_cast<double>(nvl72_compute_u(t)),
                               .u_height = 1.0}));
            for (int c = 0; c < 2; ++c)
                cpu[static_cast<std::size_t>(2 * t + c)] =
                    b.add_element({.kind = Kind::cpu,
                                   .name = tn + ".cpu[" + std::to_string(c) + "]",
                                   .type = "Grace",
                                   .parent = tray,
                                   .rack = rack,
                                   .loc = {file, 12, 5}});
            for (int g = 0; g < 4; ++g)
                gpu[static_cast<std::size_t>(4 * t + g)] =
                    b.add_element({.kind = Kind::gpu,
                                   .name = tn + ".gpu[" + std::to_string(g) + "]",
                                   .type = "B200",
                                   .parent = tray,
                                   .rack = rack,
                                   .params = gpu_params,
                                   .loc = {file, 13, 5}});
        }
        for (int s = 0; s < kNvl72SwitchTrays; ++s) {
            const std::string sn = rn + ".nvsw[" + std::to_string(s) + "]";
            auto tray = static_cast<int32_t>(
                b.add_element({.kind = Kind::tray,
                               .name = sn,
                               .type = "NVLinkSwitchTray",
                               .parent = rack,
                               .rack = rack,
                               .loc = {file, 14, 3},
                               .u_bottom = static_cast<double>(nvl72_switch_u(s)),
                               .u_height = 1.0}));
            for (int c = 0; c < 2; ++c)
                chip[static_cast<std::size_t>(2 * s + c)] =
                    b.add_element({.kind = Kind::switch_chip,
                                   .name = sn + ".chip[" + std::to_string(c) + "]",
                                   .type = "NVLink5Switch",
                                   .parent = tray,
                                   .rack = rack,
                                   .loc = {file, 15, 5}});
        }
        for (int t = 0; t < kNvl72ComputeTrays; ++t)
            for (int g = 0; g < 4; ++g)
                for (int s = 0; s < kNvl72SwitchTrays; ++s)
                    for (int c = 0; c < 2; ++c) {
                        Link l;
                        l.profile = p_nvl;
                        l.lanes = 2;
                        l.fabric = Fabric::scale_up;
                        l.route = route;
                        l.port_a = "compute[" + std::to_string(t) + "].gpu[" + std::to_string(g) +
                                   "].nvl[" + std::to_string(2 * s + c) + "]";
                        l.port_b = "nvsw[" + std::to_string(s) + "].chip[" + std::to_string(c) +
                                   "].port[" + std::to_string(4 * t + g) + "]";
                        l.loc = {file, 20, 3};
                        const double tw = nvl72_twinax_m(t, s, o.routing_allowance_m);
                        b.add_link(gpu[static_cast<std::size_t>(4 * t + g)],
                                   chip[static_cast<std::size_t>(2 * s + c)], l,
                                   {{s_pkg, 0.0, 1.0, -1},
                                    {s_pcb, 0.15, 1.0, -1},
                                    {s_conn, 0.0, 1.0, -1},
                                    {s_tw, tw, 1.0, -1},
                                    {s_conn, 0.0, 1.0, -1},
                                    {s_pcb, 0.10, 1.0, -1},
                                    {s_pkg, 0.0, 1.0, -1}});
                    }
        if (o.host_links)
            for (int t = 0; t < kNvl72ComputeTrays; ++t)
                for (int c = 0; c < 2; ++c)
                    for (int k = 0; k < 2; ++k) {
                        Link l;
                        l.profile = p_c2c;
                        l.lanes = 1;
                        l.fabric = Fabric::host;
                        l.route = host_route;
                        l.port_a = "cpu[" + std::to_string(c) + "].c2c[" + std::to_string(k) + "]";
                        l.port_b = "gpu[" + std::to_string(2 * c + k) + "].c2c";
                        l.loc = {file, 21, 3};
                        b.add_link(cpu[static_cast<std::size_t>(2 * t + c)],
                                   gpu[static_cast<std::size_t>(4 * t + 2 * c + k)], l, {});
                    }
    }
    return std::move(b).finish();
}

}  // namespace racklink::graphs::testing
