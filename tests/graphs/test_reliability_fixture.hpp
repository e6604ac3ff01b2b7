#pragma once
// A GB200-NVL72-like rack built with ModelBuilder for the reliability tests: 18 compute trays
// x 4 GPUs (+ 2 CPUs on host links), 9 switch trays x 2 NVSwitch chips, every GPU with 18
// links (one to each of the 18 chips), 2 lanes per direction at 200 Gb/s, all crossing one
// cable spine (a backplane element). Failure data and repair classes as the .rack library
// would give them (values are test inputs, not the library's).

#include <string>
#include <vector>

#include "graphs/model.hpp"
#include "graphs/reliability_dist.hpp"

namespace racklink::graphs::testing {

inline Param num(std::string n, double v, uint32_t line = 0) {
    return {std::move(n), v, "", false, {0, line, 3}};
}
inline Param txt(std::string n, std::string t, uint32_t line = 0) {
    return {std::move(n), 0.0, std::move(t), true, {0, line, 3}};
}

struct Nvl72Fits {
    double gpu_fit = 4000, cpu_fit = 500, compute_tray_fit = 3000, switch_tray_fit = 2000,
           switch_chip_fit = 600, cable_fit = 20, spine_fit = 300;
};

inline Model build_nvl72(const Nvl72Fits& f = {}, std::vector<Param> globals = {},
                         std::vector<Param> rack_params = {}) {
    ModelBuilder b;
    b.set_name("gb200_nvl72");
    uint32_t file = b.add_file("nvl72.rack");
    auto at = [&](uint32_t line) { return SourceLoc{file, line, 1}; };
    // Repair classes (flattened named-argument values).
    b.add_part({"tray_swap", "repair",
                b.add_params({txt("detect", "lognormal", 10), num("detect.median", 600, 10),
                              num("detect.sigma", 0.5, 10), num("drain", 1800, 11),
                              txt("replace", "triangular", 12), num("replace.min", 1800, 12),
                              num("replace.mode", 3600, 12), num("replace.max", 7200, 12),
                              num("retest", 7200, 13), num("spare", 1, 14), num("pool", 20, 14),
                              txt("restock", "fixed", 14), num("restock.value", 7 * 86400.0, 14)}),
                at(9)});
    b.add_part({"cable_reseat", "repair",
                b.add_params({num("detect", 1800, 17), num("drain", 1800, 18),
                              num("replace", 3600, 19), num("retest", 1800, 20)}),
                at(16)});
    b.add_part({"factory_return", "repair",
                b.add_params({num("detect", 3600, 23), num("drain", 3600, 24),
                              txt("ship_repair", "uniform", 25), num("ship_repair.min", 14 * 86400.0, 25),
                              num("ship_repair.max", 28 * 86400.0, 25), num("factory", 1, 26)}),
                at(22)});
    b.set_globals(b.add_params(std::move(globals)));
    uint32_t none = b.add_params({});
    (void)none;
    auto fit = [&](double fits, const char* repair, uint32_t line) {
        return b.add_params({num("fit", fits * kFitPerSecond, line), txt("repair", repair, line)});
    };
    Vertex rack = b.add_element({.kind = Kind::rack, .name = "rack[0]", .type = "GB200NVL72",
                                 .params = b.add_params(std::move(rack_params)), .loc = at(30)});
    int32_t rk = static_cast<int32_t>(rack);
    Vertex spine = b.add_element({.kind = Kind::backplane, .name = "rack[0].spine", .type = "CableSpine",
                                  .parent = rk, .rack = rk,
                                  .params = fit(f.spine_fit, "factory_return", 31), .loc = at(31)});
    Profile nvl5{.name = "nvlink5", .baud_hz = 106.25e9, .lane_rate_bps = 200e9};
    uint32_t prof = b.add_profile(nvl5);
    uint32_t host_prof = b.add_profile({.name = "c2c", .lane_rate_bps = 450e9});
    uint32_t route = b.add_route({"spine", at(40)});
    uint32_t cable = b.add_segment_spec({.kind = SegKind::twinax, .part = "NVLinkCable",
                                         .params = fit(f.cable_fit, "cable_reseat", 41),
                                         .loc = at(41)});
    std::vector<Vertex> gpus, chips;
    for (int t = 0; t < 18; ++t) {
        std::string tn = "rack[0].compute[" + std::to_string(t) + "]";
        Vertex tray = b.add_element({.kind = Kind::tray, .name = tn, .type = "ComputeTray",
                                     .parent = rk, .rack = rk,
                                     .params = fit(f.compute_tray_fit, "tray_swap", 32), .loc = at(32)});
        int32_t tr = static_cast<int32_t>(tray);
        Vertex cpus[2];
        for (int c = 0; c < 2; ++c)
            cpus[c] = b.add_element({.kind = Kind::cpu, .name = tn + ".cpu[" + std::to_string(c) + "]",
                                     .type = "Grace", .parent = tr, .rack = rk,
                                     .params = fit(f.cpu_fit, "tray_swap", 33), .loc = at(33)});
        for (int g = 0; g < 4; ++g) {
            Vertex gv = b.add_element({.kind = Kind::gpu, .name = tn + ".gpu[" + std::to_string(g) + "]",
                                       .type = "B200", .parent = tr, .rack = rk,
                                       .params = fit(f.gpu_fit, "tray_swap", 34), .loc = at(34)});
            gpus.push_back(gv);
            Link h;
            h.profile = host_prof;
            h.lanes = 1;
            h.fabric = Fabric::host;
            b.add_link(gv, cpus[g / 2], h, {});
        }
    }
    for (int t = 0; t < 9; ++t) {
        std::string tn = "rack[0].nvswitch[" + std::to_string(t) + "]";
        Vertex tray = b.add_element({.kind = Kind::tray, .name = tn, .type = "SwitchTray",
                                     .parent = rk, .rack = rk,
                                     .params = fit(f.switch_tray_fit, "tray_swap", 35), .loc = at(35)});
        for (int c = 0; c < 2; ++c)
            chips.push_back(b.add_element({.kind = Kind::switch_chip,
                                           .name = tn + ".chip[" + std::to_string(c) + "]",
                                           .type = "NVSwitch5", .parent = static_cast<int32_t>(tray),
                                           .rack = rk, .params = fit(f.switch_chip_fit, "tray_swap", 36),
                                           .loc = at(36)}));
    }
    for (Vertex g : gpus)
        for (Vertex c : chips) {
            Link l;
            l.profile = prof;
            l.lanes = 2;
            l.fabric = Fabric::scale_up;
            l.route = route;
            l.port_a = b.peek().element(g).name;
            l.port_b = b.peek().element(c).name;
            l.loc = at(42);
            b.add_link(g, c, l, {{cable, 1.0, 1.0, -1}, {cable, 0.0, 0.0, static_cast<int32_t>(spine)}});
        }
    return std::move(b).finish();
}

}  // namespace racklink::graphs::testing
