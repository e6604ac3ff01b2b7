#include "graphs/structure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/one_bit_color_map.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>
#include <boost/graph/stoer_wagner_min_cut.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

namespace racklink::graphs {

std::string StructureOptions::validate() const {
    for (std::size_t i = 0; i < fail.size(); ++i)
        if (fail[i].empty()) return fmt::format("fail[{}]: empty element name", i);
    if (static_cast<int>(fabric) > static_cast<int>(Fabric::host))
        return "fabric: not one of scale_up, scale_out, host";
    if (!is_device(endpoint))
        return fmt::format("endpoint: {} is not a device kind", to_string(endpoint));
    return {};
}

std::string_view to_string(StructureStatus s) { return s == StructureStatus::ok ? "ok" : "error"; }

namespace {

// ---------------------------------------------------------------------------------------------
// Failure masks, applied through boost::filtered_graph (the model graph is never copied).

struct VertexAlive {
    const std::vector<char>* failed = nullptr;
    bool operator()(Vertex v) const { return !(*failed)[v]; }
};

struct EdgeAlive {
    const Model* model = nullptr;
    const std::vector<char>* failed = nullptr;
    Fabric fabric = Fabric::scale_up;
    bool check_segments = false;  // true when some failed element is crossed by a segment
    bool operator()(Edge e) const {
        const Graph& g = model->graph();
        const Link& l = g[e];
        if (l.fabric != fabric) return false;
        if ((*failed)[boost::source(e, g)] || (*failed)[boost::target(e, g)]) return false;
        if (check_segments) {
            auto [b, end] = model->segments(l);
            for (const Segment* s = b; s != end; ++s)
                if (s->element >= 0 && (*failed)[static_cast<std::size_t>(s->element)])
                    return false;
        }
        return true;
    }
};

using FabricView = boost::filtered_graph<Graph, EdgeAlive, VertexAlive>;

bool continues_path(std::string_view name, std::string_view prefix) {
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return false;
    char c = name[prefix.size()];
    return c == '.' || c == '[';
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1] ? 1 : 0)});
            diag = up;
        }
    }
    return row[b.size()];
}

// ---------------------------------------------------------------------------------------------
// Max flow on a small derived network (one component), capacities in bit/s (integers keep the
// push-relabel result exact).

using FlowTraits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using FlowGraph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<
        boost::edge_capacity_t, int64_t,
        boost::property<boost::edge_residual_capacity_t, int64_t,
                        boost::property<boost::edge_reverse_t, FlowTraits::edge_descriptor>>>>;

struct LocalLink {
    int a = 0;
    int b = 0;
    int64_t cap_bps = 0;  // per direction
};

/// One connected component of the fabric, with local vertex indices 0..n-1.
struct Component {
    std::vector<Vertex> vertices;  // local -> model vertex, in model index order
    std::vector<int> gpus;         // local indices of GPUs, in model index order
    std::vector<LocalLink> links;
};

void add_pair(FlowGraph& g, int u, int v, int64_t cap_uv, int64_t cap_vu) {
    auto cap = boost::get(boost::edge_capacity, g);
    auto rev = boost::get(boost::edge_reverse, g);
    auto e1 = boost::add_edge(static_cast<std::size_t>(u), static_cast<std::size_t>(v), g).first;
    auto e2 = boost::add_edge(static_cast<std::size_t>(v), static_cast<std::size_t>(u), g).first;
    cap[e1] = cap_uv;
    cap[e2] = cap_vu;
    rev[e1] = e2;
    rev[e2] = e1;
}

