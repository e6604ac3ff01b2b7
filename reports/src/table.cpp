#include "reports/table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>

#include "reports/format.hpp"

namespace racklink::reports {

std::string_view to_string(Better b) {
    switch (b) {
        case Better::lower: return "lower";
        case Better::higher: return "higher";
        case Better::none: return "none";
    }
    return "none";
}

std::optional<Better> parse_better(std::string_view s) {
    if (s == "lower") return Better::lower;
    if (s == "higher") return Better::higher;
    if (s == "none") return Better::none;
    return std::nullopt;
}

Row& Table::add(std::string name, std::string unit, std::vector<double> values, Better better,
                std::string verdict) {
    rows.push_back(Row{std::move(name), std::move(unit), std::move(values), better,
                       std::move(verdict), {}});
    return rows.back();
}

std::string Table::validate() const {
    for (const auto& r : rows)
        if (r.values.size() != columns.size())
            return "table '" + title + "': row '" + r.name + "' has " +
                   std::to_string(r.values.size()) + " values for " +
                   std::to_string(columns.size()) + " columns";
    return {};
}

namespace {

bool tied(double a, double b) {
    return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b));
}

// Ordered finite values, best first.
std::vector<std::size_t> ranking(const Row& row) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < row.values.size(); ++i)
        if (std::isfinite(row.values[i])) idx.push_back(i);
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return row.better == Better::lower ? row.values[a] < row.values[b]
                                           : row.values[a] > row.values[b];
    });
    return idx;
}

std::string fmt(double v, const std::string& unit, const TableWriteOptions& opt) {
    return format_quantity(v, unit, FormatOptions{opt.significant_digits, opt.ascii});
}

std::string verdict_of(const Row& r, const std::vector<std::string>& cols) {
    return r.verdict.empty() ? auto_verdict(r, cols) : r.verdict;
}

std::string md_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|' || c == '*' || c == '_' || c == '\\') out += '\\';
        if (c == '\n' || c == '\r') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out;
}

// Appends pieces; avoids `"lit" + std::string` temporaries, which trip GCC 12's -Wrestrict
// false positive (GCC PR 105651).
void app(std::string& out, std::initializer_list<std::string_view> parts) {
    for (auto p : parts) out.append(p.data(), p.size());
}

