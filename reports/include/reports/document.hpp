#pragma once
/// A design-review document (title, sections of paragraphs, key/value summaries, tables,
/// figures, diagnostics) and its renderings:
///  - `report.html`: one self-contained page (inline CSS, inline SVG plots, no script, no
///    network access), tables with the best value marked, numbered figures with captions;
///  - `report.md`: deterministic Markdown (byte-identical on rerun) referencing PNG figures;
///  - `tables/<key>.csv` (RFC 4180) and `results.h5` (every number behind tables and plots).
/// `write_report` writes them all atomically into one directory. See docs/report.md.

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "reports/plot.hpp"
#include "reports/table.hpp"

namespace racklink::reports {

/// A paragraph of plain text (escaped on output).
struct Paragraph {
    std::string text;
};

/// Name/value lines, e.g. a system summary ("racks", "2"; "GPUs", "144").
struct KeyValues {
    std::vector<std::pair<std::string, std::string>> items;
};

/// A table block (numbered "Table N").
struct TableBlock {
    Table table;
};

/// A figure block (numbered "Figure N"); `name` is the file stem of its PNG and HDF5 group
/// (letters, digits, `_`, `-`), unique within the document.
struct FigureBlock {
    std::string name;
    Figure figure;
    std::string caption;
};

/// Preformatted text, e.g. the diagnostics of a file that failed to load.
struct Preformatted {
    std::string text;
    bool is_error = false;  ///< rendered as an error box
};

using Block = std::variant<Paragraph, KeyValues, TableBlock, FigureBlock, Preformatted>;

struct Section {
    std::string heading;
    std::vector<Block> blocks;
    std::vector<Section> subsections;  ///< rendered one heading level deeper
};

struct Document {
    std::string title;
    std::string subtitle;  ///< e.g. "racklink 0.1.0 — 3 systems" (no timestamps: determinism)
    std::vector<Section> sections;
};

/// HTML rendering options.
struct HtmlOptions {
    PlotOptions plot;
    TableWriteOptions table;
};

/// The page. Figures that cannot be rendered (gnuplot missing or failing) become a visible
/// notice with the reason, and the reason is appended to `warnings` (if given).
std::string render_html(const Document& doc, const HtmlOptions& opt = {},
                        std::vector<std::string>* warnings = nullptr);

/// Markdown; figure N is `![caption](<figure_dir>/<name>.png)`.
std::string render_markdown(const Document& doc, const std::string& figure_dir = "figures",
                            const TableWriteOptions& opt = {});

/// Options of `write_report`.
struct ReportWriteOptions {
    HtmlOptions html;
    bool png = true;   ///< write figures/<name>.png
    bool hdf5 = true;  ///< write results.h5
    bool csv = true;   ///< write tables/<key or table-N>.csv
    std::string racklink_version;
    unsigned threads = 0;  ///< gnuplot processes at a time (0 = sigint::available_cpus())
};

/// What `write_report` wrote and what went wrong (plots that failed are warnings; I/O
/// failures are errors and leave no partial file).
struct ReportWriteResult {
    std::vector<std::string> files;
    std::vector<std::string> warnings;
    std::vector<std::string> errors;
    bool ok() const { return errors.empty(); }
};

/// Writes report.html, report.md, figures/*.png, tables/*.csv and results.h5 into `dir`
/// (created if missing).
ReportWriteResult write_report(const Document& doc, const std::string& dir,
                               const ReportWriteOptions& opt = {});

/// HTML-escapes text (& < > " ').
std::string html_escape(std::string_view s);

}  // namespace racklink::reports
