#include "reports/document.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "reports/atomic_file.hpp"
#include "reports/format.hpp"
#include "reports/hdf5_writer.hpp"

namespace racklink::reports {

namespace {

// Inline style sheet: no external fonts or resources, so the page renders offline.
constexpr const char* kCss = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1a1a1a; background: #ffffff; margin: 0; line-height: 1.45; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 64px; }
header.doc { border-bottom: 3px solid #0072B2; margin-bottom: 16px; }
header.doc h1 { margin: 8px 0 4px; font-size: 1.9em; }
header.doc p { margin: 0 0 12px; color: #555; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 36px; }
h3 { margin-top: 28px; }
nav.toc { background: #f5f7fa; border: 1px solid #dde3ea; padding: 8px 16px; }
nav.toc ul { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; margin: 8px 0 4px; font-size: 0.92em; }
th, td { border: 1px solid #cfd6de; padding: 4px 10px; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.best { background: #e3f4e8; font-weight: 600; }
td.verdict { color: #444; }
tr:nth-child(even) td:not(.best) { background: #fafbfc; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
dl.kv { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.kv dt { font-weight: 600; } dl.kv dd { margin: 0; }
figure { margin: 16px 0 24px; border: 1px solid #e2e6ea; padding: 8px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.92em; color: #333; padding-top: 4px; }
.plot-missing { background: #fff6e5; border: 1px dashed #d08a00; padding: 16px; color: #6b4700; }
pre { background: #f6f8fa; border: 1px solid #e1e4e8; padding: 8px 12px; overflow-x: auto; }
pre.error { background: #fdecea; border-color: #e0a3a0; color: #611a15; }
footer { margin-top: 40px; color: #777; font-size: 0.85em; }
)";

std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(c));
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out.empty() ? "section" : out;
}

std::string md_text(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '\\' || c == '|' ||
            c == '<' || c == '>')
            out += '\\';
        out += c;
    }
    return out;
}

std::string html_table(const Table& t, int number, const TableWriteOptions& opt) {
    std::string s = "<table>\n<caption>Table " + std::to_string(number) + ": " +
                    html_escape(t.title) + "</caption>\n<thead><tr><th>figure</th>";
    for (const auto& c : t.columns) s += "<th>" + html_escape(c) + "</th>";
    s += "<th>verdict</th></tr></thead>\n<tbody>\n";
    FormatOptions fo{opt.significant_digits, opt.ascii};
    for (const auto& r : t.rows) {
        auto best = best_column(r);
        s += "<tr><td>" + html_escape(r.name);
        if (!r.note.empty()) s += " <small>(" + html_escape(r.note) + ")</small>";
        s += "</td>";
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            double v = i < r.values.size() ? r.values[i] : kMissing;
            bool b = best && *best == i;
            s += std::string("<td class=\"num") + (b ? " best" : "") + "\">" +
                 html_escape(format_quantity(v, r.unit, fo)) + "</td>";
        }
        s += "<td class=\"verdict\">" +
             html_escape(r.verdict.empty() ? auto_verdict(r, t.columns) : r.verdict) +
             "</td></tr>\n";
    }
    s += "</tbody>\n</table>\n";
    return s;
}

struct Counter {
    int table = 0;
    int figure = 0;
};

std::string figure_title(const Figure& f) {
    return std::visit([](const auto& x) { return x.title; }, f);
}

void html_section(const Section& sec, int level, const HtmlOptions& opt,
                  const std::vector<PlotResult>& plots, Counter& n,
                  std::vector<std::string>* warnings, std::string& out) {
    std::string h = "h" + std::to_string(std::min(level, 6));
    out += "<section id=\"" + slug(sec.heading) + "\">\n<" + h + ">" + html_escape(sec.heading) +
           "</" + h + ">\n";
    for (const auto& b : sec.blocks) {
        if (const auto* p = std::get_if<Paragraph>(&b)) {
            out += "<p>" + html_escape(p->text) + "</p>\n";
        } else if (const auto* kv = std::get_if<KeyValues>(&b)) {
            out += "<dl class=\"kv\">\n";
            for (const auto& [k, v] : kv->items)
                out += "<dt>" + html_escape(k) + "</dt><dd>" + html_escape(v) + "</dd>\n";
            out += "</dl>\n";
        } else if (const auto* t = std::get_if<TableBlock>(&b)) {
            out += html_table(t->table, ++n.table, opt.table);
        } else if (const auto* f = std::get_if<FigureBlock>(&b)) {
            int num = ++n.figure;
            out += "<figure id=\"fig-" + html_escape(f->name) + "\">\n";
            const PlotResult& r = plots.at(static_cast<std::size_t>(num - 1));
            if (r.ok) {
                out += inline_svg(r.svg, "f" + std::to_string(num) + "-", figure_title(f->figure));
            } else {
                out += "<div class=\"plot-missing\">Plot not rendered: " + html_escape(r.message) +
                       "</div>\n";
                if (warnings) warnings->push_back("figure '" + f->name + "': " + r.message);
            }
            out += "<figcaption><b>Figure " + std::to_string(num) + ":</b> " +
                   html_escape(f->caption) + "</figcaption>\n</figure>\n";
        } else if (const auto* pre = std::get_if<Preformatted>(&b)) {
            out += std::string("<pre") + (pre->is_error ? " class=\"error\"" : "") + ">" +
                   html_escape(pre->text) + "</pre>\n";
        }
    }
    for (const auto& sub : sec.subsections)
        html_section(sub, level + 1, opt, plots, n, warnings, out);
    out += "</section>\n";
}

void md_section(const Section& sec, int level, const std::string& dir,
                const TableWriteOptions& opt, Counter& n, std::string& out) {
    out += std::string(static_cast<std::size_t>(std::min(level, 6)), '#') + " " +
           md_text(sec.heading) + "\n\n";
    for (const auto& b : sec.blocks) {
        if (const auto* p = std::get_if<Paragraph>(&b)) {
            out += md_text(p->text) + "\n\n";
        } else if (const auto* kv = std::get_if<KeyValues>(&b)) {
            for (const auto& [k, v] : kv->items) out += "- **" + md_text(k) + ":** " + md_text(v) + "\n";
            out += "\n";
        } else if (const auto* t = std::get_if<TableBlock>(&b)) {
            Table copy = t->table;
            copy.title = "Table " + std::to_string(++n.table) + ": " + t->table.title;
            out += to_markdown(copy, opt) + "\n";
        } else if (const auto* f = std::get_if<FigureBlock>(&b)) {
            int num = ++n.figure;
            out += "![" + md_text(f->caption) + "](" + dir + "/" + f->name + ".png)\n\n";
            out += "*Figure " + std::to_string(num) + ": " + md_text(f->caption) + "*\n\n";
        } else if (const auto* pre = std::get_if<Preformatted>(&b)) {
            out += "```\n" + pre->text + (pre->text.empty() || pre->text.back() != '\n' ? "\n" : "") +
                   "```\n\n";
        }
    }
    for (const auto& sub : sec.subsections) md_section(sub, level + 1, dir, opt, n, out);
}

void collect(const Section& s, std::vector<const TableBlock*>& tables,
             std::vector<const FigureBlock*>& figures) {
    for (const auto& b : s.blocks) {
        if (const auto* t = std::get_if<TableBlock>(&b)) tables.push_back(t);
        if (const auto* f = std::get_if<FigureBlock>(&b)) figures.push_back(f);
    }
    for (const auto& sub : s.subsections) collect(sub, tables, figures);
}

void mkdirs(const std::string& dir) {
    std::string cur;
    for (std::size_t i = 0; i <= dir.size(); ++i) {
        if (i == dir.size() || dir[i] == '/') {
            if (!cur.empty() && ::mkdir(cur.c_str(), 0777) != 0 && errno != EEXIST)
                throw std::runtime_error(cur + ": cannot create directory: " + std::strerror(errno));
        }
        if (i < dir.size()) cur += dir[i];
    }
}

void figure_h5(H5Writer& w, const std::string& g, const Figure& fig, const std::string& caption) {
    w.create_group(g);
    w.set_attribute(g, "caption", caption);
    std::visit(
        [&](const auto& f) {
            using T = std::decay_t<decltype(f)>;
            w.set_attribute(g, "title", f.title);
            if constexpr (std::is_same_v<T, LinePlot>) {
                w.set_attribute(g, "kind", std::string_view("line"));
                for (std::size_t i = 0; i < f.series.size(); ++i) {
                    std::string sg = g + "/" + std::to_string(i) + "_" + h5_name(f.series[i].name);
                    w.write_dataset(sg + "/x", f.series[i].x, {}, f.x_unit);
                    w.write_dataset(sg + "/y", f.series[i].y, {}, f.y_unit);
                    w.set_attribute(sg, "name", f.series[i].name);
                    w.set_attribute(sg + "/x", "label", f.x_label);
                    w.set_attribute(sg + "/y", "label", f.y_label);
                }
                std::vector<double> refs;
                for (const auto& r : f.ref_lines) refs.push_back(r.value);
                if (!refs.empty()) w.write_dataset(g + "/ref_lines", refs, {}, f.y_unit);
            } else if constexpr (std::is_same_v<T, Histogram>) {
                w.set_attribute(g, "kind", std::string_view("histogram"));
                w.write_dataset(g + "/values", f.values, {}, f.x_unit);
                w.set_attribute(g + "/values", "label", f.x_label);
            } else {
                w.set_attribute(g, "kind", std::string_view("bar"));
                w.write_strings(g + "/categories", f.categories);
                for (std::size_t i = 0; i < f.groups.size(); ++i) {
                    std::string d = g + "/" + std::to_string(i) + "_" + h5_name(f.groups[i].name);
                    w.write_dataset(d, f.groups[i].values, {}, f.y_unit);
                    w.set_attribute(d, "name", f.groups[i].name);
                    w.set_attribute(d, "label", f.y_label);
                }
            }
        },
        fig);
}

}  // namespace

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

std::string html_with(const Document& doc, const HtmlOptions& opt,
                      const std::vector<PlotResult>& plots, std::vector<std::string>* warnings) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    // No network: forbid every external fetch (fonts, images, scripts).
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'; img-src data:\">\n";
    out += "<title>" + html_escape(doc.title) + "</title>\n<style>" + kCss + "</style>\n";
    out += "</head>\n<body>\n<main>\n<header class=\"doc\">\n<h1>" + html_escape(doc.title) +
           "</h1>\n";
    if (!doc.subtitle.empty()) out += "<p>" + html_escape(doc.subtitle) + "</p>\n";
    out += "</header>\n";
    if (doc.sections.size() > 1) {
        out += "<nav class=\"toc\"><b>Contents</b>\n<ul>\n";
        for (const auto& s : doc.sections)
            out += "<li><a href=\"#" + slug(s.heading) + "\">" + html_escape(s.heading) +
                   "</a></li>\n";
        out += "</ul>\n</nav>\n";
    }
    Counter n;
    for (const auto& s : doc.sections) html_section(s, 2, opt, plots, n, warnings, out);
    out += "<footer>Generated by RackLink. Numbers in SI with engineering prefixes; "
           "best values per row are highlighted.</footer>\n</main>\n</body>\n</html>\n";
    return out;
}

std::vector<const Figure*> figures_of(const Document& doc) {
    std::vector<const TableBlock*> tables;
    std::vector<const FigureBlock*> blocks;
    for (const auto& s : doc.sections) collect(s, tables, blocks);
    std::vector<const Figure*> figs;
    for (const auto* b : blocks) figs.push_back(&b->figure);
    return figs;
}

}  // namespace

std::string render_html(const Document& doc, const HtmlOptions& opt,
                        std::vector<std::string>* warnings) {
    return html_with(doc, opt, render_figures(figures_of(doc), {}, opt.plot), warnings);
}

std::string render_markdown(const Document& doc, const std::string& figure_dir,
                            const TableWriteOptions& opt) {
    std::string out = "# " + md_text(doc.title) + "\n\n";
    if (!doc.subtitle.empty()) out += md_text(doc.subtitle) + "\n\n";
    Counter n;
    for (const auto& s : doc.sections) md_section(s, 2, figure_dir, opt, n, out);
    return out;
}

ReportWriteResult write_report(const Document& doc, const std::string& dir,
                               const ReportWriteOptions& opt) {
    ReportWriteResult res;
    auto attempt = [&](const std::string& what, auto&& fn) {
        try {
            fn();
        } catch (const std::exception& e) {
            res.errors.push_back(what + ": " + e.what());
        }
    };
    attempt(dir, [&] { mkdirs(dir); });
    if (!res.ok()) return res;
    std::vector<const TableBlock*> tables;
    std::vector<const FigureBlock*> figures;
    for (const auto& s : doc.sections) collect(s, tables, figures);
    // File stems of the tables: the key, or table-N; made unique with a -N suffix.
    std::vector<std::string> stems;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const Table& t = tables[i]->table;
        std::string stem = t.key.empty() ? "table-" + std::to_string(i + 1) : h5_name(t.key);
        for (const auto& prev : stems)
            if (prev == stem) stem += "-" + std::to_string(i + 1);
        stems.push_back(stem);
    }

    // All figures at once, in parallel: SVG for the page and PNG files in one gnuplot run each.
    std::vector<std::string> pngs;
    if (opt.png && !figures.empty()) {
        attempt(dir + "/figures", [&] { mkdirs(dir + "/figures"); });
        for (const auto* f : figures) pngs.push_back(dir + "/figures/" + f->name + ".png");
    }
    std::vector<const Figure*> figs;
    for (const auto* f : figures) figs.push_back(&f->figure);
    std::vector<PlotResult> plots = render_figures(figs, pngs, opt.html.plot, opt.threads);
    for (std::size_t i = 0; i < pngs.size(); ++i)
        if (plots[i].ok) res.files.push_back(pngs[i]);
    attempt("report.html", [&] {
        std::string html = html_with(doc, opt.html, plots, &res.warnings);
        write_file_atomic(dir + "/report.html", html);
        res.files.push_back(dir + "/report.html");
    });
    attempt("report.md", [&] {
        write_file_atomic(dir + "/report.md", render_markdown(doc, "figures", opt.html.table));
        res.files.push_back(dir + "/report.md");
    });
    if (opt.csv && !tables.empty()) {
        attempt(dir + "/tables", [&] { mkdirs(dir + "/tables"); });
        for (std::size_t i = 0; i < tables.size(); ++i) {
            const Table& t = tables[i]->table;
            std::string p = dir + "/tables/" + stems[i] + ".csv";
            attempt(p, [&] {
                write_file_atomic(p, to_csv(t));
                res.files.push_back(p);
            });
        }
    }
    if (opt.hdf5) {
        attempt(dir + "/results.h5", [&] {
            H5Writer w(dir + "/results.h5", "racklink.report", 1);
            w.set_attribute("/", "title", doc.title);
            if (!opt.racklink_version.empty())
                w.set_attribute("/", "racklink_version", opt.racklink_version);
            for (std::size_t i = 0; i < tables.size(); ++i)
                write_table(w, "/tables/" + stems[i], tables[i]->table);
            for (const auto* f : figures) figure_h5(w, "/figures/" + h5_name(f->name), f->figure, f->caption);
            w.commit();
            res.files.push_back(dir + "/results.h5");
        });
    }
    return res;
}

}  // namespace racklink::reports
