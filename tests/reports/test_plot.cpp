#include <catch2/catch.hpp>

#include <dirent.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "reports/atomic_file.hpp"
#include "reports/plot.hpp"

using namespace racklink::reports;

namespace {

LinePlot loss_plot() {
    LinePlot p;
    p.title = "Insertion loss vs frequency";
    p.x_label = "frequency";
    p.x_unit = "Hz";
    p.y_label = "insertion loss";
    p.y_unit = "dB";
    p.series.push_back({"copper 1.5 m", {1e9, 26.5625e9, 53.125e9}, {2.0, 18.0, 31.0}});
    p.series.push_back({"backplane", {1e9, 26.5625e9, 53.125e9}, {1.0, 9.0, 16.5},
                        Series::Style::linespoints});
    p.ref_lines.push_back({28.0, "budget 28 dB"});
    return p;
}

// The data lines of the first inline block ('-' ... e) after `plot`.
std::vector<std::string> first_block(const std::string& script) {
    std::vector<std::string> out;
    std::vector<std::string> lines;
    std::size_t s = 0;
    while (s < script.size()) {
        std::size_t e = script.find('\n', s);
        lines.push_back(script.substr(s, e - s));
        s = e + 1;
    }
    bool in_plot = false, data = false;
    for (const auto& l : lines) {
        if (l.rfind("plot ", 0) == 0) in_plot = true;
        if (in_plot && !data) {
            if (l.empty() || l.back() != '\\') data = true;
            continue;
        }
        if (data) {
            if (l == "e") break;
            out.push_back(l);
        }
    }
    return out;
}

bool exists(const std::string& p) { return ::access(p.c_str(), F_OK) == 0; }

}  // namespace

TEST_CASE("line plot scripts scale axes to engineering units and draw the budget line",
          "[plot]") {
    std::string s = gnuplot_script(loss_plot(), "svg", "/tmp/x.svg");
    CHECK(s.find("set terminal svg size 800,480 noenhanced") != std::string::npos);
    CHECK(s.find("set output '/tmp/x.svg'") != std::string::npos);
    CHECK(s.find("set xlabel 'frequency [GHz]'") != std::string::npos);
    CHECK(s.find("set ylabel 'insertion loss [dB]'") != std::string::npos);
    CHECK(s.find("28 with lines dt 2 lw 2 lc rgb '#C00000' title 'budget 28 dB'") !=
          std::string::npos);
    auto data = first_block(s);
    REQUIRE(data.size() == 3);
    CHECK(data[1] == "26.5625 18");  // 26.5625e9 Hz on a GHz axis
    CHECK(gnuplot_script(loss_plot(), "svg", "/tmp/x.svg") == s);  // deterministic
}

TEST_CASE("histograms bin deterministically with the maximum in the last bin", "[plot]") {
    Histogram h;
    h.title = "margin";
    h.x_label = "link-loss margin";
    h.x_unit = "dB";
    h.values = {0.0, 0.5, 1.0, 1.5, 2.0, 3.9, 4.0, NAN};
    h.bins = 4;
    h.marker = RefLine{0.0, "0 dB"};
    auto data = first_block(gnuplot_script(h, "svg", "/tmp/h.svg"));
    REQUIRE(data.size() == 4);
    CHECK(data[0] == "0.5 2");  // [0, 1): 0, 0.5
    CHECK(data[1] == "1.5 2");  // [1, 2): 1, 1.5
    CHECK(data[2] == "2.5 1");  // [2, 3): 2
    CHECK(data[3] == "3.5 2");  // [3, 4]: 3.9, 4
    // Sturges: 7 finite values -> ceil(log2 7) + 1 = 4 bins.
    h.bins = 0;
    CHECK(first_block(gnuplot_script(h, "svg", "/tmp/h.svg")).size() == 4);
}

TEST_CASE("bar charts label categories and quote names", "[plot]") {
    BarChart c;
    c.title = "power per tray";
    c.categories = {"tray \"1\"", "tray 2"};
    c.groups = {{"copper", {1200.0, 1500.0}}, {"cpo", {1400.0, 1700.0}}};
    c.y_label = "power";
    c.y_unit = "W";
    std::string s = gnuplot_script(c, "svg", "/tmp/b.svg");
    CHECK(s.find("set ylabel 'power [kW]'") != std::string::npos);
    CHECK(s.find("'-' using 2:xtic(1) lc rgb '#0072B2' title 'copper'") != std::string::npos);
    CHECK(first_block(s) == std::vector<std::string>{"\"tray \\\"1\\\"\" 1.2", "\"tray 2\" 1.5"});
}

TEST_CASE("a missing or failing gnuplot is a clear error, not a crash", "[plot]") {
    PlotResult r = render_svg(loss_plot(), {.gnuplot = "/nonexistent/gnuplot"});
    CHECK_FALSE(r.ok);
    CHECK(r.message ==
          "gnuplot not found or not executable at '/nonexistent/gnuplot' (install gnuplot-nox); "
          "plots are skipped");
    // /bin/false exits at once: the pipe breaks and no output appears.
    PlotResult f = render_svg(loss_plot(), {.gnuplot = "/bin/false"});
    CHECK_FALSE(f.ok);
    CHECK(f.message == "gnuplot failed: no output");
    std::string png = "/tmp/racklink-plot-test-" + std::to_string(::getpid()) + ".png";
    CHECK_FALSE(write_png(loss_plot(), png, {.gnuplot = "/bin/false"}).ok);
    CHECK_FALSE(exists(png));
}

TEST_CASE("gnuplot renders deterministic SVG and PNG files", "[plot][gnuplot]") {
    if (!gnuplot_available()) {
        WARN("gnuplot not available at " << gnuplot_executable() << "; skipped");
        return;
    }
    PlotResult a = render_svg(loss_plot());
    INFO(a.message);
    REQUIRE(a.ok);
    CHECK(a.svg.find("<svg") != std::string::npos);
    CHECK(a.svg.find("frequency [GHz]") != std::string::npos);
    CHECK(a.svg.find("budget 28 dB") != std::string::npos);
    CHECK(render_svg(loss_plot()).svg == a.svg);
    std::string in = inline_svg(a.svg, "f1-", "Loss <IL>");
    CHECK(in.rfind("<svg", 0) == 0);
    CHECK(in.find("id='gpPt0'") == std::string::npos);
    CHECK(in.find("id='f1-gpPt0'") != std::string::npos);
    CHECK(in.find("<title>Loss &lt;IL&gt;</title>") != std::string::npos);
    CHECK(in.find("width=\"100%\"") != std::string::npos);

    std::string png = "/tmp/racklink-plot-test-" + std::to_string(::getpid()) + ".png";
    PlotResult p = write_png(loss_plot(), png);
    INFO(p.message);
    REQUIRE(p.ok);
    std::string bytes = read_file(png);
    REQUIRE(bytes.size() > 1000);
    CHECK(bytes.substr(1, 3) == "PNG");
    std::remove(png.c_str());

    // A gnuplot error (bad data) is reported with gnuplot's message.
    LinePlot bad = loss_plot();
    bad.log_y = true;
    bad.series[0].y = {-1.0, -2.0, -3.0};
    bad.series.resize(1);
    bad.ref_lines.clear();
    PlotResult e = render_svg(bad);
    CHECK_FALSE(e.ok);
    CHECK(e.message.rfind("gnuplot failed: ", 0) == 0);
}
