#include "graphs/reliability.hpp"

#include <boost/graph/filtered_graph.hpp>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "graphs/reliability_rbd.hpp"

namespace racklink::graphs {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
/// Telcordia SR-332 reference operating temperature, 40 degC.
constexpr double kTelcordiaRefK = 313.15;

std::string located(const Model& m, SourceLoc loc, const std::string& msg, int code) {
    return fmt::format("{}: error: {} [REL-{:04d}]", m.where(loc), msg, code);
}

// ---- max-flow (Dinic) on a small network built once per domain, masked per scenario -------
struct FlowNet {
    struct Arc {
        uint32_t to;
        double cap;
        double base;
        int32_t edge;    // model edge index, -1 for source/sink arcs
        int32_t vertex;  // the GPU of a source/sink arc, -1 otherwise
    };
    std::vector<Arc> arcs;  // arc i and i^1 are each other's reverse
    std::vector<std::vector<uint32_t>> adj;
    std::vector<uint32_t> node_vertex;  // model vertex per node (s, t: none)
    uint32_t s = 0, t = 0;
    std::vector<int> level;
    std::vector<std::size_t> it;

    uint32_t add_node() {
        adj.emplace_back();
        return static_cast<uint32_t>(adj.size() - 1);
    }
    void add_pair(uint32_t u, uint32_t v, double cu, double cv, int32_t edge, int32_t vertex) {
        adj[u].push_back(static_cast<uint32_t>(arcs.size()));
        arcs.push_back({v, cu, cu, edge, vertex});
        adj[v].push_back(static_cast<uint32_t>(arcs.size()));
        arcs.push_back({u, cv, cv, edge, vertex});
    }
    bool bfs() {
        level.assign(adj.size(), -1);
        std::deque<uint32_t> q{s};
        level[s] = 0;
        while (!q.empty()) {
            uint32_t u = q.front();
            q.pop_front();
            for (uint32_t a : adj[u])
                if (arcs[a].cap > 1e-9 && level[arcs[a].to] < 0) {
                    level[arcs[a].to] = level[u] + 1;
                    q.push_back(arcs[a].to);
                }
        }
        return level[t] >= 0;
    }
    double dfs(uint32_t u, double f) {
        if (u == t) return f;
        for (std::size_t& i = it[u]; i < adj[u].size(); ++i) {
            Arc& a = arcs[adj[u][i]];
            if (a.cap > 1e-9 && level[a.to] == level[u] + 1) {
                double d = dfs(a.to, std::min(f, a.cap));
                if (d > 0) {
                    a.cap -= d;
                    arcs[adj[u][i] ^ 1].cap += d;
                    return d;
                }
            }
        }
        return 0.0;
    }
    // Max flow with arcs of dead edges, dead vertices and lost GPUs at zero capacity.
    double run(const std::vector<char>& vdead, const std::vector<char>& edead,
               const std::vector<char>& gpu_lost) {
        for (Arc& a : arcs) {
            bool dead = false;
            if (a.edge >= 0) dead = edead[a.edge];
            if (a.vertex >= 0) dead = dead || vdead[a.vertex] || gpu_lost[a.vertex];
            a.cap = dead ? 0.0 : a.base;
        }
        // Endpoints of fabric arcs: dead vertices carry nothing.
        for (uint32_t u = 0; u < adj.size(); ++u)
            if (node_vertex[u] != UINT32_MAX && vdead[node_vertex[u]])
                for (uint32_t a : adj[u]) arcs[a].cap = 0.0, arcs[a ^ 1].cap = 0.0;
        double flow = 0.0;
        while (bfs()) {
            it.assign(adj.size(), 0);
            while (double f = dfs(s, kInf)) flow += f;
        }
        return flow;
    }
};

struct Domain {
    std::string name;
    int32_t rack = -1;  // the rack vertex when the domain is one whole rack
    ServicePolicy policy;
    std::vector<uint32_t> gpus;
    std::vector<uint32_t> edges;  // fabric edges inside
    FlowNet net;
    double intact_Bps = 0.0;
};

// Vertex and edge predicates of the failed graph (boost::filtered_graph over the model graph).
struct EdgeAlive {
    const Graph* g = nullptr;
    const std::unordered_map<const Link*, uint32_t>* index = nullptr;
    const std::vector<char>* edead = nullptr;
    Fabric fabric = Fabric::scale_up;
    bool operator()(const Edge& e) const {
        const Link& l = (*g)[e];
        return l.fabric == fabric && !(*edead)[index->at(&l)];
    }
};
struct VertexAlive {
    const std::vector<char>* vdead = nullptr;
    bool operator()(const Vertex& v) const { return !(*vdead)[v]; }
};

struct Part {
    bool is_link = false;
    bool spare = false;  // the part's own `spare` flag (a spare must be on hand)
    uint32_t id = 0;  // vertex or edge index
    double rate = 0.0;
    std::string name, group, repair;
    SourceLoc loc;
};

struct Effect {
    int32_t domain = -1;
    int32_t gpus_lost = 0, links_lost = 0;
    double gpu_fraction = 1.0, bandwidth_fraction = 1.0;
    bool outage = false;
};

class Analyzer {
public:
    Analyzer(const Model& m, const ReliabilityOptions& o) : m_(m), g_(m.graph()), o_(o) {}

