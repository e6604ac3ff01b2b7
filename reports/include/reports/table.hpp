#pragma once
/// `Table`: the comparison table every RackLink report is built from — one row per figure
/// (name, unit, one value per system/option, which direction is better, a one-line verdict) —
/// and its writers: Markdown, CSV (RFC 4180), JSON and aligned plain text. Writers are pure
/// functions of the table (byte-identical output on rerun). See docs/report.md.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace racklink::reports {

/// Which value of a row is better.
enum class Better { lower, higher, none };
std::string_view to_string(Better b);
/// Parses "lower" / "higher" / "none"; nullopt otherwise.
std::optional<Better> parse_better(std::string_view s);

/// A missing value (analysis not run or failed); printed `n/a`, never "best".
inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

/// One figure across the compared columns.
struct Row {
    std::string name;         ///< e.g. "total cable length"
    std::string unit;         ///< unit of the stored values (SI, or `%`/`degC`/`h`/`USD`, see
                              ///< reports/format.hpp); "" for counts
    std::vector<double> values;  ///< one per column, in SI; `kMissing` when unknown
    Better better = Better::none;
    std::string verdict;      ///< one line; empty: `auto_verdict` fills it in the writers
    std::string note;         ///< optional: why a value is missing, source of a figure
};

/// A table: columns are systems or interconnect options.
struct Table {
    std::string title;                 ///< e.g. "Interconnect options for nvl72.rack"
    std::string key;                   ///< machine name for file names/JSON (e.g. "compare")
    std::vector<std::string> columns;  ///< e.g. {"copper", "backplane", "cpo"}
    std::vector<Row> rows;

    /// Appends a row (values must have one entry per column; checked by `validate`).
    Row& add(std::string name, std::string unit, std::vector<double> values,
             Better better = Better::none, std::string verdict = {});
    /// Empty when every row has one value per column, else a message naming the bad row.
    std::string validate() const;
};

/// Index of the best value of a row: nullopt when `better` is none, fewer than two finite
/// values exist, or the best value is tied (relative difference < 1e-9) with another.
std::optional<std::size_t> best_column(const Row& row);

/// One-line verdict, e.g. "cpo is lowest: 3.20 kW vs 5.10 kW for copper (-37.3 %)"
/// (best vs the runner-up); "tie" or "no comparison" when there is no best value.
std::string auto_verdict(const Row& row, const std::vector<std::string>& columns);

/// Options shared by the writers.
struct TableWriteOptions {
    int significant_digits = 3;
    bool ascii = false;  ///< plain ASCII units (`u`, `degC`)
};

/// GitHub-flavoured Markdown: a `### title` line, a pipe table (figure | columns... | verdict),
/// best value in bold; pipes in text escaped.
std::string to_markdown(const Table& t, const TableWriteOptions& opt = {});
/// RFC 4180 CSV, CRLF line ends: header `figure,unit,<columns...>,better,best,verdict`, values
/// in the stored unit with 17 significant digits (round-trip exact), empty when missing.
std::string to_csv(const Table& t);
/// JSON: {"title","key","columns":[...],"rows":[{"name","unit","values":[SI or null],
/// "text":[formatted],"better","best":index|null,"verdict","note"}]}.
nlohmann::json to_json(const Table& t, const TableWriteOptions& opt = {});
/// Aligned plain text (UTF-8 aware widths); the best value is marked with a trailing `*`.
std::string to_text(const Table& t, const TableWriteOptions& opt = {});

/// Escapes one CSV field per RFC 4180 (quoted when it has `,`, `"`, CR or LF).
std::string csv_field(std::string_view s);

/// Display width of UTF-8 text (code points; our unit symbols are all single-width).
std::size_t display_width(std::string_view s);

}  // namespace racklink::reports
