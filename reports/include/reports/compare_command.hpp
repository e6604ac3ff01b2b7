#pragma once
/// The `racklink compare` command as testable functions: the same compute realized with
/// different interconnect options (`FILE --options copper,backplane,cpo`, each option loaded
/// with `--set <option_param>=<option>`), or several descriptions side by side, one row per
/// figure, in text, JSON, CSV or Markdown. `compare_table` is the integration point where the
/// analyses' rows (docs/report.md) are added.

#include <iosfwd>
#include <string>
#include <vector>

#include "reports/report_command.hpp"
#include "reports/table.hpp"

namespace racklink::reports {

/// Output format of `racklink compare`.
enum class CompareFormat { text, json, csv, markdown };

struct CompareCommandOptions {
    std::vector<std::string> files;
    std::vector<std::string> options;          ///< interconnect options (one file only)
    std::string option_param = "interconnect";  ///< top-level parameter the options set
    CompareFormat format = CompareFormat::text;
};

/// The comparison table over loaded systems (columns labelled by `labels`).
Table compare_table(const std::vector<const LoadedSystem*>& systems,
                    const std::vector<std::string>& labels);

/// Loads, compares and prints. Returns 0, 1 (a file or option failed to load: diagnostics on
/// `err`; the table still covers the others) or 2 (usage: --options with several files).
int run_compare_command(const CompareCommandOptions& o, std::ostream& out, std::ostream& err);

}  // namespace racklink::reports
