// The racklink command-line tool. Exit codes: 0 ok, 1 input or analysis error, 2 usage,
// 3 internal error.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "reports/commands.hpp"
#include "reports/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"racklink: decide how the accelerators of an AI rack are wired together"};
    app.set_version_flag("--version", std::string("racklink ") + racklink::reports::version());
    app.require_subcommand(1);
    int exit_code = 0;
    namespace r = racklink::reports;

    // Foundation.
    r::add_check_command(app, exit_code);
    r::add_stats_command(app, exit_code);
    r::add_export_command(app, exit_code);
    r::add_params_command(app, exit_code);

    // Signal integrity and COM.
    r::add_sigint_commands(app, exit_code);
    r::add_com_command(app, exit_code);  // com

    // Thermal.
    r::add_thermal_command(app, exit_code);

    // Reliability and yield.
    r::add_reliability_command(app, exit_code);
    r::add_yield_command(app, exit_code);

    // Studies.
    r::add_sweep_command(app, exit_code);

    // Review: compare and report.
    r::add_review_commands(app, exit_code);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const std::exception& e) {
        std::cerr << "racklink: internal error: " << e.what() << "\n";
        return 3;
    }
    return exit_code;
}
