#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "hdl/load.hpp"
#include "reports/commands.hpp"

namespace racklink::reports {

void add_check_command(CLI::App& app, int& exit_code) {
    struct Opts {
        std::vector<std::string> files;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* sub = app.add_subcommand("check", "Validate .rack descriptions and print diagnostics");
    sub->add_option("files", o->files, "Description files (.rack)")->required();
    sub->callback([o, &exit_code] {
        for (const auto& f : o->files) {
            hdl::LoadResult r = hdl::load_file(f);
            std::cerr << r.diagnostics;
            if (!r.ok()) exit_code = 1;
        }
    });
}

void add_stats_command(CLI::App& app, int& exit_code) {
    CLI::App* sub = app.add_subcommand("stats", "Structure figures of a system");
    sub->callback([&exit_code] { exit_code = 3; });
}

void add_export_command(CLI::App& app, int& exit_code) {
    CLI::App* sub = app.add_subcommand("export", "Export the elaborated model (json or dot)");
    sub->callback([&exit_code] { exit_code = 3; });
}

}  // namespace racklink::reports
