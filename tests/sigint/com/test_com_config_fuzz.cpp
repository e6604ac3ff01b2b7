// Bad COM configurations found by fuzzing (fuzz/com_config_fuzz.cpp, scripts/fuzz.sh com_config)
// or listed as risks: each gives one clear std::invalid_argument naming the parameter and
// FILE:LINE (and the limit, for the limits of com_config.hpp), never a crash, a hang or a huge
// allocation. Every file kept in tests/sigint/com/fuzz_regressions/ is replayed through the
// same steps as the fuzzer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "sigint/com.hpp"

using namespace racklink::sigint;

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A preset's text with `name = value` as its last line (the preset's own entry removed). The
// line number of that entry is returned in `line`.
std::string with_entry(const std::string& preset, const std::string& name, const std::string& value, int& line) {
    std::istringstream in(com_preset_text(preset));
    std::string out, l;
    line = 0;
    while (std::getline(in, l)) {
        const auto eq = l.find('=');
        const auto hash = l.find('#');
        if (eq != std::string::npos && (hash == std::string::npos || eq < hash)) {
            std::string key = l.substr(0, eq);
            key.erase(key.find_last_not_of(" \t") + 1);
            key.erase(0, key.find_first_not_of(" \t"));
            if (lower(key) == lower(name)) continue;
        }
        out += l + "\n";
        ++line;
    }
    out += name + " = " + value + "\n";
    ++line;
    return out;
}

// The message resolving (COM, then ERL) a preset with one entry replaced gives; "" when none.
std::string resolve_error(const std::string& preset, const std::string& name, const std::string& value, int& line) {
    const ComConfig cfg = parse_com_config(with_entry(preset, name, value, line), "bad.cfg");
    try {
        (void)resolve_com_params(cfg);
        (void)resolve_com_erl_params(cfg);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return {};
}

std::string at(int line) { return "bad.cfg:" + std::to_string(line) + ": parameter "; }

}  // namespace

TEST_CASE("COM configuration: a range that would expand to billions of numbers is refused at its line", "[com]") {
    int line = 0;
    const std::string text = with_entry("ck_kr", "c(1)", "[-1:1e-12:1]", line);
    CHECK_THROWS_WITH(parse_com_config(text, "bad.cfg"),
                      at(line) + "`c(1)` range `-1:1e-12:1` gives 2e+12 numbers; a value may hold at most 100000");
    CHECK_THROWS_WITH(parse_com_config("g_DC = [0:1:1e300]\n", "bad.cfg"),
                      "bad.cfg:1: parameter `g_DC` range `0:1:1e300` gives 1e+300 numbers; a value may hold at "
                      "most 100000");
    // (b - a) / s overflows to infinity
    CHECK_THROWS_WITH(parse_com_config("g_DC = -1e308:1e-308:1e308\n", "bad.cfg"),
                      "bad.cfg:1: parameter `g_DC` range `-1e308:1e-308:1e308` gives inf numbers; a value may hold "
                      "at most 100000");
    // many ranges in one value count together
    std::string many = "g_DC = [";
    for (int k = 0; k < 11; ++k) many += "0:1:9999 ";
    CHECK_THROWS_WITH(parse_com_config(many + "]\n", "bad.cfg"),
                      Catch::StartsWith("bad.cfg:1: parameter `g_DC` range `0:1:9999` gives 10000 numbers"));
    // The limit is far above any preset: the longest list (dj_kr's c(-1)) has 69 numbers.
    CHECK(parse_com_config("g_DC = [0:1:99999]\n", "ok.cfg").find("g_DC")->numel() == kComMaxValueNumbers);
}

TEST_CASE("COM configuration: NaN or infinite range parts are refused at their line", "[com]") {
    CHECK_THROWS_WITH(parse_com_config("L = 4\nc(1) = [0:nan:1]\n", "bad.cfg"),
                      "bad.cfg:2: parameter `c(1)` range `0:nan:1` needs a finite start, step and end");
    CHECK_THROWS_WITH(parse_com_config("c(1) = -inf:1:0\n", "bad.cfg"),
                      "bad.cfg:1: parameter `c(1)` range `-inf:1:0` needs a finite start, step and end");
    ComConfig c = load_com_config("ck_kr");
    CHECK_THROWS_WITH(c.set("g_DC", "[0:inf]"),
                      "preset:ck_kr: parameter `g_DC` (override) range `0:inf` needs a finite start, step and end");
}

