#pragma once
/// Plain reliability block diagrams written in a description: a part definition of kind `rbd`
/// whose `top` parameter is a nested call value,
///
///   part Cooling : rbd {
///     top = series(cdu = CduPump, loops = k_of_n(k = 2, a = Loop, b = Loop, c = Loop),
///                  plant = standby(main = Chiller, backup = Chiller, crews = 1))
///   }
///
/// arriving flattened (`top` = "series", `top.cdu` = "CduPump", `top.loops` = "k_of_n",
/// `top.loops.k` = 2, `top.loops.a` = "Loop", ...). Block kinds: series, parallel, k_of_n (`k`
/// working needed), standby (`k` active, default 1; `dormant` failure-rate fraction of waiting
/// units, default 0 = cold). `crews` on parallel / k_of_n / standby limits repair crews (Markov
/// chain). Every other argument is a child: a nested block, the name of another `rbd` part (its
/// `top`), or the name of a part definition with failure data (`fit` or a life distribution)
/// and a `repair` class; each argument position is its own unit. Children are taken in name
/// order (the order standby units are switched in).

#include <optional>
#include <string>
#include <vector>

#include "graphs/model.hpp"
#include "graphs/reliability_rbd.hpp"

namespace racklink::graphs {

/// Figures of one described diagram.
struct RbdFigures {
    std::string name;
    Rbd rbd;
    double availability = 1.0;  ///< steady state, with repair
    double mttf_s = 0.0;        ///< without repair
    std::vector<Importance> importance;  ///< per unit, steady-state probabilities
};

struct RbdRead {
    std::optional<RbdFigures> value;
    std::string error;  ///< "file:line:col: error: ... [REL-04xx]"
};

/// Reads and evaluates one `rbd` part definition. `t_op_k` is the fallback operating
/// temperature for Arrhenius acceleration (NaN = none).
RbdRead read_rbd(const Model& model, const PartDef& part, double t_op_k = kNaN);

}  // namespace racklink::graphs
