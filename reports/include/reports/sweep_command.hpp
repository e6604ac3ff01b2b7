#pragma once
/// The `racklink sweep` command as a testable function, and the evaluator registry it uses.
/// Integration point: `sweep_evaluators()` (reports/src/cmd_sweep.cpp) is where the analyses'
/// evaluators ("reach", "channel", "availability", ...) are registered next to the built-in
/// ones (`builtin_evaluators()`).

#include <atomic>
#include <iosfwd>
#include <string>

#include "reports/sweep.hpp"

namespace racklink::reports {

/// Options of `racklink sweep`.
struct SweepCommandOptions {
    std::string study_path;
    std::string output_path;  ///< "" = <study stem>.h5 in the working directory
    bool resume = false;
    unsigned threads = 0;     ///< 0 = all cores
    double checkpoint_interval_s = 5.0;
    bool quiet = false;
    bool progress_tty = false;
    const std::atomic<bool>* stop = nullptr;
};

/// Every evaluator `racklink sweep` knows.
EvaluatorRegistry sweep_evaluators();

/// Human-readable list of evaluators with their parameters (unit, default) and outputs.
std::string describe_evaluators(const EvaluatorRegistry& reg);

/// Runs one study: diagnostics and progress to `err`, the summary line to `out`. Returns the
/// exit code (0 ok, 1 input error, failed points or interrupted, 3 internal).
int run_sweep_command(const SweepCommandOptions& o, const EvaluatorRegistry& reg,
                      std::ostream& out, std::ostream& err);

}  // namespace racklink::reports
