#pragma once
/// Parameter sweeps: a study file (plain text, in the spirit of OMNeT++ `omnetpp.ini`) names
/// an evaluator, parameters with their values or ranges, constraints and the outputs to
/// record; the grid runner evaluates every point on all cores and writes one HDF5 file (one
/// dataset per output with the parameter grid as dimensions). Format, HDF5 layout and
/// checkpoint/resume: docs/sweep.md.
///
///   # cost per token vs throughput and availability
///   [sweep]
///   evaluator    = cost_per_token
///   annual_cost  = 3.3e6 USD/year, 6.5e6 USD/year
///   throughput   = 25000 tok/s .. 150000 tok/s step 5000 tok/s
///   availability = 0.9 .. 1 step 0.01
///   constraint   = throughput * availability >= 20000 tok/s
///   output       = cost_per_mtok [USD/Mtok]
///
/// Values are stored in SI (reports/units.hpp). Errors are reported as `file:line:col: error:
/// message`.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/units.hpp"

namespace racklink::reports {

/// A location in a study file (1-based line and column).
struct StudyLoc {
    std::uint32_t line = 0;
    std::uint32_t col = 0;
};

/// One swept parameter: its values in SI, in file order, and their SI unit.
struct SweepParam {
    std::string name;
    std::vector<double> values;
    Dims dims{};
    std::string unit;  ///< SI unit text (`si_unit_text(dims)`)
    StudyLoc loc;
};

/// One recorded output: name and the unit its values are written in.
struct SweepOutput {
    std::string name;
    std::string unit;   ///< as written in the study ("" = the evaluator's unit)
    Unit parsed;        ///< parse of `unit`
    StudyLoc loc;
};

/// A parsed constraint expression (opaque; evaluate with `Study::feasible`).
struct Expr;

struct SweepConstraint {
    std::string text;
    StudyLoc loc;
    std::shared_ptr<const Expr> expr;
};

/// A parsed study file.
struct Study {
    std::string file;       ///< file name used in messages
    std::string text;       ///< the file's text (stored in the HDF5 output)
    std::string title;
    std::string evaluator;  ///< registry name, e.g. "cost_per_token"
    StudyLoc evaluator_loc;
    std::vector<SweepParam> params;  ///< grid axes, first = slowest varying (C order)
    std::vector<SweepConstraint> constraints;
    std::vector<SweepOutput> outputs;

