#pragma once
/// The design-review package of `racklink report FILES... --out DIR`: for every system and
/// across them, a `Document` (system summary, the comparison table of reports/compare.hpp,
/// per-system link classes, and the figures listed in docs/compare.md) written by the studies
/// writers (`write_report`: report.html with inline SVG, report.md, tables/*.csv,
/// figures/*.png, results.h5). Deterministic: fixed seeds, no timestamps, so report.md is
/// byte-identical on a rerun. A file that fails to load is listed with its diagnostics and the
/// others still render.

#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graphs/model.hpp"
#include "reports/compare.hpp"
#include "reports/document.hpp"

namespace racklink::reports {

/// One input: a file (optionally with `--set` overrides and a column label) and, after
/// loading, its model or its diagnostics.
struct ReviewInput {
    std::string path;
    std::string label;  ///< column name ("" = model name, else file stem)
    std::vector<std::pair<std::string, std::string>> set;
    std::optional<graphs::Model> model;
    std::string diagnostics;  ///< rendered load diagnostics (may hold warnings when loaded)
};

/// Splits `--set`/`-I` entries (as collected by `add_set_option`: "NAME=VALUE" or "-IDIR")
/// into overrides and import directories. Returns "" or the bad entry's message.
std::string parse_sets(const std::vector<std::string>& sets,
                       std::vector<std::pair<std::string, std::string>>& overrides,
                       std::vector<std::string>& import_dirs);

/// Loads every input (diagnostics kept, never throws for bad files) and labels it: the given
/// label, else the model name, else the file stem; repeated labels get " (2)", " (3)". Loads on
/// up to `threads` threads (0 = sigint::available_cpus()).
void load_inputs(std::vector<ReviewInput>& inputs, const std::vector<std::string>& import_dirs,
                 unsigned threads = 0);

/// Runs `analyze_system` on every loaded input (in parallel over inputs; results in input
/// order). Entries for inputs that failed to load are nullopt.
std::vector<std::optional<SystemAnalysis>> analyze_inputs(const std::vector<ReviewInput>& inputs,
                                                          const ReviewOptions& options);

/// The design-review document.
Document build_review_document(const std::vector<ReviewInput>& inputs,
                               const std::vector<std::optional<SystemAnalysis>>& analyses,
                               const std::string& racklink_version);

/// Options of `racklink report`.
struct ReviewReportOptions {
    std::vector<std::string> files;
    std::string out_dir;
    std::vector<std::string> sets;  ///< "NAME=VALUE" and "-IDIR" entries
    bool png = true;
    bool strict = false;  ///< exit 1 also when an analysis reports an error
    ReviewOptions review;
};

/// Loads, analyzes and writes the package into `out_dir`. Prints bad files' diagnostics and
/// warnings to `err` and the written files to `out`. Returns 0; 1 when a file failed to load,
/// an output could not be written (or, with `strict`, an analysis failed); 2 for a usage error.
int run_review_report(const ReviewReportOptions& o, std::ostream& out, std::ostream& err);

}  // namespace racklink::reports
