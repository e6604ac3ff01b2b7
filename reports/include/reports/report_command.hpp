#pragma once
/// The `racklink report FILES... --out DIR` command as testable functions. Today it writes the
/// system summaries, the structure comparison across systems and the diagnostics of files
/// that failed to load; `build_design_review` is the integration point where the analyses'
/// tables and figures (signal integrity, thermal, reliability, cost) are added.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "graphs/model.hpp"
#include "reports/document.hpp"
#include "reports/table.hpp"

namespace racklink::reports {

/// One input of a report: the model when it loaded, else its diagnostics.
struct LoadedSystem {
    std::string path;
    std::optional<graphs::Model> model;
    std::string diagnostics;  ///< rendered diagnostics (errors and warnings)
    /// Column name: the model's name, else the file stem.
    std::string label() const;
};

/// Element and link counts, one column per loaded system: racks, trays, GPUs, CPUs, switch
/// chips, network switches, NICs, retimers, optical engines, links, lanes per direction.
Table structure_table(const std::vector<const LoadedSystem*>& systems);

/// The design-review document over all inputs (failed ones listed with their diagnostics).
Document build_design_review(const std::vector<LoadedSystem>& systems,
                             const std::string& racklink_version);

/// Options of `racklink report`.
struct ReportCommandOptions {
    std::vector<std::string> files;
    std::string out_dir = "report";
    bool png = true;
};

/// Loads every file, writes the report into `out_dir`, prints diagnostics of bad files and
/// warnings to `err` and the written files to `out`. Returns 0 when every file loaded and
/// every output was written, else 1 (the report is still written for the good files).
int run_report_command(const ReportCommandOptions& o, std::ostream& out, std::ostream& err);

}  // namespace racklink::reports