TEST_CASE("COM configuration: empty ranges and lists where values are needed name the parameter", "[com]") {
    int line = 0;
    std::string err = resolve_error("ck_kr", "g_DC", "[0:0:5]", line);  // step 0: MATLAB's empty range
    CHECK(err == at(line) + "`g_DC` is empty");
    err = resolve_error("ck_kr", "c(1)", "[]", line);
    CHECK(err == at(line) + "`c(1)` is empty");
    err = resolve_error("ck_kr", "A_fe", "[]", line);
    CHECK(err == at(line) + "`A_fe` is empty");
    err = resolve_error("ck_kr", "sample_adjustment", "[]", line);
    CHECK(err == at(line) + "`sample_adjustment` is empty");
    err = resolve_error("ck_kr", "z_p select", "[]", line);
    CHECK(err == at(line) + "`z_p select` is empty");
    err = resolve_error("ck_kr", "b_max(2..N_b)", "[]", line);
    CHECK(err == at(line) + "`b_max(2..N_b)` is empty");
    // `[]` still means "none" where the default is none
    CHECK(resolve_error("ck_kr", "g_DC_HP", "[]", line).empty());
}

TEST_CASE("COM configuration: an equalizer search grid beyond the limit names its longest list", "[com]") {
    int line = 0;
    // ck_kr: c(-1) 18, c(-2) 7, c(-3) 4, g_DC 21, g_DC_HP 7 values = 74088; x 20001 = 1.48e9
    const std::string err = resolve_error("ck_kr", "c(1)", "[-1:0.0001:1]", line);
    CHECK(err == at(line) + "`c(1)` (20001 values) makes the equalizer search 1.48183e+09 settings (TX FFE taps x "
                            "g_DC x g_DC_HP); the limit is 1e+09");
    // the same list with a coarser g_DC fits
    ComConfig c = parse_com_config(with_entry("ck_kr", "c(1)", "[-1:0.0001:1]", line), "ok.cfg");
    c.set("g_DC", "[-20:2:0]");
    CHECK_NOTHROW(resolve_com_params(c));
}

TEST_CASE("COM configuration: integer entries must be whole numbers within the limits", "[com]") {
    int line = 0;
    std::string err = resolve_error("ck_kr", "M", "1e30", line);
    CHECK(err == at(line) + "`M` must be a whole number in [2, 1024], got 1e+30");
    err = resolve_error("ck_kr", "M", "-5", line);
    CHECK(err == at(line) + "`M` must be a whole number in [2, 1024], got -5");
    err = resolve_error("ck_kr", "L", "4.5", line);
    CHECK(err == at(line) + "`L` must be a whole number in [2, 16], got 4.5");
    err = resolve_error("ck_kr", "N_b", "1e30", line);
    CHECK(err == at(line) + "`N_b` must be a whole number in [0, 1000], got 1e+30");
    err = resolve_error("ck_kr", "N_v", "-5", line);
    CHECK(err == at(line) + "`N_v` must be a whole number in [0, 1000], got -5");
    err = resolve_error("dj_kr", "ffe_post_tap_len", "1e30", line);
    CHECK(err == at(line) + "`ffe_post_tap_len` must be a whole number in [-1000, 1000], got 1e+30");
    err = resolve_error("dj_kr", "num_ui_RXFF_noise", "1e12", line);
    CHECK(err == at(line) + "`num_ui_RXFF_noise` must be a whole number in [0, 100000], got 1e+12");
    err = resolve_error("ck_kr", "sample_adjustment", "[-1e30 16]", line);
    CHECK(err == at(line) + "`sample_adjustment` must be a whole number in [-32, 32], got -1e+30");
    err = resolve_error("ck_c2m", "samples_for_C2M", "1e10", line);
    CHECK(err == at(line) + "`samples_for_C2M` must be a whole number in [0, 100000], got 1e+10");
    err = resolve_error("ck_kr", "Port Order", "[1 3 2 1e30]", line);
    CHECK(err == at(line) + "`Port Order` must be a whole number in [1, 4], got 1e+30");
    err = resolve_error("ck_kr", "Port Order", "[1 3 2 2]", line);
    CHECK(err == at(line) + "`Port Order` must be a permutation of 1 2 3 4");
}

