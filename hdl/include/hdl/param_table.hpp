#pragma once
/// The parameter table: for every kind of definition, the parameters it accepts, with their
/// dimension, range and meaning (in the manner of Xyce's per-device parameter tables). It
/// drives validation ("unknown parameter", dimension and range checks, "did you mean") and the
/// parameter reference in docs/parameters.md (`racklink params` prints it).

#include <string>
#include <string_view>
#include <vector>

#include "hdl/ast.hpp"
#include "hdl/units.hpp"

namespace racklink::hdl {

/// `text_list`: a string or a list of strings (`["a.s4p", "b.s4p"]`), stored as one text
/// parameter with the items joined by '\n'.
enum class ParamType : uint8_t { number, text, boolean, text_list };

struct ParamSpec {
    std::string name;
    ParamType type = ParamType::number;
    Dim dim;                      ///< numbers: the required dimension
    double min = -1e300;          ///< inclusive bounds (SI)
    double max = 1e300;
    bool min_exclusive = false;
    std::string unit;             ///< the unit to show in docs, e.g. "W", "mm", "dB"
    std::string description;
};

struct KindSpec {
    DefKind def;
    std::string kind;             ///< subkind for part/device ("gpu", "twinax"); empty otherwise
    std::string description;
    bool open = false;            ///< accepts parameters not in the table (repair classes)
    std::vector<ParamSpec> params;
    const ParamSpec* find(std::string_view name) const;
    std::vector<std::string> names() const;
};

/// The spec of a definition kind, or nullptr when the kind is unknown.
const KindSpec* find_kind(DefKind def, std::string_view kind);
/// All kinds of a definition keyword ("gpu", "cpu", ... for device).
std::vector<std::string> kind_names(DefKind def);
/// Every kind, in table order.
const std::vector<KindSpec>& all_kinds();
/// The parameter reference as Markdown.
std::string param_table_markdown();

}  // namespace racklink::hdl
