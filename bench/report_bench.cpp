// Times a design-review report of the size `racklink report examples/*.rack` produces: the
// comparison table over three options and the eleven figure kinds of the issue (HTML with
// inline SVG, Markdown, PNG figures, CSV, HDF5). Analyses are replaced by closed-form
// stand-in data, so this measures the writers and gnuplot only.
// Usage: report_bench OUT_DIR [repeats]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "reports/cost.hpp"
#include "reports/document.hpp"

using namespace racklink::reports;

namespace {

Document build() {
    Document d;
    d.title = "Design review: NVL72 interconnect options";
    d.subtitle = "racklink report benchmark: stand-in data, 3 options";
    Table t;
    t.title = "Interconnect options for nvl72.rack";
    t.key = "compare";
    t.columns = {"copper", "backplane", "cpo"};
    t.add("lanes", "", {5184, 5184, 5184});
    t.add("cables", "", {5184, 0, 648}, Better::lower);
    t.add("total cable length", "m", {3210.0, 0.0, 2950.0}, Better::lower);
    t.add("cable mass", "kg", {146.0, 0.0, 12.0}, Better::lower);
    t.add("worst link-loss margin", "dB", {1.2, 3.4, 7.9}, Better::higher);
    t.add("worst reach margin", "m", {0.12, 0.31, 48.0}, Better::higher);
    t.add("interconnect power", "W", {8.2e3, 9.1e3, 14.5e3}, Better::lower);
    t.add("interconnect share of rack power", "%", {0.068, 0.075, 0.116}, Better::lower);
    t.add("rack power", "W", {120e3, 121e3, 126e3}, Better::lower);
    t.add("thermal density", "W/m^2", {2.1e5, 2.2e5, 2.6e5}, Better::lower);
    t.add("interconnect yield", "%", {0.991, 0.962, 0.941}, Better::higher);
    t.add("cost per good unit", "USD", {61e3, 88e3, 142e3}, Better::lower);
    t.add("MTBF", "h", {2.1e3 * 3600, 2.6e3 * 3600, 1.7e3 * 3600}, Better::higher);
    t.add("MTTR", "h", {4 * 3600.0, 8 * 3600.0, 2 * 3600.0}, Better::lower);
    t.add("availability", "%", {0.9981, 0.9969, 0.9988}, Better::higher);
    t.add("fleet events per month", "", {34.0, 28.0, 43.0}, Better::lower);
    double usd[3];
    double avail[3] = {0.9981, 0.9969, 0.9988};
    for (int i = 0; i < 3; ++i)
        usd[i] = cost_per_token({.annual_cost_usd = 3.3e6 + 0.1e6 * i,
                                 .throughput_tok_per_s = 25000.0,
                                 .availability = avail[i]})
                     .usd_per_million_tokens;
    t.add("cost per million tokens", "USD", {usd[0], usd[1], usd[2]}, Better::lower);

    auto freq = [] {
        std::vector<double> f;
        for (int i = 1; i <= 200; ++i) f.push_back(i * 0.3e9);
        return f;
    }();
    LinePlot il{"Insertion loss vs frequency per link class", "frequency", "Hz", "insertion loss",
                "dB"};
    const char* classes[] = {"tray-to-switch copper", "backplane", "cpo"};
    double k[] = {0.9, 0.55, 0.1};
    for (int c = 0; c < 3; ++c) {
        Series s{classes[c], freq, {}};
        for (double f : freq) s.y.push_back(k[c] * (3.0 * std::sqrt(f / 1e9) + 0.35 * f / 1e9));
        il.series.push_back(s);
    }
    il.ref_lines.push_back({28.0, "loss budget 28 dB"});
    LinePlot reach{"Reach vs data rate per medium", "lane rate", "bit/s", "reach", "m"};
    const char* media[] = {"26 AWG twinax", "30 AWG twinax", "Megtron 7 backplane"};
    double r0[] = {4.0, 2.5, 0.9};
    for (int m = 0; m < 3; ++m) {
        Series s{media[m], {}, {}, Series::Style::linespoints};
        for (double g : {56e9, 112e9, 224e9, 448e9}) {
            s.x.push_back(g);
            s.y.push_back(r0[m] * std::pow(56e9 / g, 0.75));
        }
        reach.series.push_back(s);
    }
    reach.log_x = true;
    Histogram margin{"Link-loss margin over all links", "margin", "dB"};
    for (int i = 0; i < 5184; ++i) margin.values.push_back(1.2 + 6.0 * std::fmod(i * 0.6180339887, 1.0));
    margin.marker = RefLine{0.0, "0 dB"};
    BarChart power{"Power and heat flux per tray", {}, {}, "power", "W"};
    BarChart::Group g1{"copper", {}}, g2{"cpo", {}};
    for (int i = 1; i <= 18; ++i) {
        power.categories.push_back("tray " + std::to_string(i));
        g1.values.push_back(6500 + 40 * (i % 5));
        g2.values.push_back(6900 + 40 * (i % 5));
    }
    power.groups = {g1, g2};
    power.ref_lines.push_back({7200, "tray limit 7.2 kW"});
    BarChart temps{"Coolant and junction temperatures", {"inlet", "outlet", "GPU Tj", "switch Tj"},
                   {{"copper", {318.15, 328.15, 358.15, 348.15}}, {"cpo", {318.15, 329.15, 361.15, 352.15}}},
                   "temperature", "degC"};
    LinePlot yield{"Yield vs layer count", "layers", "", "yield", "%"};
    Series ys{"backplane", {}, {}, Series::Style::linespoints};
    for (int l = 12; l <= 40; l += 2) {
        ys.x.push_back(l);
        ys.y.push_back(std::exp(-0.0025 * l * l / 4));
    }
    yield.series.push_back(ys);
    LinePlot avail_mttr{"Availability vs MTTR", "MTTR", "h", "availability", "%"};
    for (int c = 0; c < 3; ++c) {
        Series s{classes[c], {}, {}};
        double mtbf = (2.1e3 + 300 * c) * 3600;
        for (double h = 0.5; h <= 24; h += 0.5) {
            s.x.push_back(h * 3600);
            s.y.push_back(mtbf / (mtbf + h * 3600));
        }
        avail_mttr.series.push_back(s);
    }
    Histogram downtime{"Fleet downtime per rack-year (simulation)", "downtime", "h"};
    for (int i = 0; i < 1000; ++i) downtime.values.push_back(3600.0 * (8 + 20 * std::pow(std::fmod(i * 0.7548776662, 1.0), 2)));

    d.sections.push_back({"System summary",
                          {KeyValues{{{"systems", "1 (3 interconnect options)"},
                                      {"racks", "1"},
                                      {"GPUs", "72"},
                                      {"links", "5184 lanes"}}},
                           Paragraph{"Stand-in numbers for benchmarking the report writers."}},
                          {}});
    d.sections.push_back({"Comparison", {TableBlock{t}}, {}});
    d.sections.push_back(
        {"Signal integrity",
         {FigureBlock{"il_vs_f", il, "Insertion loss per link class against the 28 dB budget."},
          FigureBlock{"reach_vs_rate", reach, "Reach vs lane rate per medium."},
          FigureBlock{"margin_hist", margin, "Link-loss margin over all 5184 links."}},
         {}});
    d.sections.push_back(
        {"Power and thermal",
         {FigureBlock{"tray_power", power, "Power per tray against the tray limit."},
          FigureBlock{"temperatures", temps, "Coolant and junction temperatures."}},
         {}});
    d.sections.push_back(
        {"Yield and reliability",
         {FigureBlock{"yield_vs_layers", yield, "Backplane yield vs layer count."},
          FigureBlock{"avail_vs_mttr", avail_mttr, "Availability vs MTTR."},
          FigureBlock{"downtime_hist", downtime, "Fleet simulation: downtime per rack-year."}},
         {}});
    d.sections.push_back(
        {"Failed inputs",
         {Preformatted{"examples/bad.rack:3:7: error: unknown unit 'furlong' [HDL-0012]", true}},
         {}});
    return d;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: report_bench OUT_DIR [repeats]\n");
        return 2;
    }
    int repeats = argc > 2 ? std::atoi(argv[2]) : 1;
    Document d = build();
    double best = 1e9;
    for (int i = 0; i < repeats; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        ReportWriteResult r = write_report(d, argv[1]);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, s);
        for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
        for (const auto& e : r.errors) std::fprintf(stderr, "error: %s\n", e.c_str());
        if (!r.ok()) return 1;
        if (i == 0) std::printf("wrote %zu files to %s\n", r.files.size(), argv[1]);
    }
    std::printf("report (8 figures x SVG+PNG, table, md, csv, h5): best of %d: %.3f s\n", repeats,
                best);
    return 0;
}
