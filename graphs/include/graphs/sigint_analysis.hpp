#pragma once
/// Signal integrity of every link of a system: each link's route segments become a
/// sigint channel (see sigint/channel.hpp), evaluated at its SerDes profile's Nyquist frequency
/// against the profile's bump-to-bump budget; results per link and per link class (route x
/// profile), the worst first.
///
/// Parameter mapping (Model segment params -> sigint inputs; SI units):
///   all kinds: loss [dB] + ref_freq [Hz] -> lumped loss scaled with frequency (overrides physics)
///   twinax / active_copper: awg, dielectric (foam_pe|solid_pe|fep|ptfe), impedance [ohm, diff.]
///   pcb_trace / backplane_trace / package (with length): laminate, foil, width [m],
///       style (stripline|microstrip), dk, df, roughness (huray|hammerstad|smooth), impedance
///   via: stub [m], dk, df          connector / touchstone: touchstone|file (path), port_order
///   retimer: power [W], latency [s], energy_per_bit [J/bit]
///   active_copper: gain [dB], retimed (0/1), power, latency, energy_per_bit
///   optical_engine: laser_power [dBm], laser_split, coupling_loss, modulator_loss, penalty [dB],
///       sensitivity [dBm], energy_per_bit, power, latency
///   fiber: attenuation [dB/m], connectors, connector_loss [dB], max_reach [m]
///   profile params (optional): snr_tx, crosstalk, residual_isi, rx_headroom [dB], min_margin [dB]
/// Segment::length_m and Segment::count carry length and multiplicity.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "graphs/model.hpp"
#include "sigint/ber.hpp"

namespace racklink::graphs {

struct SigintOptions {
    double min_margin_db = 0.0;  ///< a link passes when its worst run margin >= this
    sigint::SnrModel snr;        ///< defaults of the BER estimate (profile params override)
    /// Directory against which relative Touchstone paths are tried after the description's own
    /// directory ("" = current directory).
    std::string data_dir;
    /// Returns "" when valid, else what is wrong.
    std::string validate() const;
};

enum class SigintStatus { ok, fail, error };
std::string_view to_string(SigintStatus s);

/// One link's channel.
struct LinkSigint {
    std::size_t link = 0;          ///< index in boost::edges order
    std::string port_a, port_b;
    std::string profile;           ///< profile name
    std::string route;             ///< route name
    std::string route_where;       ///< "file:line:col" of the route definition
    std::string segments;          ///< e.g. "package + pcb_trace 0.08 m + connector + twinax 1.2 m + ..."
    double nyquist_hz = 0;
    double il_nyquist_db = 0;      ///< IL at Nyquist of the worst run
    double budget_db = 0;
    double margin_db = 0;          ///< worst run margin (dB; optical runs: optical margin)
    double reach_margin_m = 0;     ///< extra (or, negative, excess) length of the longest medium
    std::string reach_medium;      ///< the medium reach_margin_m refers to ("" when none)
    double snr_db = 0;
    double ber_pre = 0;            ///< estimated pre-FEC BER of the worst electrical run
    double frame_loss = 0;         ///< KP4 frame loss ratio at ber_pre
    std::size_t runs = 1;          ///< runs (retimers/optics split a link)
    double latency_s = 0;
    double power_w = 0;
    bool pass = false;
};

/// The worst link of each link class (same route and profile).
struct LinkClassSigint {
    std::string route;
    std::string profile;
    std::string route_where;
    std::size_t links = 0;         ///< links in the class
    std::size_t failing = 0;       ///< of which failing
    LinkSigint worst;              ///< the class's worst link
};

struct SigintResult {
    SigintStatus status = SigintStatus::ok;
    std::string message;                   ///< summary, or the errors (one per line, file:line:col)
    std::vector<LinkSigint> links;         ///< in link order
    std::vector<LinkClassSigint> classes;  ///< worst margin first
    std::size_t failing = 0;
    double worst_margin_db = 0;
};

/// Where a file named in the description at `loc` (a Touchstone file, a COM configuration)
/// is: an absolute path as written; a relative path against the directory of the file holding
/// `loc`, then against `data_dir` ("" = the current directory). Returns "" when none exists.
std::string find_description_file(const Model& m, SourceLoc loc, const std::string& path,
                                  const std::string& data_dir);

/// Evaluates every link of the model. Never throws for bad input: unknown laminates, unreadable
/// Touchstone files etc. give status error with file:line:col messages.
SigintResult analyze_sigint(const Model& m, const SigintOptions& opt = {});

/// IL(f) in dB of every link (boost::edges order) on `grid_hz`, row-major
/// [link * grid.size() + k]: the sum over the link's electrical segments (as one path, retimers
/// ignored). Segment specs are turned into per-metre and per-item curves once, so the cost is
/// one multiply-add per segment and point. Unusable specs contribute 0 (see analyze_sigint).
std::vector<double> link_il_curves(const Model& m, const std::vector<double>& grid_hz,
                                   const SigintOptions& opt = {});

/// The same curves, handed one link at a time to `visit(link_index, il_db)` (il_db has
/// grid.size() values, valid during the call) -- for large systems where storing every curve
/// would cost more than computing it.
void visit_link_il(const Model& m, const std::vector<double>& grid_hz, const SigintOptions& opt,
                   const std::function<void(std::size_t, const double*)>& visit);

}  // namespace racklink::graphs
