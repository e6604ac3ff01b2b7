#include "reports/plot.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <gnuplot-iostream.h>
#include <optional>
#include <stdexcept>
#include <thread>

#include "reports/atomic_file.hpp"
#include "reports/format.hpp"
#include "sigint/cpus.hpp"

#ifndef RACKLINK_GNUPLOT
#define RACKLINK_GNUPLOT "gnuplot"
#endif

namespace racklink::reports {

namespace {

// Colour cycle (Okabe & Ito, "Color Universal Design", 2008: distinguishable with colour-vision
// deficiencies).
constexpr const char* kColors[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                   "#E69F00", "#56B4E9", "#F0E442", "#000000"};
constexpr const char* kRefColor = "#C00000";

std::string quote(const std::string& s) {
    // gnuplot single-quoted string: only '' needs escaping.
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += '\'';
        if (c == '\n') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out + "'";
}

std::string dquote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string num(double v) {
    if (std::isnan(v)) return "NaN";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

std::string axis_label(const std::string& label, const AxisScale& s) {
    if (s.unit.empty() || s.unit == "1") return label;
    return label + " [" + s.unit + "]";
}

double max_abs(const std::vector<double>& v, double acc = 0.0) {
    for (double x : v)
        if (std::isfinite(x)) acc = std::max(acc, std::fabs(x));
    return acc;
}

double scaled(double v, const AxisScale& s) { return v * s.scale + s.offset; }

std::string header(const std::string& terminal, const std::string& out, const PlotOptions& o,
                   const std::string& title) {
    std::string s;
    char size[64];
    std::snprintf(size, sizeof size, "size %d,%d", o.width_px, o.height_px);
    if (terminal == "svg")
        s += std::string("set terminal svg ") + size + " noenhanced font " + quote(o.font) +
             " background '#ffffff'\n";
    else  // PNG: pngcairo (antialiased) when this gnuplot has it, else libgd png
        s += std::string("if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n  set terminal pngcairo ") +
             size + " noenhanced font " + quote(o.font) + " background '#ffffff'\n} else {\n" +
             "  set terminal png " + size + " noenhanced background '#ffffff'\n}\n";
    s += "set output " + quote(out) + "\n";
    s += "set encoding utf8\n";
    if (!title.empty()) s += "set title " + quote(title) + "\n";
    s += "set grid lc rgb '#dddddd'\nset border lc rgb '#444444'\n";
    s += "set key outside right top box lc rgb '#bbbbbb'\n";
    s += "set datafile missing 'NaN'\n";
    return s;
}

std::string ref_plot(const RefLine& r, const AxisScale& ys) {
    return num(scaled(r.value, ys)) + " with lines dt 2 lw 2 lc rgb '" + kRefColor + "' title " +
           quote(r.label.empty() ? "limit" : r.label);
}

std::string script_line(const LinePlot& p, const std::string& terminal, const std::string& out,
                        const PlotOptions& o) {
    double mx = 0, my = 0;
    for (const auto& s : p.series) {
        mx = max_abs(s.x, mx);
        my = max_abs(s.y, my);
    }
    for (const auto& r : p.ref_lines) my = std::max(my, std::fabs(r.value));
    AxisScale xs = axis_scale(mx, p.x_unit), ys = axis_scale(my, p.y_unit);
    std::string s = header(terminal, out, o, p.title);
    s += "set xlabel " + quote(axis_label(p.x_label, xs)) + "\n";
    s += "set ylabel " + quote(axis_label(p.y_label, ys)) + "\n";
    s += "set autoscale xfix\n";  // x range = data range, no padding to the next tic
    if (p.log_x) s += "set logscale x\n";
    if (p.log_y) s += "set logscale y\n";
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < p.series.size(); ++i) {
        const auto& se = p.series[i];
        const char* style = se.style == Series::Style::lines    ? "lines"
                            : se.style == Series::Style::points ? "points pt 7 ps 0.6"
                                                                : "linespoints pt 7 ps 0.6";
        parts.push_back(std::string("'-' using 1:2 with ") + style + " lw 2 lc rgb '" +
                        kColors[i % 8] + "' title " + quote(se.name));
    }
    for (const auto& r : p.ref_lines) parts.push_back(ref_plot(r, ys));
    if (parts.empty()) parts.push_back("NaN notitle");
    s += "plot ";
    for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? ", \\\n     " : "") + parts[i];
    s += "\n";
    for (const auto& se : p.series) {
        std::size_t n = std::min(se.x.size(), se.y.size());
        for (std::size_t k = 0; k < n; ++k)
            s += num(scaled(se.x[k], xs)) + " " + num(scaled(se.y[k], ys)) + "\n";
        s += "e\n";
    }
    return s;
}

std::string script_hist(const Histogram& h, const std::string& terminal, const std::string& out,
                        const PlotOptions& o) {
    std::vector<double> v;
    for (double x : h.values)
        if (std::isfinite(x)) v.push_back(x);
    AxisScale xs = axis_scale(max_abs(v, h.marker ? std::fabs(h.marker->value) : 0.0), h.x_unit);
    std::string s = header(terminal, out, o, h.title);
    s += "set xlabel " + quote(axis_label(h.x_label, xs)) + "\n";
    s += "set ylabel " + quote(h.y_label) + "\n";
    s += "set style fill solid 0.7 border lc rgb '#333333'\nset yrange [0:*]\n";
    std::vector<double> centers, counts;
    double width = 1.0;
    if (!v.empty()) {
        auto [lo_it, hi_it] = std::minmax_element(v.begin(), v.end());
        double lo = *lo_it, hi = *hi_it;
        int bins = h.bins > 0 ? h.bins
                              : static_cast<int>(std::ceil(std::log2(static_cast<double>(v.size())))) + 1;
        if (hi == lo) {
            hi = lo + 0.5;
            lo -= 0.5;
            bins = 1;
        }
        width = (hi - lo) / bins;
        counts.assign(static_cast<std::size_t>(bins), 0.0);
        for (double x : v) {
            int b = static_cast<int>((x - lo) / width);
            b = std::clamp(b, 0, bins - 1);  // the maximum falls in the last bin
            counts[static_cast<std::size_t>(b)] += 1.0;
        }
        for (int b = 0; b < bins; ++b) centers.push_back(lo + (b + 0.5) * width);
    }
    s += "set boxwidth " + num(width * xs.scale * 0.95) + " absolute\n";
    if (h.marker) {
        std::string x = num(scaled(h.marker->value, xs));
        s += "set arrow from " + x + ", graph 0 to " + x + ", graph 1 nohead dt 2 lw 2 lc rgb '" +
             kRefColor + "'\n";
        s += "set label " + quote(h.marker->label) + " at " + x +
             ", graph 0.95 offset 0.5,0 textcolor rgb '" + kRefColor + "'\n";
    }
    s += std::string("plot '-' using 1:2 with boxes lc rgb '") + kColors[0] + "' title " +
         quote(std::to_string(v.size()) + " values") + "\n";
    for (std::size_t b = 0; b < centers.size(); ++b)
        s += num(scaled(centers[b], xs)) + " " + num(counts[b]) + "\n";
    if (centers.empty()) s += "NaN NaN\n";
    s += "e\n";
    return s;
}

std::string script_bar(const BarChart& c, const std::string& terminal, const std::string& out,
                       const PlotOptions& o) {
    double my = 0;
    for (const auto& g : c.groups) my = max_abs(g.values, my);
    for (const auto& r : c.ref_lines) my = std::max(my, std::fabs(r.value));
    AxisScale ys = axis_scale(my, c.y_unit);
    std::string s = header(terminal, out, o, c.title);
    s += "set ylabel " + quote(axis_label(c.y_label, ys)) + "\n";
    s += "set style data histograms\nset style histogram clustered gap 1\n";
    s += "set style fill solid 0.8 border lc rgb '#333333'\nset yrange [0:*]\n";
    s += "set xtics rotate by -30 scale 0\n";
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < c.groups.size(); ++i)
        parts.push_back(std::string("'-' using 2") + (i == 0 ? ":xtic(1)" : "") + " lc rgb '" +
                        kColors[i % 8] + "' title " + quote(c.groups[i].name));
    for (const auto& r : c.ref_lines) parts.push_back(ref_plot(r, ys));
    if (parts.empty()) parts.push_back("NaN notitle");
    s += "plot ";
    for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? ", \\\n     " : "") + parts[i];
    s += "\n";
    for (const auto& g : c.groups) {
        for (std::size_t k = 0; k < c.categories.size(); ++k)
            s += dquote(c.categories[k]) + " " +
                 num(k < g.values.size() ? scaled(g.values[k], ys) : NAN) + "\n";
        s += "e\n";
    }
    return s;
}

