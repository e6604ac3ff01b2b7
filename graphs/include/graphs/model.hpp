#pragma once
/// The elaborated system model: one immutable Boost.Graph of racks, trays, devices, backplanes
/// and connectors (vertices) joined by links (edges), plus the tables the links refer to
/// (SerDes profiles, channel segments, parameter sets). Built once by `ModelBuilder` (the
/// elaborator in hdl/ uses it) and never mutated by an analysis.
///
/// Units: SI everywhere (m, s, Hz, W, K, bit/s, USD, dB for loss ratios). Names of raw doubles
/// carry their unit (`length_m`, `baud_hz`).

#include <boost/graph/adjacency_list.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace racklink::graphs {

/// A position in a description file. `file` indexes `Model::files()`; line and column are
/// 1-based (0 means "no location", e.g. for elements made by a command-line option).
struct SourceLoc {
    uint32_t file = 0;
    uint32_t line = 0;
    uint32_t col = 0;
    bool valid() const { return line != 0; }
};

/// What a vertex is. Devices are the active parts that terminate links.
enum class Kind : uint8_t {
    system,          ///< the top of a multi-rack description
    rack,            ///< a rack (EIA-310 rack units)
    tray,            ///< a tray / blade / shelf in a rack
    gpu,             ///< accelerator package (one or more dies)
    cpu,             ///< host CPU
    switch_chip,     ///< scale-up switch ASIC (e.g. NVLink switch)
    network_switch,  ///< scale-out switch ASIC (InfiniBand / Ethernet)
    nic,             ///< network interface (scale-out endpoint)
    retimer,         ///< retimer / redriver chip
    optical_engine,  ///< optical engine (CPO or pluggable module)
    laser_source,    ///< external laser source (ELS)
    backplane,       ///< backplane / midplane PCB
    connector,       ///< connector (backplane, cable cartridge, I/O)
    cooling,         ///< cold plate, CDU, manifold (thermal parts)
    other,           ///< anything else (power shelf, ...)
};
std::string_view to_string(Kind k);
std::optional<Kind> parse_kind(std::string_view s);
/// True for kinds that can terminate links (gpu .. laser_source).
bool is_device(Kind k);

/// One named parameter value. Numeric values are SI; text values (`laminate = "megtron7"`)
/// keep `text` and leave `value` at 0.
struct Param {
    std::string name;
    double value = 0.0;
    std::string text;
    bool is_text = false;
    SourceLoc loc;  ///< where the value was written (definition, instance override or --set)
};

/// A parameter set, sorted by name. Shared between elements with the same effective values.
struct ParamSet {
    std::vector<Param> items;  ///< sorted by name, unique
    const Param* find(std::string_view name) const;
    /// Numeric value or `fallback` when absent (or text).
    double get(std::string_view name, double fallback) const;
    /// Text value or `fallback` when absent.
    std::string_view text(std::string_view name, std::string_view fallback = {}) const;
    bool has(std::string_view name) const { return find(name) != nullptr; }
};

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// One rack unit: 1 U = 1.75 in = 44.45 mm (EIA-310-E). Heights are stored in m (SI).
inline constexpr double kRackUnitM = 0.04445;

/// Vertex bundle: one rack, tray, device, backplane, connector, ...
struct Element {
    Kind kind = Kind::other;
    std::string name;         ///< full instance path, e.g. "rack[1].compute[3].gpu[2]"
    std::string type;         ///< name of its definition, e.g. "B200"
    int32_t parent = -1;      ///< vertex of the containing element (-1 at the top)
    int32_t rack = -1;        ///< vertex of the enclosing rack (-1 when none)
    uint32_t params = 0;      ///< index into Model::param_sets()
    SourceLoc loc;            ///< the instance statement
    SourceLoc def_loc;        ///< the definition
    double u_bottom = kNaN;   ///< trays: lowest rack unit occupied (1-based, EIA-310 U)
    double u_height = 0.0;    ///< trays: height in rack units
    int32_t rack_slot = -1;   ///< racks: position in the row (0-based), for cross-rack geometry
};

/// A SerDes profile (lane electrical/optical standard).
struct Profile {
    std::string name;
    double baud_hz = 0.0;           ///< symbol rate
    double bits_per_symbol = 2.0;   ///< 2 for PAM4, 1 for NRZ
    double lane_rate_bps = 0.0;     ///< payload data rate per lane per direction
    double nyquist_hz = 0.0;        ///< baud / 2
    double loss_budget_db = 0.0;    ///< bump-to-bump insertion-loss budget at Nyquist
    double energy_j_per_bit = 0.0;  ///< SerDes energy per bit (both ends, one direction)
    uint32_t params = 0;            ///< all parameters as written (fec, ...)
    SourceLoc loc;
};

/// What physical segment a lane crosses.
enum class SegKind : uint8_t {
    package,          ///< package trace (die bump to ball)
    pcb_trace,        ///< PCB trace on a tray or board
    via,              ///< PCB via (with stub, or back-drilled)
    connector,        ///< mated connector pair
    twinax,           ///< twinax copper cable
    backplane_trace,  ///< trace on a backplane / midplane
    retimer,          ///< retimer (splits the channel into two)
    active_copper,    ///< ACC / AEC cable (redriver / retimer in the cable)
    optical_engine,   ///< electrical-optical conversion (CPO or pluggable)
    fiber,            ///< optical fiber
    touchstone,       ///< measured S-parameters from a Touchstone file
};
std::string_view to_string(SegKind k);
std::optional<SegKind> parse_segkind(std::string_view s);

