// COM configuration: parsing of the plain-text format, built-in presets, resolution into
// ComParams with the defaults of the IEEE 802.3 COM reference code (read_ParamConfigFile and
// parameter_size_adjustment of com_ieee8023_93a, v4.20).
#include "sigint/com_config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "com_detail.hpp"
#include "com_iln.hpp"
#include "sigint/com.hpp"
#include "sigint/com_erl.hpp"

namespace racklink::sigint {

namespace com_detail {

std::string num_text(double x) {
    std::ostringstream os;
    os << x;
    return os.str();
}

std::string at_channel_file(const std::string& what, const std::vector<std::string>& files) {
    for (const auto& f : files)
        if (!f.empty() && what.compare(0, f.size() + 1, f + ":") == 0) return what;
    return files.empty() || files.front().empty() ? what : files.front() + ": " + what;
}

}  // namespace com_detail

using com_detail::num_text;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

// A literal or name as quoted in a message: at most 60 bytes (then "..."), control bytes as \xNN,
// so that a very long or binary line gives a readable one-line error.
std::string shown(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < 60; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            static const char* const kHex = "0123456789abcdef";
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (s.size() > 60) out += "...";
    return out;
}

bool parse_number(const std::string& tok, double& out) {
    if (tok.empty()) return false;
    const char* begin = tok.c_str();
    char* end = nullptr;
    out = std::strtod(begin, &end);
    if (end != begin + tok.size()) {
        std::string l = lower(tok);
        if (l == "inf" || l == "+inf") { out = INFINITY; return true; }
        if (l == "-inf") { out = -INFINITY; return true; }
        return false;
    }
    return true;
}

// MATLAB colon a:s:b. Element count and values follow MATLAB's rule (n = floor((b-a)/s) + 1
// with a relative tolerance); values near zero relative to the step are snapped to 0 so that
// "is this tap list exactly 0" tests behave as in the reference. A range with a NaN or infinite
// part, or with more than `budget` elements, sets `err` (and returns true: it is a range).
bool parse_range(const std::string& tok, std::vector<double>& out, std::size_t budget, std::string& err) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= tok.size(); ++i) {
        if (i == tok.size() || tok[i] == ':') {
            parts.push_back(trim(std::string_view(tok).substr(start, i - start)));
            start = i + 1;
        }
    }
    if (parts.size() != 2 && parts.size() != 3) return false;
    double a = 0, s = 1, b = 0;
    if (!parse_number(parts[0], a)) return false;
    if (parts.size() == 2) {
        if (!parse_number(parts[1], b)) return false;
    } else {
        if (!parse_number(parts[1], s) || !parse_number(parts[2], b)) return false;
    }
    out.clear();
    if (!std::isfinite(a) || !std::isfinite(s) || !std::isfinite(b)) {
        err = "range `" + shown(tok) + "` needs a finite start, step and end";
        return true;
    }
    if (s == 0 || (s > 0 && a > b) || (s < 0 && a < b)) return true;
    const double q = (b - a) / s;
    const double count = std::floor(q + 1e-10 * std::max(1.0, std::fabs(q))) + 1;
    if (!(count <= static_cast<double>(budget))) {  // also an overflowing (b - a) / s
        err = "range `" + shown(tok) + "` gives " + num_text(count) + " numbers; a value may hold at most " +
              std::to_string(kComMaxValueNumbers);
        return true;
    }
    const long n = static_cast<long>(count);
    for (long k = 0; k < n; ++k) {
        // MATLAB computes the second half from the end point to keep the end exact.
        double v = (k < n / 2) ? a + static_cast<double>(k) * s
                               : a + static_cast<double>(n - 1) * s -
                                     static_cast<double>(n - 1 - k) * s;
        if (k == n - 1 && std::fabs(a + static_cast<double>(n - 1) * s - b) <
                              1e-10 * std::fabs(s))
            v = b;
        if (std::fabs(v) < 1e-12 * std::fabs(s)) v = 0.0;
        out.push_back(v);
    }
    return true;
}

// Parses a value literal. Returns false when it is not numeric (then it is text); sets `err` for a
// numeric literal that is refused (a range with a non-finite part or too many numbers).
bool parse_numeric(const std::string& lit, std::vector<std::vector<double>>& rows, std::string& err) {
    rows.clear();
    std::size_t numbers = 0;
    std::string body = trim(lit);
    bool bracket = !body.empty() && body.front() == '[';
    if (bracket) {
        if (body.back() != ']') return false;
        body = body.substr(1, body.size() - 2);
    }
    std::vector<std::string> row_texts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i == body.size() || body[i] == ';') {
            row_texts.push_back(body.substr(start, i - start));
            start = i + 1;
        }
    }
    for (const auto& rt : row_texts) {
        std::string r = rt;
        std::replace(r.begin(), r.end(), ',', ' ');
        std::istringstream is(r);
        std::vector<double> row;
        std::string tok;
        while (is >> tok) {
            double v = 0;
            if (parse_number(tok, v)) {
                row.push_back(v);
                ++numbers;
            } else {
                std::vector<double> rg;
                if (!parse_range(tok, rg, kComMaxValueNumbers - std::min(numbers, kComMaxValueNumbers), err))
                    return false;
                if (!err.empty()) return true;
                row.insert(row.end(), rg.begin(), rg.end());
                numbers += rg.size();
            }
            if (numbers > kComMaxValueNumbers) {
                err = "has more than " + std::to_string(kComMaxValueNumbers) + " numbers";
                return true;
            }
        }
        if (row.empty() && row_texts.size() == 1) break;
        if (row.empty()) return false;
        if (!rows.empty() && rows.front().size() != row.size()) return false;
        rows.push_back(std::move(row));
    }
    if (!bracket && rows.empty()) return false;
    return true;
}

}  // namespace

std::size_t ComValue::numel() const {
    return rows.empty() ? 0 : rows.size() * rows.front().size();
}

std::vector<double> ComValue::linear() const {
    std::vector<double> out;
    if (rows.empty()) return out;
    for (std::size_t c = 0; c < rows.front().size(); ++c)
        for (const auto& r : rows) out.push_back(r[c]);
    return out;
}

std::vector<double> ComValue::row_major() const {
    std::vector<double> out;
    for (const auto& r : rows) out.insert(out.end(), r.begin(), r.end());
    return out;
}

bool ComConfig::has(std::string_view name) const { return find(name) != nullptr; }

const ComValue* ComConfig::find(std::string_view name) const {
    std::string key = lower(std::string(name));
    auto it = values.find(key);
    if (reads) reads->insert(std::move(key));
    return it == values.end() ? nullptr : &it->second;
}

std::vector<std::string> com_unused_warnings(const ComConfig& cfg) {
    std::vector<std::string> out;
    for (const auto& name : com_unused_parameters(cfg)) {
        const ComValue* v = cfg.find(name);
        out.push_back(cfg.source + (v && v->line > 0 ? ":" + std::to_string(v->line) : std::string()) +
                      ": warning: `" + shown(name) + "` is not read by RackLink's COM/ERL with these settings (ignored)");
    }
    return out;
}

