#include "graphs/model.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace racklink::graphs {

namespace {
constexpr std::array<std::pair<Kind, std::string_view>, 15> kKindNames{{
    {Kind::system, "system"},
    {Kind::rack, "rack"},
    {Kind::tray, "tray"},
    {Kind::gpu, "gpu"},
    {Kind::cpu, "cpu"},
    {Kind::switch_chip, "switch_chip"},
    {Kind::network_switch, "network_switch"},
    {Kind::nic, "nic"},
    {Kind::retimer, "retimer"},
    {Kind::optical_engine, "optical_engine"},
    {Kind::laser_source, "laser_source"},
    {Kind::backplane, "backplane"},
    {Kind::connector, "connector"},
    {Kind::cooling, "cooling"},
    {Kind::other, "other"},
}};
constexpr std::array<std::pair<SegKind, std::string_view>, 11> kSegNames{{
    {SegKind::package, "package"},
    {SegKind::pcb_trace, "pcb_trace"},
    {SegKind::via, "via"},
    {SegKind::connector, "connector"},
    {SegKind::twinax, "twinax"},
    {SegKind::backplane_trace, "backplane_trace"},
    {SegKind::retimer, "retimer"},
    {SegKind::active_copper, "active_copper"},
    {SegKind::optical_engine, "optical_engine"},
    {SegKind::fiber, "fiber"},
    {SegKind::touchstone, "touchstone"},
}};
constexpr std::array<std::pair<Fabric, std::string_view>, 3> kFabricNames{{
    {Fabric::scale_up, "scale_up"},
    {Fabric::scale_out, "scale_out"},
    {Fabric::host, "host"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
    for (const auto& [k, n] : table)
        if (k == v) return n;
    return "?";
}
template <class E, std::size_t N>
std::optional<E> parse_in(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) {
    for (const auto& [k, n] : table)
        if (n == s) return k;
    return std::nullopt;
}
}  // namespace

std::string_view to_string(Kind k) { return name_of(kKindNames, k); }
std::optional<Kind> parse_kind(std::string_view s) { return parse_in(kKindNames, s); }
bool is_device(Kind k) { return k >= Kind::gpu && k <= Kind::laser_source; }
std::string_view to_string(SegKind k) { return name_of(kSegNames, k); }
std::optional<SegKind> parse_segkind(std::string_view s) { return parse_in(kSegNames, s); }
std::string_view to_string(Fabric f) { return name_of(kFabricNames, f); }
std::optional<Fabric> parse_fabric(std::string_view s) { return parse_in(kFabricNames, s); }

const Param* ParamSet::find(std::string_view name) const {
    auto it = std::lower_bound(items.begin(), items.end(), name,
                               [](const Param& p, std::string_view n) { return p.name < n; });
    return (it != items.end() && it->name == name) ? &*it : nullptr;
}

double ParamSet::get(std::string_view name, double fallback) const {
    const Param* p = find(name);
    return (p && !p->is_text) ? p->value : fallback;
}

std::string_view ParamSet::text(std::string_view name, std::string_view fallback) const {
    const Param* p = find(name);
    return (p && p->is_text) ? std::string_view(p->text) : fallback;
}

const PartDef* Model::find_part(std::string_view name) const {
    for (const PartDef& p : parts_)
        if (p.name == name) return &p;
    return nullptr;
}

std::string Model::where(SourceLoc loc) const {
    if (!loc.valid() || loc.file >= files_.size()) return "<command line>";
    return files_[loc.file] + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
}

ModelBuilder::ModelBuilder() {
    m_.param_sets_.push_back({});  // index 0: the empty set
}

uint32_t ModelBuilder::add_file(std::string path) {
    for (uint32_t i = 0; i < m_.files_.size(); ++i)
        if (m_.files_[i] == path) return i;
    m_.files_.push_back(std::move(path));
    return static_cast<uint32_t>(m_.files_.size() - 1);
}

uint32_t ModelBuilder::add_params(std::vector<Param> items) {
    if (items.empty()) return 0;
    // Last assignment of a name wins: stable sort keeps order, then keep the last of each run.
    std::stable_sort(items.begin(), items.end(),
                     [](const Param& a, const Param& b) { return a.name < b.name; });
    std::vector<Param> unique;
    unique.reserve(items.size());
    for (auto& p : items) {
        if (!unique.empty() && unique.back().name == p.name)
            unique.back() = std::move(p);
        else
            unique.push_back(std::move(p));
    }
    m_.param_sets_.push_back(ParamSet{std::move(unique)});
    return static_cast<uint32_t>(m_.param_sets_.size() - 1);
}

Vertex ModelBuilder::add_element(Element e) { return boost::add_vertex(std::move(e), m_.graph_); }

uint32_t ModelBuilder::add_profile(Profile p) {
    m_.profiles_.push_back(std::move(p));
    return static_cast<uint32_t>(m_.profiles_.size() - 1);
}

uint32_t ModelBuilder::add_route(Route r) {
    m_.routes_.push_back(std::move(r));
    return static_cast<uint32_t>(m_.routes_.size() - 1);
}

uint32_t ModelBuilder::add_segment_spec(SegmentSpec s) {
    m_.segment_specs_.push_back(std::move(s));
    return static_cast<uint32_t>(m_.segment_specs_.size() - 1);
}

uint32_t ModelBuilder::add_part(PartDef p) {
    m_.parts_.push_back(std::move(p));
    return static_cast<uint32_t>(m_.parts_.size() - 1);
}

Edge ModelBuilder::add_link(Vertex a, Vertex b, Link l, const std::vector<Segment>& segs) {
    l.seg_begin = static_cast<uint32_t>(m_.segments_.size());
    l.seg_count = static_cast<uint32_t>(segs.size());
    m_.segments_.insert(m_.segments_.end(), segs.begin(), segs.end());
    return boost::add_edge(a, b, std::move(l), m_.graph_).first;
}

Model ModelBuilder::finish() && { return std::move(m_); }

}  // namespace racklink::graphs