/// An interned segment description: kind + part definition + resolved parameters.
struct SegmentSpec {
    SegKind kind = SegKind::pcb_trace;
    std::string part;         ///< name of the part definition ("Megtron7Stripline"), may be empty
    uint32_t params = 0;      ///< resolved parameters (part defaults + route overrides)
    SourceLoc loc;            ///< where the segment is written in its route
};

/// One segment as crossed by one link (lengths may differ per link when `length = auto`).
struct Segment {
    uint32_t spec = 0;        ///< index into Model::segment_specs()
    double length_m = 0.0;    ///< physical length (0 for lumped parts: vias, connectors)
    double count = 1.0;       ///< multiplicity (e.g. 2 vias)
    int32_t element = -1;     ///< vertex of the physical element crossed (backplane, ...), or -1
};

/// Which network a link belongs to.
enum class Fabric : uint8_t { scale_up, scale_out, host };
std::string_view to_string(Fabric f);
std::optional<Fabric> parse_fabric(std::string_view s);

/// Edge bundle: one full-duplex link between two device ports.
struct Link {
    uint32_t profile = 0;       ///< index into Model::profiles()
    uint16_t lanes = 1;         ///< lanes per direction
    Fabric fabric = Fabric::scale_up;
    uint32_t route = 0;         ///< index into Model::routes()
    uint32_t seg_begin = 0;     ///< first segment in Model::segments()
    uint32_t seg_count = 0;
    std::string port_a;         ///< e.g. "compute[3].gpu[1].nvl[7]"
    std::string port_b;
    SourceLoc loc;              ///< the connection statement
};

/// A part definition that is referred to by name rather than instantiated: repair classes,
/// laminates, coolants, cooling parts, media, ... (`kind` is the definition's kind keyword).
struct PartDef {
    std::string name;
    std::string kind;     ///< e.g. "repair", "laminate", "coolant", "cold_plate", "twinax"
    uint32_t params = 0;  ///< index into Model::param_sets()
    SourceLoc loc;
};

/// A named channel route as written in the description.
struct Route {
    std::string name;
    SourceLoc loc;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, Element, Link>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

/// The immutable system model.
class Model {
public:
    const Graph& graph() const { return graph_; }
    const std::string& name() const { return name_; }
    const std::vector<std::string>& files() const { return files_; }
    const std::vector<Profile>& profiles() const { return profiles_; }
    const std::vector<SegmentSpec>& segment_specs() const { return segment_specs_; }
    const std::vector<Segment>& segments() const { return segments_; }
    const std::vector<ParamSet>& param_sets() const { return param_sets_; }
    const std::vector<Route>& routes() const { return routes_; }
    /// Every part definition of the description and its imports, in source order.
    const std::vector<PartDef>& parts() const { return parts_; }
    /// The part definition with this name, or nullptr.
    const PartDef* find_part(std::string_view name) const;
    /// Top-level parameters of the description (options, globals) after --set overrides.
    const ParamSet& globals() const { return param_sets_.at(globals_); }

    const Element& element(Vertex v) const { return graph_[v]; }
    const Link& link(Edge e) const { return graph_[e]; }
    const ParamSet& params(const Element& e) const { return param_sets_.at(e.params); }
    const ParamSet& params(const Profile& p) const { return param_sets_.at(p.params); }
    const ParamSet& params(const SegmentSpec& s) const { return param_sets_.at(s.params); }
    const Profile& profile(const Link& l) const { return profiles_.at(l.profile); }
    /// The segments of a link, in route order.
    std::pair<const Segment*, const Segment*> segments(const Link& l) const {
        const Segment* b = segments_.data() + l.seg_begin;
        return {b, b + l.seg_count};
    }
    /// "file:line:col" for a location (or "<command line>" when invalid).
    std::string where(SourceLoc loc) const;

private:
    friend class ModelBuilder;
    Graph graph_;
    std::string name_;
    std::vector<std::string> files_;
    std::vector<Profile> profiles_;
    std::vector<SegmentSpec> segment_specs_;
    std::vector<Segment> segments_;
    std::vector<ParamSet> param_sets_;
    std::vector<Route> routes_;
    std::vector<PartDef> parts_;
    uint32_t globals_ = 0;
};

/// Builds a Model. Used by the elaborator and by tests that construct small systems directly.
class ModelBuilder {
public:
    ModelBuilder();
    void set_name(std::string name) { m_.name_ = std::move(name); }
    uint32_t add_file(std::string path);
    /// Interns a parameter set (items are sorted and de-duplicated by name, last one wins).
    uint32_t add_params(std::vector<Param> items);
    void set_globals(uint32_t params) { m_.globals_ = params; }
    Vertex add_element(Element e);
    uint32_t add_profile(Profile p);
    uint32_t add_route(Route r);
    uint32_t add_segment_spec(SegmentSpec s);
    uint32_t add_part(PartDef p);
    /// Adds a link; `segs` are appended to the segment table.
    Edge add_link(Vertex a, Vertex b, Link l, const std::vector<Segment>& segs);
    const Model& peek() const { return m_; }
    Model finish() &&;

private:
    Model m_;
};

}  // namespace racklink::graphs
