#pragma once
/// Configuration of the Channel Operating Margin (IEEE 802.3 Annex 93A / 178A).
///
/// A RackLink COM configuration is plain text, one `name = value` per line, `#` starts a
/// comment. Names are the parameter names of the IEEE 802.3 COM configuration spreadsheets
/// (`f_b`, `C_d`, `z_p (TX)`, `g_DC`, `b_max(2..N_b)`, ...), case-insensitive, with the
/// spreadsheet units (GBd, GHz, nF, nH, mm, V, UI, V^2/GHz, dB). Values are numbers,
/// MATLAB-style matrices (`[12 31; 1.8 1.8]`), ranges (`[-0.18:0.02:0]`, `-12:1:0`) or text.
/// docs/com.md lists every name RackLink reads, its unit and its default.
///
/// Built-in presets (com_preset_names): the 802.3ck tables ck_kr (100GBASE-KR1), ck_cr
/// (100GBASE-CR1 cable assembly, with host boards: `Include PCB = 1`) and ck_c2c (100GAUI-1 C2C,
/// Annex 120F), transcribed from the official 802.3ck COM configuration spreadsheets; dj_kr
/// (200GBASE-KR1, from PyChOpMarg's 802.3dj table) and kr4_c93 (100GBASE-KR4, Clause 93; not
/// checked against a cited table). docs/com.md, "Presets", lists sources and what was verified.

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace racklink::sigint {

/// Limits of the configuration reader. A value beyond one is refused with
/// "SOURCE:LINE: parameter `NAME` ..." naming the limit, so that a typo (`[-1:1e-12:1]`, `M = 1e30`)
/// cannot ask for billions of grid points, samples or taps, or overflow an integer. Each is a
/// generous multiple of what the built-in presets and tests/golden/com/*.cfg need (in brackets).
/// Numbers in one value, ranges expanded (largest preset value: 69, the dj_kr c(-1) grid).
inline constexpr std::size_t kComMaxValueNumbers = 100000;
/// Equalizer search grid: TX FFE tap combinations x g_DC x g_DC_HP (dj_kr preset: 1.6e8).
inline constexpr double kComMaxSearchGrid = 1e9;
/// f_b in GBd (presets: at most 106.25; 2000 GBd ran for minutes, 1e6 GBd ran out of memory).
inline constexpr double kComMaxBaudGBd = 1000;
/// R_0 in ohm (presets: 50; 1e-6 ohm took 23 GB, 1e12 ohm ran for minutes).
inline constexpr double kComMinR0Ohm = 1, kComMaxR0Ohm = 1000;
/// PDF bins: the largest of A_v, A_fe, A_ne over `PDF bin size` (presets: 0.6 V / 1e-5 V = 6e4;
/// A_v = 1e6 V took 24 GB).
inline constexpr double kComMaxPdfBins = 1e7;
/// Bins of one computed PDF (the ISI/crosstalk PDF of a pulse response, 93A-39/40, or the
/// Gaussian noise PDF, 93A-41..43), checked when it is built: a channel with gain or noise terms
/// such as eta_0 = 1e300 V^2/GHz would otherwise ask for terabytes or overflow the bin index
/// (goldens and public sets: at most 4.6e4, dj_xls on TE 10 in; 1e8 doubles are 800 MB).
inline constexpr double kComMaxPdfSpanBins = 1e8;
/// Txpskew, Txnskew, Rxpskew, Rxnskew in ps, magnitude (presets: 0; 1 ns of skew is some 15 cm of
/// trace mismatch, far beyond any link COM could pass).
inline constexpr double kComMaxSkewPs = 1e4;
/// M, samples per UI (presets: 32).
inline constexpr int kComMaxSamplesPerUi = 1024;
/// L, signal levels (presets: 2 and 4).
inline constexpr int kComMaxLevels = 16;
/// Tap and span counts: N_b, N_v, D_p, N_bg, N_bf, N_f, N_tail_start, ffe_pre_tap_len,
/// ffe_post_tap_len, N_bx (presets: at most 40).
inline constexpr int kComMaxTaps = 1000;
/// num_ui_RXFF_noise and samples_for_C2M (presets: 2048 and 100).
inline constexpr int kComMaxCount = 100000;
/// Other integers: ts_anchor, Local Search, BTorder, EXE_MODE, Grr (presets: <= 16).
/// (sample_adjustment must lie within one UI, [-M, M]; presets: [-16 16] with M = 32.)
inline constexpr int kComMaxIndex = 1000000;

/// One configuration value: a numeric matrix (rows x cols, row-major) or text.
struct ComValue {
    std::vector<std::vector<double>> rows;  ///< numeric value; empty when text or `[]`
    std::string text;                       ///< the literal as written (always set)
    bool is_numeric = false;
    int line = 0;  ///< 1-based line in the source, 0 for overrides

    std::size_t numel() const;
    /// Elements in MATLAB column-major order (linear indexing).
    std::vector<double> linear() const;
    /// Elements of the transpose in MATLAB column-major order (= row-major of the value).
    std::vector<double> row_major() const;
};

/// A parsed configuration: parameter name (lower-cased) -> value.
struct ComConfig {
    std::string source;  ///< file name or preset name (for messages)
    std::map<std::string, ComValue> values;
    std::map<std::string, std::string> spelled;  ///< lower-cased name -> name as written

    /// While set, find() and has() record every name they are asked for here (lower-cased),
    /// present or not (com_unused_parameters). Not owned; null outside that check.
    std::set<std::string>* reads = nullptr;

    bool has(std::string_view name) const;
    const ComValue* find(std::string_view name) const;
    /// Sets or replaces a value from its literal text (e.g. overrides from a command line).
    void set(const std::string& name, const std::string& literal);
    /// The configuration as text in the file format (round-trips through parse_com_config).
    std::string to_text() const;
};

/// Parses configuration text. Throws std::invalid_argument "source:line: message" on a
/// malformed line or value (an input boundary), including a range that is not finite or gives
/// more than kComMaxValueNumbers numbers.
ComConfig parse_com_config(std::string_view text, const std::string& source);

/// Reads a configuration file, or a preset when `path_or_preset` names one ("preset:NAME" or
/// a bare preset name that is not an existing file). Throws std::invalid_argument.
ComConfig load_com_config(const std::string& path_or_preset);

/// The names of `cfg` (as written; by line, command-line overrides first) that RackLink's COM and ERL do not read with
/// the configuration's own switches: misspelt names, options of another PMD or method (e.g.
/// `FFE_SNR` without WIENER-HOPF), reference options RackLink does not implement. The reference
/// spreadsheets' display and file-output switches (RESULT_DIR, DIAGNOSTICS, ...), which cannot
/// change a figure, are not listed. Runs resolve_com_params and resolve_com_erl_params on a copy
/// and ignores their errors (the caller reports those when it resolves for real).
std::vector<std::string> com_unused_parameters(const ComConfig& cfg);

/// One "SOURCE[:LINE]: warning: `NAME` is not read ..." message per com_unused_parameters name.
std::vector<std::string> com_unused_warnings(const ComConfig& cfg);

/// Names of the built-in presets (ck_kr, ck_cr, ck_c2c, dj_kr, kr4_c93).
std::vector<std::string> com_preset_names();
/// The text of a built-in preset; throws std::invalid_argument for an unknown name.
std::string com_preset_text(const std::string& name);

}  // namespace racklink::sigint