    ReliabilityResult run();

private:
    void index_graph();
    void find_domains();
    bool collect_parts(ReliabilityResult& r);
    void apply(const Part& p);
    Effect evaluate();
    void clear();

    const Model& m_;
    const Graph& g_;
    ReliabilityOptions o_;
    std::vector<Edge> edges_;
    std::vector<std::pair<uint32_t, uint32_t>> ends_;
    std::unordered_map<const Link*, uint32_t> edge_index_;
    std::vector<std::vector<uint32_t>> children_, crossing_, host_edges_;
    std::vector<int32_t> domain_of_;
    std::vector<Domain> domains_;
    std::vector<Part> parts_;
    std::vector<char> vdead_, edead_, gpu_lost_;
    std::vector<uint32_t> touched_v_, touched_e_;
    double t_op_k_ = kNaN;
};

void Analyzer::index_graph() {
    const std::size_t nv = boost::num_vertices(g_);
    children_.assign(nv, {});
    crossing_.assign(nv, {});
    host_edges_.assign(nv, {});
    for (std::size_t v = 0; v < nv; ++v)
        if (g_[v].parent >= 0 && static_cast<std::size_t>(g_[v].parent) < nv)
            children_[g_[v].parent].push_back(static_cast<uint32_t>(v));
    for (auto [e, end] = boost::edges(g_); e != end; ++e) {
        uint32_t i = static_cast<uint32_t>(edges_.size());
        edges_.push_back(*e);
        uint32_t a = static_cast<uint32_t>(boost::source(*e, g_));
        uint32_t b = static_cast<uint32_t>(boost::target(*e, g_));
        ends_.push_back({a, b});
        edge_index_[&g_[*e]] = i;
        auto [s0, s1] = m_.segments(g_[*e]);
        for (const Segment* s = s0; s != s1; ++s)
            if (s->element >= 0 && static_cast<std::size_t>(s->element) < nv)
                crossing_[s->element].push_back(i);
        if (g_[*e].fabric == Fabric::host)
            for (uint32_t x : {a, b})
                if (g_[x].kind == Kind::gpu) host_edges_[x].push_back(i);
    }
    vdead_.assign(nv, 0);
    gpu_lost_.assign(nv, 0);
    edead_.assign(edges_.size(), 0);
}

void Analyzer::find_domains() {
    const std::size_t nv = boost::num_vertices(g_);
    domain_of_.assign(nv, -1);
    std::vector<int32_t> comp(nv, -1);
    int32_t nc = 0;
    std::vector<char> none_v(nv, 0), none_e(edges_.size(), 0);
    EdgeAlive ep{&g_, &edge_index_, &none_e, o_.fabric};
    boost::filtered_graph<Graph, EdgeAlive, VertexAlive> fg(g_, ep, VertexAlive{&none_v});
    for (std::size_t v = 0; v < nv; ++v) {
        if (g_[v].kind != Kind::gpu || comp[v] >= 0) continue;
        std::deque<std::size_t> q{v};
        comp[v] = nc;
        while (!q.empty()) {
            std::size_t u = q.front();
            q.pop_front();
            for (auto [a, aend] = boost::out_edges(u, fg); a != aend; ++a) {
                std::size_t w = boost::target(*a, fg);
                if (comp[w] < 0) comp[w] = nc, q.push_back(w);
            }
        }
        ++nc;
    }
    domains_.resize(nc);
    for (std::size_t v = 0; v < nv; ++v) {
        domain_of_[v] = comp[v];
        if (comp[v] >= 0 && g_[v].kind == Kind::gpu) domains_[comp[v]].gpus.push_back(v);
    }
    for (uint32_t i = 0; i < edges_.size(); ++i)
        if (g_[edges_[i]].fabric == o_.fabric && comp[ends_[i].first] >= 0)
            domains_[comp[ends_[i].first]].edges.push_back(i);
    for (int32_t d = 0; d < nc; ++d) {
        Domain& dom = domains_[d];
        int32_t rack = g_[dom.gpus[0]].rack;
        bool one_rack = rack >= 0 && std::all_of(dom.gpus.begin(), dom.gpus.end(), [&](uint32_t v) {
                            return g_[v].rack == rack;
                        });
        bool rack_unique = one_rack;
        for (int32_t e = 0; e < nc && rack_unique; ++e)
            if (e != d && g_[domains_[e].gpus[0]].rack == rack) rack_unique = false;
        dom.name = rack_unique ? g_[rack].name : fmt::format("domain[{}]", d);
        dom.rack = one_rack ? rack : -1;
        // Flow network: domain vertices, super source / sink to the two GPU halves.
        FlowNet& net = dom.net;
        std::unordered_map<uint32_t, uint32_t> node;
        auto node_of = [&](uint32_t v) {
            auto it = node.find(v);
            if (it != node.end()) return it->second;
            uint32_t n = net.add_node();
            net.node_vertex.push_back(v);
            node[v] = n;
            return n;
        };
        for (uint32_t e : dom.edges) {
            const Link& l = g_[edges_[e]];
            double cap = l.lanes * m_.profile(l).lane_rate_bps / 8.0;  // bytes/s per direction
            net.add_pair(node_of(ends_[e].first), node_of(ends_[e].second), cap, cap,
                         static_cast<int32_t>(e), -1);
        }
        for (uint32_t v : dom.gpus) node_of(v);
        net.s = net.add_node();
        net.node_vertex.push_back(UINT32_MAX);
        net.t = net.add_node();
        net.node_vertex.push_back(UINT32_MAX);
        const std::size_t half = dom.gpus.size() / 2;
        for (std::size_t i = 0; i < dom.gpus.size(); ++i) {
            uint32_t gv = dom.gpus[i];
            if (i < half)
                net.add_pair(net.s, node_of(gv), kInf, 0.0, -1, static_cast<int32_t>(gv));
            else
                net.add_pair(node_of(gv), net.t, kInf, 0.0, -1, static_cast<int32_t>(gv));
        }
        dom.intact_Bps = half > 0 ? net.run(vdead_, edead_, gpu_lost_) : 0.0;
    }
}

void Analyzer::clear() {
    for (uint32_t v : touched_v_) vdead_[v] = 0, gpu_lost_[v] = 0;
    for (uint32_t e : touched_e_) edead_[e] = 0;
    touched_v_.clear();
    touched_e_.clear();
}

void Analyzer::apply(const Part& p) {
    if (p.is_link) {
        edead_[p.id] = 1;
        touched_e_.push_back(p.id);
        return;
    }
    std::vector<uint32_t> stack{p.id};
    while (!stack.empty()) {
        uint32_t v = stack.back();
        stack.pop_back();
        vdead_[v] = 1;
        touched_v_.push_back(v);
        for (uint32_t e : crossing_[v]) edead_[e] = 1, touched_e_.push_back(e);
        for (uint32_t c : children_[v]) stack.push_back(c);
    }
}

Effect Analyzer::evaluate() {
    // Domains touched by the failed vertices and edges.
    std::vector<int32_t> touched;
    auto touch = [&](int32_t d) {
        if (d >= 0 && std::find(touched.begin(), touched.end(), d) == touched.end())
            touched.push_back(d);
    };
    for (uint32_t v : touched_v_) touch(domain_of_[v]);
    for (uint32_t e : touched_e_) touch(domain_of_[ends_[e].first]);
    // GPUs that lose every host link (their CPUs or host links failed) are lost too.
    std::vector<uint32_t> candidates;
    for (uint32_t v : touched_v_)
        for (auto [a, aend] = boost::out_edges(v, g_); a != aend; ++a)
            candidates.push_back(static_cast<uint32_t>(boost::target(*a, g_)));
    for (uint32_t e : touched_e_) {
        candidates.push_back(ends_[e].first);
        candidates.push_back(ends_[e].second);
    }
    for (uint32_t w : candidates) {
        if (g_[w].kind != Kind::gpu || host_edges_[w].empty() || vdead_[w] || gpu_lost_[w])
            continue;
        bool all_dead = std::all_of(host_edges_[w].begin(), host_edges_[w].end(), [&](uint32_t e) {
            return edead_[e] || vdead_[ends_[e].first] || vdead_[ends_[e].second];
        });
        if (all_dead) {
            gpu_lost_[w] = 1;
            touched_v_.push_back(w);  // cleared with the scenario (vdead_ stays 0)
            touch(domain_of_[w]);
        }
    }
    std::sort(touched.begin(), touched.end());
    Effect eff;
    EdgeAlive ep{&g_, &edge_index_, &edead_, o_.fabric};
    boost::filtered_graph<Graph, EdgeAlive, VertexAlive> fg(g_, ep, VertexAlive{&vdead_});
    std::unordered_map<uint32_t, char> seen;
    for (int32_t d : touched) {
        Domain& dom = domains_[d];
        // Largest set of working GPUs that reach each other through the failed graph.
        seen.clear();
        int32_t largest = 0;
        for (uint32_t gpu : dom.gpus) {
            if (vdead_[gpu] || gpu_lost_[gpu] || seen.count(gpu)) continue;
            int32_t count = 0;
            std::deque<uint32_t> q{gpu};
            seen[gpu] = 1;
            while (!q.empty()) {
                uint32_t u = q.front();
                q.pop_front();
                if (g_[u].kind == Kind::gpu && !gpu_lost_[u]) ++count;
                for (auto [a, aend] = boost::out_edges(u, fg); a != aend; ++a) {
                    uint32_t w = static_cast<uint32_t>(boost::target(*a, fg));
                    if (!seen.count(w)) seen[w] = 1, q.push_back(w);
                }
            }
            largest = std::max(largest, count);
        }
        const int32_t n = static_cast<int32_t>(dom.gpus.size());
        double gf = n > 0 ? static_cast<double>(largest) / n : 1.0;
        double bf = dom.intact_Bps > 0 ? dom.net.run(vdead_, edead_, gpu_lost_) / dom.intact_Bps
                                       : 1.0;
        int32_t links = 0;
        for (uint32_t e : dom.edges)
            links += (edead_[e] || vdead_[ends_[e].first] || vdead_[ends_[e].second]) ? 1 : 0;
        bool out = gf < dom.policy.min_gpu_fraction - 1e-12 ||
                   bf < dom.policy.min_bandwidth_fraction - 1e-12;
        if (eff.domain < 0) eff.domain = d;
        eff.gpus_lost += out ? n : n - largest;
        eff.links_lost += links;
        eff.gpu_fraction = std::min(eff.gpu_fraction, gf);
        eff.bandwidth_fraction = std::min(eff.bandwidth_fraction, bf);
        eff.outage = eff.outage || out;
    }
    return eff;
}

bool Analyzer::collect_parts(ReliabilityResult& r) {
    // Element parts.
    for (std::size_t v = 0; v < boost::num_vertices(g_); ++v) {
        const Element& el = g_[v];
        const ParamSet& ps = m_.params(el);
        std::string err;
        SourceLoc loc;
        // The thermal analysis's junction temperature, when given, is this part's operating
        // temperature for Arrhenius (a stated t_junction / t_operating still wins).
        double t_op = t_op_k_;
        if (v < o_.junction_k_by_vertex.size() && !std::isnan(o_.junction_k_by_vertex[v]))
            t_op = o_.junction_k_by_vertex[v];
        std::optional<double> rate = failure_rate(ps, t_op, err, loc);
        if (!rate) {
            r.message = located(m_, loc.valid() ? loc : el.loc, el.name + ": " + err, 201);
            return false;
        }
        // Thermal cycling of its solder/connector joints (thermal analysis, Norris-Landzberg).
        if (v < o_.joint_failure_rate_by_vertex.size() && o_.joint_failure_rate_by_vertex[v] > 0)
            *rate += o_.joint_failure_rate_by_vertex[v];
        if (*rate <= 0) continue;
        Part p;
        p.id = static_cast<uint32_t>(v);
        p.rate = *rate;
        p.name = el.name;
        std::string parent_type = el.parent >= 0 ? g_[el.parent].type : "";
        p.group = (el.type.empty() ? std::string(to_string(el.kind)) : el.type) +
                  (parent_type.empty() ? "" : " in " + parent_type);
        const Param* rp = ps.find("repair");
        if (!rp || !rp->is_text) {
            r.message = located(m_, el.loc,
                                el.name + ": has a failure rate but no repair class (`repair`)", 202);
            return false;
        }
        p.repair = rp->text;
        p.loc = rp->loc.valid() ? rp->loc : el.loc;
        p.spare = ps.get("spare", 0.0) == 1.0;
        parts_.push_back(std::move(p));
    }
    // Link parts: the failure rates of the segments they cross (cables, connectors, ...).
    for (uint32_t i = 0; i < edges_.size(); ++i) {
        const Link& l = g_[edges_[i]];
        auto [s0, s1] = m_.segments(l);
        double rate = 0.0, best = 0.0;
        const Param* rp = nullptr;
        for (const Segment* s = s0; s != s1; ++s) {
            const SegmentSpec& spec = m_.segment_specs().at(s->spec);
            const ParamSet& ps = m_.params(spec);
            std::string err;
            SourceLoc loc;
            std::optional<double> sr = failure_rate(ps, t_op_k_, err, loc);
            if (!sr) {
                r.message = located(m_, loc.valid() ? loc : spec.loc,
                                    "segment '" + spec.part + "': " + err, 201);
                return false;
            }
            double contrib = *sr * s->count;
            rate += contrib;
            if (contrib > best) {
                best = contrib;
                rp = ps.find("repair");
                if (!rp || !rp->is_text) {
                    r.message = located(m_, spec.loc,
                                        "segment '" + spec.part +
                                            "': has a failure rate but no repair class (`repair`)",
                                        202);
                    return false;
                }
            }
        }
        if (rate <= 0) continue;
        Part p;
        p.is_link = true;
        p.id = i;
        p.rate = rate;
        p.name = "link " + (l.port_a.empty() ? g_[ends_[i].first].name : l.port_a) + " -- " +
                 (l.port_b.empty() ? g_[ends_[i].second].name : l.port_b);
        std::string route = l.route < m_.routes().size() ? m_.routes()[l.route].name : "";
        p.group = "link" + (route.empty() ? "" : " via " + route);
        p.repair = rp->text;
        p.loc = rp->loc.valid() ? rp->loc : l.loc;
        parts_.push_back(std::move(p));
    }
    if (parts_.empty()) {
        r.message = fmt::format(
            "{}: error: no part has failure data (`fit` or `weibull_beta`/`weibull_eta`) "
            "[REL-0203]",
            m_.files().empty() ? std::string("<model>") : m_.files()[0]);
        return false;
    }
    return true;
}

ReliabilityResult Analyzer::run() {
    ReliabilityResult r;
    r.policy = o_.policy;
    auto fail = [&](std::string msg) {
        r.status = ReliabilityStatus::error;
        r.message = std::move(msg);
        return r;
    };
    // Policy and temperature from the description's globals.
    const ParamSet& gl = m_.globals();
    // Service policy: the description's globals, then each domain's rack (below).
    auto read_policy = [&](const ParamSet& ps, ServicePolicy& pol) -> std::string {
        for (auto [name, field] :
             {std::pair{"min_gpu_fraction", &ServicePolicy::min_gpu_fraction},
              std::pair{"min_bisection_fraction", &ServicePolicy::min_bandwidth_fraction},
              std::pair{"min_bandwidth_fraction", &ServicePolicy::min_bandwidth_fraction}}) {
            if (const Param* p = ps.find(name)) {
                if (p->is_text || !(p->value >= 0 && p->value <= 1))
                    return located(m_, p->loc, fmt::format("'{}' must be in [0, 1]", name), 204);
                pol.*field = p->value;
            }
        }
        return "";
    };
    if (std::string e = read_policy(gl, o_.policy); !e.empty()) return fail(e);
    r.policy = o_.policy;
    t_op_k_ = o_.operating_temp_k;
    if (std::isnan(t_op_k_))
        if (const Param* p = gl.find("operating_temp")) {
            if (p->is_text || !(p->value > 0))
                return fail(located(m_, p->loc,
                                    "'operating_temp' must be a temperature above absolute zero",
                                    205));
            t_op_k_ = p->value;
        }
    if (std::string e = o_.validate(); !e.empty()) return fail(e);

    index_graph();
    find_domains();
    for (Domain& d : domains_) {
        d.policy = o_.policy;
        if (d.rack >= 0)
            if (std::string e = read_policy(m_.params(g_[d.rack]), d.policy); !e.empty())
                return fail(e);
    }
    for (const PartDef& pd : m_.parts()) {
        if (pd.kind != "rbd") continue;
        RbdRead rr = read_rbd(m_, pd, t_op_k_);
        if (!rr.value) return fail(rr.error);
        r.rbds.push_back(std::move(*rr.value));
    }
    if (!collect_parts(r)) {
        // A description of block diagrams alone is fine.
        if (!r.rbds.empty() && parts_.empty() && r.message.find("[REL-0203]") != std::string::npos) {
            r.message.clear();
            return r;
        }
        return fail(r.message);
    }

    // Repair classes.
    std::map<std::string, int> class_index;
    for (const Part& p : parts_) {
        if (class_index.count(p.repair)) continue;
        const PartDef* def = m_.find_part(p.repair);
        if (!def || def->kind != "repair")
            return fail(located(m_, p.loc,
                                fmt::format("{}: repair class '{}' is not defined", p.name,
                                            p.repair),
                                206));
        RepairRead rr = read_repair_class(m_, *def);
        if (!rr.value) return fail(rr.error);
        class_index[p.repair] = static_cast<int>(r.classes.size());
        ClassFigures cf;
        cf.name = p.repair;
        cf.repair = *rr.value;
        cf.mttr_s = cf.repair.mttr_s();
        int dom = cf.repair.dominant_step();
        cf.dominant_step = dom >= 0 ? cf.repair.steps[dom].name : "";
        r.classes.push_back(std::move(cf));
    }

    // Single-failure effects.
    std::vector<Effect> effects;
    for (const Part& p : parts_) {
        apply(p);
        Effect e = evaluate();
        clear();
        effects.push_back(e);
        ClassFigures& cf = r.classes[class_index[p.repair]];
        cf.failure_rate_per_s += p.rate;
        PartEffect pe;
        pe.name = p.name;
        pe.group = p.group;
        pe.repair = p.repair;
        pe.failure_rate_per_s = p.rate;
        pe.mttr_s = cf.mttr_s;
        pe.domain = e.domain;
        pe.gpus_lost = e.gpus_lost;
        pe.links_lost = e.links_lost;
        pe.gpu_fraction = e.gpu_fraction;
        pe.bandwidth_fraction = e.bandwidth_fraction;
        pe.outage = e.outage;
        r.parts.push_back(std::move(pe));
    }

    // Redundancy groups: same group key and domain.
    std::map<std::pair<int32_t, std::string>, std::vector<uint32_t>> groups;
    std::vector<std::pair<int32_t, std::string>> order;
    for (uint32_t i = 0; i < parts_.size(); ++i) {
        auto key = std::pair{effects[i].domain, parts_[i].group};
        if (!groups.count(key)) order.push_back(key);
        groups[key].push_back(i);
    }
    for (const auto& key : order) {
        const std::vector<uint32_t>& mem = groups[key];
        GroupFigures gf;
        gf.domain = key.first;
        gf.count = static_cast<uint32_t>(mem.size());
        gf.name = fmt::format("{} x{}{}", key.second, mem.size(),
                              key.first >= 0 ? " in " + domains_[key.first].name : "");
        double rate = 0, mttr = 0;
        for (uint32_t i : mem) rate += parts_[i].rate, mttr += r.parts[i].mttr_s;
        gf.failure_rate_per_s = rate / mem.size();
        gf.mttr_s = mttr / mem.size();
        bool any_outage = std::any_of(mem.begin(), mem.end(), [&](uint32_t i) { return effects[i].outage; });
        if (key.first < 0) {
            gf.tolerated = gf.count;  // affects no domain
        } else if (any_outage) {
            gf.tolerated = 0;
        } else {
            // Fail the first j members together until the policy is violated.
            uint32_t cap = std::min<uint32_t>(gf.count, o_.max_probe);
            gf.tolerated = cap;
            gf.tolerated_capped = cap < gf.count;
            for (uint32_t j = 2; j <= cap; ++j) {
                for (uint32_t x = 0; x < j; ++x) apply(parts_[mem[x]]);
                Effect e = evaluate();
                clear();
                if (e.outage) {
                    gf.tolerated = j - 1;
                    gf.tolerated_capped = false;
                    break;
                }
            }
        }
        if (gf.tolerated < gf.count && gf.mttr_s > 0) {
            RedundancyChain ch{.n = gf.count, .k = gf.count - gf.tolerated,
                               .failure_rate_per_s = gf.failure_rate_per_s, .mttr_s = gf.mttr_s,
                               .crews = o_.crews};
            gf.unavailability = unavailability(ch);
            gf.outage_rate_per_s = 1.0 / mean_time_between_failures(ch);
        } else if (gf.tolerated < gf.count) {
            gf.outage_rate_per_s = gf.tolerated == 0 ? gf.count * gf.failure_rate_per_s : 0.0;
        }
        r.groups.push_back(std::move(gf));
    }

    // The domain a part belongs to for "any failure" figures: the one it affects, else the
    // domain of its rack (a part whose failure costs nothing still fails and is repaired).
    std::vector<int32_t> rack_domain(boost::num_vertices(g_), -1);
    for (std::size_t d = 0; d < domains_.size(); ++d)
        if (domains_[d].rack >= 0) rack_domain[domains_[d].rack] = static_cast<int32_t>(d);
    std::vector<int32_t> home(parts_.size(), -1);
    for (std::size_t i = 0; i < parts_.size(); ++i) {
        home[i] = effects[i].domain;
        if (home[i] < 0) {
            int32_t rack = parts_[i].is_link ? g_[ends_[parts_[i].id].first].rack
                                             : g_[parts_[i].id].rack;
            if (!parts_[i].is_link && g_[parts_[i].id].kind == Kind::rack)
                rack = static_cast<int32_t>(parts_[i].id);
            if (rack >= 0) home[i] = rack_domain[rack];
        }
    }

    // Domains: series of their groups.
    for (std::size_t d = 0; d < domains_.size(); ++d) {
        DomainFigures df;
        df.name = domains_[d].name;
        df.gpus = static_cast<int32_t>(domains_[d].gpus.size());
        df.bisection_Bps = domains_[d].intact_Bps;
        df.policy = domains_[d].policy;
        std::vector<double> rates, mttrs;
        for (std::size_t i = 0; i < parts_.size(); ++i) {
            if (home[i] != static_cast<int32_t>(d)) continue;
            rates.push_back(parts_[i].rate);
            mttrs.push_back(r.parts[i].mttr_s);
            df.failure_rate_per_s += parts_[i].rate;
            // GPU-hours lost while this part is repaired (all GPUs on an outage).
            df.gpu_hours_lost_per_year += parts_[i].rate * kSecondsPerYear *
                                          r.parts[i].mttr_s / kSecondsPerHour *
                                          effects[i].gpus_lost;
        }
        df.mttr_s = weighted_mttr(rates, mttrs);
        for (const GroupFigures& gf : r.groups) {
            if (gf.domain != static_cast<int32_t>(d)) continue;
            df.availability *= 1 - gf.unavailability;
            df.outage_rate_per_s += gf.outage_rate_per_s;
            // Outages when a redundant group runs out of redundancy.
            if (gf.tolerated > 0)
                df.gpu_hours_lost_per_year += gf.unavailability * df.gpus * kSecondsPerYear /
                                              kSecondsPerHour;
        }
        df.mtbf_s = df.failure_rate_per_s > 0 ? 1 / df.failure_rate_per_s : kInf;
        df.mtbo_s = df.outage_rate_per_s > 0 ? 1 / df.outage_rate_per_s : kInf;
        for (GroupFigures& gf : r.groups) {
            if (gf.domain != static_cast<int32_t>(d)) continue;
            double a_g = 1 - gf.unavailability;
            gf.birnbaum = a_g > 0 ? df.availability / a_g : 0.0;
            gf.criticality = df.availability < 1
                                 ? gf.birnbaum * gf.unavailability / (1 - df.availability)
                                 : 0.0;
        }
        r.domains.push_back(std::move(df));
    }
    std::stable_sort(r.groups.begin(), r.groups.end(), [](const GroupFigures& a, const GroupFigures& b) {
        return a.criticality > b.criticality;
    });

    // System figures.
    std::vector<double> rates, mttrs;
    for (const PartEffect& p : r.parts) {
        rates.push_back(p.failure_rate_per_s);
        mttrs.push_back(p.mttr_s);
        r.failure_rate_per_s += p.failure_rate_per_s;
    }
    r.mtbf_s = r.failure_rate_per_s > 0 ? 1 / r.failure_rate_per_s : kInf;
    r.mttr_s = weighted_mttr(rates, mttrs);
    double outage_rate = 0, gpu_w = 0, a_w = 0;
    for (const DomainFigures& d : r.domains) {
        outage_rate += d.outage_rate_per_s;
        r.gpu_hours_lost_per_year += d.gpu_hours_lost_per_year;
        gpu_w += d.gpus;
        a_w += d.gpus * d.availability;
    }
    r.outages_per_year = outage_rate * kSecondsPerYear;
    r.mtbo_s = outage_rate > 0 ? 1 / outage_rate : kInf;
    r.availability = gpu_w > 0 ? a_w / gpu_w : 1.0;

    if (o_.fleet) {
        std::vector<FleetRepair> repairs;
        for (const ClassFigures& c : r.classes) repairs.push_back({c.repair, c.repair.pool});
        std::vector<FleetPart> fparts;
        std::vector<char> spare_flag;
        for (const Part& p : parts_) spare_flag.push_back(p.spare);
        // One fleet unit = one scale-up domain (rack): with several domains, the first one
        // (with the parts of its rack) stands for every rack of the fleet.
        const bool one_unit = domains_.size() > 1;
        std::map<std::string, std::vector<uint32_t>> unit_groups;
        std::vector<std::string> unit_order;
        for (uint32_t i = 0; i < parts_.size(); ++i) {
            if (one_unit && home[i] != 0) continue;
            if (!unit_groups.count(parts_[i].group)) unit_order.push_back(parts_[i].group);
            unit_groups[parts_[i].group].push_back(i);
        }
        for (const std::string& name : unit_order) {
            const std::vector<uint32_t>& mem = unit_groups[name];
            const PartEffect& first = r.parts[mem[0]];
            FleetPart fp;
            fp.name = name;
            fp.count = static_cast<double>(mem.size());
            double rate = 0;
            for (uint32_t i : mem) rate += parts_[i].rate;
            fp.failure_rate_per_s = rate / mem.size();
            fp.repair_class = static_cast<uint32_t>(class_index[first.repair]);
            fp.outage = first.outage;
            fp.gpus_lost = first.gpus_lost;
            fp.needs_spare = spare_flag[mem[0]];
            fparts.push_back(fp);
        }
        FleetOptions fo = *o_.fleet;
        fo.gpus_per_rack = one_unit ? domains_[0].gpus.size() : gpu_w;
        FleetResult fr = simulate_fleet(repairs, fparts, fo);
        if (!fr.ok) return fail("fleet: " + fr.message);
        r.fleet = std::move(fr);
    }
    return r;
}
}  // namespace

