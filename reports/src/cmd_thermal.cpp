// `racklink thermal FILE [--json] [--inlet 45degC] [--coolant pg25] [--delta-t 10K]`:
// power roll-up, coolant flow and junction temperatures of a description (see docs/thermal.md).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "graphs/thermal_analysis.hpp"
#include "hdl/load.hpp"
#include "reports/commands.hpp"
#include "thermal/coolant.hpp"
#include "thermal/units.hpp"

namespace racklink::reports {

void add_thermal_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string file;
        bool json = false;
        std::string inlet, coolant, delta_t;
        double pue = 0.0;
        double flow_scale = 1.0;
        int hottest = 10;
        bool serdes_inside = false;
        std::vector<std::string> set;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "thermal",
        "Power roll-up, coolant flow, junction temperatures and limits of a description");
    sub->add_option("file", o->file, "Description file (.rack)")->required();
    sub->add_flag("--json", o->json, "Write the report as JSON");
    sub->add_option("--inlet", o->inlet, "Facility supply temperature, e.g. 45degC or 318K");
    sub->add_option("--coolant", o->coolant, "Coolant: water or pg25");
    sub->add_option("--delta-t", o->delta_t, "Design coolant rise per tray loop, e.g. 10K");
    sub->add_option("--pue", o->pue, "Power usage effectiveness (>= 1)");
    sub->add_option("--flow-scale", o->flow_scale, "Multiply every loop's flow (sensitivity)");
    sub->add_option("--hottest", o->hottest, "How many hottest devices to list");
    sub->add_flag("--serdes-in-device-power", o->serdes_inside,
                  "Device powers already include their SerDes (do not add link SerDes power)");
    sub->add_option("--set", o->set, "Override a top-level parameter: NAME=VALUE (.rack syntax)");
    sub->callback([o, &exit_code] {
        graphs::ThermalOptions opt;
        auto usage = [&](const std::string& what, const std::string& msg) {
            std::cerr << "racklink thermal: " << what << ": " << msg << "\n";
            exit_code = 2;
        };
        if (!o->inlet.empty()) {
            thermal::ParsedValue v = thermal::parse_temperature_k(o->inlet);
            if (!v.ok()) return usage("--inlet", v.error);
            opt.inlet_k = v.value;
        }
        if (!o->delta_t.empty()) {
            thermal::ParsedValue v = thermal::parse_temperature_difference_k(o->delta_t);
            if (!v.ok()) return usage("--delta-t", v.error);
            opt.delta_t_k = v.value;
        }
        if (!o->coolant.empty()) {
            auto c = thermal::parse_coolant(o->coolant);
            if (!c) return usage("--coolant", "unknown coolant '" + o->coolant + "' (water, pg25)");
            opt.coolant = *c;
        }
        if (o->pue != 0.0) opt.pue = o->pue;
        opt.flow_scale = o->flow_scale;
        opt.hottest = o->hottest;
        opt.serdes_in_device_power = o->serdes_inside;
        if (std::string err = opt.validate(); !err.empty()) return usage("options", err);

        hdl::LoadOptions lo;
        for (const auto& s : o->set) {
            auto eq = s.find('=');
            if (eq == std::string::npos)
                return usage("--set", "expected NAME=VALUE, got '" + s + "'");
            lo.set.emplace_back(s.substr(0, eq), s.substr(eq + 1));
        }
        hdl::LoadResult lr = hdl::load_file(o->file, lo);
        std::cerr << lr.diagnostics;
        if (!lr.ok()) {
            exit_code = 1;
            return;
        }
        graphs::ThermalResult r = graphs::analyze_thermal(*lr.model, opt);
        // Bad data: diagnostics on stderr (and the JSON status document when asked for JSON).
        if (!r.ok()) std::cerr << r.diagnostics();
        if (o->json)
            std::cout << graphs::render_thermal_json(r);
        else if (r.ok())
            std::cout << graphs::render_thermal_text(r);
        // Limits exceeded are findings of a successful analysis (exit 0); bad data is exit 1.
        exit_code = r.ok() ? 0 : 1;
    });
}

}  // namespace racklink::reports
