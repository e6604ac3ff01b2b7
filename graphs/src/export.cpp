#include "graphs/export.hpp"

#include <fmt/format.h>

#include <cmath>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

namespace racklink::graphs {

namespace {

using ojson = nlohmann::ordered_json;

ojson params_json(const ParamSet& ps) {
    ojson j = ojson::object();
    for (const Param& p : ps.items) {
        if (p.is_text)
            j[p.name] = p.text;
        else
            j[p.name] = p.value;
    }
    return j;
}

ojson loc_json(const Model& m, SourceLoc loc) {
    return loc.valid() ? ojson(m.where(loc)) : ojson(nullptr);
}

std::string name_of(const Model& m, int32_t v) {
    if (v < 0 || static_cast<std::size_t>(v) >= boost::num_vertices(m.graph())) return {};
    return m.graph()[static_cast<Vertex>(v)].name;
}

ojson vertex_ref(const Model& m, int32_t v) {
    if (v < 0 || static_cast<std::size_t>(v) >= boost::num_vertices(m.graph())) return nullptr;
    return name_of(m, v);
}

/// A JSON string literal (RFC 8259 section 7: quote, backslash and control characters escaped).
std::string json_string(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

std::string dot_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

/// The element's name relative to its parent ("gpu[2]" for "rack[0].compute[3].gpu[2]").
std::string local_name(const Model& m, Vertex v) {
    const Element& e = m.graph()[v];
    std::string parent = name_of(m, e.parent);
    if (!parent.empty() && e.name.size() > parent.size() + 1 &&
        e.name.compare(0, parent.size(), parent) == 0 && e.name[parent.size()] == '.')
        return e.name.substr(parent.size() + 1);
    return e.name;
}

}  // namespace

/// Writes `"key": [` then one compact item per line, so that the export stays readable and
/// diff-friendly without the size of full indentation (a 64-rack cluster: ~40 MB, not 110 MB).
void put_array(std::string& out, std::string_view key, const ojson& items, bool last = false) {
    out += fmt::format(" \"{}\": [", key);
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += i == 0 ? "\n  " : ",\n  ";
        out += items[i].dump();
    }
    out += items.empty() ? "]" : "\n ]";
    out += last ? "\n" : ",\n";
}

std::string export_json(const Model& m) {
    const Graph& g = m.graph();
    ojson j;
    j["format"] = "racklink-model";
    j["version"] = 1;
    j["name"] = m.name();
    j["files"] = m.files();
    j["globals"] = params_json(m.globals());
    std::string out = "{\n";
    out.reserve(1024 * (boost::num_vertices(g) + boost::num_edges(g)));
    for (const auto& [key, value] : j.items())
        out += fmt::format(" \"{}\": {},\n", key, value.dump());

    ojson profiles = ojson::array();
    for (const Profile& p : m.profiles())
        profiles.push_back({{"name", p.name},
                            {"baud_hz", p.baud_hz},
                            {"bits_per_symbol", p.bits_per_symbol},
                            {"lane_rate_bps", p.lane_rate_bps},
                            {"nyquist_hz", p.nyquist_hz},
                            {"loss_budget_db", p.loss_budget_db},
                            {"energy_j_per_bit", p.energy_j_per_bit},
                            {"params", params_json(m.params(p))},
                            {"loc", loc_json(m, p.loc)}});
    put_array(out, "profiles", profiles);

    ojson routes = ojson::array();
    for (const Route& r : m.routes())
        routes.push_back({{"name", r.name}, {"loc", loc_json(m, r.loc)}});
    put_array(out, "routes", routes);

    ojson parts = ojson::array();
    for (const PartDef& p : m.parts())
        parts.push_back({{"name", p.name},
                         {"kind", p.kind},
                         {"params", params_json(m.param_sets().at(p.params))},
                         {"loc", loc_json(m, p.loc)}});
    put_array(out, "parts", parts);

    ojson specs = ojson::array();
    for (const SegmentSpec& s : m.segment_specs())
        specs.push_back({{"kind", std::string(to_string(s.kind))},
                         {"part", s.part},
                         {"params", params_json(m.params(s))},
                         {"loc", loc_json(m, s.loc)}});
    put_array(out, "segment_specs", specs);

    ojson elements = ojson::array();
    for (auto [it, end] = boost::vertices(g); it != end; ++it) {
        const Element& e = g[*it];
        ojson el;
        el["id"] = *it;
        el["kind"] = std::string(to_string(e.kind));
        el["name"] = e.name;
        el["type"] = e.type;
        el["parent"] = vertex_ref(m, e.parent);
        el["rack"] = vertex_ref(m, e.rack);
        el["params"] = params_json(m.params(e));
        el["loc"] = loc_json(m, e.loc);
        el["def_loc"] = loc_json(m, e.def_loc);
        if (!std::isnan(e.u_bottom)) {
            el["u_bottom"] = e.u_bottom;
            el["u_height"] = e.u_height;
        }
        if (e.rack_slot >= 0) el["rack_slot"] = e.rack_slot;
        elements.push_back(std::move(el));
    }
    put_array(out, "elements", elements);

    // Links are the bulk of a cluster (87,552 in 64 NVL72 racks): written directly, without a
    // JSON DOM per link, in the same compact one-item-per-line layout.
    out += " \"links\": [";
    std::size_t id = 0;
    auto str = [](std::string_view v) { return json_string(v); };
    auto opt_name = [&](int32_t v) {
        return v < 0 || static_cast<std::size_t>(v) >= boost::num_vertices(g)
                   ? std::string("null")
                   : str(g[static_cast<Vertex>(v)].name);
    };
    for (auto [it, end] = boost::edges(g); it != end; ++it, ++id) {
        const Link& l = g[*it];
        out += id == 0 ? "\n  " : ",\n  ";
        fmt::format_to(
            std::back_inserter(out),
            "{{\"id\":{},\"a\":{},\"b\":{},\"port_a\":{},\"port_b\":{},\"profile\":{},"
            "\"lanes\":{},\"fabric\":\"{}\",\"route\":{},\"loc\":{},\"segments\":[",
            id, str(g[boost::source(*it, g)].name), str(g[boost::target(*it, g)].name),
            str(l.port_a), str(l.port_b),
            l.profile < m.profiles().size() ? str(m.profile(l).name) : std::string("null"), l.lanes,
            to_string(l.fabric),
            l.route < m.routes().size() ? str(m.routes()[l.route].name) : std::string("null"),
            l.loc.valid() ? str(m.where(l.loc)) : std::string("null"));
        auto [sb, se] = m.segments(l);
        for (const Segment* s = sb; s != se; ++s) {
            const SegmentSpec& spec = m.segment_specs().at(s->spec);
            fmt::format_to(
                std::back_inserter(out),
                "{}{{\"spec\":{},\"kind\":\"{}\",\"part\":{},\"length_m\":{},\"count\":{},"
                "\"element\":{}}}",
                s == sb ? "" : ",", s->spec, to_string(spec.kind), str(spec.part), s->length_m,
                s->count, opt_name(s->element));
        }
        out += "]}";
    }
    out += id == 0 ? "]\n" : "\n ]\n";
    out += "}\n";
    return out;
}

std::string export_dot(const Model& m) {
    const Graph& g = m.graph();
    const std::size_t nv = boost::num_vertices(g);
    std::vector<std::vector<Vertex>> children(nv);
    std::vector<Vertex> roots;
    for (std::size_t v = 0; v < nv; ++v) {
        int32_t p = g[v].parent;
        if (p >= 0 && static_cast<std::size_t>(p) < nv && static_cast<std::size_t>(p) != v)
            children[static_cast<std::size_t>(p)].push_back(v);
        else
            roots.push_back(v);
    }
    std::vector<char> endpoint(nv, 0);
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        endpoint[boost::source(*it, g)] = 1;
        endpoint[boost::target(*it, g)] = 1;
    }