std::string ReliabilityOptions::validate() const {
    if (!(policy.min_gpu_fraction >= 0 && policy.min_gpu_fraction <= 1) ||
        !(policy.min_bandwidth_fraction >= 0 && policy.min_bandwidth_fraction <= 1))
        return "service policy fractions must be in [0, 1]";
    if (!std::isnan(operating_temp_k) && !(operating_temp_k > 0))
        return "the operating temperature must be above absolute zero";
    if (fleet)
        if (std::string e = fleet->check(); !e.empty()) return "fleet: " + e;
    return "";
}

std::optional<double> failure_rate(const ParamSet& ps, double t_op_k, std::string& error,
                                   SourceLoc& loc) {
    double rate = 0.0;
    if (const Param* f = ps.find("fit")) {
        if (f->is_text || !(f->value >= 0) || !std::isfinite(f->value)) {
            error = "'fit' must be a failure rate >= 0";
            loc = f->loc;
            return std::nullopt;
        }
        rate = f->value;
    } else if (ps.has("lognormal_median") || ps.has("lognormal_sigma")) {
        const Param* md = ps.find("lognormal_median");
        const Param* sg = ps.find("lognormal_sigma");
        if (!md || !sg || md->is_text || sg->is_text || !(md->value > 0) || !(sg->value >= 0)) {
            error = "a lognormal life needs 'lognormal_median' > 0 and 'lognormal_sigma' >= 0";
            loc = (md ? md : sg)->loc;
            return std::nullopt;
        }
        // Long-run renewal rate: 1 / mean life, mean = median exp(sigma^2 / 2).
        rate = 1.0 / (md->value * std::exp(sg->value * sg->value / 2));
    } else if (ps.has("weibull_beta") || ps.has("weibull_eta")) {
        const Param* b = ps.find("weibull_beta");
        const Param* e = ps.find("weibull_eta");
        if (!b || !e || b->is_text || e->is_text || !(b->value > 0) || !(e->value > 0)) {
            error = "a Weibull life needs 'weibull_beta' > 0 and 'weibull_eta' > 0";
            loc = (b ? b : e)->loc;
            return std::nullopt;
        }
        // Long-run renewal rate of a Weibull life: 1 / MTTF, MTTF = eta Gamma(1 + 1/beta).
        rate = 1.0 / (e->value * std::tgamma(1.0 + 1.0 / b->value));
    }
    if (rate > 0 && ps.has("ea")) {
        const Param* ea = ps.find("ea");
        if (ea->is_text || !(ea->value >= 0)) {
            error = "'ea' must be an activation energy >= 0 (eV)";
            loc = ea->loc;
            return std::nullopt;
        }
        // Reference temperature of the stated rate: `t_ref`, else 40 degC, the reference
        // operating temperature of Telcordia SR-332 (issue 4, 2016) base failure rates.
        double t_ref = kTelcordiaRefK;
        if (const Param* tr = ps.find("t_ref")) {
            if (tr->is_text || !(tr->value > 0)) {
                error = "'t_ref' must be a temperature above absolute zero";
                loc = tr->loc;
                return std::nullopt;
            }
            t_ref = tr->value;
        }
        // Operating temperature: the part's `t_operating`, its `t_junction` (thermal analysis),
        // else the description's / command line's operating temperature.
        double t_op = t_op_k;
        for (const char* name : {"t_junction", "t_operating"})
            if (const Param* t = ps.find(name)) {
                if (t->is_text || !(t->value > 0)) {
                    error = fmt::format("'{}' must be a temperature above absolute zero", name);
                    loc = t->loc;
                    return std::nullopt;
                }
                t_op = t->value;
            }
        if (std::isnan(t_op)) {
            error = "Arrhenius acceleration needs an operating temperature "
                    "(`t_operating`, or the global `operating_temp`)";
            loc = ea->loc;
            return std::nullopt;
        }
        if (!(t_op > 0)) {
            error = "the operating temperature must be above absolute zero";
            loc = ea->loc;
            return std::nullopt;
        }
        rate *= arrhenius_factor(ea->value, t_ref, t_op);
    }
    return rate;
}

ReliabilityResult analyze_reliability(const Model& model, const ReliabilityOptions& options) {
    return Analyzer(model, options).run();
}

}  // namespace racklink::graphs
