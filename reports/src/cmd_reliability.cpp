// The `racklink reliability` and `racklink yield` commands: load a description, run the
// analysis in graphs/, print text or JSON. The rendering lives in graphs/ (reliability_report,
// yield_analysis) so that it is unit-tested on models built directly.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "graphs/reliability_report.hpp"
#include "graphs/yield_analysis.hpp"
#include "hdl/load.hpp"
#include "graphs/thermal_analysis.hpp"
#include "reports/cli_util.hpp"
#include "reports/commands.hpp"

namespace racklink::reports {

void add_reliability_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string file;
        bool json = false;
        uint32_t fleet = 0;
        double years = 5.0;
        uint64_t seed = 1;
        uint32_t replications = 8;
        uint32_t crews = 0;
        uint32_t factory_slots = 0;
        double operating_temp_c = graphs::kNaN;
        std::vector<std::string> sets;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "reliability", "MTBF, MTTR, availability, failure effects and importance of a system");
    sub->add_option("file", o->file, "Description file (.rack)")->required();
    add_set_option(sub, o->sets);
    sub->add_flag("--json", o->json, "Print JSON instead of text");
    sub->add_option("--fleet", o->fleet, "Run the fleet Monte Carlo over N racks");
    sub->add_option("--years", o->years, "Fleet: simulated years")->check(CLI::PositiveNumber);
    sub->add_option("--seed", o->seed, "Fleet: random seed");
    sub->add_option("--replications", o->replications, "Fleet: independent replications (>= 2)")
        ->check(CLI::Range(2u, 100000u));
    sub->add_option("--crews", o->crews, "Fleet: repair crews (0 = unlimited)");
    sub->add_option("--factory-slots", o->factory_slots, "Fleet: factory repair slots (0 = unlimited)");
    sub->add_option("--operating-temp", o->operating_temp_c,
                    "Operating temperature for Arrhenius acceleration (degC)")
        ->check(CLI::Range(-273.15, 1000.0));
    sub->callback([o, &exit_code] {
        auto model = load_model(o->file, o->sets, exit_code);
        if (!model) return;
        graphs::ReliabilityOptions ro;
        if (!std::isnan(o->operating_temp_c)) ro.operating_temp_k = o->operating_temp_c + 273.15;
        // Junction temperatures and joint fatigue rates from the thermal analysis, when it runs
        // on this description (a limit exceeded still gives temperatures).
        graphs::ThermalResult th = graphs::analyze_thermal(*model, {});
        if (th.status == graphs::ThermalStatus::ok || th.status == graphs::ThermalStatus::limit_exceeded) {
            ro.junction_k_by_vertex = th.junction_k_by_vertex;
            ro.joint_failure_rate_by_vertex = th.joint_failure_rate_by_vertex;
        }
        std::optional<graphs::FleetOptions> fo;
        if (o->fleet > 0) {
            fo = graphs::FleetOptions{.racks = o->fleet, .years = o->years, .seed = o->seed,
                                      .replications = o->replications, .crews = o->crews,
                                      .factory_slots = o->factory_slots};
            ro.fleet = fo;
        }
        graphs::ReliabilityResult r = graphs::analyze_reliability(*model, ro);
        if (r.status != graphs::ReliabilityStatus::ok) {
            std::cerr << r.message << "\n";
            if (o->json) std::cout << graphs::reliability_json(r);
            exit_code = 1;
            return;
        }
        std::cout << (o->json ? graphs::reliability_json(r, fo ? &*fo : nullptr)
                              : graphs::render_reliability_text(r));
        exit_code = 0;
    });
}

void add_yield_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::string file;
        bool json = false;
        uint32_t samples = 20000;
        uint64_t seed = 1;
        std::vector<std::string> sets;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand(
        "yield", "Manufacturing yield and cost per good unit of every assembly");
    sub->add_option("file", o->file, "Description file (.rack)")->required();
    add_set_option(sub, o->sets);
    sub->add_flag("--json", o->json, "Print JSON instead of text");
    sub->add_option("--samples", o->samples, "Boards per impedance Monte Carlo")
        ->check(CLI::Range(2u, 100000000u));
    sub->add_option("--seed", o->seed, "Random seed");
    sub->callback([o, &exit_code] {
        auto model = load_model(o->file, o->sets, exit_code);
        if (!model) return;
        graphs::YieldOptions yo{.samples = o->samples, .seed = o->seed};
        graphs::YieldResult r = graphs::analyze_yield(*model, yo);
        if (!r.ok) {
            std::cerr << r.message << "\n";
            if (o->json) std::cout << graphs::yield_json(r);
            exit_code = 1;
            return;
        }
        std::cout << (o->json ? graphs::yield_json(r) : graphs::render_yield_text(r));
        exit_code = 0;
    });
}

}  // namespace racklink::reports