std::vector<std::string> com_unused_parameters(const ComConfig& cfg) {
    std::set<std::string> reads;
    ComConfig probe = cfg;
    probe.reads = &reads;
    try {
        (void)resolve_com_params(probe);
    } catch (const std::exception&) {  // reported by the caller's own resolve
    }
    try {
        (void)resolve_com_erl_params(probe);
    } catch (const std::exception&) {
    }
    // Display, plot and file-output switches of the reference's spreadsheets (read_ParamConfigFile
    // OP.* entries that only steer figures, waitbars, CSV/MAT files and the command window).
    static const std::set<std::string> kNoEffect = {
        "diagnostics", "display_window", "csv_report", "save_td", "save_figures", "save_figure_to_csv",
        "display frequency domain", "result_dir", "bread_crumbs", "bread_crumbs_fields", "com_contribution",
        "runtag", "save_config2mat", "plot_cm", "save_keyword_file", "time_axis", "exit if deployed", "pkg_name",
        // the receiver calibration's loop step and BBN PDF truncation: read with RX_CALIBRATION = 1,
        // without it they have no effect (the presets list the step at its default)
        "bbn q factor", "force bbn q factor", "sigma bbn step",
        // TDR = 1 asks the reference for the TDR impedance, which RackLink reports with ERL
        "tdr",
        // read by the reference and then overwritten by N_f
        "n_bmax",
        // commented out in the reference (misspelt duplicates of names RackLink reads)
        "impulse response truncatio threshold", "include pcb (table 92-13)"};
    std::vector<std::pair<int, std::string>> out;
    for (const auto& [key, value] : cfg.values)
        if (!reads.count(key) && !kNoEffect.count(key)) {
            const auto sp = cfg.spelled.find(key);
            out.emplace_back(value.line, sp == cfg.spelled.end() ? key : sp->second);
        }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> names;
    for (auto& [line, name] : out) names.push_back(std::move(name));
    return names;
}

void ComConfig::set(const std::string& name, const std::string& literal) {
    ComValue v;
    v.text = trim(literal);
    std::string err;
    v.is_numeric = parse_numeric(v.text, v.rows, err);
    if (!err.empty())
        throw std::invalid_argument(source + ": parameter `" + shown(trim(name)) + "` (override) " + err);
    if (!v.is_numeric) v.rows.clear();
    const std::string key = lower(trim(name));
    values[key] = v;
    spelled[key] = trim(name);
}

std::string ComConfig::to_text() const {
    std::ostringstream os;
    for (const auto& [k, v] : values) {
        auto it = spelled.find(k);
        os << (it == spelled.end() ? k : it->second) << " = " << v.text << "\n";
    }
    return os.str();
}

ComConfig parse_com_config(std::string_view text, const std::string& source) {
    ComConfig cfg;
    cfg.source = source;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string line(text.substr(pos, nl - pos));
        pos = nl + 1;
        ++line_no;
        auto hash = line.find('#');
        if (hash != std::string::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) {
            if (nl == text.size()) break;
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string::npos || trim(line.substr(0, eq)).empty())
            throw std::invalid_argument(source + ":" + std::to_string(line_no) +
                                        ": expected `name = value`, got `" + shown(line) + "`");
        const std::string name = trim(line.substr(0, eq));
        const std::string key = lower(name);
        if (cfg.values.count(key))
            throw std::invalid_argument(source + ":" + std::to_string(line_no) +
                                        ": parameter `" + shown(name) + "` given twice");
        ComValue v;
        v.text = trim(line.substr(eq + 1));
        v.line = line_no;
        const bool looks_numeric =
            !v.text.empty() && (v.text.front() == '[' || std::isdigit(static_cast<unsigned char>(v.text.front())) ||
                                v.text.front() == '-' || v.text.front() == '+' || v.text.front() == '.');
        std::string err;
        v.is_numeric = parse_numeric(v.text, v.rows, err);
        if (!err.empty())
            throw std::invalid_argument(source + ":" + std::to_string(line_no) + ": parameter `" + shown(name) +
                                        "` " + err);
        if (!v.is_numeric) {
            v.rows.clear();
            if (looks_numeric && v.text.front() == '[')
                throw std::invalid_argument(source + ":" + std::to_string(line_no) +
                                            ": malformed matrix for `" + shown(name) + "`: " + shown(v.text));
        }
        cfg.values[key] = v;
        cfg.spelled[key] = name;
        if (nl == text.size()) break;
    }
    return cfg;
}

ComConfig load_com_config(const std::string& path_or_preset) {
    std::string name = path_or_preset;
    bool preset = false;
    if (name.rfind("preset:", 0) == 0) {
        name = name.substr(7);
        preset = true;
    }
    if (!preset) {
        std::ifstream in(name, std::ios::binary);
        if (in) {
            std::ostringstream ss;
            ss << in.rdbuf();
            return parse_com_config(ss.str(), name);
        }
        const auto names = com_preset_names();
        if (std::find(names.begin(), names.end(), name) == names.end())
            throw std::invalid_argument(name + ": cannot open COM configuration file (and it is "
                                               "not a preset name)");
    }
    return parse_com_config(com_preset_text(name), "preset:" + name);
}

// ---------------------------------------------------------------------------------------
// Resolution (read_ParamConfigFile + parameter_size_adjustment of the reference).

namespace {

}  // namespace

