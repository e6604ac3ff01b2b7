#include <catch2/catch.hpp>

#include <dirent.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "golden.hpp"
#include "reports/atomic_file.hpp"
#include "reports/document.hpp"
#include "reports/hdf5_writer.hpp"

using namespace racklink::reports;

namespace {

Document sample() {
    Document d;
    d.title = "Design review: nvl72 & nvl576";
    d.subtitle = "racklink test — 2 systems";
    Table t;
    t.title = "Interconnect options";
    t.key = "compare";
    t.columns = {"copper", "cpo"};
    t.add("interconnect power", "W", {8200.0, 14500.0}, Better::lower);
    t.add("worst margin", "dB", {1.2, 7.9}, Better::higher);
    LinePlot lp;
    lp.title = "Insertion loss";
    lp.x_label = "frequency";
    lp.x_unit = "Hz";
    lp.y_label = "insertion loss";
    lp.y_unit = "dB";
    lp.series.push_back({"copper", {1e9, 26e9, 53e9}, {2, 18, 31}});
    lp.ref_lines.push_back({28, "budget"});
    Histogram h;
    h.title = "Margin over all links";
    h.x_label = "margin";
    h.x_unit = "dB";
    h.values = {0.5, 1.0, 1.2, 3.0, 4.5, 7.9};
    Section summary{"System summary", {KeyValues{{{"racks", "2"}, {"GPUs", "144"}}},
                                       Paragraph{"Two <racks> compared."}},
                    {}};
    Section cmp{"Comparison", {TableBlock{t}}, {}};
    Section plots{"Signal integrity",
                  {FigureBlock{"il_vs_f", lp, "Insertion loss vs frequency against the budget."},
                   FigureBlock{"margin_hist", h, "Histogram of link-loss margin."}},
                  {}};
    Section bad{"Failed inputs", {Preformatted{"bad.rack:3:7: error: unknown unit", true}}, {}};
    d.sections = {summary, cmp, plots, bad};
    return d;
}

std::string temp_dir() {
    char tmpl[] = "/tmp/racklink-report-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    return tmpl;
}

}  // namespace

TEST_CASE("the Markdown report matches the golden file", "[report]") {
    check_golden("report_sample.md", render_markdown(sample()));
}

TEST_CASE("the HTML page is self-contained, escaped and numbers its tables and figures",
          "[report]") {
    std::vector<std::string> warnings;
    std::string html = render_html(sample(), {}, &warnings);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("<title>Design review: nvl72 &amp; nvl576</title>") != std::string::npos);
    CHECK(html.find("<p>Two &lt;racks&gt; compared.</p>") != std::string::npos);
    CHECK(html.find("<caption>Table 1: Interconnect options</caption>") != std::string::npos);
    CHECK(html.find("<td class=\"num best\">8.20 kW</td>") != std::string::npos);
    CHECK(html.find("<b>Figure 2:</b> Histogram of link-loss margin.") != std::string::npos);
    CHECK(html.find("<pre class=\"error\">bad.rack:3:7: error: unknown unit</pre>") !=
          std::string::npos);
    // Nothing is fetched: no scripts, links, external sources.
    for (const char* s : {"<script", "<link", " src=", "url(http", "@import"})
        CHECK(html.find(s) == std::string::npos);
    if (gnuplot_available()) {
        CHECK(warnings.empty());
        CHECK(html.find("<svg") != std::string::npos);
        CHECK(html.find("id='f2-gpDot'") != std::string::npos);  // per-figure id prefix
    }
    CHECK(render_html(sample()) == html);  // deterministic
}

TEST_CASE("a figure that cannot be plotted becomes a notice and a warning", "[report]") {
    std::vector<std::string> warnings;
    HtmlOptions o;
    o.plot.gnuplot = "/nonexistent/gnuplot";
    std::string html = render_html(sample(), o, &warnings);
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0].rfind("figure 'il_vs_f': gnuplot not found", 0) == 0);
    CHECK(html.find("<div class=\"plot-missing\">Plot not rendered: gnuplot not found") !=
          std::string::npos);
}

TEST_CASE("write_report writes every output, byte-identical on rerun", "[report]") {
    std::string dir = temp_dir() + "/out/nested";
    ReportWriteOptions opt;
    opt.racklink_version = "test";
    ReportWriteResult a = write_report(sample(), dir, opt);
    INFO(a.errors.size());
    REQUIRE(a.ok());
    std::string md = read_file(dir + "/report.md"), html = read_file(dir + "/report.html");
    std::string csv = read_file(dir + "/tables/compare.csv");
    CHECK(csv.rfind("figure,unit,copper,cpo,better,best,verdict\r\n", 0) == 0);
    ReportWriteResult b = write_report(sample(), dir, opt);
    REQUIRE(b.ok());
    CHECK(read_file(dir + "/report.md") == md);
    CHECK(read_file(dir + "/report.html") == html);
    H5Reader h(dir + "/results.h5");
    CHECK(h.string_attribute("/", "schema") == "racklink.report");
    CHECK(h.read_doubles("/tables/compare/0_interconnect_power") == std::vector<double>{8200, 14500});
    CHECK(h.read_doubles("/figures/il_vs_f/0_copper/x") == std::vector<double>{1e9, 26e9, 53e9});
    CHECK(h.string_attribute("/figures/il_vs_f/0_copper/x", "units") == "Hz");
    CHECK(h.read_doubles("/figures/il_vs_f/ref_lines") == std::vector<double>{28});
    CHECK(h.read_doubles("/figures/margin_hist/values").size() == 6);
    if (gnuplot_available()) {
        CHECK(read_file(dir + "/figures/il_vs_f.png").substr(1, 3) == "PNG");
        CHECK(a.warnings.empty());
    }
    std::string cmd = "rm -rf '" + dir.substr(0, dir.find("/out/nested")) + "'";
    CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("an unwritable report directory is an error, not a crash", "[report]") {
    ReportWriteResult r = write_report(sample(), "/proc/racklink-cannot-write");
    CHECK_FALSE(r.ok());
    CHECK(r.errors[0].find("/proc/racklink-cannot-write") != std::string::npos);
}
