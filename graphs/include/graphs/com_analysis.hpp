#pragma once
/// Channel Operating Margin (IEEE Std 802.3-2022 Annex 93A, eq. 93A-1) of every link of a system
/// whose channel is measured: a route segment of kind `touchstone` whose `file` is a
/// single-ended 4-port thru channel, with `next = [...]` and `fext = [...]` aggressor files
/// (4-port each) and a COM configuration `com` (file or preset) on the segment or on the link's
/// SerDes profile. COM itself is sigint::compute_com (sigint/com.hpp); this analysis finds the
/// channels, evaluates each distinct (thru, NEXT, FEXT, configuration, port order) set once --
/// many links share one measured channel -- in parallel over distinct channels, and rolls the
/// results up per link and per link class (route x profile), the worst first.
///
/// The COM channel of a link is its route's one `touchstone` segment; COM adds the device
/// packages of its configuration, so the file is the ball-to-ball channel and the route's other
/// segments are not part of it. A link is a COM link when that segment names `next`, `fext` or
/// `com`, when its profile names `com`, or when ComAnalysisOptions::config is set; other links
/// are counted (`skipped`) and left out.
///
/// Units: dB for COM and FOM, mV for amplitudes (as the IEEE reference reports them).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graphs/model.hpp"
#include "sigint/com.hpp"

namespace racklink::graphs {

/// The items of a text-list parameter (`next = ["a.s4p", "b.s4p"]` is stored as one text
/// parameter with the items joined by '\n'); an empty text gives no items.
std::vector<std::string> split_text_list(std::string_view text);

struct ComAnalysisOptions {
    /// COM configuration (file or preset name, see sigint::load_com_config) used for every COM
    /// link instead of the one the description names; "" = as described.
    std::string config;
    /// COM parameter overrides (IEEE names, literal values), applied to every configuration.
    std::vector<std::pair<std::string, std::string>> config_set;
    /// Directory tried after the description's own directory for relative files.
    std::string data_dir;
    /// Worker threads over distinct channels (0 = sigint::available_cpus(): the CPUs this process may run on).
    unsigned threads = 1;
    /// Returns "" when valid, else what is wrong.
    std::string validate() const;
};

enum class ComAnalysisStatus { ok, fail, error };
std::string_view to_string(ComAnalysisStatus s);

/// The figures of one package case (sigint::ComCaseResult, abridged).
struct ComCaseFigures {
    int package_case = 1;  ///< entry of the configuration's `z_p select`
    double com_db = 0;     ///< COM = 20 log10(A_s / A_ni) (93A-1)
    double fom_db = 0;     ///< figure of merit of the chosen equalizer (93A-36)
    double as_mv = 0;      ///< available signal amplitude A_s (mV)
    double ani_mv = 0;     ///< noise and interference amplitude A_ni at DER_0 (mV)
    bool pass = false;     ///< com_db >= threshold
};

/// One distinct measured channel and its COM.
struct ComChannel {
    std::string thru;                ///< resolved path of the thru file
    std::vector<std::string> next;   ///< resolved NEXT paths, as listed
    std::vector<std::string> fext;   ///< resolved FEXT paths, as listed
    std::string config;              ///< configuration: preset name or resolved file path
    std::string port_order;          ///< the segment's port_order ("" = the configuration's)
    std::string where;               ///< "file:line:col" of the segment (first use)
    std::size_t links = 0;           ///< links that use it
    sigint::ComStatus status = sigint::ComStatus::ok;
    std::string message;             ///< compute_com's message when not ok
    std::vector<ComCaseFigures> cases;
    double com_db = 0;               ///< worst case (NaN when equalization failed)
    double threshold_db = 3;         ///< the configuration's pass threshold
    double il_nyquist_db = 0;        ///< thru IL at f_b/2
    double fom_ild_db = 0;           ///< FOM_ILD (93A-56)
    double icn_mv = 0;               ///< integrated crosstalk noise (93A-57)
    bool pass = false;               ///< every case passes
};

/// One COM link (a link whose channel is measured).
struct LinkCom {
    std::size_t link = 0;       ///< index in boost::edges order
    std::string port_a, port_b;
    std::string profile;
    std::string route;
    std::string route_where;    ///< "file:line:col" of the route definition
    std::size_t channel = 0;    ///< index in ComAnalysis::channels
    double com_db = 0;          ///< the channel's worst-case COM
    bool pass = false;
};

/// The worst link of each link class (same route and profile).
struct LinkClassCom {
    std::string route, profile, route_where;
    std::size_t links = 0;      ///< COM links in the class
    std::size_t failing = 0;
    LinkCom worst;              ///< the class's worst link (its channel holds the cases)
};

struct ComAnalysis {
    ComAnalysisStatus status = ComAnalysisStatus::ok;
    std::string message;                  ///< summary, or the errors (one per line, file:line:col)
    /// "FILE:LINE: warning: ..." for configuration entries COM does not read (sigint::com_unused_parameters),
    /// once per configuration; then "FILE:LINE:COL: warning: COM of 'THRU': ..." for channel data
    /// to look at (sigint::ComResult::warnings: not passive, data ending below f_b/2), per channel
    std::vector<std::string> warnings;
    std::vector<ComChannel> channels;     ///< distinct channels, in order of first use
    std::vector<LinkCom> links;           ///< COM links, in link order
    std::vector<LinkClassCom> classes;    ///< worst COM first
    std::size_t skipped = 0;              ///< links without COM data
    std::size_t failing = 0;              ///< COM links that fail
    std::size_t evaluations = 0;          ///< compute_com calls (= channels evaluated)
    double worst_com_db = 0;              ///< over COM links (0 when none)
};

/// COM of every COM link of the model. Never throws for bad input: missing files, files that
/// are not 4-ports, unknown configurations give status error with file:line:col messages.
/// Results do not depend on `threads`.
ComAnalysis analyze_com(const Model& m, const ComAnalysisOptions& opt = {});

}  // namespace racklink::graphs