std::string temp_file(const char* suffix) {
    std::string tmpl = "/tmp/racklink-plot-XXXXXX";
    tmpl += suffix;
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    int fd = ::mkstemps(buf.data(), static_cast<int>(std::string(suffix).size()));
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in /tmp");
    ::close(fd);
    return buf.data();
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

// Runs gnuplot on a script with gnuplot-iostream; its stderr goes to a file we read back.
// SIGPIPE is blocked in this thread while writing, so a gnuplot that dies early is an error
// message, not a killed process.
std::string run_gnuplot(const std::string& exe, const std::string& script) {
    std::string err_path = temp_file(".err");
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    try {
        // `|| true`: gnuplot-iostream prints "pclose returned error" on a nonzero exit; the
        // outcome is judged from the output file and gnuplot's messages instead.
        Gnuplot gp(shell_quote(exe) + " 2>" + shell_quote(err_path) + " || true");
        gp << script << "unset output\nexit\n";
        gp.flush();
    } catch (const std::exception& e) {
        std::remove(err_path.c_str());
        pthread_sigmask(SIG_SETMASK, &old, nullptr);
        return std::string("cannot run gnuplot: ") + e.what();
    }
    // Discard a SIGPIPE raised while blocked, then restore the mask.
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) {
        timespec zero{0, 0};
        sigtimedwait(&block, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    std::string err;
    try {
        err = read_file(err_path);
    } catch (const std::exception&) {
    }
    std::remove(err_path.c_str());
    return err;
}

std::string script_for(const Figure& fig, const std::string& terminal, const std::string& out,
                       const PlotOptions& o) {
    return std::visit(
        [&](const auto& f) -> std::string {
            using T = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<T, LinePlot>) return script_line(f, terminal, out, o);
            else if constexpr (std::is_same_v<T, Histogram>) return script_hist(f, terminal, out, o);
            else return script_bar(f, terminal, out, o);
        },
        fig);
}

std::string first_lines(const std::string& s, int n) {
    std::string out;
    std::size_t pos = 0;
    for (int i = 0; i < n && pos < s.size(); ++i) {
        std::size_t e = s.find('\n', pos);
        if (e == std::string::npos) e = s.size();
        std::string line = s.substr(pos, e - pos);
        if (!line.empty()) out += (out.empty() ? "" : " | ") + line;
        pos = e + 1;
    }
    return out;
}

long file_size(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    long size = 0;
    if (f) {
        std::fseek(f, 0, SEEK_END);
        size = std::ftell(f);
        std::fclose(f);
    }
    return size;
}

struct Target {
    std::string terminal;  // "svg" or "png"
    std::string path;
};

// Renders a figure to several terminals in one gnuplot process (`reset` between them).
PlotResult render_to(const Figure& fig, const std::vector<Target>& targets,
                     const PlotOptions& opt) {
    PlotResult r;
    std::string exe = gnuplot_executable(opt);
    if (!gnuplot_available(opt)) {
        r.message = "gnuplot not found or not executable at '" + exe +
                    "' (install gnuplot-nox); plots are skipped";
        return r;
    }
    std::string script;
    for (const auto& t : targets)
        script += gnuplot_script(fig, t.terminal, t.path, opt) + "unset output\nreset\n";
    std::string err = run_gnuplot(exe, script);
    bool failed = false;
    for (const auto& t : targets) failed = failed || file_size(t.path) <= 0;
    // gnuplot reports problems as `"-" line N: message`; warnings say "warning".
    std::size_t pos = 0;
    while (pos < err.size()) {
        std::size_t e = err.find('\n', pos);
        if (e == std::string::npos) e = err.size();
        std::string line = err.substr(pos, e - pos);
        if ((line.find(" line ") != std::string::npos || line.find("rror") != std::string::npos) &&
            line.find("arning") == std::string::npos)
            failed = true;
        pos = e + 1;
    }
    if (failed) {
        r.message = "gnuplot failed: " + (err.empty() ? std::string("no output") : first_lines(err, 4));
        return r;
    }
    r.ok = true;
    return r;
}

}  // namespace

