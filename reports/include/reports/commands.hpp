#pragma once
/// The racklink command-line tool's subcommands. Each subcommand lives in its own
/// reports/src/cmd_<name>.cpp and registers itself on the root CLI11 app; its callback stores
/// the process exit code in `exit_code` (0 ok, 1 input or analysis error, 2 usage, 3 internal).
/// Declarations are grouped by owner topic (merge-friendly).

namespace CLI {
class App;
}

namespace racklink::reports {

// Foundation.
void add_check_command(CLI::App& app, int& exit_code);
void add_stats_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_params_command(CLI::App& app, int& exit_code);

// Signal integrity (sigint, reach, touchstone) and COM.
/// Registers `sigint`, `reach` and `touchstone` (reports/src/cmd_sigint.cpp).
void add_sigint_commands(CLI::App& app, int& exit_code);
void add_com_command(CLI::App& app, int& exit_code);  // com

// Thermal.
void add_thermal_command(CLI::App& app, int& exit_code);

// Reliability and yield.
void add_reliability_command(CLI::App& app, int& exit_code);
void add_yield_command(CLI::App& app, int& exit_code);

// Studies: sweep.
void add_sweep_command(CLI::App& app, int& exit_code);

// Review: compare and report (add_review_commands registers both; add_compare_command is
// the compare half).
void add_compare_command(CLI::App& app, int& exit_code);
void add_review_commands(CLI::App& app, int& exit_code);

}  // namespace racklink::reports