    std::string out = fmt::format("graph \"{}\" {{\n", dot_escape(m.name()));
    out += "  graph [fontsize=10, compound=true];\n  node [shape=box, fontsize=9];\n";
    // Depth-first over the containment tree, with an explicit stack (no recursion limit).
    struct Frame {
        Vertex v;
        std::size_t next;
        int depth;
    };
    std::vector<Frame> stack;
    for (Vertex r : roots) {
        stack.push_back({r, 0, 1});
        while (!stack.empty()) {
            Frame& f = stack.back();
            const Element& e = g[f.v];
            std::string pad(static_cast<std::size_t>(2 * f.depth), ' ');
            if (children[f.v].empty()) {
                if (is_device(e.kind) || endpoint[f.v]) {
                    out += fmt::format("{}v{} [label=\"{}\"{}];\n", pad, f.v,
                                       dot_escape(local_name(m, f.v)) +
                                           (e.type.empty() ? "" : "\\n" + dot_escape(e.type)),
                                       e.kind == Kind::switch_chip || e.kind == Kind::network_switch
                                           ? ", shape=box3d"
                                           : "");
                }
                stack.pop_back();
                continue;
            }
            if (f.next == 0) {
                out += fmt::format("{}subgraph cluster_{} {{\n{}  label=\"{}{}\";\n", pad, f.v, pad,
                                   dot_escape(local_name(m, f.v)),
                                   e.type.empty() ? "" : " (" + dot_escape(e.type) + ")");
                // A container that is itself a link endpoint also gets a node inside its cluster.
                if (endpoint[f.v])
                    out += fmt::format("{}  v{} [label=\"{}\"];\n", pad, f.v,
                                       dot_escape(local_name(m, f.v)));
            }
            if (f.next < children[f.v].size()) {
                Vertex c = children[f.v][f.next++];
                int depth = f.depth + 1;
                stack.push_back({c, 0, depth});  // invalidates f
                continue;
            }
            out += pad + "}\n";
            stack.pop_back();
        }
    }

    // Parallel links with the same profile, lanes and fabric become one edge with a count.
    using Key = std::tuple<Vertex, Vertex, uint32_t, uint16_t, Fabric>;
    std::map<Key, std::size_t> index;
    std::vector<std::pair<Key, int>> merged;
    for (auto [it, end] = boost::edges(g); it != end; ++it) {
        const Link& l = g[*it];
        Vertex a = boost::source(*it, g), b = boost::target(*it, g);
        if (b < a) std::swap(a, b);
        Key k{a, b, l.profile, l.lanes, l.fabric};
        auto [pos, fresh] = index.emplace(k, merged.size());
        if (fresh)
            merged.push_back({k, 1});
        else
            ++merged[pos->second].second;
    }
    for (const auto& [k, n] : merged) {
        const auto& [a, b, profile, lanes, fabric] = k;
        std::string pname =
            profile < m.profiles().size() ? m.profiles()[profile].name : std::string("?");
        std::string label = fmt::format("{}x {}", lanes, dot_escape(pname));
        if (n > 1) label = fmt::format("{} x ({})", n, label);
        const char* style = fabric == Fabric::scale_up    ? ""
                            : fabric == Fabric::scale_out ? ", style=dashed"
                                                          : ", style=dotted";
        out += fmt::format("  v{} -- v{} [label=\"{}\"{}];\n", a, b, label, style);
    }
    out += "}\n";
    return out;
}

}  // namespace racklink::graphs