std::string gnuplot_executable(const PlotOptions& opt) {
    return opt.gnuplot.empty() ? std::string(RACKLINK_GNUPLOT) : opt.gnuplot;
}

bool gnuplot_available(const PlotOptions& opt) {
    std::string exe = gnuplot_executable(opt);
    return !exe.empty() && exe.find('/') != std::string::npos && ::access(exe.c_str(), X_OK) == 0;
}

std::string gnuplot_script(const Figure& fig, const std::string& terminal,
                           const std::string& output_path, const PlotOptions& opt) {
    return script_for(fig, terminal, output_path, opt);
}

PlotResult render_figure(const Figure& fig, const std::string& png_path, const PlotOptions& opt) {
    PlotResult r;
    if (!gnuplot_available(opt)) return render_to(fig, {}, opt);  // the error message
    std::string svg_path;
    try {
        svg_path = temp_file(".svg");
        std::optional<AtomicFile> png;
        std::vector<Target> targets{{"svg", svg_path}};
        if (!png_path.empty()) {
            png.emplace(png_path);
            targets.push_back({"png", png->temp_path()});
        }
        r = render_to(fig, targets, opt);
        if (r.ok) {
            r.svg = read_file(svg_path);
            if (png) png->commit();
        }
    } catch (const std::exception& e) {
        r.ok = false;
        r.message = e.what();
    }
    if (!svg_path.empty()) std::remove(svg_path.c_str());
    return r;
}