/// Max flow (bit/s, per direction) from the local vertices `a` to the local vertices `b`, each
/// link usable in both directions with its capacity (super source -> a, b -> super sink).
int64_t max_flow(const Component& c, const std::vector<int>& a, const std::vector<int>& b,
                 bool unit_capacity) {
    if (a.empty() || b.empty()) return 0;
    const int n = static_cast<int>(c.vertices.size());
    FlowGraph g(static_cast<std::size_t>(n + 2));
    int64_t total = 0;
    for (const LocalLink& l : c.links) {
        int64_t cap = unit_capacity ? 1 : l.cap_bps;
        // Two arc pairs, each with a zero-capacity reverse: Boost's push-relabel second phase
        // (preflow -> flow) only returns excess along zero-capacity reverse arcs.
        add_pair(g, l.a, l.b, cap, 0);
        add_pair(g, l.b, l.a, cap, 0);
        total += cap;
    }
    const int src = n, snk = n + 1;
    const int64_t inf = total + 1;
    for (int v : a) add_pair(g, src, v, inf, 0);
    for (int v : b) add_pair(g, v, snk, inf, 0);
    return boost::push_relabel_max_flow(g, static_cast<std::size_t>(src),
                                        static_cast<std::size_t>(snk));
}

/// Fewest links whose removal disconnects two GPUs of the component. Stoer-Wagner global min
/// cut (O(V E + V^2 log V)); when that cut leaves all GPUs on one side (it isolates switches
/// only), fall back to the exact terminal cut: min over GPUs t != s of maxflow(s, t) with unit
/// capacities ((#GPUs - 1) flows).
int32_t gpu_edge_connectivity(const Component& c) {
    using UGraph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                              boost::property<boost::edge_weight_t, int64_t>>;
    const std::size_t n = c.vertices.size();
    if (c.gpus.size() < 2) return -1;
    // A connected component with an endpoint of degree 1 (a NIC on one leaf) has connectivity
    // exactly 1: it is at most the smallest endpoint degree and at least 1.
    std::vector<int32_t> degree(n, 0);
    for (const LocalLink& l : c.links) {
        ++degree[static_cast<std::size_t>(l.a)];
        ++degree[static_cast<std::size_t>(l.b)];
    }
    for (int v : c.gpus)
        if (degree[static_cast<std::size_t>(v)] <= 1) return 1;
    UGraph ug(n);
    for (const LocalLink& l : c.links)
        boost::add_edge(static_cast<std::size_t>(l.a), static_cast<std::size_t>(l.b), 1, ug);
    auto parity = boost::make_one_bit_color_map(n, boost::get(boost::vertex_index, ug));
    int64_t cut = boost::stoer_wagner_min_cut(ug, boost::get(boost::edge_weight, ug),
                                              boost::parity_map(parity));
    bool side0 = false, side1 = false;
    for (int v : c.gpus) (boost::get(parity, static_cast<std::size_t>(v)) ? side1 : side0) = true;
    if (side0 && side1) return static_cast<int32_t>(cut);
    int64_t best = std::numeric_limits<int64_t>::max();
    for (std::size_t i = 1; i < c.gpus.size() && best > cut; ++i)
        best = std::min(best, max_flow(c, {c.gpus[0]}, {c.gpus[i]}, true));
    return static_cast<int32_t>(best);
}

/// Largest hop count from a GPU to another GPU of the component (BFS per GPU; GPUs with the same
/// neighbour set have the same GPU eccentricity, so one BFS serves all of them).
int32_t gpu_diameter(const Component& c) {
    if (c.gpus.size() < 2) return -1;
    const std::size_t n = c.vertices.size();
    std::vector<std::vector<int>> adj(n);
    for (const LocalLink& l : c.links) {
        adj[static_cast<std::size_t>(l.a)].push_back(l.b);
        adj[static_cast<std::size_t>(l.b)].push_back(l.a);
    }
    for (auto& a : adj) {
        std::sort(a.begin(), a.end());
        a.erase(std::unique(a.begin(), a.end()), a.end());
    }
    std::vector<char> is_gpu(n, 0);
    for (int v : c.gpus) is_gpu[static_cast<std::size_t>(v)] = 1;
    std::map<std::vector<int>, int32_t> by_neighbours;
    std::vector<int32_t> dist(n);
    std::vector<int> queue(n);
    int32_t diameter = 0;
    for (int s : c.gpus) {
        const auto& key = adj[static_cast<std::size_t>(s)];
        if (auto it = by_neighbours.find(key); it != by_neighbours.end()) continue;
        std::fill(dist.begin(), dist.end(), -1);
        std::size_t head = 0, tail = 0;
        queue[tail++] = s;
        dist[static_cast<std::size_t>(s)] = 0;
        int32_t ecc = 0;
        while (head < tail) {
            int u = queue[head++];
            int32_t du = dist[static_cast<std::size_t>(u)];
            if (is_gpu[static_cast<std::size_t>(u)]) ecc = std::max(ecc, du);
            for (int w : adj[static_cast<std::size_t>(u)])
                if (dist[static_cast<std::size_t>(w)] < 0) {
                    dist[static_cast<std::size_t>(w)] = du + 1;
                    queue[tail++] = w;
                }
        }
        by_neighbours.emplace(key, ecc);
        diameter = std::max(diameter, ecc);
    }
    // Twins (same neighbour set, non-empty) have the same distance to every other vertex and are
    // 2 hops apart, so the skipped BFS would give the same eccentricity.
    return diameter;
}