namespace com_detail {

static std::string where_of(const ComConfig& cfg, const ComValue& v) {
    return cfg.source + (v.line > 0 ? ":" + std::to_string(v.line) : std::string());
}

void ConfigReader::fail(const std::string& name, const std::string& what) const {
    const ComValue* v = cfg.find(name);
    throw std::invalid_argument((v ? where_of(cfg, *v) : cfg.source) + ": parameter `" + name + "` " + what);
}

// NaN and infinite numbers have no meaning in any entry (the reference spreadsheets hold none).
static void check_finite(const ConfigReader& rd, const std::string& name, const ComValue& v) {
    for (const auto& row : v.rows)
        for (double x : row)
            if (!std::isfinite(x)) rd.fail(name, "must be finite, got `" + shown(v.text) + "`");
}

const ComValue* ConfigReader::num(const std::string& name) const {
    const ComValue* v = cfg.find(name);
    if (v && !v->is_numeric && lower(v->text) != "true" && lower(v->text) != "false")
        fail(name, "must be numeric, got `" + shown(v->text) + "`");
    if (v) check_finite(*this, name, *v);
    return v;
}

std::vector<double> ConfigReader::vec(const std::string& name, std::vector<double> def, bool required) const {
    const ComValue* v = cfg.find(name);
    if (!v) {
        if (required) fail(name, "is required");
        return def;
    }
    if (!v->is_numeric) {
        std::string l = lower(v->text);
        if (l == "true") return {1.0};
        if (l == "false") return {0.0};
        fail(name, "must be numeric, got `" + shown(v->text) + "`");
    }
    check_finite(*this, name, *v);
    if (v->rows.empty() && (required || !def.empty())) fail(name, "is empty");
    return v->linear();
}

double ConfigReader::scalar(const std::string& name, double def, bool required) const {
    auto v = vec(name, {def}, required);
    if (v.empty()) fail(name, "is empty");
    return v.front();
}

double ConfigReader::positive(const std::string& name, double def, bool required) const {
    const double x = scalar(name, def, required);
    if (!(x > 0)) fail(name, "must be positive, got " + num_text(x));
    return x;
}

std::vector<double> ConfigReader::nonnegative(const std::string& name, std::vector<double> def, bool required) const {
    auto v = vec(name, std::move(def), required);
    for (double x : v)
        if (x < 0) fail(name, "must not be negative, got " + num_text(x));
    return v;
}

int ConfigReader::to_int(const std::string& name, double x, int lo, int hi) const {
    if (!(x >= lo && x <= hi) || x != std::floor(x))
        fail(name, "must be a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                       num_text(x));
    return static_cast<int>(x);
}

int ConfigReader::integer(const std::string& name, double def, int lo, int hi, bool required) const {
    return to_int(name, scalar(name, def, required), lo, hi);
}

std::string ConfigReader::text(const std::string& name, const std::string& def) const {
    const ComValue* v = cfg.find(name);
    return v ? v->text : def;
}

const ComValue* ConfigReader::matrix(const std::string& name, bool required) const {
    const ComValue* v = num(name);
    if (!v && required) fail(name, "is required");
    return v;
}

void read_port_skews(const ConfigReader& rd, double skew_s[4]) {
    const char* const names[4] = {"Txpskew", "Txnskew", "Rxpskew", "Rxnskew"};  // ps
    for (int i = 0; i < 4; ++i) {
        const double ps = rd.scalar(names[i], 0);
        if (std::fabs(ps) > kComMaxSkewPs)
            rd.fail(names[i], "= " + num_text(ps) + " ps lies beyond +-" + num_text(kComMaxSkewPs) + " ps");
        skew_s[i] = ps * 1e-12;
    }
}

}  // namespace com_detail

namespace {

using Reader = com_detail::ConfigReader;

std::vector<double> scaled(std::vector<double> v, double k) {
    for (auto& x : v) x *= k;
    return v;
}

std::vector<double> size_to(std::vector<double> v, std::size_t n) {
    if (v.size() == 1 && n > 1) v.assign(n, v.front());
    return v;
}

// z_p lists: the reference transposes the spreadsheet value, so case c, segment s is
// value(s, c). Returns [case][segment], padded to 4 segments for the 2-segment (flex) form.
std::vector<std::vector<double>> cases_of(const Reader& rd, const std::string& name) {
    const ComValue* v = rd.matrix(name, true);
    if (v->rows.empty()) rd.fail(name, "is empty");
    const std::size_t segs = v->rows.size(), ncases = v->rows.front().size();
    std::vector<std::vector<double>> out(ncases);
    for (std::size_t c = 0; c < ncases; ++c)
        for (std::size_t s = 0; s < segs; ++s) out[c].push_back(v->rows[s][c]);
    if (segs != 1 && segs != 2 && segs != 4) rd.fail(name, "must have 1, 2 or 4 rows (segments)");
    for (const auto& row : v->rows)
        for (double x : row)
            if (x < 0) rd.fail(name, "lengths must not be negative, got " + num_text(x));
    if (segs == 2)
        for (auto& c : out) c.insert(c.end(), {0.0, 0.0});
    return out;
}

}  // namespace

namespace {

// Options of the IEEE reference (v4.50 read_ParamConfigFile: name, default, what it does) that
// RackLink does not implement. At its default such an entry has no effect and is accepted;
// any other value would change the figures, so it is refused instead of ignored. (Entries the
// reference reads but never uses, in v4.20 as in v4.50 -- skew_ps, imb_Z_fctr, imb_C_fctr, flip,
// inc_reflect_board, Dynamic TXFFE, FloatingDFE_Development, FT_COOP -- are not listed: like any
// entry RackLink does not read, they are ignored with a warning.)
struct Unimplemented {
    const char* name;
    int default_value;  // the reference's default (a 0/1 switch or factor for every entry)
    const char* what;
};
constexpr Unimplemented kUnimplemented[] = {
    {"TDECQ", 0, "experimental TDECQ/VMA option"},
    {"INC_PACKAGE", 1, "package switch: v4.20 fails with 0 (SDDp2p undefined), v4.50 calls it not supported and advises zeroing z_p, C_d, C_p instead"},
    {"USE_ETA0_PSD", 0, "eta_0 PSD equation for sigma_n (\"do not use\")"},
    {"delta_IL", 1, "experimental IL scaling"},
    {"crusor_gain", 0, "receiver-FFE cursor gain (v4.50 forces the FV-LMS cursor to 10^(gain/20) of the sample)"},
    {"WC_PORTZ", 0, "obsolete port-impedance option"},
};

void refuse_unimplemented_options(const Reader& rd) {
    for (const Unimplemented& u : kUnimplemented) {
        const ComValue* v = rd.cfg.find(u.name);
        if (!v) continue;
        const bool at_default = v->is_numeric && v->numel() == 1 && v->linear().front() == u.default_value;
        if (!at_default)
            rd.fail(u.name, "= " + v->text + " (" + u.what + ") is a reference option RackLink does not implement; " +
                                "remove it or give the reference default " + std::to_string(u.default_value));
    }
}

}  // namespace

ComCausality resolve_com_causality(const ComConfig& cfg) {
    // reference read_ParamConfigFile names and defaults (OP.ENFORCE_CAUSALITY, OP.EC_*)
    const Reader rd{cfg};
    ComCausality c;
    const double ec = rd.scalar("Enforce Causality", 0);
    if (ec != 0 && ec != 1) rd.fail("Enforce Causality", "must be 0 or 1");
    c.enforce = ec != 0;
    c.rel_tol = rd.scalar("Enforce Causality REL_TOL", 1e-2);
    c.diff_tol = rd.scalar("Enforce Causality DIFF_TOL", 1e-3);
    c.pulse_tol = rd.scalar("Enforce Causality pulse start tolerance", 0.01);
    if (!(c.rel_tol > 0)) rd.fail("Enforce Causality REL_TOL", "must be positive");
    if (!(c.diff_tol > 0)) rd.fail("Enforce Causality DIFF_TOL", "must be positive");
    if (!(c.pulse_tol > 0 && c.pulse_tol < 1)) rd.fail("Enforce Causality pulse start tolerance", "must lie in (0, 1)");
    return c;
}

ComParams resolve_com_params(const ComConfig& cfg) {
    Reader rd{cfg};
    ComParams p;
    p.fb_hz = rd.positive("f_b", 0, true) * 1e9;
    if (p.fb_hz > kComMaxBaudGBd * 1e9)
        rd.fail("f_b", "must not exceed " + num_text(kComMaxBaudGBd) + " GBd, got " + num_text(p.fb_hz / 1e9));
    p.f2_hz = rd.scalar("f_2", p.fb_hz / 1e9) * 1e9;
    const double f_min_ghz = rd.nonnegative("f_min", {0}, true).front();
    p.f_min_hz = f_min_ghz * 1e9;
    const double f1_ghz = rd.scalar("f_1", f_min_ghz);
    p.f1_hz = f1_ghz * 1e9;
    // FOM_ILD and ICN integrate over [f_1, f_2] (93A-56, 93A-57): an empty band has no fit.
    if (!(p.f1_hz >= 0 && p.f1_hz < p.f2_hz))
        rd.fail(rd.cfg.has("f_1") ? "f_1" : "f_min",
                "(" + num_text(f1_ghz) + " GHz) must lie in [0, f_2) (f_2 = " + num_text(p.f2_hz / 1e9) + " GHz)");
    p.max_freq_step_hz = rd.positive("Delta_f", 0, true) * 1e9;
    p.c0_min = rd.scalar("c(0)", 0, true);
    // TX FFE taps: c(-1), c(-2), ... and c(1), c(2), ... until one is missing.
    std::vector<std::vector<double>> pre, post;
    for (int k = 1; rd.cfg.has("c(-" + std::to_string(k) + ")"); ++k)
        pre.push_back(rd.vec("c(-" + std::to_string(k) + ")", {0}));
    for (int k = 1; rd.cfg.has("c(" + std::to_string(k) + ")"); ++k)
        post.push_back(rd.vec("c(" + std::to_string(k) + ")", {0}));
    p.txffe_num_pre = static_cast<int>(pre.size());
    for (auto it = pre.rbegin(); it != pre.rend(); ++it) p.txffe_taps.push_back(*it);
    for (auto& t : post) p.txffe_taps.push_back(t);

    p.ndfe = rd.integer("N_b", 0, 0, kComMaxTaps, true);
    p.n_v = rd.integer("N_v", p.ndfe, 0, kComMaxTaps);
    p.d_p = rd.integer("D_p", 4, 0, kComMaxTaps);
    // Floating taps: the reference reads N_bmax and then overwrites it with N_f (default N_b).
    p.n_bg = rd.integer("N_bg", 0, 0, kComMaxTaps);
    p.n_bf = rd.integer("N_bf", 6, 1, kComMaxTaps);  // taps per bank: at least one
    p.n_bmax = rd.integer("N_f", p.ndfe, 0, kComMaxTaps);
    if (p.n_bg == 0) p.n_bmax = p.ndfe;
    p.bmaxg = rd.scalar("bmaxg", 0.2);
    p.n_tail_start = rd.integer("N_tail_start", 0, 0, kComMaxTaps);
    p.b_float_rss_max = rd.scalar("B_float_RSS_MAX", 0);
    p.dfe_delta = rd.scalar("N_b_step", 0);
    // Receiver FFE (802.3dj): names and defaults of the reference's read_ParamConfigFile.
    p.rxffe_pre = rd.integer("ffe_pre_tap_len", 0, -kComMaxTaps, kComMaxTaps);
    p.rxffe_post = rd.integer("ffe_post_tap_len", 0, -kComMaxTaps, kComMaxTaps);
    p.ffe_tap_step_size = rd.scalar("ffe_tap_step_size", 0);
    p.ffe_main_cursor_min = rd.scalar("ffe_main_cursor_min", 1);
    p.ffe_pre_tap1_max = rd.scalar("ffe_pre_tap1_max", 0.7);
    p.ffe_post_tap1_max = rd.scalar("ffe_post_tap1_max", 0.7);
    p.ffe_tapn_max = rd.scalar("ffe_tapn_max", 0.7);
    p.ffe_backoff = rd.scalar("ffe_backoff", 0);
    p.num_ui_rxff_noise = rd.integer("num_ui_RXFF_noise", 2048, 0, kComMaxCount);
    p.ffe_opt_method = rd.text("FFE_OPT_METHOD", "MMSE");
    for (auto& c : p.ffe_opt_method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (p.n_bg > 0) {
        if (p.n_bmax < p.n_bg * p.n_bf + (p.rxffe() ? 0 : p.ndfe))
            rd.fail("N_f", "must span the floating banks (N_bg x N_bf taps)");
        if (p.rxffe() && p.n_tail_start < 1)
            rd.fail("N_tail_start", "must be at least 1 with floating receiver FFE taps (the reference indexes "
                                    "the floating span from it)");
    }
    // Options of the reference's force (OP.RXFFE_FLOAT_CTL, OP.RXFFE_TAP_CONSTRAINT: `unity cursor`
    // normalizes, any other text keeps the solved taps) and of WIENER_HOPF_MMSE (OP.Do_Colored_Noise,
    // Do_White_Noise, Do_XT_Noise, FFE_SNR; read_ParamConfigFile defaults 1, 0, 1, 1).
    p.rxffe_float_ctl = lower(rd.text("RXFFE FLOAT CTL", "FOM"));
    if (p.rxffe_float_ctl != "taps" && p.rxffe_float_ctl != "isi" && p.rxffe_float_ctl != "fom")
        rd.fail("RXFFE FLOAT CTL", "`" + rd.text("RXFFE FLOAT CTL", "") + "` is not supported (Taps, ISI or FOM)");
    p.rxffe_unity_cursor = lower(rd.text("RXFFE TAP CONSTRAINT", "Unity Cursor")) == "unity cursor";
    p.wh_colored_noise = rd.scalar("Do_Colored_Noise", 1) != 0;
    p.wh_white_noise = rd.scalar("Do_White_Noise", 0) != 0;
    p.wh_xt_noise = rd.scalar("Do_XT_Noise", 1) != 0;
    p.wh_ffe_snr_db = rd.scalar("FFE_SNR", 1);
    if (p.rxffe()) {
        if (p.ffe_opt_method != "MMSE" && p.ffe_opt_method != "FV-LMS" && p.ffe_opt_method != "WIENER-HOPF")
            rd.fail("FFE_OPT_METHOD",
                    "`" + rd.text("FFE_OPT_METHOD", "") + "` is not supported (MMSE, FV-LMS or WIENER-HOPF)");
        if (p.rxffe_pre < 0 || p.rxffe_post < 0)
            rd.fail(p.rxffe_pre < 0 ? "ffe_pre_tap_len" : "ffe_post_tap_len", "must not be negative");
        if (p.ffe_opt_method == "MMSE") {
            if (p.rxffe_pre < 1 || p.rxffe_post < 1)
                rd.fail(p.rxffe_pre < 1 ? "ffe_pre_tap_len" : "ffe_post_tap_len",
                        "must be at least 1 with FFE_OPT_METHOD MMSE (the MMSE tap limits need both)");
            if (p.num_ui_rxff_noise < 2 || p.num_ui_rxff_noise % 2 != 0)
                rd.fail("num_ui_RXFF_noise", "must be an even number of UI");
            if (!p.rxffe_unity_cursor)
                rd.fail("RXFFE TAP CONSTRAINT", "applies to FV-LMS and WIENER-HOPF only (the MMSE taps always have a "
                                                "unit main tap; the reference ignores it there)");
        } else {
            if (p.rxffe_pre + p.rxffe_post + 1 > 256)
                rd.fail("ffe_post_tap_len", "gives more than 256 receiver FFE taps");
            if (p.ffe_tap_step_size < 0) rd.fail("ffe_tap_step_size", "must not be negative");
        }
    }

    p.g_dc_hp_db = rd.vec("g_DC_HP", {});
    p.f_hp_hz = scaled(rd.vec("f_HP_PZ", {}), 1e9);
    p.f_hp_z_hz = scaled(rd.vec("f_HP_Z", {}), 1e9);
    p.f_hp_p_hz = scaled(rd.vec("f_HP_P", {}), 1e9);
    p.ctle_type = rd.text("CTLE_type", "CL93");
    if (!p.g_dc_hp_db.empty()) p.ctle_type = "CL120d";
    if (!p.f_hp_z_hz.empty()) p.ctle_type = "CL120e";
    p.g_dc_db = rd.vec("g_DC", {}, true);
    {
        // optimize_fom visits every combination of the TX FFE tap lists, g_DC and g_DC_HP: refuse
        // a grid no search can finish, naming its longest list (the likely typo).
        double grid = 1;
        std::string longest;
        std::size_t longest_n = 0;
        auto count = [&](const std::string& name, std::size_t n) {
            grid *= static_cast<double>(std::max<std::size_t>(n, 1));
            if (n > longest_n) longest = name, longest_n = n;
        };
        for (int k = p.txffe_num_pre; k >= 1; --k)
            count("c(-" + std::to_string(k) + ")", p.txffe_taps[static_cast<std::size_t>(p.txffe_num_pre - k)].size());
        for (std::size_t k = static_cast<std::size_t>(p.txffe_num_pre); k < p.txffe_taps.size(); ++k)
            count("c(" + std::to_string(k - static_cast<std::size_t>(p.txffe_num_pre) + 1) + ")", p.txffe_taps[k].size());
        count("g_DC", p.g_dc_db.size());
        count("g_DC_HP", p.g_dc_hp_db.size());
        if (grid > kComMaxSearchGrid)
            rd.fail(longest, "(" + std::to_string(longest_n) + " values) makes the equalizer search " + num_text(grid) +
                                 " settings (TX FFE taps x g_DC x g_DC_HP); the limit is " +
                                 num_text(kComMaxSearchGrid));
    }
    p.f_p1_hz = scaled(rd.vec("f_p1", {p.fb_hz / 4}), 1e9);
    p.f_p2_hz = scaled(rd.vec("f_p2", {p.fb_hz}), 1e9);
    p.f_z_hz = scaled(rd.vec("f_z", {p.fb_hz / 4}), 1e9);
    if (p.ctle_type == "CL120e")
        for (std::size_t i = 0; i < p.f_z_hz.size() && i < p.g_dc_db.size(); ++i)
            p.f_z_hz[i] /= std::pow(10.0, p.g_dc_db[i] / 20.0);
    if (p.rxffe() && p.ffe_opt_method == "WIENER-HOPF" && p.ctle_type == "CL93")
        rd.fail("CTLE_type", "must be CL120d or CL120e with FFE_OPT_METHOD WIENER-HOPF (the reference's noise "
                             "autocorrelation H_low_xc exists only for those)");
    if (p.rxffe() && p.ffe_opt_method == "MMSE" && p.ctle_type != "CL120d")
        rd.fail("CTLE_type", "must be CL120d (g_DC_HP, f_HP_PZ given) with a receiver FFE: the reference's "
                             "receiver noise PSD (S_RN) uses the low-frequency pole/zero");
    p.gdc_min_db = rd.scalar("GDC_MIN", 0);
    if (const ComValue* g = rd.matrix("G_Qual", false)) p.gqual = g->rows;
    p.g2qual = rd.vec("G2_Qual", {});
    if (!p.gqual.empty() || !p.g2qual.empty()) {
        if (p.gqual.size() != p.g2qual.size()) rd.fail("G_Qual", "and G2_Qual sizes differ");
        if (p.gqual.front().size() != 2) rd.fail("G_Qual", "must be an N x 2 matrix");
    }
    p.a_thru = rd.nonnegative("A_v", {}, true);
    p.a_fext = rd.nonnegative("A_fe", {}, true);
    p.a_next = rd.nonnegative("A_ne", {}, true);
    p.a_icn_fext = rd.scalar("A_ft", p.a_fext.front());
    p.a_icn_next = rd.scalar("A_nt", p.a_next.front());
    p.levels = rd.integer("L", 0, 2, kComMaxLevels, true);
    p.der0 = rd.scalar("DER_0", 0, true);
    if (!(p.der0 > 0 && p.der0 < 1)) rd.fail("DER_0", "must lie in (0, 1), got " + num_text(p.der0));
    p.pass_threshold_db = rd.scalar("COM Pass threshold", 0);
    p.sigma_rj_ui = rd.nonnegative("sigma_RJ", {0}, true).front();
    p.a_dd_ui = rd.nonnegative("A_DD", {0}, true).front();
    p.eta0_v2_per_ghz = rd.nonnegative("eta_0", {0}, true).front();
    p.snr_tx_db = rd.vec("SNR_TX", {}, true);
    p.r_lm = rd.scalar("R_LM", 0, true);
    p.samples_per_ui = rd.integer("M", 0, 2, kComMaxSamplesPerUi, true);
    {
        auto r = rd.vec("sample_adjustment", {0, 0});
        if (r.size() == 1) r = {0, r[0]};
        // within one UI (M samples) of the Mueller-Muller point
        const int m = p.samples_per_ui;
        p.ts_sample_adj_range = {rd.to_int("sample_adjustment", r[0], -m, m), rd.to_int("sample_adjustment", r[1], -m, m)};
    }
    p.ts_anchor = rd.integer("ts_anchor", 0, -kComMaxIndex, kComMaxIndex);
    if (p.ndfe > 0) {
        p.bmax.assign(p.ndfe, rd.scalar("b_max(1)", 0, true));
        p.bmin.assign(p.ndfe, rd.scalar("b_min(1)", -p.bmax[0]));
        if (p.ndfe >= 2) {
            auto bm = size_to(rd.vec("b_max(2..N_b)", {0.2}), p.ndfe - 1);
            for (int i = 1; i < p.ndfe; ++i) p.bmax[i] = bm[std::min<std::size_t>(i - 1, bm.size() - 1)];
            std::vector<double> def(p.bmax.begin() + 1, p.bmax.end());
            for (auto& x : def) x = -x;
            auto bn = size_to(rd.vec("b_min(2..N_b)", def), p.ndfe - 1);
            for (int i = 1; i < p.ndfe; ++i) p.bmin[i] = bn[std::min<std::size_t>(i - 1, bn.size() - 1)];
        }
    }
    // Package and die.
    auto side_pair = [&](const std::string& name, std::vector<double> def, double unit,
                         bool required) {
        auto v = scaled(rd.nonnegative(name, def, required), unit);
        v = size_to(v, 2);
        if (v.size() < 2) rd.fail(name, "needs a TX and an RX value");
        return v;
    };
    auto ladder = [&](const std::string& name, double unit, std::vector<double> out[2]) {
        const ComValue* v = rd.matrix(name, false);
        if (!v || v->rows.empty()) {
            out[0] = {0};
            out[1] = {0};
            return;
        }
        for (double x : v->row_major())
            if (x < 0) rd.fail(name, "must not be negative, got " + num_text(x));
        if (v->rows.size() == 1 || v->rows.front().size() == 1) {  // vector: (1) TX, (2) RX
            auto lin = size_to(v->linear(), 2);
            out[0] = {lin[0] * unit};
            out[1] = {lin[1] * unit};
        } else {
            if (v->rows.size() != 2) rd.fail(name, "as a matrix needs two rows [TX; RX]");
            out[0] = scaled(v->rows[0], unit);
            out[1] = scaled(v->rows[1], unit);
        }
    };
    ladder("C_d", 1e-9, p.c_d_f);
    if (!rd.cfg.has("C_d")) rd.fail("C_d", "is required");
    ladder("L_s", 1e-9, p.l_s_h);
    if (p.l_s_h[0].size() != p.c_d_f[0].size()) {
        // The reference indexes L_s like C_d; a scalar L_s with a ladder C_d is padded.
        p.l_s_h[0].resize(p.c_d_f[0].size(), p.l_s_h[0].empty() ? 0 : p.l_s_h[0][0]);
        p.l_s_h[1].resize(p.c_d_f[1].size(), p.l_s_h[1].empty() ? 0 : p.l_s_h[1][0]);
    }
    auto cb = side_pair("C_b", {0}, 1e-9, false);
    auto cpb = side_pair("C_p", {}, 1e-9, true);
    auto cv = side_pair("C_v", {0}, 1e-9, false);
    auto rdie = side_pair("R_d", {}, 1.0, true);
    for (int s = 0; s < 2; ++s) {
        p.c_b_f[s] = cb[s];
        p.c_p_f[s] = cpb[s];
        p.c_v_f[s] = cv[s];
        p.r_d_ohm[s] = rdie[s];
    }
    p.z0_ohm = rd.positive("R_0", 0, true);
    if (p.z0_ohm < kComMinR0Ohm || p.z0_ohm > kComMaxR0Ohm)
        rd.fail("R_0", "must lie in [" + num_text(kComMinR0Ohm) + ", " + num_text(kComMaxR0Ohm) + "] ohm, got " +
                           num_text(p.z0_ohm));
    p.z_p_tx_mm = cases_of(rd, "z_p (TX)");
    p.z_p_next_mm = cases_of(rd, "z_p (NEXT)");
    p.z_p_fext_mm = cases_of(rd, "z_p (FEXT)");
    p.z_p_rx_mm = cases_of(rd, "z_p (RX)");
    const std::size_t ncases = p.z_p_tx_mm.size(), nseg = p.z_p_tx_mm.front().size();
    for (auto* c : {&p.z_p_next_mm, &p.z_p_fext_mm, &p.z_p_rx_mm})
        if (c->size() != ncases || c->front().size() != nseg)
            rd.fail("z_p (TX)", "and the NEXT, FEXT, RX cases must agree in size");
    {
        auto g = rd.vec("package_tl_gamma0_a1_a2", {0, 1.734e-3, 1.455e-4});
        if (g.size() != 3) rd.fail("package_tl_gamma0_a1_a2", "needs 3 values");
        for (int i = 0; i < 3; ++i) p.pkg_gamma0_a1_a2[i] = g[i];
    }
    p.pkg_tau_ns_per_mm = rd.scalar("package_tl_tau", 6.141e-3);
    {
        // package_Z_c: one row per package segment, columns [TX RX] (the reference transposes
        // it; the two-segment form is padded with 100-ohm zero-length segments).
        const std::size_t segs_given = rd.cfg.find("z_p (TX)")->rows.size();
        const ComValue* z = rd.matrix("package_Z_c", false);
        if (segs_given == 1) {
            auto lin = size_to(z ? z->linear() : std::vector<double>{78.2}, 2);
            p.z_c_ohm[0] = {lin[0]};
            p.z_c_ohm[1] = {lin[1]};
        } else {
            if (!z || z->rows.size() != segs_given || z->rows.front().size() != 2)
                rd.fail("package_Z_c", "needs one row per package segment and two columns [TX RX]");
            for (int s = 0; s < 2; ++s) {
                p.z_c_ohm[s].clear();
                for (const auto& row : z->rows) p.z_c_ohm[s].push_back(row[s]);
                while (p.z_c_ohm[s].size() < 4) p.z_c_ohm[s].push_back(100.0);
            }
        }
    }
    {
        auto sel = rd.vec("z_p select", {1});
        p.pkg_len_select.clear();
        for (double s : sel) {
            if (s < 1 || s > static_cast<double>(ncases) || s != std::floor(s))
                rd.fail("z_p select", "entries must be case numbers 1.." + std::to_string(ncases));
            p.pkg_len_select.push_back(static_cast<int>(s));
        }
    }
    const int max_sel = *std::max_element(p.pkg_len_select.begin(), p.pkg_len_select.end());
    p.a_thru = size_to(p.a_thru, max_sel);
    p.a_fext = size_to(p.a_fext, max_sel);
    p.a_next = size_to(p.a_next, max_sel);
    p.snr_tx_db = size_to(p.snr_tx_db, max_sel);
    for (auto* v : {&p.a_thru, &p.a_fext, &p.a_next, &p.snr_tx_db})
        if (static_cast<int>(v->size()) < max_sel)
            rd.fail("A_v", "(or A_fe, A_ne, SNR_TX) needs one value or one per package case");
    if (const ComValue* v = rd.matrix("PKG_Tx_FFE_preset", false); v && !(v->numel() == 1 && v->rows[0][0] == 0)) {
        // The reference tests the whole matrix with `if ... ~= 0`, true only when every entry
        // is nonzero; a zero tap anywhere would silently drop the preset of every case there.
        for (const auto& row : v->rows)
            for (double c : row)
                if (c == 0)
                    rd.fail("PKG_Tx_FFE_preset", "has a zero tap: the reference then ignores the preset of every "
                                                 "package case (MATLAB `if` of a matrix); give nonzero taps, or 0 for none");
        if (static_cast<int>(v->rows.size()) < max_sel)
            rd.fail("PKG_Tx_FFE_preset", "needs one row per package case (z_p select up to " +
                                             std::to_string(max_sel) + ", " + std::to_string(v->rows.size()) + " rows)");
        p.pkg_tx_ffe_preset = v->rows;
    }
    p.kappa1 = rd.scalar("kappa1", 1);
    p.kappa2 = rd.scalar("kappa2", 1);
    {
        auto po = rd.vec("Port Order", {1, 3, 2, 4});
        p.port_order.clear();
        for (double x : po) p.port_order.push_back(rd.to_int("Port Order", x, 1, 4));
        std::vector<int> sorted = p.port_order;
        std::sort(sorted.begin(), sorted.end());
        if (sorted != std::vector<int>{1, 2, 3, 4}) rd.fail("Port Order", "must be a permutation of 1 2 3 4");
    }
    p.f_v = rd.scalar("f_v", 4);
    p.f_f = rd.scalar("f_f", 4);
    p.f_n = rd.scalar("f_n", 4);
    p.f_r = rd.positive("f_r", 4);
    p.bt_order = rd.integer("BTorder", 4, -kComMaxIndex, kComMaxIndex);
    p.rc_start_hz = rd.scalar("RC_Start", p.fb_hz / 2);
    p.rc_end_hz = rd.scalar("RC_end", p.fb_hz * p.f_r);
    p.td_mode = rd.integer("TDMODE", 0, 0, 1) == 1;
    p.local_search = rd.integer("Local Search", 0, -kComMaxIndex, kComMaxIndex);
    {
        const std::string mode = lower(rd.text("TS_SRCH_MODE", "full-sweep"));
        if (mode != "full-sweep" && mode != "middle")
            rd.fail("TS_SRCH_MODE", "`" + rd.text("TS_SRCH_MODE", "") + "` is not supported (full-sweep or middle)");
        p.ts_full_sweep = mode == "full-sweep";
    }
    p.noise_crest_factor = rd.scalar("Noise_Crest_Factor", 0);
    // AC common-mode noise: one value per package case of the z_p table (the reference's
    // make_length_ncases); ACCM_MAX_Freq in Hz as the reference reads it (default f_b).
    p.ac_cm_rms_v = size_to(rd.vec("AC_CM_RMS", {0}), ncases);
    for (double v : p.ac_cm_rms_v)
        if (!(v >= 0)) rd.fail("AC_CM_RMS", "must not be negative (V rms)");
    if (p.accm() && static_cast<int>(p.ac_cm_rms_v.size()) < max_sel)
        rd.fail("AC_CM_RMS", "needs one value or one per package case");
    p.accm_max_freq_hz = rd.scalar("ACCM_MAX_Freq", p.fb_hz);
    if (p.accm() && !(p.accm_max_freq_hz > 0)) rd.fail("ACCM_MAX_Freq", "must be positive (Hz)");
    // C2M eye (802.3ck Annex 120G; read_ParamConfigFile: T_O, T_h, samples_for_C2M,
    // Histogram_Window_Weight, sigma_r, Qr, QL, EH_min, EH_max, Min_VEO_Test, VEC Pass threshold,
    // PMD_type / PHY, EW). T_O is forced to 0 unless PMD_type is C2M, as the reference does.
    {
        p.t_o_mui = rd.scalar("T_h", rd.scalar("T_O", 0));
        p.samples_for_c2m = rd.integer("samples_for_C2M", 100, 0, kComMaxCount);
        p.histogram_window = lower(rd.text("Histogram_Window_Weight", "rectangle"));
        p.sigma_r_ui = rd.scalar("Qr", rd.scalar("sigma_r", 0.02));
        p.ql = rd.scalar("QL", p.t_o_mui / p.sigma_r_ui / 1000);
        p.eh_min_mv = rd.scalar("EH_min", 0);
        p.eh_max_mv = rd.scalar("EH_max", INFINITY);
        p.min_veo_test_mv = rd.scalar("Min_VEO_Test", rd.scalar("EH_min_test", 0));
        p.vec_pass_threshold_db = rd.scalar("VEC Pass threshold", 0);
        p.eye_width = rd.scalar("EW", 0) != 0;
        const std::string pmd = rd.text("PHY", rd.text("PMD_type", "C2C"));
        const std::string phy = lower(pmd);
        if (phy == "c2m") {
            p.pmd_type = "C2M";
            p.eye_width = true;
        } else if (phy == "c2c" || phy == "c2mcom") {
            p.pmd_type = p.eh_min_mv != 0 || phy == "c2mcom" ? "C2Mcom" : "C2C";
            p.t_o_mui = 0;
        } else {
            rd.fail(rd.cfg.has("PHY") ? "PHY" : "PMD_type", "`" + pmd + "` is not C2C or C2M");
        }
        if (p.c2m_eye()) {
            if (p.samples_for_c2m < 4) rd.fail("samples_for_C2M", "must be at least 4");
            if (p.t_o_mui < 0 || p.t_o_mui >= 500) rd.fail("T_O", "must lie in [0, 500) mUI");
            if (static_cast<int>(std::floor(p.t_o_mui / 1000 * p.samples_for_c2m)) < 1)
                rd.fail("T_O", "is shorter than one sample of samples_for_C2M");
            const std::string w = p.histogram_window;
            if (w != "gaussian" && w != "norm" && w != "normal" && w != "guassian" && w != "triangle" &&
                w != "rectangle" && w != "dual_rayleigh")
                rd.fail("Histogram_Window_Weight", "must be gaussian, triangle, rectangle or dual_rayleigh");
            if (!(p.ql > 0)) rd.fail("sigma_r", "must be positive");
        }
        if ((p.c2m_eye() || p.eye_width) && (p.n_bg > 0 || p.rxffe()))
            rd.fail("T_O", "(C2M eye) with floating taps or a receiver FFE is not supported");
    }
    // Host boards (Include PCB; reference read_ParamConfigFile names and defaults, add_brd).
    {
        const double inc = rd.scalar("Include PCB", 0, true);
        if (inc != 0 && inc != 1 && inc != 2)
            rd.fail("Include PCB", "must be 0, 1 (boards on both sides) or 2 (receiver side only)");
        p.include_pcb = static_cast<int>(inc);
        auto g = rd.vec("board_tl_gamma0_a1_a2", {0, 4.114e-4, 2.547e-4});
        if (g.size() != 3) rd.fail("board_tl_gamma0_a1_a2", "needs 3 values");
        for (int i = 0; i < 3; ++i) p.brd_gamma0_a1_a2[i] = g[i];
        p.brd_tau_ns_per_mm = rd.scalar("board_tl_tau", 6.191e-3);
        auto one = [&](const std::string& name, double def) {
            auto v = rd.nonnegative(name, {def});
            if (v.size() != 1) rd.fail(name, "must be one length (mm)");
            return v.front();
        };
        p.z_bp_tx_mm = one("z_bp (TX)", 151);
        p.z_bp_next_mm = one("z_bp (NEXT)", 72);
        p.z_bp_fext_mm = one("z_bp (FEXT)", 72);
        p.z_bp_rx_mm = one("z_bp (RX)", 151);
        auto zc = side_pair("board_Z_c", {109.8}, 1.0, false);
        auto c0 = side_pair("C_0", {0}, 1e-9, false);
        auto c1 = side_pair("C_1", {0}, 1e-9, false);
        for (int s = 0; s < 2; ++s) {
            p.brd_z_c_ohm[s] = zc[s];
            p.c_0_f[s] = c0[s];
            p.c_1_f[s] = c1[s];
        }
        if (p.include_pcb != 0 && !(p.brd_z_c_ohm[0] > 0 && p.brd_z_c_ohm[1] > 0))
            rd.fail("board_Z_c", "must be positive");
    }
    p.include_ctle = rd.scalar("INCLUDE_CTLE", 1) != 0;
    p.exe_mode = rd.integer("EXE_MODE", 1, -kComMaxIndex, kComMaxIndex);
    p.force_pdf_bin_size = rd.scalar("Force PDF bin size", 0) != 0;
    p.bin_size_v = rd.positive("PDF bin size", com_detail::kPdfBinDefaultV);
    {
        // The ISI/crosstalk/noise PDFs span the signal amplitudes in steps of at most the bin size.
        double a_max_v = 0;
        std::string a_name = "A_v";
        for (const auto& [name, v] : {std::pair<const char*, const std::vector<double>*>{"A_v", &p.a_thru},
                                      {"A_fe", &p.a_fext}, {"A_ne", &p.a_next}})
            for (double a : *v)
                if (a > a_max_v) a_max_v = a, a_name = name;
        if (a_max_v / p.bin_size_v > kComMaxPdfBins)
            // blame the amplitude when even the default bin would be too fine for it
            rd.fail(a_max_v / com_detail::kPdfBinDefaultV > kComMaxPdfBins ? a_name : "PDF bin size",
                    "gives " + num_text(a_max_v / p.bin_size_v) + " PDF bins (" + a_name + " " + num_text(a_max_v) +
                        " V / PDF bin size " + num_text(p.bin_size_v) + " V); the limit is " + num_text(kComMaxPdfBins));
    }
    p.ir_truncation = rd.scalar("Impulse response truncation threshold", 1e-3);
    // reference read_ParamConfigFile: OP.Optimize_loop_speed_up, default 0 (only 1 changes anything)
    p.optimize_loop_speed_up = rd.integer("Optimize_loop_speed_up", 0, 0, 1) == 1;
    p.interp_mag = rd.text("S-parameter magnitude extrapolation policy", "linear_trend_to_DC");
    p.interp_phase =
        rd.text("S-parameter phase extrapolation policy", "extrap_cubic_to_dc_linear_to_inf");
    p.causality = resolve_com_causality(cfg);
    p.t_r_ns = rd.nonnegative("T_r", {8e-3}).front();
    // The transmitter edge filter H_t of s21_pkg (reference read_ParamConfigFile: FORCE_TR = 1
    // sets T_r_filter_type 1 and T_r_meas_point 0), and ideal terminations.
    p.t_r_filter_type = rd.integer("T_r_filter_type", 0, 0, 1);
    p.t_r_meas_point = rd.integer("T_r_meas_point", 0, 0, 1);
    if (rd.scalar("FORCE_TR", 0) != 0) {
        p.t_r_filter_type = 1;
        p.t_r_meas_point = 0;
    }
    p.ideal_tx_term = rd.scalar("IDEAL_TX_TERM", 0) != 0;
    p.ideal_rx_term = rd.scalar("IDEAL_RX_TERM", 0) != 0;
    if (p.t_r_meas_point == 1 && (p.t_r_filter_type == 1 || p.ideal_tx_term) && p.t_r_ns == 0)
        rd.fail("T_r", "must be positive for the Bessel-Thomson edge filter of T_r_meas_point = 1 (it divides by T_r)");
    com_detail::read_port_skews(rd, p.port_skew_s);
    p.include_tx_rx_filter = rd.scalar("INCLUDE_TX_RX_FILTER", 1) != 0;
    p.snr_tx_w_c0 = rd.scalar("SNR_TXwC0", 0) != 0;
    p.limit_jitter_to_dfe_span = rd.scalar("LIMIT_JITTER_CONTRIB_TO_DFE_SPAN", 0) != 0;
    p.max_burst_length = rd.integer("Max burst length calculated", 0, 0, kComMaxTaps);
    p.simple_error_propagation = rd.scalar("Use simple error propagation model", 0) != 0;
    p.error_propagation_margin_db = rd.scalar("Error propagation COM margin", 0);
    com_detail::read_iln_options(rd, p);  // COMPUTE_RILN, COMPUTE_TDILN (com_iln.cpp)
    p.butterworth = rd.scalar("Butterworth", 1) != 0;
    p.bessel_thomson = rd.scalar("Bessel_Thomson", 0) != 0;
    p.raised_cosine = rd.scalar("Raised_Cosine", 0) != 0;
    p.cdr = rd.text("CDR", "MM");
    // Size adjustment (parameter_size_adjustment).
    p.f_p1_hz = size_to(p.f_p1_hz, p.g_dc_db.size());
    p.f_p2_hz = size_to(p.f_p2_hz, p.g_dc_db.size());
    p.f_z_hz = size_to(p.f_z_hz, p.g_dc_db.size());
    p.f_hp_z_hz = size_to(p.f_hp_z_hz, p.g_dc_db.size());
    p.f_hp_p_hz = size_to(p.f_hp_p_hz, p.g_dc_db.size());
    p.f_hp_hz = size_to(p.f_hp_hz, p.g_dc_hp_db.size());
    // MLSE (802.3dj; reference read_ParamConfigFile OP.MLSE, default 0, v4.30 on): 1 = MLSE,
    // 2 = MLSE_instu, 3 = MLSE_U1_c (the v4.40 "U3" option, which reads the noise PSDs of the
    // MMSE receiver FFE); other values make the reference warn "unsuported MLSE option" and then
    // fail on the missing MLSE_results.
    {
        const double mlse = rd.scalar("MLSE", 0);
        if (mlse != 0 && mlse != 1 && mlse != 2 && mlse != 3)
            rd.fail("MLSE", "must be 0 (off), 1 (MLSE), 2 (MLSE_instu) or 3 (MLSE_U1_c), got " + num_text(mlse));
        p.mlse = static_cast<int>(mlse);
        if (p.mlse == 3 && !(p.rxffe() && p.ffe_opt_method == "MMSE"))
            rd.fail("MLSE", "= 3 (MLSE_U1_c) needs the MMSE receiver FFE (ffe_pre_tap_len, ffe_post_tap_len and "
                            "FFE_OPT_METHOD = MMSE): it reads that equalizer's noise PSDs, which the reference "
                            "forms only there");
        // the reference's own check (read_ParamConfigFile)
        if (p.mlse != 0 && p.ndfe == 0) rd.fail("MLSE", "needs a DFE: at least DFE 1 must be set (N_b >= 1) to use MLSE");
    }
    // Receiver interference-tolerance calibration (reference read_ParamConfigFile:
    // OP.RX_CALIBRATION, OP.sigma_bn_STEP 'Sigma BBN step' default 5e-3 V, param.f_hp default 0,
    // OP.force_BBN_Q_factor, OP.BBN_Q_factor default 5).
    p.rx_calibration = rd.integer("RX_CALIBRATION", 0, 0, 1) == 1;
    if (p.rx_calibration) {
        p.sigma_bn_step_v = rd.positive("Sigma BBN step", 5e-3);
        p.bbn_f_hp_hz = rd.nonnegative("f_hp", {0}).front();
        p.force_bbn_q_factor = rd.scalar("Force BBN Q factor", 0) != 0;
        p.bbn_q_factor = rd.positive("BBN Q factor", 5);
        // What the reference's calibration path does not carry: its C2M branch reads an eye it
        // never computed (COM_eye_width is skipped), its MMSE/RxFFE searches count the noise
        // path as crosstalk, and its AC common-mode sum reads the noise path's SDC21, which it
        // never forms.
        if (p.c2m_eye())
            rd.fail("RX_CALIBRATION", "cannot be combined with the C2M eye (T_O != 0): the reference skips the eye in calibration and then fails");
        if (p.rxffe())
            rd.fail("RX_CALIBRATION", "is implemented for DFE receivers only (no receiver FFE): the reference's RxFFE searches count the noise path as a crosstalk channel");
        if (p.accm())
            rd.fail("RX_CALIBRATION", "cannot be combined with AC_CM_RMS: the reference's AC common-mode sum reads the noise path's SDC21, which it never forms");
    }
    // TDMODE: what needs the S-parameters the pulse responses stand in for (the reference reads
    // the crosstalk noise of its figure of merit, the AC common mode and the calibration noise
    // path from SDD21/SDC21 data that its TD path never forms)
    if (p.td_mode) {
        if (p.rx_calibration)
            rd.fail("TDMODE", "cannot be combined with RX_CALIBRATION (the noise path's transfer function is an S-parameter)");
        if (p.accm()) rd.fail("TDMODE", "cannot be combined with AC_CM_RMS (it needs the thru's SDC21)");
    }
    refuse_unimplemented_options(rd);
    if (std::string err = p.validate(); !err.empty()) throw std::invalid_argument(cfg.source + ": " + err);
    return p;
}

std::string ComParams::validate() const {
    if (!(fb_hz > 0 && std::isfinite(fb_hz))) return "f_b must be positive and finite";
    if (levels < 2) return "L must be at least 2";
    if (samples_per_ui < 2) return "M must be at least 2";
    if (!(der0 > 0 && der0 < 1)) return "DER_0 must lie in (0, 1)";
    if (g_dc_db.empty()) return "g_DC must list at least one value";
    if (f_z_hz.size() != g_dc_db.size() || f_p1_hz.size() != g_dc_db.size() ||
        f_p2_hz.size() != g_dc_db.size())
        return "f_z, f_p1, f_p2 need one value or one per g_DC entry";
    if (ctle_type == "CL120d" && f_hp_hz.size() != g_dc_hp_db.size())
        return "f_HP_PZ needs one value or one per g_DC_HP entry";
    if (ctle_type == "CL120e" && (f_hp_z_hz.size() != g_dc_db.size() || f_hp_p_hz.size() != g_dc_db.size()))
        return "f_HP_Z and f_HP_P need one value or one per g_DC entry";
    if (port_order.size() != 4) return "Port Order must list 4 ports";
    if (!(max_freq_step_hz > 0 && std::isfinite(max_freq_step_hz))) return "Delta_f must be positive and finite";
    if (static_cast<int>(bmax.size()) != ndfe) return "b_max needs N_b values";
    return {};
}

}  // namespace racklink::sigint