PlotResult render_svg(const Figure& fig, const PlotOptions& opt) {
    return render_figure(fig, "", opt);
}

PlotResult write_png(const Figure& fig, const std::string& path, const PlotOptions& opt) {
    PlotResult r;
    if (!gnuplot_available(opt)) return render_to(fig, {}, opt);  // the error message
    try {
        AtomicFile f(path);
        r = render_to(fig, {{"png", f.temp_path()}}, opt);
        if (r.ok) f.commit();
    } catch (const std::exception& e) {
        r.ok = false;
        r.message = e.what();
    }
    return r;
}

std::vector<PlotResult> render_figures(const std::vector<const Figure*>& figs,
                                       const std::vector<std::string>& png_paths,
                                       const PlotOptions& opt, unsigned threads) {
    std::vector<PlotResult> out(figs.size());
    if (threads == 0) threads = sigint::available_cpus();
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, figs.size()));
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next.fetch_add(1); i < figs.size(); i = next.fetch_add(1))
            out[i] = render_figure(*figs[i], i < png_paths.size() ? png_paths[i] : "", opt);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    return out;
}

std::string inline_svg(const std::string& svg, const std::string& id_prefix,
                       const std::string& title) {
    std::string s = svg;
    // Drop the XML declaration (not allowed inside HTML).
    if (s.rfind("<?xml", 0) == 0) s.erase(0, s.find("?>") + 2);
    auto replace_all = [&](const std::string& from, const std::string& to) {
        std::size_t pos = 0;
        while ((pos = s.find(from, pos)) != std::string::npos) {
            s.replace(pos, from.size(), to);
            pos += to.size();
        }
    };
    replace_all("id='", "id='" + id_prefix);
    replace_all("id=\"", "id=\"" + id_prefix);
    replace_all("href='#", "href='#" + id_prefix);
    replace_all("href=\"#", "href=\"#" + id_prefix);
    replace_all("url(#", "url(#" + id_prefix);
    std::string esc;
    for (char c : title) {
        if (c == '<') esc += "&lt;";
        else if (c == '>') esc += "&gt;";
        else if (c == '&') esc += "&amp;";
        else esc += c;
    }
    replace_all("<title>Gnuplot</title>", "<title>" + esc + "</title>");
    // Let the page scale it: replace the fixed width/height of the root element.
    std::size_t root = s.find("<svg");
    if (root != std::string::npos) {
        std::size_t end = s.find('>', root);
        std::string head = s.substr(root, end - root);
        std::size_t w = head.find(" width=\"");
        if (w != std::string::npos) {
            std::size_t q = head.find('"', w + 8);
            head.replace(w, q + 1 - w, " width=\"100%\"");
        }
        std::size_t h = head.find(" height=\"");
        if (h != std::string::npos) {
            std::size_t q = head.find('"', h + 9);
            head.erase(h, q + 1 - h);
        }
        s.replace(root, end - root, head + " role=\"img\"");
    }
    while (!s.empty() && (s.front() == '\n' || s.front() == ' ')) s.erase(0, 1);
    return s;
}

}  // namespace racklink::reports
