#pragma once
/// Export of the elaborated model: JSON (lossless, for tools and golden tests) and Graphviz DOT
/// (for a picture). Both are deterministic: elements in vertex order, links in insertion order.
/// See docs/model.md for the JSON layout.

#include <string>

#include "graphs/model.hpp"

namespace racklink::graphs {

/// The model as JSON (format "racklink-model", version 1): name, files, globals, profiles,
/// routes, parts, segment_specs (kind, part, params, loc), elements (id, kind, name, type,
/// parent name, rack name, params {name: SI value or text}, loc "file:line:col", def_loc, rack
/// units for trays, rack slot for racks) and links (id, a, b, port_a, port_b, profile, lanes,
/// fabric, route, loc, segments [{spec, kind, part, length_m, count, element}]; a segment's
/// params are those of segment_specs[spec], kept once instead of once per link).
/// Layout: one top-level key per line, one compact array item (element, link, ...) per line.
std::string export_json(const Model& model);

/// The model as a Graphviz `graph`: racks, trays and other containers as nested clusters,
/// devices (and other link endpoints) as nodes labelled with their local name and type, links
/// as edges labelled "lanes x profile"; parallel links with the same profile, lanes and fabric
/// are merged into one edge labelled "n x (lanes x profile)". Scale-up links are solid,
/// scale-out dashed, host dotted.
std::string export_dot(const Model& model);

}  // namespace racklink::graphs
