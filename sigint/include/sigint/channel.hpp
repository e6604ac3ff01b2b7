#pragma once
/// A channel is the cascade of its segments (package, traces, vias, connectors, cable, ...).
/// IL(f) of a channel is the sum of its segments' losses in dB (each segment taken as matched
/// to the next; reflections between segments are left to the Touchstone cascade and to COM).
/// Retimers, retimed active cables and optical engines split a channel into runs, each with its
/// own budget; optical runs get an optical power budget instead.

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sigint/ber.hpp"
#include "sigint/media.hpp"
#include "sigint/network.hpp"
#include "sigint/optical.hpp"

namespace racklink::sigint {

enum class SegmentKind {
    package,
    pcb_trace,
    via,
    connector,
    twinax,
    backplane_trace,
    retimer,
    active_copper,
    optical_engine,
    fiber,
    touchstone,
};
std::string_view to_string(SegmentKind k);
std::optional<SegmentKind> parse_segment_kind(std::string_view s);

/// One segment of a channel. Only the fields of its kind are used.
struct Segment {
    SegmentKind kind = SegmentKind::pcb_trace;
    std::string label;          ///< for reports (part name)
    double length_m = 0.0;      ///< media: physical length
    double count = 1.0;         ///< multiplicity (e.g. 2 vias)
    /// Lumped loss at ref_freq (connector, package, or any segment given `loss`); NaN = unset.
    /// For media kinds a lumped loss overrides the physics model and is per item.
    double loss_db = std::numeric_limits<double>::quiet_NaN();
    double ref_freq_hz = std::numeric_limits<double>::quiet_NaN();  ///< NaN: the profile's Nyquist
    TwinaxSpec twinax;          ///< twinax, active_copper
    TraceSpec trace;            ///< pcb_trace, backplane_trace, package (with length)
    ViaSpec via;                ///< via
    double gain_db = 0.0;       ///< active_copper without retimer: redriver gain at Nyquist
    bool retimed = false;       ///< active_copper: retimer in each plug (AEC) -> splits
    double power_w = 0.0;       ///< retimer, active_copper, optical_engine (per lane direction)
    double latency_s = 0.0;     ///< retimer, active_copper, optical_engine
    double energy_j_per_bit = 0.0;
    OpticalEngineSpec optical;  ///< optical_engine
    FiberSpec fiber;            ///< fiber
    std::shared_ptr<const Network> sdd;  ///< touchstone / connector from file: 2-port SDD network
};

/// True for segments that end an electrical run (retimer, retimed active copper, optical engine).
bool splits_channel(const Segment& s);

/// Insertion loss of one segment at f (dB, including count and length). `nyquist_hz` is the
/// default reference frequency of lumped losses. Optical kinds, retimers: 0 (electrically).
/// A Touchstone segment outside its data span takes the nearest edge value.
double segment_il_db(const Segment& s, double f_hz, double nyquist_hz);

/// Sum of segment_il_db over `segs` at each frequency of `grid_hz`.
std::vector<double> channel_il_db(const std::vector<Segment>& segs, const std::vector<double>& grid_hz,
                                  double nyquist_hz);

struct ChannelOptions {
    double nyquist_hz = 53.125e9;   ///< profile Nyquist
    double budget_db = 40.0;        ///< profile bump-to-bump budget at Nyquist
    double min_margin_db = 0.0;     ///< pass threshold on margin
    int pam_levels = 4;
    SnrModel snr;
    RsCode fec;
};

/// One run of a channel between two SerDes (electrical) or two optical engines (optical).
struct ChannelRun {
    bool optical = false;
    std::vector<std::size_t> segments;  ///< indices into the channel's segments
    double il_db = 0;                   ///< electrical: IL at Nyquist
    double budget_db = 0;
    double margin_db = 0;               ///< electrical: budget - IL; optical: optical margin
    double snr_db = 0;
    double ber_pre = 0;                 ///< estimated pre-FEC BER (electrical)
    double frame_loss = 0;              ///< RS frame loss ratio at ber_pre
    OpticalBudget optical_budget;       ///< optical runs
    double fiber_m = 0;
};

struct ChannelResult {
    std::vector<ChannelRun> runs;
    std::size_t worst_run = 0;
    double worst_margin_db = 0;
    double il_total_db = 0;     ///< sum of electrical IL at Nyquist over all runs
    double latency_s = 0;       ///< added by retimers, active cables, engines
    double power_w = 0;
    double energy_j_per_bit = 0;
    bool pass = false;
};

/// Evaluates a channel: splits it into runs, IL at Nyquist, margin, SNR, BER, FEC, optics.
ChannelResult evaluate_channel(const std::vector<Segment>& segs, const ChannelOptions& opt);

}  // namespace racklink::sigint