TEST_CASE("COM configuration: NaN, infinite or negative physical quantities are refused at their line", "[com]") {
    int line = 0;
    std::string err = resolve_error("ck_kr", "f_b", "nan", line);
    CHECK(err == at(line) + "`f_b` must be finite, got `nan`");
    err = resolve_error("ck_kr", "f_b", "inf", line);
    CHECK(err == at(line) + "`f_b` must be finite, got `inf`");
    err = resolve_error("ck_kr", "f_b", "-53.125", line);
    CHECK(err == at(line) + "`f_b` must be positive, got -53.125");
    err = resolve_error("ck_kr", "Delta_f", "0", line);
    CHECK(err == at(line) + "`Delta_f` must be positive, got 0");
    err = resolve_error("ck_kr", "R_0", "-50", line);
    CHECK(err == at(line) + "`R_0` must be positive, got -50");
    err = resolve_error("ck_kr", "DER_0", "2", line);
    CHECK(err == at(line) + "`DER_0` must lie in (0, 1), got 2");
    err = resolve_error("ck_kr", "z_p (TX)", "[12 -31; 1.8 1.8]", line);
    CHECK(err == at(line) + "`z_p (TX)` lengths must not be negative, got -31");
    err = resolve_error("ck_kr", "C_p", "[1.1e-4 -1]", line);
    CHECK(err == at(line) + "`C_p` must not be negative, got -1");
    err = resolve_error("ck_kr", "C_d", "[1e-4 9e-5; -1 1]", line);
    CHECK(err == at(line) + "`C_d` must not be negative, got -1");
    err = resolve_error("ck_cr", "z_bp (TX)", "-110", line);
    CHECK(err == at(line) + "`z_bp (TX)` must not be negative, got -110");
    err = resolve_error("ck_kr", "f_r", "0", line);
    CHECK(err == at(line) + "`f_r` must be positive, got 0");
    err = resolve_error("ck_kr", "eta_0", "-1e-8", line);
    CHECK(err == at(line) + "`eta_0` must not be negative, got -1e-08");
    err = resolve_error("ck_kr", "A_fe", "-0.413", line);
    CHECK(err == at(line) + "`A_fe` must not be negative, got -0.413");
    err = resolve_error("ck_kr", "A_v", "[0.413 NaN]", line);
    CHECK(err == at(line) + "`A_v` must be finite, got `[0.413 NaN]`");
    // ERL alone (the COM tables are not needed): its integer entries are checked too
    ComConfig erl = load_com_config("ck_cr_erl_host");
    erl.set("M", "1e30");
    CHECK_THROWS_WITH(resolve_com_erl_params(erl),
                      "preset:ck_cr_erl_host: parameter `M` must be a whole number in [2, 1024], got 1e+30");
    erl.set("M", "32");
    erl.set("N_bx", "-1e300");
    CHECK_THROWS_WITH(resolve_com_erl_params(erl),
                      "preset:ck_cr_erl_host: parameter `N_bx` must be a whole number in [0, 1000], got -1e+300");
    erl.set("N_bx", "12");
    ComConfig nb = parse_com_config(with_entry("ck_cr_erl_host", "N_b", "1e30", line), "bad.cfg");
    nb.values.erase("n_bx");  // N_bx defaults to N_b: the error names N_b and its line
    CHECK_THROWS_WITH(resolve_com_erl_params(nb), at(line) + "`N_b` must be a whole number in [0, 1000], got 1e+30");
    erl.set("Z_t", "nan");
    CHECK_THROWS_WITH(resolve_com_erl_params(erl), "preset:ck_cr_erl_host: parameter `Z_t` must be finite, got `nan`");
}