int64_t capacity_bps(const Model& m, const Link& l) {
    return std::llround(static_cast<double>(l.lanes) * m.profile(l).lane_rate_bps);
}

/// Results of one component that depend only on its local structure (links in local indices
/// and which local vertices are GPUs). Identical components (the racks of a cluster, elaborated
/// from one definition) are analysed once: the key is compared in full, so the memo is exact.
struct ComponentMemo {
    int32_t diameter = 0;
    int32_t connectivity = 0;
    std::map<std::vector<int>, int64_t> flows;  // side A (local GPU indices) -> max flow, bit/s
};
using ComponentKey = std::pair<std::vector<int>, std::vector<LocalLink>>;

bool operator<(const LocalLink& x, const LocalLink& y) {
    return std::tie(x.a, x.b, x.cap_bps) < std::tie(y.a, y.b, y.cap_bps);
}

int64_t memo_flow(ComponentMemo& memo, const Component& c, const std::vector<int>& a,
                  const std::vector<int>& b) {
    if (a.empty() || b.empty()) return 0;
    auto [it, fresh] = memo.flows.emplace(a, 0);
    if (fresh) it->second = max_flow(c, a, b, false);
    return it->second;
}

FabricFigures figures(const Model& m, const FabricView& view, const StructureOptions& opt) {
    FabricFigures f;
    const Graph& g = m.graph();
    const std::size_t nv = boost::num_vertices(g);
    std::vector<double> bw(nv, 0.0);
    std::vector<int32_t> degree(nv, 0);
    struct FabricEdge {
        Vertex a, b;
        int64_t cap_bps;
    };
    std::vector<FabricEdge> fabric_edges;
    for (auto [it, end] = boost::edges(view); it != end; ++it) {
        const Link& l = g[*it];
        // lanes x lane rate (bit/s per direction) x 2 directions / 8 bit per byte
        double bps = static_cast<double>(l.lanes) * m.profile(l).lane_rate_bps * 2.0 / 8.0;
        Vertex a = boost::source(*it, g), b = boost::target(*it, g);
        bw[a] += bps;
        bw[b] += bps;
        ++degree[a];
        ++degree[b];
        if (a != b) fabric_edges.push_back({a, b, capacity_bps(m, l)});  // loops carry nothing
    }
    f.links = static_cast<int64_t>(fabric_edges.size());

    // GPUs (alive) and their bandwidth.
    std::vector<Vertex> gpus;
    for (auto [it, end] = boost::vertices(view); it != end; ++it)
        if (g[*it].kind == opt.endpoint) gpus.push_back(*it);
    f.gpus = static_cast<int64_t>(gpus.size());
    if (!gpus.empty()) {
        f.gpu_bandwidth_min_Bps = std::numeric_limits<double>::infinity();
        for (Vertex v : gpus) {
            f.gpu_bandwidth_min_Bps = std::min(f.gpu_bandwidth_min_Bps, bw[v]);
            f.gpu_bandwidth_max_Bps = std::max(f.gpu_bandwidth_max_Bps, bw[v]);
            f.aggregate_bandwidth_Bps += bw[v];
        }
        f.gpu_bandwidth_mean_Bps = f.aggregate_bandwidth_Bps / static_cast<double>(gpus.size());
    }

    // Connected components of the view (Boost, on the filtered graph); only those holding GPUs
    // count. Vertices outside the fabric are singletons and ignored.
    std::vector<int> comp_of(nv, -1);
    auto comp_map =
        boost::make_iterator_property_map(comp_of.begin(), boost::get(boost::vertex_index, g));
    boost::connected_components(view, comp_map);
    std::vector<int> slot_of_comp(nv, -1);  // component id -> index in comps (first-seen order)
    std::vector<Component> comps;
    std::vector<int> local(nv, -1);
    for (auto [it, end] = boost::vertices(view); it != end; ++it) {
        Vertex v = *it;
        if (degree[v] == 0 && g[v].kind != opt.endpoint) continue;
        int& slot = slot_of_comp[static_cast<std::size_t>(comp_of[v])];
        if (slot < 0) {
            slot = static_cast<int>(comps.size());
            comps.emplace_back();
        }
        Component& c = comps[static_cast<std::size_t>(slot)];
        local[v] = static_cast<int>(c.vertices.size());
        c.vertices.push_back(v);
        if (g[v].kind == opt.endpoint) c.gpus.push_back(local[v]);
    }
    for (const FabricEdge& e : fabric_edges) {
        int slot = slot_of_comp[static_cast<std::size_t>(comp_of[e.a])];
        comps[static_cast<std::size_t>(slot)].links.push_back({local[e.a], local[e.b], e.cap_bps});
    }

    // Global splits: natural (first half of the GPUs in index order) and interleaved.
    std::vector<char> half_b(nv, 0), odd(nv, 0);
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        half_b[gpus[i]] = i >= gpus.size() / 2;
        odd[gpus[i]] = i % 2;
    }
    int64_t natural_bps = 0, interleaved_bps = 0;
    int64_t domain_bps = std::numeric_limits<int64_t>::max();
    int32_t diameter = -1, connectivity = std::numeric_limits<int32_t>::max();
    f.smallest_component_gpus = std::numeric_limits<int32_t>::max();
    std::map<ComponentKey, ComponentMemo> memos;
    for (Component& c : comps) {
        if (c.gpus.empty()) continue;
        ++f.components;
        const auto ng = static_cast<int32_t>(c.gpus.size());
        f.largest_component_gpus = std::max(f.largest_component_gpus, ng);
        f.smallest_component_gpus = std::min(f.smallest_component_gpus, ng);
        if (ng < 2) continue;
        f.gpus_reachable += ng;
        ComponentKey key{c.gpus, c.links};
        auto [memo_it, fresh] = memos.try_emplace(std::move(key));
        ComponentMemo& memo = memo_it->second;
        if (fresh) {
            memo.diameter = opt.diameter ? gpu_diameter(c) : -1;
            memo.connectivity = opt.connectivity ? gpu_edge_connectivity(c) : -1;
        }
        // Flows cannot cross components, so a global split's max flow is the sum over
        // components of the flow between the split's restrictions to each component.
        std::vector<int> a, b, ia, ib, da, db;
        for (std::size_t i = 0; i < c.gpus.size(); ++i) {
            int v = c.gpus[i];
            Vertex mv = c.vertices[static_cast<std::size_t>(v)];
            (half_b[mv] ? b : a).push_back(v);
            (odd[mv] ? ib : ia).push_back(v);
            (i >= c.gpus.size() / 2 ? db : da).push_back(v);
        }
        natural_bps += memo_flow(memo, c, a, b);
        if (opt.interleaved_bisection) interleaved_bps += memo_flow(memo, c, ia, ib);
        domain_bps = std::min(domain_bps, memo_flow(memo, c, da, db));
        if (opt.diameter) diameter = std::max(diameter, memo.diameter);
        if (opt.connectivity) connectivity = std::min(connectivity, memo.connectivity);
    }
    if (f.components == 0) f.smallest_component_gpus = 0;
    f.bisection_natural_Bps = static_cast<double>(natural_bps) / 8.0;
    f.bisection_bandwidth_Bps = f.bisection_natural_Bps;
    if (opt.interleaved_bisection) {
        f.bisection_interleaved_Bps = static_cast<double>(interleaved_bps) / 8.0;
        f.bisection_bandwidth_Bps =
            std::min(f.bisection_bandwidth_Bps, f.bisection_interleaved_Bps);
    }
    f.domain_bisection_bandwidth_Bps = domain_bps == std::numeric_limits<int64_t>::max()
                                           ? 0.0
                                           : static_cast<double>(domain_bps) / 8.0;
    f.diameter_hops = diameter;
    f.edge_connectivity = connectivity == std::numeric_limits<int32_t>::max() ? -1 : connectivity;
    return f;
}

}  // namespace

