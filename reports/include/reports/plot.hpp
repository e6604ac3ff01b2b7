#pragma once
/// Plots for reports: line plots (x/y series, axis labels with units, horizontal budget lines),
/// histograms and bar charts, rendered by gnuplot (driven through gnuplot-iostream) to SVG
/// (inlined in report.html) or PNG (pngcairo) files. Values are given in SI with their unit;
/// axes pick an engineering prefix (reports/format.hpp), e.g. Hz values on a `GHz` axis.
/// Output is deterministic (no timestamps; data written with 17 significant digits).
/// A missing gnuplot or a gnuplot error is a `PlotResult` with `ok == false` and a message.

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace racklink::reports {

/// One x/y series of a line plot.
struct Series {
    enum class Style { lines, points, linespoints };
    std::string name;       ///< legend text
    std::vector<double> x;  ///< SI, in the plot's x unit
    std::vector<double> y;  ///< SI, in the plot's y unit
    Style style = Style::lines;
};

/// A horizontal reference line (budget, limit) drawn dashed with its label in the legend.
struct RefLine {
    double value = 0.0;  ///< SI, in the axis unit
    std::string label;
};

/// Curves against a common x axis, e.g. insertion loss vs frequency against the budget.
struct LinePlot {
    std::string title;
    std::string x_label, x_unit;  ///< e.g. "frequency", "Hz"
    std::string y_label, y_unit;  ///< e.g. "insertion loss", "dB"
    std::vector<Series> series;
    std::vector<RefLine> ref_lines;  ///< horizontal lines (y values)
    bool log_x = false;
    bool log_y = false;
};

/// Distribution of values, binned deterministically: `bins` equal bins between the minimum
/// and maximum (0: Sturges' rule, ceil(log2 n) + 1, H. A. Sturges, JASA 21, 1926).
struct Histogram {
    std::string title;
    std::string x_label, x_unit;  ///< e.g. "link-loss margin", "dB"
    std::string y_label = "count";
    std::vector<double> values;
    int bins = 0;
    std::optional<RefLine> marker;  ///< a vertical line at an x value (e.g. 0 dB margin)
};

/// Grouped bars: one group per category, one bar per series.
struct BarChart {
    struct Group {
        std::string name;            ///< legend text
        std::vector<double> values;  ///< one per category, SI in y_unit
    };
    std::string title;
    std::vector<std::string> categories;  ///< e.g. tray names
    std::vector<Group> groups;
    std::string y_label, y_unit;
    std::vector<RefLine> ref_lines;
};

using Figure = std::variant<LinePlot, Histogram, BarChart>;

/// Rendering options.
struct PlotOptions {
    std::string gnuplot;  ///< gnuplot executable; "" = the one found at configure time
    int width_px = 800;
    int height_px = 480;
    std::string font = "sans,11";
};

/// Result of a rendering: the SVG text (for `render_svg`) or nothing (PNG written to a file).
struct PlotResult {
    bool ok = false;
    std::string message;  ///< why it failed (gnuplot missing, gnuplot's error text)
    std::string svg;
};

/// The gnuplot script (terminal, output, settings and inline data) for a figure. `terminal`
/// is "svg" or "png"; exposed for tests and for users who want to edit a plot.
std::string gnuplot_script(const Figure& fig, const std::string& terminal,
                           const std::string& output_path, const PlotOptions& opt = {});

/// Renders a figure to SVG text (standalone document, gnuplot's `svg` terminal).
PlotResult render_svg(const Figure& fig, const PlotOptions& opt = {});

/// Writes a figure as PNG to `path` (pngcairo; plain `png` if the build lacks cairo),
/// atomically.
PlotResult write_png(const Figure& fig, const std::string& path, const PlotOptions& opt = {});

/// Renders the SVG text and, when `png_path` is non-empty, the PNG file (atomically) in one
/// gnuplot run.
PlotResult render_figure(const Figure& fig, const std::string& png_path,
                         const PlotOptions& opt = {});

/// Renders many figures concurrently (one gnuplot process per figure, at most `threads` at a
/// time, 0 = all cores); results in input order. `png_paths` may be shorter (no PNG).
std::vector<PlotResult> render_figures(const std::vector<const Figure*>& figs,
                                       const std::vector<std::string>& png_paths,
                                       const PlotOptions& opt = {}, unsigned threads = 0);

/// The gnuplot executable used for `opt`, and whether it can be run.
std::string gnuplot_executable(const PlotOptions& opt = {});
bool gnuplot_available(const PlotOptions& opt = {});

/// Prepares a standalone gnuplot SVG for inlining into HTML: drops the XML declaration,
/// prefixes every id (and reference to it) with `id_prefix` so several plots can share a page,
/// sets the `<title>`, and makes it scale to the page width.
std::string inline_svg(const std::string& svg, const std::string& id_prefix,
                       const std::string& title);

}  // namespace racklink::reports