// Finite but absurd values that made `racklink com ck_kr TE_4in.s4p --com-set ...` crash, hang or
// take tens of GB before the limits (com_config.hpp): f_min = 1e300 (segfault: empty FOM_ILD band
// in the fit), R_0 = 1e-300 (SIGFPE), R_0 = 1e-6 (23 GB), R_0 = 1e12 and f_b = 2000 (> 2 min),
// A_v = 1e6 (24 GB), sample_adjustment = [-1e6 1e6] (hang).
TEST_CASE("COM configuration: finite values that would crash or stall COM are refused with the limit", "[com]") {
    int line = 0;
    std::string err = resolve_error("ck_kr", "f_min", "1e300", line);
    CHECK(err == at(line) + "`f_min` (1e+300 GHz) must lie in [0, f_2) (f_2 = 40 GHz)");
    err = resolve_error("ck_kr", "f_1", "60", line);
    CHECK(err == at(line) + "`f_1` (60 GHz) must lie in [0, f_2) (f_2 = 40 GHz)");
    err = resolve_error("ck_kr", "f_b", "2000", line);
    CHECK(err == at(line) + "`f_b` must not exceed 1000 GBd, got 2000");
    err = resolve_error("ck_kr", "R_0", "1e-6", line);
    CHECK(err == at(line) + "`R_0` must lie in [1, 1000] ohm, got 1e-06");
    err = resolve_error("ck_kr", "R_0", "1e12", line);
    CHECK(err == at(line) + "`R_0` must lie in [1, 1000] ohm, got 1e+12");
    err = resolve_error("ck_kr", "A_v", "1e6", line);
    CHECK(err == at(line) + "`A_v` gives 1e+11 PDF bins (A_v 1e+06 V / PDF bin size 1e-05 V); the limit is 1e+07");
    // ck_kr's largest amplitude is A_ne = 0.608 V: 0.608 / 1e-300 bins
    err = resolve_error("ck_kr", "PDF bin size", "1e-300", line);
    CHECK(err == at(line) + "`PDF bin size` gives 6.08e+299 PDF bins (A_ne 0.608 V / PDF bin size 1e-300 V); the "
                            "limit is 1e+07");
    err = resolve_error("ck_kr", "sample_adjustment", "[-1000000 1000000]", line);
    CHECK(err == at(line) + "`sample_adjustment` must be a whole number in [-32, 32], got -1e+06");
    ComConfig erl = load_com_config("ck_cr_erl_host");
    erl.set("f_b", "1e6");
    CHECK_THROWS_WITH(resolve_com_erl_params(erl),
                      "preset:ck_cr_erl_host: parameter `f_b` must not exceed 1000 GBd, got 1e+06");
}

TEST_CASE("COM configuration: a very long or binary line gives a short one-line error", "[com]") {
    const std::string junk(20000, 'x');
    CHECK_THROWS_WITH(parse_com_config("f_b = 53.125\n" + junk + "\n", "bad.cfg"),
                      "bad.cfg:2: expected `name = value`, got `" + std::string(60, 'x') + "...`");
    CHECK_THROWS_WITH(parse_com_config(std::string("\x01\xff\x1b[2J\n"), "bad.cfg"),
                      "bad.cfg:1: expected `name = value`, got `\\x01\xff\\x1b[2J`");
    CHECK_THROWS_WITH(parse_com_config("z_p (TX) = [12 31; 1.8]\n", "bad.cfg"),
                      "bad.cfg:1: malformed matrix for `z_p (TX)`: [12 31; 1.8]");
    CHECK_THROWS_WITH(parse_com_config("g_DC = [1 2\n", "bad.cfg"),  // unterminated bracket
                      "bad.cfg:1: malformed matrix for `g_DC`: [1 2");
}

TEST_CASE("COM configuration: every preset stays within the limits", "[com]") {
    for (const auto& name : com_preset_names()) {
        INFO(name);
        const ComConfig c = load_com_config(name);
        CHECK_NOTHROW(resolve_com_erl_params(c));
        if (resolve_com_erl_params(c).erl_only) continue;
        const ComParams p = resolve_com_params(c);
        double grid = static_cast<double>(p.g_dc_db.size()) * std::max<std::size_t>(1, p.g_dc_hp_db.size());
        for (const auto& t : p.txffe_taps) grid *= static_cast<double>(t.size());
        CHECK(grid <= kComMaxSearchGrid / 5);  // 5x headroom at least (dj_kr: 1.6e8)
        CHECK(p.samples_per_ui <= kComMaxSamplesPerUi / 16);
        CHECK(p.ndfe <= kComMaxTaps / 20);
    }
}

TEST_CASE("COM fuzzer regressions give a configuration error or resolve, nothing else", "[com]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(RACKLINK_SOURCE_DIR) / "tests/sigint/com/fuzz_regressions";
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string name = e.path().filename().string();
        INFO(name);
        // The steps of fuzz/com_config_fuzz.cpp; std::invalid_argument naming the file is the
        // only exception allowed (CHECK_NOTHROW reports any other).
        auto step = [&](auto&& f) {
            try {
                f();
            } catch (const std::invalid_argument& err) {
                CHECK(std::string(err.what()).rfind(name, 0) == 0);
            }
        };
        CHECK_NOTHROW(step([&] {
            const ComConfig cfg = parse_com_config(ss.str(), name);
            step([&] { (void)resolve_com_params(cfg); });
            step([&] { (void)resolve_com_erl_params(cfg); });
            step([&] { (void)resolve_com_causality(cfg); });
            (void)com_unused_warnings(cfg);
        }));
        ++n;
    }
    CHECK(n >= 1);
}