std::vector<std::string> nearest_element_names(const Model& model, std::string_view name,
                                               std::size_t n) {
    const Graph& g = model.graph();
    std::vector<std::pair<std::size_t, Vertex>> scored;
    for (auto [it, end] = boost::vertices(g); it != end; ++it)
        scored.emplace_back(edit_distance(name, g[*it].name), *it);
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < n; ++i)
        out.push_back(g[scored[i].second].name);
    return out;
}

StructureResult analyze_structure(const Model& model, const StructureOptions& options) {
    StructureResult r;
    r.fabric = std::string(to_string(options.fabric));
    r.endpoint = std::string(to_string(options.endpoint));
    if (std::string err = options.validate(); !err.empty()) {
        r.status = StructureStatus::error;
        r.message = "invalid structure options: " + err;
        return r;
    }
    const Graph& g = model.graph();
    const std::size_t nv = boost::num_vertices(g);

    // Resolve the failed elements first: an unknown name is an error before any figure.
    std::vector<char> failed(nv, 0);
    for (const std::string& name : options.fail) {
        bool matched = false;
        for (std::size_t v = 0; v < nv; ++v)
            if (g[v].name == name || continues_path(g[v].name, name)) failed[v] = matched = true;
        if (!matched) {
            std::string hint;
            for (const std::string& s : nearest_element_names(model, name, 3))
                hint += (hint.empty() ? "\"" : ", \"") + s + "\"";
            r.status = StructureStatus::error;
            r.message = fmt::format("fail: no element named \"{}\"{}", name,
                                    hint.empty() ? "" : "; did you mean " + hint + "?");
            return r;
        }
    }
    // Everything contained in a failed element fails too (Element::parent chain).
    {
        std::vector<char> state(nv, 0);  // 0 unknown, 1 failed, 2 alive
        std::vector<std::size_t> chain;
        for (std::size_t v = 0; v < nv; ++v) {
            std::size_t u = v;
            chain.clear();
            char s = 0;
            while (true) {
                if (state[u]) {
                    s = state[u];
                    break;
                }
                if (failed[u]) {
                    s = 1;
                    break;
                }
                chain.push_back(u);
                int32_t p = g[u].parent;
                if (p < 0 || static_cast<std::size_t>(p) >= nv || chain.size() > nv) {
                    s = 2;
                    break;
                }
                u = static_cast<std::size_t>(p);
            }
            state[u] = s;
            for (std::size_t w : chain) state[w] = s;
        }
        for (std::size_t v = 0; v < nv; ++v) failed[v] = state[v] == 1 || failed[v];
    }

    // Counts by kind; link, lane, pair, cable and fiber counts of the fabric.
    for (auto [it, end] = boost::vertices(g); it != end; ++it)
        ++r.counts[static_cast<std::size_t>(g[*it].kind)];
    std::vector<double> spec_mass_per_length(model.segment_specs().size());
    for (std::size_t i = 0; i < spec_mass_per_length.size(); ++i)
        spec_mass_per_length[i] =
            model.params(model.segment_specs()[i]).get("mass_per_length", 0.0);
    bool segments_cross_failed = false;
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        const Link& l = g[*it];
        ++r.links_by_fabric[static_cast<std::size_t>(l.fabric)];
        auto [sb, se] = model.segments(l);
        for (const Segment* s = sb; s != se; ++s)
            if (s->element >= 0 && failed[static_cast<std::size_t>(s->element)])
                segments_cross_failed = true;
        if (l.fabric != options.fabric) continue;
        ++r.links;
        r.lanes += l.lanes;
        r.differential_pairs += 2 * static_cast<int64_t>(l.lanes);
        const double per_link = 2.0 * l.lanes;  // one pair per lane per direction
        for (const Segment* s = sb; s != se; ++s) {
            const SegmentSpec& spec = model.segment_specs().at(s->spec);
            if (spec.kind == SegKind::twinax || spec.kind == SegKind::active_copper) {
                r.cables += std::llround(s->count * per_link);
                double len_m = s->length_m * s->count * per_link;
                r.cable_length_m += len_m;
                r.cable_mass_kg += spec_mass_per_length[s->spec] * len_m;
            } else if (spec.kind == SegKind::fiber) {
                r.fibers += std::llround(s->count * per_link);
                r.fiber_length_m += s->length_m * s->count * per_link;
            }
        }
    }

    std::vector<char> none(nv, 0);
    FabricView intact(g, EdgeAlive{&model, &none, options.fabric, false}, VertexAlive{&none});
    r.intact = figures(model, intact, options);

    if (!options.fail.empty()) {
        r.has_failure = true;
        r.failed = options.fail;
        r.failed_elements = std::count(failed.begin(), failed.end(), 1);
        FabricView degraded(g, EdgeAlive{&model, &failed, options.fabric, segments_cross_failed},
                            VertexAlive{&failed});
        r.degraded = figures(model, degraded, options);
        r.failed_links = r.intact.links - r.degraded.links;
    }
    return r;
}