    /// Number of grid points (product of the axis sizes).
    std::size_t size() const;
    /// Axis sizes.
    std::vector<std::size_t> shape() const;
    /// Parameter values of grid point `index` (C order), in SI.
    std::vector<double> point_values(std::size_t index) const;
    /// True when every constraint holds at these parameter values.
    bool feasible(const std::vector<double>& values) const;
    /// Hash of what determines the results (evaluator, axes, constraints, outputs): a
    /// checkpoint is only resumed for the same fingerprint.
    std::uint64_t fingerprint() const;
    /// `file:line:col` of a location.
    std::string where(StudyLoc loc) const;
};

/// A problem found while reading a study.
struct StudyError {
    StudyLoc loc;
    std::string message;
};

/// Result of `parse_study`: the study when `errors` is empty.
struct StudyParseResult {
    Study study;
    std::vector<StudyError> errors;
    bool ok() const { return errors.empty(); }
    /// Every error as `file:line:col: error: message [SWEEP]` lines with the source line and
    /// a caret.
    std::string render() const;
};

/// Parses study text; `file` names it in messages. Never throws on bad input.
StudyParseResult parse_study(std::string_view text, std::string file = "<study>");
/// Reads and parses a study file (a missing file is one error at line 0).
StudyParseResult load_study(const std::string& path);

/// A grid point handed to an evaluator: parameter values in SI by name.
class Point {
public:
    Point(const std::vector<SweepParam>* params, std::vector<double> values, std::size_t index)
        : params_(params), values_(std::move(values)), index_(index) {}
    /// Value of parameter `name`; throws std::out_of_range if the study has no such parameter.
    double operator[](std::string_view name) const;
    /// Value of parameter `name`, or `fallback` when the study does not sweep it.
    double get(std::string_view name, double fallback) const;
    bool has(std::string_view name) const;
    const std::vector<double>& values() const { return values_; }
    std::size_t index() const { return index_; }

private:
    const std::vector<SweepParam>* params_;
    std::vector<double> values_;
    std::size_t index_;
};

/// Evaluates one grid point: one value per study output, in the study's output order and
/// units. It is called concurrently from several threads (it must not share mutable state).
/// NaN marks a value that could not be computed; an exception marks the point failed.
using EvalFn = std::function<std::vector<double>(const Point&)>;

/// Options of `run_sweep`.
struct SweepOptions {
    unsigned threads = 0;              ///< 0: all cores this process may run on (sigint::available_cpus)
    std::string output_path;           ///< HDF5 result file ("" = keep in memory only)
    std::string checkpoint_path;       ///< "" = output_path + ".ckpt"
    bool resume = false;               ///< continue from the checkpoint if it exists
    double checkpoint_interval_s = 5;  ///< time between checkpoints while running
    const std::atomic<bool>* stop = nullptr;  ///< set (e.g. by SIGINT) to stop and checkpoint
    std::ostream* progress = nullptr;  ///< progress text (nullptr: silent)
    bool progress_tty = false;         ///< true: one updating line; false: a line every 10 s
    std::string racklink_version;      ///< stored as an attribute when non-empty
    /// Empty when valid.
    std::string validate() const;
};

enum class SweepStatus { ok, interrupted, invalid_input, io_error };
std::string_view to_string(SweepStatus s);

/// Result: status, message, and every output value in grid (C) order.
struct SweepResult {
    SweepStatus status = SweepStatus::ok;
    std::string message;
    std::size_t points = 0;      ///< grid size
    std::size_t evaluated = 0;   ///< points evaluated in this run
    std::size_t resumed = 0;     ///< points taken from the checkpoint
    std::size_t infeasible = 0;  ///< points excluded by constraints (outputs NaN)
    std::size_t failed = 0;      ///< points whose evaluator threw or returned a wrong count
    std::string first_failure;   ///< message of the first failure
    double elapsed_s = 0.0;
    std::vector<std::vector<double>> outputs;  ///< [output][point]
    std::vector<std::uint8_t> feasible;        ///< [point]
    bool ok() const { return status == SweepStatus::ok; }
};

/// Runs the grid (see docs/sweep.md for the HDF5 layout and checkpoint format). Writes the
/// result file atomically; on `stop` it writes the checkpoint and returns `interrupted`
/// without touching the result file.
SweepResult run_sweep(const Study& study, const EvalFn& eval, const SweepOptions& opt);

/// A named evaluator: what it accepts and returns, and the function. Units are unit text
/// (reports/units.hpp): parameter values arrive in SI; outputs are returned in `unit`.
struct EvaluatorSpec {
    struct Param {
        std::string name;
        std::string unit;
        std::optional<double> default_si;  ///< nullopt: the study must sweep it
        std::string help;
    };
    struct Output {
        std::string name;
        std::string unit;
        std::string help;
    };
    std::string description;
    std::vector<Param> params;
    std::vector<Output> outputs;
    /// Computes every declared output (in declaration order) at a point.
    std::function<std::vector<double>(const Point&)> fn;
};

/// Evaluators by name; the CLI's `racklink sweep` looks studies' evaluators up here.
using EvaluatorRegistry = std::map<std::string, EvaluatorSpec>;

/// Checks a study against an evaluator (parameter names and dimensions, required parameters,
/// output names and unit dimensions) and returns the errors, located in the study file.
/// Outputs the study lists without a unit get the evaluator's unit.
std::vector<StudyError> check_study(Study& study, const EvaluatorSpec& spec);

/// Adapts an evaluator to a study: fills defaults for parameters the study does not sweep,
/// selects the study's outputs and converts them to the study's units. Call `check_study`
/// first.
EvalFn bind_evaluator(const Study& study, const EvaluatorSpec& spec);

/// The evaluators built into the reports library: "cost_per_token" (reports/cost.hpp),
/// "reach" (passive twinax reach from the sigint cable model) and "twinax_reach" (a closed-form
/// a*sqrt(f)*L + b*f*L = budget stand-in, kept for comparison).
EvaluatorRegistry builtin_evaluators();

}  // namespace racklink::reports
