#pragma once
// Private helper of the per-link analyses (sigint_analysis.cpp, com_analysis.cpp): the roll-up
// of links into link classes (same route and SerDes profile), each with its worst link.
#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace racklink::graphs::detail {

/// (route index, profile index) -> position in the class list.
using LinkClassIndex = std::map<std::pair<uint32_t, uint32_t>, std::size_t>;

/// Adds `link` to the class `key` (created from the link on first use: route, profile,
/// route_where), counting it and its failure (`link.pass`), and keeps the class's worst link by
/// `worse(a, b)` (a is worse than b).
template <class Class, class Link, class Worse>
void add_to_link_class(std::vector<Class>& classes, LinkClassIndex& index, std::pair<uint32_t, uint32_t> key,
                       const Link& link, Worse worse) {
    auto [it, fresh] = index.emplace(key, classes.size());
    if (fresh) {
        Class c;
        c.route = link.route;
        c.profile = link.profile;
        c.route_where = link.route_where;
        c.worst = link;
        classes.push_back(std::move(c));
    }
    Class& c = classes[it->second];
    ++c.links;
    if (!link.pass) ++c.failing;
    if (worse(link, c.worst)) c.worst = link;
}

}  // namespace racklink::graphs::detail