// ---------------------------------------------------------------------------------------------
// JSON and text.

namespace {
void put_figures(nlohmann::json& j, const FabricFigures& f) {
    j["gpus"] = f.gpus;
    j["links"] = f.links;
    j["gpus_reachable"] = f.gpus_reachable;
    // Per GPU, both directions: the mean as the headline figure (issue 2), min and max beside it.
    j["gpu_bandwidth_Bps"] = f.gpu_bandwidth_mean_Bps;
    j["gpu_bandwidth_min_Bps"] = f.gpu_bandwidth_min_Bps;
    j["gpu_bandwidth_max_Bps"] = f.gpu_bandwidth_max_Bps;
    j["aggregate_bandwidth_Bps"] = f.aggregate_bandwidth_Bps;
    j["bisection_bandwidth_Bps"] = f.bisection_bandwidth_Bps;
    j["bisection_natural_Bps"] = f.bisection_natural_Bps;
    j["bisection_interleaved_Bps"] = f.bisection_interleaved_Bps;
    j["domain_bisection_bandwidth_Bps"] = f.domain_bisection_bandwidth_Bps;
    j["diameter_hops"] = f.diameter_hops;
    j["edge_connectivity"] = f.edge_connectivity;
    j["components"] = f.components;
    j["largest_component_gpus"] = f.largest_component_gpus;
    j["smallest_component_gpus"] = f.smallest_component_gpus;
}

/// Up to 3 decimals, trailing zeros trimmed (129.6, 1.8, 3312.456).
std::string num(double x) {
    std::string s = fmt::format("{:.3f}", x);
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s == "-0" ? "0" : s;
}

std::string bandwidth(double bytes_per_s) {
    if (std::abs(bytes_per_s) >= 1e12) return num(bytes_per_s / 1e12) + " TB/s";
    return num(bytes_per_s / 1e9) + " GB/s";
}

std::string length(double m) {
    if (std::abs(m) >= 1000.0) return num(m / 1000.0) + " km";
    return num(m) + " m";
}

void render_figures(std::string& out, const FabricFigures& f, std::string_view ep) {
    out += fmt::format("  {}s: {} ({} reachable over the fabric), fabric links: {}\n", ep, f.gpus,
                       f.gpus_reachable, f.links);
    out += fmt::format("  {} bandwidth (both directions): min {}, mean {}, max {}\n", ep,
                       bandwidth(f.gpu_bandwidth_min_Bps), bandwidth(f.gpu_bandwidth_mean_Bps),
                       bandwidth(f.gpu_bandwidth_max_Bps));
    out += fmt::format("  aggregate {} bandwidth: {}\n", ep, bandwidth(f.aggregate_bandwidth_Bps));
    out += fmt::format("  bisection bandwidth (per direction): {} (natural order {}",
                       bandwidth(f.bisection_bandwidth_Bps), bandwidth(f.bisection_natural_Bps));
    if (f.bisection_interleaved_Bps >= 0.0)
        out += fmt::format(", interleaved {}", bandwidth(f.bisection_interleaved_Bps));
    out += fmt::format("; smallest domain {})\n", bandwidth(f.domain_bisection_bandwidth_Bps));
    out += fmt::format(
        "  diameter: {}, edge connectivity: {}\n",
        f.diameter_hops < 0 ? std::string("n/a") : fmt::format("{} hops", f.diameter_hops),
        f.edge_connectivity < 0
            ? std::string("n/a")
            : fmt::format("{} link{}", f.edge_connectivity, f.edge_connectivity == 1 ? "" : "s"));
    out += fmt::format("  components: {} ({} to {} {}s each)\n", f.components,
                       f.smallest_component_gpus, f.largest_component_gpus, ep);
}
}  // namespace