std::string repr17(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

std::optional<std::size_t> best_column(const Row& row) {
    if (row.better == Better::none) return std::nullopt;
    auto r = ranking(row);
    if (r.size() < 2) return std::nullopt;
    if (tied(row.values[r[0]], row.values[r[1]])) return std::nullopt;
    return r[0];
}

std::string auto_verdict(const Row& row, const std::vector<std::string>& columns) {
    if (row.better == Better::none) return "";
    auto r = ranking(row);
    if (r.size() < 2) return "no comparison";
    if (tied(row.values[r[0]], row.values[r[1]])) return "tie";
    double best = row.values[r[0]], second = row.values[r[1]];
    std::string s = columns[r[0]] + " is " + (row.better == Better::lower ? "lowest" : "highest") +
                    ": " + format_quantity(best, row.unit) + " vs " +
                    format_quantity(second, row.unit) + " for " + columns[r[1]];
    if (second != 0.0 && row.unit != "%" && row.unit != "degC") {
        double rel = (best - second) / std::fabs(second);
        char buf[48];
        // Large gains read better as a ratio ("4.0x") than as "+300.0 %".
        if (rel >= 1.0 && best > 0 && second > 0)
            std::snprintf(buf, sizeof buf, " (%.3gx)", best / second);
        else
            std::snprintf(buf, sizeof buf, " (%+.1f %%)", rel * 100.0);
        s += buf;
    }
    return s;
}

std::string csv_field(std::string_view s) {
    bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::size_t display_width(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string to_markdown(const Table& t, const TableWriteOptions& opt) {
    std::string out;
    if (!t.title.empty()) app(out, {"### ", md_escape(t.title), "\n\n"});
    out += "| figure |";
    for (const auto& c : t.columns) app(out, {" ", md_escape(c), " |"});
    out += " verdict |\n|---|";
    for (std::size_t i = 0; i < t.columns.size(); ++i) out += "---:|";
    out += "---|\n";
    for (const auto& r : t.rows) {
        auto best = best_column(r);
        out += "| " + md_escape(r.name) + " |";
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            double v = i < r.values.size() ? r.values[i] : kMissing;
            std::string cell = md_escape(fmt(v, r.unit, opt));
            if (best && *best == i) cell = "**" + cell + "**";
            app(out, {" ", cell, " |"});
        }
        app(out, {" ", md_escape(verdict_of(r, t.columns)), " |\n"});
    }
    return out;
}

std::string to_csv(const Table& t) {
    std::string out = "figure,unit";
    for (const auto& c : t.columns) app(out, {",", csv_field(c)});
    out += ",better,best,verdict\r\n";
    for (const auto& r : t.rows) {
        app(out, {csv_field(r.name), ",", csv_field(r.unit)});
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            double v = i < r.values.size() ? r.values[i] : kMissing;
            out += ",";
            if (std::isfinite(v)) out += repr17(v);
        }
        auto best = best_column(r);
        app(out, {",", to_string(r.better), ",", best ? csv_field(t.columns[*best]) : std::string(),
                  ",", csv_field(verdict_of(r, t.columns)), "\r\n"});
    }
    return out;
}

nlohmann::json to_json(const Table& t, const TableWriteOptions& opt) {
    nlohmann::json j;
    j["title"] = t.title;
    j["key"] = t.key;
    j["columns"] = t.columns;
    j["rows"] = nlohmann::json::array();
    for (const auto& r : t.rows) {
        nlohmann::json jr;
        jr["name"] = r.name;
        jr["unit"] = r.unit;
        nlohmann::json vals = nlohmann::json::array(), text = nlohmann::json::array();
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            double v = i < r.values.size() ? r.values[i] : kMissing;
            vals.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr));
            text.push_back(fmt(v, r.unit, opt));
        }
        jr["values"] = vals;
        jr["text"] = text;
        jr["better"] = std::string(to_string(r.better));
        auto best = best_column(r);
        jr["best"] = best ? nlohmann::json(*best) : nlohmann::json(nullptr);
        jr["verdict"] = verdict_of(r, t.columns);
        jr["note"] = r.note;
        j["rows"].push_back(jr);
    }
    return j;
}

std::string to_text(const Table& t, const TableWriteOptions& opt) {
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> header{"figure"};
    for (const auto& c : t.columns) header.push_back(c);
    header.push_back("verdict");
    cells.push_back(header);
    for (const auto& r : t.rows) {
        auto best = best_column(r);
        std::vector<std::string> line{r.name};
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            double v = i < r.values.size() ? r.values[i] : kMissing;
            line.push_back(fmt(v, r.unit, opt) + (best && *best == i ? " *" : "  "));
        }
        line.push_back(verdict_of(r, t.columns));
        cells.push_back(line);
    }
    std::vector<std::size_t> w(header.size(), 0);
    for (const auto& line : cells)
        for (std::size_t i = 0; i < line.size(); ++i) w[i] = std::max(w[i], display_width(line[i]));
    std::string out;
    if (!t.title.empty()) app(out, {t.title, "\n"});
    for (std::size_t li = 0; li < cells.size(); ++li) {
        const auto& line = cells[li];
        std::string s;
        for (std::size_t i = 0; i < line.size(); ++i) {
            std::size_t pad = w[i] - display_width(line[i]);
            bool numeric = i > 0 && i + 1 < line.size();
            if (numeric) s += std::string(pad, ' ') + line[i];  // numbers right-aligned
            else if (i + 1 < line.size()) s += line[i] + std::string(pad, ' ');
            else s += line[i];
            if (i + 1 < line.size()) s += "  ";
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        app(out, {s, "\n"});
        if (li == 0) {
            std::size_t total = 0;
            for (std::size_t i = 0; i < w.size(); ++i) total += w[i] + (i + 1 < w.size() ? 2 : 0);
            app(out, {std::string(total, '-'), "\n"});
        }
    }
    return out;
}

}  // namespace racklink::reports