nlohmann::json to_json(const StructureResult& r) {
    nlohmann::json j;
    j["status"] = std::string(to_string(r.status));
    j["message"] = r.message;
    j["fabric"] = r.fabric;
    j["endpoint"] = r.endpoint;
    nlohmann::json counts = nlohmann::json::object();
    for (std::size_t k = 0; k < kKindCount; ++k)
        counts[std::string(to_string(static_cast<Kind>(k)))] = r.counts[k];
    j["counts"] = counts;
    j["links_by_fabric"] = {{"scale_up", r.links_by_fabric[0]},
                            {"scale_out", r.links_by_fabric[1]},
                            {"host", r.links_by_fabric[2]}};
    j["switch_chips"] = r.counts[static_cast<std::size_t>(Kind::switch_chip)];
    j["lanes"] = r.lanes;
    j["differential_pairs"] = r.differential_pairs;
    j["cables"] = r.cables;
    j["cable_length_m"] = r.cable_length_m;
    j["cable_mass_kg"] = r.cable_mass_kg;
    j["fibers"] = r.fibers;
    j["fiber_length_m"] = r.fiber_length_m;
    put_figures(j, r.intact);
    j["links"] = r.links;  // equals intact.links
    if (r.has_failure) {
        nlohmann::json f;
        f["failed"] = r.failed;
        f["failed_elements"] = r.failed_elements;
        f["failed_links"] = r.failed_links;
        put_figures(f, r.degraded);
        j["failure"] = f;
    }
    return j;
}

std::string render_structure_text(const Model& model, const StructureResult& r) {
    std::string out;
    if (r.status != StructureStatus::ok) return "error: " + r.message + "\n";
    out += fmt::format("structure of {} (fabric {})\n",
                       model.name().empty() ? std::string("<unnamed>") : model.name(), r.fabric);
    std::string counts;
    for (std::size_t k = 0; k < kKindCount; ++k)
        if (r.counts[k] > 0)
            counts += fmt::format("{}{}: {}", counts.empty() ? "" : ", ",
                                  to_string(static_cast<Kind>(k)), r.counts[k]);
    out += "  elements: " + (counts.empty() ? std::string("none") : counts) + "\n";
    out += fmt::format("  links: {} scale_up, {} scale_out, {} host\n", r.links_by_fabric[0],
                       r.links_by_fabric[1], r.links_by_fabric[2]);
    out += fmt::format("  {} fabric: {} links, {} lanes per direction, {} differential pairs\n",
                       r.fabric, r.links, r.lanes, r.differential_pairs);
    out += fmt::format("  copper cable pairs: {}, {}, {} kg\n", r.cables, length(r.cable_length_m),
                       num(r.cable_mass_kg));
    out += fmt::format("  fibers: {}, {}\n", r.fibers, length(r.fiber_length_m));
    const std::string ep = r.endpoint == "gpu" ? std::string("GPU") : r.endpoint;
    render_figures(out, r.intact, ep);
    if (r.has_failure) {
        std::string names;
        for (const auto& n : r.failed) names += (names.empty() ? "" : ", ") + n;
        out += fmt::format("with {} failed ({} elements, {} fabric links lost):\n", names,
                           r.failed_elements, r.failed_links);
        render_figures(out, r.degraded, ep);
    }
    return out;
}

}  // namespace racklink::graphs
